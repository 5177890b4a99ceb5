// The blocked dense kernels compute the same sums as the plain loops, for every batch size.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { denseBackward, denseForward } from '../../src/kernels/dense.ts'
import { denseBackwardBiasFast, denseBackwardInputFast, denseBackwardWeightsFast, denseForwardFast } from '../../src/fast/denseFast.ts'
import { doubles } from '../helpers/arbitraries.ts'

const cases = fc
  .record({ N: fc.integer({ min: 1, max: 12 }), F: fc.integer({ min: 1, max: 13 }), O: fc.integer({ min: 1, max: 9 }) })
  .chain((s) => fc.record({ s: fc.constant(s), x: doubles(s.N * s.F), w: doubles(s.O * s.F), b: doubles(s.O), dy: doubles(s.N * s.O) }))
  .map(({ s, x, w, b, dy }) => ({ ...s, x: Float64Array.from(x), w: Float64Array.from(w), b: Float64Array.from(b), dy: Float64Array.from(dy) }))

const expectClose = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length)
  for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 12)
}

describe('fast dense kernels agree with the plain loops', () => {
  it('forward', () => {
    fc.assert(fc.property(cases, ({ N, F, O, x, w, b }) => expectClose(denseForwardFast(x, w, b, N, F, O), denseForward(x, w, b, N, F, O))))
  })
  it('input gradient', () => {
    fc.assert(fc.property(cases, ({ N, F, O, w, dy }) => expectClose(denseBackwardInputFast(dy, w, N, F, O), denseBackward(dy, new Float64Array(N * F), w, N, F, O)[0])))
  })
  it('weight gradient', () => {
    fc.assert(fc.property(cases, ({ N, F, O, x, w, dy }) => expectClose(denseBackwardWeightsFast(dy, x, N, F, O), denseBackward(dy, x, w, N, F, O)[1])))
  })
  it('bias gradient', () => {
    fc.assert(fc.property(cases, ({ N, F, O, x, w, dy }) => expectClose(denseBackwardBiasFast(dy, N, O), denseBackward(dy, x, w, N, F, O)[2])))
  })
})
