// Appendix: the dense layer's backward pass for one sample, two features at a time
// =================================================================================
//
// With one update per image, the dense layer's backward pass is two small loops over its
// weights (O outputs × F features; fast/denseFast.ts):
//
//     dx[f]    = Σₒ dy[o] · W[o, f]          the sum for each f, in the order of o
//     dW[o, f] = dy[o] · x[f]                and exactly 0 where x[f] is 0
//
// Neighbouring features f and f + 1 sit side by side in every row of W, of x and of dW, so
// both loops do two features per instruction here, in two WebAssembly modules written with
// fast/wasm.ts. Each lane computes what the JavaScript loop computes, in doubles and in the
// same order, and rounds to float32 the same way: the same bits (spec/fast/denseSimd.spec.ts).
// For dW, a mask keeps the lanes whose x is 0 at +0, as the loop leaves its fresh zeros.
//
// The inputs are copied into a module's memory (one 64 KiB page that never grows; see
// fast/adamSimd.ts) and the result out into a fresh array. A layer too big for the page, a
// float64 one, or an engine without WebAssembly SIMD gets undefined, and the loops run.
// Previous: fast/wasm.ts. Next: fast/denseBatchSimd.ts.

import { float32 } from './memory.ts'
import { forLoop, I32, instantiate, moduleBytes, op, V128, v128, type Bytes, type Memory } from './wasm.ts'

// Both functions take the addresses of their three arrays and the sizes F and O.
const [A, B, OUT, FEATURES, OUTPUTS] = [0, 1, 2, 3, 4] // i32 parameters
const [F_, O_] = [5, 6] // i32 locals: the current feature (a multiple of 2) and output
const [SUM, D] = [7, 8] // v128 locals

const PAGE_FLOATS = 65536 / 4

// The byte address of element `index` (a local, or the sum of two) of the array at `base`.
const address = (base: number, index: Bytes): Bytes => [...op.get(base), ...index, ...op.i32Const(4), ...op.i32Mul, ...op.i32Add]
const rowMajor = (row: number, column: number): Bytes => [...op.get(row), ...op.get(FEATURES), ...op.i32Mul, ...op.get(column), ...op.i32Add]
const splatFloat = (at: Bytes): Bytes => [...at, ...op.f32Load(0), ...op.f64Promote, ...v128.splat]
const pairAt = (at: Bytes): Bytes => [...at, ...v128.load64ZeroAt(0), ...v128.promoteLow]
const storePair = (at: Bytes, value: Bytes): Bytes => [...at, ...value, ...v128.demoteZero, ...v128.store64Lane0]

// dx (F) from dy (O) at A and W (O, F) at B: for each pair of features, Σₒ dy[o]·W[o, f].
const inputModule = moduleBytes({
  params: [I32, I32, I32, I32, I32],
  locals: [[2, I32], [2, V128]],
  body: forLoop(F_, op.get(FEATURES), 2, [
    ...op.f64Const(0), ...v128.splat, ...op.set(SUM),
    ...forLoop(O_, op.get(OUTPUTS), 1, [
      ...op.get(SUM), ...splatFloat(address(A, op.get(O_))), ...pairAt(address(B, rowMajor(O_, F_))), ...v128.mul, ...v128.add, ...op.set(SUM),
    ]),
    ...storePair(address(OUT, op.get(F_)), op.get(SUM)),
  ]),
  exportName: 'run',
})

// dW (O, F) from dy (O) at A and x (F) at B: dy[o]·x[f], masked to +0 where x[f] is 0.
const weightsModule = moduleBytes({
  params: [I32, I32, I32, I32, I32],
  locals: [[2, I32], [2, V128]],
  body: forLoop(O_, op.get(OUTPUTS), 1, [
    ...splatFloat(address(A, op.get(O_))), ...op.set(D),
    ...forLoop(F_, op.get(FEATURES), 2, [
      ...pairAt(address(B, op.get(F_))), ...op.set(SUM), //                      (x[f], x[f+1])
      ...storePair(address(OUT, rowMajor(O_, F_)), [
        ...op.get(D), ...op.get(SUM), ...v128.mul, //                                  dy[o]·x
        ...op.get(SUM), ...op.f64Const(0), ...v128.splat, ...v128.ne, ...v128.and, // where x ≠ 0
      ]),
    ]),
  ]),
  exportName: 'run',
})

/** The modules' bytes (for the spec). */
export const DENSE_MODULES = { input: inputModule, weights: weightsModule } as const

interface Compiled {
  readonly run: (a: number, b: number, out: number, F: number, O: number) => void
  readonly floats: Float32Array
}
const compiled = new Map<Uint8Array, Compiled | undefined>()
const compiledOf = (bytes: Uint8Array): Compiled | undefined => {
  if (!compiled.has(bytes)) {
    const exports = instantiate(bytes)
    compiled.set(bytes, exports && { run: exports.run as Compiled['run'], floats: new Float32Array((exports.memory as Memory).buffer) })
  }
  return compiled.get(bytes)
}

// Runs one module on float32 arrays a (at 0) and b (after it), into a fresh array of
// `outLength`; undefined where it cannot (see above). One float of room follows b and the
// result: a pair's second lane may reach one element past the end.
const runModule = (bytes: Uint8Array, a: Float32Array, b: Float32Array, outLength: number, F: number, O: number): Float32Array | undefined => {
  if (a.length + b.length + outLength + 2 > PAGE_FLOATS) return undefined
  const m = compiledOf(bytes)
  if (m === undefined) return undefined
  const [atB, atOut] = [a.length, a.length + b.length + 1]
  m.floats.set(a, 0)
  m.floats.set(b, atB)
  m.run(0, 4 * atB, 4 * atOut, F, O)
  const out = float32(outLength)
  out.set(m.floats.subarray(atOut, atOut + outLength))
  return out
}

/** dx = dy·W for one sample (dy (O), W (O, F)), as denseFast.ts's loop computes it. */
export const denseBackwardInputSimd = (dy: Float32Array, weights: Float32Array, F: number, O: number): Float32Array | undefined =>
  runModule(inputModule, dy, weights, F, F, O)

/** dW = dyᵀ·x for one sample (dy (O), x (F)), as denseFast.ts's loop computes it. */
export const denseBackwardWeightsSimd = (dy: Float32Array, x: Float32Array, F: number, O: number): Float32Array | undefined =>
  runModule(weightsModule, dy, x, O * F, F, O)
