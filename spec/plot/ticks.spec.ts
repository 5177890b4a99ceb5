import { describe, expect, it } from 'vitest'
import * as fc from 'fast-check'
import { decimalsOf, integerTicks, niceDomain, niceStep, niceTicks } from '../../src/plot/ticks.ts'

describe('nice ticks: worked examples', () => {
  it('steps by 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(2.37, 5)).toBe(0.5)
    expect(niceStep(100, 4)).toBe(50)
    expect(decimalsOf(0.25)).toBe(2)
    expect(decimalsOf(20)).toBe(0)
  })

  it('ticks and widens [0.13, 2.37]', () => {
    expect(niceTicks(0, 2.37, 5)).toEqual([0, 0.5, 1, 1.5, 2])
    expect(niceDomain(0.13, 2.37, 5)).toEqual([0, 2.5])
    expect(niceTicks(0.1, 0.3, 2)).toEqual([0.1, 0.2, 0.3])
  })

  it('widens a domain of zero width instead of dividing by zero', () => {
    expect(niceDomain(0, 0)).toEqual([-1, 1])
    const [lo, hi] = niceDomain(0.97, 0.97)
    expect(lo).toBeLessThan(0.97)
    expect(hi).toBeGreaterThan(0.97)
  })

  it('gives whole-number ticks for epochs', () => {
    expect(integerTicks(0, 2)).toEqual([0, 1, 2])
    expect(integerTicks(0, 10, 6)).toEqual([0, 2, 4, 6, 8, 10])
  })
})

describe('nice ticks: properties', () => {
  const range = fc
    .tuple(fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.double({ min: 1e-3, max: 1e4, noNaN: true }))
    .map(([lo, span]) => [lo, lo + span] as const)

  it('are evenly spaced round numbers inside the range, a handful of them', () => {
    fc.assert(
      fc.property(range, ([lo, hi]) => {
        const ticks = niceTicks(lo, hi, 5)
        const step = niceStep(hi - lo, 5)
        expect(ticks.length).toBeGreaterThanOrEqual(2)
        expect(ticks.length).toBeLessThanOrEqual(11)
        ticks.forEach((t, i) => {
          expect(t).toBeGreaterThanOrEqual(lo - step * 1e-6)
          expect(t).toBeLessThanOrEqual(hi + step * 1e-6)
          if (i > 0) expect(t - (ticks[i - 1] ?? 0)).toBeCloseTo(step, 6)
        })
      }),
    )
  })

  it('widen a domain to contain the range, by less than a step on each side', () => {
    fc.assert(
      fc.property(range, ([lo, hi]) => {
        const [a, b] = niceDomain(lo, hi, 5)
        const step = niceStep(hi - lo, 5)
        return a <= lo + 1e-9 * step && b >= hi - 1e-9 * step && lo - a < step * 1.000001 && b - hi < step * 1.000001
      }),
    )
  })
})
