import { describe, expect, it } from 'vitest'
import { curvesFigure, percent } from '../../../src/plot/figures/curves.ts'
import { byName, textOf } from '../../helpers/xml.ts'
import { parseFigure } from '../svgChecks.ts'

const epochs = Array.from({ length: 10 }, (_, i) => ({
  epoch: i + 1,
  trainLoss: 0.9 * Math.exp(-i / 3) + 0.05,
  trainAccuracy: 0.99 - 0.2 * Math.exp(-i / 2),
  testAccuracy: 0.98 - 0.2 * Math.exp(-i / 2),
}))

describe('curvesFigure', () => {
  const svg = curvesFigure({ title: 'Training curves', epochs })
  const root = parseFigure(svg, 'Training curves')
  const texts = byName(root, 'text').map(textOf)

  it('draws the loss and both accuracies as lines, with a dot per epoch', () => {
    expect(byName(root, 'polyline')).toHaveLength(3)
    expect(byName(root, 'circle').length).toBeGreaterThanOrEqual(30)
  })

  it('labels axes and legends, and shows accuracy in percent', () => {
    expect(texts).toEqual(expect.arrayContaining(['epoch', 'loss', 'accuracy', 'train', 'test', 'train loss', '100%']))
    expect(texts).toContain('After epoch 10: loss 0.0948, train accuracy 98.78%, test accuracy 97.78%.')
  })

  it('handles a single epoch with dots, and no epochs at all', () => {
    const one = parseFigure(curvesFigure({ title: 'one', epochs: epochs.slice(0, 1) }))
    expect(byName(one, 'polyline')).toHaveLength(0)
    expect(byName(one, 'circle').length).toBeGreaterThanOrEqual(3)
    expect(byName(one, 'text').map(textOf)).toEqual(expect.arrayContaining(['0', '1', '2']))
    parseFigure(curvesFigure({ title: 'none', epochs: [] }))
  })

  it('survives a diverged run', () => {
    parseFigure(curvesFigure({ title: 'nan', epochs: [{ epoch: 1, trainLoss: Number.NaN, trainAccuracy: 0.1, testAccuracy: 0.1 }, { epoch: 2, trainLoss: Infinity, trainAccuracy: 0.1, testAccuracy: 0.1 }] }))
  })

  it('formats percentages with the decimals the tick step needs', () => {
    expect(percent(0.975, 3)).toBe('97.5%')
    expect(percent(0.9, 1)).toBe('90%')
  })

  it('is deterministic, and matches the snapshot', async () => {
    expect(curvesFigure({ title: 'Training curves', epochs })).toBe(svg)
    await expect(curvesFigure({ title: 'Three epochs', epochs: epochs.slice(0, 3) })).toMatchFileSnapshot('../__snapshots__/curves-3-epochs.svg')
  })
})
