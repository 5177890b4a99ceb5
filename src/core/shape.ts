// Shapes and memory layout
// ========================
//
// Every tensor in this project is a flat array of numbers plus a *shape* that says how to
// read it. We use one layout everywhere, row-major **NCHW** (batch first):
//
//     offset(n, c, h, w) = ((n·C + c)·H + h)·W + w
//
// so the last index moves fastest and each H×W image plane of each channel is one
// contiguous run of memory. A dense layer's input is just (N, F): the same bytes read as
// one row of F = C·H·W numbers per sample, which is why flattening costs nothing.
//
// The dimension legend, used in every kernel header and loop:
//
//     N  batch size              C  input channels        K  filters (output channels)
//     H×W input height × width   kH×kW kernel size        oH×oW output height × width
//     F  features of a flat row  O  outputs of a dense layer
//
// Loop indices use the lower-case letter of the dimension they walk (n, c, k, h, w, kh, …).
// Parameters are spelled out (`weights`, `bias`) so they never collide with the index `w`.
//
// Layers describe shapes *per sample* (without N) when a network is built, because the
// batch size is only known when data arrives: a 28×28 grey image is [1, 28, 28].
// Previous: original/network.ts. Next: core/memory.ts.

// Shapes
// ------

/** A list of dimension sizes, outermost first. `[1, 28, 28]` is one 28×28 grey image. */
export type Shape = readonly number[]

/**
 * The number of elements a shape holds: the product of its sizes.
 * @example sizeOf([2, 3, 4]) === 24
 */
export const sizeOf = (shape: Shape): number => shape.reduce((a, b) => a * b, 1)

/**
 * Row-major strides: how far apart, in elements, two neighbours along each axis are.
 * @example stridesOf([2, 3, 4]) // [12, 4, 1]
 */
export const stridesOf = (shape: Shape): readonly number[] => {
  const strides = new Array<number>(shape.length)
  let stride = 1
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride
    stride *= shape[axis]
  }
  return strides
}

/**
 * The multi-index of a flat offset, the inverse of the offset formula above.
 * @example indexOf([2, 3, 4], 23) // [1, 2, 3]
 */
export const indexOf = (shape: Shape, offset: number): readonly number[] =>
  stridesOf(shape).map((stride, axis) => Math.floor(offset / stride) % shape[axis])

/** Two shapes are equal when they have the same sizes in the same order. */
export const sameShape = (a: Shape, b: Shape): boolean =>
  a.length === b.length && a.every((size, axis) => size === b[axis])

/**
 * Shapes print the way we write them in comments: `[1, 28, 28]`.
 * @example showShape([1, 28, 28]) === '[1, 28, 28]'
 */
export const showShape = (shape: Shape): string => `[${shape.join(', ')}]`

/** A shape is valid when it has at least one axis and every size is a positive integer. */
export const isValidShape = (shape: Shape): boolean =>
  shape.length > 0 && shape.every((size) => Number.isInteger(size) && size > 0)
