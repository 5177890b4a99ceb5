// The default run
// ===============
//
// Chapters 1 to 8 built the pieces; this file puts them together into one training run, the
// one `npm run train` makes. A *recipe* is a plain record of every choice that changes the
// result, and the run follows it:
//
//     arch string ─buildNetwork─▶ network ─initParams(seedRng(seed))─▶ initial weights
//     optimizer, lr, schedule ─▶ the update rule, its rate falling over the run's steps
//     split ─▶ training and test indices ─▶ the loop of train/loop.ts, epoch after epoch
//
// `DEFAULT_RECIPE` is the original experiment (one 3×3 kernel, leaky ReLU, 2×2 pooling, a
// dense layer to 10 classes; Adam with lr 0.001, one update per image, 10 epochs) with two
// changes: the learning rate decays along half a cosine wave to 0 over the run, and the
// weights start Glorot-uniform (the layers' default, core/init.ts). docs/usage.md says why.
//
// The command line adds only what is not about learning: flags, files, printing, the clock.
// It may also hand the run an *engine*: faster parts that compute the same sums (appendix B's
// kernels and Adam, the network arranged for speed, worker threads). An engine changes how
// fast the run goes, never what it learns; spec/train/recipe.spec.ts checks that `npm run
// train -- --kernels reference` learns bit for bit what `runRecipe` learns here. Chapter 11
// adds two choices that do change what is learned, and hands them to the run the same way:
// each step's `pass` (for dropout and batch norm) and `augment`ed batches, a gather that
// moves and turns every training image a little, differently every epoch.
// Previous: train/loop.ts. Next: report/confusion.ts.

import type * as E from 'fp-ts/lib/Either.js'
import type { ParamTree } from '../core/params.ts'
import { seedRng, type Rng } from '../core/rng.ts'
import type { Shape } from '../core/shape.ts'
import type { Dataset } from '../data/dataset.ts'
import type { Split } from '../data/split.ts'
import { softmaxCrossEntropy } from '../layers/softmaxCrossEntropy.ts'
import { buildNetwork, ORIGINAL_ARCH, type Kernels } from '../model/arch.ts'
import { initParams, type Network } from '../model/sequential.ts'
import { adam } from '../optim/adam.ts'
import { momentum } from '../optim/momentum.ts'
import type { LearningRate, Optimizer } from '../optim/optimizer.ts'
import { cosine, stepDecay, type ScheduleName } from '../optim/schedule.ts'
import { sgd } from '../optim/sgd.ts'
import { train, type TrainConfig } from './loop.ts'

/** Every choice of a training run that changes what it learns. */
export interface Recipe {
  readonly arch: string
  readonly seed: number //       the initial weights (and the shuffles)
  readonly epochs: number
  readonly batchSize: number //  1: update after every sample
  readonly optimizer: 'sgd' | 'momentum' | 'adam'
  readonly lr: number
  readonly schedule: ScheduleName
  readonly lrMin: number //      where the cosine ends
  readonly stepEvery: number //  epochs between the step schedule's drops …
  readonly stepFactor: number // … and the factor of each
  readonly weightDecay: number // AdamW's λ
  readonly shuffle: boolean //   reshuffle the training order every epoch
  readonly augment: string //    chapter 11's augmentation of the training images ('none')
}

/** What `npm run train` does with no flags. */
export const DEFAULT_RECIPE: Recipe = {
  arch: ORIGINAL_ARCH, seed: 1, epochs: 10, batchSize: 1, optimizer: 'adam', lr: 0.001,
  schedule: 'cosine', lrMin: 0, stepEvery: 3, stepFactor: 0.3, weightDecay: 0, shuffle: false, augment: 'none',
}

/** The recipe's network for images of `inShape` and `classes` classes, computing with `kernels`. */
export const networkOf = (r: Recipe, inShape: Shape, classes: number, kernels?: Kernels): E.Either<string, Network> =>
  buildNetwork(r.arch, inShape, classes, kernels)

/** The initial weights the seed gives, and the generator's state after them (for the shuffles). */
export const initialWeights = (r: Recipe, net: Network): readonly [ParamTree, Rng] => initParams(net, seedRng(r.seed))

/** The learning rate over the run: a number, or a schedule over its optimizer steps. */
export const learningRateOf = (r: Recipe, stepsPerEpoch: number): LearningRate =>
  r.schedule === 'cosine'
    ? cosine(r.lr, r.epochs * stepsPerEpoch, r.lrMin)
    : r.schedule === 'step'
      ? stepDecay(r.lr, r.stepEvery * stepsPerEpoch, r.stepFactor)
      : r.lr

/** The update rule; `adamWith` lets an Adam that computes the same sums faster stand in. */
export const optimizerOf = (r: Recipe, stepsPerEpoch: number, adamWith: typeof adam = adam): Optimizer => {
  const lr = learningRateOf(r, stepsPerEpoch)
  return r.optimizer === 'sgd' ? sgd(lr) : r.optimizer === 'momentum' ? momentum(lr) : adamWith({ lr, weightDecay: r.weightDecay })
}

/** Faster parts with the same sums (appendix B), and chapter 11's passes and augmented gather; each one left out is the plain one. */
export interface Engine extends Pick<TrainConfig<unknown>, 'gradients' | 'gather' | 'evaluate' | 'progressEvery' | 'pass'> {
  readonly trainNet?: Network // the network arranged for speed: same parameters, same function
  readonly adam?: typeof adam
}

/** The run: the loop of train/loop.ts with the recipe's optimizer and schedule, from `initial`. */
export const runRecipe = (r: Recipe, net: Network, initial: ParamTree, rng: Rng, data: Dataset, split: Split, engine: Engine = {}) => {
  const { trainNet = net, adam: adamWith, ...parts } = engine
  const optimizer = optimizerOf(r, Math.ceil(split.train.length / r.batchSize), adamWith)
  const config: TrainConfig<unknown> = { net: trainNet, loss: softmaxCrossEntropy, optimizer, epochs: r.epochs, batchSize: r.batchSize, shuffle: r.shuffle, ...parts }
  return train(config, data, split.train, split.test, initial, rng)
}
