// Randomness by address (beyond/random.ts): the same address gives the same bits, and
// addresses give numbers spread evenly over [0, 1), unrelated between neighbours.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hashAt, uniformAt } from '../../src/beyond/random.ts'

const word = fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 })

describe('hashAt and uniformAt', () => {
  it('are pure functions of the address: 32 unsigned bits, and that over 2³² in [0, 1)', () => {
    fc.assert(fc.property(word, word, word, word, (a, b, c, d) => {
      const h = hashAt(a, b, c, d)
      expect(h).toBe(hashAt(a, b, c, d))
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true)
      expect(uniformAt(a, b, c, d)).toBe(h / 2 ** 32)
    }))
  })

  it('count each word by its low 32 bits', () => {
    expect(hashAt(1, 2, 3, -1)).toBe(hashAt(1, 2, 3, 2 ** 32 - 1))
    expect(hashAt(2 ** 32 + 5, 0, 0, 0)).toBe(hashAt(5, 0, 0, 0))
  })

  it('spread evenly: mean ½, variance 1/12, each tenth about a tenth, over 100,000 neighbouring addresses', () => {
    const K = 100_000
    const bins = new Array<number>(10).fill(0)
    let [sum, squares] = [0, 0]
    for (let i = 0; i < K; i++) {
      const u = uniformAt(7, 1, i, 0)
      sum += u
      squares += u * u
      bins[Math.floor(u * 10)]!++
    }
    const mean = sum / K
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / K))
    expect(Math.abs(squares / K - mean * mean - 1 / 12)).toBeLessThan(0.002)
    for (const count of bins) expect(Math.abs(count - K / 10)).toBeLessThan(5 * Math.sqrt(K * 0.09))
  })

  it('give unrelated numbers to neighbours, in every word of the address', () => {
    const K = 50_000
    const correlation = (f: (i: number) => readonly [number, number]) => {
      let [sx, sy, sxy, sxx, syy] = [0, 0, 0, 0, 0]
      for (let i = 0; i < K; i++) {
        const [x, y] = f(i)
        sx += x; sy += y; sxy += x * y; sxx += x * x; syy += y * y
      }
      return (sxy / K - (sx / K) * (sy / K)) / Math.sqrt((sxx / K - (sx / K) ** 2) * (syy / K - (sy / K) ** 2))
    }
    const bound = 5 / Math.sqrt(K)
    expect(Math.abs(correlation((i) => [uniformAt(i, 0, 0, 0), uniformAt(i + 1, 0, 0, 0)]))).toBeLessThan(bound)
    expect(Math.abs(correlation((i) => [uniformAt(3, i, 0, 0), uniformAt(3, i + 1, 0, 0)]))).toBeLessThan(bound)
    expect(Math.abs(correlation((i) => [uniformAt(3, 4, i, 0), uniformAt(3, 4, i + 1, 0)]))).toBeLessThan(bound)
    expect(Math.abs(correlation((i) => [uniformAt(3, 4, 5, i), uniformAt(3, 4, 5, i + 1)]))).toBeLessThan(bound)
    // The same numbers in other places of the address are other addresses.
    expect(Math.abs(correlation((i) => [uniformAt(i, 1, 0, 0), uniformAt(1, i, 0, 0)]))).toBeLessThan(bound)
  })

  it('flip each output bit about half the time when one input bit flips', () => {
    let flips = 0
    const trials = 2000
    for (let i = 0; i < trials; i++) {
      const bit = i % 32
      const x = hashAt(i, 9, 9, 9) ^ hashAt(i ^ (1 << bit), 9, 9, 9)
      for (let b = 0; b < 32; b++) flips += (x >>> b) & 1
    }
    expect(Math.abs(flips / (trials * 32) - 0.5)).toBeLessThan(0.02)
  })
})
