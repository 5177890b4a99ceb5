// The seeded generator: reproducible, state passed in and out and never mutated, and
// statistically sound enough for initial weights and shuffles. Every statistical check
// uses a fixed seed, so it is deterministic: it either always passes or always fails.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { nextUint32, normal, permutation, randomInt, sample, seedRng, uniform, type Rng } from '../../src/core/rng.ts'

// `count` draws from `draw`, threading the state, and the state after them.
const drawMany = <T>(rng: Rng, count: number, draw: (rng: Rng) => readonly [T, Rng]): readonly [T[], Rng] => {
  const out: T[] = []
  let state = rng
  for (let i = 0; i < count; i++) {
    const [value, next] = draw(state)
    out.push(value)
    state = next
  }
  return [out, state]
}

// Pearson's χ² statistic of observed counts against equal expected counts.
const chiSquare = (counts: readonly number[]): number => {
  const total = counts.reduce((a, b) => a + b, 0)
  const expected = total / counts.length
  return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0)
}

// Upper 0.1 % points of χ² by degrees of freedom (scipy.stats.chi2.ppf(0.999, df)):
// a fair generator exceeds them once in a thousand seeds.
const CHI2_999: Readonly<Record<number, number>> = { 1: 10.828, 2: 13.816, 4: 18.467, 5: 20.515, 6: 22.458, 9: 27.877, 19: 43.82 }

const seedArb = fc.integer({ min: 0, max: 0xffffffff })

describe('seeding', () => {
  it('gives four unsigned 32-bit words, never all zero', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const rng = seedRng(seed)
        expect(rng.length).toBe(4)
        expect(rng.every((word) => Number.isInteger(word) && word >= 0 && word <= 0xffffffff)).toBe(true)
        expect(rng.some((word) => word !== 0)).toBe(true)
      }),
    )
  })

  it('uses the low 32 bits of the seed', () => {
    expect(seedRng(5 + 2 ** 32)).toEqual(seedRng(5))
    expect(seedRng(-1)).toEqual(seedRng(0xffffffff))
  })

  it('gives the same sequence for the same seed', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        expect(drawMany(seedRng(seed), 20, nextUint32)).toEqual(drawMany(seedRng(seed), 20, nextUint32))
      }),
    )
  })

  it('gives different sequences for different seeds, even neighbouring ones', () => {
    // The first two draws of seeds 0 … 4999 are 5000 different pairs.
    const starts = new Set(Array.from({ length: 5000 }, (_, seed) => drawMany(seedRng(seed), 2, nextUint32)[0].join(',')))
    expect(starts.size).toBe(5000)
    fc.assert(
      fc.property(seedArb, seedArb, (a, b) => {
        fc.pre(a !== b)
        expect(drawMany(seedRng(a), 4, nextUint32)[0]).not.toEqual(drawMany(seedRng(b), 4, nextUint32)[0])
      }),
    )
  })
})

describe('nextUint32 is xoshiro128**', () => {
  it('matches the reference C implementation (Blackman & Vigna) from the state [1, 2, 3, 4]', () => {
    // Printed by xoshiro128starstar.c from prng.di.unimi.it, seeded with s = {1, 2, 3, 4}.
    const [values, state] = drawMany([1, 2, 3, 4], 8, nextUint32)
    expect(values).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849])
    expect(state).toEqual([857776784, 3957087773, 2428778008, 3837013768])
  })

  it('gives unsigned 32-bit integers', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const [values] = drawMany(seedRng(seed), 50, nextUint32)
        expect(values.every((v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff)).toBe(true)
      }),
    )
  })

  it('sets each of the 32 bits about half the time (10,000 draws, seed 7)', () => {
    const [values] = drawMany(seedRng(7), 10_000, nextUint32)
    for (let bit = 0; bit < 32; bit++) {
      const ones = values.filter((v) => (v >>> bit) & 1).length
      // Binomial(10,000, ½): standard deviation 50, so ±250 is five of them.
      expect(Math.abs(ones - 5000), `bit ${bit} was set ${ones} times`).toBeLessThan(250)
    }
  })

  it('never returns to an earlier state within 10,000 steps', () => {
    const [states] = drawMany(seedRng(3), 10_000, (rng) => {
      const [, next] = nextUint32(rng)
      return [next.join(','), next]
    })
    expect(new Set(states).size).toBe(10_000)
  })
})

describe('uniform', () => {
  it('is nextUint32 / 2³², in [0, 1)', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const rng = seedRng(seed)
        const [u, after] = uniform(rng)
        const [bits, expectedAfter] = nextUint32(rng)
        expect(u).toBe(bits / 2 ** 32)
        expect(after).toEqual(expectedAfter)
        const [values] = drawMany(rng, 50, uniform)
        expect(values.every((v) => v >= 0 && v < 1)).toBe(true)
      }),
    )
  })

  it('fills 20 equal bins evenly (χ² test, 20,000 draws, seed 1)', () => {
    const [values] = drawMany(seedRng(1), 20_000, uniform)
    const counts = new Array<number>(20).fill(0)
    for (const v of values) counts[Math.floor(v * 20)]!++
    const chi2 = chiSquare(counts)
    expect(chi2, `χ² = ${chi2.toFixed(2)} for counts ${counts.join(' ')}`).toBeLessThan(CHI2_999[19]!)
    // Too even is suspicious too (a counter would pass the test above): the lower 0.1 % point.
    expect(chi2, `χ² = ${chi2.toFixed(2)} is too small`).toBeGreaterThan(5.407)
  })
})

describe('randomInt', () => {
  it('draws integers in [0, n)', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 1, max: 2 ** 32 }), (seed, n) => {
        const [values] = drawMany(seedRng(seed), 20, (rng) => randomInt(rng, n))
        expect(values.every((v) => Number.isInteger(v) && v >= 0 && v < n)).toBe(true)
      }),
    )
  })

  it('is uniform over small ranges (χ² test, 1,000 draws per value, seed 2)', () => {
    for (const n of [2, 3, 5, 6, 7, 10]) {
      const [values] = drawMany(seedRng(2), 1000 * n, (rng) => randomInt(rng, n))
      const counts = new Array<number>(n).fill(0)
      for (const v of values) counts[v]!++
      const chi2 = chiSquare(counts)
      // n − 1 degrees of freedom.
      expect(chi2, `n = ${n}: χ² = ${chi2.toFixed(2)} for counts ${counts.join(' ')}`).toBeLessThan(CHI2_999[n - 1]!)
    }
  })

  it('always gives 0 for n = 1, still advancing the state', () => {
    const rng = seedRng(9)
    const [value, next] = randomInt(rng, 1)
    expect(value).toBe(0)
    expect(next).toEqual(nextUint32(rng)[1])
  })

  it('rejects an n that is not an integer in [1, 2³²]', () => {
    for (const n of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 32 + 1]) {
      expect(() => randomInt(seedRng(1), n)).toThrow(`randomInt: n must be an integer in [1, 2^32], got ${n}`)
    }
  })
})

describe('normal', () => {
  it('has mean ≈ 0 and variance ≈ 1 over 20,000 draws (seed 11)', () => {
    const [values] = drawMany(seedRng(11), 20_000, normal)
    expect(values.every(Number.isFinite)).toBe(true)
    const mean = values.reduce((a, b) => a + b, 0) / values.length
    const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)
    // Standard errors: 1/√20000 ≈ 0.007 for the mean, √(2/20000) = 0.01 for the variance.
    expect(Math.abs(mean), `mean ${mean}`).toBeLessThan(0.03)
    expect(Math.abs(variance - 1), `variance ${variance}`).toBeLessThan(0.05)
    // And the shape of a bell: about 68.3 % within one standard deviation, 95.4 % within two.
    const within = (k: number) => values.filter((v) => Math.abs(v) < k).length / values.length
    expect(Math.abs(within(1) - 0.6827), `within 1σ: ${within(1)}`).toBeLessThan(0.015)
    expect(Math.abs(within(2) - 0.9545), `within 2σ: ${within(2)}`).toBeLessThan(0.01)
  })

  it('uses two uniform draws per number', () => {
    const rng = seedRng(4)
    expect(normal(rng)[1]).toEqual(drawMany(rng, 2, uniform)[1])
  })
})

describe('permutation', () => {
  it('is a permutation of 0 … n − 1, the same one for the same state', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), seedArb, (n, seed) => {
        const [order, next] = permutation(n, seedRng(seed))
        expect(order).toBeInstanceOf(Int32Array)
        expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i))
        const [again, nextAgain] = permutation(n, seedRng(seed))
        expect(Array.from(again)).toEqual(Array.from(order))
        expect(nextAgain).toEqual(next)
      }),
    )
  })

  it('shuffles: 20 elements do not stay in order, and seeds 1 and 2 give different orders', () => {
    const [a] = permutation(20, seedRng(1))
    const [b] = permutation(20, seedRng(2))
    expect(Array.from(a)).not.toEqual(Array.from({ length: 20 }, (_, i) => i))
    expect(Array.from(a)).not.toEqual(Array.from(b))
  })

  it('gives each of the 6 orders of 3 elements equally often (χ² test, 6,000 shuffles, seed 5)', () => {
    // A classic Fisher–Yates slip (choosing j < i instead of j ≤ i) never yields the identity.
    const [orders] = drawMany(seedRng(5), 6000, (rng) => {
      const [order, next] = permutation(3, rng)
      return [Array.from(order).join(''), next]
    })
    const names = ['012', '021', '102', '120', '201', '210']
    const counts = names.map((name) => orders.filter((o) => o === name).length)
    const chi2 = chiSquare(counts)
    expect(chi2, `χ² = ${chi2.toFixed(2)} for counts ${counts.join(' ')}`).toBeLessThan(CHI2_999[5]!)
  })
})

describe('sample', () => {
  it('draws n numbers in order into a Float32Array and returns the state after them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), seedArb, (n, seed) => {
        const [values, next] = sample(n, seedRng(seed), uniform)
        const [expected, expectedNext] = drawMany(seedRng(seed), n, uniform)
        expect(values).toBeInstanceOf(Float32Array)
        expect(Array.from(values)).toEqual(expected.map(Math.fround))
        expect(next).toEqual(expectedNext)
      }),
    )
  })
})

describe('the state is a value', () => {
  it('is never mutated by any function that takes it', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        // A frozen state would make any write throw (modules run in strict mode); the copy
        // catches a write that somehow got through.
        const rng = Object.freeze([...seedRng(seed)]) as unknown as Rng
        const copy = [...rng]
        nextUint32(rng)
        uniform(rng)
        normal(rng)
        randomInt(rng, 7)
        permutation(10, rng)
        sample(10, rng, normal)
        expect([...rng]).toEqual(copy)
        // So drawing twice from one state gives the same number twice.
        expect(uniform(rng)).toEqual(uniform(rng))
      }),
    )
  })
})
