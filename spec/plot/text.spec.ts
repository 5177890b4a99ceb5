import { describe, expect, it } from 'vitest'
import { showNumber, showSigned, textBlock, textWidth, verticalText } from '../../src/plot/text.ts'
import { byName, parseXml, textOf } from '../helpers/xml.ts'

describe('showNumber and showSigned', () => {
  it('use a true minus sign and never show −0', () => {
    expect(showNumber(-0.123, 2)).toBe('−0.12')
    expect(showNumber(0.125, 1)).toBe('0.1')
    expect(showNumber(-0.001, 2)).toBe('0.00')
    expect(showNumber(Number.NaN, 2)).toBe('NaN')
    expect(showNumber(-Infinity, 2)).toBe('−∞')
    expect(showSigned(0.43, 2)).toBe('+0.43')
    expect(showSigned(-0.43, 2)).toBe('−0.43')
    expect(showSigned(0.001, 2)).toBe('0.00')
  })
})

describe('text blocks', () => {
  it('estimate widths generously: wider strings are wider, bigger fonts are wider', () => {
    expect(textWidth('0.12', 10)).toBeGreaterThan(20)
    expect(textWidth('mmm', 12)).toBeGreaterThan(textWidth('iii', 12))
    expect(textWidth('abc', 22)).toBeCloseTo(2 * textWidth('abc', 11))
  })

  it('leave room for bold text as wide as DejaVu Sans Bold sets it', () => {
    // Widths at 100 px measured with rsvg-convert 2.54.7 and DejaVu Sans (regular, bold):
    // render <text font-size="100">…</text> alone, then `convert out.png -trim -format %w info:`.
    const measured: readonly (readonly [string, number, number])[] = [
      ['Convolution kernels of conv3x3x1-lrelu-pool2-dense10 before and after training (test accuracy 92.26%)', 5177, 5841],
      ['index 41416: true 8, predicted 5 with p = 0.60 (wrong)', 2734, 3076],
      ['WWWWMMMM mmmmwwww', 1482, 1654],
      ['0123456789', 624, 686],
    ]
    for (const [text, regular, bold] of measured) {
      expect(textWidth(text, 100)).toBeGreaterThanOrEqual(regular)
      expect(textWidth(text, 100, 'bold')).toBeGreaterThanOrEqual(bold)
    }
    expect(textBlock(['Kernels'], { size: 16, weight: 'bold' }).width).toBeCloseTo(textWidth('Kernels', 16, 'bold'))
  })

  it('stack lines one line height apart and escape their text', () => {
    const block = textBlock(['a < b', 'c'], { size: 10 })
    expect(block.height).toBeCloseTo(26)
    const root = parseXml(`<g>${block.svg}</g>`)
    expect(byName(root, 'text').map(textOf)).toEqual(['a < b', 'c'])
  })

  it('turn a vertical label about its own centre', () => {
    const block = verticalText('accuracy', { size: 11 })
    expect(block.height).toBeCloseTo(textWidth('accuracy', 11))
    expect(block.svg).toContain('rotate(-90 ')
  })
})
