import { describe, expect, it } from 'vitest'
import * as fc from 'fast-check'
import {
  contrastText,
  coolwarm,
  diverging,
  grey,
  hex,
  lightness,
  NEUTRAL,
  NOT_FINITE,
  parseHex,
  blues,
  robustScale,
  symmetricScale,
} from '../../src/plot/palette.ts'

const scale = fc.double({ min: 1e-3, max: 1e3, noNaN: true })
const fraction = fc.double({ min: 0, max: 1, noNaN: true })

describe('the diverging palette', () => {
  it('matches the ends and the middle of matplotlib coolwarm', () => {
    expect(coolwarm(0)).toBe('#3b4cc0')
    expect(coolwarm(0.5)).toBe('#dddddd')
    expect(coolwarm(1)).toBe('#b40426')
  })

  it('maps 0 to the neutral colour whatever the scale', () => {
    fc.assert(fc.property(scale, (s) => diverging(0, s) === NEUTRAL))
    expect(diverging(0, 0)).toBe(NEUTRAL)
  })

  it('mirrors around 0: −v is exactly as light as +v, blue where +v is red', () => {
    fc.assert(
      fc.property(scale, fraction, (s, f) => {
        const plus = parseHex(diverging(f * s, s))
        const minus = parseHex(diverging(-f * s, s))
        expect(Math.abs(lightness(plus) - lightness(minus))).toBeLessThan(1)
        if (f > 0.05) {
          expect(plus.r).toBeGreaterThan(plus.b)
          expect(minus.b).toBeGreaterThan(minus.r)
        }
      }),
    )
  })

  it('gets darker as |v| grows, and clamps values beyond the scale', () => {
    fc.assert(
      fc.property(fraction, fraction, (a, b) => {
        const [small, big] = a < b ? [a, b] : [b, a]
        return lightness(parseHex(diverging(big, 1))) <= lightness(parseHex(diverging(small, 1))) + 0.5
      }),
    )
    expect(diverging(5, 1)).toBe(diverging(1, 1))
    expect(diverging(-5, 1)).toBe(diverging(-1, 1))
  })

  it('paints numbers that are not finite in a colour of their own', () => {
    expect(diverging(Number.NaN, 1)).toBe(NOT_FINITE)
    expect(diverging(Infinity, 1)).toBe(NOT_FINITE)
  })
})

describe('the other palettes', () => {
  it('sequential runs from almost white to dark blue, grey from white paper to black ink', () => {
    expect(blues(0)).toBe('#f7fbff')
    expect(blues(1)).toBe('#08306b')
    expect(grey(0)).toBe('#ffffff')
    expect(grey(1)).toBe('#000000')
    expect(grey(0.5)).toBe('#808080')
  })

  it('picks white text on dark fills and dark text on light ones', () => {
    expect(contrastText(coolwarm(0))).toBe('#ffffff')
    expect(contrastText(NEUTRAL)).toBe('#222222')
    expect(contrastText(blues(1))).toBe('#ffffff')
    expect(contrastText(blues(0))).toBe('#222222')
  })

  it('writes and reads #rrggbb', () => {
    expect(hex({ r: 255, g: 0, b: 16 })).toBe('#ff0010')
    expect(parseHex('#ff0010')).toEqual({ r: 255, g: 0, b: 16 })
    expect(() => parseHex('red')).toThrow(RangeError)
  })

  it('finds the half-width of a symmetric scale, ignoring numbers that are not finite', () => {
    expect(symmetricScale([[-3, 1], new Float32Array([2, Number.NaN])])).toBe(3)
    expect(symmetricScale([])).toBe(0)
  })

  it('finds a robust scale: the q-quantile of |v|, which a few outliers cannot move', () => {
    expect(robustScale([[1, -2, 3, -4, 100]], 0.8)).toBe(4)
    expect(robustScale([[1, -2, 3, -4, 100]], 1)).toBe(100)
    expect(robustScale([[1, -2], new Float32Array([3, Number.NaN, -4, Infinity]), [100]], 0.8)).toBe(4)
    // Mostly zeros: the largest |v|, so that the one non-zero value still shows.
    expect(robustScale([[0, 0, 0, 0, 0, 0, 0, 0, 0, -0.5]], 0.8)).toBe(0.5)
    expect(robustScale([[0, 0]], 0.95)).toBe(0)
    expect(robustScale([], 0.95)).toBe(0)
  })

  it('lets at most a share 1 − q of the numbers lie beyond the robust scale, and never exceeds max |v|', () => {
    const values = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 300 })
    fc.assert(
      fc.property(values, fc.double({ min: 0.5, max: 1, noNaN: true }), (vs, q) => {
        const s = robustScale([vs], q)
        const beyond = vs.filter((v) => Math.abs(v) > s).length
        expect(beyond).toBeLessThanOrEqual(Math.floor((1 - q) * vs.length + 1e-9))
        expect(s).toBeLessThanOrEqual(symmetricScale([vs]))
        expect(vs.map(Math.abs)).toContain(s)
      }),
    )
  })
})
