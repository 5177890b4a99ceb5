// Two new words, and the passes that drive them
// =============================================
//
// The grammar of model/arch.ts learns the two layers of this chapter from a kernel set that
// carries their rules (`moreLayers`), so that every place that builds a network from a string
// (the command line, saved models, worker threads, the page) reads them the same way:
//
//     drop<p>    dropout with drop probability p, 0 ≤ p < 1         drop0.25, drop0.5
//     bn         batch normalisation of the channels (or features) before it
//
//     conv5x5x16p2-bn-relu-pool2-conv5x5x32p2-bn-relu-pool2-dense128-relu-drop0.5-dense10
//
// Both behave differently in training, so a run hands each step a `Pass` (layers/layer.ts)
// with the step's random key. The key is a pure function of the run's seed, the epoch and the
// step, in the manner of beyond/random.ts, so that a run is reproducible bit for bit and a
// step's masks do not depend on how many threads compute it:
//
//     key(epoch, step) = hashAt(seed, epoch, step, DROPOUT_STREAM)
//
// `first` is 0 here; a thread that computes the rows from r on of a batch says r, so that its
// samples draw the masks they would draw in one thread.
// Previous: beyond/augment.ts. Next: model/modelFile.ts.

import * as E from 'fp-ts/lib/Either.js'
import { augmentBatch, parseAugment, type Augmentation } from '../beyond/augment.ts'
import { batchNorm, valuesPerChannel } from '../beyond/batchNorm.ts'
import { dropout } from '../beyond/dropout.ts'
import { hashAt } from '../beyond/random.ts'
import type { Dataset } from '../data/dataset.ts'
import type { Pass } from '../layers/layer.ts'
import { referenceKernels, type Kernels, type LayerRule } from './arch.ts'
import type { Network } from './sequential.ts'

/** The rules of the two new words, for a kernel set's `moreLayers`. */
export const beyondLayers: readonly LayerRule[] = [
  [/^drop(\d*\.?\d+)$/, ([, p]) => {
    const probability = Number(p)
    if (!(probability < 1)) return E.left(`the drop probability must be below 1, got ${p}`)
    return /^\d*(?:\.\d{1,3})?$/.test(p ?? '') ? E.right(dropout(probability)) : E.left(`the drop probability takes at most 3 decimals, got ${p}`)
  }, 'drop<p>'],
  [/^bn$/, () => E.right(batchNorm()), 'bn'],
]

/** A kernel set whose grammar also reads `drop<p>` and `bn`. */
export const withBeyondLayers = (kernels: Kernels): Kernels => ({ ...kernels, moreLayers: beyondLayers })

// Which address stream the keys come from (augmentation draws from the seed with its own).
const DROPOUT_STREAM = 0x0d209

/** The pass of every training step of a run with this seed: a key per (epoch, step). */
export const trainingPass = (seed: number) => (epoch: number, step: number): Pass => ({ key: hashAt(seed, epoch, step, DROPOUT_STREAM), layer: 0, first: 0 })

/** Whether any layer of the network behaves differently in training (so needs a pass). */
export const needsPass = (net: Network): boolean => net.layers.some((layer) => layer.name === 'bn' || layer.name.startsWith('drop'))

/**
 * Why batches of `batchSize` cannot train this network, if they cannot: a batch norm after a
 * dense layer sees one value per feature in a batch of one.
 */
export const batchTooSmall = (net: Network, batchSize: number): string | undefined => {
  const i = net.layers.findIndex((layer, at) => layer.name === 'bn' && valuesPerChannel(net.shapes[at]!, batchSize) < 2)
  return i < 0 ? undefined : `layer ${i + 1} (bn) normalises each feature over the batch, which needs batches of at least 2 samples to train, got a batch size of ${batchSize}`
}

/**
 * The network as one training step sees it, with the step's pass held still (dropout's masks
 * fixed, batch norm on the batch's statistics): a function of the inputs and parameters
 * alone, which is what a gradient check differentiates.
 */
export const heldStill = (net: Network, pass: Pass): Network => ({
  ...net,
  layers: net.layers.map((layer, i) => ({ ...layer, forward: (params, x) => layer.forward(params, x, { ...pass, layer: i }) })),
})

/** The plain kernels, with a grammar that reads the whole language, this chapter's words too. */
export const beyondKernels: Kernels = withBeyondLayers(referenceKernels)

/**
 * The training loop's gather for an augmentation: each batch's images moved and turned as
 * sample number i of that epoch, drawn from `seed` (beyond/augment.ts).
 */
export const augmentedGather = (a: Augmentation, seed: number) =>
  (data: Dataset, order: Readonly<Int32Array>, from: number, to: number, epoch: number) => augmentBatch(data, order, from, to, a, seed, epoch)

/** The parts of a run's engine (train/recipe.ts) that this chapter adds. */
export interface BeyondEngine {
  readonly pass?: (epoch: number, step: number) => Pass
  readonly gather?: ReturnType<typeof augmentedGather>
}

/**
 * What a run needs from this chapter, for the recipe's engine (train/recipe.ts): a pass for
 * every step if the network trains differently from how it predicts, and the augmented gather
 * if the recipe augments. Nothing for the networks and recipes of the path.
 */
export const beyondEngine = (r: { readonly seed: number; readonly augment: string }, net: Network): BeyondEngine => {
  const augment = parseAugment(r.augment)
  if (E.isLeft(augment)) throw new RangeError(`augment: ${augment.left}`)
  const moved = augment.right.shift + augment.right.rotate + augment.right.scale > 0
  return { ...(needsPass(net) ? { pass: trainingPass(r.seed) } : {}), ...(moved ? { gather: augmentedGather(augment.right, r.seed) } : {}) }
}
