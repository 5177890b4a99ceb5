// The fast convolution kernels compute the same sums as the plain reference loops.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  conv2dBackwardInput,
  conv2dBackwardWeights,
  conv2dForward,
  convGeometry,
} from '../../src/kernels/conv2d.ts'
import {
  conv2dBackwardInputFast,
  conv2dBackwardWeightsFast,
  conv2dForwardFast,
  isSparse,
  padInput,
} from '../../src/kernels/conv2dFast.ts'
import { convCase, doubles } from '../helpers/arbitraries.ts'

// Values that are often exactly 0 (with probability `zeros`), like MNIST's background or
// the gradient after max pooling, so that both the dense (gather) and the sparse
// (scatter) paths of the fast kernels are exercised.
const mostlyZeros = (n: number, zeros: number) =>
  fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })), { minLength: n, maxLength: n })
    .map((pairs) => pairs.map(([u, v]) => (u < zeros ? 0 : v)))

const valuesOf = (n: number) => fc.oneof(doubles(n), mostlyZeros(n, 0.8), mostlyZeros(n, 0.5))

const cases = convCase.chain((c) =>
  fc.record({
    c: fc.constant(c),
    x: valuesOf(c.N * c.C * c.H * c.W),
    weights: doubles(c.K * c.C * c.kH * c.kW),
    bias: doubles(c.K),
    dy: valuesOf(c.N * c.K * (Math.floor((c.H + 2 * c.pad - c.kH) / c.stride) + 1) * (Math.floor((c.W + 2 * c.pad - c.kW) / c.stride) + 1)),
  }),
)

const expectClose = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length)
  for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 12)
}

describe('fast convolution kernels agree with the reference', () => {
  it('forward', () => {
    fc.assert(
      fc.property(cases, ({ c, x, weights, bias }) => {
        const g = convGeometry(c.C, c.H, c.W, c.K, c.kH, c.kW, c.stride, c.pad)
        const b = c.bias ? Float64Array.from(bias) : undefined
        expectClose(
          conv2dForwardFast(g, Float64Array.from(x), Float64Array.from(weights), b, c.N),
          conv2dForward(g, Float64Array.from(x), Float64Array.from(weights), b, c.N),
        )
      }),
      { numRuns: 300 },
    )
  })

  it('input gradient', () => {
    fc.assert(
      fc.property(cases, ({ c, weights, dy }) => {
        const g = convGeometry(c.C, c.H, c.W, c.K, c.kH, c.kW, c.stride, c.pad)
        expectClose(
          conv2dBackwardInputFast(g, Float64Array.from(dy), Float64Array.from(weights), c.N),
          conv2dBackwardInput(g, Float64Array.from(dy), Float64Array.from(weights), c.N),
        )
      }),
      { numRuns: 300 },
    )
  })

  it('weight gradient', () => {
    fc.assert(
      fc.property(cases, ({ c, x, dy }) => {
        const g = convGeometry(c.C, c.H, c.W, c.K, c.kH, c.kW, c.stride, c.pad)
        expectClose(
          conv2dBackwardWeightsFast(g, Float64Array.from(dy), Float64Array.from(x), c.N),
          conv2dBackwardWeights(g, Float64Array.from(dy), Float64Array.from(x), c.N),
        )
      }),
      { numRuns: 300 },
    )
  })

  it('tells sparse data (at most a third non-zero) from dense', () => {
    expect(isSparse(Float32Array.of(0, 0, 1))).toBe(true)
    expect(isSparse(Float32Array.of(0, 1, 1))).toBe(false)
    expect(isSparse(new Float32Array(0))).toBe(true)
  })

  it('pads with a frame of zeros, and not at all when pad = 0', () => {
    const x = Float64Array.of(1, 2, 3, 4)
    expect(Array.from(padInput(convGeometry(1, 2, 2, 1, 1, 1, 1, 1), x, 1))).toEqual([
      0, 0, 0, 0,
      0, 1, 2, 0,
      0, 3, 4, 0,
      0, 0, 0, 0,
    ])
    expect(padInput(convGeometry(1, 2, 2, 1, 1, 1, 1, 0), x, 1)).toBe(x)
  })
})
