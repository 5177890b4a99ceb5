import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { adler32, base64, crc32, png, pngDataUri } from '../../src/plot/png.ts'
import { crcOf, readPng } from '../helpers/png.ts'

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text)

describe('checksums and base64', () => {
  it('gives the known values', () => {
    expect(crc32(ascii('IEND'))).toBe(0xae426082)
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926)
    expect(adler32(ascii('Wikipedia'))).toBe(0x11e60398)
    expect(adler32(new Uint8Array(0))).toBe(1)
    expect(base64(ascii('Man'))).toBe('TWFu')
    expect(base64(ascii('Ma'))).toBe('TWE=')
    expect(base64(ascii('M'))).toBe('TQ==')
  })

  it('agree with the bitwise CRC and with Node on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(crc32(bytes)).toBe(crcOf(bytes))
        expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'))
      }),
    )
  })
})

describe('png', () => {
  it('writes an image that zlib reads back pixel for pixel', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 30 }), fc.nat(), (width, height, seed) => {
        const rgb = Uint8Array.from({ length: 3 * width * height }, (_, i) => (i * 2654435761 + seed) >>> 24)
        const read = readPng(png(width, height, rgb))
        expect(read.types).toEqual(['IHDR', 'IDAT', 'IEND'])
        expect([read.width, read.height]).toEqual([width, height])
        expect(read.rgb).toEqual(rgb)
      }),
      { numRuns: 40 },
    )
  })

  it('splits pixels over several stored blocks when they exceed 65,535 bytes', () => {
    const [width, height] = [300, 100] // 90,100 bytes of rows: two blocks
    const rgb = Uint8Array.from({ length: 3 * width * height }, (_, i) => i % 251)
    const file = png(width, height, rgb)
    expect(readPng(file).rgb).toEqual(rgb)
    expect(file.length).toBe(8 + 25 + (12 + 2 + 2 * 5 + height * (1 + 3 * width) + 4) + 12)
  })

  it('is a data: URI of itself, and refuses pixels that do not fit the size', () => {
    const rgb = new Uint8Array([255, 0, 0])
    expect(pngDataUri(1, 1, rgb)).toBe(`data:image/png;base64,${Buffer.from(png(1, 1, rgb)).toString('base64')}`)
    expect(() => png(2, 1, rgb)).toThrow(RangeError)
    expect(() => png(0, 0, new Uint8Array(0))).toThrow(RangeError)
  })

  it('does not change its input', () => {
    const rgb = Uint8Array.from({ length: 12 }, (_, i) => i)
    png(2, 2, rgb)
    expect(Array.from(rgb)).toEqual(Array.from({ length: 12 }, (_, i) => i))
  })
})
