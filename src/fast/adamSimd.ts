// Appendix: Adam, two weights at a time
// =====================================
//
// With one update per image, Adam's update is the largest single cost of training the
// original network: every step, for each of its 1,709 weights,
//
//     m' = β₁·m + (1 − β₁)·g
//     v' = β₂·v + (1 − β₂)·g·g
//     θ' = (1 − ηλ)·θ − (η/c₁)·m' / (√v' · (1/√c₂) + ε)
//
// (fast/adam.ts explains the folded constants). In JavaScript that loop takes about 7 µs
// on our machine: a square root and a division per weight, each float widened to a double
// on the way in and rounded back on the way out, and a bounds check on every access. The
// module below does the same arithmetic on two weights per instruction, with `f64x2`
// instructions, in about 3 µs.
//
// Same arithmetic means the very same bits. The JavaScript loop computes in doubles and
// rounds to float32 when it stores; here each float is widened to a double (exactly), every
// operation is the same IEEE double operation in the same order (no fused multiply-add), and
// each result is rounded to float32 to nearest, ties to even, as a Float32Array store does.
// The two kernels agree bit for bit (spec/fast/adamSimd.spec.ts), so the trained model is the
// same whichever one ran.
//
// WebAssembly reads only its own memory, so the four inputs are copied in and the three
// results copied out into fresh arrays (for the big layer, about 0.8 µs of copying in all).
// The module's memory is scratch space, like fast/scratch.ts's, that no result depends on.
// Where WebAssembly SIMD cannot run, `adamUpdateSimd` returns undefined and fast/adam.ts runs
// its own loop.
// Previous: fast/denseFast.ts. Next: fast/adam.ts.

import type { AdamStep } from '../optim/adam.ts'
import { float32 } from './memory.ts'
import { F64, I32, instantiate, moduleBytes, op, V128, v128, type Bytes, type Memory } from './wasm.ts'

// The function's parameters and locals, by number. It reads p, g, m, v at four addresses
// and writes p', m', v' at three more, `bytes` bytes each.
const [P, G, M, V, P_OUT, M_OUT, V_OUT, BYTES] = [0, 1, 2, 3, 4, 5, 6, 7] // i32
const [BETA1, KEEP1, BETA2, KEEP2, STEP_SIZE, INV_SQRT_C2, EPS, SHRINK] = [8, 9, 10, 11, 12, 13, 14, 15] // f64
const AT = 16 // i32: the byte offset of the current pair of weights
const [GRAD, MOMENT, VARIANCE] = [17, 18, 19] // v128: this pair's g, m', v'
const lanes = (constant: number) => constant + 12 // v128: each f64 parameter in both lanes (20…27)

// Two floats at `base + at`, as two doubles; and two doubles, rounded, stored there.
const load = (base: number): Bytes => [...op.get(base), ...op.get(AT), ...op.i32Add, ...v128.load64Zero, ...v128.promoteLow]
const store = (base: number, value: Bytes): Bytes => [...op.get(base), ...op.get(AT), ...op.i32Add, ...value, ...v128.demoteZero, ...v128.store64Lane0]
const both = (constant: number): Bytes => op.get(lanes(constant))

// The loop, in the order of fast/adam.ts's JavaScript (a stack machine: operands, then the
// operation).
const body: Bytes = [
  ...[BETA1, KEEP1, BETA2, KEEP2, STEP_SIZE, INV_SQRT_C2, EPS, SHRINK].flatMap((k) => [...op.get(k), ...v128.splat, ...op.set(lanes(k))]),
  ...op.block,
  ...op.loop,
  ...op.get(AT), ...op.get(BYTES), ...op.i32GeU, ...op.brIf(1), //                    at ≥ bytes: done
  ...load(G), ...op.set(GRAD), //                                                        g
  ...both(BETA1), ...load(M), ...v128.mul, ...both(KEEP1), ...op.get(GRAD), ...v128.mul, ...v128.add, ...op.set(MOMENT), // β₁·m + (1−β₁)·g
  ...both(BETA2), ...load(V), ...v128.mul, //                                            β₂·v
  ...both(KEEP2), ...op.get(GRAD), ...v128.mul, ...op.get(GRAD), ...v128.mul, //          ((1−β₂)·g)·g
  ...v128.add, ...op.set(VARIANCE),
  ...store(M_OUT, op.get(MOMENT)),
  ...store(V_OUT, op.get(VARIANCE)),
  ...store(P_OUT, [
    ...both(SHRINK), ...load(P), ...v128.mul, //                                         (1−ηλ)·θ
    ...both(STEP_SIZE), ...op.get(MOMENT), ...v128.mul, //                                 (η/c₁)·m'
    ...op.get(VARIANCE), ...v128.sqrt, ...both(INV_SQRT_C2), ...v128.mul, ...both(EPS), ...v128.add, // √v'·(1/√c₂) + ε
    ...v128.div, ...v128.sub,
  ]),
  ...op.get(AT), ...op.i32Const(8), ...op.i32Add, ...op.set(AT), //                      the next pair
  ...op.br(0),
  ...op.end,
  ...op.end,
]

/** The module's bytes (exported for the spec). */
export const ADAM_MODULE = moduleBytes({
  params: [I32, I32, I32, I32, I32, I32, I32, I32, F64, F64, F64, F64, F64, F64, F64, F64],
  locals: [[1, I32], [3 + 8, V128]],
  body,
  exportName: 'adam',
})

// The module's memory is its one 64 KiB page, and it never grows: growing would detach the
// page's old ArrayBuffer, and in V8 a single detached buffer anywhere makes every typed-array
// access in optimized code check for detachment from then on (measured: the ConvNetJS
// network trained 19% slower for the rest of the run). So a long tensor goes through in
// pieces of CHUNK weights: seven arrays of 2,340 floats fill 65,520 of the 65,536 bytes.
const CHUNK = 2340

interface Compiled {
  readonly adam: (...args: number[]) => void
  readonly heap: Float32Array // the page, as floats: p, g, m, v, p', m', v', CHUNK each
}

// Compiled on first use, then kept; undefined where it cannot run (fast/wasm.ts).
let compiled: Compiled | undefined | null = null
const compile = (): Compiled | undefined => {
  const exports = instantiate(ADAM_MODULE)
  return exports && { adam: exports.adam as Compiled['adam'], heap: new Float32Array((exports.memory as Memory).buffer) }
}

/**
 * One step's constants with the bias corrections folded in (fast/adam.ts derives them). Both
 * Adam kernels take them from here, so that they multiply by the very same numbers.
 */
export const foldedConstants = (s: AdamStep) => ({
  beta1: s.beta1,
  keep1: 1 - s.beta1,
  beta2: s.beta2,
  keep2: 1 - s.beta2,
  stepSize: s.lr / (1 - s.beta1 ** s.t), //         η / c₁
  invSqrtC2: 1 / Math.sqrt(1 - s.beta2 ** s.t), // 1 / √c₂
  eps: s.eps,
  shrink: 1 - s.lr * s.weightDecay, //                 1 − ηλ
})

/**
 * `adamUpdateFast` of fast/adam.ts for float32 arrays, bit for bit, two weights per
 * instruction: fresh θ', m', v'; undefined where WebAssembly SIMD cannot run.
 */
export const adamUpdateSimd = (p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: AdamStep): readonly [Float32Array, Float32Array, Float32Array] | undefined => {
  if (compiled === null) compiled = compile()
  if (compiled === undefined) return undefined
  const { adam, heap } = compiled
  const n = p.length
  const { beta1, keep1, beta2, keep2, stepSize, invSqrtC2, eps, shrink } = foldedConstants(s)
  const out = [float32(n), float32(n), float32(n)] as const
  const b = 4 * CHUNK // bytes from one array to the next in the page
  for (let from = 0; from < n; from += CHUNK) {
    const count = Math.min(CHUNK, n - from)
    const piece = (a: Float32Array) => (count === n ? a : a.subarray(from, from + count))
    heap.set(piece(p), 0)
    heap.set(piece(g), CHUNK)
    heap.set(piece(m), 2 * CHUNK)
    heap.set(piece(v), 3 * CHUNK)
    // An odd count runs one more lane, on whatever the page holds there; it is not copied out.
    adam(0, b, 2 * b, 3 * b, 4 * b, 5 * b, 6 * b, 4 * (count + (count % 2)), beta1, keep1, beta2, keep2, stepSize, invSqrtC2, eps, shrink)
    for (let k = 0; k < 3; k++) out[k].set(heap.subarray((4 + k) * CHUNK, (4 + k) * CHUNK + count), from)
  }
  return out
}
