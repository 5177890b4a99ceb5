// Tensors
// =======
//
// A tensor is nothing more than a flat float array and the shape to read it with (see
// core/shape.ts for the NCHW layout). Data flowing through a network always carries the
// batch first: a batch of N grey 28×28 images is a tensor of shape [N, 1, 28, 28] whose
// data holds N·784 numbers.
//
// Tensors are values. Nobody writes into `data` once the kernel that made it has returned,
// so two tensors may safely share one array: reshaping (flatten) is just a new shape around
// the same data, and costs nothing.
// Previous: core/memory.ts. Next: core/rng.ts.

import { float32, float64, floatsLike, type ReadonlyFloats } from './memory.ts'
import { showShape, sizeOf, type Shape } from './shape.ts'

/** A flat array of numbers and the row-major shape that gives them meaning. */
export interface Tensor {
  readonly shape: Shape
  readonly data: ReadonlyFloats
}

/**
 * Pairs a shape with data, checking that the shape lists whole sizes (0 is fine: an empty
 * batch) and that the sizes agree. A mismatch is a programming error inside the library, so
 * it throws instead of returning an `Either`.
 * @example tensor([2, 2], new Float32Array([1, 2, 3, 4])).shape // [2, 2]
 */
export const tensor = (shape: Shape, data: ReadonlyFloats): Tensor => {
  const whole = shape.every((size) => Number.isInteger(size) && size >= 0)
  if (!whole || sizeOf(shape) !== data.length) {
    throw new RangeError(`tensor: shape ${showShape(shape)} ${whole ? `holds ${sizeOf(shape)} numbers, data has ${data.length}` : 'must list whole numbers from 0 up'}`)
  }
  return { shape, data }
}

/** A tensor of 32-bit zeros. */
export const zeros = (shape: Shape): Tensor => tensor(shape, float32(sizeOf(shape)))

/** Zeros of the same shape and number kind as `like`. */
export const zerosLike = (like: Tensor): Tensor => tensor(like.shape, floatsLike(like.data, like.data.length))

/** A tensor from plain numbers, stored in 32 bits (or 64 with `kind`). */
export const fromNumbers = (shape: Shape, values: ArrayLike<number>, kind: 'float32' | 'float64' = 'float32'): Tensor => {
  const data = kind === 'float64' ? float64(values.length) : float32(values.length)
  data.set(Array.from(values))
  return tensor(shape, data)
}

/** The same numbers in a fresh 64-bit array: gradient checks compute in double precision. */
export const toFloat64 = (x: Tensor): Tensor => {
  const data = float64(x.data.length)
  data.set(x.data)
  return tensor(x.shape, data)
}

/** The same data read with another shape of the same size (free: no copy). */
export const reshape = (x: Tensor, shape: Shape): Tensor => tensor(shape, x.data)

/** The batch size N: the first axis. */
export const batchOf = (x: Tensor): number => x.shape[0]

/** The shape of one sample: every axis but the first. */
export const sampleShapeOf = (x: Tensor): Shape => x.shape.slice(1)
