// Writing IDX files
// =================
//
// The inverse of data/idx.ts's `parseIdx`: the bytes of an IDX file of unsigned bytes, for
// tests and for writing your own data sets in MNIST's format (a header of 4 + 4·d bytes,
// big-endian sizes, then the elements row-major). Its inputs come from code rather than from
// a file, so a mismatch is a programming error: like `tensor` in core/tensor.ts it throws
// instead of returning an `Either`.
//
// And a fingerprint of samples, for telling whether two data sets hold the same test
// digits without keeping a copy: the CRC-32 (the checksum of gzip and PNG) of their images,
// then their labels, in the order given. A model downloaded from the browser page records the
// fingerprint of the digits it was measured on, and `npm run evaluate` (cli/evaluate.ts)
// refuses to report on digits whose fingerprint differs. CRC-32 is made to catch accidents
// (another folder, another split, a changed file), not forgery.
// Previous: data/idx.ts. Next: train/fit.ts.

import type { Dataset } from './dataset.ts'
import { UNSIGNED_BYTE } from './idx.ts'


/**
 * The bytes of an IDX file of unsigned bytes with these sizes and elements; throws a
 * `RangeError` if the sizes are not 1 to 255 integers in [1, 2³²) whose product is `data.length`.
 * @example encodeIdx([2], new Uint8Array([7, 9])) // [0, 0, 8, 1, 0, 0, 0, 2, 7, 9]
 */
export const encodeIdx = (dims: readonly number[], data: Readonly<Uint8Array>): Uint8Array => {
  const d = dims.length
  if (d < 1 || d > 255) throw new RangeError(`encodeIdx: an IDX file has 1 to 255 dimensions, got ${d}`)
  if (!dims.every((size) => Number.isInteger(size) && size >= 1 && size <= 0xffffffff)) {
    throw new RangeError(`encodeIdx: every size must be an integer in [1, 2^32), got [${dims.join(', ')}]`)
  }
  const expected = dims.reduce((a, b) => a * b, 1)
  if (expected !== data.length) {
    throw new RangeError(`encodeIdx: sizes [${dims.join(', ')}] hold ${expected} bytes, data has ${data.length}`)
  }
  const headerBytes = 4 + 4 * d
  const bytes = new Uint8Array(headerBytes + data.length)
  bytes[2] = UNSIGNED_BYTE
  bytes[3] = d
  for (let axis = 0; axis < d; axis++) {
    const at = 4 + 4 * axis
    const size = dims[axis]
    bytes[at] = size >>> 24
    bytes[at + 1] = (size >>> 16) & 0xff
    bytes[at + 2] = (size >>> 8) & 0xff
    bytes[at + 3] = size & 0xff
  }
  bytes.set(data, headerBytes)
  return bytes
}

// Fingerprints
// ------------

// CRC-32 with zlib's polynomial, reflected (0xEDB88320): one table of 256 entries, then one
// look-up per byte. (plot/png.ts has the same for whole arrays; data/ comes first and
// may not import from plot/.)
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

// The running CRC register after `bytes[from..to)` (start from 0xffffffff, finish with ^ 0xffffffff).
const crcUpdate = (register: number, bytes: Readonly<Uint8Array>, from: number, to: number): number => {
  let c = register
  for (let i = from; i < to; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8)
  return c >>> 0
}

/**
 * The fingerprint of the samples `indices` of `data`: their number and the CRC-32 of their
 * images (rows × cols bytes each), then of their labels, in the order of `indices`, as text.
 * Bad indices are a programming error (they come from data/split.ts): it throws a `RangeError`.
 * @example samplesFingerprint(ds, new Int32Array([])) // '0 samples, CRC-32 00000000'
 */
export const samplesFingerprint = (data: Dataset, indices: Readonly<Int32Array>): string => {
  const size = data.rows * data.cols
  let c = 0xffffffff
  for (const i of indices) {
    if (!(Number.isInteger(i) && i >= 0 && i < data.count)) throw new RangeError(`samplesFingerprint: index ${i} is outside the ${data.count} samples`)
    c = crcUpdate(c, data.images, i * size, (i + 1) * size)
  }
  for (const i of indices) c = crcUpdate(c, data.labels, i, i + 1)
  return `${indices.length} sample${indices.length === 1 ? '' : 's'}, CRC-32 ${((c ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0')}`
}
