// Appendix: convolution, activation and pooling in one pass
// =========================================================
//
// A small convolution followed by a (leaky) ReLU and max pooling, the first block of the
// original network, makes a 26×26 map only for pooling to keep a quarter of it, and its
// backward pass makes a 26×26 gradient that is three quarters zeros. Fused into one layer,
// the convolution's map is pooled as soon as it is made, keeping for each window its largest
// value and where it was, and only then the activation is applied (fast/network.ts explains
// why that order gives the same numbers):
//
//     z[n,k,oh,ow] = bias[k] + Σ_c Σ_kh Σ_kw weights[k,c,kh,kw] · x[n,c, oh·s − p + kh, ow·s − p + kw]
//     y[n,k,ph,pw] = act(max over the window (ph, pw) of z[n,k,·,·])
//
// with the convolution computed by the fastest path of fast/conv2dFast.ts and the first
// maximum in reading order winning, as in kernels/maxpool.ts. The cache keeps, for each
// output, which position won and its z; backward goes straight from there, sending
// dy · act′(z) to that one position's weights and inputs, and never forms the big gradient:
//
//     dWeights[k,c,kh,kw] += d · x[n,c,ih,iw]      dx[n,c,ih,iw] += d · weights[k,c,kh,kw]
//     dBias[k] += d,                                d = dy[n,k,ph,pw] · act′(z of the winner)
//
// The forward map of size oH·oW is made in scratch memory and dropped at once. In float32
// with four filters or more, WebAssembly kernels (fast/convSimd.ts) do all of this instead.
// fast/network.ts puts this layer in place of every convolution that max pooling follows;
// spec/fast/convPool.spec.ts checks it against the plain layers.
// Previous: fast/convSimd.ts. Next: fast/network.ts.

import * as E from 'fp-ts/lib/Either.js'
import { initializers } from '../core/init.ts'
import type { Params } from '../core/params.ts'
import type { Shape } from '../core/shape.ts'
import { tensor, zeros, type Tensor } from '../core/tensor.ts'
import { convGeometry, type ConvGeometry } from '../kernels/conv2d.ts'
import type { ConvParams } from '../layers/conv2d.ts'
import type { Layer } from '../layers/layer.ts'
import { conv2dForwardScatterInto } from './conv2dDirect.ts'
import { conv2dForwardFast, isSparse } from './conv2dFast.ts'
import { conv2dForwardGemm } from './conv2dGemm.ts'
import { pooledKernel, weightsKernel, type PooledKernel, type WeightsKernel } from './compiled.ts'
import { pooledKernelSimd } from './convPoolSimd.ts'
import { backwardSimd, forwardSimd, type SimdBackward, type SimdForward } from './convSimd.ts'
import { scratchFloat64, scratchInt32, scratchZeros } from './scratch.ts'
import { float32, float64, floatsLike, int32, type Floats, type ReadonlyFloats } from './memory.ts'

/** What is fused: the convolution's, the pooling's and the activation's hyperparameters. */
export interface ConvPoolOptions {
  readonly filters: number
  readonly kernelSize: readonly [number, number]
  readonly stride: number
  readonly padding: number
  readonly bias: boolean
  readonly poolSize: number
  readonly poolStride: number
  /** The slope of the activation below 0: 0 for ReLU, α for leaky ReLU, 1 for none. */
  readonly slope: number
  /** The names of the three layers it stands for, joined by dashes (`conv3x3x1-pool2-lrelu`). */
  readonly name: string
}

/** What backward needs: the input, and for each output the winning position and its z. */
export interface ConvPoolCache {
  readonly x: Tensor
  readonly winners: Int32Array // (N, K, pH, pW) oh·oW + ow of the winning position
  readonly z: Floats //           (N, K, pH, pW) the convolution's value there
}

// The sizes of one call, computed once per input shape, and the taps of a patch: for each
// weight (c, kh, kw), the offset of the input it reads from the patch's top-left corner.
interface Sizes {
  readonly g: ConvGeometry
  readonly pH: number
  readonly pW: number
  readonly taps: Int32Array // (C·kH·kW) c·H·W + kh·W + kw
  readonly corners: Int32Array // (oH·oW) where the patch of each output position starts in a sample
  readonly inside: Uint8Array //  (oH·oW) 1 where that patch lies wholly inside the image
  readonly windowInside: Uint8Array // (pH·pW) 1 where every patch of the pooling window does
  readonly allInside: boolean
  readonly allPatchesInside: boolean
  // The written-out kernels of fast/compiled.ts for this shape, by kind of number, once asked for.
  readonly written: Map<boolean, { readonly forward: PooledKernel | undefined; readonly weights: WeightsKernel | undefined }>
  // The float32 WebAssembly kernels of fast/convSimd.ts for this shape, once asked for.
  readonly simd: Map<'forward' | 'backward' | 'params', SimdForward | SimdBackward | undefined>
}

// Code written for the shape
// -------------------------
// For kernels small enough, fast/compiled.ts writes the forward pass out for this layer's
// shape: each window's few convolution outputs as sums with the taps written out, the
// largest kept. Windows whose patches reach into the zero padding (only with padding) are
// computed here, one tap at a time, in the same order.

// The written-out kernels for this layer's shape and kind of number, made on first use.
const writtenKernels = (o: ConvPoolOptions, s: Sizes, float32: boolean) => {
  let kernels = s.written.get(float32)
  if (kernels === undefined) {
    const shape = { g: s.g, pH: s.pH, pW: s.pW, poolSize: o.poolSize, poolStride: o.poolStride, slope: o.slope, float32 }
    kernels = { forward: pooledKernelSimd(shape, s.allInside) ?? pooledKernel(shape), weights: weightsKernel(shape) }
    s.written.set(float32, kernels)
  }
  return kernels
}

// The WebAssembly kernels for float32 layers with many filters (fast/convSimd.ts), made on
// first use; undefined where they do not serve the shape.
const simdShape = (o: ConvPoolOptions, s: Sizes) => ({ g: s.g, pH: s.pH, pW: s.pW, poolSize: o.poolSize, poolStride: o.poolStride })
const simdForward = (o: ConvPoolOptions, s: Sizes): SimdForward | undefined => {
  if (!s.simd.has('forward')) s.simd.set('forward', forwardSimd(simdShape(o, s), o.slope))
  return s.simd.get('forward') as SimdForward | undefined
}
const simdBackward = (o: ConvPoolOptions, s: Sizes, wantDx: boolean): SimdBackward | undefined => {
  const which = wantDx ? 'backward' : 'params'
  if (!s.simd.has(which)) s.simd.set(which, backwardSimd(simdShape(o, s), o.slope, wantDx))
  return s.simd.get(which) as SimdBackward | undefined
}

// One convolution output, the sum in the order of kernels/conv2d.ts; taps on the padding skip.
const convAt = (g: ConvGeometry, x: ReadonlyFloats, weights: ReadonlyFloats, start: number, sample: number, filter: number, oh: number, ow: number): number => {
  const { C, H, W, kH, kW, stride, pad } = g
  let sum = start
  for (let c = 0; c < C; c++) {
    for (let kh = 0; kh < kH; kh++) {
      const ih = oh * stride - pad + kh
      if (ih < 0 || ih >= H) continue
      for (let kw = 0; kw < kW; kw++) {
        const iw = ow * stride - pad + kw
        if (iw >= 0 && iw < W) sum += weights[((filter * C + c) * kH + kh) * kW + kw] * x[((sample * C + c) * H + ih) * W + iw]
      }
    }
  }
  return sum
}

const forwardWrittenOut = (
  o: ConvPoolOptions,
  s: Sizes,
  kernel: PooledKernel,
  x: ReadonlyFloats, //       (N, C, H, W)
  weights: ReadonlyFloats, // (K, C, kH, kW)
  bias: ReadonlyFloats | undefined,
  N: number,
): readonly [Floats, Int32Array, Floats] => {
  const { g, pH, pW } = s
  const { K, oW } = g
  const count = N * K * pH * pW
  const y = floatsLike(x, count) // (N, K, pH, pW)
  const winners = int32(count)
  const zs = floatsLike(x, count)
  kernel(x, weights, bias, N, s.windowInside, y, winners, zs)
  if (s.allInside) return [y, winners, zs]
  const round = x instanceof Float32Array ? Math.fround : (v: number) => v
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      for (let q = 0; q < pH * pW; q++) {
        if (s.windowInside[q] === 1) continue
        const [ph, pw] = [Math.floor(q / pW), q % pW]
        let best = -1
        let bestZ = 0
        for (let i = 0; i < o.poolSize; i++) {
          for (let j = 0; j < o.poolSize; j++) {
            const [oh, ow] = [ph * o.poolStride + i, pw * o.poolStride + j]
            const z = round(convAt(g, x, weights, bias === undefined ? 0 : bias[k], n, k, oh, ow))
            if (best < 0 || z > bestZ) {
              best = oh * oW + ow
              bestZ = z
            }
          }
        }
        const out = (n * K + k) * pH * pW + q
        winners[out] = best
        zs[out] = bestZ
        y[out] = bestZ > 0 ? bestZ : o.slope * bestZ
      }
    }
  }
  return [y, winners, zs]
}

// The forward pass
// ----------------
// The convolution (scattered for sparse inputs, as a matrix product for many filters, else
// by the direct loops of fast/conv2dFast.ts), then one pass that pools each window, keeps
// its winner and z, and applies the activation. The map is made in scratch memory and
// dropped; only the pooled outputs leave the call. The backward pass borrows its lists of
// windows from scratch memory too.
const forwardPooled = (
  o: ConvPoolOptions,
  s: Sizes,
  x: ReadonlyFloats, //       (N, C, H, W)
  weights: ReadonlyFloats, // (K, C, kH, kW)
  bias: ReadonlyFloats | undefined,
  N: number,
): readonly [Floats, Int32Array, Floats] => {
  const { g, pH, pW } = s
  const { K, oH, oW } = g
  const { poolSize: P, poolStride: Ps, slope } = o
  // With many filters in float32, the WebAssembly kernel of fast/convSimd.ts.
  const simd = x instanceof Float32Array ? simdForward(o, s) : undefined
  if (simd !== undefined) return simd(x, weights, bias, N)
  // With few filters the written-out kernel wins; with many, the sparse and matrix-product
  // paths below share their work better (measured on the ConvNetJS network's first layer).
  const kernel = K < 4 ? writtenKernels(o, s, x instanceof Float32Array).forward : undefined
  if (kernel !== undefined) return forwardWrittenOut(o, s, kernel, x, weights, bias, N)
  // The map lives only in this call: scratch memory (fast/scratch.ts).
  const map = (): Floats => scratchZeros(x, N * K * oH * oW, 'map')
  const z = // (N, K, oH, oW)
    g.stride === 1 && isSparse(x, 1 / 3)
      ? conv2dForwardScatterInto(g, x, weights, bias, N, map())
      : K >= 4
        ? conv2dForwardGemm(g, x, weights, bias, N, map())
        : conv2dForwardFast(g, x, weights, bias, N)
  const count = N * K * pH * pW
  const y = floatsLike(x, count) // (N, K, pH, pW)
  const winners = int32(count)
  const zs = floatsLike(x, count)
  let out = 0
  for (let nk = 0; nk < N * K; nk++) {
    const plane = nk * oH * oW
    for (let ph = 0; ph < pH; ph++) {
      for (let pw = 0; pw < pW; pw++, out++) {
        // The window's first position, then the others in reading order; the first maximum wins.
        let best = ph * Ps * oW + pw * Ps
        let bestZ = z[plane + best]
        if (P === 2) {
          // The common 2×2 window, written out.
          const first = best
          if (z[plane + first + 1] > bestZ) {
            best = first + 1
            bestZ = z[plane + best]
          }
          if (z[plane + first + oW] > bestZ) {
            best = first + oW
            bestZ = z[plane + best]
          }
          if (z[plane + first + oW + 1] > bestZ) {
            best = first + oW + 1
            bestZ = z[plane + best]
          }
        } else {
          for (let i = 0; i < P; i++) {
            const row = (ph * Ps + i) * oW + pw * Ps
            for (let j = 0; j < P; j++) {
              if (z[plane + row + j] > bestZ) {
                best = row + j
                bestZ = z[plane + row + j]
              }
            }
          }
        }
        winners[out] = best
        zs[out] = bestZ
        y[out] = bestZ > 0 ? bestZ : slope * bestZ
      }
    }
  }
  return [y, winners, zs]
}

// dWeights and dBias by the written-out kernel of fast/compiled.ts, which takes the windows
// whose winner's patch is inside the image; the few others are added here, tap by tap.
const weightsWrittenOut = (o: ConvPoolOptions, s: Sizes, cache: ConvPoolCache, dy: ReadonlyFloats, kernel: WeightsKernel): readonly [Floats, Floats] => {
  const { g, pH, pW, corners, inside } = s
  const { K, C, H, W, kH, kW, stride, pad, oW } = g
  const x = cache.x.data
  const N = cache.x.shape[0]
  const T = C * kH * kW
  const sums = float64(K * T + K)
  kernel(x, dy, cache.z, cache.winners, inside, corners, N, sums)
  if (!s.allPatchesInside) {
    for (let n = 0; n < N; n++) {
      for (let k = 0; k < K; k++) {
        for (let q = 0; q < pH * pW; q++) {
          const at = (n * K + k) * pH * pW + q
          const position = cache.winners[at]
          const d = cache.z[at] > 0 ? dy[at] : o.slope * dy[at]
          if (d === 0 || inside[position] === 1) continue
          sums[K * T + k] += d
          const oh = (position / oW) | 0
          const [ih0, iw0] = [oh * stride - pad, (position - oh * oW) * stride - pad]
          for (let t = 0; t < T; t++) {
            const [c, kh, kw] = [Math.floor(t / (kH * kW)), Math.floor((t % (kH * kW)) / kW), t % kW]
            const [ih, iw] = [ih0 + kh, iw0 + kw]
            if (ih >= 0 && ih < H && iw >= 0 && iw < W) sums[k * T + t] += d * x[((n * C + c) * H + ih) * W + iw]
          }
        }
      }
    }
  }
  const dWeights = floatsLike(dy, K * T)
  dWeights.set(sums.subarray(0, K * T))
  const dBias = floatsLike(dy, K)
  dBias.set(sums.subarray(K * T))
  return [dWeights, dBias]
}

// The backward pass
// -----------------
// dWeights (and dBias), and dx when `wantDx`. For each filter, first list
// the windows whose gradient is not 0, with their d and the top-left corner of their patch;
// then each weight's gradient is one long dot product over that list, summed in a local
// variable, as in fast/conv2dDirect.ts. (Patches that hang over the zero padding are rare
// and handled one tap at a time.)
const backwardPooled = (
  o: ConvPoolOptions,
  s: Sizes,
  cache: ConvPoolCache,
  dy: ReadonlyFloats, //      (N, K, pH, pW)
  weights: ReadonlyFloats, // (K, C, kH, kW)
  wantDx: boolean,
): readonly [Floats | undefined, Floats, Floats] => {
  const { g, pH, pW, taps, corners, inside } = s
  const { K, C, H, W, kH, kW, stride, pad, oW } = g
  const { winners, z } = cache
  const x = cache.x.data
  const N = cache.x.shape[0]
  const slope = o.slope
  const plane = pH * pW
  const simd = x instanceof Float32Array && dy instanceof Float32Array ? simdBackward(o, s, wantDx) : undefined
  if (simd !== undefined) return simd(x, winners, z, dy, weights, N)
  const written = wantDx ? undefined : writtenKernels(o, s, x instanceof Float32Array).weights
  if (written !== undefined) return [undefined, ...weightsWrittenOut(o, s, cache, dy, written)]
  const dx = wantDx ? floatsLike(dy, N * C * H * W) : undefined
  const dWeights = floatsLike(dy, K * C * kH * kW)
  const dBias = floatsLike(dy, K)
  const values = scratchFloat64(N * plane, 'values') // the windows' d, for one filter
  const starts = scratchInt32(N * plane, 'positions') // where their patches start in x
  for (let k = 0; k < K; k++) {
    const wFilter = k * C * kH * kW
    const border = float64(C * kH * kW) // the border patches' part of dWeights
    let count = 0
    let sumB = 0
    for (let n = 0; n < N; n++) {
      for (let q = 0; q < plane; q++) {
        const at = (n * K + k) * plane + q
        const d = z[at] > 0 ? dy[at] : slope * dy[at]
        if (d === 0) continue
        sumB += d
        const position = winners[at]
        if (inside[position] === 1) {
          values[count] = d
          starts[count] = n * C * H * W + corners[position]
          count++
          continue
        }
        // A patch over the border: the taps that fall on the zero padding read nothing.
        const oh = (position / oW) | 0
        const ih0 = oh * stride - pad
        const iw0 = (position - oh * oW) * stride - pad
        for (let c = 0; c < C; c++) {
          for (let kh = 0; kh < kH; kh++) {
            const ih = ih0 + kh
            if (ih < 0 || ih >= H) continue
            for (let kw = 0; kw < kW; kw++) {
              const iw = iw0 + kw
              if (iw < 0 || iw >= W) continue
              const i = ((n * C + c) * H + ih) * W + iw
              const t = (c * kH + kh) * kW + kw
              border[t] += d * x[i]
              if (dx !== undefined) dx[i] += d * weights[wFilter + t]
            }
          }
        }
      }
    }
    dBias[k] = sumB
    for (let t = 0; t < taps.length; t++) {
      const tap = taps[t]
      let sum = border[t]
      for (let i = 0; i < count; i++) sum += values[i] * x[starts[i] + tap]
      dWeights[wFilter + t] = sum
    }
    if (dx === undefined) continue
    for (let i = 0; i < count; i++) {
      const d = values[i]
      const start = starts[i]
      for (let t = 0; t < taps.length; t++) dx[start + taps[t]] += d * weights[wFilter + t]
    }
  }
  return [dx, dWeights, dBias]
}

/**
 * A layer that can also give its parameters' gradients alone, without ∂L/∂x: what a first
 * layer needs, whose input is the data (fast/network.ts gives the first layer this job).
 */
export interface WithParamGradients<P extends Params, C> extends Layer<P, C> {
  paramGradients(params: P, cache: C, dy: Tensor): P
}

/**
 * The fused layer: the parameters, initialisation and output of `conv → pool → activation`,
 * computed in one pass.
 */
export const convPool = (o: ConvPoolOptions): WithParamGradients<ConvParams, ConvPoolCache> => {
  const { filters: K, kernelSize: [kH, kW] } = o
  const init = initializers.glorot
  // The sizes for the last input shape seen, kept so that a training loop does not
  // recompute them for every sample (the shape of one sample never changes).
  let last: { readonly C: number; readonly H: number; readonly W: number; readonly sizes: Sizes } | undefined
  const sizesOf = (C: number, H: number, W: number): Sizes => {
    if (last !== undefined && last.C === C && last.H === H && last.W === W) return last.sizes
    const g = convGeometry(C, H, W, K, kH, kW, o.stride, o.padding)
    const taps = Int32Array.from({ length: C * kH * kW }, (_, t) => Math.floor(t / (kH * kW)) * H * W + Math.floor((t % (kH * kW)) / kW) * W + (t % kW))
    const corners = new Int32Array(g.oH * g.oW)
    const inside = new Uint8Array(g.oH * g.oW)
    for (let oh = 0; oh < g.oH; oh++) {
      for (let ow = 0; ow < g.oW; ow++) {
        const [ih0, iw0] = [oh * o.stride - o.padding, ow * o.stride - o.padding]
        corners[oh * g.oW + ow] = ih0 * W + iw0
        inside[oh * g.oW + ow] = ih0 >= 0 && iw0 >= 0 && ih0 + kH <= H && iw0 + kW <= W ? 1 : 0
      }
    }
    const pH = Math.floor((g.oH - o.poolSize) / o.poolStride) + 1
    const pW = Math.floor((g.oW - o.poolSize) / o.poolStride) + 1
    const windowInside = new Uint8Array(pH * pW)
    for (let ph = 0; ph < pH; ph++) {
      for (let pw = 0; pw < pW; pw++) {
        let all = 1
        for (let i = 0; i < o.poolSize; i++) for (let j = 0; j < o.poolSize; j++) all &= inside[(ph * o.poolStride + i) * g.oW + pw * o.poolStride + j]!
        windowInside[ph * pW + pw] = all
      }
    }
    const sizes = { g, pH, pW, taps, corners, inside, windowInside, allInside: windowInside.every((v) => v === 1), allPatchesInside: inside.every((v) => v === 1), written: new Map(), simd: new Map() }
    last = { C, H, W, sizes }
    return sizes
  }
  const gradients = (dWeights: Floats, dBias: Floats, C: number): ConvParams =>
    o.bias ? { weights: tensor([K, C, kH, kW], dWeights), bias: tensor([K], dBias) } : { weights: tensor([K, C, kH, kW], dWeights) }
  return {
    name: o.name,
    outShape: (inShape: Shape) => {
      const { pH, pW } = sizesOf(inShape[0]!, inShape[1]!, inShape[2]!)
      return E.right([K, pH, pW])
    },
    paramShapes: (inShape) => ({ weights: [K, inShape[0]!, kH, kW], ...(o.bias ? { bias: [K] } : {}) }),
    init: (inShape, rng) => {
      const C = inShape[0]!
      const [weights, next] = init([K, C, kH, kW], { fanIn: C * kH * kW, fanOut: K * kH * kW }, rng)
      return [o.bias ? { weights, bias: zeros([K]) } : { weights }, next]
    },
    forward: (params, x) => {
      const [N, C, H, W] = x.shape as [number, number, number, number]
      const s = sizesOf(C, H, W)
      const [y, winners, z] = forwardPooled(o, s, x.data, params.weights.data, params.bias?.data, N)
      return [tensor([N, K, s.pH, s.pW], y), { x, winners, z }]
    },
    backward: (params, cache, dy) => {
      const [, C, H, W] = cache.x.shape as [number, number, number, number]
      const [dx, dWeights, dBias] = backwardPooled(o, sizesOf(C, H, W), cache, dy.data, params.weights.data, true)
      return [tensor(cache.x.shape, dx ?? float32(0)), gradients(dWeights, dBias, C)]
    },
    paramGradients: (params, cache, dy) => {
      const [, C, H, W] = cache.x.shape as [number, number, number, number]
      const [, dWeights, dBias] = backwardPooled(o, sizesOf(C, H, W), cache, dy.data, params.weights.data, false)
      return gradients(dWeights, dBias, C)
    },
  }
}

/** A layer that passes its input through untouched: it holds the place of a fused layer. */
export const passThrough = (name: string): Layer<{ readonly [name: string]: never }, undefined> => ({
  name,
  outShape: (inShape) => E.right(inShape),
  paramShapes: () => ({}),
  init: (_inShape, rng) => [{}, rng],
  forward: (_params, x) => [x, undefined],
  backward: (_params, _cache, dy) => [dy, {}],
})
