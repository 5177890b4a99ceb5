// Measuring a network on a set of samples: predictions, probabilities, accuracy and the mean
// loss. The loss is computed from the scores, as in training, so it equals the mean of
// −ln p[label] to rounding, stays finite where a float32 probability would round to 0, and
// does not depend on how the samples are cut into batches.
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { seedRng, uniform } from '../../src/core/rng.ts'
import type { Dataset } from '../../src/data/dataset.ts'
import { buildNetwork } from '../../src/model/arch.ts'
import { initParams } from '../../src/model/sequential.ts'
import { evaluate } from '../../src/train/evaluate.ts'

// 30 random 6×6 images of 3 classes.
const data: Dataset = (() => {
  let rng = seedRng(5)
  const images = new Uint8Array(30 * 36)
  for (let i = 0; i < images.length; i++) {
    const [u, next] = uniform(rng)
    rng = next
    images[i] = Math.floor(u * 256)
  }
  return { images, labels: Uint8Array.from({ length: 30 }, (_, i) => i % 3), count: 30, rows: 6, cols: 6, classes: 3 }
})()
const all = Int32Array.from({ length: 30 }, (_, i) => i)

const net = (() => {
  const built = buildNetwork('conv3x3x2-relu-pool2-dense3', [1, 6, 6], 3)
  if (E.isLeft(built)) throw new Error(built.left)
  return built.right
})()

describe('evaluate', () => {
  it('gives the mean of −ln p[label] as its loss, whatever the batch size', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 31 }), (seed, batchSize) => {
        const [params] = initParams(net, seedRng(seed))
        const result = evaluate(net, params, data, all, batchSize)
        let sum = 0
        for (let n = 0; n < 30; n++) sum -= Math.log(result.probabilities[n * 3 + result.labels[n]!]!)
        expect(result.loss).toBeCloseTo(sum / 30, 5)
        expect(result.loss).toBeCloseTo(evaluate(net, params, data, all).loss, 12)
      }),
      { numRuns: 20 },
    )
  })

  it('stays finite where the probability of the label rounds to 0', () => {
    const [params] = initParams(net, seedRng(1))
    // Scores 200 apart: p[label] = e^−200, which float32 cannot hold.
    const huge = params.map((record, i) => (i === 3 ? { weights: { shape: record.weights!.shape, data: new Float32Array(record.weights!.data.length) }, bias: { shape: [3], data: Float32Array.of(0, 200, 0) } } : record))
    const result = evaluate(net, huge, data, Int32Array.of(0)) // label 0
    expect(result.probabilities[0]).toBe(0)
    expect(result.loss).toBeCloseTo(200, 9)
  })

  it('has no loss and no accuracy without samples', () => {
    const [params] = initParams(net, seedRng(1))
    const result = evaluate(net, params, data, new Int32Array(0))
    expect(result.loss).toBeNaN()
    expect(result.accuracy).toBeNaN()
  })

  it('refuses more classes than a byte can name, instead of wrapping class 299 to 43', () => {
    const built = buildNetwork('dense300', [1, 6, 6], 300)
    if (E.isLeft(built)) throw new Error(built.left)
    const [params] = initParams(built.right, seedRng(1))
    expect(() => evaluate(built.right, params, data, all)).toThrow('evaluate: the network has 300 classes, but labels are bytes: at most 256')
  })
})
