// Figure: feature maps
// ====================
//
// What does the network see? For a few test images we draw what every stage of the forward
// pass made of it, left to right: the input, the convolution's output, the activation, the
// pooled maps, … and finally the ten class probabilities as bars. One row per image:
//
//     input (1, 28, 28) → conv (K, 26, 26) → lrelu (K, 26, 26) → pool (K, 13, 13) → p (10)
//
// The input is drawn in grey (ink on paper). Every later stage is drawn in blue (< 0), grey
// (0) and red (> 0). A stage with several channels shows them as a small grid of tiles, so
// each row stays about as tall as the input image.
//
// Which colour stands for which number? A convolution's output has a few negative values
// (down to −0.30 … −0.42 for the digits in docs/pictures/feature-maps.svg) among large
// positive ones (up to 1.40 … 1.46), and leaky ReLU multiplies the negatives by α = 0.01. On
// one symmetric scale ±max |value| the negatives would be a pale blue in both columns, and
// the convolution and the activation would look the same. So the scale has two halves,
// taken from the stage that has parameters (the convolution):
//
//     v < 0:  blue, full at the convolution's most negative value lo
//     v > 0:  red, full at the convolution's largest value hi
//
// and the parameter-free stages after it (activation, pooling) use that same scale, so one
// colour means one number along the way. Then the convolution's negatives are clearly blue,
// and one column later they are grey: squashed to about 0. Under every stage we print its
// own smallest and largest value, lo … hi.
//
// A stage can be far larger than its room: a 1×1 convolution with 250 filters makes 250 maps,
// a 300×300 image maps of 298×298. Such a stage draws a documented part, and says so under it:
//
//   * at most the first 32 maps (MOST_MAPS), in a grid like any other;
//   * a map with more pixels than px of room is drawn with each pixel the mean of a b×b
//     block of them (b the smallest whole number that gives each a px or more), as a browser
//     would blend pixels smaller than a px, so the file holds only what can be seen;
//   * a stage that still has more than 4,096 values to draw is drawn as images (one PNG per
//     map, plot/png.ts), which look the same.
//
// The colour scale and the smallest and largest values are those of all the maps.
// Previous: plot/figures/weights.ts. Next: plot/figures/curves.ts.

import type { Tensor } from '../../core/tensor.ts'
import { barChart } from '../barChart.ts'
import { scaleDecimals } from '../colorbar.ts'
import { blockMeans } from '../heatmap.ts'
import { imageGrid } from '../imageGrid.ts'
import { column, columnWidths, pad, row, widen } from '../layout.ts'
import { diverging, grey, NEUTRAL } from '../palette.ts'
import { svgDocument, type Block } from '../svg.ts'
import { showNumber, textBlock } from '../text.ts'

/**
 * One stage of the forward pass for one sample: its name, its maps (C, H, W), and whether it
 * is drawn on the colour scale of the stage before it (true for layers without parameters,
 * such as activations and pooling; the input's grey is never shared).
 */
export interface Stage {
  readonly name: string
  readonly maps: Tensor // (C, H, W) for one sample; (H, W) and (F) are read as one channel
  readonly sharesScale?: boolean
}

/** A colour scale with two halves: lo ≤ 0 is full blue, hi ≥ 0 full red, 0 grey. */
export interface TwoSidedScale {
  readonly lo: number
  readonly hi: number
}

/** One sample: which test image, its label, the prediction and every stage's maps. */
export interface FeatureMapSample {
  readonly index: number
  readonly label: number
  readonly predicted: number
  readonly probabilities: readonly number[]
  readonly stages: readonly Stage[]
}

/** The input of `featureMapsFigure`. */
export interface FeatureMapsFigureInput {
  readonly title: string
  readonly classNames: readonly string[]
  readonly samples: readonly FeatureMapSample[]
}

const FONT = 11
const ROW_HEIGHT = 84 // px: a 28×28 input at 3 px per pixel
const GRID_HEIGHT = 120 // px: the most a stage's grid of channel tiles may take
const TILE_GAP = 2
/** The most maps a stage draws; a stage of more draws its first MOST_MAPS. */
export const MOST_MAPS = 32
/** The most values a stage draws as rects; a stage of more draws its maps as images. */
const MOST_RECT_CELLS = 4096
const COLUMN_GAP = 18
const CORRECT = '#08519c'
const WRONG = '#cb181d'

// Stages
// ------

// Every stage as (C, H, W): a plain image (H, W) or a vector (F) is one channel.
const asMaps = (maps: Tensor): readonly [number, number, number] => {
  const s = maps.shape
  return s.length === 3 ? [s[0], s[1], s[2]] : s.length === 2 ? [1, s[0], s[1]] : [1, 1, maps.data.length]
}

// The pixel size of the first stage: whole pixels, so that the input looks sharp.
const inputPixel = (first: Tensor | undefined): number => {
  if (first === undefined) return 3
  const [, H, W] = asMaps(first)
  return Math.max(1, Math.floor(ROW_HEIGHT / Math.max(H, W / 4)))
}

// The smallest and largest finite value of a stage, or [0, 0] when there are none.
const rangeOf = (values: ArrayLike<number>): readonly [number, number] => {
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      lo = Math.min(lo, values[i])
      hi = Math.max(hi, values[i])
    }
  }
  return lo <= hi ? [lo, hi] : [0, 0]
}

/**
 * The scale of every stage: the input has none (it is grey); a stage that shares takes the
 * scale of the stage before it; any other stage its own lo = min(0, min v), hi = max(0, max v).
 * For input, a convolution with values −0.5 … 1.4 and a sharing leaky ReLU:
 * [undefined, { lo: −0.5, hi: 1.4 }, { lo: −0.5, hi: 1.4 }].
 */
export const stageScales = (stages: readonly Stage[]): readonly (TwoSidedScale | undefined)[] => {
  const scales: (TwoSidedScale | undefined)[] = []
  stages.forEach((stage, i) => {
    const previous = scales[i - 1]
    if (i === 0) scales.push(undefined)
    else if (stage.sharesScale === true && previous !== undefined) scales.push(previous)
    else {
      const [lo, hi] = rangeOf(stage.maps.data)
      scales.push({ lo: Math.min(0, lo), hi: Math.max(0, hi) })
    }
  })
  return scales
}

/**
 * The colour of v on a two-sided scale: blue below 0 up to full at lo, red above up to full at hi.
 * @example twoSided(-0.5, { lo: -0.5, hi: 2 }) === coolwarm(0); twoSided(1, { lo: -0.5, hi: 2 }) === diverging(1, 2)
 */
export const twoSided = (v: number, scale: TwoSidedScale): string => diverging(v, v < 0 ? -scale.lo : scale.hi)

// A number with two significant digits at least: 1.44, −0.47, −0.0047; 0 as "0".
const showValue = (v: number): string => (v === 0 ? '0' : showNumber(v, scaleDecimals(Math.abs(v))))

// A stage's channels (at most MOST_MAPS of them) as a grid of ⌈√C⌉ tiles down, at most
// GRID_HEIGHT tall.
const stageBlock = (stage: Stage, scale: TwoSidedScale | undefined, pixel: number): Block => {
  const first = scale === undefined
  const [C, H, W] = asMaps(stage.maps)
  const shown = Math.min(C, MOST_MAPS)
  const down = Math.ceil(Math.sqrt(shown))
  const across = Math.ceil(shown / down)
  const fit = ((C === 1 ? ROW_HEIGHT : GRID_HEIGHT) - (down - 1) * TILE_GAP) / (down * H)
  // One channel gets whole pixels, as sharp as the input; a grid of small tiles may use fractions.
  const size = Math.min(pixel, C === 1 && fit >= 1 ? Math.floor(fit) : fit)
  // Pixels smaller than a px are drawn as the means of b×b blocks, each a px or more.
  const bin = size < 1 ? Math.ceil(1 / size) : 1
  const plane = H * W
  // The input is ink on paper; its range is 0 … 1 unless the data says otherwise.
  const [min, max] = rangeOf(stage.maps.data)
  const [lo, hi] = [Math.min(0, min), Math.max(1, max)]
  const fill = scale === undefined ? (v: number) => grey((v - lo) / (hi - lo)) : (v: number) => twoSided(v, scale)
  const raster = shown * Math.ceil(H / bin) * Math.ceil(W / bin) > MOST_RECT_CELLS
  const tiles = Array.from({ length: shown }, (_, c) => {
    const values = stage.maps.data.subarray(c * plane, (c + 1) * plane)
    return {
      ...(bin === 1 ? { rows: H, cols: W, values } : blockMeans(values, H, W, bin)),
      fill,
      // Blank paper, or exact zeros (ReLU's favourite number), need not be drawn cell by cell.
      background: first ? grey(0) : NEUTRAL,
      ...(raster ? { raster } : {}),
    }
  })
  const range = first ? `${showNumber(lo, 0)} … ${showNumber(hi, 0)}` : `${showValue(min)} … ${showValue(max)}`
  const notes = [
    C === 1 ? range : `${C} maps, ${range}`,
    ...(shown < C ? [`the first ${shown} drawn`] : []),
    ...(bin > 1 ? [`each pixel a ${bin}×${bin} mean`] : []),
  ]
  const maps = imageGrid({ tiles, perRow: across, pixel: size * bin, gap: TILE_GAP, className: 'feature-map' })
  return column([maps, textBlock(notes, { size: FONT, fill: '#555555' })], 4)
}

// The probabilities as bars: the prediction dark (red when wrong), the true class's label boxed.
const probabilityBlock = (sample: FeatureMapSample, classNames: readonly string[]): Block => {
  const labels = sample.probabilities.map((_, i) => classNames[i] ?? String(i))
  const correct = sample.label === sample.predicted
  return barChart({
    values: sample.probabilities,
    labels,
    width: Math.max(120, 18 * labels.length),
    height: ROW_HEIGHT - 20,
    max: 1,
    fill: (i) => (i === sample.predicted ? (correct ? CORRECT : WRONG) : '#9ecae1'),
    marked: [sample.label],
    annotated: [sample.predicted],
    format: (v) => String(Number(v.toFixed(2))),
  })
}

const caption = (sample: FeatureMapSample, classNames: readonly string[]): Block => {
  const name = (i: number): string => classNames[i] ?? String(i)
  const p = sample.probabilities[sample.predicted]
  const verdict = sample.label === sample.predicted ? '' : ' (wrong)'
  const confidence = p === undefined ? '' : ` with p = ${showNumber(p, 2)}`
  const text = `index ${sample.index}: true ${name(sample.label)}, predicted ${name(sample.predicted)}${confidence}${verdict}`
  return textBlock([text], { size: 12, weight: 'bold', ...(verdict === '' ? {} : { fill: WRONG }) })
}

// The figure
// ----------

/**
 * One row per sample: the input, every stage's feature maps, and the predicted class
 * probabilities. Returns a complete SVG document.
 */
export const featureMapsFigure = (input: FeatureMapsFigureInput): string => {
  const pixel = inputPixel(input.samples[0]?.stages[0]?.maps)
  const cells = input.samples.map((sample) => {
    const scales = stageScales(sample.stages)
    return [...sample.stages.map((stage, i) => stageBlock(stage, scales[i], pixel)), probabilityBlock(sample, input.classNames)]
  })
  const headerNames = [...(input.samples[0]?.stages.map((s) => s.name) ?? []), 'probabilities']
  const headers = headerNames.map((name) => textBlock([name], { size: 12, weight: 'bold' }))
  const widths = columnWidths([headers, ...cells])
  const tableRow = (blocks: readonly Block[]): Block => row(blocks.map((b, i) => widen(b, widths[i] ?? b.width)), COLUMN_GAP)
  const rows = input.samples.map((sample, s) => column([caption(sample, input.classNames), tableRow(cells[s] ?? [])], 6))
  const intro = textBlock(
    [
      'Each row follows one test image through the network, left to right. The input is drawn in grey, later stages',
      'in blue (< 0) and red (> 0). A convolution and the activation and pooling after it share one colour scale:',
      "full blue at the convolution's most negative value, full red at its largest. Under each map: its smallest … largest value.",
      'Bars: predicted probabilities; the prediction is dark blue (red when wrong), the true class is boxed.',
    ],
    { size: 12, fill: '#444444' },
  )
  const empty = input.samples.length === 0 ? [textBlock(['(no samples)'], { size: 12 })] : []
  const body = column([textBlock([input.title], { size: 18, weight: 'bold' }), intro, tableRow(headers), ...rows, ...empty], 14)
  return svgDocument(input.title, pad(body, 20))
}
