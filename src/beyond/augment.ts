// Data augmentation
// =================
//
// A network that has seen a "7" at one spot of the 28×28 frame has not seen it one pixel to
// the left: its dense layers weigh every pixel separately, and even the convolution's pooling
// forgives only a pixel or so. People draw digits a little off centre, a little turned, a
// little small. So we show the network each training image in a slightly different version
// every epoch (moved a few pixels, turned a few degrees, grown or shrunk a few per cent) and it
// learns that these do not change the digit. That is *data augmentation*: more data, made
// from the data we have, at the price of computing it.
//
// What to do is an `Augmentation`, three maxima, written on the command line as text:
//
//     none                      the images as they are
//     shift2                    moved by dx, dy ∈ {−2, …, 2} whole pixels
//     rot10                     turned by θ ∈ [−10°, 10°] about the image centre
//     scale0.1                  grown or shrunk by a factor f ∈ [0.9, 1.1]
//     shift2-rot10-scale0.1     all three ('-' joins parts, in any order, each at most once)
//     affine                    a name for shift2-rot10-scale0.1
//
//     shift<k>      k a whole number of pixels, 0 … 99
//     rot<d>        d degrees, 0 … 180, at most 3 decimals
//     scale<s>      s a fraction, 0 ≤ s < 1, at most 3 decimals
//
// The random part is a *pure function* of where it is used (beyond/random.ts): image i of
// epoch e with seed s draws its four numbers at the addresses (s, e, i, 0) … (s, e, i, 3),
//
//     dx = ⌊u₀ (2k + 1)⌋ − k      dy = ⌊u₁ (2k + 1)⌋ − k       (whole pixels, each equally likely)
//     θ = (2u₂ − 1) d             f = 1 + (2u₃ − 1) s           (uniform in [−d, d], [1 − s, 1 + s])
//
// so the same image, epoch and seed give the same pixels whatever the batch size, the order
// of the images or the number of threads. (Each number has its own address, so `shift2` and
// `shift2-rot10` move an image by the same dx, dy.)
//
// The geometry, in pixel coordinates (x = column, y = row, the centre c = ((cols−1)/2,
// (rows−1)/2), y pointing down, so a positive θ turns the digit clockwise on screen): ink at
// p goes to
//
//     p' = c + f R(θ) (p − c) + (dx, dy)
//
// An output pixel q must so come from p = c + R(−θ) (q − (dx, dy) − c) / f, which is rarely
// a whole pixel: we read it by *bilinear interpolation*, the mean of the four pixels around
// p weighted by nearness, with zeros (empty background) outside the image. A pure shift
// needs none of this: every pixel moves a whole number of places, and the result is exactly
// the bytes moved, /255. The no-op `none` gives exactly what data/dataset.ts's gatherBatch gives.
//
//     image (rows, cols) bytes  →  augmentImage  →  (rows, cols) floats in [0, 1]
//     augmentBatch: gatherBatch's contract, x (N, 1, rows, cols), each image augmented
//
// Cost: one tight loop over the output pixels. Batches of 128 MNIST digits on a busy 2-core
// machine took about 2 µs an image for shift2, as long as gatherBatch's plain copy, and 7 to
// 9 µs for affine, where the same loop doing nothing but write each pixel took about 4 µs:
// well under a second for the 56,000 training images of an epoch, small beside its training.
// Previous: beyond/batchNorm.ts. Next: model/beyond.ts.

import * as E from 'fp-ts/lib/Either.js'
import { float32 } from '../core/memory.ts'
import { tensor, type Tensor } from '../core/tensor.ts'
import type { Dataset } from '../data/dataset.ts'
import { uniformAt } from './random.ts'

/** The most each image may change: shift in whole pixels, rotate in degrees, scale as a fraction (0.1 = ±10%). */
export interface Augmentation {
  readonly shift: number // integer ≥ 0
  readonly rotate: number // degrees ≥ 0
  readonly scale: number // 0 ≤ scale < 1
}

/** No augmentation: the images as they are. */
export const NO_AUGMENTATION: Augmentation = { shift: 0, rotate: 0, scale: 0 }

/** What `affine` stands for: shift2-rot10-scale0.1. */
export const AFFINE: Augmentation = { shift: 2, rotate: 10, scale: 0.1 }

// The text
// --------

const MOST_SHIFT = 99
const MOST_ROTATE = 180
const EXAMPLE = 'e.g. shift2-rot10-scale0.1'
const PARTS = `none, affine, or parts shift<pixels>, rot<degrees>, scale<fraction> joined by '-' (${EXAMPLE})`

// A plain decimal with at most 3 decimals: 10, 7.5, 0.125 (no sign, exponent or spaces).
const DECIMAL = /^(?:0|[1-9][0-9]*)(?:\.[0-9]{1,3})?$/
const WHOLE = /^(?:0|[1-9][0-9]?)$/

/**
 * The augmentation a text describes (see the header for the grammar), or one sentence naming
 * the bad part and what was expected.
 * @example parseAugment('shift2-rot10') // right({ shift: 2, rotate: 10, scale: 0 })
 * @example parseAugment('shift2.5')     // left("'shift2.5' needs a whole number of pixels …")
 */
export const parseAugment = (text: string): E.Either<string, Augmentation> => {
  if (text === 'none') return E.right(NO_AUGMENTATION)
  if (text === 'affine') return E.right(AFFINE)
  if (text === '') return E.left(`expected ${PARTS}, got an empty text`)
  const parts = text.split('-')
  const where = parts.length > 1 ? ` in '${text}'` : ''
  let shift: number | undefined
  let rotate: number | undefined
  let scale: number | undefined
  for (const part of parts) {
    if (part === '') return E.left(`'${text}' has an empty part: expected ${PARTS}`)
    if (part === 'none' || part === 'affine') {
      return E.left(`'${part}'${where} must stand alone: write the parts instead (affine is shift2-rot10-scale0.1)`)
    }
    const m = /^(shift|rot|scale)(.*)$/.exec(part)
    if (m === null) return E.left(`'${part}'${where} is not a part: expected ${PARTS}`)
    const [, name, value] = m
    if ((name === 'shift' && shift !== undefined) || (name === 'rot' && rotate !== undefined) || (name === 'scale' && scale !== undefined)) {
      return E.left(`'${part}'${where} repeats ${name}: give each of shift, rot and scale at most once`)
    }
    if (name === 'shift') {
      if (!WHOLE.test(value ?? '')) return E.left(`'${part}'${where} needs a whole number of pixels from 0 to ${MOST_SHIFT}, e.g. shift2`)
      shift = Number(value)
    } else if (name === 'rot') {
      if (!(DECIMAL.test(value ?? '') && Number(value) <= MOST_ROTATE)) {
        return E.left(`'${part}'${where} needs degrees from 0 to ${MOST_ROTATE} with at most 3 decimals, e.g. rot10`)
      }
      rotate = Number(value)
    } else {
      if (!(DECIMAL.test(value ?? '') && Number(value) < 1)) {
        return E.left(`'${part}'${where} needs a fraction from 0 up to (not including) 1 with at most 3 decimals, e.g. scale0.1`)
      }
      scale = Number(value)
    }
  }
  return E.right({ shift: shift ?? 0, rotate: rotate ?? 0, scale: scale ?? 0 })
}

/**
 * The canonical text of an augmentation: its non-zero parts in the order shift, rot, scale,
 * or `none`. `parseAugment` reads it back to the same numbers.
 * @example formatAugment(AFFINE) === 'shift2-rot10-scale0.1'
 */
export const formatAugment = (a: Augmentation): string => {
  const parts = [
    ...(a.shift !== 0 ? [`shift${a.shift}`] : []),
    ...(a.rotate !== 0 ? [`rot${a.rotate}`] : []),
    ...(a.scale !== 0 ? [`scale${a.scale}`] : []),
  ]
  return parts.length === 0 ? 'none' : parts.join('-')
}

// A programming error, not the user's: the augmentation did not come from parseAugment.
const checkAugmentation = (who: string, a: Augmentation): void => {
  if (!(Number.isInteger(a.shift) && a.shift >= 0 && a.rotate >= 0 && a.rotate <= MOST_ROTATE && a.scale >= 0 && a.scale < 1)) {
    throw new RangeError(`${who}: need a whole shift ≥ 0, 0 ≤ rotate ≤ ${MOST_ROTATE} and 0 ≤ scale < 1, got ${formatAugment(a)}`)
  }
}

// The draws
// ---------

/** One image's change: whole-pixel shifts, an angle in degrees and a size factor. */
export interface AugmentDraw {
  readonly dx: number // pixels right (integer)
  readonly dy: number // pixels down (integer)
  readonly degrees: number // clockwise on screen
  readonly factor: number // > 0; 1 keeps the size
}

/**
 * What image `index` of `epoch` becomes under `a` with `seed`: four numbers, each from its own
 * address (seed, epoch, index, k), k = 0 … 3 (see the header).
 * @example drawAugment(NO_AUGMENTATION, 1, 1, 0) // { dx: 0, dy: 0, degrees: 0, factor: 1 }
 */
export const drawAugment = (a: Augmentation, seed: number, epoch: number, index: number): AugmentDraw => {
  const k = a.shift
  return {
    dx: Math.floor(uniformAt(seed, epoch, index, 0) * (2 * k + 1)) - k,
    dy: Math.floor(uniformAt(seed, epoch, index, 1) * (2 * k + 1)) - k,
    degrees: a.rotate === 0 ? 0 : (2 * uniformAt(seed, epoch, index, 2) - 1) * a.rotate,
    factor: a.scale === 0 ? 1 : 1 + (2 * uniformAt(seed, epoch, index, 3) - 1) * a.scale,
  }
}

// The geometry
// ------------
//
// Both loops read the image at `from` in `src` and write the fresh array `out` at `to`, so that
// a batch is written in place without an array per image. They only ever write to `out`.

// 1/255: a product is cheaper than a quotient, and for every byte v, v·INV255 rounds to the
// same float32 as v/255 (all 256 checked), so whole-pixel reads still give gatherBatch's values.
const INV255 = 1 / 255

// out[h, w] = src[h − dy, w − dx] / 255, zero where that is outside the image.
const shiftInto = (
  src: Readonly<Uint8Array>, from: number, rows: number, cols: number,
  dx: number, dy: number,
  out: Float32Array, to: number,
): void => {
  const h0 = Math.max(0, dy)
  const h1 = Math.min(rows, rows + dy)
  const w0 = Math.max(0, dx)
  const w1 = Math.min(cols, cols + dx)
  for (let h = h0; h < h1; h++) {
    const s = from + (h - dy) * cols - dx
    const o = to + h * cols
    for (let w = w0; w < w1; w++) out[o + w] = src[s + w] / 255
  }
}

// The image with a border of one black pixel all round, (rows + 2, cols + 2): bilinear reads
// of points just outside the image then need no tests.
const padded = (src: Readonly<Uint8Array>, from: number, rows: number, cols: number, into: Uint8Array): Uint8Array => {
  const W = cols + 2
  for (let h = 0; h < rows; h++) {
    const s = from + h * cols
    const o = (h + 1) * W + 1
    into.set(src.subarray(s, s + cols), o)
  }
  return into
}

// out[q] = the bilinear read of the padded image at p = c + R(−θ)(q − d − c)/f, over 255.
const warpInto = (
  pad: Readonly<Uint8Array>, rows: number, cols: number,
  draw: AugmentDraw,
  out: Float32Array, to: number,
): void => {
  const W = cols + 2
  const cx = (cols - 1) / 2
  const cy = (rows - 1) / 2
  const radians = (draw.degrees * Math.PI) / 180
  const cos = Math.cos(radians) / draw.factor
  const sin = Math.sin(radians) / draw.factor
  // Along an output row x and y grow by (cos, −sin) per pixel; one pixel down by (sin, cos).
  // We work in padded coordinates (+1) so that every point read lies at x, y > 0.
  const u0 = -draw.dx - cx
  for (let h = 0; h < rows; h++) {
    const v = h - draw.dy - cy
    const xRow = cx + 1 + cos * u0 + sin * v
    const yRow = cy + 1 - sin * u0 + cos * v
    const o = to + h * cols
    for (let w = 0; w < cols; w++) {
      const x = xRow + cos * w
      const y = yRow - sin * w
      // Outside (−1, cols) × (−1, rows) all four neighbours are paper.
      if (x > 0 && x < cols + 1 && y > 0 && y < rows + 1) {
        const i = x | 0 // x > 0, so truncation is ⌊x⌋
        const j = y | 0
        const fx = x - i
        const fy = y - j
        const k = j * W + i
        const a = pad[k]
        const b = pad[k + 1]
        const c = pad[k + W]
        const d = pad[k + W + 1]
        // Most of a digit is paper: four zeros give 0, which out already holds.
        if ((a | b | c | d) !== 0) {
          const top = a + fx * (b - a)
          const bottom = c + fx * (d - c)
          // Each lerp lies between its two ends even in floating point, so the result is in [0, 1].
          out[o + w] = (top + fy * (bottom - top)) * INV255
        }
      }
    }
  }
}

const checkImage = (who: string, image: Readonly<Uint8Array>, rows: number, cols: number): void => {
  if (!(Number.isInteger(rows) && Number.isInteger(cols) && rows >= 1 && cols >= 1 && image.length === rows * cols)) {
    throw new RangeError(`${who}: need a rows × cols image (positive whole sizes), got ${rows}×${cols} with ${image.length} pixels`)
  }
}

/**
 * The image moved dx pixels right and dy down, as floats in [0, 1]; paper (0) fills in.
 * Exact: every output is a byte/255 of the input, or 0.
 * @example shiftImage(Uint8Array.from([255, 0, 0, 0]), 2, 2, 1, 1) // [0, 0, 0, 1]
 */
export const shiftImage = (image: Readonly<Uint8Array>, rows: number, cols: number, dx: number, dy: number): Float32Array => {
  checkImage('shiftImage', image, rows, cols)
  if (!(Number.isInteger(dx) && Number.isInteger(dy))) throw new RangeError(`shiftImage: need whole shifts, got ${dx}, ${dy}`)
  const out = float32(rows * cols)
  shiftInto(image, 0, rows, cols, dx, dy, out, 0)
  return out
}

/**
 * The image turned, scaled and moved as `draw` says (about its centre), read by bilinear
 * interpolation, as floats in [0, 1]. With degrees 0, factor 1 and whole shifts it equals shiftImage.
 */
export const warpImage = (image: Readonly<Uint8Array>, rows: number, cols: number, draw: AugmentDraw): Float32Array => {
  checkImage('warpImage', image, rows, cols)
  if (!(draw.factor > 0 && Number.isFinite(draw.degrees) && Number.isFinite(draw.dx) && Number.isFinite(draw.dy))) {
    throw new RangeError(`warpImage: need a positive factor and finite angle and shifts, got ${draw.factor}, ${draw.degrees}, ${draw.dx}, ${draw.dy}`)
  }
  const out = float32(rows * cols)
  warpInto(padded(image, 0, rows, cols, new Uint8Array((rows + 2) * (cols + 2))), rows, cols, draw, out, 0)
  return out
}

/**
 * Image `index` of `epoch`, augmented with `a` and `seed`: (rows, cols) floats in [0, 1]. A
 * pure shift (rotate = scale = 0) moves whole pixels exactly; otherwise the image is warped.
 * With `none` it is exactly byte/255.
 * @example augmentImage(image, 28, 28, AFFINE, 1, 3, 0) // the same floats on every call
 */
export const augmentImage = (
  image: Readonly<Uint8Array>, // (rows, cols) bytes
  rows: number, cols: number,
  a: Augmentation, seed: number, epoch: number, index: number,
): Float32Array => {
  checkAugmentation('augmentImage', a)
  const draw = drawAugment(a, seed, epoch, index)
  return a.rotate === 0 && a.scale === 0 ? shiftImage(image, rows, cols, draw.dx, draw.dy) : warpImage(image, rows, cols, draw)
}

/**
 * One image's versions in epochs 1 … epochs, each with the change drawn for it: what the
 * figure plot/figures/augmented.ts shows.
 * @example augmentedVersions(image, 28, 28, AFFINE, 1, 0, 24)[2].epoch === 3
 */
export const augmentedVersions = (
  image: Readonly<Uint8Array>, // (rows, cols) bytes
  rows: number, cols: number,
  a: Augmentation, seed: number, index: number, epochs: number,
): readonly (AugmentDraw & { readonly epoch: number; readonly values: Float32Array })[] =>
  Array.from({ length: epochs }, (_, e) => ({ epoch: e + 1, values: augmentImage(image, rows, cols, a, seed, e + 1, index), ...drawAugment(a, seed, e + 1, index) }))

/**
 * gatherBatch (data/dataset.ts) with augmentation: the samples order[start] … order[end − 1]
 * as x (N, 1, rows, cols) in [0, 1] and their labels, each image augmented as sample number
 * order[n] of `epoch`, so its pixels do not depend on the batch or its place in it. Bad
 * positions throw a RangeError, as in gatherBatch.
 */
export const augmentBatch = (
  data: Dataset,
  order: Readonly<Int32Array>, // (M) sample numbers, each in [0, count)
  start: number, end: number,
  a: Augmentation, seed: number, epoch: number,
): { readonly x: Tensor; readonly labels: Uint8Array } => {
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= order.length)) {
    throw new RangeError(`augmentBatch: need 0 ≤ start ≤ end ≤ ${order.length} (the number of indices), got start ${start}, end ${end}`)
  }
  checkAugmentation('augmentBatch', a)
  const { rows, cols } = data
  const N = end - start
  const pixels = rows * cols
  const shiftOnly = a.rotate === 0 && a.scale === 0
  const x = float32(N * pixels) // (N, 1, rows, cols)
  const labels = new Uint8Array(N) // (N)
  const scratch = new Uint8Array((rows + 2) * (cols + 2)) // one padded image, its border stays 0
  for (let n = 0; n < N; n++) {
    const i = order[start + n]
    if (!(i >= 0 && i < data.count)) throw new RangeError(`augmentBatch: index ${i} at position ${start + n} is outside the ${data.count} samples`)
    labels[n] = data.labels[i]
    const draw = drawAugment(a, seed, epoch, i)
    if (shiftOnly) shiftInto(data.images, i * pixels, rows, cols, draw.dx, draw.dy, x, n * pixels)
    else warpInto(padded(data.images, i * pixels, rows, cols, scratch), rows, cols, draw, x, n * pixels)
  }
  return { x: tensor([N, 1, rows, cols], x), labels }
}
