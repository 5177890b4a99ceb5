// `npm run evaluate` and the fingerprint of the test digits
// =========================================================
//
// A model may record the fingerprint of the digits it was measured on (`testFingerprint`,
// data/idxWrite.ts; the browser page records one, with its data and split). Then evaluate
// measures it on those very digits or refuses with one line that says what differs: a
// flag such as --data or --split that picks other digits is never followed silently. A
// model without a fingerprint is evaluated as before. The data here is a tiny generated
// set of 8×8 images; the model is an untrained `dense10` written by serializeModel.

import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runEvaluate } from '../../src/cli/evaluate.ts'
import { loadExperiment } from '../../src/cli/experiment.ts'
import { seedRng } from '../../src/core/rng.ts'
import { encodeIdx, samplesFingerprint } from '../../src/data/idxWrite.ts'
import { buildNetwork } from '../../src/model/arch.ts'
import { serializeModel, type SavedModel } from '../../src/model/modelFile.ts'
import { initParams } from '../../src/model/sequential.ts'
import { run, type Run } from '../helpers/commands.ts'

const expectOneLineError = (result: Run, status: number): string => {
  expect(result.status, result.stderr).toBe(status)
  expect(result.stderr).toMatch(/^error: [^\n]+\n$/)
  return result.stderr.slice('error: '.length, -1)
}

// 60 training and 20 test images of 8×8 bytes, a function of their position; labels 0–9 in turn.
const writeData = async (dir: string, testLabel: (i: number) => number = (i) => i % 10): Promise<void> => {
  await mkdir(dir, { recursive: true })
  const half = (count: number, salt: number, label: (i: number) => number) => ({
    images: Uint8Array.from({ length: count * 64 }, (_, k) => (k * 37 + salt * 11 + Math.floor(k / 64) * 5) % 256),
    labels: Uint8Array.from({ length: count }, (_, i) => label(i)),
  })
  const train = half(60, 1, (i) => i % 10)
  const test = half(20, 2, testLabel)
  const files: Readonly<Record<string, Uint8Array>> = {
    'train-images-idx3-ubyte': encodeIdx([60, 8, 8], train.images),
    'train-labels-idx1-ubyte': encodeIdx([60], train.labels),
    't10k-images-idx3-ubyte': encodeIdx([20, 8, 8], test.images),
    't10k-labels-idx1-ubyte': encodeIdx([20], test.labels),
  }
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, `${name}.gz`), gzipSync(bytes))
}

let root = ''
let data = ''
let fingerprint = ''

// A model file for 8×8 images recording `training`; returns its path.
const writeModel = async (name: string, training: SavedModel['training']): Promise<string> => {
  const built = buildNetwork('dense10', [1, 8, 8], 10)
  if (E.isLeft(built)) throw new Error(built.left)
  const [params] = initParams(built.right, seedRng(3))
  const model: SavedModel = { arch: 'dense10', inputShape: [1, 8, 8], classes: Array.from({ length: 10 }, (_, i) => String(i)), seed: 3, training, metrics: [], params }
  const path = join(root, name)
  await writeFile(path, serializeModel(model, built.right))
  return path
}

// What the browser page records (site/trainPanel.ts), with this data.
const pageTraining = (): SavedModel['training'] => ({
  epochs: 1, batchSize: 1, lr: 0.001, optimizer: 'adam', schedule: 'cosine', shuffle: false, limit: 60,
  data, split: 'official', testFingerprint: fingerprint, kernels: 'fast', workers: 1,
  changes: 'step 31: lr 0.0005; step 41: batch-size 4',
})

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'annotated-cnn-evaluate-'))
  data = join(root, 'data')
  await writeData(data)
  const loaded = await loadExperiment({ data, split: 'official', testFraction: 0.2 })
  if (E.isLeft(loaded)) throw new Error(loaded.left)
  fingerprint = samplesFingerprint(loaded.right.data, loaded.right.test)
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('npm run evaluate on a model that records the fingerprint of its test digits', () => {
  it('measures it on the digits it recorded, as it measures the same model without a fingerprint', async () => {
    expect(fingerprint).toMatch(/^20 samples, CRC-32 [0-9a-f]{8}$/)
    const withPrint = await run(runEvaluate, ['--model', await writeModel('page.json', pageTraining())])
    expect(withPrint.status, withPrint.stderr).toBe(0)
    expect(withPrint.stdout).toMatch(/accuracy/)
    const { testFingerprint: _, ...rest } = pageTraining()
    const without = await run(runEvaluate, ['--model', await writeModel('plain.json', rest)])
    expect(withPrint.stdout).toBe(without.stdout)
  })

  it('accepts --data naming a copy of the same digits', async () => {
    const copy = join(root, 'copy')
    await cp(data, copy, { recursive: true })
    const result = await run(runEvaluate, ['--model', await writeModel('page.json', pageTraining()), '--data', copy])
    expect(result.status, result.stderr).toBe(0)
  })

  it('refuses --split sklearn, which picks other test digits, saying so in one line', async () => {
    const path = await writeModel('page.json', pageTraining())
    const line = expectOneLineError(await run(runEvaluate, ['--model', path, '--split', 'sklearn']), 1)
    expect(line).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the test digits are not those the model was measured on \\(20 samples, CRC-32 [0-9a-f]{8} recorded in "training", 16 samples, CRC-32 [0-9a-f]{8} here\\): --split changed the test digits; without it, the model is measured on the digits it recorded$`))
  })

  it('refuses --data with other digits (one test label differs), and --test-fraction with --split', async () => {
    const other = join(root, 'other')
    await writeData(other, (i) => (i === 7 ? 3 : i % 10))
    const path = await writeModel('page.json', pageTraining())
    expect(expectOneLineError(await run(runEvaluate, ['--model', path, '--data', other]), 1)).toMatch(/: --data changed the test digits; without it, /)
    expect(expectOneLineError(await run(runEvaluate, ['--model', path, '--split', 'sklearn', '--test-fraction', '0.5']), 1)).toMatch(/: --split and --test-fraction changed the test digits; without them, /)
  })

  it('refuses when the recorded data itself changed, naming the folder', async () => {
    const moved = join(root, 'moved')
    await writeData(moved)
    const path = await writeModel('moved.json', { ...pageTraining(), data: moved })
    await writeData(moved, (i) => (i === 0 ? 9 : i % 10))
    expect(expectOneLineError(await run(runEvaluate, ['--model', path]), 1)).toMatch(new RegExp(`: the data in ${moved.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is no longer what the model was measured on$`))
  })

  it('without a fingerprint, follows --split as before', async () => {
    const { testFingerprint: _, ...rest } = pageTraining()
    const result = await run(runEvaluate, ['--model', await writeModel('plain.json', rest), '--split', 'sklearn'])
    expect(result.status, result.stderr).toBe(0)
    expect(await readFile(join(root, 'plain.json'), 'utf8')).not.toMatch(/testFingerprint/)
  })
})
