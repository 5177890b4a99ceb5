// PNG, written by hand
// ====================
//
// A heatmap is a `<rect>` per cell (plot/heatmap.ts), which is right for the original
// network's 10 × 169 weights: every cell can carry a tooltip. A dense layer of 128 × 784
// would be 100,352 rects, an SVG of 7.8 MB that takes a second and a hundred megabytes of
// heap to write and a browser seconds to draw. So a big heatmap becomes one raster image
// instead, a PNG carried inside the SVG as a `data:` URI, one pixel per cell.
//
// PNG is simple enough to write in a page of code, and doing it by hand keeps the figures
// free of any library and the same in Node and in the browser. A PNG file is an 8-byte
// signature and a list of chunks,
//
//     length (4 bytes, big-endian) · type (4 ASCII letters) · data · CRC-32 of type and data
//
// here IHDR (width, height, 8 bits per channel, RGB), IDAT (the pixels) and IEND. IDAT holds a
// zlib stream of the rows, each row led by a filter byte (0: none). We do not compress: a zlib
// stream may consist of *stored* blocks, each a 5-byte header and up to 65,535 raw bytes, and
// it ends with the Adler-32 checksum of the raw bytes. The file is then about as big as its
// pixels (3 bytes each), and base64 makes it 4/3 of that: 400 KB for the 128 × 784 layer.
// Every byte is a function of the pixels, so figures stay deterministic.
// Previous: plot/ticks.ts. Next: plot/heatmap.ts.

// Checksums
// ---------

// CRC-32 (the polynomial of zlib and PNG, reflected: 0xEDB88320), one table of 256 entries.
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

/** CRC-32 of bytes, as PNG chunks and gzip carry it. @example crc32(bytes('IEND')) === 0xae426082 */
export const crc32 = (bytes: Readonly<Uint8Array>): number => {
  let c = 0xffffffff
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/** Adler-32 of bytes, the checksum that ends a zlib stream. @example adler32(bytes('Wikipedia')) === 0x11e60398 */
export const adler32 = (bytes: Readonly<Uint8Array>): number => {
  let a = 1
  let b = 0
  for (let i = 0; i < bytes.length; i++) {
    a = (a + bytes[i]) % 65521
    b = (b + a) % 65521
  }
  return ((b << 16) | a) >>> 0
}

// The file
// --------

const STORED_BLOCK = 65535

// A zlib stream of stored blocks: header 0x78 0x01, then per block its "final" flag,
// its length and the length's complement (little-endian), the raw bytes; Adler-32 last.
const zlibStored = (raw: Readonly<Uint8Array>): Uint8Array => {
  const blocks = Math.max(1, Math.ceil(raw.length / STORED_BLOCK))
  const out = new Uint8Array(2 + 5 * blocks + raw.length + 4)
  out[0] = 0x78
  out[1] = 0x01
  let at = 2
  for (let b = 0; b < blocks; b++) {
    const start = b * STORED_BLOCK
    const length = Math.min(STORED_BLOCK, raw.length - start)
    out[at] = b === blocks - 1 ? 1 : 0
    out[at + 1] = length & 0xff
    out[at + 2] = length >>> 8
    out[at + 3] = ~length & 0xff
    out[at + 4] = (~length >>> 8) & 0xff
    out.set(raw.subarray(start, start + length), at + 5)
    at += 5 + length
  }
  new DataView(out.buffer).setUint32(at, adler32(raw))
  return out
}

const chunk = (type: string, data: Readonly<Uint8Array>): Uint8Array => {
  const out = new Uint8Array(12 + data.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, data.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(data, 8)
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)))
  return out
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/**
 * A PNG file of an RGB image: `rgb` holds width × height pixels of 3 bytes, row by row.
 * @example png(1, 1, new Uint8Array([255, 0, 0])) // a single red pixel, 69 bytes
 */
export const png = (width: number, height: number, rgb: Readonly<Uint8Array>): Uint8Array => {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) || rgb.length !== width * height * 3) {
    throw new RangeError(`png: ${width}×${height} RGB pixels need ${width * height * 3} bytes, got ${rgb.length}`)
  }
  const header = new Uint8Array(13)
  const view = new DataView(header.buffer)
  view.setUint32(0, width)
  view.setUint32(4, height)
  header[8] = 8 // bits per channel
  header[9] = 2 // colour type: RGB
  // header[10..12]: compression 0 (zlib), filter method 0, no interlace
  const stride = 3 * width
  const rows = new Uint8Array(height * (1 + stride)) // each row: filter byte 0, then its pixels
  for (let y = 0; y < height; y++) rows.set(rgb.subarray(y * stride, (y + 1) * stride), y * (1 + stride) + 1)
  const parts = [Uint8Array.from(SIGNATURE), chunk('IHDR', header), chunk('IDAT', zlibStored(rows)), chunk('IEND', new Uint8Array(0))]
  const file = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  parts.reduce((at, part) => (file.set(part, at), at + part.length), 0)
  return file
}

// Base64
// ------

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const PAD = '='.charCodeAt(0)

/** Bytes in base64 (RFC 4648, with padding). @example base64(bytes('Man')) === 'TWFu' */
export const base64 = (bytes: Readonly<Uint8Array>): string => {
  // Four letters for every three bytes, written as ASCII codes and decoded once at the end.
  const letters = new Uint8Array(4 * Math.ceil(bytes.length / 3))
  for (let i = 0, at = 0; i < bytes.length; i += 3, at += 4) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    letters[at] = BASE64.charCodeAt(n >>> 18)
    letters[at + 1] = BASE64.charCodeAt((n >>> 12) & 63)
    letters[at + 2] = i + 1 < bytes.length ? BASE64.charCodeAt((n >>> 6) & 63) : PAD
    letters[at + 3] = i + 2 < bytes.length ? BASE64.charCodeAt(n & 63) : PAD
  }
  return new TextDecoder().decode(letters)
}

/** An RGB image as a `data:` URI that an SVG `<image>` can show. */
export const pngDataUri = (width: number, height: number, rgb: Readonly<Uint8Array>): string =>
  `data:image/png;base64,${base64(png(width, height, rgb))}`
