// The fingerprint of samples (data/idxWrite.ts): a CRC-32 of their images, then labels, in order.
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Dataset } from '../../src/data/dataset.ts'
import { samplesFingerprint } from '../../src/data/idxWrite.ts'
import { crc32 } from '../../src/plot/png.ts'

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text)
const dataset = (images: Uint8Array, labels: Uint8Array, rows: number, cols: number): Dataset => ({ images, labels, count: labels.length, rows, cols, classes: 256 })

// Data sets of 1 to 6 samples of 2×3 bytes, and indices into them (repeats allowed).
const samples = fc.integer({ min: 1, max: 6 }).chain((count) =>
  fc.record({
    images: fc.uint8Array({ minLength: count * 6, maxLength: count * 6 }),
    labels: fc.uint8Array({ minLength: count, maxLength: count }),
    indices: fc.array(fc.integer({ min: 0, max: count - 1 }), { maxLength: 8 }),
  }),
)

describe('samplesFingerprint', () => {
  it('is the CRC-32 check value of "123456789" for one 2×4 image "12345678" labelled "9"', () => {
    expect(samplesFingerprint(dataset(ascii('12345678'), ascii('9'), 2, 4), new Int32Array([0]))).toBe('1 sample, CRC-32 cbf43926')
  })

  it('of no samples is the CRC-32 of nothing', () => {
    expect(samplesFingerprint(dataset(ascii('12345678'), ascii('9'), 2, 4), new Int32Array([]))).toBe('0 samples, CRC-32 00000000')
  })

  it('agrees with plot/png.ts\'s crc32 of the images then the labels, in the order of the indices', () => {
    fc.assert(
      fc.property(samples, ({ images, labels, indices }) => {
        const bytes = [...indices.flatMap((i) => [...images.subarray(i * 6, i * 6 + 6)]), ...indices.map((i) => labels[i]!)]
        const expected = `${indices.length} sample${indices.length === 1 ? '' : 's'}, CRC-32 ${crc32(Uint8Array.from(bytes)).toString(16).padStart(8, '0')}`
        expect(samplesFingerprint(dataset(images, labels, 2, 3), Int32Array.from(indices))).toBe(expected)
      }),
    )
  })

  it('changes when one byte of a chosen image or label changes, and when two different samples swap places', () => {
    fc.assert(
      fc.property(samples, fc.nat(), fc.integer({ min: 1, max: 255 }), ({ images, labels, indices }, at, delta) => {
        fc.pre(indices.length >= 1)
        const ds = dataset(images, labels, 2, 3)
        const before = samplesFingerprint(ds, Int32Array.from(indices))
        const i = indices[at % indices.length]!
        const image = images.slice()
        image[i * 6 + (at % 6)] = (image[i * 6 + (at % 6)]! + delta) & 0xff
        const label = labels.slice()
        label[i] = (label[i]! + delta) & 0xff
        expect(samplesFingerprint(dataset(image, labels, 2, 3), Int32Array.from(indices))).not.toBe(before)
        expect(samplesFingerprint(dataset(images, label, 2, 3), Int32Array.from(indices))).not.toBe(before)
      }),
    )
    const ds = dataset(ascii('aaaaaabbbbbb'), ascii('01'), 2, 3)
    expect(samplesFingerprint(ds, new Int32Array([0, 1]))).not.toBe(samplesFingerprint(ds, new Int32Array([1, 0])))
  })

  it('refuses an index outside the data', () => {
    expect(() => samplesFingerprint(dataset(ascii('123456'), ascii('1'), 2, 3), new Int32Array([1]))).toThrow(RangeError)
  })
})
