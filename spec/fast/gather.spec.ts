// The fast batch cutter gives exactly the plain one's batches.

import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { gatherBatch } from '../../src/data/dataset.ts'
import { datasetOf } from '../../src/data/idx.ts'
import { gatherBatchFast } from '../../src/fast/gather.ts'

const NAMES = { images: 'images', labels: 'labels' }
const dataset = (count: number, rows: number, cols: number, pixel: (i: number) => number) => {
  const made = datasetOf({ dims: [count, rows, cols], data: Uint8Array.from({ length: count * rows * cols }, (_, i) => pixel(i)) }, { dims: [count], data: Uint8Array.from({ length: count }, (_, i) => i % 10) }, NAMES)
  if (E.isLeft(made)) throw new Error(made.left)
  return made.right
}

describe('gatherBatchFast', () => {
  it('gives exactly v / 255 in float32, for every byte', () => {
    const ds = dataset(1, 16, 16, (v) => v)
    const fast = gatherBatchFast(ds, new Int32Array([0]), 0, 1).x.data
    for (let v = 0; v < 256; v++) expect(fast[v]).toBe(Math.fround(v / 255))
  })

  it('cuts the same batches as gatherBatch', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 5 }), fc.nat(), (count, side, seed) => {
        const ds = dataset(count, side, side, (i) => (i * 37 + seed) % 256)
        const order = Int32Array.from({ length: count }, (_, i) => (i * 5 + seed) % count)
        const start = seed % count
        const [a, b] = [gatherBatch(ds, order, start, count), gatherBatchFast(ds, order, start, count)]
        expect(b.x.shape).toEqual(a.x.shape)
        expect(Array.from(b.x.data)).toEqual(Array.from(a.x.data))
        expect(Array.from(b.labels)).toEqual(Array.from(a.labels))
      }),
    )
  })

  it('refuses positions outside the indices, as gatherBatch does', () => {
    const ds = dataset(2, 2, 2, () => 1)
    expect(() => gatherBatchFast(ds, new Int32Array([0, 1]), 1, 3)).toThrow(RangeError)
    expect(() => gatherBatchFast(ds, new Int32Array([0, 5]), 0, 2)).toThrow(RangeError)
  })
})
