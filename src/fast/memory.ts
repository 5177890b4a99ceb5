// Appendix: fresh arrays, fast
// ============================
//
// Every kernel in this project is pure: it never writes into its arguments, it allocates a
// new array for its result, fills it, and returns it (core/memory.ts). In JavaScript that
// has a hidden price.
// V8 keeps the memory of any typed array larger than 64 bytes *outside* its heap: each
// `new Float32Array(676)` is a malloc, a zero-fill and some bookkeeping so that the garbage
// collector can free it later, about 1.3 µs on our machine. A training step of the original
// network makes about twenty such arrays, which would cost more than all of its arithmetic.
//
// So we cut fresh arrays out of *slabs*: one large zeroed `ArrayBuffer` at a time, handed
// out in consecutive, never-reused pieces. A piece is a view, which costs about 40 ns to make
// (benchmark: `npm run bench`). Every array you get is still brand-new zeroed memory that no
// other array can see; when no view of a slab is reachable any more, the collector frees the
// whole slab. The one visible difference from `new Float32Array(n)`: `array.buffer` is the
// shared slab, so code must copy an array (`array.slice()`) rather than hand its `buffer` to
// another thread or wrap it whole.
//
// The functions below have the same names and signatures as those of core/memory.ts, so a
// fast kernel imports them from here and is otherwise written like a plain one. The cursor
// below is the only mutable module state in `src/`. It is an allocator, like the heap itself,
// and no result of any function depends on it.
// Previous: exact/index.ts. Next: fast/scratch.ts.

import type { Floats, ReadonlyFloats } from '../core/memory.ts'

export type { Floats, ReadonlyFloats } from '../core/memory.ts'

// The slab allocator
// ------------------

// 64 KiB slabs; a request bigger than half of that gets a buffer of its own, where the
// fixed cost of an allocation no longer matters next to the work of filling it. Why not
// bigger: the C library serves blocks of 128 KiB or more straight from the operating system
// (mmap), as pages that fault and get zeroed on first touch, and hands them back when freed.
// With 1 MiB slabs the original network took about two page faults per training step; 64 KiB
// slabs come from the C library's own heap, whose freed blocks are reused (docs/performance.md).
const SLAB_BYTES = 1 << 16
const OWN_BUFFER_BYTES = SLAB_BYTES >> 1
// Pieces start on 16-byte boundaries, which suits every element type we hand out.
const ALIGN = 16

let slab = new ArrayBuffer(SLAB_BYTES)
let used = 0

// Reserve `bytes` fresh bytes in the current slab (starting a new one when it is full) and
// return their offset; the caller makes a view of `slab` there.
const reserve = (bytes: number): number => {
  const rounded = (bytes + ALIGN - 1) & ~(ALIGN - 1)
  if (used + rounded > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES)
    used = 0
  }
  const offset = used
  used += rounded
  return offset
}

// Keeping freed memory for the next slab
// --------------------------------------
//
// Slabs die by the thousand at each garbage collection. On Linux, glibc's malloc then finds
// that much free memory at the top of its heap and hands it back to the operating system
// (it trims whenever more than 128 KiB are free there), so the next slabs are made of
// brand-new pages again, and the first touch of each page is a page fault. Measured on the
// original network with per-sample updates (`taskset -c 0`, 300,000 samples): 110,000 to
// 270,000 minor page faults in a run and 16,000 to 25,000 samples/s from run to run, against
// 39,000 to 42,000 faults and a steady speed (23,000 to 26,000 then) when nothing is trimmed.
//
// glibc adapts its thresholds when a block it had mapped for a large request is freed: the
// size above which it maps memory becomes that block's size, and the trim threshold twice
// that ("dynamic mmap threshold", mallopt(3)). So, once, we ask for a buffer of 4 MiB and
// drop it: when the collector frees it, glibc keeps up to 8 MiB free at the top of its heap
// instead of 128 KiB, and buffers up to 4 MiB come from its heap instead of fresh pages.
// (With 1 MiB the page faults came back; with 8 MiB the two-thread 99% recipe held more
// at its peak, about 30 MB.) Elsewhere (other C libraries, browsers) it is one short-lived buffer.
const DYNAMIC_THRESHOLD_BYTES = 4 << 20
new ArrayBuffer(DYNAMIC_THRESHOLD_BYTES)

// Fresh zeroed arrays
// -------------------

/** A fresh, zero-filled `Float32Array` of length `n`. */
export const float32 = (n: number): Float32Array => {
  const bytes = n * 4
  if (bytes > OWN_BUFFER_BYTES) return new Float32Array(n)
  const offset = reserve(bytes)
  return new Float32Array(slab, offset, n)
}

/** A fresh, zero-filled `Float64Array` of length `n`. */
export const float64 = (n: number): Float64Array => {
  const bytes = n * 8
  if (bytes > OWN_BUFFER_BYTES) return new Float64Array(n)
  const offset = reserve(bytes)
  return new Float64Array(slab, offset, n)
}

/** A fresh, zero-filled `Int32Array` of length `n` (max pooling keeps its winners in one). */
export const int32 = (n: number): Int32Array => {
  const bytes = n * 4
  if (bytes > OWN_BUFFER_BYTES) return new Int32Array(n)
  const offset = reserve(bytes)
  return new Int32Array(slab, offset, n)
}

/**
 * A fresh zeroed array of length `n` of the same kind as `like`. Kernels use it so that
 * 64-bit inputs give 64-bit outputs, which is what lets gradient checks run in double
 * precision through the very same code that trains in single precision.
 */
export const floatsLike = (like: ReadonlyFloats, n: number): Floats =>
  like instanceof Float64Array ? float64(n) : float32(n)

/** A fresh copy of `source` with its own memory, of the same kind. */
export const copyFloats = (source: ReadonlyFloats): Floats => {
  const copy = floatsLike(source, source.length)
  copy.set(source)
  return copy
}
