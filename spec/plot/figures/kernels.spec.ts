import { describe, expect, it } from 'vitest'
import * as fc from 'fast-check'
import { kernelLayout, kernelsFigure } from '../../../src/plot/figures/kernels.ts'
import { coolwarm, diverging, NEUTRAL } from '../../../src/plot/palette.ts'
import { showNumber } from '../../../src/plot/text.ts'
import { byClass, byName, textOf } from '../../helpers/xml.ts'
import { hashedTensor, readNumber, tensorOf } from '../fixtures.ts'
import { cellsIn, colorbarLabels, parseFigure } from '../svgChecks.ts'

// The single 3×3 kernel of the original network, before and after training.
const original = {
  title: 'Kernels of conv3x3x1-lrelu-pool2-dense10',
  layers: [
    {
      name: 'conv3x3x1',
      before: tensorOf([1, 1, 3, 3], [0.1, -0.2, 0.05, 0, 0.3, -0.1, 0.2, 0.15, -0.05]),
      after: tensorOf([1, 1, 3, 3], [0.42, -0.8, 0.13, 0, 0.61, -0.33, 0.27, 0.05, -0.004]),
    },
  ],
}

describe('kernelsFigure: the original 3×3 kernel', () => {
  const svg = kernelsFigure(original)
  const root = parseFigure(svg, original.title)
  const cells = cellsIn(root, 'kernel')

  it('draws one cell per weight, before and after', () => {
    expect(cells).toHaveLength(18)
  })

  it('prints each weight in its cell to 2 decimals', () => {
    const weights = [...original.layers[0].before.data, ...original.layers[0].after.data]
    const printed = byClass(root, 'kernel').flatMap((g) => byName(g, 'text').map(textOf))
    expect(printed).toEqual(weights.map((w) => showNumber(w, 2)))
    printed.forEach((text, i) => expect(Math.abs(readNumber(text) - (weights[i] ?? 0))).toBeLessThanOrEqual(0.005 + 1e-7))
  })

  it('colours on one symmetric scale: s = max |w| over before and after, 0 is neutral', () => {
    const fills = cells.map((c) => c.attributes.fill)
    expect(fills[12]).toBe(NEUTRAL) // after[0, 0, 1, 0] = 0
    expect(fills[10]).toBe(coolwarm(0)) // after's −0.8 is the largest |w|: the darkest blue
    expect(fills[1]).toBe(diverging(-0.2, 0.8)) // before uses the same scale
  })

  it('labels the colour bar −s … +s', () => {
    const labels = colorbarLabels(byClass(root, 'colorbar')[0] ?? root)
    expect(labels[0]).toBe('−0.80')
    expect(labels[labels.length - 1]).toBe('+0.80')
    expect(labels).toContain('0.00')
  })

  it('is deterministic, and matches the snapshot', async () => {
    expect(kernelsFigure(original)).toBe(svg)
    await expect(svg).toMatchFileSnapshot('../__snapshots__/kernels-3x3.svg')
  })
})

describe('kernelsFigure: bigger layers', () => {
  it('drops printed values and shrinks cells for 32 filters × 16 channels, and stays on a screen', () => {
    const input = { title: 'big', layers: [{ name: 'conv5x5x32', before: hashedTensor([32, 16, 5, 5], 0.1, 1), after: hashedTensor([32, 16, 5, 5], 0.2, 2) }] }
    const root = parseFigure(kernelsFigure(input))
    expect(cellsIn(root, 'kernel')).toHaveLength(2 * 32 * 16 * 25)
    expect(byClass(root, 'kernel').flatMap((g) => byName(g, 'text'))).toHaveLength(0)
    expect(Number(root.attributes.width)).toBeLessThanOrEqual(1400)
    expect(Number(root.attributes.height)).toBeLessThanOrEqual(1200)
  })

  it('wraps many single-channel filters into several per row', () => {
    const layout = kernelLayout(32, 1, 3, 3, 540)
    expect(layout.perRow).toBeGreaterThan(1)
    expect(layout.width).toBeLessThanOrEqual(540)
    expect(layout.height).toBeLessThanOrEqual(900)
  })

  it('prints values for a few small kernels', () => {
    expect(kernelLayout(1, 1, 3, 3, 540).values).toBe(true)
    expect(kernelLayout(8, 1, 5, 5, 540).values).toBe(true)
    expect(kernelLayout(16, 8, 5, 5, 540).values).toBe(false)
    expect(kernelLayout(1, 1, 7, 7, 540).values).toBe(false)
  })

  it('labels filters k0, k1, … and channels c0, c1, …, as in the legend of core/shape.ts', () => {
    const root = parseFigure(kernelsFigure({ title: 't', layers: [{ name: 'conv', after: hashedTensor([3, 2, 3, 3]) }] }))
    const texts = byName(root, 'text').map(textOf)
    expect(texts).toEqual(expect.arrayContaining(['k0', 'k1', 'k2', 'c0', 'c1']))
    // "f" is the dense layers' feature index; no filter is called f any more.
    expect(texts.filter((t) => /^f\d+$/.test(t))).toEqual([])
    expect(texts.some((t) => t.includes('filters k0, k1, … in rows'))).toBe(true)
  })

  it('escapes layer names and titles', () => {
    const title = 'Kernels <of> "net" & co'
    const root = parseFigure(kernelsFigure({ title, layers: [{ name: '<conv & "x">', after: hashedTensor([1, 1, 2, 2]) }] }), title)
    expect(byName(root, 'text').map(textOf).some((t) => t.startsWith('<conv & "x">:'))).toBe(true)
  })

  it('refuses weights that are not (K, C, kH, kW), or before and after of different shapes', () => {
    expect(() => kernelsFigure({ title: 't', layers: [{ name: 'x', after: hashedTensor([3, 3]) }] })).toThrow(RangeError)
    expect(() => kernelsFigure({ title: 't', layers: [{ name: 'x', before: hashedTensor([1, 1, 3, 3]), after: hashedTensor([2, 1, 3, 3]) }] })).toThrow(RangeError)
  })

  it('draws NaN weights in the not-finite colour instead of failing', () => {
    const root = parseFigure(kernelsFigure({ title: 't', layers: [{ name: 'x', after: tensorOf([1, 1, 1, 2], [Number.NaN, 1]) }] }))
    expect(cellsIn(root, 'kernel').map((c) => c.attributes.fill)).toEqual(['#ff00ff', coolwarm(1)])
  })
})

describe('kernelsFigure: any shape', () => {
  it('is a well-formed, deterministic SVG with one cell per weight', () => {
    const shape = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }))
    fc.assert(
      fc.property(shape, fc.boolean(), fc.integer({ min: 1, max: 1000 }), ([K, C, kH, kW], withBefore, seed) => {
        const after = hashedTensor([K, C, kH, kW], 0.5, seed)
        const layer = withBefore ? { name: 'conv', before: hashedTensor([K, C, kH, kW], 0.5, seed + 1), after } : { name: 'conv', after }
        const svg = kernelsFigure({ title: 'any', layers: [layer] })
        const root = parseFigure(svg)
        expect(cellsIn(root, 'kernel')).toHaveLength((withBefore ? 2 : 1) * K * C * kH * kW)
        expect(kernelsFigure({ title: 'any', layers: [layer] })).toBe(svg)
      }),
      { numRuns: 40 },
    )
  })
})
