// The original experiment's split, index for index
// ================================================
//
// The original experiment divided all 70,000 MNIST digits with scikit-learn's
// `train_test_split(X, test_size=0.2, random_state=42)`. To measure on the very same 14,000
// test digits, we make the same division. scikit-learn does what data/split.ts's
// `randomSplit` does, shuffle then cut, with NumPy's `RandomState(seed).permutation(n)` as the
// shuffle (exact/mt19937.ts), so with the same seed we match it index for index:
//
//     n_test = ⌈f · n⌉,   n_train = n − n_test,   test = perm[0 : n_test],   train = perm[n_test : n]
//
// The sizes follow sklearn's `_validate_shuffle_split` (data/split.ts's `splitSizes`): the
// product f · n is computed in doubles, as Python does, so even its rounding quirks match:
// 0.28 · 25 = 7.000000000000001 gives 8 test samples. spec/exact/sklearnSplit.spec.ts checks
// the split of MNIST against fingerprints of Python's (the permutation starts 46730, 48393, …).
// Previous: exact/mt19937.ts. Next: exact/sklearnMetrics.ts.

import * as E from 'fp-ts/lib/Either.js'
import { splitSizes, type Split } from '../data/split.ts'
import { legacyPermutation } from './mt19937.ts'

/**
 * scikit-learn's `train_test_split(range(n), test_size=testFraction, random_state=seed)`
 * as index lists, or why those arguments cannot work.
 * @example sklearnSplit(10, 0.25, 42) // right({ train: [0, 7, 2, 9, 4, 3, 6], test: [8, 1, 5] })
 */
export const sklearnSplit = (n: number, testFraction: number, seed = 42): E.Either<string, Split> => {
  const sizes = splitSizes(n, testFraction)
  if (E.isLeft(sizes)) return sizes
  // NumPy's RandomState accepts integer seeds in [0, 2³²) and rejects everything else.
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) return E.left(`split: the seed must be an integer in [0, 2^32), got ${seed}`)
  const order = legacyPermutation(n, seed)
  return E.right({ train: order.slice(sizes.right.nTest, n), test: order.slice(0, sizes.right.nTest) })
}
