// Checks shared by the plot specs: a figure is a well-formed SVG document whose numbers are
// all finite, whose fonts are readable, and whose gradient references all resolve.

import { expect } from 'vitest'
import { byClass, byName, descendants, parseXml, textOf, type XmlElement } from '../helpers/xml.ts'

/** Parses a figure, checks what every figure must satisfy, and returns the root `<svg>`. */
export const parseFigure = (svg: string, title?: string): XmlElement => {
  expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')).toBe(true)
  const root = parseXml(svg)
  expect(root.name).toBe('svg')
  const { xmlns, width, height, viewBox } = root.attributes
  expect(xmlns).toBe('http://www.w3.org/2000/svg')
  expect(Number(width)).toBeGreaterThan(0)
  expect(Number(height)).toBeGreaterThan(0)
  expect(viewBox).toBe(`0 0 ${width} ${height}`)
  if (title !== undefined) expect(textOf(byName(root, 'title')[0] ?? root)).toBe(title)
  const ids = new Set<string>()
  for (const el of descendants(root)) {
    for (const [name, value] of Object.entries(el.attributes)) {
      // (An embedded image's base64 may spell anything: it is checked by decoding it instead.)
      if (!(name === 'href' && value.startsWith('data:image/png;base64,'))) expect(value, `${el.name} ${name}`).not.toMatch(/NaN|Infinity|undefined|\[object/)
      if (name === 'font-size') expect(Number(value), 'font size').toBeGreaterThanOrEqual(11)
      if (name === 'id') {
        expect(ids.has(value), `duplicate id ${value}`).toBe(false)
        ids.add(value)
      }
    }
  }
  for (const el of descendants(root)) {
    const ref = /^url\(#(.+)\)$/.exec(el.attributes.fill ?? '')
    if (ref !== null) expect(ids.has(ref[1] ?? ''), `fill refers to #${ref[1]}`).toBe(true)
  }
  return root
}

/** The `<rect class="cell">` elements inside every group of this class. */
export const cellsIn = (root: XmlElement, groupClass: string): readonly XmlElement[] =>
  byClass(root, groupClass).flatMap((group) => byName(group, 'rect').filter((r) => r.attributes.class === 'cell'))

/** The texts of a colour bar, bottom to top. */
export const colorbarLabels = (bar: XmlElement): readonly string[] => byName(bar, 'text').map(textOf)
