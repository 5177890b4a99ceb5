// Figure: dense weights
// =====================
//
// A dense layer has a weight matrix (O, F): one row of F input weights for each of its O
// outputs. The original project drew this matrix, 10 × 169, as a heatmap; we draw it too.
//
// For the *last* dense layer there is a better picture. Its input is a stack of feature maps
// of shape (C, H, W), flattened, so row o of the matrix can be folded back into that shape:
//
//     template[o][c, h, w] = weights[o, (c·H + h)·W + w]
//
// Output o (the score of class o) is the sum of this template times the feature maps, so the
// template shows which places in which maps speak for the class (red) or against it (blue):
// often a blurry ghost of the digit itself.
//
// Colour scales are symmetric around 0 and *robust*. Adam grows a few weights far beyond the
// rest, at inputs that are rarely active (docs/math/adam.md): in the original network up to
// ±9, where the median |w| is 0.63. A scale of ±max |w| would spend the whole palette on those
// few and leave every template pale grey. So each template gets its own scale
//
//     s_o = the 95th percentile of |template[o]|     (printed under it)
//
// and the matrix one scale for the whole layer, the 95th percentile of all its |w|. The 5%
// of weights beyond ±s are drawn in full blue or red: saturated, not lost (the tooltips and
// the heading give their size).
// Previous: plot/figures/kernels.ts. Next: plot/figures/featureMaps.ts.

import { showShape, sizeOf } from '../../core/shape.ts'
import type { Tensor } from '../../core/tensor.ts'
import { divergingColorbar, scaleDecimals } from '../colorbar.ts'
import { heatmap } from '../heatmap.ts'
import { imageGrid, imageTile, type ImageTile } from '../imageGrid.ts'
import { column, pad, row, widen } from '../layout.ts'
import { coolwarm, diverging, robustScale, symmetricScale } from '../palette.ts'
import { colorbar } from '../colorbar.ts'
import { element, INK, spacer, svgDocument, translate, type Block } from '../svg.ts'
import { lineHeight, showNumber, textAt, textBlock, textWidth } from '../text.ts'
import { niceTicks } from '../ticks.ts'

/** One dense layer: its weights (O, F) and the per-sample shape of its input, e.g. [1, 13, 13]. */
export interface DenseLayer {
  readonly name: string
  readonly weights: Tensor // (O, F)
  readonly inShape: readonly number[]
}

/** The input of `weightsFigure`. */
export interface WeightsFigureInput {
  readonly title: string
  readonly layers: readonly DenseLayer[]
  readonly classNames: readonly string[]
}

const FONT = 11
const MATRIX_WIDTH = 900
const TEMPLATES_HEIGHT = 700
/**
 * The most cells a matrix draws as SVG rects, each with its tooltip when unbinned. A bigger
 * one (the 128 × 784 hidden layer of the 99% network) is drawn as one image, a pixel per cell
 * (plot/png.ts): 0.4 MB instead of 7.8 MB of SVG.
 */
export const MOST_MATRIX_CELLS = 20000
/** The quantile of |w| that sets a robust colour scale: beyond it, 5% of the weights saturate. */
export const ROBUST_QUANTILE = 0.95
const ROBUST_WORDS = '95th percentile'

// Templates
// ---------

// Templates can be drawn when the input is (C, H, W) and there is one output per class.
const templatesFit = (layer: DenseLayer, classes: number): boolean => {
  const [O, F] = layer.weights.shape
  return layer.inShape.length === 3 && sizeOf(layer.inShape) === F && O === classes
}

/** The robust scale of each template: the 95th percentile of |w| over row o of the weights. */
export const templateScales = (weights: Tensor): readonly number[] => {
  const [O, F] = weights.shape
  return Array.from({ length: O }, (_, o) => robustScale([weights.data.subarray(o * F, (o + 1) * F)], ROBUST_QUANTILE))
}

// The colour bar of the templates, in units of each template's own scale s.
const relativeColorbar = (height: number): Block =>
  colorbar({
    id: 'template-scale',
    height,
    colourAt: coolwarm,
    ticks: [
      { t: 0, label: '−s' },
      { t: 0.25, label: '−s/2' },
      { t: 0.5, label: '0' },
      { t: 0.75, label: '+s/2' },
      { t: 1, label: '+s' },
    ],
    title: 'weight',
  })

// One small heatmap per class, captioned by class name and scale. With several input
// channels the templates form a table instead: a column per class, a row per channel,
// labelled once.
const templates = (layer: DenseLayer, classNames: readonly string[]): Block => {
  const [C, H, W] = layer.inShape
  const O = classNames.length
  const plane = H * W
  const scales = templateScales(layer.weights)
  const showScale = (o: number): string => `±${showNumber(scales[o], scaleDecimals(scales[o]))}`
  // Tiles of about 96 px, fewer px when ten of them would not fit across, or C rows down.
  const across = Math.floor((MATRIX_WIDTH / O - 12) / W)
  const down = C === 1 ? Infinity : Math.floor((TEMPLATES_HEIGHT / C - 6) / H)
  const pixel = Math.min(16, Math.max(2, Math.min(across, down, Math.floor(96 / W))))
  const tile = (o: number, c: number): ImageTile => {
    const start = o * C * plane + c * plane
    return {
      rows: H,
      cols: W,
      values: layer.weights.data.subarray(start, start + plane),
      fill: (v: number) => diverging(v, scales[o]),
      tooltip: (h: number, w: number, v: number) => `${classNames[o]}: w[${o}, ${c * plane + h * W + w}] (c${c}, h${h}, w${w}) = ${showNumber(v, 4)}`,
    }
  }
  const caption = textBlock(
    [
      `Templates: row o of the weights folded back to the input shape ${showShape(layer.inShape)}, one per class,`,
      `each on its own scale ±s: the ${ROBUST_WORDS} of its |w|, printed under it.`,
    ],
    { size: 12, fill: '#444444' },
  )
  const withBar = (block: Block): Block => row([block, relativeColorbar(Math.min(240, Math.max(60, block.height - 30)))], 24)
  if (C === 1) {
    const tiles = classNames.map((name, o) => ({ ...tile(o, 0), caption: [name, showScale(o)] }))
    const perRow = Math.max(1, Math.min(O, Math.floor((MATRIX_WIDTH + 12) / (W * pixel + 12))))
    return column([caption, withBar(imageGrid({ tiles, perRow, pixel, className: 'template' }))], 8)
  }
  const cellWidth = Math.max(W * pixel, ...classNames.map((name, o) => Math.max(textWidth(name, FONT), textWidth(showScale(o), FONT))))
  const labelWidth = textWidth(`c${C - 1}`, FONT) + 8
  const names = classNames.map((name, o) => textBlock([name, showScale(o)], { size: FONT, anchor: 'middle', minWidth: cellWidth }))
  const header = row([spacer(labelWidth, 1), ...names], 6)
  const rows = Array.from({ length: C }, (_, c) => {
    const tiles = classNames.map((_, o) => widen(imageTile(tile(o, c), pixel, FONT, 'template'), cellWidth, 'middle'))
    return row([textBlock([`c${c}`], { size: FONT, minWidth: labelWidth }), ...tiles], 6, 'middle')
  })
  const note = textBlock(['Rows: input channels c0, c1, …; columns: classes, with their scales.'], { size: FONT, fill: '#555555' })
  return column([caption, note, withBar(column([header, ...rows], 6))], 6)
}

// The raw matrix
// --------------

// Labels down the left: class names when there is one row per class, else output numbers,
// thinned out when the rows are too short to hold one label each.
const rowLabels = (O: number, names: readonly string[], cellHeight: number): Block => {
  const labels = Array.from({ length: O }, (_, o) => names[o] ?? `o${o}`)
  const width = Math.max(...labels.map((l) => textWidth(l, FONT))) + 6
  const every = Math.max(1, Math.ceil(lineHeight(FONT) / cellHeight))
  const parts: string[] = []
  for (let o = 0; o < O; o += every) parts.push(textAt(labels[o], width - 6, (o + 0.5) * cellHeight + FONT * 0.35, { size: FONT, anchor: 'end' }))
  return { width, height: O * cellHeight, svg: parts.join('\n') }
}

// Feature-index ticks along the bottom, at the centres of their columns.
const featureAxis = (F: number, width: number, label: string): Block => {
  const perFeature = width / F
  const ticks = niceTicks(0, F - 1, Math.max(2, Math.min(10, Math.floor(width / 60))))
  const parts = ticks.flatMap((t) => {
    const x = (t + 0.5) * perFeature
    return [
      element('line', { x1: x, y1: 0, x2: x, y2: 4, stroke: INK }),
      textAt(String(t), x, 6 + FONT, { size: FONT, anchor: 'middle' }),
    ]
  })
  // The label is centred under the matrix, unless it is the wider of the two.
  const labelWidth = textWidth(label, FONT)
  parts.push(textAt(label, Math.max(width, labelWidth) / 2, 12 + FONT + lineHeight(FONT), { size: FONT, anchor: 'middle' }))
  return { width: Math.max(width, labelWidth), height: 14 + FONT + lineHeight(FONT), svg: parts.join('\n') }
}

// A matrix wider than the page is drawn with `bin` adjacent columns averaged into one: a
// browser would blend sub-pixel cells the same way, and the file stays small.
const binColumns = (values: ArrayLike<number>, O: number, F: number, bin: number): Float64Array => {
  const cols = Math.ceil(F / bin)
  const binned = new Float64Array(O * cols)
  for (let o = 0; o < O; o++) {
    for (let col = 0; col < cols; col++) {
      let sum = 0
      const end = Math.min(F, (col + 1) * bin)
      for (let f = col * bin; f < end; f++) sum += values[o * F + f]
      binned[o * cols + col] = sum / (end - col * bin)
    }
  }
  return binned
}

// The whole (O, F) matrix as one heatmap, rows labelled, features ticked, with its colour bar.
const matrix = (layer: DenseLayer, names: readonly string[], scale: number, index: number): Block => {
  const [O, F] = layer.weights.shape
  const bin = Math.ceil(F / MATRIX_WIDTH)
  const cols = Math.ceil(F / bin)
  const cellWidth = Math.min(24, Math.floor(MATRIX_WIDTH / cols))
  const cellHeight = Math.min(18, Math.max(3, Math.floor(400 / O)))
  const cells = heatmap({
    rows: O,
    cols,
    values: bin === 1 ? layer.weights.data : binColumns(layer.weights.data, O, F, bin),
    fill: (v) => diverging(v, scale),
    cellWidth,
    cellHeight,
    className: 'matrix',
    ...(O * cols > MOST_MATRIX_CELLS
      ? { raster: true }
      : bin === 1
        ? { tooltip: (o: number, f: number, v: number) => `${names[o] ?? `o${o}`} ← f${f}: ${showNumber(v, 4)}` }
        : {}),
  })
  const labels = rowLabels(O, names, cellHeight)
  const axisLabel = layer.inShape.length === 3
    ? `input feature f = (c·H + h)·W + w of ${showShape(layer.inShape)}`
    : `input feature f (input ${showShape(layer.inShape)})`
  const axis = featureAxis(F, cells.width, axisLabel)
  const body: Block = {
    width: labels.width + Math.max(cells.width, axis.width),
    height: cells.height + axis.height,
    svg: [labels.svg, translate(cells, labels.width, 0), translate(axis, labels.width, cells.height)].join('\n'),
  }
  const bar = divergingColorbar(`weights-scale-${index}`, scale, Math.min(240, Math.max(90, cells.height)), 'weight')
  const binned = bin === 1 ? '' : ` Each column shows the mean of ${bin} neighbouring inputs.`
  const caption = textBlock(
    [
      `The raw matrix: ${O} outputs (rows) × ${F} inputs (columns).${binned}`,
      `One scale for the whole layer: ±${showNumber(scale, scaleDecimals(scale))}, the ${ROBUST_WORDS} of all its |w|.`,
    ],
    { size: 12, fill: '#444444' },
  )
  return column([caption, row([body, bar], 24)], 8)
}

// One layer
// ---------

const layerSection = (classNames: readonly string[], last: number) => (layer: DenseLayer, index: number): Block => {
  if (layer.weights.shape.length !== 2) {
    throw new RangeError(`weightsFigure: ${layer.name} weights must be (O, F), got ${showShape(layer.weights.shape)}`)
  }
  const [O, F] = layer.weights.shape
  const largest = symmetricScale([layer.weights.data])
  const scale = robustScale([layer.weights.data], ROBUST_QUANTILE)
  const withTemplates = index === last && templatesFit(layer, classNames.length)
  const names = O === classNames.length ? classNames : []
  const heading = textBlock(
    [`${layer.name}: weights ${O} × ${F}, input ${showShape(layer.inShape)}; largest |w| ${showNumber(largest, scaleDecimals(largest))}`],
    { size: 13, weight: 'bold' },
  )
  return column([heading, ...(withTemplates ? [templates(layer, classNames)] : []), matrix(layer, names, scale, index)], 12)
}

// The figure
// ----------

/**
 * Every dense layer's weight matrix as a heatmap on a robust symmetric blue–red scale, and
 * for the last layer one template image per class, each on its own robust scale. Returns a
 * complete SVG document.
 */
export const weightsFigure = (input: WeightsFigureInput): string => {
  const intro = textBlock(
    [
      'Blue weights are negative, red positive, grey near zero. A few weights can be far larger than the rest (with Adam,',
      'at rarely active inputs: docs/math/adam.md), so the scales are robust: ±s covers 95% of the weights; the 5% beyond saturate.',
    ],
    { size: 12, fill: '#444444' },
  )
  const sections = input.layers.map(layerSection(input.classNames, input.layers.length - 1))
  const empty = sections.length === 0 ? [textBlock(['(no dense layers)'], { size: 12 })] : []
  const body = column([textBlock([input.title], { size: 18, weight: 'bold' }), intro, ...sections, ...empty], 16)
  return svgDocument(input.title, pad(body, 20))
}
