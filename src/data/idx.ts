// IDX files: MNIST's container format
// ===================================
//
// MNIST ships as four IDX files: a header of 4 + 4·d bytes, big-endian, then the numbers:
//
//     byte 0, 1    0, 0                        (the "magic" zeros)
//     byte 2       element type                0x08 = unsigned byte (the only one we read)
//     byte 3       d, the number of dimensions
//     then         d sizes, each an unsigned 32-bit integer, outermost first
//     then         size₀ · size₁ · … · size_(d−1) elements, row-major
//
// So `train-images-idx3-ubyte` is [60000, 28, 28] and then 47,040,000 pixel bytes. We parse
// bytes already in memory (cli/dataFiles.ts reads them) and keep the data as a view of
// them, without a copy. Anything malformed is an error value that names the file.
// Previous: optim/schedule.ts. Next: data/dataset.ts.

import * as E from 'fp-ts/lib/Either.js'

/** A parsed IDX file: its sizes, outermost first, and its elements as bytes, row-major. */
export interface Idx {
  readonly dims: readonly number[]
  readonly data: Uint8Array
}

// The header
// ----------

/** The element-type byte for unsigned bytes, the only element type we read. */
export const UNSIGNED_BYTE = 0x08

// The other element types the format defines, so that a file of floats gets a clear
// "we don't read floats" instead of a puzzling size mismatch further down.
const ELEMENT_TYPES: ReadonlyMap<number, string> = new Map([
  [0x08, 'unsigned bytes'],
  [0x09, 'signed bytes'],
  [0x0b, '16-bit integers'],
  [0x0c, '32-bit integers'],
  [0x0d, '32-bit floats'],
  [0x0e, '64-bit floats'],
])

const hex = (byte: number): string => `0x${byte.toString(16).padStart(2, '0').toUpperCase()}`

// An unsigned 32-bit big-endian integer starting at `at`. The final `>>> 0` turns the
// signed result of `<<` back into an unsigned one (a size of 2³¹ or more stays positive).
const uint32At = (bytes: Readonly<Uint8Array>, at: number): number =>
  ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0

// Parsing
// -------

// We check the header one field at a time, in the order the bytes come, and stop at the
// first problem: each message then describes the actual mistake, not a consequence of it.
// The data must fill the rest of the file *exactly*: a short file was cut off during a
// download, and a long one is probably not what its header says it is.

/**
 * Reads an IDX file of unsigned bytes; `file` is only used to name it in error messages.
 * @example parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]), 'x') // right({ dims: [2], data: [7, 9] })
 */
export const parseIdx = (bytes: Readonly<Uint8Array>, file: string): E.Either<string, Idx> => {
  const length = bytes.length
  if (length < 4) {
    return E.left(`${file}: not an IDX file (${length} bytes; the header alone needs at least 4)`)
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    return E.left(`${file}: not an IDX file (first two bytes must be 0)`)
  }
  const type = bytes[2]
  if (type !== UNSIGNED_BYTE) {
    const name = ELEMENT_TYPES.get(type)
    const what = name === undefined ? `unknown element type ${hex(type)}` : `elements are ${name} (type ${hex(type)})`
    return E.left(`${file}: ${what}; only unsigned bytes (type 0x08) are supported`)
  }
  const d = bytes[3]
  if (d === 0) return E.left(`${file}: has 0 dimensions; an IDX file needs at least 1`)
  const headerBytes = 4 + 4 * d
  if (length < headerBytes) {
    return E.left(`${file}: truncated header: ${d} dimensions need ${headerBytes} header bytes, found ${length}`)
  }
  const dims: number[] = []
  for (let axis = 0; axis < d; axis++) {
    const size = uint32At(bytes, 4 + 4 * axis)
    if (size === 0) return E.left(`${file}: dimension ${axis} has size 0; every size must be positive`)
    dims.push(size)
  }
  // A product of up to 255 sizes below 2³² can pass 2⁵³, where doubles stop counting
  // exactly; it can then never match a real file length, so the comparison stays correct.
  const expected = dims.reduce((a, b) => a * b, 1)
  const found = length - headerBytes
  if (found < expected) return E.left(`${file}: truncated: expected ${expected} bytes of data, found ${found}`)
  if (found > expected) return E.left(`${file}: has ${found - expected} extra bytes after the ${expected} bytes of data`)
  return E.right({ dims, data: bytes.subarray(headerBytes) })
}
