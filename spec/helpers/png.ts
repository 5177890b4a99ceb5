// Reading a PNG back in the specs, with Node's zlib: independent of the writer in src/plot/png.ts.

import { inflateSync } from 'node:zlib'
import { expect } from 'vitest'

// A PNG read back with Node's zlib, independently of the writer: its chunks (each CRC
// checked), its header and its RGB pixels.
export const readPng = (file: Uint8Array): { width: number; height: number; rgb: Uint8Array; types: string[] } => {
  expect(Array.from(file.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
  const types: string[] = []
  const idat: Uint8Array[] = []
  let header: Uint8Array = new Uint8Array(0)
  for (let at = 8; at < file.length; ) {
    const length = view.getUint32(at)
    const type = new TextDecoder().decode(file.subarray(at + 4, at + 8))
    const data = file.subarray(at + 8, at + 8 + length)
    expect(view.getUint32(at + 8 + length), `CRC of ${type}`).toBe(crcOf(file.subarray(at + 4, at + 8 + length)))
    types.push(type)
    if (type === 'IHDR') header = data
    if (type === 'IDAT') idat.push(data)
    at += 12 + length
  }
  const h = new DataView(header.buffer, header.byteOffset, header.byteLength)
  const [width, height] = [h.getUint32(0), h.getUint32(4)]
  expect(Array.from(header.subarray(8))).toEqual([8, 2, 0, 0, 0]) // 8-bit RGB, zlib, filter 0, no interlace
  const rows = inflateSync(Buffer.concat(idat)) // checks the zlib header and the Adler-32
  expect(rows.length).toBe(height * (1 + 3 * width))
  const rgb = new Uint8Array(3 * width * height)
  for (let y = 0; y < height; y++) {
    expect(rows[y * (1 + 3 * width)], 'filter byte').toBe(0)
    rgb.set(rows.subarray(y * (1 + 3 * width) + 1, (y + 1) * (1 + 3 * width)), 3 * width * y)
  }
  return { width, height, rgb, types }
}

// CRC-32 the slow way, bit by bit, as the PNG specification defines it.
export const crcOf = (bytes: Uint8Array): number => {
  let c = 0xffffffff
  for (const byte of bytes) {
    c ^= byte
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
  }
  return (c ^ 0xffffffff) >>> 0
}

/** The PNG inside a `data:image/png;base64,` URI, read back. */
export const readPngUri = (uri: string): ReturnType<typeof readPng> => {
  expect(uri.startsWith('data:image/png;base64,')).toBe(true)
  return readPng(new Uint8Array(Buffer.from(uri.slice('data:image/png;base64,'.length), 'base64')))
}
