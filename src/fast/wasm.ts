// Appendix: a WebAssembly module, written by hand
// ===============================================
//
// JavaScript computes one number at a time. The processor could do more: its vector
// registers hold two doubles (or four floats) and one instruction adds, multiplies, divides
// or takes the square root of both lanes at once. JavaScript cannot ask for that;
// WebAssembly can, with its 128-bit SIMD instructions (`f64x2.mul`, `f64x2.sqrt`, …), in
// Node and in every current browser. A WebAssembly module is a few hundred bytes in a
// documented binary format, so we write it with a handful of helpers instead of a compiler.
//
// The format, as much of it as we use:
//
//     module   = \0asm  1 0 0 0  section…            magic number, version 1
//     section  = id  size  contents                   1 types, 3 functions, 5 memories,
//                                                     7 exports, 10 code
//     vector   = count  item…                         every list is its length, then the items
//     number   = LEB128                               7 bits per byte, low bits first; the
//                                                     top bit says "another byte follows"
//     function = size  locals  instruction…  end      instructions run on a stack machine
//
// Instructions are opcodes, one byte each (`local.get` is 0x20), except the SIMD ones:
// the prefix 0xFD, then the opcode as a LEB128 number (`f64x2.mul` is 0xFD 0xF2 0x01).
// A memory access carries its alignment (log₂ of bytes) and a constant offset. The numbers
// below are from the WebAssembly 2.0 specification (webassembly.github.io/spec), section 5.
// `WebAssembly.validate` checks what we write: a wrong byte makes the module invalid, not
// wrong. Four kernels use all this: the dense layer's backward pass for one sample
// (fast/denseSimd.ts), Adam's update (fast/adamSimd.ts), the fused convolution's forward
// pass (fast/convPoolSimd.ts), and the fused layer with many filters, forward and backward,
// four floats at a time (fast/convSimd.ts).
// Previous: fast/conv2dFast.ts. Next: fast/denseSimd.ts.

/** Bytes of a module or a piece of one. */
export type Bytes = readonly number[]

/** An unsigned integer in LEB128: seven bits per byte, low bits first. */
export const leb128 = (n: number): Bytes => {
  if (!(Number.isInteger(n) && n >= 0 && n <= 0xffffffff)) throw new RangeError(`leb128: need an integer in [0, 2³²), got ${n}`)
  const out: number[] = []
  let rest = n
  do {
    const low = rest % 128
    rest = Math.floor(rest / 128)
    out.push(rest > 0 ? low + 128 : low)
  } while (rest > 0)
  return out
}

/** A vector: the number of items, then the items. */
export const vector = (items: readonly Bytes[]): Bytes => [...leb128(items.length), ...items.flat()]

/** A name, in UTF-8, as a vector of bytes. */
export const name = (text: string): Bytes => vector([...new TextEncoder().encode(text)].map((b) => [b]))

/** A section: its id, the size of its contents, the contents. */
export const section = (id: number, contents: Bytes): Bytes => [id, ...leb128(contents.length), ...contents]

/** A signed integer in LEB128 (for constants): the same, with the sign in the last byte's bit 6. */
export const sleb128 = (n: number): Bytes => {
  if (!(Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31)) throw new RangeError(`sleb128: need a 32-bit integer, got ${n}`)
  const out: number[] = []
  let rest = n
  for (;;) {
    const low = ((rest % 128) + 128) % 128
    rest = Math.floor(rest / 128)
    const done = (rest === 0 && low < 64) || (rest === -1 && low >= 64)
    out.push(done ? low : low + 128)
    if (done) return out
  }
}

// A double's 8 bytes, little-endian (in a buffer of their own: never the `.buffer` of a
// typed array, which may be a shared slab; see fast/memory.ts).
const float64Bytes = (x: number): Bytes => {
  const bytes = new ArrayBuffer(8)
  new DataView(bytes).setFloat64(0, x, true)
  return [...new Uint8Array(bytes)]
}

// A float's 4 bytes, likewise.
const float32Bytes = (x: number): Bytes => {
  const bytes = new ArrayBuffer(4)
  new DataView(bytes).setFloat32(0, x, true)
  return [...new Uint8Array(bytes)]
}

// A memory access's immediates: log₂ of the alignment it may assume, and a constant offset
// added to the address on the stack.
const memarg = (align: number, offset: number): Bytes => [align, ...leb128(offset)]

// Value types.
export const I32 = 0x7f
export const F32 = 0x7d
export const F64 = 0x7c
export const V128 = 0x7b

// The instructions we use.
export const op = {
  block: [0x02, 0x40], // a block (0x40: it leaves nothing on the stack); `br 1` from inside jumps past its end
  if: [0x04, 0x40], // condition → runs what follows, up to its `end`, when the condition ≠ 0
  loop: [0x03, 0x40], // a loop; `br 0` from inside jumps back to its start
  end: [0x0b],
  br: (depth: number): Bytes => [0x0c, ...leb128(depth)],
  brIf: (depth: number): Bytes => [0x0d, ...leb128(depth)],
  select: [0x1b], // a, b, condition → condition ≠ 0 ? a : b
  get: (local: number): Bytes => [0x20, ...leb128(local)],
  set: (local: number): Bytes => [0x21, ...leb128(local)],
  i32Load: (offset: number): Bytes => [0x28, ...memarg(2, offset)],
  f32Load: (offset: number): Bytes => [0x2a, ...memarg(2, offset)],
  f64Load: (offset: number): Bytes => [0x2b, ...memarg(3, offset)],
  i32Store: (offset: number): Bytes => [0x36, ...memarg(2, offset)],
  f32Store: (offset: number): Bytes => [0x38, ...memarg(2, offset)],
  f64Store: (offset: number): Bytes => [0x39, ...memarg(3, offset)],
  i32Const: (n: number): Bytes => [0x41, ...sleb128(n)],
  f32Const: (x: number): Bytes => [0x43, ...float32Bytes(x)],
  f64Const: (x: number): Bytes => [0x44, ...float64Bytes(x)],
  i32GtU: [0x4b],
  i32GeU: [0x4f],
  f32Gt: [0x5e],
  f64Ne: [0x62],
  f64Gt: [0x64],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  f32Add: [0x92],
  f32Mul: [0x94],
  f64Add: [0xa0],
  f64Mul: [0xa2],
  f32Demote: [0xb6], // a double rounded to a float (to nearest, ties to even)
  f64Promote: [0xbb], // a float widened to a double (exactly)
  memoryCopy: [0xfc, 0x0a, 0x00, 0x00], // destination, source, length in bytes → copies (bulk memory)
} as const

// The SIMD instructions we use: two doubles per 128-bit value.
const simd = (code: number, ...immediates: number[]): Bytes => [0xfd, ...leb128(code), ...immediates]
export const v128 = {
  /** Two floats (8 bytes) from memory at the address on the stack, into the low half. */
  load64Zero: simd(0x5d, 3, 0),
  /** The same, at the address plus a constant offset (any multiple of 4 bytes). */
  load64ZeroAt: (offset: number): Bytes => simd(0x5d).concat(memarg(2, offset)),
  /** The low half (8 bytes: two floats) to memory at the address below it on the stack. */
  store64Lane0: simd(0x5b, 3, 0, 0),
  /** The two low floats, widened (exactly) to two doubles. */
  promoteLow: simd(0x5f),
  /** Two doubles rounded to two floats (to nearest, ties to even), into the low half. */
  demoteZero: simd(0x5e),
  splat: simd(0x14), // one double into both lanes
  lane: (i: number): Bytes => simd(0x21, i), // lane i (0 or 1) as a double
  ne: simd(0x48), // per lane: all ones where a ≠ b (and where either is NaN), else all zeros
  gt: simd(0x4a), // per lane: all ones where a > b, else all zeros
  /** The low half (two floats) to memory at the address below it, plus a constant offset. */
  store64LaneAt: (offset: number): Bytes => simd(0x5b).concat(memarg(3, offset), [0]),
  and: simd(0x4e), // bitwise and of the 128 bits
  sqrt: simd(0xef),
  add: simd(0xf0),
  sub: simd(0xf1),
  mul: simd(0xf2),
  div: simd(0xf3),
} as const

// The SIMD instructions for four floats per 128-bit value (fast/convSimd.ts): float32
// arithmetic, each lane rounded as a float32 operation rounds.
export const f32x4 = {
  /** 16 bytes (four floats) from memory at the address plus a constant offset (any multiple of 4). */
  load: (offset: number): Bytes => simd(0x00).concat(memarg(2, offset)),
  /** One float from memory, in all four lanes. */
  loadSplat: (offset: number): Bytes => simd(0x09).concat(memarg(2, offset)),
  /** The four floats to memory at the address below them on the stack, plus the offset. */
  store: (offset: number): Bytes => simd(0x0b).concat(memarg(2, offset)),
  splat: simd(0x13), // one float into all four lanes
  zero: simd(0x0c).concat(new Array<number>(16).fill(0)), // v128.const: four zeros
  lane: (i: number): Bytes => simd(0x1f, i), // lane i (0 to 3) as a float
  replaceLane: (i: number): Bytes => simd(0x20, i), // a vector and a float → the vector with lane i replaced
  gt: simd(0x44), // per lane: all ones where a > b (false where either is NaN), else all zeros
  add: simd(0xe4),
  mul: simd(0xe6),
} as const

// A few instructions on the 128 bits as they are, or as four int32 lanes.
export const bits = {
  /** a, b, mask → a where the mask's bits are 1, b where they are 0. */
  select: simd(0x52),
  /** Sixteen bytes picked from a (0–15) and b (16–31). */
  shuffle: (lanes: readonly number[]): Bytes => simd(0x0d).concat(lanes),
  /** Four int32 constants. */
  int32s: (a: number, b: number, c: number, d: number): Bytes => {
    const bytes = new ArrayBuffer(16)
    const view = new DataView(bytes)
    for (const [i, v] of [a, b, c, d].entries()) view.setInt32(4 * i, v, true)
    return simd(0x0c).concat([...new Uint8Array(bytes)])
  },
  int32Splat: simd(0x11),
  int32Add: simd(0xae),
} as const

/** `for (counter = 0; counter < limit; counter += step) body`: a block around a loop. */
export const forLoop = (counter: number, limit: Bytes, step: number, body: Bytes): Bytes => [
  ...op.i32Const(0), ...op.set(counter),
  ...op.block, ...op.loop,
  ...op.get(counter), ...limit, ...op.i32GeU, ...op.brIf(1), // counter ≥ limit (unsigned): out
  ...body,
  ...op.get(counter), ...op.i32Const(step), ...op.i32Add, ...op.set(counter),
  ...op.br(0), ...op.end, ...op.end,
]

/**
 * `for (counter = from; counter + size ≤ limit; counter += size) body` (unsigned), leaving the
 * counter where it stopped: whole blocks of `size` first, the rest after it by another loop.
 */
export const forWhole = (counter: number, from: Bytes, limit: Bytes, size: number, body: Bytes): Bytes => [
  ...from, ...op.set(counter),
  ...op.block, ...op.loop,
  ...op.get(counter), ...op.i32Const(size), ...op.i32Add, ...limit, ...op.i32GtU, ...op.brIf(1),
  ...body,
  ...op.get(counter), ...op.i32Const(size), ...op.i32Add, ...op.set(counter),
  ...op.br(0), ...op.end, ...op.end,
]

/** The parts of a module with one function, exported with its memory. */
export interface ModuleParts {
  readonly params: readonly number[] // value types
  readonly locals: readonly (readonly [count: number, type: number])[]
  readonly body: Bytes // instructions, without the final `end`
  readonly exportName: string
  readonly pages?: number // the memory's size in 64 KiB pages (default 1)
}

/** A whole module: one function taking `params` and returning nothing, and one memory. */
export const moduleBytes = (m: ModuleParts): Uint8Array => {
  const code = [...vector(m.locals.map(([count, type]) => [...leb128(count), type])), ...m.body, ...op.end]
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, vector([[0x60, ...vector(m.params.map((t) => [t])), ...vector([])]])), // one type: params → nothing
    ...section(3, vector([leb128(0)])), // one function, of type 0
    ...section(5, vector([[0x00, ...leb128(m.pages ?? 1)]])), // one memory of that many pages (at least), no maximum
    ...section(7, vector([[...name(m.exportName), 0x00, 0x00], [...name('memory'), 0x02, 0x00]])), // export both
    ...section(10, vector([[...leb128(code.length), ...code]])), // the function's body
  ])
}

// Running a module
// ----------------
//
// The little of the WebAssembly API we need, typed here: TypeScript declares it only with
// the browser's library, and this file runs in Node too.
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object) => { readonly exports: Exports }
}

/** What an instance exports, by name: functions and memories. */
export interface Exports {
  readonly [name: string]: unknown
}

/** A module's memory: its bytes. (We never grow one: see fast/adamSimd.ts.) */
export interface Memory {
  readonly buffer: ArrayBuffer
}

const api = (): WebAssemblyApi | undefined => (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly

/** Whether this engine accepts the module (false where there is no WebAssembly at all). */
export const validate = (bytes: Uint8Array): boolean => api()?.validate(bytes) ?? false

/**
 * The exports of the module, compiled and instantiated synchronously (fine for a few
 * hundred bytes, in browsers too); undefined where WebAssembly or an instruction the module
 * uses is missing, or where the page forbids compiling code (a Content-Security-Policy
 * without 'wasm-unsafe-eval').
 */
export const instantiate = (bytes: Uint8Array): Exports | undefined => {
  const wasm = api()
  if (wasm === undefined || !wasm.validate(bytes)) return undefined
  try {
    return new wasm.Instance(new wasm.Module(bytes)).exports
  } catch {
    return undefined
  }
}
