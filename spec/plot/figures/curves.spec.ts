import { describe, expect, it } from 'vitest'
import { curvesFigure, percent } from '../../../src/plot/figures/curves.ts'
import { byClass, byName, textOf, type XmlElement } from '../../helpers/xml.ts'
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

describe('curvesFigure: the untrained point, epoch 0', () => {
  const untrained = { loss: 2.3405, accuracy: 0.1511, set: 'test set', classes: 10 }
  const svg = curvesFigure({ title: 'Training curves', epochs, untrained })
  const root = parseFigure(svg, 'Training curves')
  const texts = byName(root, 'text').map(textOf)
  const charts = byClass(root, 'line-chart')
  // The ring of the untrained series: a white circle with a coloured edge.
  const rings = (chart: XmlElement) => byName(chart, 'circle').filter((c) => c.attributes.fill === '#ffffff')

  it('names it, with the set it was measured on, in both legends, and compares it with chance', () => {
    expect(texts.filter((t) => t === 'untrained (epoch 0, test set)')).toHaveLength(2)
    expect(texts).toContain(
      'Before training (epoch 0, test set): loss 2.3405, accuracy 15.11%; guessing uniformly among 10 classes gives loss ln 10 = 2.3026 and accuracy 10.00%.',
    )
  })

  it('draws its loss as a ring at epoch 0, on a loss axis tall enough to hold it', () => {
    const [loss] = charts
    expect(rings(loss!)).toHaveLength(1)
    const ring = rings(loss!)[0]!
    // Epoch 0 is the left end of the x axis; 2.34 on an axis from 0 to 2.5 is near the top.
    const axis = byName(loss!, 'path')[0]!.attributes.d!
    const [, left, top, bottom] = /^M([\d.]+),([\d.]+)V([\d.]+)H/.exec(axis)!.map(Number)
    expect(Number(ring.attributes.cx)).toBeCloseTo(left!)
    expect(Number(ring.attributes.cy)).toBeCloseTo(top! + (bottom! - top!) * (1 - 2.3405 / 2.5))
    expect(byName(loss!, 'text').map(textOf)).toContain('2.5')
  })

  it('keeps the accuracy axis on the trained epochs, and marks the far lower untrained accuracy on its bottom edge', () => {
    const [, accuracy] = charts
    const ticks = byName(accuracy!, 'text').map(textOf)
    expect(ticks).not.toContain('10%')
    expect(byClass(accuracy!, 'off-scale')).toHaveLength(1)
    expect(ticks).toContain('15.1%')
  })

  it('draws the accuracy in place when it lies on the axis', () => {
    const close = parseFigure(curvesFigure({ title: 't', epochs, untrained: { ...untrained, accuracy: 0.9 } }))
    const [, accuracy] = byClass(close, 'line-chart')
    expect(byClass(accuracy!, 'off-scale')).toHaveLength(0)
    expect(rings(accuracy!)).toHaveLength(1)
  })

  it('is left out when not given', () => {
    const plain = parseFigure(curvesFigure({ title: 't', epochs }))
    expect(byName(plain, 'text').map(textOf).some((t) => t.startsWith('untrained') || t.startsWith('Before training'))).toBe(false)
  })

  it('matches the snapshot', async () => {
    await expect(curvesFigure({ title: 'Three epochs and the start', epochs: epochs.slice(0, 3), untrained })).toMatchFileSnapshot(
      '../__snapshots__/curves-untrained.svg',
    )
  })
})
