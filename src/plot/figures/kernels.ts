// Figure: convolution kernels
// ===========================
//
// What did the convolution layers learn? Each layer's weights have shape (K, C, kH, kW):
// K filters, each with one kH×kW plane per input channel. We draw every plane as a small
// heatmap, one row of C planes per filter, rows wrapped into columns when there is room:
//
//     plane (k, c):  cell (kh, kw) coloured by weights[k, c, kh, kw]
//
// Rows are labelled k0, k1, … and columns c0, c1, …, with the letters of the dimension
// legend (core/shape.ts: K filters, C input channels); F is kept for the features of a
// dense layer.
//
// The palette is diverging and symmetric around 0, with one scale per layer shared by the
// "before" and "after" panels: s = max |w| over both, so the same colour means the same
// number on both sides. Small kernels get their values printed to 2 decimals. Big layers
// (32 filters × 16 channels) get smaller cells and no printed values, so the figure stays
// on a screen. Larger ones draw a documented part, which the layer's heading names: the
// first 32 filters (MOST_FILTERS; fewer when their planes would pass 20,000 weights) and of
// each its first 16 input channels (MOST_KERNEL_CHANNELS). The scale is still that of all
// the layer's weights. A single filter of more than 20,000 weights is drawn as images
// (plot/png.ts), a pixel per weight.
// Previous: plot/lineChart.ts. Next: plot/figures/weights.ts.

import { floatsLike } from '../../core/memory.ts'
import type { Tensor } from '../../core/tensor.ts'
import { showShape } from '../../core/shape.ts'
import { divergingColorbar, scaleDecimals } from '../colorbar.ts'
import { heatmap } from '../heatmap.ts'
import { column, grid, pad, row } from '../layout.ts'
import { diverging, symmetricScale } from '../palette.ts'
import { svgDocument, translate, type Block } from '../svg.ts'
import { lineHeight, showNumber, textAt, textBlock, textWidth } from '../text.ts'

/** One convolution layer: its name and weights (K, C, kH, kW), optionally from before training too. */
export interface KernelLayer {
  readonly name: string
  readonly before?: Tensor // (K, C, kH, kW)
  readonly after: Tensor // (K, C, kH, kW)
}

/** The input of `kernelsFigure`. */
export interface KernelsFigureInput {
  readonly title: string
  readonly layers: readonly KernelLayer[]
}

const FONT = 11
// Printed values need room for "−0.12" at 11 px; smaller cells show colour only.
const VALUE_CELL = 38
const MIN_CELL = 2
const MAX_PLANE = 200
const MAX_HEIGHT = 900
const BLOCK_GAP = 16
const ROW_GAP = 6
/** The most filters a panel draws, and of each the most input channels. */
export const MOST_FILTERS = 32
export const MOST_KERNEL_CHANNELS = 16
/** The most weights a panel draws as rects: fewer filters are drawn, or one as images. */
const MOST_KERNEL_WEIGHTS = 20000

// Choosing a layout
// -----------------

/** Cell size, gaps and wrapping for drawing K filters × C channels of kH×kW cells. */
export interface KernelLayout {
  readonly cell: number // px per weight
  readonly planeGap: number // px between the planes of one filter
  readonly perRow: number // filters side by side
  readonly labelWidth: number // room for "k12" left of each filter, 0 when K = 1
  readonly values: boolean // print each weight in its cell
  readonly width: number
  readonly height: number
}

// The layout for one cell size: as many filters per row as fit in `maxWidth`.
const layoutFor = (K: number, C: number, kH: number, kW: number, cell: number, maxWidth: number): KernelLayout => {
  const planeGap = Math.min(8, Math.max(3, Math.round(cell)))
  const labelWidth = K > 1 ? textWidth(`k${K - 1}`, FONT) + 6 : 0
  const blockWidth = labelWidth + C * kW * cell + (C - 1) * planeGap
  const perRow = Math.min(K, Math.max(1, Math.floor((maxWidth + BLOCK_GAP) / (blockWidth + BLOCK_GAP))))
  const rows = Math.ceil(K / perRow)
  const rowHeight = Math.max(kH * cell, lineHeight(FONT))
  const header = C > 1 ? lineHeight(FONT) : 0
  return {
    cell,
    planeGap,
    perRow,
    labelWidth,
    values: kH <= 5 && kW <= 5 && cell >= VALUE_CELL,
    width: perRow * blockWidth + (perRow - 1) * BLOCK_GAP,
    height: header + rows * rowHeight + (rows - 1) * ROW_GAP,
  }
}

/**
 * The largest cells (at most 200 px per plane, 44 px per weight) whose layout fits in
 * maxWidth × 900 px; the smallest cells when nothing fits.
 */
export const kernelLayout = (K: number, C: number, kH: number, kW: number, maxWidth: number): KernelLayout => {
  const largest = Math.max(MIN_CELL, Math.min(44, Math.floor(MAX_PLANE / Math.max(kH, kW))))
  for (let cell = largest; cell > MIN_CELL; cell--) {
    const layout = layoutFor(K, C, kH, kW, cell, maxWidth)
    if (layout.width <= maxWidth && layout.height <= MAX_HEIGHT) return layout
  }
  return layoutFor(K, C, kH, kW, MIN_CELL, maxWidth)
}

// Drawing a panel
// ---------------

// Channel labels over the planes of one filter; every n-th label when they would collide.
const channelHeader = (C: number, kW: number, layout: KernelLayout): Block => {
  const pitch = kW * layout.cell + layout.planeGap
  const every = Math.max(1, Math.ceil((textWidth(`c${C - 1}`, FONT) + 4) / pitch))
  const labels: string[] = []
  for (let c = 0; c < C; c += every) {
    labels.push(textAt(`c${c}`, layout.labelWidth + c * pitch + (kW * layout.cell) / 2, FONT, { size: FONT, anchor: 'middle', fill: '#555555' }))
  }
  return { width: layout.labelWidth + C * pitch - layout.planeGap, height: lineHeight(FONT), svg: labels.join('\n') }
}

// One filter: its label, then its C planes side by side.
const filterRow = (weights: Tensor, k: number, scale: number, layout: KernelLayout): Block => {
  const [K, C, kH, kW] = weights.shape
  const plane = kH * kW
  const rowHeight = Math.max(kH * layout.cell, lineHeight(FONT))
  const top = (rowHeight - kH * layout.cell) / 2
  const parts: string[] = []
  if (K > 1) parts.push(textAt(`k${k}`, 0, rowHeight / 2 + FONT * 0.35, { size: FONT, fill: '#555555' }))
  for (let c = 0; c < C; c++) {
    const start = (k * C + c) * plane
    const cells = heatmap({
      rows: kH,
      cols: kW,
      values: weights.data.subarray(start, start + plane),
      fill: (v) => diverging(v, scale),
      cellWidth: layout.cell,
      className: 'kernel',
      ...(K * C * plane > MOST_KERNEL_WEIGHTS
        ? { raster: true }
        : layout.values
          ? { label: (v: number) => showNumber(v, 2), fontSize: FONT }
          : K * C * plane <= 4096
            ? { tooltip: (kh: number, kw: number, v: number) => `w[${k},${c},${kh},${kw}] = ${showNumber(v, 4)}` }
            : {}),
    })
    parts.push(translate(cells, layout.labelWidth + c * (kW * layout.cell + layout.planeGap), top))
  }
  return { width: layout.labelWidth + C * kW * layout.cell + (C - 1) * layout.planeGap, height: rowHeight, svg: parts.join('\n') }
}

// A panel: a caption, channel labels, and every filter of one weight tensor.
const panel = (caption: string, weights: Tensor, scale: number, layout: KernelLayout): Block => {
  const [K, C, , kW] = weights.shape
  const filters = Array.from({ length: K }, (_, k) => filterRow(weights, k, scale, layout))
  const header = C > 1 ? [row(Array.from({ length: Math.min(K, layout.perRow) }, () => channelHeader(C, kW, layout)), BLOCK_GAP)] : []
  return column([textBlock([caption], { size: 12, weight: 'bold' }), ...header, grid(filters, layout.perRow, BLOCK_GAP, ROW_GAP)], 4)
}

// One layer
// ---------

const checkShape = (name: string, weights: Tensor): void => {
  if (weights.shape.length !== 4) throw new RangeError(`kernelsFigure: ${name} weights must be (K, C, kH, kW), got ${showShape(weights.shape)}`)
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

// The first K′ filters (K′ ≤ K) and of each the first C′ channels (C′ ≤ C) of weights (K, C, kH, kW).
const firstFilters = (weights: Tensor, shownK: number, shownC: number): Tensor => {
  const [K, C, kH, kW] = weights.shape
  if (shownK === K && shownC === C) return weights
  const plane = kH * kW
  const data = floatsLike(weights.data, shownK * shownC * plane)
  for (let k = 0; k < shownK; k++) {
    for (let c = 0; c < shownC; c++) data.set(weights.data.subarray((k * C + c) * plane, (k * C + c + 1) * plane), (k * shownC + c) * plane)
  }
  return { shape: [shownK, shownC, kH, kW], data }
}

const layerSection = (layer: KernelLayer, index: number): Block => {
  checkShape(layer.name, layer.after)
  if (layer.before !== undefined) {
    checkShape(layer.name, layer.before)
    if (showShape(layer.before.shape) !== showShape(layer.after.shape)) {
      throw new RangeError(`kernelsFigure: ${layer.name} before ${showShape(layer.before.shape)} and after ${showShape(layer.after.shape)} differ`)
    }
  }
  const [K, C, kH, kW] = layer.after.shape
  const scale = symmetricScale(layer.before === undefined ? [layer.after.data] : [layer.before.data, layer.after.data])
  const shownC = Math.min(C, MOST_KERNEL_CHANNELS)
  const shownK = Math.min(K, MOST_FILTERS, Math.max(1, Math.floor(MOST_KERNEL_WEIGHTS / (shownC * kH * kW))))
  const layout = kernelLayout(shownK, shownC, kH, kW, layer.before === undefined ? 1000 : 540)
  const panels = [
    ...(layer.before === undefined ? [] : [panel('before training', firstFilters(layer.before, shownK, shownC), scale, layout)]),
    panel(layer.before === undefined ? 'weights' : 'after training', firstFilters(layer.after, shownK, shownC), scale, layout),
  ]
  const barHeight = Math.min(240, Math.max(90, layout.height - 24))
  const bar = divergingColorbar(`kernels-scale-${index}`, scale, barHeight, 'weight')
  const parts = [...(shownK < K ? [`the first ${shownK} of ${K} filters`] : []), ...(shownC < C ? [`the first ${shownC} of ${C} channels`] : [])]
  const heading = textBlock(
    [`${layer.name}: ${plural(K, 'filter')} × ${plural(C, 'input channel')}, ${kH}×${kW} each; scale ±${showNumber(scale, scaleDecimals(scale))}`],
    { size: 13, weight: 'bold' },
  )
  const drawn = parts.length === 0
    ? []
    : [textBlock([`Drawn: ${parts.join(' and ')}; the scale is that of all ${(K * C * kH * kW).toLocaleString('en-US')} weights.`], { size: 12, fill: '#444444' })]
  return column([heading, ...drawn, row([...panels, bar], 28)], 8)
}

// The figure
// ----------

/**
 * Every convolution layer's kernels as heatmaps on a symmetric blue–red scale, before and
 * after training side by side when `before` is given. Returns a complete SVG document.
 */
export const kernelsFigure = (input: KernelsFigureInput): string => {
  const intro = textBlock(
    [
      'Each square is one kernel plane: filters k0, k1, … in rows, input channels c0, c1, … in columns.',
      'Blue weights are negative, red positive, grey near zero; each layer has its own scale ±max |w|.',
    ],
    { size: 12, fill: '#444444' },
  )
  const sections = input.layers.map(layerSection)
  const empty = sections.length === 0 ? [textBlock(['(no convolution layers)'], { size: 12 })] : []
  const body = column([textBlock([input.title], { size: 18, weight: 'bold' }), intro, ...sections, ...empty], 16)
  return svgDocument(input.title, pad(body, 20))
}
