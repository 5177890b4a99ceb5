import { describe, expect, it } from 'vitest'
import { misclassifiedCaption, misclassifiedFigure } from '../../../src/plot/figures/misclassified.ts'
import { byClass, byName, textOf } from '../../helpers/xml.ts'
import { DIGITS, ringImage } from '../fixtures.ts'
import { cellsIn, parseFigure } from '../svgChecks.ts'

const bytes = ringImage()
const floats = Float32Array.from(bytes, (v) => v / 255)
const item = (i: number) => ({ index: 100 + i, image: i % 2 === 0 ? bytes : floats, rows: 28, cols: 28, label: 7, predicted: 1, probability: 0.981 })

describe('misclassifiedFigure', () => {
  const input = { title: 'Misclassified', classNames: DIGITS, items: Array.from({ length: 12 }, (_, i) => item(i)) }
  const svg = misclassifiedFigure(input)
  const root = parseFigure(svg, 'Misclassified')

  it('draws every image with a "true → predicted (p)" caption', () => {
    expect(byClass(root, 'digit')).toHaveLength(12)
    const texts = byName(root, 'text').map(textOf)
    expect(texts.filter((t) => t === '7 → 1 (0.98)')).toHaveLength(12)
    expect(texts).toContain('index 111')
  })

  it('draws bytes 0–255 and floats 0–1 alike', () => {
    const first = byName(byClass(root, 'digit')[0] ?? root, 'rect').map((r) => r.attributes.fill)
    const second = byName(byClass(root, 'digit')[1] ?? root, 'rect').map((r) => r.attributes.fill)
    expect(second).toEqual(first)
    expect(cellsIn(root, 'digit').length).toBe(12 * bytes.filter((v) => v > 0).length)
  })

  it('writes captions with class names', () => {
    expect(misclassifiedCaption(DIGITS, 7, 1, 0.981)).toBe('7 → 1 (0.98)')
    expect(misclassifiedCaption(['T-shirt', 'Shirt'], 1, 0, 0.5)).toBe('Shirt → T-shirt (0.50)')
  })

  it('escapes class names, and handles an empty list', () => {
    const r = parseFigure(misclassifiedFigure({ title: 't', classNames: ['<a>', 'b & "c"'], items: [{ ...item(0), label: 0, predicted: 1 }] }))
    expect(byName(r, 'text').map(textOf)).toContain('<a> → b & "c" (0.98)')
    parseFigure(misclassifiedFigure({ title: 'none', classNames: DIGITS, items: [] }))
  })

  it('refuses an image whose size does not match rows × cols', () => {
    expect(() => misclassifiedFigure({ title: 't', classNames: DIGITS, items: [{ ...item(0), rows: 27 }] })).toThrow(RangeError)
  })

  it('is deterministic, and matches the snapshot', async () => {
    expect(misclassifiedFigure(input)).toBe(svg)
    const tiny = misclassifiedFigure({
      title: 'Two tiny mistakes',
      classNames: DIGITS,
      items: [
        { index: 3, image: Uint8Array.from([0, 255, 0, 128]), rows: 2, cols: 2, label: 1, predicted: 7, probability: 0.5 },
        { index: 8, image: Float32Array.from([1, 0, 0, 1]), rows: 2, cols: 2, label: 4, predicted: 9, probability: 0.875 },
      ],
    })
    await expect(tiny).toMatchFileSnapshot('../__snapshots__/misclassified-tiny.svg')
  })
})
