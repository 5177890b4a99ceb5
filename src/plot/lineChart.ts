// Line charts
// ===========
//
// Axes, ticks, a light grid, and one or more series of (x, y) points joined by lines: how
// the loss falls and the accuracy rises, epoch by epoch. Data coordinates map linearly onto
// the plot area (y grows downwards in SVG, hence the flip):
//
//     px(x) = width · (x − x₀) / (x₁ − x₀)        py(y) = height · (1 − (y − y₀) / (y₁ − y₀))
//
// A y axis can be logarithmic instead, for a loss that falls by factors: then
//
//     py(y) = height · (1 − (log y − log y₀) / (log y₁ − log y₀))
//
// with ticks at 1, 2, 5 × 10^k (plot/ticks.ts), and a point at y ≤ 0 counts as below the axis.
//
// Every point also gets a small dot, so a series of a single point (one epoch) still shows;
// a series can have rings instead of dots, and no line, to set a point apart from the
// curves. A point above or below the y range the caller asked for is not drawn outside the
// axes: it sits on the nearest edge as a small arrowhead pointing off the chart, labelled
// with its true value. The legend sits above the plot area rather than inside it, where it
// could hide data.
// Previous: plot/barChart.ts. Next: plot/figures/kernels.ts.

import { column, row } from './layout.ts'
import { element, INK, num, type Block } from './svg.ts'
import { lineHeight, showNumber, textAt, textBlock, textWidth, verticalText } from './text.ts'
import { decimalsOf, integerTicks, logDomain, logTicks, niceDomain, niceStep, niceTicks } from './ticks.ts'

/** One line: a name for the legend, a colour, and its points in data coordinates. */
export interface Series {
  readonly name: string
  readonly colour: string
  readonly points: readonly (readonly [number, number])[]
  readonly dashed?: boolean
  readonly marker?: 'dot' | 'ring' // default dot
  readonly line?: boolean // join the points; default true
}

/** The series, the size of the plot area, and the axes' labels and ranges. */
export interface LineChartOptions {
  readonly series: readonly Series[]
  readonly width: number // of the plot area, px
  readonly height: number // of the plot area, px
  readonly title?: string
  readonly xLabel: string
  readonly yLabel: string
  readonly xDomain?: readonly [number, number] // default: the data's range, made nice
  readonly yDomain?: readonly [number, number]
  readonly yScale?: 'linear' | 'log' // default linear; a log axis needs a domain above 0
  readonly integerX?: boolean // ticks on whole numbers only (epochs)
  readonly yFormat?: (value: number, decimals: number) => string // decimals: what the tick step needs
}

const FONT = 11

// How a series' line is drawn, in the plot and in the legend alike.
const stroke = (s: Series) => ({ stroke: s.colour, 'stroke-width': 2, 'stroke-dasharray': s.dashed === true ? '5 3' : undefined })

// A point's marker: a filled dot, or a ring (white inside) that stands out from the dots.
const marker = (s: Series, cx: number, cy: number, small = false): string =>
  s.marker === 'ring'
    ? element('circle', { cx, cy, r: small ? 3 : 4, fill: '#ffffff', stroke: s.colour, 'stroke-width': 2 })
    : element('circle', { cx, cy, r: small ? 2.5 : 3, fill: s.colour })

// An arrowhead on the edge of the plot for a point beyond the y range: pointing down at the
// bottom edge, up at the top one.
const offScale = (s: Series, cx: number, edge: number, down: boolean): string => {
  const base = down ? edge - 8 : edge + 8
  return element('path', { class: 'off-scale', d: `M${num(cx - 5)},${num(base)}L${num(cx + 5)},${num(base)}L${num(cx)},${num(edge)}Z`, fill: s.colour })
}

// Legend: a short stroke in each series' colour followed by its name, all on one line.
const legend = (series: readonly Series[]): Block => {
  let x = 0
  const parts: string[] = []
  for (const s of series) {
    const y = FONT * 0.65
    if (s.line !== false) parts.push(element('line', { x1: x, y1: y, x2: x + 18, y2: y, ...stroke(s) }))
    parts.push(marker(s, x + 9, y, true))
    parts.push(textAt(s.name, x + 23, FONT, { size: FONT }))
    x += 23 + textWidth(s.name, FONT) + 16
  }
  return { width: Math.max(0, x - 16), height: lineHeight(FONT), svg: element('g', { class: 'legend' }, parts) }
}

// The range an axis shows: the one asked for if it has a width, else the data's, made nice.
const domainOf = (asked: readonly [number, number] | undefined, values: readonly number[]): readonly [number, number] =>
  asked !== undefined && asked[1] > asked[0]
    ? asked
    : values.length === 0
      ? [0, 1]
      : niceDomain(
          values.reduce((least, v) => Math.min(least, v)),
          values.reduce((most, v) => Math.max(most, v)),
          5,
        )

// The range a log axis shows: the one asked for if it lies above 0 and has a width, else that
// of the data above 0, made nice.
const logDomainOf = (asked: readonly [number, number] | undefined, values: readonly number[]): readonly [number, number] => {
  if (asked !== undefined && asked[0] > 0 && asked[1] > asked[0]) return asked
  let lo = Infinity
  let hi = 0
  for (const v of values) {
    if (v > 0 && v < lo) lo = v
    if (v > 0 && v > hi) hi = v
  }
  return hi > 0 ? logDomain(lo, hi) : [0.1, 1]
}

/** A line chart block: title, legend, then the plot with its y axis on the left and x axis below. */
export const lineChart = (o: LineChartOptions): Block => {
  const points = o.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
  const xs = points.map(([x]) => x)
  const ys = points.map(([, y]) => y)
  const [x0, x1] = domainOf(o.xDomain, xs)
  const log = o.yScale === 'log'
  const [y0, y1] = log ? logDomainOf(o.yDomain, ys) : domainOf(o.yDomain, ys)
  const xTicks = o.integerX === true ? integerTicks(x0, x1, 6) : niceTicks(x0, x1, 6)
  const yTicks = log ? logTicks(y0, y1, 5) : niceTicks(y0, y1, 5)
  const yDecimals = decimalsOf(niceStep(y1 - y0, 5))
  const xDecimals = decimalsOf(niceStep(x1 - x0, 6))
  const yFormat = o.yFormat ?? ((v: number, d: number) => showNumber(v, d))
  const px = (x: number): number => (o.width * (x - x0)) / (x1 - x0)
  const py = (y: number): number =>
    log ? o.height * (1 - Math.log(y / y0) / Math.log(y1 / y0)) : o.height * (1 - (y - y0) / (y1 - y0))
  // On a log axis each tick has the decimals of its own value: 0.05, 0.1, 2.
  const yLabels = yTicks.map((t) => yFormat(t, log ? decimalsOf(t) : yDecimals))
  const left = yLabels.reduce((most, l) => Math.max(most, textWidth(l, FONT)), 0) + 8
  const top = lineHeight(FONT) / 2 // room for the top tick label
  const parts: string[] = []
  // Grid and tick labels first, so the data is drawn over them.
  yTicks.forEach((t, i) => {
    const y = top + py(t)
    parts.push(element('line', { x1: left, y1: y, x2: left + o.width, y2: y, stroke: '#e5e5e5' }))
    parts.push(textAt(yLabels[i], left - 6, y + FONT * 0.35, { size: FONT, anchor: 'end' }))
  })
  for (const t of xTicks) {
    const x = left + px(t)
    parts.push(element('line', { x1: x, y1: top + o.height, x2: x, y2: top + o.height + 4, stroke: INK }))
    parts.push(textAt(showNumber(t, o.integerX === true ? 0 : xDecimals), x, top + o.height + 6 + FONT, { size: FONT, anchor: 'middle' }))
  }
  parts.push(element('path', { d: `M${num(left)},${num(top)}V${num(top + o.height)}H${num(left + o.width)}`, fill: 'none', stroke: INK }))
  // Points beyond the y range are pulled onto its edges.
  const clamp = (y: number): number => Math.min(y1, Math.max(y0, y))
  const labelDecimals = log ? decimalsOf(yTicks[0] ?? y0) + 1 : Math.max(0, yDecimals + 1)
  for (const s of o.series) {
    const drawn = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
    const xy = drawn.map(([x, y]) => `${num(left + px(x))},${num(top + py(clamp(y)))}`)
    if (xy.length > 1 && s.line !== false) {
      parts.push(element('polyline', { points: xy.join(' '), fill: 'none', ...stroke(s) }))
    }
    for (const [x, y] of drawn) {
      const cx = left + px(x)
      if (y >= y0 && y <= y1) {
        parts.push(marker(s, cx, top + py(y)))
      } else {
        const down = y < y0
        const edge = top + (down ? o.height : 0)
        parts.push(offScale(s, cx, edge, down))
        parts.push(textAt(yFormat(y, labelDecimals), cx + 8, down ? edge - 2 : edge + 2 + FONT, { size: FONT, fill: s.colour }))
      }
    }
  }
  const plot: Block = {
    width: left + o.width,
    height: top + o.height + 8 + lineHeight(FONT),
    svg: element('g', { class: 'line-chart' }, parts),
  }
  // The x label is centred under the plot area, not under the tick labels.
  const xLabel = { ...textBlock([o.xLabel], { size: FONT, anchor: 'middle', minWidth: o.width }), width: left + o.width }
  const xLabelShifted: Block = { ...xLabel, svg: element('g', { transform: `translate(${num(left)},0)` }, [xLabel.svg]) }
  const body = row([verticalText(o.yLabel, { size: FONT }), column([plot, xLabelShifted], 2)], 4, 'middle')
  const heading = [
    ...(o.title === undefined ? [] : [textBlock([o.title], { size: 13, weight: 'bold' })]),
    legend(o.series),
  ]
  return column([...heading, body], 6)
}
