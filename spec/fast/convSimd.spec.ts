// The fused layer's float32 WebAssembly kernels (fast/convSimd.ts) against the plain loops of
// kernels/conv2d.ts, run in doubles on the same float32 numbers:
//   - forward: every pooled z within the float32 rounding bound of its sum (below), every
//     winner a maximum of its window to that bound, y the activation of z;
//   - backward: dx and dW within the bound, dBias the doubles' sum, paramGradients the very
//     bits of backward, and the same bits on a second run;
//   - through the layer (fast/convPool.ts): the change of Σ y·r between two nearby points is
//     the gradient's inner product with the step (the layer is linear in x and in the weights
//     apart, so a central difference is exact there, up to rounding).
//
// The bound: a float32 sum of n products, each rounded, added one by one, is off from the
// exact sum by at most about (n + 2)·2⁻²⁴ times the sum of the terms' absolute values.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { tensor, type Tensor } from '../../src/core/tensor.ts'
import { seedRng } from '../../src/core/rng.ts'
import { convPool } from '../../src/fast/convPool.ts'
import { backwardSimd, forwardSimd, type SimdShape } from '../../src/fast/convSimd.ts'
import { conv2dBackward, conv2dForward, convGeometry, type ConvGeometry } from '../../src/kernels/conv2d.ts'
import { runs } from '../helpers/runs.ts'

const U = 2 ** -24 // float32's unit roundoff

const cases = fc
  .record({
    N: fc.integer({ min: 1, max: 20 }), // more than the 16 samples a module holds at once, sometimes
    C: fc.integer({ min: 1, max: 4 }),
    K: fc.constantFrom(4, 5, 6, 8, 16),
    kH: fc.integer({ min: 1, max: 5 }),
    kW: fc.integer({ min: 1, max: 6 }),
    pad: fc.integer({ min: 0, max: 2 }),
    extraH: fc.integer({ min: 0, max: 9 }),
    extraW: fc.integer({ min: 0, max: 9 }),
    poolSize: fc.integer({ min: 1, max: 3 }),
    poolStride: fc.integer({ min: 1, max: 3 }),
    slope: fc.constantFrom(0, 0.01, 0.3, 1),
    bias: fc.boolean(),
    seed: fc.integer({ min: 0, max: 1000 }),
    sparse: fc.boolean(), // many exact zeros, as in a digit or after a ReLU
  })
  .map((r) => {
    const [H, W] = [Math.max(1, r.kH + r.poolSize - 2 * r.pad) + r.extraH, Math.max(1, r.kW + r.poolSize - 2 * r.pad) + r.extraW]
    const g = convGeometry(r.C, H, W, r.K, r.kH, r.kW, 1, r.pad)
    const [pH, pW] = [Math.floor((g.oH - r.poolSize) / r.poolStride) + 1, Math.floor((g.oW - r.poolSize) / r.poolStride) + 1]
    const shape: SimdShape = { g, pH, pW, poolSize: r.poolSize, poolStride: r.poolStride }
    return { ...r, g, shape }
  })
  .filter((c) => c.shape.pH >= 1 && c.shape.pW >= 1)

// Pseudo-random float32 values in [−1, 1), a third of them exactly 0 when `sparse`.
const values = (n: number, seed: number, sparse: boolean): Float32Array => Float32Array.from({ length: n }, (_, i) => {
  const v = Math.sin(i * 12.9898 + seed * 78.233) * 43758.5453
  const u = 2 * (v - Math.floor(v)) - 1
  return sparse && i % 3 === 0 ? 0 : u
})

const abs = (a: ArrayLike<number>): Float64Array => Float64Array.from(a, Math.abs)

// The plain forward sums in doubles, and the sums of their terms' absolute values.
const plainForward = (g: ConvGeometry, x: Float32Array, w: Float32Array, b: Float32Array | undefined, N: number) => [
  conv2dForward(g, Float64Array.from(x), Float64Array.from(w), b && Float64Array.from(b), N),
  conv2dForward(g, abs(x), abs(w), b && abs(b), N),
] as const

describe('forwardSimd', () => {
  it('gives the plain loops’ pooled z’s, winners and outputs, to float32 rounding', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const { g, shape, N } = c
        const { K, oH, oW, C, kH, kW } = g
        const forward = forwardSimd(shape, c.slope)
        expect(forward).toBeDefined()
        const x = values(N * C * g.H * g.W, c.seed, c.sparse)
        const w = values(K * C * kH * kW, c.seed + 1, false)
        const b = c.bias ? values(K, c.seed + 2, false) : undefined
        const [y, winners, zs] = forward!(x, w, b, N)
        const [z, size] = plainForward(g, x, w, b, N)
        const bound = (i: number) => (C * kH * kW + 2) * U * size[i]! + 1e-30
        const { pH, pW, poolSize: P, poolStride: S } = shape
        const wrong: string[] = [] // (expect() per number would take most of the test's time)
        for (let nk = 0; nk < N * K; nk++) {
          for (let ph = 0; ph < pH; ph++) {
            for (let pw = 0; pw < pW; pw++) {
              const o = (nk * pH + ph) * pW + pw
              const [wh, ww] = [Math.floor(winners[o]! / oW), winners[o]! % oW]
              if (!(wh >= ph * S && wh < ph * S + P && ww >= pw * S && ww < pw * S + P)) wrong.push(`winner ${o} outside its window`)
              const at = nk * oH * oW + winners[o]!
              if (!(Math.abs(zs[o]! - z[at]!) <= bound(at))) wrong.push(`z ${o}: ${zs[o]} for ${z[at]}`)
              for (let i = ph * S; i < ph * S + P; i++) {
                for (let j = pw * S; j < pw * S + P; j++) {
                  const other = nk * oH * oW + i * oW + j
                  if (!(z[other]! - z[at]! <= bound(other) + bound(at))) wrong.push(`winner ${o}: ${z[at]} below ${z[other]}`)
                }
              }
              if (y[o] !== Math.fround(zs[o]! > 0 ? zs[o]! : c.slope * zs[o]!)) wrong.push(`y ${o}: ${y[o]} for z ${zs[o]}`)
            }
          }
        }
        expect(wrong.slice(0, 5)).toEqual([])
      }),
      { numRuns: runs(25) },
    )
  }, 60_000)
})

describe('backwardSimd', () => {
  it('gives the plain loops’ dx, dW and dBias, to float32 rounding, the same bits every time', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const { g, shape, N } = c
        const { K, oH, oW, C, H, W, kH, kW } = g
        const x = values(N * C * H * W, c.seed, c.sparse)
        const w = values(K * C * kH * kW, c.seed + 1, false)
        const [, winners, zs] = forwardSimd(shape, c.slope)!(x, w, undefined, N)
        const dy = values(zs.length, c.seed + 3, c.sparse)
        const [full, params] = [backwardSimd(shape, c.slope, true), backwardSimd(shape, c.slope, false)]
        expect(full).toBeDefined()
        expect(params).toBeDefined()
        const [dx, dW, dB] = full!(x, winners, zs, dy, w, N)
        // The plain loops on the gradient routed to the winners: dz[winner] += d.
        const dz = new Float64Array(N * K * oH * oW)
        const dzSize = new Float64Array(N * K * oH * oW) // Σ|d|: windows that share a winner may cancel
        const plane = shape.pH * shape.pW
        const dBias = new Float64Array(K)
        const dBiasSize = new Float64Array(K)
        for (let i = 0; i < zs.length; i++) {
          const d = zs[i]! > 0 ? dy[i]! : c.slope * dy[i]!
          const nk = Math.floor(i / plane)
          dz[nk * oH * oW + winners[i]!] += d
          dzSize[nk * oH * oW + winners[i]!] += Math.abs(d)
          dBias[nk % K] += d
          dBiasSize[nk % K] += Math.abs(d)
        }
        const [dxWant, dWWant] = conv2dBackward(g, dz, Float64Array.from(x), Float64Array.from(w), N)
        const [dxSize, dWSize] = conv2dBackward(g, dzSize, abs(x), abs(w), N)
        const terms = N * plane + K * kH * kW * Math.ceil(c.poolSize / c.poolStride) ** 2 + 2
        const wrong: string[] = []
        dx!.forEach((v, i) => Math.abs(v - dxWant[i]!) <= terms * U * dxSize[i]! + 1e-30 || wrong.push(`dx ${i}: ${v} for ${dxWant[i]}`))
        dW.forEach((v, i) => Math.abs(v - dWWant[i]!) <= terms * U * dWSize[i]! + 1e-30 || wrong.push(`dW ${i}: ${v} for ${dWWant[i]}`))
        dB.forEach((v, k) => Math.abs(v - dBias[k]!) <= U * Math.abs(dBias[k]!) + terms * 2 ** -52 * dBiasSize[k]! || wrong.push(`dBias ${k}: ${v} for ${dBias[k]}`))
        expect(wrong.slice(0, 5)).toEqual([])
        // Without dx: the same dW and dBias, bit for bit; and a second run gives the same bits.
        const [none, dW2, dB2] = params!(x, winners, zs, dy, w, N)
        expect(none).toBeUndefined()
        expect(dW2).toEqual(dW)
        expect(dB2).toEqual(dB)
        const [dx3, dW3, dB3] = full!(x, winners, zs, dy, w, N)
        expect([dx3, dW3, dB3]).toEqual([dx, dW, dB])
      }),
      { numRuns: runs(25) },
    )
  }, 60_000)
})

describe('the fused layer with the WebAssembly kernels', () => {
  it('has the gradients its outputs change by', () => {
    fc.assert(
      fc.property(cases.filter((c) => c.N <= 4), fc.integer({ min: 0, max: 1000 }), (c, seed) => {
        const { g, N } = c
        const layer = convPool({ filters: g.K, kernelSize: [g.kH, g.kW], stride: 1, padding: g.pad, bias: c.bias, poolSize: c.poolSize, poolStride: c.poolStride, slope: c.slope, name: 'fused' })
        const [params] = layer.init([g.C, g.H, g.W], seedRng(seed))
        const x = tensor([N, g.C, g.H, g.W], values(N * g.C * g.H * g.W, c.seed, c.sparse))
        const [y, cache] = layer.forward(params, x)
        const r = values(y.data.length, seed + 7, false)
        const [dx, grads] = layer.backward(params, cache, tensor(y.shape, r))
        // A small step along a pseudo-random direction, in every input and parameter.
        const h = 1e-3
        const step = (t: Tensor, salt: number, sign: number): Tensor => {
          const v = values(t.data.length, seed + salt, false)
          return tensor(t.shape, Float32Array.from(t.data, (value, i) => value + sign * h * v[i]!))
        }
        const moved = (sign: number) => ({
          x: step(x, 11, sign),
          params: { weights: step(params.weights, 13, sign), ...(params.bias === undefined ? {} : { bias: step(params.bias, 17, sign) }) },
        })
        const [plus, minus] = [moved(1), moved(-1)]
        const projected = (values: ArrayLike<number>, absolute: boolean) => {
          let sum = 0
          for (let i = 0; i < values.length; i++) sum += absolute ? Math.abs(values[i]! * r[i]!) : values[i]! * r[i]!
          return sum
        }
        const L = (p: typeof plus) => projected(layer.forward(p.params, p.x)[0].data, false)
        // No winner changes and no z crosses 0 within the step (else the difference measures a kink).
        const [, cachePlus] = layer.forward(plus.params, plus.x)
        const [, cacheMinus] = layer.forward(minus.params, minus.x)
        const sameSide = (a: number, b: number) => c.slope === 1 || (a > 0) === (b > 0)
        fc.pre(cachePlus.winners.every((v, i) => v === cache.winners[i] && v === cacheMinus.winners[i]))
        fc.pre(cachePlus.z.every((v, i) => sameSide(v, cache.z[i]!) && sameSide(cacheMinus.z[i]!, cache.z[i]!)))
        const inner = (g: ArrayLike<number>, a: ArrayLike<number>, b: ArrayLike<number>) => {
          let sum = 0
          for (let i = 0; i < g.length; i++) sum += g[i]! * (a[i]! - b[i]!)
          return sum
        }
        const predicted = inner(dx.data, plus.x.data, minus.x.data) + inner(grads.weights.data, plus.params.weights.data, minus.params.weights.data) +
          (grads.bias === undefined ? 0 : inner(grads.bias.data, plus.params.bias!.data, minus.params.bias!.data))
        const measured = L(plus) - L(minus)
        const scale = projected(y.data, true)
        expect(Math.abs(measured - predicted)).toBeLessThanOrEqual(1e-3 * Math.abs(predicted) + 3e-5 * scale + 1e-6)
      }),
      { numRuns: runs(25) },
    )
  }, 60_000)
})
