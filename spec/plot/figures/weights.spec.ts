import { describe, expect, it } from 'vitest'
import { MOST_MATRIX_CELLS, ROBUST_QUANTILE, templateScales, weightsFigure } from '../../../src/plot/figures/weights.ts'
import { coolwarm, diverging, NEUTRAL, parseHex } from '../../../src/plot/palette.ts'
import { readPngUri } from '../../helpers/png.ts'
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
    // Templates and matrix have scales of their own, so compare what the cells say they hold.
    const template3 = byName(byClass(root, 'template')[3] ?? root, 'rect').filter((r) => r.attributes.class === 'cell')
    const tips = template3.map((r) => textOf(byName(r, 'title')[0] ?? r))
    expect(tips).toHaveLength(169)
    tips.forEach((tip, i) => expect(tip.startsWith(`3: w[3, ${i}] (c0, h${Math.floor(i / 13)}, w${i % 13}) = `)).toBe(true))
    const s = templateScales(weights)[3]!
    expect(template3.map((r) => r.attributes.fill)).toEqual(Array.from(weights.data.subarray(3 * 169, 4 * 169), (v) => diverging(v, s)))
  })

  it('colours the matrix on one robust scale for the layer: the 95th percentile of all |w|, on its colour bar', () => {
    const s = percentile95(Array.from(weights.data))
    const bars = byClass(root, 'colorbar')
    const labels = colorbarLabels(bars[bars.length - 1] ?? root)
    expect(labels[0]).toBe(`−${s.toFixed(2)}`)
    expect(labels[labels.length - 1]).toBe(`+${s.toFixed(2)}`)
    expect(cellsIn(root, 'matrix').map((c) => c.attributes.fill)).toEqual(Array.from(weights.data, (v) => diverging(v, s)))
  })

  it('gives each template its own robust scale, the 95th percentile of its |w|, printed under it', () => {
    const texts = byName(root, 'text').map(textOf)
    DIGITS.forEach((_, o) => {
      const row = Array.from(weights.data.subarray(o * 169, (o + 1) * 169))
      const s = percentile95(row)
      expect(templateScales(weights)[o]).toBe(s)
      expect(texts).toContain(`±${s.toFixed(2)}`)
      const cells = cellsIn(byClass(root, 'template')[o] ?? root, 'template')
      expect(cells.map((c) => c.attributes.fill)).toEqual(row.map((v) => diverging(v, s)))
    })
    // The colour bar of the templates is in units of each template's s.
    expect(colorbarLabels(byClass(root, 'colorbar')[0] ?? root)).toEqual(['−s', '−s/2', '0', '+s/2', '+s'])
  })

  it('is deterministic', () => {
    expect(weightsFigure(input)).toBe(weightsFigure(input))
  })
})

// The 95th percentile of |v| as the figure takes it: the ⌈0.95·n⌉-th smallest.
const percentile95 = (values: readonly number[]): number => {
  const sizes = values.map(Math.abs).sort((a, b) => a - b)
  return sizes[Math.ceil(ROBUST_QUANTILE * sizes.length) - 1] ?? 0
}

describe('weightsFigure: a few huge weights, as Adam grows them at rarely active inputs', () => {
  // Weights within ±0.3, but 4 border weights of every template at ±9.
  const border = [0, 12, 156, 168]
  const data = Float32Array.from({ length: 1690 }, (_, i) => (border.includes(i % 169) ? (i % 2 === 0 ? 9 : -9) : 0.3 * Math.sin(i * 12.9898)))
  const weights = { shape: [10, 169], data }
  const root = parseFigure(weightsFigure({ title: 'outliers', classNames: DIGITS, layers: [{ name: 'dense10', weights, inShape: [1, 13, 13] }] }))

  it('sets the scales by the many ordinary weights, not by the few huge ones', () => {
    for (const s of templateScales(weights)) expect(s).toBeLessThanOrEqual(0.3)
    const bars = byClass(root, 'colorbar')
    expect(colorbarLabels(bars[bars.length - 1] ?? root).at(-1)).toBe(`+${percentile95(Array.from(data)).toFixed(2)}`)
    // The heading still says how big the largest weight is.
    expect(byName(root, 'text').map(textOf).some((t) => t.endsWith('largest |w| 9.00'))).toBe(true)
  })

  it('draws the huge weights saturated, at full blue or red, and ordinary ones clearly coloured', () => {
    const template0 = cellsIn(byClass(root, 'template')[0] ?? root, 'template')
    expect(border.map((i) => template0[i]?.attributes.fill)).toEqual(border.map((i) => (data[i]! > 0 ? coolwarm(1) : coolwarm(0))))
    // A weight of half the scale would be within 2% of grey on a ±9 scale; here it sits at a
    // quarter of the way from grey to full colour, or further.
    const s = templateScales(weights)[0]!
    const half = data.subarray(0, 169).findIndex((v) => Math.abs(v) > s / 2 && Math.abs(v) < s)
    expect(template0[half]?.attributes.fill).toBe(diverging(data[half]!, s))
    expect(Math.abs(data[half]!) / s).toBeGreaterThan(0.5)
    expect(template0[half]?.attributes.fill).not.toBe(diverging(data[half]!, 9))
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
    const texts = byName(root, 'text').map(textOf)
    expect(texts).toEqual(expect.arrayContaining(['a', 'b', 'c', 'c0', 'c1']))
    // Each class's column is headed by its name and its own scale.
    for (const s of templateScales(input.layers[0]!.weights)) expect(texts).toContain(`±${s.toFixed(2)}`)
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

describe('weightsFigure: a matrix too big for a rect per weight', () => {
  // The hidden layer of the 99% network: 128 × 784 = 100,352 weights.
  const weights = hashedTensor([128, 784], 0.1)
  const svg = weightsFigure({ title: 'big', classNames: DIGITS, layers: [{ name: 'dense128', weights, inShape: [16, 7, 7] }] })
  const root = parseFigure(svg)

  it('draws it as one image, a pixel per weight, coloured as the rects would be', () => {
    expect(128 * 784).toBeGreaterThan(MOST_MATRIX_CELLS)
    expect(cellsIn(root, 'matrix')).toHaveLength(0)
    const images = byName(byClass(root, 'matrix')[0] ?? root, 'image')
    expect(images).toHaveLength(1)
    const { width, height, rgb } = readPngUri(images[0]?.attributes.href ?? '')
    expect([width, height]).toEqual([784, 128])
    const s = percentile95(Array.from(weights.data))
    const colours = Array.from(weights.data, (v) => parseHex(diverging(v, s)))
    expect(Array.from(rgb)).toEqual(colours.flatMap(({ r, g, b }) => [r, g, b]))
    // Stretched over the block that the rects would fill, kept sharp.
    expect(images[0]?.attributes.preserveAspectRatio).toBe('none')
    expect(images[0]?.attributes.style).toBe('image-rendering:pixelated')
  })

  it('stays small: under a twelfth of the rects it replaces', () => {
    expect(svg.length).toBeLessThan(600_000)
  })
})
