// The training loop keeps figures, not parameters: however many epochs it runs, the outcome
// holds one set of parameters, one evaluation and a history of five numbers per epoch. A
// run of 300 epochs on six tiny images reaches exactly as many bytes of typed arrays as a
// run of 3 epochs, and its final parameters and predictions are those of its last epoch.
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { seedRng, uniform } from '../../src/core/rng.ts'
import type { Dataset } from '../../src/data/dataset.ts'
import { softmaxCrossEntropy } from '../../src/layers/softmaxCrossEntropy.ts'
import { buildNetwork } from '../../src/model/arch.ts'
import { initParams } from '../../src/model/sequential.ts'
import { adam } from '../../src/optim/adam.ts'
import { evaluate, type Evaluation } from '../../src/train/evaluate.ts'
import { train, type EpochSummary, type TrainOutcome } from '../../src/train/loop.ts'

// 10 random 4×4 images of 3 classes: the first 6 train, the last 4 test.
const data: Dataset = (() => {
  let rng = seedRng(11)
  const images = new Uint8Array(10 * 16)
  for (let i = 0; i < images.length; i++) {
    const [u, next] = uniform(rng)
    rng = next
    images[i] = Math.floor(u * 256)
  }
  return { images, labels: Uint8Array.from({ length: 10 }, (_, i) => i % 3), count: 10, rows: 4, cols: 4, classes: 3 }
})()
const trainIndices = Int32Array.of(0, 1, 2, 3, 4, 5)
const testIndices = Int32Array.of(6, 7, 8, 9)

const net = (() => {
  const built = buildNetwork('dense8-relu-dense3', [1, 4, 4], 3)
  if (E.isLeft(built)) throw new Error(built.left)
  return built.right
})()

// Runs the loop to its end, handing every epoch's summary to `see` (which may keep nothing).
const run = (epochs: number, see: (summary: EpochSummary) => void = () => {}): TrainOutcome => {
  const [initial, rng] = initParams(net, seedRng(3))
  const config = { net, loss: softmaxCrossEntropy, optimizer: adam({ lr: 0.01 }), epochs, batchSize: 2, shuffle: true }
  const loop = train(config, data, trainIndices, testIndices, initial, rng)
  for (;;) {
    const next = loop.next()
    if (next.done === true) return next.value
    if (next.value.kind === 'epoch') see(next.value)
  }
}

// The bytes of every distinct typed-array buffer reachable from `root`, and their number.
const reachableArrays = (root: unknown): { readonly bytes: number; readonly buffers: number } => {
  const seenObjects = new Set<object>()
  const buffers = new Set<ArrayBufferLike>()
  const stack: unknown[] = [root]
  while (stack.length > 0) {
    const v = stack.pop()
    if (typeof v !== 'object' || v === null || seenObjects.has(v)) continue
    seenObjects.add(v)
    if (ArrayBuffer.isView(v)) buffers.add(v.buffer)
    else for (const child of Object.values(v)) stack.push(child)
  }
  let bytes = 0
  for (const b of buffers) bytes += b.byteLength
  return { bytes, buffers: buffers.size }
}

const trained = (outcome: TrainOutcome) => {
  if (outcome.kind !== 'trained') throw new Error(`diverged: ${outcome.reason}`)
  return outcome
}

describe('train keeps figures, not parameters', () => {
  it('holds only five numbers per epoch in its history, over 300 epochs', { timeout: 60_000 }, () => {
    const outcome = trained(run(300))
    expect(outcome.history).toHaveLength(300)
    outcome.history.forEach((figures, i) => {
      expect(Object.keys(figures).sort()).toEqual(['epoch', 'testAccuracy', 'testLoss', 'trainAccuracy', 'trainLoss'])
      expect(figures.epoch).toBe(i + 1)
      for (const value of Object.values(figures)) expect(typeof value).toBe('number')
    })
    // The history alone reaches no typed array at all: no parameters, no probabilities.
    expect(reachableArrays(outcome.history)).toEqual({ bytes: 0, buffers: 0 })
    // And training did something: the six training images are learnt.
    expect(outcome.history[299]!.trainAccuracy).toBe(1)
  })

  it('reaches as many bytes of typed arrays after 300 epochs as after 3', { timeout: 60_000 }, () => {
    const short = reachableArrays(trained(run(3)))
    const long = reachableArrays(trained(run(300)))
    expect(long).toEqual(short)
    // One set of parameters (16·8 + 8 + 8·3 + 3 = 163 floats) and one evaluation of 4 images.
    expect(short.bytes).toBeLessThan(163 * 4 + 4 * 3 * 4 + 4 + 4 + 4 * 64)
  })

  it('returns the last epoch’s parameters and their test predictions', { timeout: 60_000 }, () => {
    let last: EpochSummary | undefined
    const outcome = trained(
      run(40, (summary) => {
        last = summary
      }),
    )
    expect(last).toBeDefined()
    expect(outcome.params).toBe(last!.params)
    expect(outcome.test).toBe(last!.test)
    const measured: Evaluation = evaluate(net, outcome.params, data, testIndices)
    expect(outcome.test).toEqual(measured)
    const { epoch, trainLoss, trainAccuracy, testAccuracy, testLoss } = last!
    expect(outcome.history[39]).toEqual({ epoch, trainLoss, trainAccuracy, testAccuracy, testLoss })
    expect(testAccuracy).toBe(measured.accuracy)
    expect(testLoss).toBe(measured.loss)
  })

  it('with no epochs, returns the initial parameters measured on the test set', () => {
    const [initial] = initParams(net, seedRng(3))
    const outcome = trained(run(0))
    expect(outcome.history).toEqual([])
    expect(outcome.params).toEqual(initial)
    expect(outcome.test).toEqual(evaluate(net, initial, data, testIndices))
  })
})
