import { describe, expect, it } from 'vitest'
import { heatmap } from '../../src/plot/heatmap.ts'
import { diverging, grey, NEUTRAL, parseHex } from '../../src/plot/palette.ts'
import { showNumber } from '../../src/plot/text.ts'
import { readPngUri } from '../helpers/png.ts'
import { byName, parseXml, textOf } from '../helpers/xml.ts'

describe('heatmap', () => {
  it('draws one cell per value, row-major, with its value printed in it', () => {
    const values = [-1, 0, 0.5, 1, 0.25, -0.25]
    const block = heatmap({ rows: 2, cols: 3, values, fill: (v) => diverging(v, 1), cellWidth: 40, gap: 2, label: (v) => showNumber(v, 2) })
    expect([block.width, block.height]).toEqual([124, 82])
    const root = parseXml(block.svg)
    const cells = byName(root, 'rect')
    expect(cells).toHaveLength(6)
    expect(cells.map((c) => [c.attributes.x, c.attributes.y])).toEqual([['0', '0'], ['42', '0'], ['84', '0'], ['0', '42'], ['42', '42'], ['84', '42']])
    expect(cells[1]?.attributes.fill).toBe(NEUTRAL)
    expect(byName(root, 'text').map(textOf)).toEqual(['−1.00', '0.00', '0.50', '1.00', '0.25', '−0.25'])
    // Text on the dark blue cell is white; on the grey cell, dark.
    expect(byName(root, 'text').map((t) => t.attributes.fill).slice(0, 2)).toEqual(['#ffffff', '#222222'])
  })

  it('skips cells of the background colour, drawing the background once', () => {
    const block = heatmap({ rows: 2, cols: 2, values: [0, 1, 0, 0.5], fill: grey, cellWidth: 3, background: '#ffffff' })
    const rects = byName(parseXml(block.svg), 'rect')
    expect(rects).toHaveLength(3)
    expect(rects.filter((r) => r.attributes.class === 'cell')).toHaveLength(2)
  })

  it('adds tooltips on request', () => {
    const block = heatmap({ rows: 1, cols: 2, values: [1, 2], fill: grey, cellWidth: 3, tooltip: (r, c, v) => `(${r}, ${c}) = ${v}` })
    expect(byName(parseXml(block.svg), 'title').map(textOf)).toEqual(['(0, 0) = 1', '(0, 1) = 2'])
  })

  it('refuses a matrix whose size does not match its values', () => {
    expect(() => heatmap({ rows: 2, cols: 2, values: [1, 2, 3], fill: grey, cellWidth: 1 })).toThrow(RangeError)
  })

  it('draws a raster as one image with a pixel per cell, row-major, over the same block', () => {
    const values = [-1, 0, 1, 0.5, -0.5, 0.25]
    const fill = (v: number) => diverging(v, 1)
    const block = heatmap({ rows: 2, cols: 3, values, fill, cellWidth: 4, cellHeight: 2, raster: true })
    expect([block.width, block.height]).toEqual([12, 4])
    const root = parseXml(block.svg)
    expect(byName(root, 'rect')).toHaveLength(0)
    const [image] = byName(root, 'image')
    expect([image?.attributes.width, image?.attributes.height]).toEqual(['12', '4'])
    const { width, height, rgb } = readPngUri(image?.attributes.href ?? '')
    expect([width, height]).toEqual([3, 2])
    expect(Array.from(rgb)).toEqual(values.flatMap((v) => Object.values(parseHex(fill(v)))))
  })

  it('refuses a raster with gaps, labels or tooltips, which an image cannot show', () => {
    const base = { rows: 1, cols: 2, values: [1, 2], fill: grey, cellWidth: 3, raster: true } as const
    expect(() => heatmap({ ...base, gap: 1 })).toThrow(RangeError)
    expect(() => heatmap({ ...base, label: String })).toThrow(RangeError)
    expect(() => heatmap({ ...base, tooltip: () => 'x' })).toThrow(RangeError)
  })
})
