// The default run is chapter 8's recipe
// =====================================
//
// train/recipe.ts promises that `npm run train` learns what the recipe says, and that the
// command adds only flags, files, printing and faster parts with the same sums. Here the
// recipe runs alone, with the plain layers, and the command runs with `--kernels reference`
// on the same data; their trained parameters must be equal bit for bit. Then the recipe's
// pieces are checked one by one against what they promise.

import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { loadExperiment } from '../../src/cli/experiment.ts'
import { recorder } from '../../src/cli/io.ts'
import { parseFlags } from '../../src/cli/flags.ts'
import { runTrain, TRAIN_FLAGS, trainSettings } from '../../src/cli/train.ts'
import { ORIGINAL_ARCH } from '../../src/model/arch.ts'
import { parseModel } from '../../src/model/modelFile.ts'
import { rateAt } from '../../src/optim/optimizer.ts'
import { DEFAULT_RECIPE, initialWeights, learningRateOf, networkOf, optimizerOf, runRecipe, type Recipe } from '../../src/train/recipe.ts'
import type { TrainOutcome } from '../../src/train/loop.ts'

const right = <T>(either: E.Either<string, T>): T => {
  if (E.isLeft(either)) throw new Error(either.left)
  return either.right
}

// Drives the recipe's generator to its end.
const finish = (steps: Generator<unknown, TrainOutcome>): TrainOutcome => {
  for (;;) {
    const next = steps.next()
    if (next.done === true) return next.value
  }
}

describe('the default recipe', () => {
  it('is the original experiment with a cosine learning rate', () => {
    expect(DEFAULT_RECIPE).toMatchObject({ arch: ORIGINAL_ARCH, seed: 1, epochs: 10, batchSize: 1, optimizer: 'adam', lr: 0.001, schedule: 'cosine', lrMin: 0, shuffle: false })
  })

  it('decays the rate from lr to lrMin over all the steps of the run', () => {
    const lr = learningRateOf(DEFAULT_RECIPE, 56000)
    expect(rateAt(lr, 0)).toBe(0.001)
    expect(rateAt(lr, 280000)).toBeCloseTo(0.0005, 12)
    expect(rateAt(lr, 560000)).toBe(0)
    expect(learningRateOf({ ...DEFAULT_RECIPE, schedule: 'constant' }, 56000)).toBe(0.001)
    expect(rateAt(learningRateOf({ ...DEFAULT_RECIPE, schedule: 'step', stepEvery: 2, stepFactor: 0.5 }, 10), 20)).toBe(0.0005)
  })

  it('names its optimizer, and a faster Adam may stand in for the plain one', () => {
    expect(optimizerOf({ ...DEFAULT_RECIPE, optimizer: 'sgd' }, 10).name).toMatch(/sgd/)
    expect(optimizerOf({ ...DEFAULT_RECIPE, optimizer: 'momentum' }, 10).name).toMatch(/momentum/)
    let asked: unknown
    optimizerOf({ ...DEFAULT_RECIPE, weightDecay: 0.1 }, 10, (options) => {
      asked = options
      return optimizerOf({ ...DEFAULT_RECIPE, optimizer: 'sgd' }, 10) as never
    })
    expect(asked).toMatchObject({ weightDecay: 0.1 })
  })

  it('draws the same initial weights for the same seed, other weights for another', () => {
    const net = right(networkOf(DEFAULT_RECIPE, [1, 28, 28], 10))
    const [a] = initialWeights(DEFAULT_RECIPE, net)
    const [b] = initialWeights(DEFAULT_RECIPE, net)
    const [c] = initialWeights({ ...DEFAULT_RECIPE, seed: 2 }, net)
    expect(a[0]!.weights!.data).toEqual(b[0]!.weights!.data)
    expect(a[0]!.weights!.data).not.toEqual(c[0]!.weights!.data)
  })
})

describe('npm run train runs the recipe', () => {
  it('takes its defaults from the default recipe: no flags, the default run', () => {
    const settings = trainSettings(right(parseFlags(TRAIN_FLAGS, [])))
    expect(settings).toMatchObject(DEFAULT_RECIPE)
  })

  it('learns bit for bit what runRecipe learns alone (--kernels reference, 1 epoch on 600 digits)', async () => {
    const recipe: Recipe = { ...DEFAULT_RECIPE, epochs: 1 }
    const experiment = right(await loadExperiment({ split: 'sklearn', testFraction: 0.2, limit: 600 }))
    const net = right(networkOf(recipe, [1, 28, 28], 10))
    const [initial, rng] = initialWeights(recipe, net)
    const outcome = finish(runRecipe(recipe, net, initial, rng, experiment.data, experiment))
    if (outcome.kind !== 'trained') throw new Error('the recipe diverged')

    const out = await mkdtemp(join(tmpdir(), 'recipe-'))
    try {
      const stderr = recorder()
      const status = await runTrain(['--epochs', '1', '--limit', '600', '--kernels', 'reference', '--workers', '1', '--quiet', '--out', join(out, 'run')], { stdout: recorder(), stderr })
      expect(status, stderr.text()).toBe(0)
      const saved = right(parseModel(await readFile(join(out, 'run', 'model.json'), 'utf8')))
      for (const [layer, record] of outcome.params.entries()) {
        for (const [name, tensor] of Object.entries(record)) expect(saved.params[layer]![name]!.data, `layer ${layer} ${name}`).toEqual(tensor.data)
      }
    } finally {
      await rm(out, { recursive: true, force: true })
    }
  }, 120_000)
})
