import { describe, expect, it } from 'vitest'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { gatherBatch, type Dataset } from '../../src/data/dataset.ts'
import { concatDatasets, datasetOf, type Idx } from '../../src/data/idx.ts'

const NAMES = { images: 'data/train-images-idx3-ubyte', labels: 'data/train-labels-idx1-ubyte' }

const right = <T>(result: E.Either<string, T>): T => {
  if (E.isLeft(result)) throw new Error(`expected Right, got Left: ${result.left}`)
  return result.right
}

const left = <T>(result: E.Either<string, T>): string => {
  if (E.isRight(result)) throw new Error('expected Left, got Right')
  return result.left
}

const idx = (dims: readonly number[], values: readonly number[]): Idx => ({ dims, data: new Uint8Array(values) })

// Three 2×2 images: image i holds the pixels 10i, 10i + 1, 10i + 2, 255.
const IMAGES = idx([3, 2, 2], [0, 1, 2, 255, 10, 11, 12, 255, 20, 21, 22, 255])
const LABELS = idx([3], [7, 0, 9])
const tiny = (): Dataset => right(datasetOf(IMAGES, LABELS, NAMES))

describe('datasetOf', () => {
  it('pairs images (count, rows, cols) with labels (count)', () => {
    const ds = tiny()
    expect([ds.count, ds.rows, ds.cols, ds.classes]).toEqual([3, 2, 2, 10])
    expect(Array.from(ds.labels)).toEqual([7, 0, 9])
    expect(ds.images).toBe(IMAGES.data) // kept as it is: no copy
  })

  it('wants 3-D images and 1-D labels', () => {
    expect(left(datasetOf(idx([3, 4], new Array(12).fill(0)), LABELS, NAMES))).toBe(
      'data/train-images-idx3-ubyte: images must have 3 dimensions (count, rows, cols), found 2 ([3, 4])',
    )
    expect(left(datasetOf(IMAGES, idx([3, 1], [1, 2, 3]), NAMES))).toBe(
      'data/train-labels-idx1-ubyte: labels must have 1 dimension (count), found 2 ([3, 1])',
    )
  })

  it('wants one label per image', () => {
    expect(left(datasetOf(IMAGES, idx([2], [1, 2]), NAMES))).toBe(
      'data/train-images-idx3-ubyte has 3 images but data/train-labels-idx1-ubyte has 2 labels',
    )
  })

  it('names the first label that is not a class', () => {
    expect(left(datasetOf(IMAGES, idx([3], [1, 12, 10]), NAMES))).toBe(
      'data/train-labels-idx1-ubyte: label 1 is 12, but labels must be below the 10 classes',
    )
    expect(left(datasetOf(IMAGES, LABELS, NAMES, 9))).toBe('data/train-labels-idx1-ubyte: label 2 is 9, but labels must be below the 9 classes')
    expect(right(datasetOf(IMAGES, LABELS, NAMES, 256)).classes).toBe(256)
  })

  it('wants a sensible number of classes', () => {
    expect(left(datasetOf(IMAGES, LABELS, NAMES, 0))).toMatch(/classes must be an integer from 1 to 256/)
    expect(left(datasetOf(IMAGES, LABELS, NAMES, 2.5))).toMatch(/got 2.5$/)
  })
})

describe('concatDatasets', () => {
  it('puts the images and labels of b after those of a', () => {
    const a = tiny()
    const b = right(datasetOf(idx([1, 2, 2], [5, 6, 7, 8]), idx([1], [4]), NAMES))
    const ab = right(concatDatasets(a, b))
    expect([ab.count, ab.rows, ab.cols, ab.classes]).toEqual([4, 2, 2, 10])
    expect(Array.from(ab.images)).toEqual([...IMAGES.data, 5, 6, 7, 8])
    expect(Array.from(ab.labels)).toEqual([7, 0, 9, 4])
    expect(ab.images).toBeInstanceOf(Uint8Array)
    // Fresh arrays: a and b are untouched and not shared.
    expect(ab.images.buffer).not.toBe(a.images.buffer)
    expect(Array.from(a.labels)).toEqual([7, 0, 9])
  })

  it('refuses different image sizes or class counts', () => {
    const a = tiny()
    const wide = right(datasetOf(idx([1, 1, 4], [1, 2, 3, 4]), idx([1], [0]), NAMES))
    expect(left(concatDatasets(a, wide))).toBe('cannot concatenate data sets of 2×2 and 1×4 images')
    const five = right(datasetOf(idx([1, 2, 2], [1, 2, 3, 4]), idx([1], [0]), NAMES, 5))
    expect(left(concatDatasets(a, five))).toBe('cannot concatenate data sets with 10 and 5 classes')
  })
})

describe('gatherBatch', () => {
  it('gathers the chosen images as floats in [0, 1], shaped (N, 1, rows, cols)', () => {
    const ds = tiny()
    const order = new Int32Array([2, 0, 1])
    const { x, labels } = gatherBatch(ds, order, 0, 2)
    expect(x.shape).toEqual([2, 1, 2, 2])
    expect(x.data).toBeInstanceOf(Float32Array)
    expect(Array.from(x.data)).toEqual([20, 21, 22, 255, 0, 1, 2, 255].map((v) => Math.fround(v / 255)))
    expect(Array.from(labels)).toEqual([9, 7])
  })

  it('takes positions start … end − 1 of the index list', () => {
    const ds = tiny()
    const { x, labels } = gatherBatch(ds, new Int32Array([2, 0, 1]), 1, 2)
    expect(x.shape).toEqual([1, 1, 2, 2])
    expect(Array.from(x.data)).toEqual([0, 1, 2, 255].map((v) => Math.fround(v / 255)))
    expect(Array.from(labels)).toEqual([7])
    expect(gatherBatch(ds, new Int32Array([2, 0, 1]), 3, 3).x.shape).toEqual([0, 1, 2, 2])
  })

  it('gives v / 255 in float32 for every byte', () => {
    const ds = right(datasetOf(idx([1, 16, 16], Array.from({ length: 256 }, (_, v) => v)), idx([1], [0]), NAMES))
    const { x } = gatherBatch(ds, new Int32Array([0]), 0, 1)
    for (let v = 0; v < 256; v++) expect(x.data[v]).toBe(Math.fround(v / 255))
    expect(x.data[0]).toBe(0)
    expect(x.data[255]).toBe(1)
  })

  it('leaves the data set and the indices unchanged', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(),
        (count, rows, cols, seed) => {
          const pixels = count * rows * cols
          const images = Uint8Array.from({ length: pixels }, (_, i) => (i * 37 + seed) % 256)
          const labels = Uint8Array.from({ length: count }, (_, i) => (i + seed) % 10)
          const ds = right(datasetOf({ dims: [count, rows, cols], data: images }, { dims: [count], data: labels }, NAMES))
          const indices = Int32Array.from({ length: count }, (_, i) => (i * 5 + seed) % count)
          const [imagesBefore, labelsBefore, indicesBefore] = [images.slice(), labels.slice(), indices.slice()]
          const { x, labels: batchLabels } = gatherBatch(ds, indices, 0, count)
          expect(x.shape).toEqual([count, 1, rows, cols])
          for (let n = 0; n < count; n++) {
            expect(batchLabels[n]).toBe(labels[indices[n]])
            for (let p = 0; p < rows * cols; p++) expect(x.data[n * rows * cols + p] * 255).toBeCloseTo(images[indices[n] * rows * cols + p], 3)
          }
          expect(images).toEqual(imagesBefore)
          expect(labels).toEqual(labelsBefore)
          expect(indices).toEqual(indicesBefore)
        },
      ),
    )
  })

  it('throws on positions or indices out of range (a programming error)', () => {
    const ds = tiny()
    expect(() => gatherBatch(ds, new Int32Array([0, 1]), 1, 3)).toThrow(RangeError)
    expect(() => gatherBatch(ds, new Int32Array([0, 1]), 2, 1)).toThrow(RangeError)
    expect(() => gatherBatch(ds, new Int32Array([0, 3]), 0, 2)).toThrow('gatherBatch: index 3 at position 1 is outside the 3 samples')
    expect(() => gatherBatch(ds, new Int32Array([-1]), 0, 1)).toThrow(RangeError)
  })
})

describe('the doc-comment example', () => {
  it('datasetOf names the bad label', () => {
    const result = datasetOf({ dims: [2, 1, 2], data: new Uint8Array([0, 255, 9, 9]) }, { dims: [2], data: new Uint8Array([3, 12]) }, NAMES)
    expect(left(result)).toBe('data/train-labels-idx1-ubyte: label 1 is 12, but labels must be below the 10 classes')
  })
})
