// Fresh memory, recycled, in the training worker
// ==============================================
//
// Every kernel of the library returns fresh arrays; the appendix cuts them out of 64 KiB
// slabs (src/fast/memory.ts) that are never reused: a slab is simply dropped when it is
// full, and the garbage collector frees it once no array in it is reachable. One training
// step of the original network with per-sample updates uses about 55 kB of fresh memory
// this way (the new parameters and Adam's moments are 20 kB of it).
//
// Node gives a freed buffer's memory back to the next allocation at the cost of zeroing it.
// The Chromium we test with does not: fresh ArrayBuffer memory costs it about 4.5 µs per
// kB, a hundred times Node's 0.03–0.05 µs, measured by allocating and touching arrays of
// 4 kB to 2 MB (new memory from the system, page by page). At 55 kB per sample that alone
// caps per-sample training near 4,000 samples/s, a quarter of Node's speed.
//
// So the worker's bundle (and only it: site/tools/build.ts injects this module with
// esbuild's `inject`) recycles slabs itself, without changing what any array holds:
//
//   1. `new ArrayBuffer(64 KiB)`, the slab allocator's request, takes a slab from a pool of
//      zeroed ones when there is one, and retires the slab the allocator was using.
//   2. Every typed array made on a slab (`new Float32Array(slab, offset, n)`) is counted and
//      registered with a FinalizationRegistry, which tells us when the collector has freed it.
//   3. When a retired slab has no array left, it is zeroed and put back in the pool.
//
// A slab is reused only when no array can see it any more, and it comes back as zeros, so
// every array still is brand-new zeroed memory that no other array shares: the guarantee
// of src/fast/memory.ts holds. Small arrays made with `new Float32Array(n)` (a batch's
// pixels, the loss's softmax, the labels) are cut from recycled slabs of our own the same
// way; a larger one (a mini-batch's maps) gets a recycled buffer of exactly its size, since
// the same sizes come back at every step. At most 64 MiB of such buffers wait in the pools
// (beyond that a freed one is left to the collector); slabs always go back to theirs. Arrays made any other way (`slice`, `from`, on a
// buffer of one's own) are the browser's as usual.
// This relies on the library's rule that nobody keeps an array's `.buffer` or makes views of
// it (`subarray`) in training; the browser test checks the outcome the strictest way: one
// epoch in the page gives bit for bit the parameters `npm run train` computes.

type TypedArrayConstructor = Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor

const SLAB_BYTES = 1 << 16 // as src/fast/memory.ts
const SMALL_BYTES = 4096 // `new XArray(n)` up to this size is cut from our own slabs
const ALIGN = 16

const NativeArrayBuffer = globalThis.ArrayBuffer
const NativeUint8Array = globalThis.Uint8Array

interface Slab {
  readonly buffer: ArrayBuffer
  /** Arrays made on it and not yet collected. */
  live: number
  /** No new arrays will be cut from it. */
  retired: boolean
}

const slabOf = new WeakMap<ArrayBuffer, Slab>()
// Zeroed buffers waiting to be used again, by size in bytes (slabs are 64 KiB).
const pools = new Map<number, ArrayBuffer[]>()
const POOLED_BYTES = 64 << 20 // for the buffers of single arrays; slabs are not counted
let pooled = 0

const fromPool = (bytes: number): ArrayBuffer | undefined => {
  const buffer = pools.get(bytes)?.pop()
  if (buffer !== undefined && bytes !== SLAB_BYTES) pooled -= bytes
  return buffer
}

// Back to its pool, zeroed, once nothing can see it (or to the collector, if the pools are full).
const release = (slab: Slab): void => {
  if (!(slab.retired && slab.live === 0)) return
  const bytes = slab.buffer.byteLength
  if (bytes !== SLAB_BYTES && pooled + bytes > POOLED_BYTES) return
  new NativeUint8Array(slab.buffer).fill(0)
  const pool = pools.get(bytes) ?? []
  pool.push(slab.buffer)
  pools.set(bytes, pool)
  if (bytes !== SLAB_BYTES) pooled += bytes
}

const registry = new FinalizationRegistry<Slab>((slab) => {
  slab.live--
  release(slab)
})

// A zeroed buffer of `bytes` (a slab by default): a recycled one, or a new one. A buffer
// for one array only is retired at once: nothing more will be cut from it.
const acquire = (bytes = SLAB_BYTES, retired = false): Slab => {
  const slab: Slab = { buffer: fromPool(bytes) ?? new NativeArrayBuffer(bytes), live: 0, retired }
  slabOf.set(slab.buffer, slab)
  return slab
}

const retire = (slab: Slab | undefined): void => {
  if (slab === undefined) return
  slab.retired = true
  release(slab)
}

// The slab the library's allocator cuts from, and ours for small arrays.
let library: Slab | undefined
let own = acquire()
let used = 0

function RecycledArrayBuffer(this: unknown, ...args: unknown[]): ArrayBuffer {
  if (args.length === 1 && args[0] === SLAB_BYTES) {
    retire(library)
    library = acquire()
    return library.buffer
  }
  return Reflect.construct(NativeArrayBuffer, args) as ArrayBuffer
}
Object.setPrototypeOf(RecycledArrayBuffer, NativeArrayBuffer) // isView, [Symbol.species]
RecycledArrayBuffer.prototype = NativeArrayBuffer.prototype // instanceof ArrayBuffer

// A stand-in for a typed-array constructor: the same arrays, counted when they live on a slab.
const counted = <C extends TypedArrayConstructor>(Native: C): C => {
  const size = Native.BYTES_PER_ELEMENT
  function Counted(this: unknown, a?: unknown, b?: unknown, c?: unknown): unknown {
    let view
    if (arguments.length === 1 && typeof a === 'number' && Number.isInteger(a) && a > 0 && a * size <= SMALL_BYTES) {
      const bytes = Math.ceil((a * size) / ALIGN) * ALIGN
      if (used + bytes > SLAB_BYTES) {
        retire(own)
        own = acquire()
        used = 0
      }
      view = new Native(own.buffer, used, a)
      used += bytes
    } else if (arguments.length === 1 && typeof a === 'number' && Number.isInteger(a) && a > 0 && a * size <= 1 << 30) {
      view = new Native(acquire(a * size, true).buffer, 0, a)
    } else if (arguments.length === 3) {
      view = new Native(a as ArrayBuffer, b as number, c as number)
    } else {
      return Reflect.construct(Native, Array.from(arguments))
    }
    const slab = slabOf.get(view.buffer as ArrayBuffer)
    if (slab !== undefined) {
      slab.live++
      registry.register(view, slab)
    }
    return view
  }
  Object.setPrototypeOf(Counted, Native) // from, of, BYTES_PER_ELEMENT
  Counted.prototype = Native.prototype // instanceof
  return Counted as unknown as C
}

// The names esbuild puts in place of the globals in the worker's bundle.
export const ArrayBufferRecycled = RecycledArrayBuffer as unknown as ArrayBufferConstructor
export const Float32ArrayRecycled = counted(globalThis.Float32Array)
export const Float64ArrayRecycled = counted(globalThis.Float64Array)
export const Int32ArrayRecycled = counted(globalThis.Int32Array)
export const Uint8ArrayRecycled = counted(globalThis.Uint8Array)
export {
  ArrayBufferRecycled as ArrayBuffer,
  Float32ArrayRecycled as Float32Array,
  Float64ArrayRecycled as Float64Array,
  Int32ArrayRecycled as Int32Array,
  Uint8ArrayRecycled as Uint8Array,
}
