// Appendix: scratch memory
// ========================
//
// Some arrays live only inside one call of a kernel: a padded copy of the input, the columns
// of a matrix product, a convolution map about to be pooled, a list of the non-zero values.
// Nothing that leaves the call points into them. Cutting them from fresh memory every time
// (fast/memory.ts) would be correct but wasteful: for the ConvNetJS network they are several
// megabytes per batch, which the garbage collector then has to find and free.
//
// So such a kernel borrows a scratch array instead: one per *slot* (a name for what it
// holds), kept by this module and overwritten from call to call, and grown when a bigger one
// is needed. The rules that keep this safe: a scratch array never leaves the call that
// borrowed it (every result is still fresh memory), and two arrays in use at the same time
// use different slots. JavaScript runs one call at a time, so no two calls share a slot at
// once. Like the slab cursor, the slots are mutable module state that no result depends on.
// Previous: fast/memory.ts. Next: fast/padding.ts.

import type { Floats, ReadonlyFloats } from './memory.ts'

/** What a scratch array holds; arrays in use at the same time need different slots. */
export type Slot = 'padded' | 'paddedGradient' | 'columns' | 'map' | 'values' | 'positions'

const f32 = new Map<Slot, Float32Array>()
const f64 = new Map<Slot, Float64Array>()
const i32 = new Map<Slot, Int32Array>()

const grown = <T extends Float32Array | Float64Array | Int32Array>(pool: Map<Slot, T>, slot: Slot, n: number, make: (n: number) => T): T => {
  const have = pool.get(slot)
  if (have !== undefined && have.length >= n) return have
  const made = make(Math.max(n, 2 * (have?.length ?? 0)))
  pool.set(slot, made)
  return made
}

/** n zeros of the same kind as `like`, borrowed from `slot` for the duration of one call. */
export const scratchZeros = (like: ReadonlyFloats, n: number, slot: Slot): Floats =>
  like instanceof Float64Array
    ? grown(f64, slot, n, (k) => new Float64Array(k)).fill(0, 0, n).subarray(0, n)
    : grown(f32, slot, n, (k) => new Float32Array(k)).fill(0, 0, n).subarray(0, n)

/** n doubles, not cleared, borrowed from `slot` for the duration of one call. */
export const scratchFloat64 = (n: number, slot: Slot): Float64Array => grown(f64, slot, n, (k) => new Float64Array(k)).subarray(0, n)

/** n integers, not cleared, borrowed from `slot` for the duration of one call. */
export const scratchInt32 = (n: number, slot: Slot): Int32Array => grown(i32, slot, n, (k) => new Int32Array(k)).subarray(0, n)
