// `npm run train` and `npm run plots` on a wide layer and a long history
// =======================================================================
//
// Whole commands on generated data: 28×28 images in IDX files, a network whose 1×1
// convolution makes 250 maps (196,000 values an image, past the ~125,000 where spreading an
// array into Math.max overflowed the call stack), trained for one epoch; then its model file
// with a history of 10,000 epochs, drawn again by `npm run plots`. Both finish with every
// picture, each drawing the documented subset and saying so.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runPlots } from '../../src/cli/plots.ts'
import { runTrain } from '../../src/cli/train.ts'
import { randomInt, seedRng, type Rng } from '../../src/core/rng.ts'
import { encodeIdx } from '../../src/data/idxWrite.ts'
import { run } from '../helpers/commands.ts'



// n random 28×28 images with labels 0–9.
const randomImages = (n: number, seed: number): { readonly images: Uint8Array; readonly labels: Uint8Array } => {
  let rng: Rng = seedRng(seed)
  const draw = (below: number): number => {
    const [value, next] = randomInt(rng, below)
    rng = next
    return value
  }
  const images = Uint8Array.from({ length: n * 784 }, () => draw(256))
  const labels = Uint8Array.from({ length: n }, () => draw(10))
  return { images, labels }
}

const ARCH = 'conv1x1x250-relu-pool2-dense10'
const PICTURES = ['kernels.svg', 'weights.svg', 'feature-maps.svg', 'curves.svg', 'confusion.svg', 'misclassified.svg']

let root = ''
let data = ''

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'plots-spec-'))
  data = join(root, 'data')
  await mkdir(data)
  const train = randomImages(40, 1)
  const test = randomImages(12, 2)
  await writeFile(join(data, 'train-images-idx3-ubyte'), encodeIdx([40, 28, 28], train.images))
  await writeFile(join(data, 'train-labels-idx1-ubyte'), encodeIdx([40], train.labels))
  await writeFile(join(data, 't10k-images-idx3-ubyte'), encodeIdx([12, 28, 28], test.images))
  await writeFile(join(data, 't10k-labels-idx1-ubyte'), encodeIdx([12], test.labels))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('a layer of 250 maps and 10,000 epochs, through the commands', () => {
  it('npm run train draws every picture of conv1x1x250, and npm run plots a history of 10,000 epochs', { timeout: 60_000 }, async () => {
    const out = join(root, 'wide')
    const trained = await run(runTrain, ['--data', data, '--split', 'official', '--arch', ARCH, '--epochs', '1', '--batch-size', '8', '--out', out, '--quiet'])
    expect(trained.status, trained.stderr).toBe(0)
    for (const name of PICTURES) expect((await readFile(join(out, name), 'utf8')).length, name).toBeLessThan(2_000_000)
    const maps = await readFile(join(out, 'feature-maps.svg'), 'utf8')
    expect(maps).toContain('250 maps, ')
    expect(maps).toContain('the first 32 drawn')

    // The same model with a history of 10,000 epochs, in a directory of its own.
    const model = JSON.parse(await readFile(join(out, 'model.json'), 'utf8')) as { metrics: unknown[] }
    model.metrics = Array.from({ length: 10_000 }, (_, i) => ({ epoch: i + 1, trainLoss: 2 / (i + 1), trainAccuracy: 0.5, testAccuracy: 0.4, testLoss: 2.2 / (i + 1) }))
    const long = join(root, 'long')
    await mkdir(long)
    await writeFile(join(long, 'model.json'), JSON.stringify(model))
    const pictures = join(root, 'long-pictures')
    const plotted = await run(runPlots, ['--model', join(long, 'model.json'), '--data', data, '--split', 'official', '--out', pictures])
    expect(plotted.status, plotted.stderr).toBe(0)
    for (const name of PICTURES) expect((await readFile(join(pictures, name), 'utf8')).length, name).toBeLessThan(2_000_000)
    const curves = await readFile(join(pictures, 'curves.svg'), 'utf8')
    expect(curves).toContain('Drawn: one epoch in 34 of the 10,000 (epochs 1, 35, 69, …) and the last: 296 points a curve.')
    expect(curves).toContain('After epoch 10000')
  })
})
