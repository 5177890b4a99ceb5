// Predictions: the class is the argmax of the scores, and softmax does not move it.

import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sample, seedRng, uniform } from '../../src/core/rng.ts'
import { tensor } from '../../src/core/tensor.ts'
import { parseArch } from '../../src/model/arch.ts'
import { argmaxRows, classify, logitsOf, probabilitiesOf } from '../../src/model/predict.ts'
import { initParams, sequential } from '../../src/model/sequential.ts'

describe('argmaxRows', () => {
  it('picks the largest value of each row, the first one on ties', () => {
    expect([...argmaxRows(Float32Array.of(0.1, 0.7, 0.2, 0.5, 0.4, 0.1), 2, 3)]).toEqual([1, 0])
    expect([...argmaxRows(Float32Array.of(3, 1, 3, 2, 2, 2), 2, 3)]).toEqual([0, 0])
  })
})

describe('a small network on random images', () => {
  const layers = parseArch('conv3x3x2-lrelu-pool2-dense10')
  const net = E.flatMap(layers, (l) => sequential([1, 8, 8], l))
  if (E.isLeft(net)) throw new Error(net.left)

  it('classifies as the argmax of the logits and of the probabilities, which sum to 1 per row', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 6 }), (seed, N) => {
        const [params, rng] = initParams(net.right, seedRng(seed))
        const [pixels] = sample(N * 64, rng, uniform)
        const x = tensor([N, 1, 8, 8], pixels)
        const logits = logitsOf(net.right, params, x)
        const probabilities = probabilitiesOf(net.right, params, x)
        expect(probabilities.shape).toEqual([N, 10])
        for (let n = 0; n < N; n++) {
          let sum = 0
          for (let j = 0; j < 10; j++) sum += probabilities.data[n * 10 + j]
          expect(sum).toBeCloseTo(1, 5)
        }
        const classes = classify(net.right, params, x)
        expect([...classes]).toEqual([...argmaxRows(logits.data, N, 10)])
        expect([...classes]).toEqual([...argmaxRows(probabilities.data, N, 10)])
      }),
      { numRuns: 50 },
    )
  })
})
