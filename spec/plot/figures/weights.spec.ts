import { describe, expect, it } from 'vitest'
import {
  centredWeights,
  MOST_MATRIX_CELLS,
  ROBUST_QUANTILE,
  templateScale,
  weightedBySpread,
  weightsFigure,
} from '../../../src/plot/figures/weights.ts'
import { coolwarm, diverging, NEUTRAL, parseHex } from '../../../src/plot/palette.ts'
import { readPngUri } from '../../helpers/png.ts'
import { byClass, byName, textOf, type XmlElement } from '../../helpers/xml.ts'
import { DIGITS, hashedTensor, readNumber, tensorOf } from '../fixtures.ts'
import { cellsIn, colorbarLabels, parseFigure } from '../svgChecks.ts'

// The 95th percentile of |v| as the figure takes it: the ⌈0.95·n⌉-th smallest.
const percentile95 = (values: readonly number[]): number => {
  const sizes = values.map(Math.abs).sort((a, b) => a - b)
  return sizes[Math.ceil(ROBUST_QUANTILE * sizes.length) - 1] ?? 0
}

// The tooltip of a cell, and the value it ends with: "…: 0.1234 (c0, h1, w2)" → 0.1234.
const tipOf = (cell: XmlElement): string => textOf(byName(cell, 'title')[0] ?? cell)
const drawnValue = (cell: XmlElement): number => readNumber(/ = (\S+) \(c\d+, h\d+, w\d+\)$/.exec(tipOf(cell))?.[1] ?? 'NaN')

describe('weightsFigure: the original 10 × 169 dense layer', () => {
  const weights = hashedTensor([10, 169], 0.3)
  const input = { title: 'Dense weights', classNames: DIGITS, layers: [{ name: 'dense10', weights, inShape: [1, 13, 13] }] }
  const root = parseFigure(weightsFigure(input), 'Dense weights')
  const centred = Array.from(centredWeights(weights))

  it('draws one 13×13 template per class, captioned with its name, and no raw matrix', () => {
    expect(byClass(root, 'template')).toHaveLength(10)
    expect(cellsIn(root, 'template')).toHaveLength(1690)
    expect(byClass(root, 'matrix')).toHaveLength(0)
    const captions = byName(root, 'text').map(textOf)
    for (const name of DIGITS) expect(captions).toContain(name)
  })

  it('folds row o back to (C, H, W): template o, pixel (h, w) is weights[o, h·13 + w]', () => {
    const template3 = cellsIn(byClass(root, 'template')[3] ?? root, 'template')
    expect(template3).toHaveLength(169)
    template3.forEach((cell, i) => {
      const tip = tipOf(cell)
      expect(tip.startsWith(`3: w[3, ${i}] `)).toBe(true)
      expect(tip.endsWith(`(c0, h${Math.floor(i / 13)}, w${i % 13})`)).toBe(true)
    })
  })

  it('draws each weight minus its input\'s mean over the classes: what is drawn sums to 0 over the classes', () => {
    const drawn = byClass(root, 'template').map((t) => cellsIn(t, 'template').map(drawnValue))
    for (let f = 0; f < 169; f++) {
      const column = drawn.map((template) => template[f]!)
      // Each value printed to 4 decimals: 10 roundings of at most 0.00005.
      expect(Math.abs(column.reduce((a, b) => a + b, 0))).toBeLessThan(10 * 0.00005 + 1e-9)
      let mean = 0
      for (let o = 0; o < 10; o++) mean += weights.data[o * 169 + f]! / 10
      column.forEach((v, o) => expect(v).toBeCloseTo(weights.data[o * 169 + f]! - mean, 4))
    }
  })

  it('colours all templates on ONE symmetric scale: the 95th percentile of all |w − mean|, on a single colour bar', () => {
    const s = percentile95(centred)
    expect(templateScale(centred)).toBe(s)
    const bars = byClass(root, 'colorbar')
    expect(bars).toHaveLength(1)
    const labels = colorbarLabels(bars[0]!)
    expect(labels[0]).toBe(`−${s.toFixed(2)}`)
    expect(labels[labels.length - 1]).toBe(`+${s.toFixed(2)}`)
    expect(cellsIn(root, 'template').map((c) => c.attributes.fill)).toEqual(centred.map((v) => diverging(v, s)))
    expect(byName(root, 'text').map(textOf).some((t) => t.includes(`One scale for all: ±${s.toFixed(2)}, the 95th percentile`))).toBe(true)
  })

  it('says in its caption why the mean may go: softmax ignores a shift shared by all scores', () => {
    const texts = byName(root, 'text').map(textOf).join(' ')
    expect(texts).toContain('softmax(z + c) = softmax(z)')
    expect(texts).toContain('sums to 0 over the classes')
  })

  it('draws the same picture when a constant per input is added to every class\'s weights', () => {
    // The softmax cannot tell these weights apart, and neither can the picture.
    const shifted = { shape: weights.shape, data: Float32Array.from(weights.data, (w, i) => w + 0.5 * Math.cos(i % 169)) }
    const again = parseFigure(weightsFigure({ ...input, layers: [{ name: 'dense10', weights: shifted, inShape: [1, 13, 13] }] }))
    const fills = (r: XmlElement) => cellsIn(r, 'template').map((c) => c.attributes.fill)
    expect(fills(again)).toEqual(fills(root))
  })

  it('is deterministic', () => {
    expect(weightsFigure(input)).toBe(weightsFigure(input))
  })
})

describe('centredWeights', () => {
  it('subtracts from each input its mean over the outputs', () => {
    expect(Array.from(centredWeights(tensorOf([2, 2], [1, 5, 3, 1])))).toEqual([-1, 2, 1, -2])
  })
})

describe('weightsFigure: a few huge weights, as Adam grows them at rarely active inputs', () => {
  // Weights within ±0.3, but 4 border weights of every template at ±9 (the sign alternates
  // over the classes, so that they stay huge after the mean is taken away).
  const border = [0, 12, 156, 168]
  const data = Float32Array.from({ length: 1690 }, (_, i) => (border.includes(i % 169) ? (i % 2 === 0 ? 9 : -9) : 0.3 * Math.sin(i * 12.9898)))
  const weights = { shape: [10, 169], data }
  const root = parseFigure(weightsFigure({ title: 'outliers', classNames: DIGITS, layers: [{ name: 'dense10', weights, inShape: [1, 13, 13] }] }))
  const centred = centredWeights(weights)
  const s = templateScale(centred)

  it('sets the one scale by the many ordinary weights, not by the few huge ones', () => {
    expect(s).toBeLessThanOrEqual(0.6)
    expect(colorbarLabels(byClass(root, 'colorbar')[0] ?? root).at(-1)).toBe(`+${s.toFixed(2)}`)
    // The heading still says how big the largest weight is.
    expect(byName(root, 'text').map(textOf).some((t) => t.endsWith('largest |w| 9.00'))).toBe(true)
  })

  it('draws the huge weights saturated, at full blue or red, and ordinary ones clearly coloured', () => {
    const template0 = cellsIn(byClass(root, 'template')[0] ?? root, 'template')
    expect(border.map((i) => template0[i]?.attributes.fill)).toEqual(border.map((i) => (centred[i]! > 0 ? coolwarm(1) : coolwarm(0))))
    const half = Array.from(centred.subarray(0, 169)).findIndex((v) => Math.abs(v) > s / 2 && Math.abs(v) < s)
    expect(template0[half]?.attributes.fill).toBe(diverging(centred[half]!, s))
    expect(template0[half]?.attributes.fill).not.toBe(diverging(centred[half]!, 9))
  })
})

describe('weightsFigure: the templates times how much each input varies', () => {
  const weights = hashedTensor([10, 169], 0.3)
  // A spread that is 0 on the border of the 13×13 grid and grows towards the middle.
  const spread = Float64Array.from({ length: 169 }, (_, f) => {
    const [h, w] = [Math.floor(f / 13), f % 13]
    return Math.min(h, w, 12 - h, 12 - w) / 6
  })
  const layer = { name: 'dense10', weights, inShape: [1, 13, 13], inputSpread: { values: spread, over: 'the 14,000 test images' } }
  const svg = weightsFigure({ title: 'spread', classNames: DIGITS, layers: [layer] })
  const root = parseFigure(svg)
  const weighted = Array.from(weightedBySpread(centredWeights(weights), spread))

  // The colours of each template of the second panel, drawn as one image each.
  const spreadColours = (r: XmlElement): string[][] =>
    byClass(r, 'template-spread').map((t) => {
      const { width, height, rgb } = readPngUri(byName(t, 'image')[0]?.attributes.href ?? '')
      expect([width, height]).toEqual([13, 13])
      return Array.from({ length: 169 }, (_, i) => `#${Array.from(rgb.subarray(3 * i, 3 * i + 3), (c) => c.toString(16).padStart(2, '0')).join('')}`)
    })
  const colours = spreadColours(root)

  it('adds a second panel of templates: each centred weight times its input\'s spread, on a scale and colour bar of its own', () => {
    expect(byClass(root, 'template')).toHaveLength(10)
    expect(colours).toHaveLength(10)
    const s = percentile95(weighted)
    expect(templateScale(weighted)).toBe(s)
    const bars = byClass(root, 'colorbar')
    expect(bars).toHaveLength(2)
    expect(colorbarLabels(bars[0]!).at(-1)).toBe(`+${percentile95(Array.from(centredWeights(weights))).toFixed(2)}`)
    expect(colorbarLabels(bars[1]!).at(-1)).toBe(`+${s.toFixed(2)}`)
    expect(colours.flat()).toEqual(weighted.map((v) => diverging(v, s)))
    const texts = byName(root, 'text').map(textOf).join(' ')
    expect(texts).toContain('δ = mean |x − x̄|, how much its input varies over the 14,000 test images')
    expect(texts).toContain(`One scale for all: ±${s.toFixed(2)}, the 95th percentile of all the drawn values`)
  })

  it('multiplies, input by input: w̃[o, f]·δ_f', () => {
    expect(Array.from(weightedBySpread([-1, 2, 1, -2], [0.5, 0]))).toEqual([-0.5, 0, 0.5, -0])
  })

  it('sums to 0 over the classes at each input, and draws inputs that never vary (δ = 0) grey', () => {
    for (let f = 0; f < 169; f++) {
      let sum = 0
      for (let o = 0; o < 10; o++) sum += weighted[o * 169 + f]!
      expect(Math.abs(sum)).toBeLessThan(1e-12)
    }
    const border = Array.from({ length: 169 }, (_, f) => f).filter((f) => spread[f] === 0)
    expect(border).toHaveLength(48)
    for (const template of colours) for (const f of border) expect(template[f]).toBe(NEUTRAL)
  })

  it('draws the same second panel when a constant per input is added to every class\'s weights', () => {
    const shifted = { shape: weights.shape, data: Float32Array.from(weights.data, (w, i) => w + 0.5 * Math.cos(i % 169)) }
    const again = parseFigure(weightsFigure({ title: 'spread', classNames: DIGITS, layers: [{ ...layer, weights: shifted }] }))
    expect(spreadColours(again)).toEqual(colours)
  })

  it('draws the second panel as images without tooltips: the file stays small', () => {
    expect(byName(byClass(root, 'template-spread')[0] ?? root, 'title')).toHaveLength(0)
    expect(svg.length).toBeLessThan(2 * weightsFigure({ title: 'spread', classNames: DIGITS, layers: [{ name: 'dense10', weights, inShape: [1, 13, 13] }] }).length)
  })

  it('refuses a spread of the wrong length', () => {
    const wrong = { ...layer, inputSpread: { values: new Float64Array(168), over: 'x' } }
    expect(() => weightsFigure({ title: 't', classNames: DIGITS, layers: [wrong] })).toThrow(RangeError)
  })
})

describe('weightsFigure: other layers', () => {
  it('draws the raw matrix of a hidden layer, and of a last layer whose input is not an image', () => {
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

  it('colours a hidden layer\'s matrix on one robust scale for the layer: the 95th percentile of all its |w|', () => {
    const weights = hashedTensor([12, 169], 0.3)
    const input = {
      title: 'hidden',
      classNames: DIGITS,
      layers: [
        { name: 'dense12', weights, inShape: [1, 13, 13] },
        { name: 'dense10', weights: hashedTensor([10, 12]), inShape: [12] },
      ],
    }
    const root = parseFigure(weightsFigure(input))
    const s = percentile95(Array.from(weights.data))
    expect(colorbarLabels(byClass(root, 'colorbar')[0] ?? root).at(-1)).toBe(`+${s.toFixed(2)}`)
    expect(cellsIn(root, 'matrix').slice(0, 12 * 169).map((c) => c.attributes.fill)).toEqual(Array.from(weights.data, (v) => diverging(v, s)))
  })

  it('draws templates per input channel when C > 1, all on one scale, the mean taken per channel and place', () => {
    const weights = hashedTensor([3, 2 * 4 * 4])
    const input = { title: 't', classNames: ['a', 'b', 'c'], layers: [{ name: 'dense3', weights, inShape: [2, 4, 4] }] }
    const root = parseFigure(weightsFigure(input))
    expect(byClass(root, 'template')).toHaveLength(6)
    expect(cellsIn(root, 'template')).toHaveLength(3 * 2 * 16)
    expect(byClass(root, 'colorbar')).toHaveLength(1)
    const texts = byName(root, 'text').map(textOf)
    expect(texts).toEqual(expect.arrayContaining(['a', 'b', 'c', 'c0', 'c1']))
    // The table's rows are channels: class o's channel c is the cells of its input c·16 … c·16 + 15.
    const centred = centredWeights(weights)
    const s = templateScale(centred)
    const tiles = byClass(root, 'template')
    // Rows of the table first (c0: a, b, c; then c1: a, b, c).
    tiles.forEach((tile, k) => {
      const [c, o] = [Math.floor(k / 3), k % 3]
      const expected = Array.from(centred.subarray(o * 32 + c * 16, o * 32 + c * 16 + 16), (v) => diverging(v, s))
      expect(cellsIn(tile, 'template').map((cell) => cell.attributes.fill)).toEqual(expected)
    })
  })

  it('averages neighbouring columns of a matrix wider than the page', () => {
    const input = { title: 't', classNames: DIGITS, layers: [{ name: 'dense4', weights: hashedTensor([4, 2000]), inShape: [2000] }] }
    const root = parseFigure(weightsFigure(input))
    expect(cellsIn(root, 'matrix')).toHaveLength(4 * 667)
    expect(byName(root, 'text').map(textOf).some((t) => t.includes('mean of 3 neighbouring inputs'))).toBe(true)
  })

  it('matches the snapshot for a tiny last layer', async () => {
    const weights = tensorOf([2, 4], [0.5, -0.5, 0, 0.25, -1, 1, 0.1, 0])
    const inputSpread = { values: [1, 0.5, 0, 0.25], over: 'four images' }
    const svg = weightsFigure({ title: 'Tiny <dense> & "weights"', classNames: ['yes', 'no'], layers: [{ name: 'dense2', weights, inShape: [1, 2, 2], inputSpread }] })
    const root = parseFigure(svg, 'Tiny <dense> & "weights"')
    // Centred: [0.75, −0.75, −0.05, 0.125] and its negative; the scale is 0.75.
    expect(cellsIn(root, 'template').map((c) => c.attributes.fill).slice(0, 2)).toEqual([coolwarm(1), coolwarm(0)])
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
