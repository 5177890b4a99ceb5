// Appendix: a big dense layer over a batch, four floats per instruction
// ======================================================================
//
// The 99% recipe's network has a dense layer of 128 outputs over 784 features: 100,352
// weights, and over a batch of 32 three matrix products of 3.2 million multiply-adds each
// (fast/denseFast.ts), more than its two convolutions together. The JavaScript products of
// fast/gemm.ts do them one at a time, in doubles. Here they run in two WebAssembly modules
// (fast/wasm.ts), four floats per instruction, in float32:
//
//   dot      y[n, o] = b[o] + Σ_f x[n, f] · W[o, f]       rows of x against rows of W: the
//            sums of 2 rows × 4 outputs, each a vector of four partial sums over f, stay in
//            registers while f goes by; at the end each vector's four lanes are added.
//   splat    out[m, f..f+3] (+)= Σ_p A[m, p] · B[p, f..f+3]   one number of A, in all four
//            lanes, times four neighbouring numbers of B's row p: 2 rows × 4 vectors of sums
//            in registers while p goes by. Both gradients are of this form:
//
//                dx = dy · W     m = sample, p = output, A = dy,  B = W
//                dW = dyᵀ · x    m = output, p = sample, A = dyᵀ, B = x
//
// Each module has one fixed memory (never grown: fast/wasm.ts explains why) and serves any
// sizes that fit in it; a batch goes through it a few rows at a time. Only big layers use
// them (from 16,384 weights: below, copying the weights in and out costs more than the
// products; the benchmark's networks keep their JavaScript products), in float32, with F a
// multiple of 4.
//
// The sums are float32 and in another order than the plain loops' (four partial sums, then
// their lanes), so they agree to rounding: spec/fast/denseBatchSimd.spec.ts bounds the
// difference by (n + 4)·2⁻²⁴ times the sum of the n terms' absolute values. Deterministic:
// the same inputs give the same bits.
// Previous: fast/denseSimd.ts. Next: fast/denseFast.ts.

import { floatsLike, type Floats, type ReadonlyFloats } from './memory.ts'
import { f32x4, forLoop, forWhole, I32, instantiate, moduleBytes, op, V128, type Bytes, type Memory } from './wasm.ts'

const PAGES = 96 // 6 MiB per module
const FLOATS = (PAGES * 65536) / 4

/** The fewest weights (O·F) for which the modules are used. */
export const SIMD_DENSE_FROM = 16384

// Byte address base + 4·(index), with index an i32 expression.
const at = (base: number, index: Bytes): Bytes => [...op.get(base), ...index, ...op.i32Const(4), ...op.i32Mul, ...op.i32Add]
const times = (a: number, b: number): Bytes => [...op.get(a), ...op.get(b), ...op.i32Mul]

// The dot module
// --------------
// run(rows, F, O, x, w, bias, y): rows even and O a multiple of 4 (the caller pads with
// zeros), F a multiple of 4; addresses in bytes; y has rows of O.
const [ROWS, F_, O_, X, WT, BIAS, Y] = [0, 1, 2, 3, 4, 5, 6] // parameters
const [N_, O2, F2, XA, XB, WA] = [7, 8, 9, 10, 11, 12] // i32 locals
const [X0, X1, W_] = [13, 14, 15] // v128 locals, then the 8 sums
const dotSum = (r: number, j: number) => 16 + r * 4 + j

const dotModule = (): Uint8Array => {
  const step: Bytes[] = [
    [...op.get(XA), ...op.get(F2), ...op.i32Add, ...f32x4.load(0), ...op.set(X0)],
    [...op.get(XB), ...op.get(F2), ...op.i32Add, ...f32x4.load(0), ...op.set(X1)],
  ]
  for (let j = 0; j < 4; j++) {
    step.push([...op.get(WA), ...op.get(F2), ...op.i32Add, ...op.get(F_), ...op.i32Const(4 * j), ...op.i32Mul, ...op.i32Add, ...f32x4.load(0), ...op.set(W_)])
    for (const [r, x] of [[0, X0], [1, X1]] as const) step.push([...op.get(dotSum(r, j)), ...op.get(x), ...op.get(W_), ...f32x4.mul, ...f32x4.add, ...op.set(dotSum(r, j))])
  }
  const finish: Bytes[] = []
  for (let r = 0; r < 2; r++) {
    for (let j = 0; j < 4; j++) {
      const s = dotSum(r, j)
      // y[n + r, o + j] = bias[o + j] + ((lane 0 + lane 1) + (lane 2 + lane 3))
      finish.push([
        ...at(Y, [...op.get(N_), ...op.i32Const(r), ...op.i32Add, ...op.get(O_), ...op.i32Mul, ...op.get(O2), ...op.i32Add]),
        ...at(BIAS, op.get(O2)), ...op.f32Load(4 * j),
        ...op.get(s), ...f32x4.lane(0), ...op.get(s), ...f32x4.lane(1), ...op.f32Add,
        ...op.get(s), ...f32x4.lane(2), ...op.get(s), ...f32x4.lane(3), ...op.f32Add, ...op.f32Add,
        ...op.f32Add, ...op.f32Store(4 * j),
      ])
    }
  }
  const body = forLoop(N_, op.get(ROWS), 2, [
    ...at(X, times(N_, F_)), ...op.set(XA),
    ...op.get(XA), ...op.get(F_), ...op.i32Const(4), ...op.i32Mul, ...op.i32Add, ...op.set(XB),
    ...forLoop(O2, op.get(O_), 4, [
      ...at(WT, times(O2, F_)), ...op.set(WA),
      ...Array.from({ length: 8 }, (_, i) => [...f32x4.zero, ...op.set(16 + i)]).flat(),
      ...forLoop(F2, [...op.get(F_), ...op.i32Const(4), ...op.i32Mul], 16, step.flat()),
      ...finish.flat(),
    ]),
  ])
  return moduleBytes({ params: [I32, I32, I32, I32, I32, I32, I32], locals: [[6, I32], [11, V128]], body, exportName: 'run', pages: PAGES })
}

// The splat module
// ----------------
// run(M, P, F, a, aM, aP, b, out, add): out[m, f] (+)= Σ_p A[m·aM + p·aP] · B[p·F + f], for
// m < M and f < F (a multiple of 4); addresses in bytes, strides in floats; out has rows of F.
const [M_, P_, FS, A, AM, AP, B, OUT, ADD] = [0, 1, 2, 3, 4, 5, 6, 7, 8] // parameters
const [M2, FV, PP, BROW] = [9, 10, 11, 12] // i32 locals
const [SPLAT0, SPLAT1] = [13, 14] // v128 locals, then 4 B vectors and 8 sums
const bVector = (v: number) => 15 + v
const splatSum = (r: number, v: number) => 19 + r * 4 + v

// One block: `rows` rows of out (1 or 2) × `vectors` vectors (1 or 4), at m = M2, f = FV.
const splatBlock = (rows: number, vectors: number): Bytes => {
  const step: Bytes[] = []
  for (let r = 0; r < rows; r++) {
    // A[(m + r)·aM + p·aP], in all four lanes
    step.push([...at(A, [...op.get(M2), ...op.i32Const(r), ...op.i32Add, ...op.get(AM), ...op.i32Mul, ...op.get(PP), ...op.get(AP), ...op.i32Mul, ...op.i32Add]), ...f32x4.loadSplat(0), ...op.set(r === 0 ? SPLAT0 : SPLAT1)])
  }
  for (let v = 0; v < vectors; v++) step.push([...op.get(BROW), ...f32x4.load(16 * v), ...op.set(bVector(v))])
  for (let r = 0; r < rows; r++) {
    for (let v = 0; v < vectors; v++) {
      step.push([...op.get(splatSum(r, v)), ...op.get(r === 0 ? SPLAT0 : SPLAT1), ...op.get(bVector(v)), ...f32x4.mul, ...f32x4.add, ...op.set(splatSum(r, v))])
    }
  }
  const stores: Bytes[] = []
  for (let r = 0; r < rows; r++) {
    for (let v = 0; v < vectors; v++) {
      const address = [...at(OUT, [...op.get(M2), ...op.i32Const(r), ...op.i32Add, ...op.get(FS), ...op.i32Mul, ...op.get(FV), ...op.i32Add])]
      stores.push([
        ...op.get(ADD), ...op.if, ...op.get(splatSum(r, v)), ...address, ...f32x4.load(16 * v), ...f32x4.add, ...op.set(splatSum(r, v)), ...op.end,
        ...address, ...op.get(splatSum(r, v)), ...f32x4.store(16 * v),
      ])
    }
  }
  return [
    ...Array.from({ length: rows * 4 }, (_, i) => [...f32x4.zero, ...op.set(splatSum(Math.floor(i / 4), i % 4))]).flat(),
    ...at(B, op.get(FV)), ...op.set(BROW), //                                       B's row p, at f
    ...forLoop(PP, op.get(P_), 1, [
      ...step.flat(),
      ...op.get(BROW), ...op.get(FS), ...op.i32Const(4), ...op.i32Mul, ...op.i32Add, ...op.set(BROW),
    ]),
    ...stores.flat(),
  ]
}

const splatModule = (): Uint8Array => {
  // All the vectors of `rows` rows at m = M2: 4 vectors at a time, then one at a time.
  const rowsOf = (rows: number): Bytes => [
    ...forWhole(FV, op.i32Const(0), op.get(FS), 16, splatBlock(rows, 4)),
    ...forWhole(FV, op.get(FV), op.get(FS), 4, splatBlock(rows, 1)),
  ]
  const body = [
    ...forWhole(M2, op.i32Const(0), op.get(M_), 2, rowsOf(2)),
    ...forWhole(M2, op.get(M2), op.get(M_), 1, rowsOf(1)),
  ]
  return moduleBytes({ params: [I32, I32, I32, I32, I32, I32, I32, I32, I32], locals: [[4, I32], [14, V128]], body, exportName: 'run', pages: PAGES })
}

// Running them
// ------------

interface Compiled {
  readonly run: (...args: number[]) => void
  readonly floats: Float32Array
}
let modules: { readonly dot: Compiled; readonly splat: Compiled } | null | undefined // null: cannot run here
const compiled = (): { readonly dot: Compiled; readonly splat: Compiled } | undefined => {
  if (modules === undefined) {
    const [dot, splat] = [instantiate(dotModule()), instantiate(splatModule())]
    modules = dot && splat
      ? {
          dot: { run: dot.run as Compiled['run'], floats: new Float32Array((dot.memory as Memory).buffer) },
          splat: { run: splat.run as Compiled['run'], floats: new Float32Array((splat.memory as Memory).buffer) },
        }
      : null
  }
  return modules ?? undefined
}

// Whether a layer is big enough, and shaped right, for the modules.
const serves = (F: number, O: number, arrays: readonly ReadonlyFloats[]): boolean =>
  O * F >= SIMD_DENSE_FROM && F % 4 === 0 && arrays.every((a) => a instanceof Float32Array)

const roundUp = (n: number, to: number): number => to * Math.ceil(n / to)

// Each kernel takes, last, the most rows per pass (as many as fit, unless a spec asks for fewer).

/** y = x·Wᵀ + b, or undefined where the module does not serve the layer. */
export const denseForwardBatchSimd = (x: ReadonlyFloats, weights: ReadonlyFloats, bias: ReadonlyFloats, N: number, F: number, O: number, most = Infinity): Floats | undefined => {
  if (!serves(F, O, [x, weights, bias])) return undefined
  const OP = roundUp(O, 4)
  // Memory: W (OP, F), bias (OP), then per pass `rows` (even) rows of x (F) and of y (OP).
  const rows = Math.min(roundUp(Math.min(N, most), 2), 2 * Math.floor((FLOATS - OP * F - OP) / (2 * (F + OP))))
  const m = compiled()
  if (m === undefined || rows < 2) return undefined
  const { floats, run } = m.dot
  const [w, b, xAt] = [0, OP * F, OP * F + OP]
  const yAt = xAt + rows * F
  floats.set(weights, w)
  floats.fill(0, w + O * F, w + OP * F)
  floats.set(bias, b)
  floats.fill(0, b + O, b + OP)
  const y = floatsLike(x, N * O)
  for (let n = 0; n < N; n += rows) {
    const count = Math.min(rows, N - n)
    floats.set(x.subarray(n * F, (n + count) * F), xAt)
    if (count % 2 === 1) floats.fill(0, xAt + count * F, xAt + (count + 1) * F)
    run(roundUp(count, 2), F, OP, 4 * xAt, 4 * w, 4 * b, 4 * yAt)
    if (OP === O) y.set(floats.subarray(yAt, yAt + count * O), n * O)
    else for (let r = 0; r < count; r++) y.set(floats.subarray(yAt + r * OP, yAt + r * OP + O), (n + r) * O)
  }
  return y
}

/** dx = dy·W, or undefined where the module does not serve the layer. */
export const denseBackwardInputBatchSimd = (dy: ReadonlyFloats, weights: ReadonlyFloats, N: number, F: number, O: number, most = Infinity): Floats | undefined => {
  if (!serves(F, O, [dy, weights])) return undefined
  // Memory: W (O, F), then per pass `rows` rows of dy (O) and of dx (F).
  const rows = Math.min(N, most, Math.floor((FLOATS - O * F) / (O + F)))
  const m = compiled()
  if (m === undefined || rows < 1) return undefined
  const { floats, run } = m.splat
  const [w, dyAt] = [0, O * F]
  const dxAt = roundUp(dyAt + rows * O, 4)
  floats.set(weights, w)
  const dx = floatsLike(dy, N * F)
  for (let n = 0; n < N; n += rows) {
    const count = Math.min(rows, N - n)
    floats.set(dy.subarray(n * O, (n + count) * O), dyAt)
    run(count, O, F, 4 * dyAt, O, 1, 4 * w, 4 * dxAt, 0)
    dx.set(floats.subarray(dxAt, dxAt + count * F), n * F)
  }
  return dx
}

/** dW = dyᵀ·x, or undefined where the module does not serve the layer. */
export const denseBackwardWeightsBatchSimd = (dy: ReadonlyFloats, x: ReadonlyFloats, N: number, F: number, O: number, most = Infinity): Floats | undefined => {
  if (!serves(F, O, [dy, x])) return undefined
  // Memory: dW (O, F), then per pass `rows` rows of dy (O) and of x (F), the sums added up.
  const rows = Math.min(N, most, Math.floor((FLOATS - O * F) / (O + F)))
  const m = compiled()
  if (m === undefined || rows < 1) return undefined
  const { floats, run } = m.splat
  const [dW, dyAt] = [0, O * F]
  const xAt = roundUp(dyAt + rows * O, 4)
  for (let n = 0; n < N; n += rows) {
    const count = Math.min(rows, N - n)
    floats.set(dy.subarray(n * O, (n + count) * O), dyAt)
    floats.set(x.subarray(n * F, (n + count) * F), xAt)
    run(O, count, F, 4 * dyAt, 1, O, 4 * xAt, 4 * dW, n === 0 ? 0 : 1)
  }
  const dWeights = floatsLike(dy, O * F)
  dWeights.set(floats.subarray(dW, dW + O * F))
  return dWeights
}
