// Every fast convolution path computes the same sums as the plain reference loops, on
// random geometries and on dense, half-zero and mostly-zero data.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Floats, ReadonlyFloats } from '../../src/fast/memory.ts'
import { conv2dBackward, conv2dBackwardBias, conv2dForward, convGeometry, type ConvGeometry } from '../../src/kernels/conv2d.ts'
import {
  conv2dBackwardInputPlanes,
  conv2dBackwardInputScatter,
  conv2dBackwardWeightsGather,
  conv2dBackwardWeightsScatter,
  conv2dForwardGather,
  conv2dForwardScatter,
} from '../../src/fast/conv2dDirect.ts'
import { conv2dBackwardBiasFast, conv2dBackwardInputFast, conv2dBackwardWeightsFast, conv2dForwardFast, isSparse } from '../../src/fast/conv2dFast.ts'
import { conv2dBackwardInputGemm, conv2dBackwardWeightsGemm, conv2dForwardGemm } from '../../src/fast/conv2dGemm.ts'
import { cropPadding, padInput } from '../../src/fast/padding.ts'
import { convCase, doubles } from '../helpers/arbitraries.ts'
import { runs } from '../helpers/runs.ts'

// Values that are often exactly 0 (with probability `zeros`), like MNIST's background or
// the gradient after max pooling, so that the sparse paths see realistic data too.
const mostlyZeros = (n: number, zeros: number) =>
  fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })), { minLength: n, maxLength: n })
    .map((pairs) => pairs.map(([u, v]) => (u < zeros ? 0 : v)))

const valuesOf = (n: number) => fc.oneof(doubles(n), mostlyZeros(n, 0.8), mostlyZeros(n, 0.5))

const cases = convCase.chain((c) => {
  const g = convGeometry(c.C, c.H, c.W, c.K, c.kH, c.kW, c.stride, c.pad)
  return fc.record({
    c: fc.constant(c),
    g: fc.constant(g),
    x: valuesOf(c.N * c.C * c.H * c.W).map((v) => Float64Array.from(v)),
    weights: doubles(c.K * c.C * c.kH * c.kW).map((v) => Float64Array.from(v)),
    bias: fc.option(doubles(c.K).map((v) => Float64Array.from(v)), { nil: undefined }),
    dy: valuesOf(c.N * c.K * g.oH * g.oW).map((v) => Float64Array.from(v)),
  })
})

const expectClose = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length)
  for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 12)
}

type Forward = (g: ConvGeometry, x: ReadonlyFloats, w: ReadonlyFloats, b: ReadonlyFloats | undefined, N: number) => Floats
type Backward = (g: ConvGeometry, a: ReadonlyFloats, b: ReadonlyFloats, N: number) => Floats

const forwards: Record<string, Forward> = { gather: conv2dForwardGather, gemm: conv2dForwardGemm, fast: conv2dForwardFast }
const inputGradients: Record<string, Backward> = { planes: conv2dBackwardInputPlanes, scatter: conv2dBackwardInputScatter, gemm: conv2dBackwardInputGemm, fast: conv2dBackwardInputFast }
const weightGradients: Record<string, Backward> = { gather: conv2dBackwardWeightsGather, scatter: conv2dBackwardWeightsScatter, gemm: conv2dBackwardWeightsGemm, fast: conv2dBackwardWeightsFast }

describe('fast convolution paths agree with the reference', () => {
  it.each(Object.keys(forwards))('forward: %s', (name) => {
    fc.assert(
      fc.property(cases, ({ c, g, x, weights, bias }) => {
        expectClose(forwards[name]!(g, x, weights, bias, c.N), conv2dForward(g, x, weights, bias, c.N))
      }),
      { numRuns: runs(60) },
    )
  })

  it('forward: scatter (stride 1)', () => {
    fc.assert(
      fc.property(cases.filter(({ c }) => c.stride === 1), ({ c, g, x, weights, bias }) => {
        expectClose(conv2dForwardScatter(g, x, weights, bias, c.N), conv2dForward(g, x, weights, bias, c.N))
      }),
      { numRuns: runs(60) },
    )
  })

  it.each(Object.keys(inputGradients))('input gradient: %s', (name) => {
    fc.assert(
      fc.property(cases, ({ c, g, x, weights, dy }) => {
        expectClose(inputGradients[name]!(g, dy, weights, c.N), conv2dBackward(g, dy, x, weights, c.N)[0])
      }),
      { numRuns: runs(60) },
    )
  })

  it.each(Object.keys(weightGradients))('weight gradient: %s', (name) => {
    fc.assert(
      fc.property(cases, ({ c, g, x, weights, dy }) => {
        expectClose(weightGradients[name]!(g, dy, x, c.N), conv2dBackward(g, dy, x, weights, c.N)[1])
      }),
      { numRuns: runs(60) },
    )
  })
})

describe('the bias gradient', () => {
  it('agrees with the plain loop', () => {
    fc.assert(fc.property(cases, ({ c, g, dy }) => expectClose(conv2dBackwardBiasFast(g, dy, c.N), conv2dBackwardBias(g, dy, c.N))))
  })
})

describe('helpers of the fast paths', () => {
  it('tells sparse data (at most a given fraction non-zero, judged from a sample) from dense', () => {
    expect(isSparse(Float32Array.of(0, 0, 1), 1 / 3)).toBe(true)
    expect(isSparse(Float32Array.of(0, 1, 1), 1 / 3)).toBe(false)
    expect(isSparse(new Float32Array(0), 1 / 3)).toBe(true)
    expect(isSparse(Float32Array.from({ length: 1000 }, (_, i) => (i % 4 === 0 ? 1 : 0)), 1 / 3)).toBe(true)
    expect(isSparse(Float32Array.from({ length: 1000 }, (_, i) => (i % 4 === 0 ? 1 : 0)), 1 / 7)).toBe(false)
    expect(isSparse(Float32Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? 1 : 0)), 1 / 3)).toBe(false)
  })

  it('pads with a frame of zeros, crops it off again, and does nothing when pad = 0', () => {
    const x = Float64Array.of(1, 2, 3, 4)
    const g = convGeometry(1, 2, 2, 1, 1, 1, 1, 1)
    const padded = padInput(g, x, 1)
    expect(Array.from(padded)).toEqual([
      0, 0, 0, 0,
      0, 1, 2, 0,
      0, 3, 4, 0,
      0, 0, 0, 0,
    ])
    expect(Array.from(cropPadding(g, Float64Array.from(padded), 1))).toEqual([1, 2, 3, 4])
    expect(padInput(convGeometry(1, 2, 2, 1, 1, 1, 1, 0), x, 1)).toBe(x)
  })
})
