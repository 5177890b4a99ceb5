import { describe, expect, it } from 'vitest'
import { weightsFigure } from '../../../src/plot/figures/weights.ts'
import { coolwarm, NEUTRAL } from '../../../src/plot/palette.ts'
import { byClass, byName, textOf } from '../../helpers/xml.ts'
import { DIGITS, hashedTensor, tensorOf } from '../fixtures.ts'
import { cellsIn, colorbarLabels, parseFigure } from '../svgChecks.ts'

describe('weightsFigure: the original 10 × 169 dense layer', () => {
  const weights = hashedTensor([10, 169], 0.3)
  const input = { title: 'Dense weights', classNames: DIGITS, layers: [{ name: 'dense10', weights, inShape: [1, 13, 13] }] }
  const root = parseFigure(weightsFigure(input), 'Dense weights')

  it('draws the raw matrix, one cell per weight', () => {
    expect(cellsIn(root, 'matrix')).toHaveLength(1690)
  })

  it('draws one 13×13 template per class, captioned with its name', () => {
    expect(byClass(root, 'template')).toHaveLength(10)
    expect(cellsIn(root, 'template')).toHaveLength(1690)
    const captions = byName(root, 'text').map(textOf)
    for (const name of DIGITS) expect(captions).toContain(name)
  })

  it('folds row o back to (C, H, W): template o, pixel (h, w) is weights[o, h·13 + w]', () => {
    const template3 = byName(byClass(root, 'template')[3] ?? root, 'rect').filter((r) => r.attributes.class === 'cell')
    const matrixRow3 = cellsIn(root, 'matrix').slice(3 * 169, 4 * 169)
    expect(template3.map((r) => r.attributes.fill)).toEqual(matrixRow3.map((r) => r.attributes.fill))
  })

  it('uses one symmetric scale for the templates, the matrix and the colour bar', () => {
    const s = Math.max(...Array.from(weights.data, Math.abs))
    const labels = colorbarLabels(byClass(root, 'colorbar')[0] ?? root)
    expect(labels[0]).toBe(`−${s.toFixed(2)}`)
    expect(labels[labels.length - 1]).toBe(`+${s.toFixed(2)}`)
  })

  it('is deterministic', () => {
    expect(weightsFigure(input)).toBe(weightsFigure(input))
  })
})

describe('weightsFigure: other layers', () => {
  it('draws only the raw matrix for a hidden layer, and templates for the last one', () => {
    const input = {
      title: 'two dense layers',
      classNames: DIGITS,
      layers: [
        { name: 'dense12', weights: hashedTensor([12, 2 * 3 * 3]), inShape: [2, 3, 3] },
        { name: 'dense10', weights: hashedTensor([10, 12]), inShape: [12] },
      ],
    }
    const root = parseFigure(weightsFigure(input))
    expect(byClass(root, 'template')).toHaveLength(0)
    expect(cellsIn(root, 'matrix')).toHaveLength(12 * 18 + 10 * 12)
  })

  it('draws templates per input channel when C > 1', () => {
    const input = { title: 't', classNames: ['a', 'b', 'c'], layers: [{ name: 'dense3', weights: hashedTensor([3, 2 * 4 * 4]), inShape: [2, 4, 4] }] }
    const root = parseFigure(weightsFigure(input))
    expect(byClass(root, 'template')).toHaveLength(6)
    expect(cellsIn(root, 'template')).toHaveLength(3 * 2 * 16)
    expect(byName(root, 'text').map(textOf)).toEqual(expect.arrayContaining(['a', 'b', 'c', 'c0', 'c1']))
  })

  it('averages neighbouring columns of a matrix wider than the page', () => {
    const input = { title: 't', classNames: DIGITS, layers: [{ name: 'dense4', weights: hashedTensor([4, 2000]), inShape: [2000] }] }
    const root = parseFigure(weightsFigure(input))
    expect(cellsIn(root, 'matrix')).toHaveLength(4 * 667)
    expect(byName(root, 'text').map(textOf).some((t) => t.includes('mean of 3 neighbouring inputs'))).toBe(true)
  })

  it('matches the snapshot for a tiny last layer', async () => {
    const weights = tensorOf([2, 4], [0.5, -0.5, 0, 0.25, -1, 1, 0.1, 0])
    const svg = weightsFigure({ title: 'Tiny <dense> & "weights"', classNames: ['yes', 'no'], layers: [{ name: 'dense2', weights, inShape: [1, 2, 2] }] })
    const root = parseFigure(svg, 'Tiny <dense> & "weights"')
    expect(cellsIn(root, 'matrix').map((c) => c.attributes.fill).slice(4, 6)).toEqual([coolwarm(0), coolwarm(1)])
    expect(cellsIn(root, 'matrix')[2]?.attributes.fill).toBe(NEUTRAL)
    await expect(svg).toMatchFileSnapshot('../__snapshots__/weights-tiny.svg')
  })
})
