import { describe, expect, it } from 'vitest'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { defaultDataDir, loadIdxDir } from '../../src/cli/dataFiles.ts'
import { concatDatasets } from '../../src/data/idx.ts'
import { sklearnSplit } from '../../src/exact/sklearnSplit.ts'
import { coversOnce, left, lists, right } from '../helpers/splits.ts'

// Reference values from scikit-learn 1.2.1 with NumPy 1.24:
//   train, test = train_test_split(np.arange(n), test_size=f, random_state=seed)
describe('sklearnSplit = train_test_split(range(n), test_size, random_state)', () => {
  it('small cases, against scikit-learn', () => {
    expect(lists(right(sklearnSplit(10, 0.25, 42)))).toEqual({ train: [0, 7, 2, 9, 4, 3, 6], test: [8, 1, 5] })
    expect(lists(right(sklearnSplit(10, 0.7, 42)))).toEqual({ train: [4, 3, 6], test: [8, 1, 5, 0, 7, 2, 9] })
    expect(lists(right(sklearnSplit(3, 0.5, 1)))).toEqual({ train: [1], test: [0, 2] })
    expect(lists(right(sklearnSplit(2, 0.5, 9)))).toEqual({ train: [0], test: [1] })
    expect(lists(right(sklearnSplit(10, 0.25)))).toEqual(lists(right(sklearnSplit(10, 0.25, 42))))
  })

  it('rounds the test size up exactly as Python does, quirks included', () => {
    // 0.28 · 25 = 7.000000000000001 in doubles, so ⌈·⌉ gives 8.
    expect(lists(right(sklearnSplit(25, 0.28, 0)))).toEqual({
      train: [23, 14, 1, 10, 13, 8, 6, 18, 4, 9, 7, 20, 3, 0, 21, 15, 12],
      test: [5, 2, 19, 16, 11, 22, 17, 24],
    })
  })

  it('rejects arguments sklearn would reject', () => {
    expect(left(sklearnSplit(1, 0.5, 0))).toBe('split: with 1 samples and test fraction 0.5, the training set would be empty')
    expect(left(sklearnSplit(10, 0))).toBe('split: the test fraction must be strictly between 0 and 1, got 0')
    expect(left(sklearnSplit(10, 1))).toBe('split: the test fraction must be strictly between 0 and 1, got 1')
    expect(left(sklearnSplit(10, Number.NaN))).toMatch(/test fraction/)
    expect(left(sklearnSplit(0, 0.2))).toBe('split: the number of samples must be a positive integer below 2^31, got 0')
    expect(left(sklearnSplit(10, 0.2, -1))).toBe('split: the seed must be an integer in [0, 2^32), got -1')
  })

  it('always gives ⌈f·n⌉ test and the rest train, covering every index once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 500 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.nat(),
        (n, f, seed) => {
          const result = sklearnSplit(n, f, seed)
          if (Math.ceil(f * n) >= n) return E.isLeft(result)
          const split = right(result)
          return split.test.length === Math.ceil(f * n) && split.train.length === n - split.test.length && coversOnce(split, n)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('the MNIST fingerprint: 70,000 digits, 20 % test, seed 42', async () => {
    const split = right(sklearnSplit(70000, 0.2, 42))
    expect(split.test.length).toBe(14000)
    expect(split.train.length).toBe(56000)
    expect(coversOnce(split, 70000)).toBe(true)
    expect(Array.from(split.test.subarray(0, 8))).toEqual([46730, 48393, 41416, 34506, 43725, 11615, 24656, 22411])
    expect(Array.from(split.train.subarray(0, 5))).toEqual([47339, 67456, 12308, 32557, 664])

    // The class balance of the test set, over the real labels (60,000 train then 10,000 t10k).
    const mnist = right(await loadIdxDir(defaultDataDir()))
    const all = right(concatDatasets(mnist.train, mnist.test))
    const testCounts = new Array<number>(10).fill(0)
    for (const i of split.test) testCounts[all.labels[i]]++
    expect(testCounts).toEqual([1343, 1600, 1380, 1433, 1295, 1273, 1396, 1503, 1357, 1420])
    const trainCounts = new Array<number>(10).fill(0)
    for (const i of split.train) trainCounts[all.labels[i]]++
    expect(trainCounts).toEqual([5560, 6277, 5610, 5708, 5529, 5040, 5480, 5790, 5468, 5538])
  })
})
