// Fresh arrays
// ============
//
// Every kernel in this project is pure: it never writes into its arguments. It allocates a
// new array for its result, fills it, and returns it. The numbers live in typed arrays:
//
//     Float32Array   weights, activations, gradients: what training computes with
//     Float64Array   the same kernels in double precision, for gradient checks (check/)
//     Int32Array     max pooling's record of which input won each window
//
// `floatsLike` is the one habit to learn here: a kernel asks for an output "like" its input,
// so 64-bit inputs give 64-bit outputs and one kernel serves both precisions.
// (Allocating costs about a microsecond per array; the appendix, fast/memory.ts, shows how
// the fast kernels make it almost free.)
// Previous: core/shape.ts. Next: core/tensor.ts.

/** The two kinds of float arrays our kernels accept: 32-bit for training, 64-bit for checks. */
export type Floats = Float32Array | Float64Array

/** A float array a function promises not to write to. */
export type ReadonlyFloats = Readonly<Float32Array> | Readonly<Float64Array>

/** A fresh, zero-filled `Float32Array` of length `n`. */
export const float32 = (n: number): Float32Array => new Float32Array(n)

/** A fresh, zero-filled `Float64Array` of length `n`. */
export const float64 = (n: number): Float64Array => new Float64Array(n)

/** A fresh, zero-filled `Int32Array` of length `n`. */
export const int32 = (n: number): Int32Array => new Int32Array(n)

/** A fresh, zero-filled array of length `n` of the same kind as `like`. */
export const floatsLike = (like: ReadonlyFloats, n: number): Floats =>
  like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n)
