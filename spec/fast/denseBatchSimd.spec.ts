// A big dense layer's float32 WebAssembly products (fast/denseBatchSimd.ts) against the plain
// loops of kernels/dense.ts, run in doubles on the same float32 numbers: y, dx and dW within
// (n + 4)·2⁻²⁴ times the sum of the n terms' absolute values (float32 sums, four partial sums
// then their lanes), for batches that take several passes through a module's memory too;
// undefined where the modules do not serve the layer; and through the dense layer with the
// fast kernels, the change of Σ y·r between two nearby points is the gradient's inner
// product with the step (the layer is linear in x and in its parameters apart, so a central
// difference is exact there, up to rounding).

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { tensor, type Tensor } from '../../src/core/tensor.ts'
import { seedRng } from '../../src/core/rng.ts'
import { denseBackwardInputBatchSimd, denseBackwardWeightsBatchSimd, denseForwardBatchSimd, SIMD_DENSE_FROM } from '../../src/fast/denseBatchSimd.ts'
import { fastKernels } from '../../src/fast/kernels.ts'
import { denseBackward, denseForward } from '../../src/kernels/dense.ts'
import { dense } from '../../src/layers/dense.ts'
import { runs } from '../helpers/runs.ts'

const U = 2 ** -24

// Pseudo-random float32 values in [−1, 1), a third of them exactly 0 when `sparse`.
const values = (n: number, seed: number, sparse = false): Float32Array => Float32Array.from({ length: n }, (_, i) => {
  const v = Math.sin(i * 12.9898 + seed * 78.233) * 43758.5453
  const u = 2 * (v - Math.floor(v)) - 1
  return sparse && i % 3 === 0 ? 0 : u
})
const abs = (a: ArrayLike<number>): Float64Array => Float64Array.from(a, Math.abs)

// Layers of at least SIMD_DENSE_FROM weights, F a multiple of 4, O any; batches of 1 to 24,
// sometimes in passes of a few rows (`most`), as a batch too big for a module's memory goes.
const layers = fc
  .record({ N: fc.integer({ min: 1, max: 24 }), F4: fc.integer({ min: 1, max: 100 }), O: fc.integer({ min: 1, max: 100 }), seed: fc.nat(1000), sparse: fc.boolean(), most: fc.constantFrom(Infinity, 2, 3, 7) })
  .map((r) => ({ ...r, F: 4 * r.F4 }))
  .filter((r) => r.O * r.F >= SIMD_DENSE_FROM)

describe('the big dense layer’s WebAssembly products', () => {
  it('give the plain loops’ y, dx and dW, to float32 rounding', () => {
    fc.assert(
      fc.property(layers, ({ N, F, O, seed, sparse, most }) => {
        const [x, w, b, dy] = [values(N * F, seed, sparse), values(O * F, seed + 1), values(O, seed + 2), values(N * O, seed + 3, sparse)]
        const [y, dx, dW] = [denseForwardBatchSimd(x, w, b, N, F, O, most), denseBackwardInputBatchSimd(dy, w, N, F, O, most), denseBackwardWeightsBatchSimd(dy, x, N, F, O, most)]
        expect(y && dx && dW).toBeDefined()
        const [x64, w64] = [Float64Array.from(x), Float64Array.from(w)]
        const yWant = denseForward(x64, w64, Float64Array.from(b), N, F, O)
        const ySize = denseForward(abs(x), abs(w), abs(b), N, F, O)
        const [dxWant, dWWant] = denseBackward(Float64Array.from(dy), x64, w64, N, F, O)
        const [dxSize, dWSize] = denseBackward(abs(dy), abs(x), abs(w), N, F, O)
        const wrong: string[] = [] // (one expect() per number would take most of the test's time)
        y!.forEach((v, i) => Math.abs(v - yWant[i]!) <= (F + 5) * U * ySize[i]! + 1e-30 || wrong.push(`y ${i}: ${v} for ${yWant[i]}`))
        dx!.forEach((v, i) => Math.abs(v - dxWant[i]!) <= (O + 4) * U * dxSize[i]! + 1e-30 || wrong.push(`dx ${i}: ${v} for ${dxWant[i]}`))
        dW!.forEach((v, i) => Math.abs(v - dWWant[i]!) <= (N + 4) * U * dWSize[i]! + 1e-30 || wrong.push(`dW ${i}: ${v} for ${dWWant[i]}`))
        expect(wrong.slice(0, 5)).toEqual([])
        // The same bits on a second run.
        expect(denseForwardBatchSimd(x, w, b, N, F, O, most)).toEqual(y)
        expect(denseBackwardWeightsBatchSimd(dy, x, N, F, O, most)).toEqual(dW)
      }),
      { numRuns: runs(20) },
    )
  }, 60_000)

  it('serve only big float32 layers with F a multiple of 4', () => {
    const [N, F, O] = [4, 256, 64]
    const [x, w, b] = [values(N * F, 1), values(O * F, 2), values(O, 3)]
    expect(denseForwardBatchSimd(x, w, b, N, F, O)).toBeDefined()
    expect(denseForwardBatchSimd(x.subarray(0, N * 128), w.subarray(0, 64 * 128), b, N, 128, O)).toBeUndefined() // 8,192 weights
    expect(denseForwardBatchSimd(Float64Array.from(x), Float64Array.from(w), Float64Array.from(b), N, F, O)).toBeUndefined()
    expect(denseForwardBatchSimd(x.subarray(0, N * 255), w.subarray(0, O * 255), b, N, 255, O)).toBeUndefined()
  })

  it('give the dense layer the gradients its outputs change by', () => {
    fc.assert(
      fc.property(layers.filter((r) => r.N >= 4), ({ N, F, O, seed, sparse }) => {
        const layer = dense(O, { kernels: fastKernels.dense })
        const [params] = layer.init([F], seedRng(seed))
        const x = tensor([N, F], values(N * F, seed, sparse))
        const [y, cache] = layer.forward(params, x)
        const r = values(y.data.length, seed + 7)
        const [dx, grads] = layer.backward(params, cache, tensor(y.shape, r))
        const h = 1e-3
        const step = (t: Tensor, salt: number, sign: number): Tensor => {
          const v = values(t.data.length, seed + salt)
          return tensor(t.shape, Float32Array.from(t.data, (value, i) => value + sign * h * v[i]!))
        }
        const moved = (sign: number) => ({ x: step(x, 11, sign), params: { weights: step(params.weights, 13, sign), bias: step(params.bias, 17, sign) } })
        const [plus, minus] = [moved(1), moved(-1)]
        const projected = (values: ArrayLike<number>, absolute: boolean) => {
          let sum = 0
          for (let i = 0; i < values.length; i++) sum += absolute ? Math.abs(values[i]! * r[i]!) : values[i]! * r[i]!
          return sum
        }
        const inner = (g: ArrayLike<number>, a: ArrayLike<number>, b: ArrayLike<number>) => {
          let sum = 0
          for (let i = 0; i < g.length; i++) sum += g[i]! * (a[i]! - b[i]!)
          return sum
        }
        const L = (p: typeof plus) => projected(layer.forward(p.params, p.x)[0].data, false)
        const predicted = inner(dx.data, plus.x.data, minus.x.data) + inner(grads.weights.data, plus.params.weights.data, minus.params.weights.data) +
          inner(grads.bias.data, plus.params.bias.data, minus.params.bias.data)
        const measured = L(plus) - L(minus)
        expect(Math.abs(measured - predicted)).toBeLessThanOrEqual(1e-3 * Math.abs(predicted) + (F + 5) * U * 4 * projected(y.data, true) + 1e-6)
      }),
      { numRuns: runs(10) },
    )
  }, 60_000)
})
