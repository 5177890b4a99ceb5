// Appendix: the fused layer with many filters, four floats per instruction
// ========================================================================
//
// The ConvNetJS network's two convolutions (8 filters of 5×5 on a digit, then 16 filters of
// 8×5×5 on 14×14 maps) do 157,000 and 627,000 multiply-adds per image. The JavaScript paths
// (fast/conv2dGemm.ts, fast/conv2dDirect.ts) do them one at a time, in doubles, and took
// three quarters of a training step. Here the fused layer (fast/convPool.ts) gets two
// WebAssembly modules (fast/wasm.ts) per shape that do them four at a time, in float32
// (`f32x4`), generated for the shape as fast/convPoolSimd.ts does:
//
//   forward   copies the samples into a zero-padded frame, then treats four neighbouring
//             outputs of a row as one vector. For a block of 2 filters × 3 vectors, the 6
//             sums stay in registers while a loop goes over the taps (c, kh, kw):
//
//                 z[k, oh, ow..ow+3] += w[k, c, kh, kw] · x[c, oh + kh, ow + kw .. ow + kw + 3]
//
//             one load of x feeds two filters, one load of a weight (in all four lanes) feeds
//             three vectors. Only the rows and columns a pooling window covers are computed
//             (12 of 14 for 3×3 pooling of 14×14). Then each window keeps its first largest z
//             and where it was, and y = act(z), as in fast/convPool.ts: four neighbouring
//             windows at a time, one per lane (the same comparisons in the same order, so the
//             same winners; a loop's chain of comparisons and selects, one window after the
//             other, had cost as much as the first layer's convolution).
//   backward  lists, filter by filter, the windows whose d = dy·act′(z) is not 0, with the
//             corner of the winner's patch in the frame (dBias sums the d's in doubles, as the
//             JavaScript loops do). Then, for each filter and channel, one pass over the list
//             adds, row by row of the patch (four floats as a vector, the rest one by one):
//
//                 dW[k, c, kh, ·] += d · x[patch row]      (sums held in registers)
//                 dx[patch row]   += d · w[k, c, kh, ·]    (only when ∂L/∂x is wanted)
//
//             and copies dx out of its padding.
//
// A tap on the padding multiplies a 0 of the frame, so no loop tests a border. The memory
// never grows (fast/wasm.ts explains why); a batch goes through it 16 samples at a time.
// Two things the compiler taught us (`node --print-wasm-code` prints V8's machine code):
// a loop over the taps, not the taps written out (written out, V8 loaded every tap's numbers
// ahead of time, far more than there are registers: 11,513 moves to and from the stack in the
// module for 200 taps), and no more sums than registers (V8 hands out 15 of the 16 vector
// registers on x86-64; with 4 × 3 sums, four went to the stack and back at every tap).
//
// Float32 arithmetic, not the doubles of the plain loops: every product and every addition is
// rounded to float32, in the plain loops' order for the forward sums (bias, then channel, row,
// column) and for dx, and in the order of the windows for dW. So these are not the plain
// loops' bits: spec/fast/convSimd.spec.ts bounds the difference by (n + 2)·2⁻²⁴ times the sum
// of the n terms' absolute values, and checks the gradients through the layer. The kernels
// are deterministic: the same inputs give the same bits, run after run.
// Previous: fast/convPoolSimd.ts. Next: fast/convPool.ts.

import type { ConvGeometry } from '../kernels/conv2d.ts'
import { float32, floatsLike, int32, type Floats, type ReadonlyFloats } from './memory.ts'
import { bits, F32, F64, f32x4, forLoop, forWhole, I32, instantiate, moduleBytes, op, V128, v128, type Bytes, type Memory } from './wasm.ts'

const PAGE = 65536
const MOST_PAGES = 48 // 3 MiB per module at most
const MOST_SAMPLES = 16

/** What fixes a kernel: the convolution's geometry and the pooling. */
export interface SimdShape {
  readonly g: ConvGeometry
  readonly pH: number
  readonly pW: number
  readonly poolSize: number
  readonly poolStride: number
}

// Sizes shared by the kernels: the rows and columns the pooling reads, and the padded frame.
const framing = (p: SimdShape) => {
  const { H, W, kH, kW, pad } = p.g
  const rows = (p.pH - 1) * p.poolStride + p.poolSize // output rows the windows cover
  const columns = (p.pW - 1) * p.poolStride + p.poolSize
  const vectors = Math.ceil(columns / 4) // four outputs of a row per vector
  const mapW = 4 * vectors
  const frameH = Math.max(H + 2 * pad, rows + kH - 1)
  const frameW = Math.max(W + 2 * pad, mapW + kW - 1)
  return { rows, columns, vectors, mapW, frameH, frameW }
}

// Samples per pass through a memory, and the pages: `fixed` bytes plus `perSample` per sample.
const fit = (fixed: number, perSample: number): { readonly samples: number; readonly pages: number } | undefined => {
  const samples = Math.min(MOST_SAMPLES, Math.floor((MOST_PAGES * PAGE - fixed) / perSample))
  return samples < 1 ? undefined : { samples, pages: Math.ceil((fixed + samples * perSample) / PAGE) }
}

// Copies `planes` planes of H rows of W floats, four at a time, between two layouts: plane
// p's row r starts at byte `from.at + p·from.plane + r·from.row` and goes to
// `to.at + p·to.plane + r·to.row`. It puts a sample into its zero padding (the frame's border
// is never written, so it stays 0) and takes a gradient out of it. (WebAssembly's memory.copy
// would do a row in one instruction, but V8 calls out of the module for it: slower for rows
// this short.) `plane`, `row`, `from` and `to` are i32 locals it may use.
interface Rows {
  readonly at: number
  readonly plane: number
  readonly row: number
}
const copyPlanes = (planes: Bytes, H: number, W: number, from: Rows, to: Rows, locals: readonly [plane: number, row: number, from: number, to: number]): Bytes => {
  const [PLANE_, ROW_, FROM_, TO_] = locals
  const copyRow: Bytes[] = []
  for (let i = 0; i + 4 <= W; i += 4) copyRow.push([...op.get(TO_), ...op.get(FROM_), ...f32x4.load(from.at + 4 * i), ...f32x4.store(to.at + 4 * i)])
  for (let i = W - (W % 4); i < W; i++) copyRow.push([...op.get(TO_), ...op.get(FROM_), ...op.f32Load(from.at + 4 * i), ...op.f32Store(to.at + 4 * i)])
  return forLoop(PLANE_, planes, 1, forLoop(ROW_, op.i32Const(H), 1, [
    ...op.get(PLANE_), ...op.i32Const(from.plane), ...op.i32Mul, ...op.get(ROW_), ...op.i32Const(from.row), ...op.i32Mul, ...op.i32Add, ...op.set(FROM_),
    ...op.get(PLANE_), ...op.i32Const(to.plane), ...op.i32Mul, ...op.get(ROW_), ...op.i32Const(to.row), ...op.i32Mul, ...op.i32Add, ...op.set(TO_),
    ...copyRow.flat(),
  ]))
}

// The forward kernel
// ------------------

// Filters per block and vectors per block: 2 × 3 sums, the 3 x vectors and 2 weights fit in
// the 15 vector registers V8 hands out on x86-64. (With 4 × 3 sums, four of them went to the
// stack and back at every tap: `node --print-wasm-code` shows the machine code.)
const FILTER_BLOCK = 2
const VECTOR_BLOCK = 3
const filterBlock = (K: number): number => (K % FILTER_BLOCK === 0 ? FILTER_BLOCK : 1)

// The column groups of a row: `vectors` split into groups of at most `most`, as even as can be.
const groupsOf = (vectors: number, most: number): readonly (readonly [first: number, count: number])[] => {
  const count = Math.ceil(vectors / most)
  const groups: [number, number][] = []
  for (let i = 0, first = 0; i < count; i++) {
    const size = Math.floor(vectors / count) + (i < vectors % count ? 1 : 0)
    groups.push([first, size])
    first += size
  }
  return groups
}

interface ForwardLayout {
  readonly samples: number
  readonly pages: number
  readonly weights: number // bytes: (K, C·kH·kW) floats
  readonly bias: number //    (K)
  readonly table: number //   (C·kH·kW) int32: each tap's offset in the frame, in bytes
  readonly raw: number //     (samples, C, H, W): the input as it comes
  readonly x: number //       (samples, C, frameH, frameW): the same inside its zero padding
  readonly map: number //     (samples, K, rows, mapW): the convolution, where pooling reads it
  readonly y: number //       (samples, K, pH, pW) floats
  readonly winners: number // (samples, K, pH, pW) int32
  readonly zs: number //      (samples, K, pH, pW) floats
}

const forwardLayout = (p: SimdShape): ForwardLayout | undefined => {
  const { C, K, H, W, kH, kW } = p.g
  const f = framing(p)
  const fixed = 4 * (K * C * kH * kW + K + C * kH * kW)
  const start = 16 * Math.ceil(fixed / 16)
  const [raw, frame, map, pooled] = [C * H * W, C * f.frameH * f.frameW, K * f.rows * f.mapW, K * p.pH * p.pW]
  const sized = fit(start, 4 * (raw + frame + map + 3 * pooled) + 64)
  if (sized === undefined) return undefined
  // Each region on a 16-byte boundary.
  const regions = [raw, frame, map, pooled, pooled, pooled].reduce<number[]>((at, floats) => [...at, at[at.length - 1]! + 16 * Math.ceil((4 * sized.samples * floats) / 16)], [start])
  return { ...sized, weights: 0, bias: 4 * K * C * kH * kW, table: 4 * (K * C * kH * kW + K), raw: regions[0]!, x: regions[1]!, map: regions[2]!, y: regions[3]!, winners: regions[4]!, zs: regions[5]! }
}

// Locals of the forward function: the parameter, counters and addresses, the pooling's
// floats, then the vectors.
const [COUNT, SAMPLE, BLOCK, ROW, XAT, MAPAT, WAT, BAT] = [0, 1, 2, 3, 4, 5, 6, 7]
const [PLANE, PH, PW, WINDOW, POSITION, BEST, BETTER, OUT] = [8, 9, 10, 11, 12, 13, 14, 15] // i32
const [TAP, TAP_AT] = [16, 17] // i32: the tap (times 4), and its x's address
const [BEST_Z, Z] = [18, 19] // f32
const BEST_64 = 20 // f64
const VECTORS = 21 // v128 locals from here: the x vectors, the weight, the sums

const forwardModule = (p: SimdShape, at: ForwardLayout, slope: number): Uint8Array => {
  const { C, K, H, W, kH, kW, pad, oW } = p.g
  const f = framing(p)
  const taps = C * kH * kW
  const KB = filterBlock(K)
  const groups = groupsOf(f.vectors, VECTOR_BLOCK)
  const mostVB = groups.reduce((most, [, count]) => Math.max(most, count), 1)
  const xv = (v: number) => VECTORS + v
  const weight = VECTORS + mostVB
  const sum = (kk: number, v: number) => VECTORS + mostVB + 1 + kk * mostVB + v
  const POOL_VECTORS = VECTORS + mostVB + 1 + KB * mostVB // six more v128 locals, for the pooling
  // 1. Each sample into its place in the padded frame.
  const padding = copyPlanes([...op.get(COUNT), ...op.i32Const(C), ...op.i32Mul], H, W,
    { at: at.raw, plane: 4 * H * W, row: 4 * W },
    { at: at.x + 4 * (pad * f.frameW + pad), plane: 4 * f.frameH * f.frameW, row: 4 * f.frameW },
    [PLANE, ROW, TAP, TAP_AT])
  // 2. The convolution: for each block of filters and each row, the sums of each group of
  // vectors in registers while the taps go by.
  // One tap per turn of a loop, not all of them written out: the compiler would load every
  // tap's numbers ahead of time, far more than there are registers (measured: 11,513 spills to
  // the stack in a module for 200 taps). The taps' offsets in the frame come from a table.
  const row: Bytes[] = []
  for (const [first, count] of groups) {
    for (let kk = 0; kk < KB; kk++) for (let v = 0; v < count; v++) row.push([...op.get(BAT), ...f32x4.loadSplat(at.bias + 4 * kk), ...op.set(sum(kk, v))])
    const tap: Bytes[] = [[...op.get(XAT), ...op.get(TAP), ...op.i32Load(at.table), ...op.i32Add, ...op.set(TAP_AT)]]
    for (let v = 0; v < count; v++) tap.push([...op.get(TAP_AT), ...f32x4.load(at.x + 16 * (first + v)), ...op.set(xv(v))])
    for (let kk = 0; kk < KB; kk++) {
      tap.push([...op.get(WAT), ...op.get(TAP), ...op.i32Add, ...f32x4.loadSplat(at.weights + 4 * kk * taps), ...op.set(weight)])
      for (let v = 0; v < count; v++) tap.push([...op.get(sum(kk, v)), ...op.get(weight), ...op.get(xv(v)), ...f32x4.mul, ...f32x4.add, ...op.set(sum(kk, v))])
    }
    row.push(forLoop(TAP, op.i32Const(4 * taps), 4, tap.flat()))
    for (let kk = 0; kk < KB; kk++) {
      for (let v = 0; v < count; v++) row.push([...op.get(MAPAT), ...op.get(sum(kk, v)), ...f32x4.store(at.map + 4 * (kk * f.rows * f.mapW + 4 * (first + v)))])
    }
  }
  const convolution = forLoop(SAMPLE, op.get(COUNT), 1, forLoop(BLOCK, op.i32Const(K / KB), 1, [
    ...op.get(BLOCK), ...op.i32Const(4 * KB * taps), ...op.i32Mul, ...op.set(WAT),
    ...op.get(BLOCK), ...op.i32Const(4 * KB), ...op.i32Mul, ...op.set(BAT),
    ...forLoop(ROW, op.i32Const(f.rows), 1, [
      ...op.get(SAMPLE), ...op.i32Const(4 * C * f.frameH * f.frameW), ...op.i32Mul,
      ...op.get(ROW), ...op.i32Const(4 * f.frameW), ...op.i32Mul, ...op.i32Add, ...op.set(XAT),
      ...op.get(SAMPLE), ...op.i32Const(4 * K * f.rows * f.mapW), ...op.i32Mul,
      ...op.get(BLOCK), ...op.i32Const(4 * KB * f.rows * f.mapW), ...op.i32Mul, ...op.i32Add,
      ...op.get(ROW), ...op.i32Const(4 * f.mapW), ...op.i32Mul, ...op.i32Add, ...op.set(MAPAT),
      ...row.flat(),
    ]),
  ]))
  // 3. Pooling: each window's positions in reading order, the first maximum winning, as in
  // fast/convPool.ts; then y = the activation of the winner's z (in doubles, as there).
  const window: Bytes[] = []
  for (let i = 0; i < p.poolSize; i++) {
    for (let j = 0; j < p.poolSize; j++) {
      const load = [...op.get(WINDOW), ...op.f32Load(at.map + 4 * (i * f.mapW + j))]
      if (i === 0 && j === 0) {
        window.push([...load, ...op.set(BEST_Z), ...op.i32Const(0), ...op.set(BEST)])
        continue
      }
      window.push([
        ...load, ...op.set(Z),
        ...op.get(Z), ...op.get(BEST_Z), ...op.f32Gt, ...op.set(BETTER),
        ...op.get(Z), ...op.get(BEST_Z), ...op.get(BETTER), ...op.select, ...op.set(BEST_Z),
        ...op.i32Const(i * oW + j), ...op.get(BEST), ...op.get(BETTER), ...op.select, ...op.set(BEST),
      ])
    }
  }
  // Four neighbouring windows at a time where four fit in the row: lane l holds window pw + l,
  // each position of the windows gathered lane by lane, the comparisons the same (lane by lane
  // the very comparisons of the loop above, so the same winners); the rest one at a time.
  const [BEST_V, BEST_AT, V, MASK, LOW, HIGH] = [POOL_VECTORS, POOL_VECTORS + 1, POOL_VECTORS + 2, POOL_VECTORS + 3, POOL_VECTORS + 4, POOL_VECTORS + 5]
  const Ps = p.poolStride
  const quad: Bytes[] = []
  for (let i = 0; i < p.poolSize; i++) {
    for (let j = 0; j < p.poolSize; j++) {
      const offset = at.map + 4 * (i * f.mapW + j)
      const gather = [
        ...op.get(WINDOW), ...op.f32Load(offset), ...f32x4.splat,
        ...[1, 2, 3].flatMap((l) => [...op.get(WINDOW), ...op.f32Load(offset + 4 * l * Ps), ...f32x4.replaceLane(l)]),
      ]
      if (i === 0 && j === 0) {
        quad.push([...gather, ...op.set(BEST_V), ...bits.int32s(0, 0, 0, 0), ...op.set(BEST_AT)])
        continue
      }
      const position = i * oW + j
      quad.push([
        ...gather, ...op.set(V),
        ...op.get(V), ...op.get(BEST_V), ...f32x4.gt, ...op.set(MASK),
        ...op.get(V), ...op.get(BEST_V), ...op.get(MASK), ...bits.select, ...op.set(BEST_V),
        ...bits.int32s(position, position, position, position), ...op.get(BEST_AT), ...op.get(MASK), ...bits.select, ...op.set(BEST_AT),
      ])
    }
  }
  // y = z > 0 ? z : slope·z in doubles, two lanes at a time, as the loop above.
  const activation = (half: number, offset: number): Bytes => [
    ...op.get(half), ...op.get(half), ...op.f64Const(slope), ...v128.splat, ...v128.mul,
    ...op.get(half), ...op.f64Const(0), ...v128.splat, ...v128.gt, ...bits.select, ...v128.demoteZero, ...op.set(half),
    ...op.get(OUT), ...op.get(half), ...v128.store64LaneAt(at.y + offset),
  ]
  const windowAt = [
    ...op.get(PLANE), ...op.i32Const(4 * f.rows * f.mapW), ...op.i32Mul,
    ...op.get(PH), ...op.i32Const(4 * Ps * f.mapW), ...op.i32Mul, ...op.i32Add,
    ...op.get(PW), ...op.i32Const(4 * Ps), ...op.i32Mul, ...op.i32Add, ...op.set(WINDOW),
    ...op.get(PH), ...op.i32Const(Ps * oW), ...op.i32Mul, ...op.get(PW), ...op.i32Const(Ps), ...op.i32Mul, ...op.i32Add, ...op.set(POSITION),
  ]
  const fourWindows = [
    ...windowAt,
    ...quad.flat(),
    ...op.get(OUT), ...op.get(POSITION), ...bits.int32Splat, ...bits.int32s(0, Ps, 2 * Ps, 3 * Ps), ...bits.int32Add, ...op.get(BEST_AT), ...bits.int32Add, ...f32x4.store(at.winners),
    ...op.get(OUT), ...op.get(BEST_V), ...f32x4.store(at.zs),
    ...op.get(BEST_V), ...v128.promoteLow, ...op.set(LOW),
    ...op.get(BEST_V), ...op.get(BEST_V), ...bits.shuffle([8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7]), ...v128.promoteLow, ...op.set(HIGH),
    ...activation(LOW, 0), ...activation(HIGH, 8),
    ...op.get(OUT), ...op.i32Const(16), ...op.i32Add, ...op.set(OUT),
  ]
  const oneWindow = [
    ...windowAt,
    ...window.flat(),
    ...op.get(OUT), ...op.get(POSITION), ...op.get(BEST), ...op.i32Add, ...op.i32Store(at.winners),
    ...op.get(OUT), ...op.get(BEST_Z), ...op.f32Store(at.zs),
    ...op.get(BEST_Z), ...op.f64Promote, ...op.set(BEST_64),
    ...op.get(OUT),
    ...op.get(BEST_64), ...op.f64Const(slope), ...op.get(BEST_64), ...op.f64Mul, ...op.get(BEST_64), ...op.f64Const(0), ...op.f64Gt, ...op.select,
    ...op.f32Demote, ...op.f32Store(at.y),
    ...op.get(OUT), ...op.i32Const(4), ...op.i32Add, ...op.set(OUT),
  ]
  const pooling = [
    ...op.i32Const(0), ...op.set(OUT),
    ...forLoop(PLANE, [...op.get(COUNT), ...op.i32Const(K), ...op.i32Mul], 1, forLoop(PH, op.i32Const(p.pH), 1, [
      ...forWhole(PW, op.i32Const(0), op.i32Const(p.pW), 4, fourWindows),
      ...forWhole(PW, op.get(PW), op.i32Const(p.pW), 1, oneWindow),
    ])),
  ]
  return moduleBytes({
    params: [I32],
    locals: [[17, I32], [2, F32], [1, F64], [mostVB + 1 + KB * mostVB + 6, V128]],
    body: [...padding, ...convolution, ...pooling],
    exportName: 'forward',
    pages: at.pages,
  })
}

/** y, the winners and their z, as fast/convPool.ts's forward pass returns them. */
export type SimdForward = (
  x: ReadonlyFloats, //       (N, C, H, W) float32
  weights: ReadonlyFloats, // (K, C, kH, kW)
  bias: ReadonlyFloats | undefined, // (K)
  N: number,
) => readonly [Floats, Int32Array, Floats]

const makeForward = (p: SimdShape, slope: number): SimdForward | undefined => {
  const at = forwardLayout(p)
  const exports = at && instantiate(forwardModule(p, at, slope))
  if (at === undefined || exports === undefined) return undefined
  const run = exports.forward as (count: number) => void
  const buffer = (exports.memory as Memory).buffer
  const floats = new Float32Array(buffer)
  const ints = new Int32Array(buffer)
  const { C, H, W, K, kH, kW } = p.g
  const [perSample, outputs] = [C * H * W, K * p.pH * p.pW]
  const f = framing(p)
  for (let t = 0; t < C * kH * kW; t++) {
    ints[at.table / 4 + t] = 4 * (Math.floor(t / (kH * kW)) * f.frameH * f.frameW + Math.floor((t % (kH * kW)) / kW) * f.frameW + (t % kW))
  }
  return (x, weights, bias, N) => {
    floats.set(weights, at.weights / 4)
    if (bias === undefined) floats.fill(0, at.bias / 4, at.bias / 4 + K)
    else floats.set(bias, at.bias / 4)
    const y = float32(N * outputs)
    const winners = int32(N * outputs)
    const zs = float32(N * outputs)
    for (let n = 0; n < N; n += at.samples) {
      const m = Math.min(at.samples, N - n)
      floats.set(x.subarray(n * perSample, (n + m) * perSample), at.raw / 4)
      run(m)
      y.set(floats.subarray(at.y / 4, at.y / 4 + m * outputs), n * outputs)
      winners.set(ints.subarray(at.winners / 4, at.winners / 4 + m * outputs), n * outputs)
      zs.set(floats.subarray(at.zs / 4, at.zs / 4 + m * outputs), n * outputs)
    }
    return [y, winners, zs]
  }
}

// The backward kernel
// -------------------

interface BackwardLayout {
  readonly samples: number
  readonly pages: number
  readonly weights: number //  bytes: (K, C·kH·kW) floats
  readonly dWeights: number // (K, C·kH·kW) floats
  readonly starts: number //   (K + 1) int32: where each filter's windows start in the list, in bytes
  readonly sums: number //     (K) doubles: dBias
  readonly table: number //    (oH·oW) int32: where each position's patch starts in the frame, in bytes
  readonly d: number //        (samples·K·pH·pW) floats: the list's d
  readonly corners: number //  (samples·K·pH·pW) int32: and their patch's corner in the frames, in bytes
  readonly z: number //        (samples, K, pH, pW) floats: the winners' z, as the forward pass left them
  readonly dy: number //       (samples, K, pH, pW) floats
  readonly winners: number //  (samples, K, pH, pW) int32
  readonly raw: number //      (samples, C, H, W) floats: the input as it comes, and dx as it leaves
  readonly x: number //        (samples, C, H + 2p, W + 2p) floats
  readonly dx: number //       (samples, C, H + 2p, W + 2p) floats
}

const backwardLayout = (p: SimdShape): BackwardLayout | undefined => {
  const { C, K, H, W, kH, kW, pad, oH, oW } = p.g
  const [frame, list, raw] = [C * (H + 2 * pad) * (W + 2 * pad), K * p.pH * p.pW, C * H * W]
  const fixedFloats = [K * C * kH * kW, K * C * kH * kW, K + 1, 2 * K, oH * oW]
  const perSample = [list, list, list, list, list, raw, frame, frame]
  const fixed = fixedFloats.reduce((sum, n) => sum + 16 * Math.ceil((4 * n) / 16), 0)
  const sized = fit(fixed, 4 * perSample.reduce((sum, n) => sum + n, 0) + 16 * perSample.length)
  if (sized === undefined) return undefined
  // Each region on a 16-byte boundary.
  const sizes = [...fixedFloats, ...perSample.map((n) => sized.samples * n)]
  const regions = sizes.reduce<number[]>((at, floats) => [...at, at[at.length - 1]! + 16 * Math.ceil((4 * floats) / 16)], [0])
  const [weights, dWeights, starts, sums, table, d, corners, z, dy, winners, rawAt, x, dx] = regions as [number, number, number, number, number, number, number, number, number, number, number, number, number]
  return { ...sized, weights, dWeights, starts, sums, table, d, corners, z, dy, winners, raw: rawAt, x, dx }
}

// Locals of the backward function: the parameter (the samples in memory), counters and
// addresses, the window's d, then the vectors and the scalar sums.
const [FILTER, ENTRY, END, CORNER, WROW, SAMPLE_, Q, INDEX, LISTED] = [1, 2, 3, 4, 5, 6, 7, 8, 9] // i32
const [PLANE_, ROW_, FROM, TO] = [10, 11, 12, 13] // i32
const D = 14 // f32
const [D_64, SUM_64] = [15, 16] // f64
const DV = 17 // v128
const SUMS = 18 // v128 sums (kH · vectors per row), then f32 sums (kH · leftover columns)

const backwardModule = (p: SimdShape, at: BackwardLayout, slope: number, wantDx: boolean): Uint8Array => {
  const { C, K, H, W, kH, kW, pad } = p.g
  const [frameH, frameW] = [H + 2 * pad, W + 2 * pad]
  const taps = C * kH * kW
  const plane = p.pH * p.pW
  // 1. Each sample into its zero padding.
  const padding = copyPlanes([...op.get(COUNT), ...op.i32Const(C), ...op.i32Mul], H, W,
    { at: at.raw, plane: 4 * H * W, row: 4 * W },
    { at: at.x + 4 * (pad * frameW + pad), plane: 4 * frameH * frameW, row: 4 * frameW },
    [PLANE_, ROW_, FROM, TO])
  // 2. The list: for each filter, the windows whose d = (z > 0 ? dy : slope·dy) is not 0, in
  // the order of samples and windows, with their patch's corner; dBias sums the d's in
  // doubles, as the JavaScript loops do.
  const listing = [
    ...op.i32Const(0), ...op.set(LISTED),
    ...forLoop(FILTER, op.i32Const(K), 1, [
      ...op.get(FILTER), ...op.i32Const(4), ...op.i32Mul, ...op.get(LISTED), ...op.i32Store(at.starts),
      ...op.get(FILTER), ...op.i32Const(8), ...op.i32Mul, ...op.f64Load(at.sums), ...op.set(SUM_64),
      ...forLoop(SAMPLE_, op.get(COUNT), 1, [
        ...op.get(SAMPLE_), ...op.i32Const(K), ...op.i32Mul, ...op.get(FILTER), ...op.i32Add, ...op.i32Const(4 * plane), ...op.i32Mul, ...op.set(INDEX),
        ...forLoop(Q, op.i32Const(plane), 1, [
          ...op.get(INDEX), ...op.f32Load(at.dy), ...op.f64Promote, ...op.set(D_64),
          ...op.get(D_64), ...op.f64Const(slope), ...op.get(D_64), ...op.f64Mul,
          ...op.get(INDEX), ...op.f32Load(at.z), ...op.f32Const(0), ...op.f32Gt, ...op.select, ...op.set(D_64),
          ...op.get(D_64), ...op.f64Const(0), ...op.f64Ne, ...op.if,
          ...op.get(SUM_64), ...op.get(D_64), ...op.f64Add, ...op.set(SUM_64),
          ...op.get(LISTED), ...op.get(D_64), ...op.f32Demote, ...op.f32Store(at.d),
          ...op.get(LISTED),
          ...op.get(INDEX), ...op.i32Load(at.winners), ...op.i32Const(4), ...op.i32Mul, ...op.i32Load(at.table),
          ...op.get(SAMPLE_), ...op.i32Const(4 * C * frameH * frameW), ...op.i32Mul, ...op.i32Add, ...op.i32Store(at.corners),
          ...op.get(LISTED), ...op.i32Const(4), ...op.i32Add, ...op.set(LISTED),
          ...op.end,
          ...op.get(INDEX), ...op.i32Const(4), ...op.i32Add, ...op.set(INDEX),
        ]),
      ]),
      ...op.get(FILTER), ...op.i32Const(8), ...op.i32Mul, ...op.get(SUM_64), ...op.f64Store(at.sums),
    ]),
    ...op.i32Const(0), ...op.get(LISTED), ...op.i32Store(at.starts + 4 * K),
  ]
  // 3. For each filter and channel, one pass over the list: dW's row sums in registers, dx's
  // rows updated in memory.
  const [vecs, rest] = [Math.floor(kW / 4), kW % 4] // a patch row: whole vectors, then single floats
  const vSum = (kh: number, v: number) => SUMS + kh * vecs + v
  const sSum = (kh: number, j: number) => SUMS + kH * vecs + kh * rest + j
  const channels: Bytes[] = []
  for (let c = 0; c < C; c++) {
    const tap = (kh: number, kw: number) => (c * kH + kh) * kW + kw // within the filter
    const frameAt = (kh: number, kw: number) => 4 * (c * frameH * frameW + kh * frameW + kw) // from the corner
    const load: Bytes[] = []
    const store: Bytes[] = []
    const step: Bytes[] = []
    for (let kh = 0; kh < kH; kh++) {
      for (let v = 0; v < vecs; v++) {
        load.push([...op.get(WROW), ...f32x4.load(at.dWeights + 4 * tap(kh, 4 * v)), ...op.set(vSum(kh, v))])
        store.push([...op.get(WROW), ...op.get(vSum(kh, v)), ...f32x4.store(at.dWeights + 4 * tap(kh, 4 * v))])
        step.push([...op.get(vSum(kh, v)), ...op.get(DV), ...op.get(CORNER), ...f32x4.load(at.x + frameAt(kh, 4 * v)), ...f32x4.mul, ...f32x4.add, ...op.set(vSum(kh, v))])
        if (wantDx) {
          step.push([
            ...op.get(CORNER), ...op.get(CORNER), ...f32x4.load(at.dx + frameAt(kh, 4 * v)),
            ...op.get(DV), ...op.get(WROW), ...f32x4.load(at.weights + 4 * tap(kh, 4 * v)), ...f32x4.mul, ...f32x4.add, ...f32x4.store(at.dx + frameAt(kh, 4 * v)),
          ])
        }
      }
      for (let j = 0; j < rest; j++) {
        const kw = 4 * vecs + j
        load.push([...op.get(WROW), ...op.f32Load(at.dWeights + 4 * tap(kh, kw)), ...op.set(sSum(kh, j))])
        store.push([...op.get(WROW), ...op.get(sSum(kh, j)), ...op.f32Store(at.dWeights + 4 * tap(kh, kw))])
        step.push([...op.get(sSum(kh, j)), ...op.get(D), ...op.get(CORNER), ...op.f32Load(at.x + frameAt(kh, kw)), ...op.f32Mul, ...op.f32Add, ...op.set(sSum(kh, j))])
        if (wantDx) {
          step.push([
            ...op.get(CORNER), ...op.get(CORNER), ...op.f32Load(at.dx + frameAt(kh, kw)),
            ...op.get(D), ...op.get(WROW), ...op.f32Load(at.weights + 4 * tap(kh, kw)), ...op.f32Mul, ...op.f32Add, ...op.f32Store(at.dx + frameAt(kh, kw)),
          ])
        }
      }
    }
    channels.push([
      ...load.flat(),
      ...op.get(FILTER), ...op.i32Const(4), ...op.i32Mul, ...op.i32Load(at.starts), ...op.set(ENTRY),
      ...op.get(FILTER), ...op.i32Const(4), ...op.i32Mul, ...op.i32Load(at.starts + 4), ...op.set(END),
      ...op.block, ...op.loop,
      ...op.get(ENTRY), ...op.get(END), ...op.i32GeU, ...op.brIf(1),
      ...op.get(ENTRY), ...op.f32Load(at.d), ...op.set(D),
      ...op.get(D), ...f32x4.splat, ...op.set(DV),
      ...op.get(ENTRY), ...op.i32Load(at.corners), ...op.set(CORNER),
      ...step.flat(),
      ...op.get(ENTRY), ...op.i32Const(4), ...op.i32Add, ...op.set(ENTRY),
      ...op.br(0), ...op.end, ...op.end,
      ...store.flat(),
    ])
  }
  const gradients = forLoop(FILTER, op.i32Const(K), 1, [
    ...op.get(FILTER), ...op.i32Const(4 * taps), ...op.i32Mul, ...op.set(WROW),
    ...channels.flat(),
  ])
  // 4. dx out of its padding, where the input came in.
  const cropping = wantDx
    ? copyPlanes([...op.get(COUNT), ...op.i32Const(C), ...op.i32Mul], H, W,
      { at: at.dx + 4 * (pad * frameW + pad), plane: 4 * frameH * frameW, row: 4 * frameW },
      { at: at.raw, plane: 4 * H * W, row: 4 * W },
      [PLANE_, ROW_, FROM, TO])
    : []
  return moduleBytes({
    params: [I32],
    locals: [[13, I32], [1, F32], [2, F64], [1 + kH * vecs, V128], [kH * rest, F32]],
    body: [...padding, ...listing, ...gradients, ...cropping],
    exportName: 'backward',
    pages: at.pages,
  })
}

/** dx (when wanted), dWeights and dBias, as fast/convPool.ts's backward pass returns them. */
export type SimdBackward = (
  x: ReadonlyFloats, //       (N, C, H, W) the layer's input, float32
  winners: Readonly<Int32Array>, // (N, K, pH, pW)
  z: ReadonlyFloats, //       (N, K, pH, pW) float32
  dy: ReadonlyFloats, //      (N, K, pH, pW) float32
  weights: ReadonlyFloats, // (K, C, kH, kW)
  N: number,
) => readonly [Floats | undefined, Floats, Floats]

const makeBackward = (p: SimdShape, slope: number, wantDx: boolean): SimdBackward | undefined => {
  const at = backwardLayout(p)
  const exports = at && instantiate(backwardModule(p, at, slope, wantDx))
  if (at === undefined || exports === undefined) return undefined
  const run = exports.backward as (count: number) => void
  const buffer = (exports.memory as Memory).buffer
  const floats = new Float32Array(buffer)
  const ints = new Int32Array(buffer)
  const doubles = new Float64Array(buffer)
  const { C, K, H, W, kH, kW, pad, oH, oW } = p.g
  const [frameH, frameW] = [H + 2 * pad, W + 2 * pad]
  const frame = C * frameH * frameW
  const taps = C * kH * kW
  const [perSample, outputs] = [C * H * W, K * p.pH * p.pW]
  for (let oh = 0; oh < oH; oh++) for (let ow = 0; ow < oW; ow++) ints[at.table / 4 + oh * oW + ow] = 4 * (oh * frameW + ow)
  return (x, winners, z, dy, weights, N) => {
    floats.set(weights, at.weights / 4)
    floats.fill(0, at.dWeights / 4, at.dWeights / 4 + K * taps)
    doubles.fill(0, at.sums / 8, at.sums / 8 + K)
    const dx = wantDx ? floatsLike(dy, N * perSample) : undefined
    for (let n = 0; n < N; n += at.samples) {
      const m = Math.min(at.samples, N - n)
      floats.set(x.subarray(n * perSample, (n + m) * perSample), at.raw / 4)
      floats.set(z.subarray(n * outputs, (n + m) * outputs), at.z / 4)
      floats.set(dy.subarray(n * outputs, (n + m) * outputs), at.dy / 4)
      ints.set(winners.subarray(n * outputs, (n + m) * outputs), at.winners / 4)
      if (wantDx) floats.fill(0, at.dx / 4, at.dx / 4 + m * frame)
      run(m)
      if (dx !== undefined) dx.set(floats.subarray(at.raw / 4, at.raw / 4 + m * perSample), n * perSample)
    }
    const dWeights = floatsLike(dy, K * taps)
    dWeights.set(floats.subarray(at.dWeights / 4, at.dWeights / 4 + K * taps))
    const dBias = floatsLike(dy, K)
    dBias.set(doubles.subarray(at.sums / 8, at.sums / 8 + K))
    return [dx, dWeights, dBias]
  }
}

// Kernels are made once per shape and kept.
const forwards = new Map<string, SimdForward | undefined>()
const backwards = new Map<string, SimdBackward | undefined>()

// Shapes served: stride 1 (neighbouring outputs read neighbouring inputs, four to a vector)
// and at least four filters (with fewer, fast/compiled.ts's written-out kernels serve).
const serves = (p: SimdShape): boolean => p.g.stride === 1 && p.g.K >= 4 && p.pH >= 1 && p.pW >= 1

/**
 * The fused layer's forward pass for this shape in WebAssembly, float32, four outputs at a
 * time; undefined where it does not serve the shape or WebAssembly SIMD cannot run.
 */
export const forwardSimd = (p: SimdShape, slope: number): SimdForward | undefined => {
  if (!serves(p) || !Number.isFinite(slope)) return undefined
  const key = JSON.stringify([p, slope])
  if (!forwards.has(key)) forwards.set(key, makeForward(p, slope))
  return forwards.get(key)
}

/** The fused layer's backward pass (with dx when `wantDx`), likewise. */
export const backwardSimd = (p: SimdShape, slope: number, wantDx: boolean): SimdBackward | undefined => {
  if (!serves(p) || !Number.isFinite(slope)) return undefined
  const key = JSON.stringify([p, slope, wantDx])
  if (!backwards.has(key)) backwards.set(key, makeBackward(p, slope, wantDx))
  return backwards.get(key)
}
