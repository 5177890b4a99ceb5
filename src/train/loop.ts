// The training loop
// =================
//
// An epoch is a fold of one training step over the training set, batch by batch:
//
//     (params, state) ─step(batch₁)─▶ (params′, state′) ─step(batch₂)─▶ … ─▶ end of epoch
//
// where a step asks a gradient engine (train/step.ts) for the batch's gradients and hands
// them to the optimizer. Training is that fold repeated for every epoch, measuring the test
// accuracy after each one. So that a command line can draw a progress bar without this
// module printing anything, the loop is a *generator*: it yields a small progress record
// every so often and a summary at the end of each epoch, and returns the final parameters.
// The caller decides what to show and when to look at the clock. It is an *async*
// generator because gradients may come from worker threads; computed on this thread they
// arrive at once, and no step waits.
//
// If the loss ever becomes NaN or ±∞ the run has diverged (usually: learning rate too
// high); the loop stops at once and returns where it happened instead of parameters.
// Previous: train/step.ts. Next: train/evaluate.ts.

import { leavesOf, type ParamTree } from '../core/params.ts'
import { permutation, type Rng } from '../core/rng.ts'
import type { Dataset } from '../data/dataset.ts'
import type { Network } from '../model/sequential.ts'
import type { Optimizer } from '../optim/optimizer.ts'
import { evaluate } from './evaluate.ts'
import type { GradientEngine, Gradients } from './step.ts'

/** How to train. */
export interface TrainConfig<S> {
  /** The network, for measuring the test accuracy after each epoch. */
  readonly net: Network
  /** Where the gradients of a batch come from. */
  readonly engine: GradientEngine
  readonly optimizer: Optimizer<S>
  readonly epochs: number
  /** Samples per update; 1 updates after every sample, as the original experiment does. */
  readonly batchSize: number
  /** Reshuffle the training order every epoch; otherwise keep the split's order. */
  readonly shuffle: boolean
  /** Yield a progress record about every this many samples (default 2,000). */
  readonly progressEvery?: number
  /** How to measure the test accuracy (default: evaluate on this thread). */
  readonly testAccuracy?: (params: ParamTree, testIndices: Readonly<Int32Array>) => number | Promise<number>
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
  | { readonly kind: 'diverged'; readonly epoch: number; readonly step: number; readonly reason: string }

type Diverged = Extract<TrainOutcome, { kind: 'diverged' }>

// One epoch
// ---------

interface EpochEnd<S> {
  readonly params: ParamTree
  readonly state: S
  readonly lossSum: number
  readonly correct: number
}

// The fold over one epoch's batches, yielding progress as it goes.
async function* runEpoch<S>(
  config: TrainConfig<S>,
  epoch: number,
  order: Readonly<Int32Array>,
  params: ParamTree,
  state: S,
): AsyncGenerator<Progress, EpochEnd<S> | Diverged> {
  const { engine, optimizer, batchSize, progressEvery = 2000 } = config
  const total = order.length
  let current = { params, state }
  let lossSum = 0
  let correct = 0
  let nextReport = progressEvery
  for (let start = 0, step = 1; start < total; start += batchSize, step++) {
    const end = Math.min(start + batchSize, total)
    const answer = engine.gradients(current.params, order, start, end)
    const batch: Gradients = answer instanceof Promise ? await answer : answer
    if (!Number.isFinite(batch.loss)) return { kind: 'diverged', epoch, step, reason: `the loss became ${batch.loss}` }
    const [params, state] = optimizer.step(current.params, batch.grads, current.state)
    current = { params, state }
    lossSum += batch.loss * (end - start)
    correct += batch.correct
    if (end >= nextReport || end === total) {
      yield { kind: 'progress', epoch, seen: end, total, loss: lossSum / end, accuracy: correct / end }
      nextReport = end + progressEvery
    }
  }
  return { ...current, lossSum, correct }
}

// True when every parameter is a finite number.
const allFinite = (params: ParamTree): boolean =>
  leavesOf(params).every(({ value }) => value.data.every(Number.isFinite))

// Training
// --------

/**
 * Trains for `config.epochs` epochs on `trainIndices` (indices into `data`) from `params`,
 * measuring the accuracy on `testIndices` after each epoch; `rng` shuffles the training
 * order when `config.shuffle` is set. Yields progress and epoch summaries; returns the
 * outcome.
 */
export async function* train<S>(
  config: TrainConfig<S>,
  data: Dataset,
  trainIndices: Readonly<Int32Array>,
  testIndices: Readonly<Int32Array>,
  params: ParamTree,
  rng: Rng,
): AsyncGenerator<Progress | EpochSummary, TrainOutcome> {
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
    const end = yield* runEpoch(config, epoch, order, current.params, current.state)
    if ('kind' in end) return end
    // A last update can overflow the weights without any loss showing it yet.
    if (!allFinite(end.params)) return { kind: 'diverged', epoch, step: Math.ceil(order.length / config.batchSize), reason: 'a weight stopped being a finite number' }
    current = { params: end.params, state: end.state }
    const measure = config.testAccuracy ?? ((p: ParamTree) => evaluate(config.net, p, data, testIndices).accuracy)
    const summary: EpochSummary = {
      kind: 'epoch',
      epoch,
      trainLoss: end.lossSum / order.length,
      trainAccuracy: end.correct / order.length,
      testAccuracy: testIndices.length === 0 ? Number.NaN : await measure(current.params, testIndices),
      params: current.params,
    }
    history.push(summary)
    yield summary
  }
  return { kind: 'trained', params: current.params, history }
}
