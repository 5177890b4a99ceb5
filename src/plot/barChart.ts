// Bar charts
// ==========
//
// One bar per category, rising from 0: the ten class probabilities of one prediction, say.
// A bar of value v in a chart whose axis runs from 0 to `max` is
//
//     height(v) = plotHeight · clamp(v / max, 0, 1)
//
// Bars can be coloured one by one (the predicted class in a stronger colour), and categories
// can be *marked*: their label is bold and boxed, which shows the true class even when the
// network gave it no probability at all. Category labels that are wider than a bar's slot
// are turned 45° so that they never overlap.
// Previous: plot/imageGrid.ts. Next: plot/lineChart.ts.

import { element, escapeXml, INK, num, type Block } from './svg.ts'
import { lineHeight, showNumber, textAt, textWidth, verticalText } from './text.ts'
import { decimalsOf, niceStep } from './ticks.ts'
import { row } from './layout.ts'

/** The values, their category labels, and how the chart looks. */
export interface BarChartOptions {
  readonly values: readonly number[]
  readonly labels: readonly string[] // one per value, under its bar
  readonly width: number // of the plot area, px
  readonly height: number // of the plot area, px
  readonly max?: number // top of the axis; default: the largest value
  readonly fill?: (index: number) => string // default: a mid blue
  readonly marked?: readonly number[] // categories whose label is bold and boxed
  readonly annotated?: readonly number[] // categories whose value is printed above the bar
  readonly yLabel?: string
  readonly format?: (value: number) => string // for ticks and annotations
}

const FONT = 11

/** A bar chart block: y axis with ticks on the left, category labels below. */
export const barChart = (o: BarChartOptions): Block => {
  if (o.labels.length !== o.values.length) {
    throw new RangeError(`barChart: ${o.values.length} values but ${o.labels.length} labels`)
  }
  const finite = o.values.filter((v) => Number.isFinite(v))
  const top = o.max ?? finite.reduce((most, v) => Math.max(most, v), 1e-12)
  const step = niceStep(top, 2)
  const format = o.format ?? ((v: number) => showNumber(v, decimalsOf(step)))
  const ticks = Array.from({ length: Math.floor(top / step + 1e-9) + 1 }, (_, i) => Number((i * step).toFixed(decimalsOf(step))))
  const tickWidth = ticks.reduce((most, t) => Math.max(most, textWidth(format(t), FONT)), 0)
  const slot = o.width / Math.max(1, o.values.length)
  const barWidth = slot * 0.7
  const widestLabel = o.labels.reduce((most, l) => Math.max(most, textWidth(l, FONT)), 0)
  const turn = widestLabel > slot
  const labelDepth = turn ? widestLabel * Math.SQRT1_2 + FONT : lineHeight(FONT)
  const annotate = new Set(o.annotated ?? [])
  const headroom = annotate.size > 0 ? lineHeight(FONT) : lineHeight(FONT) / 2
  const left = tickWidth + 8
  const y = (v: number): number => headroom + o.height * (1 - Math.min(1, Math.max(0, v / top)))
  const parts: string[] = []
  for (const t of ticks) {
    parts.push(element('line', { x1: left, y1: y(t), x2: left + o.width, y2: y(t), stroke: '#e5e5e5' }))
    parts.push(textAt(format(t), left - 6, y(t) + FONT * 0.35, { size: FONT, anchor: 'end' }))
  }
  const marked = new Set(o.marked ?? [])
  o.values.forEach((v, i) => {
    const x = left + i * slot + (slot - barWidth) / 2
    const value = Number.isFinite(v) ? v : 0
    parts.push(element('rect', { class: 'bar', x, y: y(value), width: barWidth, height: y(0) - y(value), fill: o.fill?.(i) ?? '#6baed6' }))
    if (annotate.has(i)) parts.push(textAt(format(v), x + barWidth / 2, y(value) - 3, { size: FONT, anchor: 'middle' }))
    const cx = left + (i + 0.5) * slot
    const ly = headroom + o.height + FONT + 3
    const weight = marked.has(i) ? 'bold' : undefined
    parts.push(
      turn
        ? element(
            'text',
            { x: cx, y: ly, 'font-size': FONT, 'font-weight': weight, 'text-anchor': 'end', transform: `rotate(-45 ${num(cx)} ${num(ly)})` },
            escapeXml(o.labels[i]),
          )
        : textAt(o.labels[i], cx, ly, { size: FONT, anchor: 'middle', ...(weight === undefined ? {} : { weight }) }),
    )
    if (marked.has(i) && !turn) {
      const w = Math.min(slot, textWidth(o.labels[i], FONT) + 6)
      parts.push(element('rect', { x: cx - w / 2, y: ly - FONT - 1, width: w, height: FONT + 5, fill: 'none', stroke: INK, rx: 2 }))
    }
  })
  parts.push(element('line', { x1: left, y1: y(0), x2: left + o.width, y2: y(0), stroke: INK }))
  const chart: Block = { width: left + o.width, height: headroom + o.height + 4 + labelDepth, svg: element('g', { class: 'bar-chart' }, parts) }
  return o.yLabel === undefined ? chart : row([verticalText(o.yLabel, { size: FONT }), chart], 2, 'middle')
}
