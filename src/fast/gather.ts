// Appendix: cutting batches, fast
// ===============================
//
// data/dataset.ts's `gatherBatch` turns the bytes of a batch's images into floats in [0, 1],
// one division by 255 per pixel, into an array of its own. Training calls it once per step,
// so here is the same function, cheaper: its arrays come from slabs (fast/memory.ts), and
// a pixel is not divided at all but looked up: a table holds v / 255 for each of the 256 byte
// values, so the floats are the very same (the spec checks all 256).
// Previous: fast/network.ts. Next: fast/kernels.ts.

import { tensor } from '../core/tensor.ts'
import type { gatherBatch } from '../data/dataset.ts'
import { float32 } from './memory.ts'

// v / 255 in float32 for every byte v.
const FLOAT_OF_BYTE = Float32Array.from({ length: 256 }, (_, v) => v / 255)

/** The same batch as `gatherBatch`: images (N, 1, rows, cols) in [0, 1] and their labels. */
export const gatherBatchFast: typeof gatherBatch = (ds, indices, start, end) => {
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= indices.length)) {
    throw new RangeError(`gatherBatch: need 0 ≤ start ≤ end ≤ ${indices.length} (the number of indices), got start ${start}, end ${end}`)
  }
  const N = end - start
  const pixels = ds.rows * ds.cols
  const images = ds.images
  const floatOf = FLOAT_OF_BYTE
  const x = float32(N * pixels) // (N, 1, rows, cols)
  const labels = new Uint8Array(N) // (N)
  for (let n = 0; n < N; n++) {
    const i = indices[start + n]
    if (!(i >= 0 && i < ds.count)) throw new RangeError(`gatherBatch: index ${i} at position ${start + n} is outside the ${ds.count} samples`)
    labels[n] = ds.labels[i]
    const from = i * pixels
    const to = n * pixels
    for (let p = 0; p < pixels; p++) x[to + p] = floatOf[images[from + p]]
  }
  return { x: tensor([N, 1, ds.rows, ds.cols], x), labels }
}
