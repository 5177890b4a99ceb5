import { describe, expect, it } from 'vitest'
import { curvesFigure, percent } from '../../../src/plot/figures/curves.ts'
import { byClass, byName, textOf, type XmlElement } from '../../helpers/xml.ts'
import { readNumber } from '../fixtures.ts'
import { parseFigure } from '../svgChecks.ts'

// Ten epochs as an older model file records them: no test loss.
const epochs = Array.from({ length: 10 }, (_, i) => ({
  epoch: i + 1,
  trainLoss: 0.9 * Math.exp(-i / 3) + 0.05,
  trainAccuracy: 0.99 - 0.2 * Math.exp(-i / 2),
  testAccuracy: 0.98 - 0.2 * Math.exp(-i / 2),
}))
// The same with a test loss: below the training loss at first, above it later.
const withTestLoss = epochs.map((e, i) => ({ ...e, testLoss: 0.5 * Math.exp(-i / 3) + 0.12 }))
const untrained = { loss: 2.3405, accuracy: 0.1511, set: 'test set', classes: 10 }

// The plot area of a chart, from its axis path "M left,top V bottom H right".
const plotArea = (chart: XmlElement) => {
  const axis = byName(chart, 'path').find((p) => p.attributes.class === undefined)!.attributes.d!
  const [, left, top, bottom] = /^M([\d.]+),([\d.]+)V([\d.]+)H/.exec(axis)!.map(Number)
  return { left: left!, top: top!, bottom: bottom! }
}
// The y of every filled dot of a colour in a chart (the legend's small dots have r 2.5).
const dotYs = (chart: XmlElement, colour: string): readonly number[] =>
  byName(chart, 'circle')
    .filter((c) => c.attributes.r === '3' && c.attributes.fill === colour)
    .map((c) => Number(c.attributes.cy))
// The y axis labels of a chart: the texts anchored at the end, left of the axis.
const yTickLabels = (chart: XmlElement): readonly XmlElement[] =>
  byName(chart, 'text').filter((t) => t.attributes['text-anchor'] === 'end' && Number(t.attributes.x) < plotArea(chart).left)
const TRAIN = '#1f77b4'
const TEST = '#ff7f0e'

describe('curvesFigure', () => {
  const svg = curvesFigure({ title: 'Training curves', epochs: withTestLoss })
  const root = parseFigure(svg, 'Training curves')
  const texts = byName(root, 'text').map(textOf)

  it('draws the training and test loss and both accuracies as lines, with a dot per epoch', () => {
    expect(byClass(root, 'line-chart')).toHaveLength(2)
    expect(byName(root, 'polyline')).toHaveLength(4)
    expect(byName(root, 'circle').length).toBeGreaterThanOrEqual(40)
  })

  it('labels axes and legends, and shows accuracy in percent', () => {
    expect(texts).toEqual(expect.arrayContaining(['epoch', 'loss (log scale)', 'accuracy', 'train', 'test', 'train loss', 'test loss', '100%']))
    expect(texts).toContain('After epoch 10: train loss 0.0948, test loss 0.1449, train accuracy 98.78%, test accuracy 97.78%.')
    expect(texts).toContain('The training loss is averaged over each epoch while the weights were still changing; the test loss is measured after it.')
  })

  it('draws the loss on a log axis: ticks at m × 10^k for a whole m (1, 2, 3, 5 …), placed by their logarithm', () => {
    const [loss] = byClass(root, 'line-chart')
    const ticks = yTickLabels(loss!)
    const values = ticks.map((t) => readNumber(textOf(t)))
    expect(values.length).toBeGreaterThanOrEqual(3)
    for (const v of values) {
      const mantissa = v / 10 ** Math.floor(Math.log10(v) + 1e-12)
      expect(Math.abs(mantissa - Math.round(mantissa))).toBeLessThan(1e-9)
    }
    // Tick positions are linear in log(value): equal ratios, equal distances.
    const ys = ticks.map((t) => Number(t.attributes.y))
    const perLog = (ys[0]! - ys[ys.length - 1]!) / Math.log(values[values.length - 1]! / values[0]!)
    ticks.forEach((_, i) => expect(ys[0]! - ys[i]!).toBeCloseTo(perLog * Math.log(values[i]! / values[0]!), 0))
  })

  it('gives the trained epochs most of the loss axis when there is no untrained point', () => {
    const [loss] = byClass(root, 'line-chart')
    const { top, bottom } = plotArea(loss!)
    const ys = [...dotYs(loss!, TRAIN), ...dotYs(loss!, TEST)]
    expect((Math.max(...ys) - Math.min(...ys)) / (bottom - top)).toBeGreaterThan(0.6)
  })

  it('handles a single epoch with dots, and no epochs at all', () => {
    const one = parseFigure(curvesFigure({ title: 'one', epochs: withTestLoss.slice(0, 1) }))
    expect(byName(one, 'polyline')).toHaveLength(0)
    expect(byName(one, 'circle').length).toBeGreaterThanOrEqual(4)
    expect(byName(one, 'text').map(textOf)).toEqual(expect.arrayContaining(['0', '1', '2']))
    parseFigure(curvesFigure({ title: 'none', epochs: [] }))
  })

  it('survives a diverged run', () => {
    parseFigure(
      curvesFigure({
        title: 'nan',
        epochs: [
          { epoch: 1, trainLoss: Number.NaN, testLoss: Number.NaN, trainAccuracy: 0.1, testAccuracy: 0.1 },
          { epoch: 2, trainLoss: Infinity, testLoss: 0, trainAccuracy: 0.1, testAccuracy: 0.1 },
        ],
        untrained,
      }),
    )
  })

  it('formats percentages with the decimals the tick step needs', () => {
    expect(percent(0.975, 3)).toBe('97.5%')
    expect(percent(0.9, 1)).toBe('90%')
  })

  it('is deterministic', () => {
    expect(curvesFigure({ title: 'Training curves', epochs: withTestLoss })).toBe(svg)
  })
})

describe('curvesFigure: epochs without a test loss, as older model files have them', () => {
  const root = parseFigure(curvesFigure({ title: 'old', epochs }))
  const texts = byName(root, 'text').map(textOf)

  it('draws only the training loss, and says why', () => {
    expect(byName(root, 'polyline')).toHaveLength(3)
    expect(texts).not.toContain('test loss')
    expect(texts).toContain('These epochs have no test loss (model files written before it was recorded): only the training loss is drawn.')
    expect(texts).toContain('After epoch 10: train loss 0.0948, train accuracy 98.78%, test accuracy 97.78%.')
  })

  it('draws the test loss of the epochs that have one when only some do', () => {
    const mixed = [...epochs.slice(0, 5), ...withTestLoss.slice(5)]
    const chart = byClass(parseFigure(curvesFigure({ title: 'mixed', epochs: mixed })), 'line-chart')[0]!
    expect(dotYs(chart, TEST)).toHaveLength(5)
  })

  it('matches the snapshot', async () => {
    await expect(curvesFigure({ title: 'Three epochs', epochs: epochs.slice(0, 3) })).toMatchFileSnapshot('../__snapshots__/curves-3-epochs.svg')
  })
})

describe('curvesFigure: the untrained point, epoch 0', () => {
  const svg = curvesFigure({ title: 'Training curves', epochs: withTestLoss, untrained })
  const root = parseFigure(svg, 'Training curves')
  const texts = byName(root, 'text').map(textOf)
  const charts = byClass(root, 'line-chart')
  // The ring of the untrained series: a white circle with a coloured edge.
  const rings = (chart: XmlElement) => byName(chart, 'circle').filter((c) => c.attributes.fill === '#ffffff' && c.attributes.r === '4')

  it('adds a zoomed loss panel: log loss, zoomed loss, accuracy', () => {
    expect(charts).toHaveLength(3)
    expect(texts).toEqual(expect.arrayContaining(['Loss (mean cross-entropy)', 'Loss, zoomed in on epochs ≥ 1', 'Accuracy']))
    expect(byName(root, 'polyline')).toHaveLength(6)
  })

  it('names it, with the set it was measured on, in every legend, and compares it with chance', () => {
    expect(texts.filter((t) => t === 'untrained (epoch 0, test set)')).toHaveLength(3)
    expect(texts).toContain(
      'Before training (epoch 0, test set): loss 2.3405, accuracy 15.11%; guessing uniformly among 10 classes gives loss ln 10 = 2.3026 and accuracy 10.00%.',
    )
  })

  it('draws its loss as a ring at epoch 0 on the log axis, placed by its logarithm', () => {
    const [loss] = charts
    expect(rings(loss!)).toHaveLength(1)
    const ring = rings(loss!)[0]!
    const { left, top, bottom } = plotArea(loss!)
    expect(Number(ring.attributes.cx)).toBeCloseTo(left)
    // The losses run from 0.0948 to 2.3405: the log axis from 0.08 to 2.5.
    expect(Number(ring.attributes.cy)).toBeCloseTo(top + (bottom - top) * (1 - Math.log(2.3405 / 0.08) / Math.log(2.5 / 0.08)), 1)
  })

  it('zooms the second panel in on the trained epochs, which fill most of its height, with epoch 0 an arrowhead on the top edge', () => {
    const [, zoomed] = charts
    const { top, bottom } = plotArea(zoomed!)
    const ys = [...dotYs(zoomed!, TRAIN), ...dotYs(zoomed!, TEST)]
    expect(ys).toHaveLength(20)
    expect((Math.max(...ys) - Math.min(...ys)) / (bottom - top)).toBeGreaterThan(0.6)
    expect(byClass(zoomed!, 'off-scale')).toHaveLength(1)
    expect(byName(zoomed!, 'text').map(textOf)).toContain('2.34')
  })

  it('keeps the accuracy axis on the trained epochs, and marks the far lower untrained accuracy on its bottom edge', () => {
    const accuracy = charts[2]!
    const ticks = byName(accuracy, 'text').map(textOf)
    expect(ticks).not.toContain('10%')
    expect(byClass(accuracy, 'off-scale')).toHaveLength(1)
    expect(ticks).toContain('15.1%')
  })

  it('draws the accuracy in place when it lies on the axis', () => {
    const close = parseFigure(curvesFigure({ title: 't', epochs, untrained: { ...untrained, accuracy: 0.9 } }))
    const accuracy = byClass(close, 'line-chart')[2]!
    expect(byClass(accuracy, 'off-scale')).toHaveLength(0)
    expect(rings(accuracy)).toHaveLength(1)
  })

  it('is left out when not given, and so is the zoomed panel', () => {
    const plain = parseFigure(curvesFigure({ title: 't', epochs }))
    expect(byName(plain, 'text').map(textOf).some((t) => t.startsWith('untrained') || t.startsWith('Before training'))).toBe(false)
    expect(byClass(plain, 'line-chart')).toHaveLength(2)
  })

  it('matches the snapshot', async () => {
    await expect(curvesFigure({ title: 'Three epochs and the start', epochs: withTestLoss.slice(0, 3), untrained })).toMatchFileSnapshot(
      '../__snapshots__/curves-untrained.svg',
    )
  })
})
