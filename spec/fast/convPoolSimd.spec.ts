// The fused layer's forward kernel in WebAssembly gives the bits of the JavaScript kernel of
// fast/compiled.ts: pooled outputs, winners and their z's, for any shape it serves, any
// batch (more samples than its memory holds at once), with ties, zeros and any slope.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { pooledKernel, type PooledShape } from '../../src/fast/compiled.ts'
import { pooledKernelSimd } from '../../src/fast/convPoolSimd.ts'
import { convGeometry } from '../../src/kernels/conv2d.ts'
import { runs } from '../helpers/runs.ts'

const shapes = fc
  .record({
    C: fc.integer({ min: 1, max: 3 }),
    K: fc.integer({ min: 1, max: 3 }),
    k: fc.integer({ min: 1, max: 4 }),
    poolSize: fc.constantFrom(2, 4),
    extraH: fc.integer({ min: 0, max: 12 }),
    extraW: fc.integer({ min: 0, max: 12 }),
    N: fc.integer({ min: 1, max: 37 }),
    slope: fc.constantFrom(0, 0.01, 0.3, 1),
    bias: fc.boolean(),
    coarse: fc.boolean(), // values on a grid of quarters: many exact ties between positions
  })
  .chain((r) => fc.record({ r: fc.constant(r), poolStride: fc.integer({ min: 1, max: r.poolSize }) }))

const values = (n: number, coarse: boolean) => Float32Array.from({ length: n }, (_, i) => {
  const v = Math.sin(i * 12.9898 + n) * 43758.5453
  const u = v - Math.floor(v) - 0.5
  return coarse ? Math.round(u * 4) / 4 : u * (i % 7 === 0 ? 0 : 2)
})

describe('pooledKernelSimd', () => {
  it('gives the JavaScript kernel’s very bits', () => {
    fc.assert(
      fc.property(shapes, ({ r, poolStride }) => {
        const [H, W] = [r.k + r.poolSize + r.extraH, r.k + r.poolSize + r.extraW]
        const g = convGeometry(r.C, H, W, r.K, r.k, r.k, 1, 0)
        const [pH, pW] = [Math.floor((g.oH - r.poolSize) / poolStride) + 1, Math.floor((g.oW - r.poolSize) / poolStride) + 1]
        const shape: PooledShape = { g, pH, pW, poolSize: r.poolSize, poolStride, slope: r.slope, float32: true }
        const [js, simd] = [pooledKernel(shape), pooledKernelSimd(shape, true)]
        if (js === undefined) return // a shape too long to write out is not served by either
        expect(simd).toBeDefined()
        const x = values(r.N * r.C * H * W, r.coarse)
        const weights = values(r.K * r.C * r.k * r.k, r.coarse).map((v) => v + 0.125)
        const bias = r.bias ? values(r.K, r.coarse) : undefined
        const count = r.N * r.K * pH * pW
        const inside = new Uint8Array(pH * pW).fill(1)
        const outputs = () => [new Float32Array(count), new Int32Array(count), new Float32Array(count)] as const
        const [want, got] = [outputs(), outputs()]
        js(x, weights, bias, r.N, inside, ...want)
        simd!(x, weights, bias, r.N, inside, ...got)
        for (let k = 0; k < 3; k++) {
          const differing = want[k].findIndex((v, i) => !Object.is(v, got[k][i]))
          expect(differing, `output ${k}, index ${differing}`).toBe(-1)
        }
      }),
      { numRuns: runs(60) },
    )
  })

  it('serves only what it can compute two positions at a time', () => {
    const g = convGeometry(1, 28, 28, 1, 3, 3, 1, 0)
    const shape: PooledShape = { g, pH: 13, pW: 13, poolSize: 2, poolStride: 2, slope: 0.01, float32: true }
    expect(pooledKernelSimd(shape, true)).toBeDefined()
    expect(pooledKernelSimd(shape, false)).toBeUndefined() // windows reaching into the padding
    expect(pooledKernelSimd({ ...shape, float32: false }, true)).toBeUndefined()
    expect(pooledKernelSimd({ ...shape, poolSize: 3, poolStride: 3, pH: 8, pW: 8 }, true)).toBeUndefined()
    const strided = convGeometry(1, 28, 28, 1, 3, 3, 2, 0)
    expect(pooledKernelSimd({ ...shape, g: strided, pH: 6, pW: 6 }, true)).toBeUndefined()
  })
})
