// The dense layer's backward pass for one sample in WebAssembly gives, bit for bit, what the
// loops of fast/denseFast.ts compute: each dx[f] the double sum over o in order, rounded to
// float32 once; each dW[o, f] the rounded product, and +0 wherever x[f] is 0.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { denseBackwardInputSimd, denseBackwardWeightsSimd, DENSE_MODULES } from '../../src/fast/denseSimd.ts'
import { validate } from '../../src/fast/wasm.ts'
import { runs } from '../helpers/runs.ts'

// Any floats, with zeros of both signs common (what a ReLU leaves).
const floats = (n: number) => fc.array(fc.oneof(fc.float(), fc.constantFrom(0, -0), fc.float({ min: -1, max: 1, noNaN: true })), { minLength: n, maxLength: n }).map((a) => Float32Array.from(a))
const sizes = fc.record({ F: fc.integer({ min: 1, max: 200 }), O: fc.integer({ min: 1, max: 12 }) })

const sameBits = (got: Float32Array | undefined, want: Float32Array) => {
  expect(got).toBeDefined()
  expect(got!.length).toBe(want.length)
  const differing = want.findIndex((v, i) => !Object.is(v, got![i]))
  expect(differing, `index ${differing}: ${want[differing]} and ${got![differing]}`).toBe(-1)
}

describe('the dense backward modules', () => {
  it('are valid here', () => {
    expect(validate(DENSE_MODULES.input)).toBe(true)
    expect(validate(DENSE_MODULES.weights)).toBe(true)
  })

  it('give dx = dy·W with the loop’s bits', () => {
    fc.assert(
      fc.property(sizes.chain(({ F, O }) => fc.tuple(fc.constant(F), fc.constant(O), floats(O), floats(O * F))), ([F, O, dy, W]) => {
        const want = new Float32Array(F)
        for (let f = 0; f < F; f++) {
          let sum = 0
          for (let o = 0; o < O; o++) sum += dy[o]! * W[o * F + f]!
          want[f] = sum
        }
        sameBits(denseBackwardInputSimd(dy, W, F, O), want)
      }),
      { numRuns: runs(200) },
    )
  })

  it('give dW = dyᵀ·x with the loop’s bits, +0 where x is 0', () => {
    fc.assert(
      fc.property(sizes.chain(({ F, O }) => fc.tuple(fc.constant(F), fc.constant(O), floats(O), floats(F))), ([F, O, dy, x]) => {
        const want = new Float32Array(O * F)
        for (let f = 0; f < F; f++) if (x[f] !== 0) for (let o = 0; o < O; o++) want[o * F + f] = dy[o]! * x[f]!
        sameBits(denseBackwardWeightsSimd(dy, x, F, O), want)
      }),
      { numRuns: runs(200) },
    )
  })

  it('leave their arguments alone, return fresh arrays, and decline a layer too big for their page', () => {
    const [F, O] = [3, 2]
    const [dy, x, W] = [Float32Array.of(1, -2), Float32Array.of(0.5, 0, -1), Float32Array.of(1, 2, 3, 4, 5, 6)]
    const copies = [dy, x, W].map((a) => Array.from(a))
    const dW = denseBackwardWeightsSimd(dy, x, F, O)!
    const dx = denseBackwardInputSimd(dy, W, F, O)!
    expect(Array.from(dW)).toEqual([0.5, 0, -1, -1, 0, 2])
    expect(Array.from(dx)).toEqual([1 - 8, 2 - 10, 3 - 12])
    denseBackwardWeightsSimd(x, x, 3, 3) // another call through the same memory
    expect(Array.from(dW)).toEqual([0.5, 0, -1, -1, 0, 2])
    expect([dy, x, W].map((a) => Array.from(a))).toEqual(copies)
    const big = new Float32Array(128 * 200)
    expect(denseBackwardInputSimd(new Float32Array(128), big, 200, 128)).toBeUndefined()
    expect(denseBackwardWeightsSimd(new Float32Array(128), new Float32Array(200), 200, 128)).toBeUndefined()
  })
})
