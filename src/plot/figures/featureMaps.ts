// Figure: feature maps
// ====================
//
// What does the network see? For a few test images we draw what every stage of the forward
// pass made of it, left to right: the input, the convolution's output, the activation, the
// pooled maps, … and finally the ten class probabilities as bars. One row per image:
//
//     input (1, 28, 28) → conv (K, 26, 26) → lrelu (K, 26, 26) → pool (K, 13, 13) → p (10)
//
// The input is drawn in grey (ink on paper). Every later stage is drawn on the diverging
// blue–red scale, symmetric around 0, with one scale per stage and image: s = max |value|
// over that stage's channels, printed under the stage. A stage with several channels shows
// them as a small grid of tiles, so each row stays about as tall as the input image.
// Previous: plot/figures/weights.ts. Next: plot/figures/curves.ts.

import type { Tensor } from '../../core/tensor.ts'
import { barChart } from '../barChart.ts'
import { scaleDecimals } from '../colorbar.ts'
import { imageGrid } from '../imageGrid.ts'
import { column, columnWidths, pad, row, widen } from '../layout.ts'
import { diverging, grey, NEUTRAL, symmetricScale } from '../palette.ts'
import { svgDocument, type Block } from '../svg.ts'
import { showNumber, textBlock } from '../text.ts'

/** One stage of the forward pass for one sample: its name and its maps (C, H, W). */
export interface Stage {
  readonly name: string
  readonly maps: Tensor // (C, H, W) for one sample; (H, W) and (F) are read as one channel
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

// A stage's channels as a grid of ⌈√C⌉ tiles down, at most GRID_HEIGHT tall.
const stageBlock = (stage: Stage, first: boolean, pixel: number): Block => {
  const [C, H, W] = asMaps(stage.maps)
  const down = Math.ceil(Math.sqrt(C))
  const across = Math.ceil(C / down)
  const fit = ((C === 1 ? ROW_HEIGHT : GRID_HEIGHT) - (down - 1) * TILE_GAP) / (down * H)
  // One channel gets whole pixels, as sharp as the input; a grid of small tiles may use fractions.
  const size = Math.min(pixel, C === 1 && fit >= 1 ? Math.floor(fit) : fit)
  const plane = H * W
  // The input is ink on paper; its range is 0 … 1 unless the data says otherwise.
  const finite = Array.from(stage.maps.data).filter((v) => Number.isFinite(v))
  const lo = Math.min(0, ...finite)
  const hi = Math.max(1, ...finite)
  const scale = symmetricScale([stage.maps.data])
  const fill = first ? (v: number) => grey((v - lo) / (hi - lo)) : (v: number) => diverging(v, scale)
  const tiles = Array.from({ length: C }, (_, c) => ({
    rows: H,
    cols: W,
    values: stage.maps.data.subarray(c * plane, (c + 1) * plane),
    fill,
    // Blank paper, or exact zeros (ReLU's favourite number), need not be drawn cell by cell.
    background: first ? grey(0) : NEUTRAL,
  }))
  const range = first ? `${showNumber(lo, 0)} … ${showNumber(hi, 0)}` : `±${showNumber(scale, scaleDecimals(scale))}`
  const channels = C === 1 ? range : `${C} maps, ${range}`
  const maps = imageGrid({ tiles, perRow: across, pixel: size, gap: TILE_GAP, className: 'feature-map' })
  return column([maps, textBlock([channels], { size: FONT, fill: '#555555' })], 4)
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
  const cells = input.samples.map((sample) => [
    ...sample.stages.map((stage, i) => stageBlock(stage, i === 0, pixel)),
    probabilityBlock(sample, input.classNames),
  ])
  const headerNames = [...(input.samples[0]?.stages.map((s) => s.name) ?? []), 'probabilities']
  const headers = headerNames.map((name) => textBlock([name], { size: 12, weight: 'bold' }))
  const widths = columnWidths([headers, ...cells])
  const tableRow = (blocks: readonly Block[]): Block => row(blocks.map((b, i) => widen(b, widths[i] ?? b.width)), COLUMN_GAP)
  const rows = input.samples.map((sample, s) => column([caption(sample, input.classNames), tableRow(cells[s] ?? [])], 6))
  const intro = textBlock(
    [
      'Each row follows one test image through the network, left to right. The input is drawn in grey;',
      'later stages in blue (< 0) and red (> 0), each with its own scale ±max |value| printed underneath.',
      'Bars: predicted probabilities; the prediction is dark blue (red when wrong), the true class is boxed.',
    ],
    { size: 12, fill: '#444444' },
  )
  const empty = input.samples.length === 0 ? [textBlock(['(no samples)'], { size: 12 })] : []
  const body = column([textBlock([input.title], { size: 18, weight: 'bold' }), intro, tableRow(headers), ...rows, ...empty], 14)
  return svgDocument(input.title, pad(body, 20))
}
