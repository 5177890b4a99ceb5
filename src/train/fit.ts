// Training from code: fit
// =======================
//
// The loop of train/loop.ts is a generator with six positional arguments, and the recipe of
// train/recipe.ts needs a step count for its schedule. `fit` is the same run behind one
// call, in the shape TensorFlow.js's `model.fit` made familiar: a network, the data, an
// options object and callbacks, and a promise of the result:
//
//     const { params, history } = await fit(net, mnist, { epochs: 1, batchSize: 20 }, { onEpoch })
//
// Every option left out is `npm run train`'s default (train/recipe.ts's DEFAULT_RECIPE), so
// `fit(net, data)` on the default network learns exactly what the command learns (with the
// plain kernels, bit for bit). Those defaults differ from TensorFlow.js's, on purpose:
//
//     option         here                     TensorFlow.js
//     epochs         10                       1
//     batchSize      1 (the original's)       32
//     shuffle        false (the split's order) true
//     learningRate   0.001, cosine to 0       the optimizer's own, constant
//
// `fit` works the schedule's length out itself (epochs × ⌈training samples / batch size⌉
// optimizer steps), starts from the seed's initial weights unless given some, and runs the
// loop a step at a time. Between steps it lets the event loop run now and then, so that an
// `AbortSignal` (a Stop button, a timeout) can end the run: it then resolves with the
// parameters of the last finished epoch (the initial ones if none finished) and the history
// so far, and says `stopped: 'aborted'`. A run whose loss becomes NaN or ±∞ rejects with an
// Error saying where. `fit` uses no Node built-ins, so it runs in a browser as well; worker
// threads (`--workers`) are the command line's, not this function's. Networks with chapter
// 11's layers train with a pass for every step, and `augment` moves the training images.
// Previous: data/idxWrite.ts. Next: exact/mt19937.ts.

import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { parseAugment } from '../beyond/augment.ts'
import { batchTooSmall, beyondEngine } from '../model/beyond.ts'
import type { ParamTree } from '../core/params.ts'
import type { Dataset } from '../data/dataset.ts'
import type { Network } from '../model/sequential.ts'
import type { ScheduleName } from '../optim/schedule.ts'
import type { EpochFigures, Progress } from './loop.ts'
import { DEFAULT_RECIPE, initialWeights, runRecipe, type Recipe } from './recipe.ts'

/** A data set and which of its samples to train on and to test on (what `loadMnist` returns). */
export interface TrainingData {
  readonly data: Dataset
  readonly train: Int32Array
  readonly test: Int32Array
}

/** How to train; every field has `npm run train`'s default. */
export interface FitOptions {
  /** Passes over the training samples (default 10). */
  readonly epochs?: number
  /** Samples per optimizer step (default 1). */
  readonly batchSize?: number
  /** The update rule (default 'adam'). */
  readonly optimizer?: 'sgd' | 'momentum' | 'adam'
  /** The starting learning rate (default 0.001). */
  readonly learningRate?: number
  /** How the rate changes over the run (default 'cosine': half a cosine wave down to 0). */
  readonly schedule?: ScheduleName
  /** AdamW's weight decay λ (default 0). */
  readonly weightDecay?: number
  /** Seeds the initial weights and the shuffles (default 1). */
  readonly seed?: number
  /** Reshuffle the training order every epoch (default false: the split's order). */
  readonly shuffle?: boolean
  /** Move each training image a little, anew every epoch (chapter 11's grammar; default 'none'). */
  readonly augment?: string
  /** Start from these weights instead of the seed's. */
  readonly initialParams?: ParamTree
}

/** What to be told during the run, and how to stop it. */
export interface FitCallbacks {
  /** After every epoch: its losses and accuracies (the test set's too). */
  readonly onEpoch?: (figures: EpochFigures) => void
  /** After every optimizer step: the epoch, samples seen, and the epoch's running loss and accuracy. */
  readonly onStep?: (progress: Progress) => void
  /** Aborting it ends the run after the current step. */
  readonly signal?: AbortSignal
}

/** The trained parameters and one record per finished epoch. */
export interface FitResult {
  readonly params: ParamTree
  readonly history: readonly EpochFigures[]
  /** 'done' after every epoch; 'aborted' when the signal stopped the run. */
  readonly stopped: 'done' | 'aborted'
}

// Why an option cannot be used, or undefined.
const optionProblem = (r: Recipe, net: Network, data: TrainingData): string | undefined => {
  const whole = (name: string, value: number) => (Number.isInteger(value) && value >= 1 ? undefined : `${name} must be a whole number of at least 1, not ${value}`)
  if (data.train.length === 0) return 'there are no training samples'
  return (
    whole('epochs', r.epochs) ??
    whole('batchSize', r.batchSize) ??
    (Number.isFinite(r.lr) && r.lr > 0 ? undefined : `learningRate must be a positive number, not ${r.lr}`) ??
    (['sgd', 'momentum', 'adam'].includes(r.optimizer) ? undefined : `optimizer must be 'sgd', 'momentum' or 'adam', not ${String(r.optimizer)}`) ??
    (['constant', 'step', 'cosine'].includes(r.schedule) ? undefined : `schedule must be 'constant', 'step' or 'cosine', not ${String(r.schedule)}`) ??
    (Number.isInteger(r.seed) && r.seed >= 0 && r.seed <= 0xffffffff ? undefined : `seed must be a whole number from 0 to 4294967295, not ${r.seed}`) ??
    pipe(parseAugment(r.augment), E.match((why) => `augment: ${why}`, () => undefined)) ??
    batchTooSmall(net, r.batchSize)
  )
}

// Lets timers, events and an abort run: a macrotask, in Node and in browsers alike.
const breathe = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

// How many samples to train between two breaths.
const SAMPLES_PER_BREATH = 1000

/**
 * Trains `net` on `data.train`, measuring `data.test` after every epoch, with `options`
 * (defaults: `npm run train`'s). Resolves with the parameters and the history; rejects with
 * an Error on a bad option or a diverged run.
 * @example const { params, history } = await fit(net, await loadMnist(), { epochs: 1 })
 */
export const fit = async (net: Network, data: TrainingData, options: FitOptions = {}, callbacks: FitCallbacks = {}): Promise<FitResult> => {
  const recipe: Recipe = {
    ...DEFAULT_RECIPE,
    epochs: options.epochs ?? DEFAULT_RECIPE.epochs,
    batchSize: options.batchSize ?? DEFAULT_RECIPE.batchSize,
    optimizer: options.optimizer ?? DEFAULT_RECIPE.optimizer,
    lr: options.learningRate ?? DEFAULT_RECIPE.lr,
    schedule: options.schedule ?? DEFAULT_RECIPE.schedule,
    weightDecay: options.weightDecay ?? DEFAULT_RECIPE.weightDecay,
    seed: options.seed ?? DEFAULT_RECIPE.seed,
    shuffle: options.shuffle ?? DEFAULT_RECIPE.shuffle,
    augment: options.augment ?? DEFAULT_RECIPE.augment,
  }
  const problem = optionProblem(recipe, net, data)
  if (problem !== undefined) throw new Error(`fit: ${problem}`)
  const [seeded, rng] = initialWeights(recipe, net)
  const initial = options.initialParams ?? seeded
  const { onEpoch, onStep, signal } = callbacks
  // The loop reports after every batch; the run is the recipe's, its schedule as long as the run.
  const run = runRecipe(recipe, net, initial, rng, data.data, data, { progressEvery: recipe.batchSize, ...beyondEngine(recipe, net) })
  let params = initial
  const history: EpochFigures[] = []
  let sinceBreath = 0
  for (;;) {
    if (signal?.aborted === true) return { params, history, stopped: 'aborted' }
    const next = run.next()
    if (next.done === true) {
      const outcome = next.value
      if (outcome.kind === 'diverged') throw new Error(`fit: training diverged at epoch ${outcome.epoch}, step ${outcome.step}: ${outcome.reason} (try a lower learningRate)`)
      return { params: outcome.params, history, stopped: 'done' }
    }
    const event = next.value
    if (event.kind === 'progress') {
      onStep?.(event)
      sinceBreath += recipe.batchSize
    } else {
      const figures: EpochFigures = { epoch: event.epoch, trainLoss: event.trainLoss, trainAccuracy: event.trainAccuracy, testAccuracy: event.testAccuracy, testLoss: event.testLoss }
      params = event.params
      history.push(figures)
      onEpoch?.(figures)
    }
    if (sinceBreath >= SAMPLES_PER_BREATH || event.kind === 'epoch') {
      sinceBreath = 0
      await breathe()
    }
  }
}
