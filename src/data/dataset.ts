// Data sets and batches
// =====================
//
// A data set pairs images with labels: `count` grey images of rows×cols bytes (0 = black …
// 255 = white) and one class label per image, 0 ≤ label < classes. (MNIST ships them as files
// in its IDX format; chapter 12 reads those, checks them and makes a `Dataset` of them.)
//
//     images  (count, rows, cols)  bytes, row-major: pixel (i, h, w) is at (i·rows + h)·cols + w
//     labels  (count)              bytes
//
// Pixels stay bytes until a batch is needed: all 70,000 MNIST digits are one 55 MB
// `Uint8Array`, where 32-bit floats would take 220 MB. `gatherBatch` makes the network's input,
// a float tensor (N, 1, rows, cols) in [0, 1]:  x[n, 0, h, w] = images[indices[start + n], h, w] / 255
// Previous: optim/schedule.ts. Next: data/split.ts.

import { float32 } from '../core/memory.ts'
import { tensor, type Tensor } from '../core/tensor.ts'

/** Labelled grey images: pixels as bytes (count, rows, cols) and one label byte per image. */
export interface Dataset {
  readonly images: Uint8Array // (count, rows, cols)
  readonly labels: Uint8Array // (count)
  readonly count: number
  readonly rows: number
  readonly cols: number
  readonly classes: number
}

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
