// Appendix: the fused layer's forward pass, two positions at a time
// ==================================================================
//
// fast/compiled.ts writes the convolution and pooling of one shape out as JavaScript: per
// pooling window, every position's sum with the taps as constants. Here is the same kernel
// as a WebAssembly module (fast/wasm.ts), generated for the shape in the same way, that
// computes two neighbouring positions of a window at once. With stride 1 their patches are
// the same patch moved by one pixel, so each tap needs one 8-byte load for both:
//
//     z(oh, ow)     = b + w₀·x[at]     + w₁·x[at + 1] + … + w₈·x[at + 2W + 2]
//     z(oh, ow + 1) = b + w₀·x[at + 1] + w₁·x[at + 2] + … + w₈·x[at + 2W + 3]
//                   = the two lanes of   b + w₀·(x[at], x[at+1]) + w₁·(x[at+1], x[at+2]) + …
//
// Every lane does the JavaScript kernel's arithmetic in its order: doubles, the bias first,
// then the taps; each z rounded to float32; the window's winner found by comparing the z's in
// reading order, the first maximum winning. So the outputs are the same bits
// (spec/fast/convPoolSimd.spec.ts). It serves shapes with stride 1, an even pooling size and
// every window inside the image, in float32; the others keep the JavaScript kernel. The
// digits are copied into the module's memory, a few samples at a time, and the results out.
// Previous: fast/compiled.ts. Next: fast/convSimd.ts.

import { MOST_WRITTEN_OUT, type PooledKernel, type PooledShape } from './compiled.ts'
import { F64, forLoop, I32, instantiate, moduleBytes, op, V128, v128, type Bytes, type Memory } from './wasm.ts'

const PAGE = 65536

// Where things lie in the module's memory, in bytes, for `samples` samples at a time.
interface Layout {
  readonly samples: number
  readonly pages: number
  readonly x: number // (samples, C, H, W) floats
  readonly weights: number // (K, C, kH, kW)
  readonly bias: number // (K)
  readonly y: number // (samples, K, pH, pW) floats
  readonly winners: number // (samples, K, pH, pW) int32
  readonly zs: number // (samples, K, pH, pW) floats
}

const layoutOf = (p: PooledShape): Layout | undefined => {
  const { C, H, W, K, kH, kW } = p.g
  const [perSample, outputs] = [C * H * W, K * p.pH * p.pW]
  const fixed = 4 * (K * C * kH * kW + K)
  const bytesPerSample = 4 * (perSample + 3 * outputs)
  // Room for 16 samples, in at most 16 pages (1 MiB); at least one sample must fit.
  const pages = Math.min(16, Math.ceil((fixed + 16 * bytesPerSample) / PAGE))
  const samples = Math.min(16, Math.floor((pages * PAGE - fixed) / bytesPerSample))
  if (samples < 1) return undefined
  const x = 0
  const weights = x + 4 * samples * perSample
  const bias = weights + 4 * K * C * kH * kW
  const y = bias + 4 * K
  const winners = y + 4 * samples * outputs
  return { samples, pages, x, weights, bias, y, winners, zs: winners + 4 * samples * outputs }
}

// The function's parameter and locals, by number.
const N = 0 // i32 parameter: the samples in memory now
const [SAMPLE, FILTER, PH, PW, OUT, WINDOW, ROW, POSITION, BEST, BETTER] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] // i32
const [BEST_Z, Z] = [11, 12] // f64
const [PAIR, BIAS] = [13, 14] // v128
const WEIGHT = 15 // v128, one per tap: 15, 16, …

// The module's bytes for one shape, with its layout.
const pooledModule = (p: PooledShape, at: Layout): Uint8Array => {
  const { C, H, W, K, kH, kW, pad, oW } = p.g
  const taps = C * kH * kW
  const offset = (t: number) => Math.floor(t / (kH * kW)) * H * W + Math.floor((t % (kH * kW)) / kW) * W + (t % kW)
  const [P, Ps] = [p.poolSize, p.poolStride]
  // One window: the z's of each row of the window, two at a time, compared in reading order.
  const window: Bytes[] = []
  for (let i = 0; i < P; i++) {
    for (let j = 0; j < P; j += 2) {
      window.push(op.get(BIAS))
      for (let t = 0; t < taps; t++) {
        window.push([...op.get(WINDOW), ...v128.load64ZeroAt(at.x + 4 * (i * W + j + offset(t))), ...v128.promoteLow, ...op.get(WEIGHT + t), ...v128.mul, ...v128.add])
      }
      window.push([...v128.demoteZero, ...v128.promoteLow, ...op.set(PAIR)]) // each z rounded to float32, as stored
      for (const lane of [0, 1]) {
        const position = i * oW + j + lane // from the window's first position
        window.push([...op.get(PAIR), ...v128.lane(lane), ...op.set(Z)])
        if (i === 0 && j + lane === 0) {
          window.push([...op.get(Z), ...op.set(BEST_Z), ...op.i32Const(0), ...op.set(BEST)])
        } else {
          window.push([
            ...op.get(Z), ...op.get(BEST_Z), ...op.f64Gt, ...op.set(BETTER), //       z > best so far?
            ...op.get(Z), ...op.get(BEST_Z), ...op.get(BETTER), ...op.select, ...op.set(BEST_Z),
            ...op.i32Const(position), ...op.get(BEST), ...op.get(BETTER), ...op.select, ...op.set(BEST),
          ])
        }
      }
    }
  }
  const perSample = 4 * C * H * W
  const body: Bytes = [
    ...forLoop(SAMPLE, op.get(N), 1, forLoop(FILTER, op.i32Const(K), 1, [
      // This filter's taps and bias, each in both lanes.
      ...Array.from({ length: taps }, (_, t) => [
        ...op.get(FILTER), ...op.i32Const(4 * taps), ...op.i32Mul, ...op.f32Load(at.weights + 4 * t), ...op.f64Promote, ...v128.splat, ...op.set(WEIGHT + t),
      ]).flat(),
      ...op.get(FILTER), ...op.i32Const(4), ...op.i32Mul, ...op.f32Load(at.bias), ...op.f64Promote, ...v128.splat, ...op.set(BIAS),
      ...forLoop(PH, op.i32Const(p.pH), 1, [
        // The address of the first patch of this row of windows (padding shifts it up and left).
        ...op.get(SAMPLE), ...op.i32Const(perSample), ...op.i32Mul,
        ...op.get(PH), ...op.i32Const(4 * Ps * W), ...op.i32Mul, ...op.i32Add,
        ...op.i32Const(-4 * (pad * W + pad)), ...op.i32Add, ...op.set(ROW),
        ...forLoop(PW, op.i32Const(p.pW), 1, [
          ...op.get(ROW), ...op.get(PW), ...op.i32Const(4 * Ps), ...op.i32Mul, ...op.i32Add, ...op.set(WINDOW),
          ...op.get(PH), ...op.i32Const(Ps * oW), ...op.i32Mul, ...op.get(PW), ...op.i32Const(Ps), ...op.i32Mul, ...op.i32Add, ...op.set(POSITION),
          ...window.flat(),
          // winners[out], zs[out], y[out] = the activation of the winner's z.
          ...op.get(OUT), ...op.get(POSITION), ...op.get(BEST), ...op.i32Add, ...op.i32Store(at.winners),
          ...op.get(OUT), ...op.get(BEST_Z), ...op.f32Demote, ...op.f32Store(at.zs),
          ...op.get(OUT), ...op.get(BEST_Z), ...op.f64Const(p.slope), ...op.get(BEST_Z), ...op.f64Mul,
          ...op.get(BEST_Z), ...op.f64Const(0), ...op.f64Gt, ...op.select, ...op.f32Demote, ...op.f32Store(at.y),
          ...op.get(OUT), ...op.i32Const(4), ...op.i32Add, ...op.set(OUT),
        ]),
      ]),
    ])),
  ]
  return moduleBytes({
    params: [I32],
    locals: [[10, I32], [2, F64], [2 + taps, V128]],
    body,
    exportName: 'forward',
    pages: at.pages,
  })
}

const cache = new Map<string, PooledKernel | undefined>()

/**
 * The forward kernel of fast/compiled.ts for this shape, in WebAssembly, two positions at a
 * time; undefined where it does not apply (see above) or WebAssembly SIMD cannot run.
 */
export const pooledKernelSimd = (p: PooledShape, allInside: boolean): PooledKernel | undefined => {
  const { C, H, W, K, kH, kW, stride } = p.g
  const taps = C * kH * kW
  if (!p.float32 || !allInside || stride !== 1 || p.poolSize % 2 !== 0 || taps * p.poolSize * p.poolSize > MOST_WRITTEN_OUT) return undefined
  const key = JSON.stringify(p)
  if (cache.has(key)) return cache.get(key)
  const at = layoutOf(p)
  const exports = at && instantiate(pooledModule(p, at))
  const kernel: PooledKernel | undefined = at && exports && (() => {
    const forward = exports.forward as (n: number) => void
    const buffer = (exports.memory as Memory).buffer
    const floats = new Float32Array(buffer)
    const ints = new Int32Array(buffer)
    const [perSample, outputs] = [C * H * W, K * p.pH * p.pW]
    return (x, weights, bias, count, _inside, y, winners, zs) => {
      floats.set(weights, at.weights / 4)
      if (bias === undefined) floats.fill(0, at.bias / 4, at.bias / 4 + K)
      else floats.set(bias, at.bias / 4)
      for (let n = 0; n < count; n += at.samples) {
        const m = Math.min(at.samples, count - n)
        floats.set(x.subarray(n * perSample, (n + m) * perSample), at.x / 4)
        forward(m)
        y.set(floats.subarray(at.y / 4, at.y / 4 + m * outputs), n * outputs)
        winners.set(ints.subarray(at.winners / 4, at.winners / 4 + m * outputs), n * outputs)
        zs.set(floats.subarray(at.zs / 4, at.zs / 4 + m * outputs), n * outputs)
      }
    }
  })()
  cache.set(key, kernel)
  return kernel
}
