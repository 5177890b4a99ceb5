// The training loop
// =================
//
// An epoch is a fold of one training step (train/step.ts) over the training set, batch by
// batch; training is that fold repeated for every epoch, measuring the test set after each:
//
//     (params, state) ─step(batch₁)─▶ (params′, state′) ─step(batch₂)─▶ … ─▶ end of epoch ─▶ test
//
// This is exactly what `npm run train` runs. So that the command line can draw a progress
// bar without this module printing anything or reading the clock, the loop is a
// *generator*: every couple of thousand samples it yields a small progress record, after
// each epoch a summary, and at the end it returns the outcome. The caller decides what to
// show, and what to keep: the loop itself keeps only each epoch's figures (losses and
// accuracies), so its memory does not grow with the epochs; the final parameters and their
// test predictions come once, in the outcome. The training order is the split's, or
// reshuffled every epoch with the seeded generator of core/rng.ts.
//
// If the loss ever becomes NaN or ±∞ the run has diverged (usually: learning rate too
// high); the loop stops at once and returns where it happened instead of parameters.
// Previous: train/evaluate.ts. Next: train/recipe.ts.

import { leavesOf, type ParamTree } from '../core/params.ts'
import { permutation, type Rng } from '../core/rng.ts'
import { gatherBatch, type Dataset } from '../data/dataset.ts'
import type { Loss, Pass } from '../layers/layer.ts'
import type { Network } from '../model/sequential.ts'
import type { Optimizer } from '../optim/optimizer.ts'
import { evaluate, type Evaluation } from './evaluate.ts'
import { gradientsOf, trainStep, type GradientsOf } from './step.ts'

/** How to train. */
export interface TrainConfig<S> {
  readonly net: Network
  readonly loss: Loss
  readonly optimizer: Optimizer<S>
  readonly epochs: number
  /** Samples per update; 1 updates after every sample, as the original experiment does. */
  readonly batchSize: number
  /** Reshuffle the training order every epoch; otherwise keep the split's order. */
  readonly shuffle: boolean
  /** Yield a progress record about every this many samples (default 2,000). */
  readonly progressEvery?: number
  /** How a batch's gradients are computed (default: `gradientsOf`, on this thread). */
  readonly gradients?: GradientsOf
  /** How a batch is cut from the data set (default: `gatherBatch`; augmenting, it reads the epoch). */
  readonly gather?: (data: Dataset, order: Readonly<Int32Array>, from: number, to: number, epoch: number) => ReturnType<typeof gatherBatch>
  /** How the test set is measured (default: `evaluate`, on this thread). */
  readonly evaluate?: typeof evaluate
  /** The pass of each step (epoch and step from 1), which dropout and batch norm need to train. */
  readonly pass?: (epoch: number, step: number) => Pass
}

/** Where we are inside an epoch. */
export interface Progress {
  readonly kind: 'progress'
  readonly epoch: number
  readonly seen: number
  readonly total: number
  /** Mean loss and accuracy over the samples seen so far in this epoch. */
  readonly loss: number
  readonly accuracy: number
}

/** What an epoch achieved, in figures: all that the history keeps, whatever the epochs. */
export interface EpochFigures {
  readonly epoch: number
  readonly trainLoss: number
  readonly trainAccuracy: number
  /** The test set's accuracy and mean loss after this epoch (NaN without test samples). */
  readonly testAccuracy: number
  readonly testLoss: number
}

/** The end of an epoch, as yielded: its figures, and the parameters and every test prediction of that moment, which the loop does not keep. */
export type EpochSummary = EpochFigures & { readonly kind: 'epoch'; readonly test: Evaluation; readonly params: ParamTree }

/** How training ended: with the trained parameters, their test predictions (the report's) and each epoch's figures; or diverged at a given step. */
export type TrainOutcome =
  | { readonly kind: 'trained'; readonly params: ParamTree; readonly test: Evaluation; readonly history: readonly EpochFigures[] }
  | { readonly kind: 'diverged'; readonly epoch: number; readonly step: number; readonly reason: string }

// True when every parameter is a finite number.
const allFinite = (params: ParamTree): boolean => leavesOf(params).every(({ value }) => value.data.every(Number.isFinite))

// Training
// --------

/**
 * Trains for `config.epochs` epochs on `trainIndices` (indices into `data`) from `params`,
 * measuring the samples `testIndices` after each epoch; `rng` shuffles the training order
 * when `config.shuffle` is set. Yields progress and epoch summaries; returns the outcome.
 */
export function* train<S>(
  config: TrainConfig<S>, data: Dataset, trainIndices: Readonly<Int32Array>, testIndices: Readonly<Int32Array>, initial: ParamTree, rng: Rng,
): Generator<Progress | EpochSummary, TrainOutcome> {
  const { net, loss, optimizer, batchSize, progressEvery = 2000, gradients = gradientsOf, gather = gatherBatch, evaluate: measure = evaluate } = config
  let params = initial
  let state = optimizer.init(params)
  let shuffler = rng
  const history: EpochFigures[] = []
  let test: Evaluation | undefined
  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    let order = trainIndices
    if (config.shuffle) {
      const [shuffled, next] = permutation(trainIndices.length, shuffler)
      shuffler = next
      order = shuffled.map((i) => trainIndices[i])
    }
    // The fold over this epoch's batches.
    const total = order.length
    let [lossSum, correct, nextReport] = [0, 0, progressEvery]
    for (let from = 0, step = 1; from < total; from += batchSize, step++) {
      const to = Math.min(from + batchSize, total)
      const { x, labels } = gather(data, order, from, to, epoch)
      const stepped = trainStep(net, loss, optimizer, params, state, x, labels, gradients, config.pass?.(epoch, step))
      if (!Number.isFinite(stepped.loss)) return { kind: 'diverged', epoch, step, reason: `the loss became ${stepped.loss}` }
      params = stepped.params
      state = stepped.state
      lossSum += stepped.loss * (to - from)
      correct += stepped.correct
      if (to >= nextReport || to === total) {
        yield { kind: 'progress', epoch, seen: to, total, loss: lossSum / to, accuracy: correct / to }
        nextReport = to + progressEvery
      }
    }
    // A last update can overflow the weights without any loss showing it yet.
    if (!allFinite(params)) return { kind: 'diverged', epoch, step: Math.ceil(total / batchSize), reason: 'a weight stopped being a finite number' }
    test = measure(net, params, data, testIndices)
    const figures: EpochFigures = { epoch, trainLoss: lossSum / total, trainAccuracy: correct / total, testAccuracy: test.accuracy, testLoss: test.loss }
    history.push(figures)
    yield { kind: 'epoch', ...figures, test, params }
  }
  return { kind: 'trained', params, test: test ?? measure(net, params, data, testIndices), history }
}
