// Colour bars
// ===========
//
// A colour bar is the legend of a heatmap: a vertical strip running through the palette,
// bottom to top, with ticks saying which value each colour stands for. The strip is an SVG
// `linearGradient` whose stops are the palette sampled at t = 0, 1/32, …, 1; since our
// palettes are linear between those same points, the bar shows exactly the cell colours.
//
// For a diverging palette the bar is symmetric, −s … 0 … +s, with s = max |value|:
//
//     tick at t = ½ + ½ · v / s   for v ∈ {−s, −s/2, 0, +s/2, +s}
//
// Gradients are referred to by id, so each bar in one document needs an id of its own.
// Previous: plot/heatmap.ts. Next: plot/imageGrid.ts.

import { diverging } from './palette.ts'
import { column } from './layout.ts'
import { element, INK, type Block } from './svg.ts'
import { lineHeight, showSigned, textAt, textBlock, textWidth } from './text.ts'

/** A tick: where on the bar it sits (t = 0 bottom, 1 top) and what it says. */
export interface ColorbarTick {
  readonly t: number
  readonly label: string
}

/** What a colour bar shows and how big it is. */
export interface ColorbarOptions {
  readonly id: string // of the gradient, unique in the document
  readonly height: number // of the strip, px
  readonly barWidth?: number // default 14
  readonly colourAt: (t: number) => string // the palette, t ∈ [0, 1]
  readonly ticks: readonly ColorbarTick[]
  readonly title?: string // one short line above the strip
}

const FONT = 11
const STOPS = 32

/** A vertical colour bar with tick labels on its right and an optional title above. */
export const colorbar = (o: ColorbarOptions): Block => {
  const barWidth = o.barWidth ?? 14
  // Tick labels are centred on their tick, so half a line hangs above the top and below the bottom.
  const overhang = lineHeight(FONT) / 2
  const stops = Array.from({ length: STOPS + 1 }, (_, k) =>
    element('stop', { offset: k / STOPS, 'stop-color': o.colourAt(k / STOPS) }),
  )
  const gradient = element('linearGradient', { id: o.id, x1: 0, y1: 1, x2: 0, y2: 0 }, stops)
  const y = (t: number): number => overhang + (1 - t) * o.height
  const ticks = o.ticks.flatMap((tick) => [
    element('line', { x1: barWidth, y1: y(tick.t), x2: barWidth + 4, y2: y(tick.t), stroke: INK }),
    textAt(tick.label, barWidth + 6, y(tick.t) + FONT * 0.35, { size: FONT }),
  ])
  const labelWidth = o.ticks.reduce((most, tick) => Math.max(most, textWidth(tick.label, FONT)), 0)
  const strip: Block = {
    width: barWidth + 6 + labelWidth,
    height: o.height + 2 * overhang,
    svg: element('g', { class: 'colorbar' }, [
      element('defs', {}, [gradient]),
      element('rect', { x: 0, y: overhang, width: barWidth, height: o.height, fill: `url(#${o.id})`, stroke: INK, 'stroke-width': 0.5 }),
      ...ticks,
    ]),
  }
  return o.title === undefined ? strip : column([textBlock([o.title], { size: FONT }), strip], 2)
}

/**
 * Decimals for the labels of a scale: two, like the printed weights, or more for tiny
 * scales so that they keep two significant digits.
 * @example scaleDecimals(1.24) === 2; scaleDecimals(0.043) === 3
 */
export const scaleDecimals = (scale: number): number =>
  scale > 0 && Number.isFinite(scale) ? Math.max(2, 1 - Math.floor(Math.log10(scale))) : 2

/**
 * The bar of a symmetric diverging scale: −s at the bottom, 0 in the middle, +s at the top,
 * with ±s/2 in between when the bar is tall enough to keep five labels apart.
 */
export const divergingColorbar = (id: string, scale: number, height: number, title?: string): Block => {
  const d = scaleDecimals(scale)
  const fractions = height >= 90 ? [-1, -0.5, 0, 0.5, 1] : [-1, 0, 1]
  return colorbar({
    id,
    height,
    colourAt: (t) => diverging(2 * t - 1, 1),
    ticks: fractions.map((f) => ({ t: 0.5 + 0.5 * f, label: showSigned(f * scale, d) })),
    ...(title === undefined ? {} : { title }),
  })
}
