// Data sets and batches
// =====================
//
// A data set pairs an images file with a labels file: `count` grey images of rows×cols
// bytes (0 = black … 255 = white) and one class label per image, 0 ≤ label < classes.
//
//     images  (count, rows, cols)  bytes, row-major: pixel (i, h, w) is at (i·rows + h)·cols + w
//     labels  (count)              bytes
//
// Pixels stay bytes until a batch is needed: all 70,000 MNIST digits are one 55 MB
// `Uint8Array`, where 32-bit floats would take 220 MB. `gatherBatch` makes the network's input,
// a float tensor (N, 1, rows, cols) in [0, 1]:  x[n, 0, h, w] = images[indices[start + n], h, w] / 255
// Previous: data/idx.ts. Next: data/split.ts.

import * as E from 'fp-ts/lib/Either.js'
import { float32 } from '../core/memory.ts'
import { tensor, type Tensor } from '../core/tensor.ts'
import type { Idx } from './idx.ts'

/** Labelled grey images: pixels as bytes (count, rows, cols) and one label byte per image. */
export interface Dataset {
  readonly images: Uint8Array // (count, rows, cols)
  readonly labels: Uint8Array // (count)
  readonly count: number
  readonly rows: number
  readonly cols: number
  readonly classes: number
}

// Building a data set
// -------------------

// The first label that is not a class, as [index, value], or undefined when all are fine.
const firstBadLabel = (labels: Readonly<Uint8Array>, classes: number): readonly [number, number] | undefined => {
  for (let i = 0; i < labels.length; i++) if (labels[i] >= classes) return [i, labels[i]]
  return undefined
}

/**
 * A data set from a parsed images file (count, rows, cols) and labels file (count), with
 * every label checked to be below `classes`; `names` name the files in error messages.
 * @example datasetOf({ dims: [2, 1, 2], data: new Uint8Array([0, 255, 9, 9]) }, { dims: [2], data: new Uint8Array([3, 12]) }, names)
 *   // left('<names.labels>: label 1 is 12, but labels must be below the 10 classes')
 */
export const datasetOf = (
  images: Idx,
  labels: Idx,
  names: { readonly images: string; readonly labels: string },
  classes = 10,
): E.Either<string, Dataset> => {
  if (!(Number.isInteger(classes) && classes >= 1 && classes <= 256)) {
    return E.left(`data set: the number of classes must be an integer from 1 to 256 (labels are bytes), got ${classes}`)
  }
  if (images.dims.length !== 3) {
    return E.left(`${names.images}: images must have 3 dimensions (count, rows, cols), found ${images.dims.length} ([${images.dims.join(', ')}])`)
  }
  if (labels.dims.length !== 1) {
    return E.left(`${names.labels}: labels must have 1 dimension (count), found ${labels.dims.length} ([${labels.dims.join(', ')}])`)
  }
  const [count, rows, cols] = images.dims
  if (labels.dims[0] !== count) {
    return E.left(`${names.images} has ${count} images but ${names.labels} has ${labels.dims[0]} labels`)
  }
  const bad = firstBadLabel(labels.data, classes)
  if (bad !== undefined) {
    return E.left(`${names.labels}: label ${bad[0]} is ${bad[1]}, but labels must be below the ${classes} classes`)
  }
  return E.right({ images: images.data, labels: labels.data, count, rows, cols, classes })
}

/**
 * All images of `a` followed by all of `b`, in one fresh array; both must have the same
 * image size and number of classes. MNIST's 60,000 + 10,000 become one set of 70,000.
 */
export const concatDatasets = (a: Dataset, b: Dataset): E.Either<string, Dataset> => {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    return E.left(`cannot concatenate data sets of ${a.rows}×${a.cols} and ${b.rows}×${b.cols} images`)
  }
  if (a.classes !== b.classes) {
    return E.left(`cannot concatenate data sets with ${a.classes} and ${b.classes} classes`)
  }
  const images = new Uint8Array(a.images.length + b.images.length) // (a.count + b.count, rows, cols)
  images.set(a.images)
  images.set(b.images, a.images.length)
  const labels = new Uint8Array(a.count + b.count) // (a.count + b.count)
  labels.set(a.labels)
  labels.set(b.labels, a.count)
  return E.right({ images, labels, count: a.count + b.count, rows: a.rows, cols: a.cols, classes: a.classes })
}

// Batches
// -------

/**
 * The samples `indices[start]`, …, `indices[end − 1]` as a fresh float tensor
 * (N, 1, rows, cols) with pixels in [0, 1], and their labels. Bad positions are a
 * programming error (the indices come from data/split.ts), so they throw a `RangeError`.
 * @example gatherBatch(ds, new Int32Array([4, 2]), 0, 2).x.shape // [2, 1, 28, 28]
 */
export const gatherBatch = (
  ds: Dataset,
  indices: Readonly<Int32Array>, // (M) sample numbers, each in [0, count)
  start: number, end: number,
): { readonly x: Tensor; readonly labels: Uint8Array } => {
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= indices.length)) {
    throw new RangeError(`gatherBatch: need 0 ≤ start ≤ end ≤ ${indices.length} (the number of indices), got start ${start}, end ${end}`)
  }
  const N = end - start
  const pixels = ds.rows * ds.cols
  const images = ds.images
  const x = float32(N * pixels) // (N, 1, rows, cols)
  const labels = new Uint8Array(N) // (N)
  for (let n = 0; n < N; n++) {
    const i = indices[start + n]
    if (!(i >= 0 && i < ds.count)) throw new RangeError(`gatherBatch: index ${i} at position ${start + n} is outside the ${ds.count} samples`)
    labels[n] = ds.labels[i]
    // Copy one image, row after row: both sides are contiguous runs of `pixels` values.
    const from = i * pixels
    const to = n * pixels
    for (let p = 0; p < pixels; p++) x[to + p] = images[from + p] / 255
  }
  return { x: tensor([N, 1, ds.rows, ds.cols], x), labels }
}
