import { describe, expect, it } from 'vitest'
import * as fc from 'fast-check'
import { legacyPermutation, nextMtUint32, randomInterval, seedMt19937, type Mt19937 } from '../../src/exact/mt19937.ts'

// The first `count` outputs from a state, and the state after them.
const draws = (state: Mt19937, count: number): readonly [readonly number[], Mt19937] => {
  const out: number[] = []
  let current = state
  for (let i = 0; i < count; i++) {
    const [value, next] = nextMtUint32(current)
    out.push(value)
    current = next
  }
  return [out, current]
}

// Reference values: Matsumoto & Nishimura's mt19937ar.c for seed 5489 starts with
// 3499211612, and its 10,000th output is 4123659995. The others come from NumPy 1.24:
//   np.random.RandomState(seed).randint(0, 2**32, size=…, dtype=np.uint64)
// which, for this range, returns the raw 32-bit outputs.
describe('MT19937 against reference outputs', () => {
  it('seed 5489 (the reference default)', () => {
    const [out] = draws(seedMt19937(5489), 10000)
    expect(out.slice(0, 5)).toEqual([3499211612, 581869302, 3890346734, 3586334585, 545404204])
    // Across the first and second twists (outputs 624–627 and 1248–1249).
    expect(out.slice(623, 627)).toEqual([4020325887, 4178893912, 610818241, 2787397224])
    expect(out.slice(1247, 1249)).toEqual([2538210759, 358555951])
    expect(out[9999]).toBe(4123659995)
  })

  it('seeds 42, 0 and 2³² − 1', () => {
    expect(draws(seedMt19937(42), 5)[0]).toEqual([1608637542, 3421126067, 4083286876, 787846414, 3143890026])
    expect(draws(seedMt19937(0), 3)[0]).toEqual([2357136044, 2546248239, 3071714933])
    expect(draws(seedMt19937(0xffffffff), 3)[0]).toEqual([419326371, 479346978, 3918654476])
  })
})

describe('MT19937 as a value', () => {
  it('never changes a state it is given, even across a twist', () => {
    const seeded = seedMt19937(42)
    const before = seeded.words.slice()
    const [first] = draws(seeded, 700)
    expect(seeded.words).toEqual(before)
    expect(seeded.index).toBe(624)
    // The same state gives the same numbers again.
    expect(draws(seeded, 700)[0]).toEqual(first)
    const [, mid] = draws(seeded, 10)
    const midWords = mid.words.slice()
    expect(draws(mid, 5)[0]).toEqual(draws(mid, 5)[0])
    expect(mid.words).toEqual(midWords)
  })

  it('draws a bounded integer the way NumPy does (mask, then reject)', () => {
    // 1608637542 & 15 = 6 ≤ 9: accepted at once.
    expect(randomInterval(seedMt19937(42), 9)[0]).toBe(6)
    expect(randomInterval(seedMt19937(42), 0)).toEqual([0, seedMt19937(42)])
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 1000 }), (seed, max) => {
        const [value] = randomInterval(seedMt19937(seed), max)
        return Number.isInteger(value) && value >= 0 && value <= max
      }),
      { numRuns: 200 },
    )
  })
})

describe('legacyPermutation = np.random.RandomState(seed).permutation(n)', () => {
  it('small cases, against NumPy', () => {
    expect(Array.from(legacyPermutation(10, 42))).toEqual([8, 1, 5, 0, 7, 2, 9, 4, 3, 6])
    expect(Array.from(legacyPermutation(10, 0))).toEqual([2, 8, 4, 9, 1, 6, 7, 3, 0, 5])
    expect(Array.from(legacyPermutation(5, 7))).toEqual([0, 3, 2, 1, 4])
    expect(Array.from(legacyPermutation(2, 1))).toEqual([0, 1])
    expect(Array.from(legacyPermutation(1, 1))).toEqual([0])
    expect(Array.from(legacyPermutation(0, 1))).toEqual([])
  })

  it('the fingerprint of the MNIST shuffle: 70,000 with seed 42', () => {
    // (Speed is measured by npm run bench, never by a test: a loaded machine would fail it.)
    const order = legacyPermutation(70000, 42)
    expect(Array.from(order.subarray(0, 8))).toEqual([46730, 48393, 41416, 34506, 43725, 11615, 24656, 22411])
    expect(Array.from(order.subarray(69992))).toEqual([16023, 60263, 44131, 37194, 6265, 54886, 860, 15795])
  })

  it('is always a permutation of 0 … n − 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.nat(), (n, seed) => {
        const sorted = Array.from(legacyPermutation(n, seed)).sort((a, b) => a - b)
        return sorted.every((v, i) => v === i) && sorted.length === n
      }),
      { numRuns: 200 },
    )
  })

  it('throws on an impossible length (a programming error)', () => {
    expect(() => legacyPermutation(-1, 0)).toThrow(RangeError)
    expect(() => legacyPermutation(2.5, 0)).toThrow(RangeError)
  })
})
