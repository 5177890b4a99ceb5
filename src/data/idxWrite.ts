// Writing IDX files
// =================
//
// The inverse of data/idx.ts's `parseIdx`: the bytes of an IDX file of unsigned bytes, for
// tests and for writing your own data sets in MNIST's format (a header of 4 + 4·d bytes,
// big-endian sizes, then the elements row-major). Its inputs come from code rather than from
// a file, so a mismatch is a programming error: like `tensor` in core/tensor.ts it throws
// instead of returning an `Either`.
// Previous: data/idx.ts. Next: exact/mt19937.ts.

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
