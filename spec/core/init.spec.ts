// Initial weights: He normal and Glorot uniform have the spread their formulas promise
// (measured over 40,000 draws with fixed seeds), zeros are zeros, and every initialiser is
// a deterministic function of its seed.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { glorotUniform, heNormal, initializers, zerosInit, type Initializer } from '../../src/core/init.ts'
import { normal, sample, seedRng, uniform } from '../../src/core/rng.ts'
import { sizeOf } from '../../src/core/shape.ts'

// A weight tensor of 40,000 numbers: enough to pin a variance to about ±1 %.
const BIG = [200, 200] as const

const meanOf = (v: ArrayLike<number>): number => Array.from(v).reduce((a, b) => a + b, 0) / v.length
const varianceOf = (v: ArrayLike<number>): number => {
  const m = meanOf(v)
  return Array.from(v).reduce((a, x) => a + (x - m) ** 2, 0) / (v.length - 1)
}

describe('He normal: N(0, 2 / fanIn)', () => {
  for (const fanIn of [9, 169, 784]) {
    it(`has mean 0 and variance 2/${fanIn} (seed ${fanIn})`, () => {
      const [w] = heNormal(BIG, { fanIn, fanOut: 10 }, seedRng(fanIn))
      const variance = varianceOf(w.data)
      const expected = 2 / fanIn
      // The variance of a sample variance of 40,000 normals is 2σ⁴/40,000: a relative error
      // of 0.7 %, so 4 % is more than five standard errors.
      expect(Math.abs(variance / expected - 1), `variance ${variance}, expected ${expected}`).toBeLessThan(0.04)
      expect(Math.abs(meanOf(w.data)), 'mean').toBeLessThan((4 * Math.sqrt(expected)) / 200)
    })
  }

  it('is the generator\'s normal numbers scaled by √(2/fanIn), and ignores fanOut', () => {
    // With fanIn = 2 the scale is 1, so the values are the normal draws themselves.
    const rng = seedRng(3)
    const [w] = heNormal([4, 5], { fanIn: 2, fanOut: 7 }, rng)
    const [z] = sample(20, rng, normal)
    expect(Array.from(w.data)).toEqual(Array.from(z))
    // fanIn = 8 halves them (exactly, a power of two), whatever fanOut is.
    const [half] = heNormal([4, 5], { fanIn: 8, fanOut: 1000 }, rng)
    expect(Array.from(half.data)).toEqual(Array.from(z, (v) => v / 2))
  })
})

describe('Glorot uniform: U(−a, a) with a = √(6 / (fanIn + fanOut))', () => {
  for (const [fanIn, fanOut] of [[9, 1], [169, 10], [784, 32]] as const) {
    it(`stays within ±a and has variance a²/3 for fans ${fanIn} and ${fanOut}`, () => {
      const limit = Math.sqrt(6 / (fanIn + fanOut))
      const [w] = glorotUniform(BIG, { fanIn, fanOut }, seedRng(fanIn + fanOut))
      const values = Array.from(w.data)
      expect(values.every((v) => Math.abs(v) <= Math.fround(limit))).toBe(true)
      // 40,000 draws come within 0.1 % of both ends (missing one has probability e⁻²⁰).
      expect(Math.max(...values)).toBeGreaterThan(0.999 * limit)
      expect(Math.min(...values)).toBeLessThan(-0.999 * limit)
      const variance = varianceOf(values)
      expect(Math.abs(variance / (limit * limit / 3) - 1), `variance ${variance}`).toBeLessThan(0.03)
      expect(Math.abs(meanOf(values))).toBeLessThan((4 * limit) / Math.sqrt(3) / 200)
    })
  }

  it('maps each uniform draw u to (2u − 1)·a, rounded to float32', () => {
    const limit = Math.sqrt(6 / (5 + 3))
    const [w] = glorotUniform([3, 4], { fanIn: 5, fanOut: 3 }, seedRng(8))
    let rng = seedRng(8)
    const expected = Array.from({ length: 12 }, () => {
      const [u, next] = uniform(rng)
      rng = next
      return Math.fround((2 * u - 1) * limit)
    })
    expect(Array.from(w.data)).toEqual(expected)
  })
})

describe('zeros', () => {
  it('gives zeros of the shape and leaves the generator where it was', () => {
    const rng = seedRng(1)
    const [w, next] = zerosInit([3, 2, 2], { fanIn: 4, fanOut: 4 }, rng)
    expect(w.shape).toEqual([3, 2, 2])
    expect(w.data).toBeInstanceOf(Float32Array)
    expect(Array.from(w.data).every((v) => Object.is(v, 0))).toBe(true)
    expect(next).toEqual(rng)
  })
})

describe('every initialiser', () => {
  const named: readonly (readonly [string, Initializer])[] = [['he', heNormal], ['glorot', glorotUniform], ['zeros', zerosInit]]

  it('is listed under its name', () => {
    expect(initializers).toEqual({ he: heNormal, glorot: glorotUniform, zeros: zerosInit })
  })

  it('gives a Float32 tensor of the asked shape, the same bits for the same seed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...named),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 50 }),
        fc.nat(),
        ([, init], shape, fanIn, fanOut, seed) => {
          const [a, nextA] = init(shape, { fanIn, fanOut }, seedRng(seed))
          const [b, nextB] = init(shape, { fanIn, fanOut }, seedRng(seed))
          expect(a.shape).toEqual(shape)
          expect(a.data).toBeInstanceOf(Float32Array)
          expect(a.data.length).toBe(sizeOf(shape))
          expect(Array.from(a.data).every(Number.isFinite)).toBe(true)
          expect(Array.from(a.data).every((v, i) => Object.is(v, b.data[i]))).toBe(true)
          expect(nextA).toEqual(nextB)
        },
      ),
    )
  })

  it('draws differently from different seeds, and moves the generator past its draws', () => {
    for (const [name, init] of named.filter(([n]) => n !== 'zeros')) {
      const [a, next] = init([10], { fanIn: 10, fanOut: 10 }, seedRng(1))
      const [b] = init([10], { fanIn: 10, fanOut: 10 }, seedRng(2))
      expect(Array.from(a.data), name).not.toEqual(Array.from(b.data))
      // Drawing the next layer from `next` must not repeat these numbers.
      const [c] = init([10], { fanIn: 10, fanOut: 10 }, next)
      expect(Array.from(c.data), name).not.toEqual(Array.from(a.data))
    }
  })
})
