import { describe, expect, it } from 'vitest'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { seedRng } from '../../src/core/rng.ts'
import { officialSplit, randomSplit, splitSizes } from '../../src/data/split.ts'
import { coversOnce, left, lists, right } from '../helpers/splits.ts'

describe('officialSplit', () => {
  it('the first nTrain for training, the next nTest for testing', () => {
    expect(lists(right(officialSplit(3, 2)))).toEqual({ train: [0, 1, 2], test: [3, 4] })
    const mnist = right(officialSplit(60000, 10000))
    expect([mnist.train.length, mnist.test.length, mnist.train[59999], mnist.test[0], mnist.test[9999]]).toEqual([60000, 10000, 59999, 60000, 69999])
    expect(coversOnce(mnist, 70000)).toBe(true)
  })

  it('rejects empty or fractional parts', () => {
    expect(left(officialSplit(0, 5))).toBe('split: the training and test sizes must be positive integers (total below 2^31), got 0 and 5')
    expect(left(officialSplit(5, 1.5))).toMatch(/got 5 and 1.5$/)
  })
})

describe('randomSplit: shuffle with the seeded generator, then cut', () => {
  it('gives ⌈f·n⌉ test samples and the rest for training, covering every index once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 300 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.nat(), (n, f, seed) => {
        const sizes = splitSizes(n, f)
        fc.pre(E.isRight(sizes))
        const split = right(randomSplit(n, f, seedRng(seed)))
        return split.test.length === Math.ceil(f * n) && split.train.length === n - Math.ceil(f * n) && coversOnce(split, n)
      }),
    )
  })

  it('is a value of its seed: the same seed, the same split; another seed, another split', () => {
    expect(lists(right(randomSplit(100, 0.2, seedRng(7))))).toEqual(lists(right(randomSplit(100, 0.2, seedRng(7)))))
    expect(lists(right(randomSplit(100, 0.2, seedRng(7))))).not.toEqual(lists(right(randomSplit(100, 0.2, seedRng(8)))))
  })

  it('rejects what cannot be split, with the same messages as the sizes', () => {
    expect(left(randomSplit(1, 0.5, seedRng(1)))).toBe('split: with 1 samples and test fraction 0.5, the training set would be empty')
    expect(left(randomSplit(10, 0, seedRng(1)))).toBe('split: the test fraction must be strictly between 0 and 1, got 0')
    expect(left(randomSplit(0, 0.2, seedRng(1)))).toBe('split: the number of samples must be a positive integer below 2^31, got 0')
  })
})
