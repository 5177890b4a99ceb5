// Appendix: code written for one shape
// ====================================
//
// A loop over a 3×3 kernel's nine taps is slower than the nine products written out: the
// engine must keep the loop's counter, index the weights through it and test it nine times,
// where the written-out sum is nine multiplications and additions with the weights held in
// local variables. On this project's machine, a 26×26 convolution of a digit takes 8.4 µs
// with the loops and 2.4 µs written out. The loops are what we can write once for every
// shape; the written-out sum we can only write for one shape.
//
// So we write it for the shape at hand, at run time: the fused layer of fast/convPool.ts
// asks for a forward kernel for its geometry, and gets a JavaScript function generated from
// a template, with the taps' offsets and the pooling window written out as constants:
//
//     z = b + w0 * x[at + 0] + w1 * x[at + 1] + w2 * x[at + 2] + w3 * x[at + 28] + …
//
// The sum is written in the order of kernels/conv2d.ts (bias, then channel, row, column),
// and each z is rounded to float32 where the data is float32 as storing it would, so the
// kernel gives the plain layers' very numbers (spec/fast/compiled.spec.ts). Only numbers we
// compute go into the generated text, never anything read from a file or a flag. Windows
// whose patches reach into the zero padding are left to the general code; so are shapes
// whose written-out code would be long (there the loops are a small cost next to the work).
// Previous: fast/adam.ts. Next: fast/convPoolSimd.ts.

import type { Floats, ReadonlyFloats } from './memory.ts'
import type { ConvGeometry } from '../kernels/conv2d.ts'

/**
 * Fills the pooled outputs y, the winners (oh·oW + ow) and their z, for every window marked
 * in `inside`; leaves the others alone.
 */
export type PooledKernel = (
  x: ReadonlyFloats, //       (N, C, H, W)
  weights: ReadonlyFloats, // (K, C, kH, kW)
  bias: ReadonlyFloats | undefined, // (K)
  N: number,
  inside: Readonly<Uint8Array>, // (pH, pW) 1 where all the window's patches lie in the image
  y: Floats, //              (N, K, pH, pW)
  winners: Int32Array, //    (N, K, pH, pW)
  zs: Floats, //             (N, K, pH, pW)
) => void

/** The most products a generated window may write out; beyond it, the loops are used. */
export const MOST_WRITTEN_OUT = 400

/** What fixes the generated code: the geometry, the pooling, the slope and the kind of number. */
export interface PooledShape {
  readonly g: ConvGeometry
  readonly pH: number
  readonly pW: number
  readonly poolSize: number
  readonly poolStride: number
  readonly slope: number
  readonly float32: boolean
}

const cache = new Map<string, PooledKernel>()

/** The source text of the kernel for one shape (exported for the spec, which reads it). */
export const pooledSource = (p: PooledShape): string => {
  const { C, H, W, K, kH, kW, stride, pad, oW } = p.g
  const taps = C * kH * kW
  const tap = (t: number) => ({ c: Math.floor(t / (kH * kW)), kh: Math.floor((t % (kH * kW)) / kW), kw: t % kW })
  const offset = (t: number) => tap(t).c * H * W + tap(t).kh * W + tap(t).kw
  const lines: string[] = []
  lines.push(`for (let n = 0; n < N; n++) {`)
  lines.push(`  const sample = n * ${C * H * W}`)
  lines.push(`  for (let k = 0; k < ${K}; k++) {`)
  lines.push(`    const b = bias === undefined ? 0 : bias[k]`)
  for (let t = 0; t < taps; t++) lines.push(`    const w${t} = weights[k * ${taps} + ${t}]`)
  lines.push(`    for (let ph = 0; ph < ${p.pH}; ph++) {`)
  lines.push(`      for (let pw = 0; pw < ${p.pW}; pw++) {`)
  lines.push(`        if (inside[ph * ${p.pW} + pw] === 0) continue`)
  lines.push(`        let best = -1, bestZ = 0, z = 0`)
  for (let i = 0; i < p.poolSize; i++) {
    for (let j = 0; j < p.poolSize; j++) {
      // The window's position (i, j): output (oh, ow), its patch's corner in the input.
      lines.push(`        {`)
      lines.push(`          const oh = ph * ${p.poolStride} + ${i}, ow = pw * ${p.poolStride} + ${j}`)
      lines.push(`          const at = sample + (oh * ${stride} - ${pad}) * ${W} + ow * ${stride} - ${pad}`)
      const sum = ['b', ...Array.from({ length: taps }, (_, t) => `w${t} * x[at + ${offset(t)}]`)].join(' + ')
      lines.push(`          z = ${p.float32 ? `Math.fround(${sum})` : sum}`)
      lines.push(`          if (best < 0 || z > bestZ) { best = oh * ${oW} + ow; bestZ = z }`)
      lines.push(`        }`)
    }
  }
  lines.push(`        const out = ((n * ${K} + k) * ${p.pH} + ph) * ${p.pW} + pw`)
  lines.push(`        winners[out] = best`)
  lines.push(`        zs[out] = bestZ`)
  lines.push(`        y[out] = bestZ > 0 ? bestZ : ${p.slope} * bestZ`)
  lines.push(`      }`)
  lines.push(`    }`)
  lines.push(`  }`)
  lines.push(`}`)
  return lines.join('\n')
}

// The weights' gradient
// ---------------------
// Backward needs, for a first layer, only dWeights and dBias: for each window whose gradient
// d is not 0 (the fused layer's pooling winner, after the activation's slope), every weight
// gathers d times the input it met. Written out, the sums of one filter stay in local
// variables for the whole pass over the windows.

/** Adds d · (the winner's patch) into dWeights and d into dBias, for every window whose winner's patch is inside. */
export type WeightsKernel = (
  x: ReadonlyFloats, //             (N, C, H, W)
  dy: ReadonlyFloats, //            (N, K, pH, pW)
  z: ReadonlyFloats, //             (N, K, pH, pW) the winners' convolution outputs
  winners: Readonly<Int32Array>, // (N, K, pH, pW)
  inside: Readonly<Uint8Array>, //  (oH·oW) 1 where that position's patch lies in the image
  corners: Readonly<Int32Array>, // (oH·oW) where that patch starts in a sample
  N: number,
  sums: Float64Array, //            (K·C·kH·kW + K) written: dWeights, then dBias
) => void

/** The source text of the weights' kernel for one shape. */
export const weightsSource = (p: PooledShape): string => {
  const { C, H, W, K, kH, kW } = p.g
  const taps = C * kH * kW
  const offset = (t: number) => Math.floor(t / (kH * kW)) * H * W + Math.floor((t % (kH * kW)) / kW) * W + (t % kW)
  const plane = p.pH * p.pW
  const lines: string[] = []
  lines.push(`for (let k = 0; k < ${K}; k++) {`)
  lines.push(`  let sb = 0, ${Array.from({ length: taps }, (_, t) => `s${t} = 0`).join(', ')}`)
  lines.push(`  for (let n = 0; n < N; n++) {`)
  lines.push(`    for (let q = 0; q < ${plane}; q++) {`)
  lines.push(`      const at = (n * ${K} + k) * ${plane} + q`)
  lines.push(`      const d = z[at] > 0 ? dy[at] : ${p.slope} * dy[at]`)
  lines.push(`      const position = winners[at]`)
  lines.push(`      if (d === 0 || inside[position] === 0) continue`)
  lines.push(`      sb += d`)
  lines.push(`      const base = n * ${C * H * W} + corners[position]`)
  for (let t = 0; t < taps; t++) lines.push(`      s${t} += d * x[base + ${offset(t)}]`)
  lines.push(`    }`)
  lines.push(`  }`)
  for (let t = 0; t < taps; t++) lines.push(`  sums[k * ${taps} + ${t}] = s${t}`)
  lines.push(`  sums[${K * taps} + k] = sb`)
  lines.push(`}`)
  return lines.join('\n')
}

const weightsCache = new Map<string, WeightsKernel>()

/** The generated weights' kernel for one shape, or undefined when too long. */
export const weightsKernel = (p: PooledShape): WeightsKernel | undefined => {
  const { C, K, kH, kW } = p.g
  if (C * kH * kW > MOST_WRITTEN_OUT / 4 || K > 8 || !Number.isFinite(p.slope)) return undefined
  const key = JSON.stringify(p)
  let kernel = weightsCache.get(key)
  if (kernel === undefined) {
    kernel = new Function('x', 'dy', 'z', 'winners', 'inside', 'corners', 'N', 'sums', weightsSource(p)) as WeightsKernel
    weightsCache.set(key, kernel)
  }
  return kernel
}

/** The generated kernel for one shape (made once, then kept), or undefined when too long. */
export const pooledKernel = (p: PooledShape): PooledKernel | undefined => {
  const { C, kH, kW } = p.g
  if (C * kH * kW * p.poolSize * p.poolSize > MOST_WRITTEN_OUT || !Number.isFinite(p.slope)) return undefined
  const key = JSON.stringify(p)
  let kernel = cache.get(key)
  if (kernel === undefined) {
    kernel = new Function('x', 'weights', 'bias', 'N', 'inside', 'y', 'winners', 'zs', pooledSource(p)) as PooledKernel
    cache.set(key, kernel)
  }
  return kernel
}
