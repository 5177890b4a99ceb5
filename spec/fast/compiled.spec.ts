// The generated forward kernel of the fused layer gives the plain layers' very numbers, and
// its source text holds only the numbers of the shape.

import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { seedRng } from '../../src/core/rng.ts'
import { tensor } from '../../src/core/tensor.ts'
import { MOST_WRITTEN_OUT, pooledKernel, pooledSource } from '../../src/fast/compiled.ts'
import { convPool, passThrough } from '../../src/fast/convPool.ts'
import { convGeometry } from '../../src/kernels/conv2d.ts'
import { leakyRelu } from '../../src/layers/activations.ts'
import { conv2d } from '../../src/layers/conv2d.ts'
import { maxPool } from '../../src/layers/maxPool.ts'
import { forward, sequential } from '../../src/model/sequential.ts'
import { convCase, tensorOf } from '../helpers/arbitraries.ts'
import { runs } from '../helpers/runs.ts'

const cases = convCase.chain((c) => {
  const g = convGeometry(c.C, c.H, c.W, c.K, c.kH, c.kW, c.stride, c.pad)
  return fc.record({
    c: fc.constant(c),
    size: fc.integer({ min: 1, max: Math.min(g.oH, g.oW, 3) }),
    poolStride: fc.integer({ min: 1, max: 3 }),
    slope: fc.constantFrom(0, 0.01, 0.5, 1),
    seed: fc.nat(),
  })
})

describe('the written-out forward kernel', () => {
  // The fused layer writes its forward pass out when it has fewer than 4 filters and a window
  // of at most MOST_WRITTEN_OUT products (fast/convPool.ts); those outputs are the plain
  // layers' very floats. Other shapes go through the sparse, matrix-product or direct kernels,
  // which add in float32 in another order: the same sums to rounding.
  it('gives bit for bit the floats of conv → max pool → leaky ReLU in float32, padding or not (other shapes: to rounding)', () => {
    fc.assert(
      fc.property(cases.chain((k) => fc.tuple(fc.constant(k), tensorOf([k.c.N, k.c.C, k.c.H, k.c.W]))), ([k, x64]) => {
        const { c } = k
        const x = tensor(x64.shape, Float32Array.from(x64.data))
        const inShape = [c.C, c.H, c.W]
        const conv = conv2d({ filters: c.K, kernelSize: [c.kH, c.kW], stride: c.stride, padding: c.pad, bias: c.bias })
        const fusedLayer = convPool({ filters: c.K, kernelSize: [c.kH, c.kW], stride: c.stride, padding: c.pad, bias: c.bias, poolSize: k.size, poolStride: k.poolStride, slope: k.slope, name: 'f' })
        const plain = sequential(inShape, [conv, maxPool(k.size, k.poolStride), leakyRelu(k.slope)])
        const fused = sequential(inShape, [fusedLayer, passThrough('pool'), passThrough('act')])
        if (E.isLeft(plain) || E.isLeft(fused)) throw new Error('does not fit')
        const params = [conv.init(inShape, seedRng(k.seed))[0], {}, {}]
        const [a, b] = [forward(plain.right, params, x)[0], forward(fused.right, params, x)[0]]
        const writtenOut = c.K < 4 && c.C * c.kH * c.kW * k.size * k.size <= MOST_WRITTEN_OUT
        if (writtenOut) expect(Array.from(b.data)).toEqual(Array.from(a.data))
        else b.data.forEach((v, i) => expect(Math.abs(v - a.data[i]!)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(a.data[i]!))))
      }),
      { numRuns: runs(60) },
    )
  })

  it('is written only with numbers of the shape, and only for shapes small enough', () => {
    const g = convGeometry(1, 28, 28, 1, 3, 3, 1, 0)
    const shape = { g, pH: 13, pW: 13, poolSize: 2, poolStride: 2, slope: 0.01, float32: true }
    const source = pooledSource(shape)
    expect(source).toContain('z = Math.fround(b + w0 * x[at + 0] + w1 * x[at + 1] + w2 * x[at + 2] + w3 * x[at + 28]')
    expect(source).not.toMatch(/["'`]/)
    expect(pooledKernel(shape)).toBe(pooledKernel(shape)) // made once
    const big = convGeometry(8, 14, 14, 16, 5, 5, 1, 2)
    expect(8 * 5 * 5 * 9).toBeGreaterThan(MOST_WRITTEN_OUT)
    expect(pooledKernel({ g: big, pH: 4, pW: 4, poolSize: 3, poolStride: 3, slope: 0, float32: true })).toBeUndefined()
  })
})
