import { describe, expect, it } from 'vitest'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { parseIdx, type Idx } from '../../src/data/idx.ts'
import { encodeIdx } from '../../src/data/idxWrite.ts'

const FILE = 'data/train-images-idx3-ubyte'

// The value of a Right, or a failed test that shows the Left.
const right = <T>(result: E.Either<string, T>): T => {
  if (E.isLeft(result)) throw new Error(`expected Right, got Left: ${result.left}`)
  return result.right
}

const left = <T>(result: E.Either<string, T>): string => {
  if (E.isRight(result)) throw new Error('expected Left, got Right')
  return result.left
}

// Small IDX contents: 1 to 4 dimensions of size 1 to 5, and that many bytes.
const idxContents = fc
  .array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 })
  .chain((dims) =>
    fc.uint8Array({ minLength: dims.reduce((a, b) => a * b, 1), maxLength: dims.reduce((a, b) => a * b, 1) }).map((data) => ({ dims, data })),
  )

describe('parseIdx: worked examples', () => {
  it('reads the example from its doc comment', () => {
    const idx = right(parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]), 'x'))
    expect(idx.dims).toEqual([2])
    expect(Array.from(idx.data)).toEqual([7, 9])
  })

  it('reads a 2×2×3 block with big-endian sizes', () => {
    const bytes = new Uint8Array([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]])
    const idx = right(parseIdx(bytes, 'x'))
    expect(idx.dims).toEqual([2, 2, 3])
    expect(Array.from(idx.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
  })

  it('reads sizes of 256 and more (all four size bytes matter)', () => {
    const dims = [0x0102]
    const bytes = encodeIdx(dims, new Uint8Array(0x0102))
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0, 0, 8, 1, 0, 0, 1, 2])
    expect(right(parseIdx(bytes, 'x')).dims).toEqual([258])
  })

  it('keeps the data as a view of the input, without copying', () => {
    const bytes = encodeIdx([3], new Uint8Array([1, 2, 3]))
    const idx = right(parseIdx(bytes, 'x'))
    expect(idx.data.buffer).toBe(bytes.buffer)
    expect(idx.data.byteOffset).toBe(8)
  })

  it('leaves its input unchanged', () => {
    const bytes = encodeIdx([2, 2], new Uint8Array([1, 2, 3, 4]))
    const copy = bytes.slice()
    parseIdx(bytes, 'x')
    expect(bytes).toEqual(copy)
  })
})

describe('parseIdx: one clear message per mistake', () => {
  const good = encodeIdx([2, 3], new Uint8Array([1, 2, 3, 4, 5, 6])) // 4 + 8 header bytes, 6 data bytes
  const withByte = (at: number, value: number): Uint8Array => {
    const bytes = good.slice()
    bytes[at] = value
    return bytes
  }

  it('too short for a header', () => {
    expect(left(parseIdx(new Uint8Array([0, 0, 8]), FILE))).toBe(`${FILE}: not an IDX file (3 bytes; the header alone needs at least 4)`)
    expect(left(parseIdx(new Uint8Array(0), FILE))).toMatch(/^data\/train-images-idx3-ubyte: not an IDX file \(0 bytes/)
  })

  it('first two bytes not zero', () => {
    expect(left(parseIdx(withByte(0, 1), FILE))).toBe(`${FILE}: not an IDX file (first two bytes must be 0)`)
    expect(left(parseIdx(withByte(1, 0x8b), FILE))).toBe(`${FILE}: not an IDX file (first two bytes must be 0)`)
  })

  it('element types other than unsigned bytes', () => {
    const says = (type: number): string => left(parseIdx(withByte(2, type), FILE))
    expect(says(0x09)).toBe(`${FILE}: elements are signed bytes (type 0x09); only unsigned bytes (type 0x08) are supported`)
    expect(says(0x0b)).toBe(`${FILE}: elements are 16-bit integers (type 0x0B); only unsigned bytes (type 0x08) are supported`)
    expect(says(0x0c)).toBe(`${FILE}: elements are 32-bit integers (type 0x0C); only unsigned bytes (type 0x08) are supported`)
    expect(says(0x0d)).toBe(`${FILE}: elements are 32-bit floats (type 0x0D); only unsigned bytes (type 0x08) are supported`)
    expect(says(0x0e)).toBe(`${FILE}: elements are 64-bit floats (type 0x0E); only unsigned bytes (type 0x08) are supported`)
    expect(says(0x42)).toBe(`${FILE}: unknown element type 0x42; only unsigned bytes (type 0x08) are supported`)
  })

  it('zero dimensions', () => {
    expect(left(parseIdx(new Uint8Array([0, 0, 8, 0]), FILE))).toBe(`${FILE}: has 0 dimensions; an IDX file needs at least 1`)
  })

  it('a header cut off in the middle of the sizes', () => {
    expect(left(parseIdx(good.subarray(0, 10), FILE))).toBe(`${FILE}: truncated header: 2 dimensions need 12 header bytes, found 10`)
    expect(left(parseIdx(withByte(3, 200), FILE))).toBe(`${FILE}: truncated header: 200 dimensions need 804 header bytes, found 18`)
  })

  it('a size of zero', () => {
    expect(left(parseIdx(withByte(11, 0), FILE))).toBe(`${FILE}: dimension 1 has size 0; every size must be positive`)
  })

  it('missing data', () => {
    expect(left(parseIdx(good.subarray(0, 16), FILE))).toBe(`${FILE}: truncated: expected 6 bytes of data, found 4`)
    expect(left(parseIdx(withByte(7, 3), FILE))).toBe(`${FILE}: truncated: expected 9 bytes of data, found 6`)
  })

  it('extra data', () => {
    const longer = new Uint8Array(good.length + 5)
    longer.set(good)
    expect(left(parseIdx(longer, FILE))).toBe(`${FILE}: has 5 extra bytes after the 6 bytes of data`)
  })

  it('sizes whose product is beyond any file', () => {
    const bytes = new Uint8Array([0, 0, 8, 3, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 1])
    expect(left(parseIdx(bytes, FILE))).toMatch(/^data\/train-images-idx3-ubyte: truncated: expected \S+ bytes of data, found 1$/)
  })
})

describe('parseIdx: properties', () => {
  it('parses back what encodeIdx wrote', () => {
    fc.assert(
      fc.property(idxContents, ({ dims, data }) => {
        const parsed: Idx = right(parseIdx(encodeIdx(dims, data), 'x'))
        expect(parsed.dims).toEqual(dims)
        expect(Array.from(parsed.data)).toEqual(Array.from(data))
      }),
    )
  })

  it('rejects any truncated file', () => {
    fc.assert(
      fc.property(idxContents, fc.nat(), ({ dims, data }, cut) => {
        const bytes = encodeIdx(dims, data)
        const short = bytes.subarray(0, cut % bytes.length)
        expect(E.isLeft(parseIdx(short, 'x'))).toBe(true)
      }),
    )
  })

  it('rejects any file with extra bytes', () => {
    fc.assert(
      fc.property(idxContents, fc.uint8Array({ minLength: 1, maxLength: 20 }), ({ dims, data }, extra) => {
        const bytes = encodeIdx(dims, data)
        const longer = new Uint8Array(bytes.length + extra.length)
        longer.set(bytes)
        longer.set(extra, bytes.length)
        expect(left(parseIdx(longer, 'x'))).toBe(`x: has ${extra.length} extra bytes after the ${data.length} bytes of data`)
      }),
    )
  })

  it('rejects any corrupted header byte (magic, type, dimension count or a size)', () => {
    fc.assert(
      fc.property(idxContents, fc.nat(), fc.integer({ min: 1, max: 255 }), ({ dims, data }, where, flip) => {
        const bytes = encodeIdx(dims, data)
        const header = 4 + 4 * dims.length
        const at = where % header
        const corrupted = bytes.slice()
        corrupted[at] ^= flip
        // Why no flip can slip through: a changed size changes the product of the sizes;
        // fewer dimensions leave size bytes over as extra data; more dimensions read sizes
        // out of the data, so the product grows while the data shrinks.
        expect(E.isLeft(parseIdx(corrupted, 'x'))).toBe(true)
      }),
    )
  })

  it('never throws on random bytes, and only accepts them when they are a valid file', () => {
    const almostIdx = fc.tuple(fc.constantFrom(0, 0, 0, 1), fc.constantFrom(0, 0, 0, 1), fc.constantFrom(8, 8, 13), fc.integer({ min: 0, max: 4 }))
    const randomBytes = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.tuple(almostIdx, fc.uint8Array({ maxLength: 40 })).map(([head, tail]) => new Uint8Array([...head, ...tail])),
    )
    fc.assert(
      fc.property(randomBytes, (bytes) => {
        const result = parseIdx(bytes, 'x')
        if (E.isRight(result)) {
          // Anything accepted must encode back to the very same bytes.
          expect(Array.from(encodeIdx(result.right.dims, result.right.data))).toEqual(Array.from(bytes))
        } else {
          expect(result.left).toMatch(/^x: /)
        }
      }),
      { numRuns: 500 },
    )
  })
})

describe('encodeIdx', () => {
  it('writes the example from its doc comment', () => {
    expect(Array.from(encodeIdx([2], new Uint8Array([7, 9])))).toEqual([0, 0, 8, 1, 0, 0, 0, 2, 7, 9])
  })

  it('throws on sizes that do not match the data (a programming error)', () => {
    expect(() => encodeIdx([2, 2], new Uint8Array(3))).toThrow(RangeError)
    expect(() => encodeIdx([], new Uint8Array(1))).toThrow(RangeError)
    expect(() => encodeIdx([0], new Uint8Array(0))).toThrow(RangeError)
  })
})
