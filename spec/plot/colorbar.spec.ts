import { describe, expect, it } from 'vitest'
import { colorbar, divergingColorbar, scaleDecimals } from '../../src/plot/colorbar.ts'
import { blues, coolwarm } from '../../src/plot/palette.ts'
import { byName, parseXml, textOf } from '../helpers/xml.ts'

describe('colour bars', () => {
  it('label a diverging bar symmetrically, −s at the bottom, 0 in the middle, +s at the top', () => {
    const root = parseXml(divergingColorbar('s', 0.4321, 120).svg)
    const labels = byName(root, 'text').map(textOf)
    expect(labels).toEqual(['−0.43', '−0.22', '0.00', '+0.22', '+0.43'])
    // The tick of 0 sits exactly halfway up the strip.
    const strip = byName(root, 'rect')[0]
    const zeroTick = byName(root, 'line')[2]
    expect(Number(zeroTick?.attributes.y1)).toBeCloseTo(Number(strip?.attributes.y) + 60, 1)
  })

  it('keep to three labels on a short bar', () => {
    expect(byName(parseXml(divergingColorbar('s', 2, 60).svg), 'text').map(textOf)).toEqual(['−2.00', '0.00', '+2.00'])
  })

  it('sample the palette into gradient stops, the middle stop being the neutral colour', () => {
    const stops = byName(parseXml(divergingColorbar('s', 1, 100).svg), 'stop')
    expect(stops).toHaveLength(33)
    expect(stops[0]?.attributes['stop-color']).toBe(coolwarm(0))
    expect(stops[16]?.attributes['stop-color']).toBe(coolwarm(0.5))
    expect(stops[32]?.attributes['stop-color']).toBe(coolwarm(1))
  })

  it('put any ticks where they are asked, with a title above', () => {
    const bar = colorbar({ id: 'c', height: 100, colourAt: blues, ticks: [{ t: 0, label: '0' }, { t: 1, label: '9' }], title: 'count' })
    const root = parseXml(`<g>${bar.svg}</g>`)
    expect(byName(root, 'text').map(textOf)).toEqual(['count', '0', '9'])
    expect(byName(root, 'rect')[0]?.attributes.fill).toBe('url(#c)')
  })

  it('show scales to two decimals, or two significant digits when smaller', () => {
    expect(scaleDecimals(1.24)).toBe(2)
    expect(scaleDecimals(0.043)).toBe(3)
    expect(scaleDecimals(0)).toBe(2)
  })
})
