// The chart blocks: bar chart, line chart and image grid, drawn on their own.

import { describe, expect, it } from 'vitest'
import { barChart } from '../../src/plot/barChart.ts'
import { imageGrid } from '../../src/plot/imageGrid.ts'
import { lineChart } from '../../src/plot/lineChart.ts'
import { grey } from '../../src/plot/palette.ts'
import { byClass, byName, parseXml, textOf } from '../helpers/xml.ts'

describe('barChart', () => {
  const chart = barChart({
    values: [0.1, 0.6, 0.3],
    labels: ['a', 'b', 'c'],
    width: 90,
    height: 100,
    max: 1,
    fill: (i) => (i === 1 ? '#000000' : '#cccccc'),
    marked: [2],
    annotated: [1],
    format: (v) => String(Number(v.toFixed(2))),
  })
  const root = parseXml(chart.svg)
  const bars = byClass(root, 'bar')

  it('draws one bar per value, its height proportional to the value', () => {
    expect(bars).toHaveLength(3)
    expect(bars.map((b) => Number(b.attributes.height))).toEqual([10, 60, 30])
    expect(bars[1]?.attributes.fill).toBe('#000000')
  })

  it('labels the axis, the categories and the annotated bar', () => {
    const texts = byName(root, 'text').map(textOf)
    expect(texts).toEqual(expect.arrayContaining(['0', '0.5', '1', 'a', 'b', 'c', '0.6']))
  })

  it('marks a category with a bold, boxed label', () => {
    const c = byName(root, 'text').find((t) => textOf(t) === 'c')
    expect(c?.attributes['font-weight']).toBe('bold')
  })

  it('turns labels that are wider than their slot', () => {
    const turned = barChart({ values: [1, 2], labels: ['Ankle boot', 'Sneaker'], width: 40, height: 50 })
    expect(byName(parseXml(turned.svg), 'text').some((t) => (t.attributes.transform ?? '').startsWith('rotate(-45'))).toBe(true)
  })
})

describe('lineChart', () => {
  const chart = lineChart({
    title: 'T',
    series: [
      { name: 'one', colour: '#ff0000', points: [[1, 1], [2, 3], [3, 2]] },
      { name: 'single', colour: '#0000ff', points: [[2, 2]] },
      { name: 'broken', colour: '#00ff00', points: [[1, Number.NaN], [2, 1], [3, Infinity]] },
    ],
    width: 200,
    height: 100,
    xLabel: 'epoch',
    yLabel: 'value',
    integerX: true,
  })
  const root = parseXml(`<g>${chart.svg}</g>`)

  it('draws a line for each series of two or more finite points, and a dot for every point', () => {
    expect(byName(root, 'polyline')).toHaveLength(1)
    // 3 + 1 + 1 data dots, and one dot per legend entry.
    expect(byName(root, 'circle')).toHaveLength(5 + 3)
  })

  it('has a title, a legend, and both axis labels', () => {
    const texts = byName(root, 'text').map(textOf)
    expect(texts).toEqual(expect.arrayContaining(['T', 'one', 'single', 'broken', 'epoch', 'value']))
  })

  it('keeps every dot inside the plot area', () => {
    const xs = byName(root, 'circle').map((c) => Number(c.attributes.cx))
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThanOrEqual(chart.width)
  })
})

describe('lineChart: points apart and points off the scale', () => {
  const chart = lineChart({
    series: [
      { name: 'curve', colour: '#ff0000', points: [[1, 0.9], [2, 0.95]] },
      { name: 'start', colour: '#444444', points: [[0, 0.1]], marker: 'ring', line: false },
      { name: 'high', colour: '#0000ff', points: [[0, 1.5], [1, 0.92]], line: false },
    ],
    width: 200,
    height: 100,
    xLabel: 'epoch',
    yLabel: 'accuracy',
    yDomain: [0.9, 1],
  })
  const root = parseXml(`<g>${chart.svg}</g>`)

  it('draws rings for a ring series, and no line for a series without one, in the plot and the legend', () => {
    expect(byName(root, 'polyline')).toHaveLength(1)
    expect(byName(root, 'line').filter((l) => l.attributes.stroke === '#444444' || l.attributes.stroke === '#0000ff')).toHaveLength(0)
    // The legend's ring; the plot's ring is off the scale and drawn as an arrowhead instead.
    expect(byName(root, 'circle').filter((c) => c.attributes.fill === '#ffffff' && c.attributes.stroke === '#444444')).toHaveLength(1)
  })

  it('puts points beyond the y range on the nearest edge as arrowheads, labelled with their value', () => {
    const arrows = byClass(root, 'off-scale')
    expect(arrows.map((a) => a.attributes.fill)).toEqual(['#444444', '#0000ff'])
    const texts = byName(root, 'text').map(textOf)
    expect(texts).toEqual(expect.arrayContaining(['0.100', '1.500']))
    // Every mark stays between the top and the bottom of the plot area.
    const axis = byName(root, 'path').find((p) => p.attributes.class === undefined)!.attributes.d!
    const [, , top, bottom] = /^M([\d.]+),([\d.]+)V([\d.]+)H/.exec(axis)!.map(Number)
    for (const a of arrows) {
      const ys = [...a.attributes.d!.matchAll(/,([\d.]+)/g)].map((m) => Number(m[1]))
      for (const y of ys) {
        expect(y).toBeGreaterThanOrEqual(top! - 1e-9)
        expect(y).toBeLessThanOrEqual(bottom! + 1e-9)
      }
    }
    for (const c of byName(root, 'circle').filter((c) => c.attributes.r === '3')) {
      expect(Number(c.attributes.cy)).toBeGreaterThanOrEqual(top!)
      expect(Number(c.attributes.cy)).toBeLessThanOrEqual(bottom!)
    }
  })
})

describe('lineChart: a log y axis', () => {
  const chart = lineChart({
    series: [
      { name: 'loss', colour: '#ff0000', points: [[1, 2], [2, 0.2], [3, 0.02]] },
      { name: 'zero', colour: '#0000ff', points: [[1, 0]], line: false },
    ],
    width: 200,
    height: 120,
    xLabel: 'epoch',
    yLabel: 'loss',
    yScale: 'log',
  })
  const root = parseXml(`<g>${chart.svg}</g>`)
  const axis = byName(root, 'path').find((p) => p.attributes.class === undefined)!.attributes.d!
  const [, , top, bottom] = /^M([\d.]+),([\d.]+)V([\d.]+)H/.exec(axis)!.map(Number)
  const dots = byName(root, 'circle').filter((c) => c.attributes.r === '3' && c.attributes.fill === '#ff0000')

  it('puts equal ratios at equal distances: 2, 0.2 and 0.02 are evenly spaced', () => {
    const ys = dots.map((c) => Number(c.attributes.cy))
    expect(ys).toHaveLength(3)
    expect(ys[1]! - ys[0]!).toBeCloseTo(ys[2]! - ys[1]!, 1)
    for (const y of ys) {
      expect(y).toBeGreaterThanOrEqual(top!)
      expect(y).toBeLessThanOrEqual(bottom!)
    }
  })

  it('ticks 1, 2 and 5 times powers of ten, each label with its own decimals', () => {
    const labels = byName(root, 'text').map(textOf)
    expect(labels).toEqual(expect.arrayContaining(['0.02', '0.05', '0.1', '0.2', '0.5', '1', '2']))
  })

  it('draws a point at 0, which a log axis cannot hold, as an arrowhead on the bottom edge', () => {
    const arrows = byClass(root, 'off-scale')
    expect(arrows.map((a) => a.attributes.fill)).toEqual(['#0000ff'])
  })
})

describe('imageGrid', () => {
  it('wraps tiles into rows, with captions under each', () => {
    const tile = { rows: 2, cols: 2, values: [0, 1, 1, 0], fill: grey, caption: ['x & y'] }
    const grid = imageGrid({ tiles: [tile, tile, tile], perRow: 2, pixel: 10 })
    const root = parseXml(`<g>${grid.svg}</g>`)
    expect(byClass(root, 'image')).toHaveLength(3)
    expect(byName(root, 'text').map(textOf)).toEqual(['x & y', 'x & y', 'x & y'])
    expect(grid.height).toBeGreaterThan(2 * 20)
  })
})
