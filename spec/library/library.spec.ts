// Training from code: fit, loadMnist, saveModel, loadModel
// ========================================================
//
// `fit` is the recipe's run (train/recipe.ts) behind one call, so it must learn exactly what
// `runRecipe` learns, stop cleanly on an abort and refuse bad options. `loadMnist` is the
// command's loading and split. `saveModel` must refuse, before writing anything, a model
// that lacks a field or that `loadModel` would refuse, and what it writes must load again
// with the same weights.

import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadIdxDataset, loadMnist, loadModel, saveModel, type ModelToSave } from '../../src/cli/library.ts'
import { loadExperiment } from '../../src/cli/experiment.ts'
import { leavesOf, type ParamTree } from '../../src/core/params.ts'
import { tensor } from '../../src/core/tensor.ts'
import { buildNetwork, ORIGINAL_ARCH } from '../../src/model/arch.ts'
import { beyondKernels } from '../../src/model/beyond.ts'
import type { Network } from '../../src/model/sequential.ts'
import { fit, type TrainingData } from '../../src/train/fit.ts'
import { DEFAULT_RECIPE, initialWeights, runRecipe } from '../../src/train/recipe.ts'
import type { Progress, TrainOutcome } from '../../src/train/loop.ts'

const sameParams = (a: ParamTree, b: ParamTree): boolean => {
  const [x, y] = [leavesOf(a), leavesOf(b)]
  return x.length === y.length && x.every((leaf, i) => leaf.value.data.every((v, j) => Object.is(v, y[i]!.value.data[j])))
}

let mnist: TrainingData
let small: TrainingData // 300 training digits, 500 test digits
let net: Network
let dir: string

beforeAll(async () => {
  mnist = await loadMnist({ limit: 300 })
  small = { data: mnist.data, train: mnist.train, test: mnist.test.slice(0, 500) }
  const built = buildNetwork(ORIGINAL_ARCH, [1, 28, 28], 10)
  if (E.isLeft(built)) throw new Error(built.left)
  net = built.right
  dir = await mkdtemp(join(tmpdir(), 'library-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('loadMnist and loadIdxDataset', () => {
  it("split MNIST as npm run train does: scikit-learn's 80:20 of all 70,000, seed 42", async () => {
    const all = await loadMnist()
    const command = await loadExperiment({ split: 'sklearn', testFraction: 0.2 })
    if (E.isLeft(command)) throw new Error(command.left)
    expect([all.data.count, all.train.length, all.test.length]).toEqual([70_000, 56_000, 14_000])
    expect(all.train).toEqual(command.right.train)
    expect(all.test).toEqual(command.right.test)
    expect(mnist.train).toEqual(all.train.slice(0, 300))
    const official = await loadMnist({ split: 'official' })
    expect([official.train.length, official.test.length, official.test[0]]).toEqual([60_000, 10_000, 60_000])
  })

  it('reject with a one-line message', async () => {
    await expect(loadIdxDataset(join(dir, 'nowhere'))).rejects.toThrow(`${join(dir, 'nowhere')}: no such directory`)
    await expect(loadMnist({ limit: 0 })).rejects.toThrow('limit must be a whole number of at least 1, not 0')
    await expect(loadMnist({ testFraction: 1 })).rejects.toThrow('testFraction must be between 0 and 1, not 1')
  })
})

describe('fit', () => {
  it('learns exactly what the recipe learns, with its defaults, and reports every step and epoch', async () => {
    const recipe = { ...DEFAULT_RECIPE, epochs: 2, batchSize: 7, shuffle: true, seed: 3 }
    const [initial, rng] = initialWeights(recipe, net)
    const run = runRecipe(recipe, net, initial, rng, small.data, small)
    let next = run.next()
    while (next.done !== true) next = run.next()
    const outcome: TrainOutcome = next.value
    if (outcome.kind !== 'trained') throw new Error(outcome.reason)
    const steps: Progress[] = []
    const epochs: number[] = []
    const result = await fit(net, small, { epochs: 2, batchSize: 7, shuffle: true, seed: 3 }, { onStep: (p) => steps.push(p), onEpoch: (e) => epochs.push(e.epoch) })
    expect(result.stopped).toBe('done')
    expect(sameParams(result.params, outcome.params)).toBe(true)
    expect(result.history).toEqual(outcome.history)
    expect(steps.length).toBe(2 * Math.ceil(300 / 7))
    expect(steps.slice(0, 2).map((p) => p.seen)).toEqual([7, 14])
    expect(epochs).toEqual([1, 2])
  })

  it('stops cleanly when its signal is aborted, with the last finished epoch', async () => {
    const controller = new AbortController()
    const [initial] = initialWeights(DEFAULT_RECIPE, net)
    const early = await fit(net, small, { epochs: 3, batchSize: 10 }, { signal: controller.signal, onStep: (p) => (p.seen === 50 ? controller.abort() : undefined) })
    expect(early.stopped).toBe('aborted')
    expect(early.history).toEqual([])
    expect(sameParams(early.params, initial)).toBe(true)
    const one = await fit(net, small, { epochs: 1, batchSize: 10 })
    const second = new AbortController()
    const later = await fit(net, small, { epochs: 3, batchSize: 10 }, { signal: second.signal, onEpoch: (e) => (e.epoch === 1 ? second.abort() : undefined) })
    expect([later.stopped, later.history.length]).toEqual(['aborted', 1])
    // Epoch 1 of 3 is not epoch 1 of 1 (the schedule is longer), but it is a finished epoch's weights.
    expect(sameParams(later.params, one.params)).toBe(false)
    expect(sameParams(later.params, initial)).toBe(false)
    // A signal aborted beforehand trains nothing.
    const before = await fit(net, small, { epochs: 1 }, { signal: AbortSignal.abort() })
    expect([before.stopped, before.history.length, sameParams(before.params, initial)]).toEqual(['aborted', 0, true])
  })

  it('rejects bad options and a diverged run', async () => {
    await expect(fit(net, small, { epochs: 0 })).rejects.toThrow('fit: epochs must be a whole number of at least 1, not 0')
    await expect(fit(net, small, { batchSize: 2.5 })).rejects.toThrow('fit: batchSize must be a whole number of at least 1, not 2.5')
    await expect(fit(net, small, { learningRate: -1 })).rejects.toThrow('fit: learningRate must be a positive number, not -1')
    await expect(fit(net, { ...small, train: new Int32Array(0) })).rejects.toThrow('fit: there are no training samples')
    await expect(fit(net, small, { epochs: 1, optimizer: 'sgd', learningRate: 1e30, schedule: 'constant' })).rejects.toThrow(/^fit: training diverged at epoch 1, step \d+: /)
    await expect(fit(net, small, { augment: 'shift2.5' })).rejects.toThrow("fit: augment: 'shift2.5' needs a whole number of pixels")
  })

  it('trains chapter 11\'s layers with a pass per step and augmented images, reproducibly, and settles batch norm\'s averages', async () => {
    const built = buildNetwork('conv3x3x4p1-bn-relu-pool2-drop0.25-dense10', [1, 28, 28], 10, beyondKernels)
    if (E.isLeft(built)) throw new Error(built.left)
    await expect(fit(built.right, small, { epochs: 1, batchSize: 1 })).resolves.toBeDefined() // a conv's channel has 28·28 values even in a batch of one
    const options = { epochs: 2, batchSize: 16, augment: 'shift2-rot10', seed: 4 } as const
    const [a, b] = [await fit(built.right, small, options), await fit(built.right, small, options)]
    expect(sameParams(a.params, b.params)).toBe(true)
    // The running mean moved from its start of 0; a run without augmentation learns otherwise.
    expect(Array.from(a.params[1]!.mean!.data).some((v) => v !== 0)).toBe(true)
    const plain = await fit(built.right, small, { ...options, augment: 'none' })
    expect(sameParams(plain.params, a.params)).toBe(false)
    const dense = buildNetwork('dense8-bn-dense10', [1, 28, 28], 10, beyondKernels)
    if (E.isLeft(dense)) throw new Error(dense.left)
    await expect(fit(dense.right, small, { batchSize: 1 })).rejects.toThrow('fit: layer 2 (bn) normalises each feature over the batch, which needs batches of at least 2 samples to train, got a batch size of 1')
  }, 60_000)
})

describe('saveModel and loadModel', () => {
  let trained: ParamTree
  beforeAll(async () => {
    trained = (await fit(net, small, { epochs: 1, batchSize: 10 })).params
  })

  it('write a file that loads again with the same weights', async () => {
    const path = join(dir, 'sub', 'model.json')
    const { history } = await fit(net, small, { epochs: 1, batchSize: 10 })
    await saveModel(path, { arch: ORIGINAL_ARCH, net, params: trained, history })
    const model = await loadModel(path)
    expect(sameParams(model.params, trained)).toBe(true)
    expect([model.arch, model.inputShape, model.classes, model.seed]).toEqual([ORIGINAL_ARCH, [1, 28, 28], ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], 1])
    expect(model.metrics).toEqual(history)
    // A loaded model saves again as it is.
    await saveModel(join(dir, 'again.json'), model)
    expect(sameParams((await loadModel(join(dir, 'again.json'))).params, trained)).toBe(true)
  })

  it('refuse, writing nothing, a model with a missing field or one that would not load', async () => {
    const path = join(dir, 'refused', 'model.json')
    const plain = (model: object) => model as unknown as ModelToSave // as from plain JavaScript
    await expect(saveModel(path, plain({ net, params: trained }))).rejects.toThrow(`saveModel: ${path}: the model has no "arch"`)
    await expect(saveModel(path, plain({ arch: ORIGINAL_ARCH, params: trained }))).rejects.toThrow(`saveModel: ${path}: the model has no "net"`)
    await expect(saveModel(path, plain({ arch: ORIGINAL_ARCH, net }))).rejects.toThrow(`saveModel: ${path}: the model has no "params"`)
    await expect(saveModel(path, plain({ arch: ORIGINAL_ARCH, net, params: trained.slice(1) }))).rejects.toThrow(/^saveModel: .*: the model would not load again: "parameters" has 3 entries but the architecture has 4 layers$/)
    const broken = trained.map((record, i) => (i === 0 ? { weights: tensor([1, 1, 3, 3], new Float32Array(9).fill(Number.NaN)) } : record))
    await expect(saveModel(path, { arch: ORIGINAL_ARCH, net, params: broken })).rejects.toThrow(/would not load again: .*not a finite number/)
    await expect(saveModel(path, { arch: ORIGINAL_ARCH, net, params: trained, classes: ['a', 'b'] })).rejects.toThrow(/would not load again/)
    expect(await readdir(dir)).not.toContain('refused')
  })

  it('loadModel rejects with a one-line message', async () => {
    await expect(loadModel(join(dir, 'missing.json'))).rejects.toThrow(/^loadModel: .*missing\.json.*$/)
  })
})
