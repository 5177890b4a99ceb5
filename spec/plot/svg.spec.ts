import { describe, expect, it } from 'vitest'
import * as fc from 'fast-check'
import { element, escapeXml, num, svgDocument, translate } from '../../src/plot/svg.ts'
import { parseXml, textOf } from '../helpers/xml.ts'

describe('num', () => {
  it('rounds to fixed decimals and drops trailing zeros, never writing -0', () => {
    expect(num(12.3456)).toBe('12.35')
    expect(num(3)).toBe('3')
    expect(num(2.5)).toBe('2.5')
    expect(num(-0.001)).toBe('0')
    expect(num(-1.005, 1)).toBe('-1')
    expect(num(0.125, 3)).toBe('0.125')
  })

  it('refuses numbers SVG cannot hold', () => {
    expect(() => num(Number.NaN)).toThrow(RangeError)
    expect(() => num(Infinity)).toThrow(RangeError)
  })

  it('always writes a plain decimal that reads back within half a unit of the last digit', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (x) => {
        const written = num(x)
        return /^-?\d+(\.\d{1,2})?$/.test(written) && Math.abs(Number(written) - x) <= 0.005 + 1e-9 && written !== '-0'
      }),
    )
  })
})

describe('escapeXml', () => {
  it('escapes the five special characters', () => {
    expect(escapeXml(`a<b & "c" 'd'>`)).toBe('a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;')
  })

  it('round-trips any string through a parser, as text and as an attribute', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const root = parseXml(element('t', { a: text }, escapeXml(text)))
        const expected = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
        return root.attributes.a === expected && textOf(root) === expected
      }),
    )
  })
})

describe('element and translate', () => {
  it('writes attributes in order, numbers through num, leaving out undefined', () => {
    expect(element('rect', { x: 1, y: undefined, width: 2.504, fill: '#fff' })).toBe('<rect x="1" width="2.5" fill="#fff"/>')
    expect(element('g', {}, ['<a/>', '<b/>'])).toBe('<g>\n<a/>\n<b/>\n</g>')
    expect(element('text', {}, 'hi')).toBe('<text>hi</text>')
  })

  it('moves a block with a group, or leaves it alone at the origin', () => {
    const block = { width: 1, height: 1, svg: '<a/>' }
    expect(translate(block, 0, 0)).toBe('<a/>')
    expect(translate(block, 1.5, 2)).toBe('<g transform="translate(1.5,2)"><a/></g>')
  })
})

describe('svgDocument', () => {
  it('wraps a block in a parseable document with a title and a viewBox of whole pixels', () => {
    const doc = svgDocument('A & B', { width: 10.2, height: 5, svg: '<rect width="1" height="1"/>' })
    const root = parseXml(doc)
    expect(root.attributes.viewBox).toBe('0 0 11 5')
    expect(root.attributes.width).toBe('11')
    expect(doc).toContain('<title>A &amp; B</title>')
  })
})
