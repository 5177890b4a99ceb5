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
// Previous: model/modelFile.ts. Next: data/idxWrite.ts.

import * as E from 'fp-ts/lib/Either.js'
import type { Dataset } from './dataset.ts'

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

// From two files to a data set
// ----------------------------
// An images file (count, rows, cols) and a labels file (count) make a data set (data/dataset.ts)
// when their counts agree and every label names a class. MNIST's 60,000 training and 10,000
// t10k digits are then joined into the 70,000 that the original experiment split.

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
