import { describe, expect, it } from 'vitest'
import * as fc from 'fast-check'
import { decimalsOf, integerTicks, logDomain, logTicks, niceDomain, niceStep, niceTicks } from '../../src/plot/ticks.ts'

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

describe('log ticks: worked examples', () => {
  it('widens a loss range to nearby round numbers', () => {
    expect(logDomain(0.2587, 2.3405)).toEqual([0.25, 2.5])
    expect(logDomain(0.0948, 2.3405)).toEqual([0.08, 2.5])
    expect(logDomain(3, 3000)).toEqual([3, 3000])
    const [lo, hi] = logDomain(0.5, 0.5)
    expect(lo).toBeLessThan(0.5)
    expect(hi).toBeGreaterThan(0.5)
    expect(() => logDomain(0, 1)).toThrow(RangeError)
  })

  it('ticks powers of ten, then 2× and 5× them, then 3×, as the range narrows', () => {
    expect(logTicks(0.001, 2.5)).toEqual([0.001, 0.01, 0.1, 1])
    expect(logTicks(0.02, 2.5)).toEqual([0.02, 0.05, 0.1, 0.2, 0.5, 1, 2])
    expect(logTicks(0.25, 2.5)).toEqual([0.3, 0.5, 1, 2])
    expect(logTicks(3, 3000)).toEqual([10, 100, 1000])
  })

  it('thins the powers over many decades, and falls back to linear nice ticks over a narrow range', () => {
    expect(logTicks(1e-7, 3)).toEqual([1e-6, 1e-4, 1e-2, 1])
    expect(logTicks(0.25, 0.4)).toEqual([0.25, 0.3, 0.35, 0.4])
    expect(logTicks(0, 1)).toEqual([])
  })
})

describe('log ticks: properties', () => {
  const range = fc
    .tuple(fc.double({ min: -8, max: 8, noNaN: true }), fc.double({ min: 0.05, max: 12, noNaN: true }))
    .map(([exponent, decades]) => [10 ** exponent, 10 ** (exponent + decades)] as const)
  // m × 10^k with a whole mantissa m from 1 to 9, to rounding.
  const isRound = (t: number): boolean => {
    const m = t / 10 ** Math.floor(Math.log10(t) + 1e-12)
    return Math.abs(m - Math.round(m)) < 1e-9 && Math.round(m) >= 1 && Math.round(m) <= 9
  }

  it('widen to contain the range, by less than a factor 1.5 on each side', () => {
    fc.assert(
      fc.property(range, ([lo, hi]) => {
        const [a, b] = logDomain(lo, hi)
        return a <= lo && b >= hi && lo / a < 1.5 && b / hi < 1.5
      }),
    )
  })

  it('are increasing values inside the domain, at least two, and round on a log scale (m × 10^k) unless the range is narrow', () => {
    fc.assert(
      fc.property(range, ([lo, hi]) => {
        const [a, b] = logDomain(lo, hi)
        const ticks = logTicks(a, b)
        expect(ticks.length).toBeGreaterThanOrEqual(2)
        expect(ticks.length).toBeLessThanOrEqual(10)
        ticks.forEach((t, i) => {
          expect(t).toBeGreaterThanOrEqual(a * (1 - 1e-9))
          expect(t).toBeLessThanOrEqual(b * (1 + 1e-9))
          if (i > 0) expect(t).toBeGreaterThan(ticks[i - 1]!)
        })
        if (b / a >= 3) expect(ticks.every(isRound)).toBe(true)
      }),
    )
  })
})
