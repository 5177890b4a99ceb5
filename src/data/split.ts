// Training and test splits
// ========================
//
// A split says which samples we learn from and which we only measure on, as two lists of
// indices into one data set. Every sample is in exactly one of them: a network measured on
// digits it trained on would look better than it is. MNIST's 70,000 digits (the 60,000
// training images followed by the 10,000 t10k images, see `concatDatasets`) can be divided
// two ways:
//
//     official   train = 0 … 59999,  test = 60000 … 69999        (MNIST's own division)
//     random     shuffle 0 … n−1 with a seeded generator, then cut:
//                n_test = ⌈f · n⌉,  test = order[0 : n_test],  train = order[n_test : n]
//
// The random split here shuffles with our own generator (core/rng.ts). The original
// experiment shuffled with NumPy's, through scikit-learn's `train_test_split`; to compare with
// it digit for digit, `npm run train` uses the very same division, which appendix A rebuilds
// (exact/sklearnSplit.ts: the same cut, NumPy's Mersenne Twister for the shuffle).
// Previous: data/dataset.ts. Next: train/step.ts.

import * as E from 'fp-ts/lib/Either.js'
import { permutation, type Rng } from '../core/rng.ts'

/** Indices of the training samples and of the test samples; each sample is in exactly one. */
export interface Split {
  readonly train: Int32Array // (n_train)
  readonly test: Int32Array // (n_test)
}

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

/**
 * The sizes of a split of n samples with a test share f: the test part rounded up, the
 * training part the rest (as scikit-learn rounds), or why there can be no such split.
 */
export const splitSizes = (n: number, testFraction: number): E.Either<string, { readonly nTrain: number; readonly nTest: number }> => {
  if (!(Number.isInteger(n) && n >= 1 && n <= 0x7fffffff)) return E.left(`split: the number of samples must be a positive integer below 2^31, got ${n}`)
  if (!(testFraction > 0 && testFraction < 1)) return E.left(`split: the test fraction must be strictly between 0 and 1, got ${testFraction}`)
  const nTest = Math.ceil(testFraction * n)
  if (nTest === n) return E.left(`split: with ${n} samples and test fraction ${testFraction}, the training set would be empty`)
  return E.right({ nTrain: n - nTest, nTest })
}

/**
 * A seeded random split: the samples shuffled by `rng`, the first ⌈f · n⌉ for testing.
 * @example randomSplit(10, 0.3, seedRng(1)) // right({ train: 7 indices, test: 3 others })
 */
export const randomSplit = (n: number, testFraction: number, rng: Rng): E.Either<string, Split> => {
  const sizes = splitSizes(n, testFraction)
  if (E.isLeft(sizes)) return sizes
  const [order] = permutation(n, rng)
  return E.right({ train: order.slice(sizes.right.nTest), test: order.slice(0, sizes.right.nTest) })
}
