// Figure: misclassified digits
// ============================
//
// The test images the network got wrong, each captioned with what it should have said and
// what it said instead, and how sure it was:
//
//     7 → 1 (0.98)     true class → predicted class (probability of the prediction)
//
// Looking at these is humbling for both sides: some are genuinely ambiguous scrawls, others
// are obvious to us and show what the network has not learned. Images may be bytes (0–255,
// as stored in the MNIST files) or floats (0–1, as the network sees them); both are drawn
// as black ink on white paper. An image larger than 84 pixels across (MOST_SIDE) is drawn
// with each pixel the mean of a b×b block of its pixels, b the smallest whole number that
// brings it to 84 or fewer, and the picture says so; one of more than 4,096 pixels is drawn
// as one image (plot/png.ts) rather than a rect per pixel.
// Previous: plot/figures/confusion.ts. Next: plot/figures/augmented.ts.

import { blockMeans } from '../heatmap.ts'
import { imageGrid } from '../imageGrid.ts'
import { column, pad } from '../layout.ts'
import { grey } from '../palette.ts'
import { svgDocument } from '../svg.ts'
import { showNumber, textBlock, textWidth } from '../text.ts'

/** One misclassified test image, its size, its label, the prediction and its probability. */
export interface MisclassifiedItem {
  readonly index: number
  readonly image: Readonly<Uint8Array> | Readonly<Float32Array> // (rows, cols)
  readonly rows: number
  readonly cols: number
  readonly label: number
  readonly predicted: number
  readonly probability: number
}

/** The input of `misclassifiedFigure`. */
export interface MisclassifiedFigureInput {
  readonly title: string
  readonly classNames: readonly string[]
  readonly items: readonly MisclassifiedItem[]
}

const MAX_WIDTH = 900
const GAP = 14
/** The most pixels an image is drawn across or down; a larger one is drawn as block means. */
export const MOST_SIDE = 84
/** The most pixels an image draws as rects; a larger one is drawn as one image. */
const MOST_RECTS = 4096

/**
 * The caption under one image: "7 → 1 (0.98)".
 * @example misclassifiedCaption(['0', '1', '2', '3', '4', '5', '6', '7'], 7, 1, 0.981) === '7 → 1 (0.98)'
 */
export const misclassifiedCaption = (classNames: readonly string[], label: number, predicted: number, probability: number): string =>
  `${classNames[label] ?? String(label)} → ${classNames[predicted] ?? String(predicted)} (${showNumber(probability, 2)})`

/** A grid of misclassified images with "true → predicted (p)" captions. Returns a complete SVG document. */
export const misclassifiedFigure = (input: MisclassifiedFigureInput): string => {
  const biggest = input.items.reduce((most, item) => Math.max(most, item.rows, item.cols), 1)
  const bin = Math.ceil(biggest / MOST_SIDE)
  const tiles = input.items.map((item) => {
    if (item.image.length !== item.rows * item.cols) {
      throw new RangeError(`misclassifiedFigure: image ${item.index} is ${item.rows}×${item.cols} but has ${item.image.length} pixels`)
    }
    const bytes = item.image instanceof Uint8Array
    const image = bin === 1 ? { rows: item.rows, cols: item.cols, values: item.image } : blockMeans(item.image, item.rows, item.cols, bin)
    return {
      ...image,
      fill: bytes ? (v: number) => grey(v / 255) : grey,
      background: '#ffffff',
      caption: [misclassifiedCaption(input.classNames, item.label, item.predicted, item.probability), `index ${item.index}`],
      ...(image.rows * image.cols > MOST_RECTS ? { raster: true } : {}),
    }
  })
  const side = Math.ceil(biggest / bin)
  const pixel = Math.max(1, Math.floor(MOST_SIDE / side))
  const captionWidth = tiles.reduce((most, t) => Math.max(most, textWidth(t.caption[0] ?? '', 11)), 0)
  const tileWidth = Math.max(side * pixel, captionWidth)
  // As many per row as fit, then evened out: 12 images in rows of 6 + 6 rather than 9 + 3.
  const fit = Math.max(1, Math.min(tiles.length, Math.floor((MAX_WIDTH + GAP) / (tileWidth + GAP))))
  const perRow = Math.max(1, Math.ceil(tiles.length / Math.ceil(tiles.length / fit)))
  const intro = textBlock(
    [
      `${input.items.length} test images the network got wrong, captioned "true → predicted (probability of the prediction)".`,
      ...(bin > 1 ? [`Images up to ${biggest} pixels across, drawn ${MOST_SIDE} or fewer: each pixel drawn is the mean of ${bin}×${bin} pixels.`] : []),
    ],
    { size: 12, fill: '#444444' },
  )
  const grid =
    tiles.length === 0
      ? textBlock(['(none: every image was classified correctly)'], { size: 12 })
      : imageGrid({ tiles, perRow, pixel, gap: GAP, className: 'digit' })
  const body = column([textBlock([input.title], { size: 18, weight: 'bold' }), intro, grid], 14)
  return svgDocument(input.title, pad(body, 20))
}
