import { describe, expect, it } from 'vitest'
import { featureMapsFigure, stageScales, twoSided } from '../../../src/plot/figures/featureMaps.ts'
import { coolwarm, diverging, grey, NEUTRAL } from '../../../src/plot/palette.ts'
import { byClass, byName, textOf } from '../../helpers/xml.ts'
import { DIGITS, hashedTensor, ringImage } from '../fixtures.ts'
import { cellsIn, parseFigure } from '../svgChecks.ts'

const image = { shape: [1, 28, 28], data: Float32Array.from(ringImage(), (v) => v / 255) }
const probabilities = (top: number): readonly number[] => DIGITS.map((_, i) => (i === top ? 0.91 : 0.01))
const sample = (index: number, label: number, predicted: number, channels = 1) => ({
  index,
  label,
  predicted,
  probabilities: probabilities(predicted),
  stages: [
    { name: 'input', maps: image },
    { name: `conv3x3x${channels}`, maps: hashedTensor([channels, 26, 26], 2, index) },
    { name: 'lrelu', maps: hashedTensor([channels, 26, 26], 1, index + 1) },
    { name: 'pool2', maps: hashedTensor([channels, 13, 13], 1, index + 2) },
  ],
})

describe('featureMapsFigure', () => {
  const input = { title: 'Feature maps', classNames: DIGITS, samples: [sample(123, 7, 7), sample(4, 3, 5), sample(9, 0, 0)] }
  const svg = featureMapsFigure(input)
  const root = parseFigure(svg, 'Feature maps')
  const texts = byName(root, 'text').map(textOf)

  it('draws one row per sample, with every stage and ten bars', () => {
    expect(byClass(root, 'feature-map')).toHaveLength(3 * 4)
    expect(byClass(root, 'bar')).toHaveLength(30)
    // Each map draws a cell for every value that is not blank paper (input) or exactly 0.
    const drawn = cellsIn(root, 'feature-map').length
    expect(drawn).toBeGreaterThan(3 * (676 * 2 + 169))
    expect(drawn).toBeLessThanOrEqual(3 * (784 + 676 * 2 + 169))
  })

  it('captions each sample with its index, label and prediction', () => {
    expect(texts).toContain('index 123: true 7, predicted 7 with p = 0.91')
    expect(texts).toContain('index 4: true 3, predicted 5 with p = 0.91 (wrong)')
  })

  it('names the stages once, as column headers', () => {
    for (const name of ['input', 'conv3x3x1', 'lrelu', 'pool2', 'probabilities']) expect(texts.filter((t) => t === name)).toHaveLength(1)
  })

  it('draws the input in grey and later stages around a neutral 0', () => {
    const inputFills = new Set(cellsIn(root, 'feature-map').slice(0, 50).map((c) => c.attributes.fill))
    expect([...inputFills].every((f) => /^#([0-9a-f]{2})\1\1$/.test(f ?? ''))).toBe(true)
    expect(grey(0)).toBe('#ffffff')
    const zero = featureMapsFigure({ title: 't', classNames: DIGITS, samples: [{ ...sample(1, 1, 1), stages: [{ name: 'input', maps: image }, { name: 'zeros', maps: { shape: [1, 2, 2], data: new Float32Array(4) } }] }] })
    // A map of zeros is all neutral: its background, with no cells drawn over it.
    const zeroMap = byClass(parseFigure(zero), 'feature-map')[1] ?? root
    expect(byName(zeroMap, 'rect').map((r) => r.attributes.fill)).toEqual([NEUTRAL])
  })

  it('tiles stages of several channels', () => {
    const root8 = parseFigure(featureMapsFigure({ title: 't', classNames: DIGITS, samples: [sample(1, 2, 2, 8)] }))
    expect(byClass(root8, 'feature-map')).toHaveLength(1 + 3 * 8)
    const conv = hashedTensor([8, 26, 26], 2, 1).data
    const [lo, hi] = [Math.min(...conv), Math.max(...conv)]
    expect(byName(root8, 'text').map(textOf)).toContain(`8 maps, ${lo.toFixed(2).replace('-', '−')} … ${hi.toFixed(2)}`)
  })

  it('is deterministic, and handles no samples', () => {
    expect(featureMapsFigure(input)).toBe(svg)
    parseFigure(featureMapsFigure({ title: 'none', classNames: DIGITS, samples: [] }))
  })

  it('matches the snapshot for one tiny sample', async () => {
    const tiny = featureMapsFigure({
      title: 'Tiny feature maps',
      classNames: ['a', 'b'],
      samples: [
        {
          index: 0,
          label: 1,
          predicted: 0,
          probabilities: [0.6, 0.4],
          stages: [
            { name: 'input', maps: { shape: [1, 3, 3], data: Float32Array.from([0, 1, 0, 1, 1, 1, 0, 1, 0]) } },
            { name: 'conv2x2x1', maps: { shape: [1, 2, 2], data: Float32Array.from([-1, 0.5, 0, 1]) } },
          ],
        },
      ],
    })
    parseFigure(tiny)
    await expect(tiny).toMatchFileSnapshot('../__snapshots__/feature-maps-tiny.svg')
  })
})

describe('featureMapsFigure: what leaky ReLU does, made visible', () => {
  // A convolution with negatives down to −0.5 and positives up to 1.4, then leaky ReLU with
  // α = 0.01 (sharing the convolution's scale), then a stage with parameters of its own.
  const conv = Float32Array.from([-0.5, -0.25, 0, 0.7, 1.4, 0.35])
  const lrelu = conv.map((v) => (v < 0 ? 0.01 * v : v))
  const stages = [
    { name: 'input', maps: { shape: [1, 2, 3], data: Float32Array.from([0, 1, 0, 1, 1, 0]) } },
    { name: 'conv', maps: { shape: [1, 2, 3], data: conv } },
    { name: 'lrelu', maps: { shape: [1, 2, 3], data: lrelu }, sharesScale: true },
    { name: 'conv2', maps: { shape: [1, 2, 3], data: Float32Array.from([-2, 0, 0, 1, 0, 0]) } },
  ]
  const root = parseFigure(featureMapsFigure({ title: 't', classNames: ['a', 'b'], samples: [{ index: 0, label: 0, predicted: 0, probabilities: [1, 0], stages }] }))
  const fills = (stage: number): readonly (string | undefined)[] =>
    byName(byClass(root, 'feature-map')[stage] ?? root, 'rect').filter((r) => r.attributes.class === 'cell').map((r) => r.attributes.fill)

  it('gives a convolution a two-sided scale, full blue at its minimum and full red at its maximum', () => {
    const hi = conv[4]! // 1.4 in float32
    expect(stageScales(stages)).toEqual([undefined, { lo: -0.5, hi }, { lo: -0.5, hi }, { lo: -2, hi: 1 }])
    // Zeros are the background and are not drawn cell by cell.
    expect(fills(1)).toEqual([coolwarm(0), diverging(-0.25, 0.5), diverging(conv[3]!, hi), coolwarm(1), diverging(conv[5]!, hi)])
  })

  it("draws the activation on the convolution's scale: the same positives, the negatives nearly grey", () => {
    const scale = { lo: -0.5, hi: conv[4]! }
    expect(fills(2)).toEqual([twoSided(lrelu[0]!, scale), twoSided(lrelu[1]!, scale), ...fills(1).slice(2)])
    // −0.005 on a scale whose blue end is −0.5: 1% of the way from grey to blue.
    expect(fills(2)[0]).toBe(diverging(-0.005, 0.5))
    expect(fills(2)[0]).not.toBe(fills(1)[0])
  })

  it('starts a new scale at the next stage with parameters', () => {
    expect(fills(3)).toEqual([coolwarm(0), coolwarm(1)])
  })

  it('prints each stage\'s own smallest and largest value', () => {
    const texts = byName(root, 'text').map(textOf)
    expect(texts).toEqual(expect.arrayContaining(['−0.50 … 1.40', '−0.0050 … 1.40', '−2.00 … 1.00']))
  })
})
