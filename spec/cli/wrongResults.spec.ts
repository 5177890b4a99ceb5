// No wrong result passes as success (issue 21, family 3, the commands)
// ===================================================================
//
// Weights can all be finite numbers and still be so large that the scores they give
// overflow: to ±∞, and from there to NaN probabilities. A loss of the training steps may
// stay finite all the while (it is computed before each update). Such a run used to exit 0
// with an accuracy counted from NaN and pictures that said "p = NaN". Here a training run that
// overflows (one step of plain SGD with an enormous learning rate), and a model file whose
// weights overflow, must each end in one `error:` line that names where the non-finite
// numbers appeared, with exit status 1 and nothing written: `npm run train` keeps the earlier
// outputs of its --out as they were, and `npm run plots` draws nothing.
//
// The fixtures are made here: a small IDX data set of 8×8 images in ten classes, a good run
// trained on it, and a copy of its model with weights that overflow.

import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runEvaluate } from '../../src/cli/evaluate.ts'
import { runPlots } from '../../src/cli/plots.ts'
import { nonFiniteScores, runTrain } from '../../src/cli/train.ts'
import { tensor } from '../../src/core/tensor.ts'
import { encodeIdx } from '../../src/data/idxWrite.ts'
import { parseModel, serializeModel } from '../../src/model/modelFile.ts'
import type { Evaluation } from '../../src/train/evaluate.ts'
import { run, type Run } from '../helpers/commands.ts'



// One line `error: …` and the given status; the message without its prefix.
const oneLineError = (result: Run, status: number): string => {
  expect(result.status, result.stderr).toBe(status)
  expect(result.stderr).toMatch(/^error: [^\n]+\n$/)
  return result.stderr.slice('error: '.length, -1)
}

// Every file of a directory, by name.
const filesIn = async (dir: string): Promise<ReadonlyMap<string, string>> => {
  const names = (await readdir(dir)).sort()
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(dir, name), 'utf8')] as const)))
}

// Ten classes of 8×8 images: class c lights the pixels p with (7c + p) mod 10 < 3, plus a
// little noise from a fixed linear congruential sequence.
const images = (count: number, seed: number): { readonly images: Uint8Array; readonly labels: Uint8Array } => {
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10)
  const pixels = new Uint8Array(count * 64)
  let s = seed
  for (let i = 0; i < pixels.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    pixels[i] = ((labels[Math.floor(i / 64)]! * 7 + (i % 64)) % 10 < 3 ? 200 : 0) + (s % 50)
  }
  return { images: pixels, labels }
}

const writeData = async (dir: string): Promise<void> => {
  await mkdir(dir, { recursive: true })
  const train = images(200, 1)
  const test = images(100, 2)
  await writeFile(join(dir, 'train-images-idx3-ubyte'), encodeIdx([200, 8, 8], train.images))
  await writeFile(join(dir, 'train-labels-idx1-ubyte'), encodeIdx([200], train.labels))
  await writeFile(join(dir, 't10k-images-idx3-ubyte'), encodeIdx([100, 8, 8], test.images))
  await writeFile(join(dir, 't10k-labels-idx1-ubyte'), encodeIdx([100], test.labels))
}

const ARCH = 'conv3x3x2-relu-pool2-dense10'

let root = ''
let data = ''
let out = ''
let good: Run

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'wrong-results-spec-'))
  data = join(root, 'data')
  out = join(root, 'out')
  await writeData(data)
  good = await run(runTrain, ['--data', data, '--arch', ARCH, '--epochs', '1', '--lr', '0.01', '--out', out, '--quiet'])
}, 60_000)

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('npm run train whose weights overflow the scores', () => {
  it('the good run that the others are measured against trains and writes its outputs', () => {
    expect(good.status, good.stderr).toBe(0)
    expect(existsSync(join(out, 'model.json'))).toBe(true)
  })

  // One step of plain SGD at --lr 1e30: the step's own loss is finite (computed before the
  // update), the weights after it are finite (about 1e30), but the dense layer multiplies
  // two such numbers and every score overflows.
  it('exits 1 naming the epoch, the test image and the value, and keeps the earlier outputs', async () => {
    const before = await filesIn(out)
    const result = await run(runTrain, ['--data', data, '--arch', ARCH, '--optimizer', 'sgd', '--lr', '1e30', '--limit', '1', '--epochs', '1', '--out', out])
    expect(oneLineError(result, 1)).toMatch(
      /^the test evaluation after epoch 1 gave non-finite scores \((NaN|Infinity|-Infinity)\) for test image 1 of 60 \(image \d+ of the data set\): the weights are finite but so large that the scores overflow; no model was written\. Try a lower --lr than 1e\+30\.$/,
    )
    expect(result.stdout).not.toMatch(/test accuracy/)
    expect(await filesIn(out)).toEqual(before)
  }, 60_000)

  it('does the same with the plain kernels and with a learning rate that only overflows at 1e38', async () => {
    for (const extra of [['--kernels', 'reference', '--lr', '1e30'], ['--lr', '1e38']]) {
      const elsewhere = join(root, `overflow-${extra.join('')}`)
      const result = await run(runTrain, ['--data', data, '--arch', ARCH, '--optimizer', 'sgd', '--limit', '1', '--epochs', '1', '--out', elsewhere, ...extra])
      expect(oneLineError(result, 1)).toMatch(/^the test evaluation after epoch 1 gave non-finite scores \(/)
      expect(existsSync(join(elsewhere, 'model.json'))).toBe(false)
    }
  }, 60_000)
})

describe('npm run evaluate and npm run plots of a model whose weights overflow the scores', () => {
  let overflowing = ''

  // The good model with every weight of the last layer set to 3e38: finite float32 numbers,
  // which parseModel accepts and serializeModel writes, whose products overflow.
  beforeAll(async () => {
    const loaded = parseModel(await readFile(join(out, 'model.json'), 'utf8'))
    if (E.isLeft(loaded)) throw new Error(loaded.left)
    const model = loaded.right
    const last = model.params.length - 1
    const weights = model.params[last]!.weights!
    const params = model.params.map((record, i) => (i === last ? { ...record, weights: tensor(weights.shape, new Float32Array(weights.data.length).fill(3e38)) } : record))
    const dir = join(root, 'overflowing')
    await mkdir(dir)
    overflowing = join(dir, 'model.json')
    await writeFile(overflowing, serializeModel({ ...model, params }, model.net))
  }, 60_000)

  it('evaluate exits 1 naming the file, the test image and the value, and prints no report', async () => {
    const result = await run(runEvaluate, ['--model', overflowing])
    const message = oneLineError(result, 1)
    expect(message.startsWith(`${overflowing}: the test evaluation gave non-finite scores (`)).toBe(true)
    expect(message).toMatch(/ for test image 1 of 60 \(image \d+ of the data set\): the model's weights are finite but so large that its scores overflow$/)
    expect(result.stdout).toBe('')
  }, 60_000)

  it('plots exits 1 the same way and draws no picture', async () => {
    const pictures = join(root, 'overflowing-pictures')
    const result = await run(runPlots, ['--model', overflowing, '--out', pictures])
    expect(oneLineError(result, 1)).toMatch(/: the test evaluation gave non-finite scores \(/)
    const drawn = existsSync(pictures) ? (await readdir(pictures)).filter((name) => name.endsWith('.svg')) : []
    expect(drawn).toEqual([])
  }, 60_000)

  it('the same model with finite scores still evaluates (the check is on the scores, not the size of the weights)', async () => {
    const result = await run(runEvaluate, ['--model', join(out, 'model.json')])
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/test accuracy: [\d.]+%/)
  }, 60_000)
})

describe('nonFiniteScores', () => {
  const evaluation = (probabilities: readonly number[], loss: number): Evaluation => ({
    predicted: new Uint8Array(probabilities.length / 2),
    labels: new Uint8Array(probabilities.length / 2),
    probabilities: Float32Array.from(probabilities),
    accuracy: 0.5,
    loss,
  })

  it('finds nothing wrong with finite probabilities and loss, or with no test images at all', () => {
    expect(nonFiniteScores(evaluation([0.5, 0.5, 1, 0], 0.4), Int32Array.of(10, 11))).toBeUndefined()
    expect(nonFiniteScores(evaluation([], Number.NaN), new Int32Array(0))).toBeUndefined()
  })

  it('names the first test image whose probabilities are not finite, and where it is in the data set', () => {
    expect(nonFiniteScores(evaluation([0.5, 0.5, Number.NaN, Number.NaN], Number.NaN), Int32Array.of(10, 11))).toBe(
      'gave non-finite scores (NaN) for test image 2 of 2 (image 11 of the data set)',
    )
  })

  it('reports a loss of Infinity even when every probability is finite (a true class scored −∞)', () => {
    expect(nonFiniteScores(evaluation([1, 0, 0.5, 0.5], Number.POSITIVE_INFINITY), Int32Array.of(10, 11))).toBe('gave a non-finite loss (Infinity)')
  })
})
