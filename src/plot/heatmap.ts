// Heatmaps
// ========
//
// A heatmap draws a matrix as a grid of coloured cells: the value at (row, col) of a
// row-major array fills the rectangle
//
//     x = col · (cellWidth + gap),   y = row · (cellHeight + gap)
//
// A palette (plot/palette.ts) picks each cell's colour. The value can be printed in the cell
// too, in white or near-black, whichever reads better on that fill, and shown as a tooltip.
// An image is a heatmap with no gaps and a grey palette; cells of its background colour are
// then left out, which makes a mostly blank MNIST digit several times smaller to store.
// A matrix of many thousands of cells is better drawn as a *raster*: one PNG image
// (plot/png.ts) with a pixel per cell, stretched over the block and kept sharp
// (`image-rendering: pixelated`). It looks the same; it has no labels and no tooltips.
// A matrix larger than the room it gets, say a 298 × 298 feature map in a 120 px tile, is first
// shrunk by `blockMeans`: each pixel drawn is the mean of a square block of cells, as a
// browser would blend cells smaller than a pixel, and the file holds what can be seen.
// Previous: plot/png.ts. Next: plot/colorbar.ts.

import { contrastText, parseHex, type Rgb } from './palette.ts'
import { pngDataUri } from './png.ts'
import { element, escapeXml, type Block } from './svg.ts'
import { textAt } from './text.ts'

/** What to draw: a rows × cols matrix, how big its cells are, and how to colour and label them. */
export interface HeatmapOptions {
  readonly rows: number
  readonly cols: number
  readonly values: ArrayLike<number> // (rows, cols), row-major
  readonly fill: (value: number) => string
  readonly cellWidth: number
  readonly cellHeight?: number // defaults to cellWidth: square cells
  readonly gap?: number // px between cells, default 0
  readonly label?: (value: number) => string // printed in the cell's centre
  readonly fontSize?: number // of the printed labels, default 11
  readonly tooltip?: (row: number, col: number, value: number) => string
  readonly background?: string // cells of exactly this colour are not drawn; the block is filled with it
  readonly className?: string // on the enclosing <g>, so a test or stylesheet can find it
  readonly crisp?: boolean // snap edges to whole pixels; default: when there are no gaps
  readonly raster?: boolean // one image, a pixel per cell (no gap, labels or tooltips then)
}

/** A matrix of rows × cols values, row-major. */
export interface Matrix {
  readonly rows: number
  readonly cols: number
  readonly values: ArrayLike<number>
}

/**
 * A rows × cols matrix shrunk `factor` times each way: every cell of the result is the mean of
 * a factor × factor block of cells (the blocks at the right and bottom edges may be smaller).
 * @example blockMeans([1, 3, 5, 7, 9, 11], 2, 3, 2) // { rows: 1, cols: 2, values: [4, 9] }
 */
export const blockMeans = (values: ArrayLike<number>, rows: number, cols: number, factor: number): Matrix => {
  const [R, C] = [Math.ceil(rows / factor), Math.ceil(cols / factor)]
  const sums = new Float64Array(R * C)
  const counts = new Float64Array(R * C)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const at = Math.floor(r / factor) * C + Math.floor(c / factor)
      sums[at] += values[r * cols + c]
      counts[at]++
    }
  }
  for (let i = 0; i < sums.length; i++) sums[i] /= counts[i]
  return { rows: R, cols: C, values: sums }
}

// How far a cell reaches under its neighbours when there are no gaps.
const SEAM = 0.5

/**
 * A heatmap block. Every cell drawn is a `<rect class="cell">`, so a matrix without a
 * `background` gives exactly rows × cols of them.
 */
export const heatmap = (o: HeatmapOptions): Block => {
  if (o.values.length !== o.rows * o.cols) {
    throw new RangeError(`heatmap: ${o.rows}×${o.cols} cells need ${o.rows * o.cols} values, got ${o.values.length}`)
  }
  const cellHeight = o.cellHeight ?? o.cellWidth
  const gap = o.gap ?? 0
  const fontSize = o.fontSize ?? 11
  const width = o.cols * o.cellWidth + Math.max(0, o.cols - 1) * gap
  const height = o.rows * cellHeight + Math.max(0, o.rows - 1) * gap
  if (o.raster === true) return raster(o, width, height)
  const parts: string[] = []
  if (o.background !== undefined) parts.push(element('rect', { width, height, fill: o.background }))
  for (let row = 0; row < o.rows; row++) {
    for (let col = 0; col < o.cols; col++) {
      const value = o.values[row * o.cols + col]
      const fill = o.fill(value)
      if (fill === o.background) continue
      const x = col * (o.cellWidth + gap)
      const y = row * (cellHeight + gap)
      const tip = o.tooltip === undefined ? [] : [element('title', {}, escapeXml(o.tooltip(row, col, value)))]
      // Without gaps, each cell reaches half a pixel under its right and lower neighbours,
      // which paint over it: rounding can then never open a hairline seam between cells.
      const reachX = gap === 0 && col < o.cols - 1 ? SEAM : 0
      const reachY = gap === 0 && row < o.rows - 1 ? SEAM : 0
      parts.push(element('rect', { class: 'cell', x, y, width: o.cellWidth + reachX, height: cellHeight + reachY, fill }, tip))
      if (o.label !== undefined) {
        // The baseline sits 0.35 em below the centre, which centres digits vertically.
        const style = { size: fontSize, fill: contrastText(fill), anchor: 'middle' } as const
        parts.push(textAt(o.label(value), x + o.cellWidth / 2, y + cellHeight / 2 + fontSize * 0.35, style))
      }
    }
  }
  // Without gaps, edges snap to whole pixels, so that small images stay sharp.
  // Cells narrower than a pixel are better left blurred together than dropped.
  const attrs = { class: o.className ?? 'heatmap', 'shape-rendering': (o.crisp ?? gap === 0) ? 'crispEdges' : undefined }
  return { width, height, svg: element('g', attrs, parts) }
}

// The raster: each cell's fill as an RGB pixel, the image stretched to the block's size.
const raster = (o: HeatmapOptions, width: number, height: number): Block => {
  if ((o.gap ?? 0) !== 0 || o.label !== undefined || o.tooltip !== undefined) {
    throw new RangeError('heatmap: a raster has no gaps, labels or tooltips')
  }
  const rgb = new Uint8Array(3 * o.rows * o.cols)
  const colours = new Map<string, Rgb>() // a palette has few colours
  for (let i = 0; i < o.rows * o.cols; i++) {
    const fill = o.fill(o.values[i])
    let colour = colours.get(fill)
    if (colour === undefined) colours.set(fill, (colour = parseHex(fill)))
    rgb[3 * i] = colour.r
    rgb[3 * i + 1] = colour.g
    rgb[3 * i + 2] = colour.b
  }
  const image = element('image', {
    class: 'raster',
    width,
    height,
    preserveAspectRatio: 'none',
    'image-rendering': 'optimizeSpeed', // SVG 1.1's word for it; browsers read the style
    style: 'image-rendering:pixelated',
    href: pngDataUri(o.cols, o.rows, rgb),
  })
  return { width, height, svg: element('g', { class: o.className ?? 'heatmap' }, [image]) }
}
