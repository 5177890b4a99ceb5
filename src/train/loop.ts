// The training loop
// =================
//
// An epoch is a fold of `trainStep` over the training set, batch by batch:
//
//     (params, state) ─step(batch₁)─▶ (params′, state′) ─step(batch₂)─▶ … ─▶ end of epoch
//
// and training is that fold repeated for every epoch, measuring the test accuracy after
// each one. To let a command line draw a progress bar without this module printing
// anything, the loop is a *generator*: it yields a small progress record every so often
// and an epoch summary at the end of each epoch, and it returns the final parameters.
// The caller decides what to show and when to look at the clock.
//
// If the loss ever becomes NaN or ±∞ the run has diverged (usually: learning rate too
// high); the loop stops at once and returns where it happened instead of parameters.
// Previous: train/step.ts. Next: train/evaluate.ts.

import type { ParamTree } from '../core/params.ts'
import { permutation, type Rng } from '../core/rng.ts'
import { gatherBatch, type Dataset } from '../data/dataset.ts'
import type { Loss } from '../layers/layer.ts'
import type { Network } from '../model/sequential.ts'
import type { Optimizer } from '../optim/optimizer.ts'
import { evaluate } from './evaluate.ts'
import { trainStep } from './step.ts'

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

/** What an epoch achieved. */
export interface EpochSummary {
  readonly kind: 'epoch'
  readonly epoch: number
  readonly trainLoss: number
  readonly trainAccuracy: number
  readonly testAccuracy: number
  readonly params: ParamTree
}

/** How training ended: with trained parameters, or diverged at a given step. */
export type TrainOutcome =
  | { readonly kind: 'trained'; readonly params: ParamTree; readonly history: readonly EpochSummary[] }
  | { readonly kind: 'diverged'; readonly epoch: number; readonly step: number; readonly loss: number }

// One epoch
// ---------

interface EpochEnd<S> {
  readonly params: ParamTree
  readonly state: S
  readonly lossSum: number
  readonly correct: number
}

type Diverged = Extract<TrainOutcome, { kind: 'diverged' }>

// The fold over one epoch's batches, yielding progress as it goes.
function* runEpoch<S>(
  config: TrainConfig<S>,
  epoch: number,
  data: Dataset,
  order: Readonly<Int32Array>,
  params: ParamTree,
  state: S,
): Generator<Progress, EpochEnd<S> | Diverged> {
  const { net, loss, optimizer, batchSize, progressEvery = 2000 } = config
  const total = order.length
  let current = { params, state }
  let lossSum = 0
  let correct = 0
  let nextReport = progressEvery
  for (let start = 0, step = 1; start < total; start += batchSize, step++) {
    const end = Math.min(start + batchSize, total)
    const { x, labels } = gatherBatch(data, order, start, end)
    const stepped = trainStep(net, loss, optimizer, current.params, current.state, x, labels)
    if (!Number.isFinite(stepped.loss)) return { kind: 'diverged', epoch, step, loss: stepped.loss }
    current = { params: stepped.params, state: stepped.state }
    lossSum += stepped.loss * (end - start)
    correct += stepped.correct
    if (end >= nextReport || end === total) {
      yield { kind: 'progress', epoch, seen: end, total, loss: lossSum / end, accuracy: correct / end }
      nextReport = end + progressEvery
    }
  }
  return { ...current, lossSum, correct }
}

// Training
// --------

/**
 * Trains for `config.epochs` epochs on `trainIndices` (indices into `data`) from `params`,
 * measuring the accuracy on `testIndices` after each epoch; `rng` shuffles the training
 * order when `config.shuffle` is set. Yields progress and epoch summaries; returns the
 * outcome.
 */
export function* train<S>(
  config: TrainConfig<S>,
  data: Dataset,
  trainIndices: Readonly<Int32Array>,
  testIndices: Readonly<Int32Array>,
  params: ParamTree,
  rng: Rng,
): Generator<Progress | EpochSummary, TrainOutcome> {
  let current = { params, state: config.optimizer.init(params) }
  let shuffler = rng
  const history: EpochSummary[] = []
  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    let order = trainIndices
    if (config.shuffle) {
      const [shuffled, next] = permutation(trainIndices.length, shuffler)
      shuffler = next
      order = shuffled.map((i) => trainIndices[i])
    }
    const end = yield* runEpoch(config, epoch, data, order, current.params, current.state)
    if ('kind' in end) return end
    current = { params: end.params, state: end.state }
    const summary: EpochSummary = {
      kind: 'epoch',
      epoch,
      trainLoss: end.lossSum / order.length,
      trainAccuracy: end.correct / order.length,
      testAccuracy: testIndices.length === 0 ? Number.NaN : evaluate(config.net, current.params, data, testIndices).accuracy,
      params: current.params,
    }
    history.push(summary)
    yield summary
  }
  return { kind: 'trained', params: current.params, history }
}
