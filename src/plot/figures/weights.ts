// Figure: dense weights
// =====================
//
// A dense layer has a weight matrix (O, F): one row of F input weights for each of its O
// outputs. A hidden dense layer is drawn as that matrix, a heatmap with a row per output.
//
// The *last* dense layer gets a better picture. Its input is a stack of feature maps of shape
// (C, H, W), flattened (a dense layer flattens by itself), so row o can be folded back into
// that shape:
//
//     template[o][c, h, w] = weights[o, (c·H + h)·W + w]
//
// The score of class o is the sum of this template times the maps (plus a bias), so the
// template shows which places in which maps speak for the class (red) or against it (blue).
// Drawn as they are, the templates hardly look like digits. Three things help.
//
// **1. Remove the mean over the classes: it carries no information.** Adding the same m_f to
// the weight of input f in every class adds m_f·x_f to every score, and softmax does not see
// a shift that all scores share:
//
//     softmax(z + c·1) = softmax(z),   as  e^(z_o + c) / Σ_k e^(z_k + c) = e^(z_o) / Σ_k e^(z_k)
//
// So we draw each weight minus the mean of its input over the O classes,
//
//     w̃[o, f] = w[o, f] − m_f,   m_f = (1/O) Σ_k w[k, f],   so that Σ_o w̃[o, f] = 0,
//
// which changes no probability the network gives. SGD never moves m_f (the O gradients
// (p_o − y_o)·x_f sum to 0), but Adam divides each weight's step by its own running size,
// and at rarely active inputs the means drift far below 0 (docs/math/adam.md): raw templates
// come out mostly blue.
//
// **2. One scale for all classes.** All templates share one symmetric colour scale ±s
// centred at 0, with one colour bar, so that a strong template looks strong beside a weak
// one. A few weights still stand far out, so s is robust: the 95th percentile of |w̃| over all
// templates together. The 5% beyond ±s are drawn in full blue or red: saturated, not lost
// (the tooltips give every weight, raw and centred).
//
// **3. Weigh each input by how much it varies.** Even centred, Adam leaves the largest weights
// at the inputs that are rarely non-zero, at the border of the image (docs/math/adam.md), and
// those weights hardly ever count: input f adds w̃[o, f]·x_f to the score. What tells the
// classes apart is how x_f *differs* between images, so when the caller passes each input's
// mean absolute deviation over some images, a second panel draws each weight times it:
//
//     w̃[o, f] · δ_f,   δ_f = (1/N) Σ_n |x_nf − x̄_f|      (x̄_f: the mean of input f)
//
// how far input f alone typically moves class o's score against the others', up (red) or
// down (blue), from one image to the next. Still 0 summed over the classes; an input that never changes (δ = 0) is grey
// and so is one that is nearly always 0. There the digits show, as far as ten epochs of Adam
// let them. Why δ and not one of its cousins:
//
//   * The standard deviation σ_f is the usual weighting for a linear model (standardised
//     coefficients). But an input that is on (≈ a) in a fraction p of the images has
//     σ_f = a·√(p(1 − p)) and δ_f = 2a·p(1 − p): σ falls only like √p towards the border,
//     where Adam's weights grow, and w̃·σ draws the rim of the digits as strongly as their
//     middle. δ falls like p.
//   * The mean x̄_f (what each template does to an average image) falls like p too, but it
//     paints the average digit onto every template, and it draws an input that is the same on
//     every image (a bias in disguise: it tells no two images apart) as if it mattered.
//
// (This panel's templates are drawn as images, a pixel per input, without tooltips: the
// tooltips of the weights are in the panel above, and the file stays half the size.)
//
// A hidden layer's matrix is drawn raw (its outputs are not a softmax's inputs, so its means
// do matter), on its own robust scale: the 95th percentile of its |w|.
//
// Wide layers draw a documented part, and the caption says which:
//
//   * templates: at most the first 50 classes (MOST_TEMPLATE_CLASSES) and 16 input channels
//     (MOST_TEMPLATE_CHANNELS); an input map larger than 75 across or down is drawn with each
//     pixel the mean of a b×b block of inputs; and templates of more than 20,000 drawn values
//     are drawn as images without tooltips (like the second panel always is);
//   * a matrix: at most its first 256 outputs (MOST_MATRIX_ROWS), its columns averaged as above.
//
// Scales are always those of all the weights.
// Previous: plot/figures/kernels.ts. Next: plot/figures/featureMaps.ts.

import { showShape, sizeOf } from '../../core/shape.ts'
import type { Tensor } from '../../core/tensor.ts'
import { divergingColorbar, scaleDecimals } from '../colorbar.ts'
import { blockMeans, heatmap } from '../heatmap.ts'
import { imageTile, type ImageTile } from '../imageGrid.ts'
import { column, grid, pad, row, widen } from '../layout.ts'
import { diverging, robustScale, symmetricScale } from '../palette.ts'
import { element, INK, spacer, svgDocument, translate, type Block } from '../svg.ts'
import { lineHeight, showNumber, textAt, textBlock, textWidth } from '../text.ts'
import { niceTicks } from '../ticks.ts'

/**
 * How much each of a layer's F inputs varies over some images: its mean absolute deviation
 * δ_f = (1/N) Σ_n |x_nf − x̄_f| (cli/figures.ts measures it), and which images, e.g. "the
 * 14,000 test images".
 */
export interface InputSpread {
  readonly values: ArrayLike<number>
  readonly over: string
}

/**
 * One dense layer: its weights (O, F), the per-sample shape of its input, e.g. [1, 13, 13],
 * and optionally how much each input varies (drawn with the last layer's templates).
 */
export interface DenseLayer {
  readonly name: string
  readonly weights: Tensor // (O, F)
  readonly inShape: readonly number[]
  readonly inputSpread?: InputSpread
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
/** About how wide a template is drawn, px, when the page has room. */
const TEMPLATE_SIZE = 150
/**
 * The most cells a matrix draws as SVG rects, each with its tooltip when unbinned. A bigger
 * one (the 128 × 784 hidden layer of the 99% network) is drawn as one image, a pixel per cell
 * (plot/png.ts): 0.4 MB instead of 7.8 MB of SVG.
 */
export const MOST_MATRIX_CELLS = 20000
/** The quantile of |w| that sets a robust colour scale: beyond it, 5% of the values saturate. */
export const ROBUST_QUANTILE = 0.95
/** The most classes and input channels the templates show, and the largest input map drawn pixel for pixel. */
export const MOST_TEMPLATE_CLASSES = 50
export const MOST_TEMPLATE_CHANNELS = 16
const MOST_TEMPLATE_SIDE = 75
/** The most outputs (rows) a matrix shows. */
export const MOST_MATRIX_ROWS = 256
const ROBUST_WORDS = '95th percentile'

// Templates
// ---------

// Templates can be drawn when the input is (C, H, W) and there is one output per class.
const templatesFit = (layer: DenseLayer, classes: number): boolean => {
  const [O, F] = layer.weights.shape
  return layer.inShape.length === 3 && sizeOf(layer.inShape) === F && O === classes
}

/**
 * The weights (O, F) minus, at each input f, their mean over the O outputs:
 * w̃[o, f] = w[o, f] − (1/O) Σ_k w[k, f]. Each column of the result sums to 0.
 * @example centredWeights(tensor([2, 2], [1, 5, 3, 1])) // [-1, 2, 1, -2]
 */
export const centredWeights = (weights: Tensor): Float64Array => {
  const [O, F] = weights.shape
  const centred = new Float64Array(O * F)
  for (let f = 0; f < F; f++) {
    let sum = 0
    for (let o = 0; o < O; o++) sum += weights.data[o * F + f]
    const mean = sum / O
    for (let o = 0; o < O; o++) centred[o * F + f] = weights.data[o * F + f] - mean
  }
  return centred
}

/**
 * Each centred weight (O, F) times how much its input varies: w̃[o, f] · δ_f, how far
 * template o typically moves its class's score through input f.
 * @example weightedBySpread([-1, 2, 1, -2], [0.5, 0]) // [-0.5, 0, 0.5, -0]
 */
export const weightedBySpread = (centred: ArrayLike<number>, spread: ArrayLike<number>): Float64Array => {
  const F = spread.length
  const weighted = new Float64Array(centred.length)
  for (let i = 0; i < centred.length; i++) weighted[i] = centred[i] * spread[i % F]
  return weighted
}

/** The one scale of a panel of templates: the 95th percentile of |v| over all of them together. */
export const templateScale = (values: ArrayLike<number>): number => robustScale([values], ROBUST_QUANTILE)

/**
 * What one panel of templates draws: O × F values, their caption and colour bar, and each
 * pixel's tooltip; or, with none, each template as one image (a raster: a few bytes a pixel
 * instead of a hundred or more).
 */
interface TemplatePanel {
  readonly values: Float64Array // (O, F)
  readonly caption: readonly string[]
  readonly className: string
  readonly barId: string
  readonly barTitle: string
  readonly tooltip?: (o: number, f: number, v: number) => string
}

// A template drawn as one image, framed and captioned like plot/imageGrid.ts draws its tiles.
const rasterTile = (tile: ImageTile, pixel: number, className: string): Block => {
  const image = heatmap({ rows: tile.rows, cols: tile.cols, values: tile.values, fill: tile.fill, cellWidth: pixel, className, raster: true })
  const frame = element('rect', { x: -0.5, y: -0.5, width: image.width + 1, height: image.height + 1, fill: 'none', stroke: '#999999' })
  const framed: Block = { ...image, svg: `${image.svg}\n${frame}` }
  const caption = tile.caption ?? []
  return caption.length === 0 ? framed : column([framed, textBlock(caption, { size: FONT, anchor: 'middle' })], 4, 'middle')
}

// One small heatmap per class, captioned by class name, all on one scale with one colour bar.
// With several input channels the templates form a table instead: a column per class, a row
// per channel, labelled once.
// Wide layers draw their first classes and channels, large maps as block means (see above).
const templatePanel = (layer: DenseLayer, allNames: readonly string[], panel: TemplatePanel): Block => {
  const [allC, fullH, fullW] = layer.inShape
  const [allO, F] = layer.weights.shape
  const [O, C] = [Math.min(allO, MOST_TEMPLATE_CLASSES), Math.min(allC, MOST_TEMPLATE_CHANNELS)]
  const classNames = allNames.slice(0, O)
  const bin = Math.ceil(Math.max(fullH, fullW) / MOST_TEMPLATE_SIDE)
  const [H, W] = [Math.ceil(fullH / bin), Math.ceil(fullW / bin)]
  const plane = fullH * fullW
  const scale = templateScale(panel.values)
  // Tiles of about TEMPLATE_SIZE px, fewer px when O of them would not fit in two rows
  // across the page, or C rows down it.
  const across = Math.floor((MATRIX_WIDTH / (C === 1 ? Math.ceil(O / 2) : O) - 12) / W)
  const down = C === 1 ? Infinity : Math.floor((TEMPLATES_HEIGHT / C - 6) / H)
  const pixel = Math.min(16, Math.max(2, Math.min(across, down, Math.floor(TEMPLATE_SIZE / W))))
  // Tooltips name each weight: only for templates drawn pixel for pixel, and not too many of them.
  const tooltip = bin === 1 && O * C * plane <= MOST_MATRIX_CELLS ? panel.tooltip : undefined
  const tile = (o: number, c: number): ImageTile => {
    const start = o * F + c * plane
    const values = panel.values.subarray(start, start + plane)
    return {
      ...(bin === 1 ? { rows: H, cols: W, values } : blockMeans(values, fullH, fullW, bin)),
      fill: (v: number) => diverging(v, scale),
      ...(tooltip === undefined
        ? {}
        : { tooltip: (h: number, w: number, v: number) => `${classNames[o]}: ${tooltip(o, c * plane + h * W + w, v)} (c${c}, h${h}, w${w})` }),
    }
  }
  const draw = (t: ImageTile): Block => (tooltip === undefined ? rasterTile(t, pixel, panel.className) : imageTile(t, pixel, FONT, panel.className))
  const drawn = [
    ...(O < allO ? [`the first ${O} of ${allO} classes`] : []),
    ...(C < allC ? [`the first ${C} of ${allC} input channels`] : []),
    ...(bin > 1 ? [`each pixel the mean of ${bin}×${bin} inputs`] : []),
    ...(tooltip === panel.tooltip ? [] : ['as images, without tooltips']),
  ]
  const caption = textBlock([...panel.caption, ...(drawn.length === 0 ? [] : [`Drawn: ${drawn.join('; ')}.`])], { size: 12, fill: '#444444' })
  const bar = (height: number): Block => divergingColorbar(panel.barId, scale, Math.min(240, Math.max(60, height - 30)), panel.barTitle)
  const withBar = (block: Block): Block => row([block, bar(block.height)], 24, 'middle')
  if (C === 1) {
    const tiles = classNames.map((name, o) => draw({ ...tile(o, 0), caption: [name] }))
    const fit = Math.max(1, Math.min(O, Math.floor((MATRIX_WIDTH + 12) / (W * pixel + 12))))
    // As many to a row as fit, in rows of even length: 10 → 5 + 5 rather than 6 + 4.
    const perRow = Math.ceil(O / Math.ceil(O / fit))
    return column([caption, withBar(grid(tiles, perRow, 12, 12))], 8)
  }
  const cellWidth = classNames.reduce((widest, name) => Math.max(widest, textWidth(name, FONT)), W * pixel)
  const labelWidth = textWidth(`c${C - 1}`, FONT) + 8
  const names = classNames.map((name) => textBlock([name], { size: FONT, anchor: 'middle', minWidth: cellWidth }))
  const header = row([spacer(labelWidth, 1), ...names], 6)
  const rows = Array.from({ length: C }, (_, c) => {
    const tiles = classNames.map((_, o) => widen(draw(tile(o, c)), cellWidth, 'middle'))
    return row([textBlock([`c${c}`], { size: FONT, minWidth: labelWidth }), ...tiles], 6, 'middle')
  })
  const note = textBlock(['Rows: input channels c0, c1, …; columns: classes.'], { size: FONT, fill: '#555555' })
  return column([caption, note, withBar(column([header, ...rows], 6))], 6)
}

// How a scale reads in a caption: "±2.29".
const showScale = (scale: number): string => `±${showNumber(scale, scaleDecimals(scale))}`

// The templates of the last layer: centred weights, and with the inputs' spread, how far
// each typically moves the scores.
const templates = (layer: DenseLayer, classNames: readonly string[]): Block => {
  const O = classNames.length
  const F = layer.weights.shape[1]
  const centred = centredWeights(layer.weights)
  const largest = symmetricScale([centred])
  const weightsPanel = templatePanel(layer, classNames, {
    values: centred,
    caption: [
      `Templates: row o of the weights folded back to the input shape ${showShape(layer.inShape)}, one per class, minus at each input`,
      `its mean over the ${O} classes. That mean adds the same m·x to every class's score, and softmax(z + c) = softmax(z):`,
      'it changes no prediction. What is drawn sums to 0 over the classes at each input.',
      `One scale for all: ${showScale(templateScale(centred))}, the ${ROBUST_WORDS} of all the drawn |w − mean| ` +
        `(largest ${showNumber(largest, scaleDecimals(largest))}); the 5% beyond saturate.`,
    ],
    className: 'template',
    barId: 'template-scale',
    barTitle: 'w − mean',
    tooltip: (o, f, v) => {
      const raw = layer.weights.data[o * F + f]
      return `w[${o}, ${f}] ${showNumber(raw, 4)} − class mean ${showNumber(raw - v, 4)} = ${showNumber(v, 4)}`
    },
  })
  const spread = layer.inputSpread
  if (spread === undefined) return weightsPanel
  if (spread.values.length !== F) throw new RangeError(`weightsFigure: ${layer.name} has ${F} inputs, but its input spread has ${spread.values.length} values`)
  const weighted = weightedBySpread(centred, spread.values)
  const spreadPanel = templatePanel(layer, classNames, {
    values: weighted,
    caption: [
      `Each template times δ = mean |x − x̄|, how much its input varies over ${spread.over}, input by input.`,
      '(w − mean)·δ is how far the template typically moves its class\'s score through that input. Inputs that hardly vary fade',
      'to grey, such as the rarely non-zero ones at the border, where Adam can grow the largest weights. (Not σ: it fades them',
      'only like √(how often the input is on), δ like how often. Not x̄: it paints the average image onto every template.)',
      `One scale for all: ${showScale(templateScale(weighted))}, the ${ROBUST_WORDS} of all the drawn values.`,
    ],
    className: 'template-spread',
    barId: 'template-spread-scale',
    barTitle: '(w − mean)·δ',
  })
  return column([weightsPanel, spreadPanel], 20)
}

// The raw matrix
// --------------

// Labels down the left: class names when there is one row per class, else output numbers,
// thinned out when the rows are too short to hold one label each.
const rowLabels = (O: number, names: readonly string[], cellHeight: number): Block => {
  const labels = Array.from({ length: O }, (_, o) => names[o] ?? `o${o}`)
  const width = labels.reduce((widest, l) => Math.max(widest, textWidth(l, FONT)), 0) + 6
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

// The (O, F) matrix (its first MOST_MATRIX_ROWS rows) as one heatmap, rows labelled, features
// ticked, with its colour bar.
const matrix = (layer: DenseLayer, names: readonly string[], scale: number, index: number): Block => {
  const [allO, F] = layer.weights.shape
  const O = Math.min(allO, MOST_MATRIX_ROWS)
  const weights = layer.weights.data.subarray(0, O * F)
  const bin = Math.ceil(F / MATRIX_WIDTH)
  const cols = Math.ceil(F / bin)
  const cellWidth = Math.min(24, Math.floor(MATRIX_WIDTH / cols))
  const cellHeight = Math.min(18, Math.max(3, Math.floor(400 / O)))
  const cells = heatmap({
    rows: O,
    cols,
    values: bin === 1 ? weights : binColumns(weights, O, F, bin),
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
  const firstRows = O === allO ? '' : ` Drawn: the first ${O} of ${allO} outputs.`
  const caption = textBlock(
    [
      `The raw matrix: ${allO} outputs (rows) × ${F} inputs (columns).${binned}${firstRows}`,
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
  return column([heading, withTemplates ? templates(layer, classNames) : matrix(layer, names, scale, index)], 12)
}

// The figure
// ----------

/**
 * For the last dense layer, when its input is (C, H, W) and it has one output per class, one
 * template per class: its weights minus their mean over the classes, all on one robust
 * symmetric blue–red scale; given how much each input varies, also those templates times it.
 * Every other dense layer as its weight matrix, on a robust scale of its own. Returns a
 * complete SVG document.
 */
export const weightsFigure = (input: WeightsFigureInput): string => {
  const intro = textBlock(
    [
      'Blue weights are negative, red positive, grey near zero. A few weights can be far larger than the rest (with Adam, at',
      'rarely active inputs: docs/math/adam.md), so each scale ±s is robust: it is set by the many, and the few beyond it saturate.',
    ],
    { size: 12, fill: '#444444' },
  )
  const sections = input.layers.map(layerSection(input.classNames, input.layers.length - 1))
  const empty = sections.length === 0 ? [textBlock(['(no dense layers)'], { size: 12 })] : []
  const body = column([textBlock([input.title], { size: 18, weight: 'bold' }), intro, ...sections, ...empty], 16)
  return svgDocument(input.title, pad(body, 20))
}
