import { describe, expect, it } from 'vitest'
import { confusionFigure, logPosition } from '../../../src/plot/figures/confusion.ts'
import { blues } from '../../../src/plot/palette.ts'
import { byClass, byName, textOf } from '../../helpers/xml.ts'
import { cellsIn, parseFigure } from '../svgChecks.ts'

// Three classes: rows are true classes, columns predictions.
const counts = Int32Array.from([50, 2, 0, 1, 40, 9, 0, 0, 30])
const names = ['cat', 'dog', 'bird']

describe('confusionFigure', () => {
  const svg = confusionFigure({ title: 'Confusion', counts, classNames: names })
  const root = parseFigure(svg, 'Confusion')
  const texts = byName(root, 'text').map(textOf)

  it('draws one cell per count, with the count printed in it', () => {
    const cells = cellsIn(root, 'confusion')
    expect(cells).toHaveLength(9)
    expect(byName(byClass(root, 'confusion')[0] ?? root, 'text').map(textOf)).toEqual(Array.from(counts, String))
  })

  it('colours on a log scale, so that a single error is visible', () => {
    const fills = cellsIn(root, 'confusion').map((c) => c.attributes.fill)
    expect(fills[0]).toBe(blues(1))
    expect(fills[2]).toBe(blues(0))
    expect(fills[3]).toBe(blues(logPosition(1, 50)))
    expect(logPosition(1, 50)).toBeGreaterThan(0.15)
  })

  it('labels rows "true" and columns "predicted", and gives recall per row', () => {
    expect(texts).toEqual(expect.arrayContaining(['true', 'predicted', 'recall', 'cat', 'dog', 'bird']))
    expect(texts).toEqual(expect.arrayContaining(['96.2%', '80.0%', '100.0%']))
    expect(texts.some((t) => t.startsWith('Accuracy 90.91%: 120 of 132'))).toBe(true)
  })

  it('escapes class names', () => {
    const weird = ['<a>', 'b & c', '"d"']
    const r = parseFigure(confusionFigure({ title: 'x', counts, classNames: weird }))
    expect(byName(r, 'text').map(textOf)).toEqual(expect.arrayContaining(weird))
  })

  it('refuses counts of the wrong size', () => {
    expect(() => confusionFigure({ title: 'x', counts, classNames: ['a', 'b'] })).toThrow(RangeError)
  })

  it('is deterministic, and matches the snapshot', async () => {
    expect(confusionFigure({ title: 'Confusion', counts, classNames: names })).toBe(svg)
    await expect(svg).toMatchFileSnapshot('../__snapshots__/confusion-3-classes.svg')
  })
})
