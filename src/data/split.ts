// Training and test splits
// ========================
//
// A split says which samples we learn from and which we only measure on, as two lists of
// indices into one data set. Two splits of MNIST's 70,000 digits (the 60,000 training
// images followed by the 10,000 t10k images, see `concatDatasets`) are offered:
//
//     official   train = 0 … 59999,  test = 60000 … 69999      (MNIST's own division)
//     sklearn    what `train_test_split(X, test_size=0.2, random_state=42)` picks in Python
//
// scikit-learn shuffles with NumPy's `RandomState(seed).permutation(n)` (data/mt19937.ts)
// and cuts the shuffled order in two, so with the same seed we match it index for index:
//
//     n_test = ⌈f · n⌉,   n_train = n − n_test,   test = perm[0 : n_test],   train = perm[n_test : n]
// Previous: data/mt19937.ts. Next: train/step.ts.

import * as E from 'fp-ts/lib/Either.js'
import { legacyPermutation } from './mt19937.ts'

/** Indices of the training samples and of the test samples; each sample is in exactly one. */
export interface Split {
  readonly train: Int32Array // (n_train)
  readonly test: Int32Array // (n_test)
}

// scikit-learn's split
// --------------------

// The sizes follow sklearn's `_validate_shuffle_split`: the test part is rounded *up* and
// the training part gets the rest. The product f · n is computed in doubles, as Python
// does, so even its rounding quirks match: 0.28 · 25 = 7.000000000000001 gives 8 test samples.

/**
 * scikit-learn's `train_test_split(range(n), test_size=testFraction, random_state=seed)`
 * as index lists, or why those arguments cannot work.
 * @example sklearnSplit(10, 0.25, 42) // right({ train: [0, 7, 2, 9, 4, 3, 6], test: [8, 1, 5] })
 */
export const sklearnSplit = (n: number, testFraction: number, seed = 42): E.Either<string, Split> => {
  if (!(Number.isInteger(n) && n >= 1 && n <= 0x7fffffff)) {
    return E.left(`split: the number of samples must be a positive integer below 2^31, got ${n}`)
  }
  if (!(testFraction > 0 && testFraction < 1)) {
    return E.left(`split: the test fraction must be strictly between 0 and 1, got ${testFraction}`)
  }
  // NumPy's RandomState accepts integer seeds in [0, 2³²) and rejects everything else.
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
    return E.left(`split: the seed must be an integer in [0, 2^32), got ${seed}`)
  }
  const nTest = Math.ceil(testFraction * n)
  const nTrain = n - nTest
  if (nTrain === 0) {
    return E.left(`split: with ${n} samples and test fraction ${testFraction}, the training set would be empty`)
  }
  const order = legacyPermutation(n, seed)
  return E.right({ train: order.slice(nTest, n), test: order.slice(0, nTest) })
}

// MNIST's own split
// -----------------

/**
 * The first `nTrain` samples for training and the next `nTest` for testing: MNIST's
 * official split is `officialSplit(60000, 10000)` on the concatenated 70,000.
 * @example officialSplit(3, 2) // right({ train: [0, 1, 2], test: [3, 4] })
 */
export const officialSplit = (nTrain: number, nTest: number): E.Either<string, Split> => {
  if (!(Number.isInteger(nTrain) && Number.isInteger(nTest) && nTrain >= 1 && nTest >= 1 && nTrain + nTest <= 0x7fffffff)) {
    return E.left(`split: the training and test sizes must be positive integers (total below 2^31), got ${nTrain} and ${nTest}`)
  }
  const train = new Int32Array(nTrain) // (nTrain)
  for (let i = 0; i < nTrain; i++) train[i] = i
  const test = new Int32Array(nTest) // (nTest)
  for (let i = 0; i < nTest; i++) test[i] = nTrain + i
  return E.right({ train, test })
}
