// Class names: --classes and classes.txt
// ======================================
//
// First the pure checks (the flag's text, the file's text, names against labels, the CSV
// quoting of names), then the whole command: a few hundred samples of a small generated IDX
// set of four classes with a classes.txt, trained for one epoch, and the names looked for in
// the printed report, predictions.csv, model.json and every picture that names classes;
// `npm run evaluate` and `npm run plots` take them back from the model file. Last, the
// errors: a bad --classes exits 2, a bad classes.txt exits 1, and neither writes anything.

import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { classNamesFromFlag, classNamesFromText, digitNames, namesFitLabels, readClassesFile } from '../../src/cli/classes.ts'
import { runEvaluate } from '../../src/cli/evaluate.ts'
import { runPlots } from '../../src/cli/plots.ts'
import { predictionsCsv, runTrain } from '../../src/cli/train.ts'
import { randomInt, seedRng, type Rng } from '../../src/core/rng.ts'
import { encodeIdx } from '../../src/data/idxWrite.ts'
import { parseModel } from '../../src/model/modelFile.ts'
import type { Evaluation } from '../../src/train/evaluate.ts'
import { parseXml, textOf } from '../helpers/xml.ts'
import { run, type Run } from '../helpers/commands.ts'

// The names of the checks
// -----------------------

describe('classNamesFromFlag', () => {
  it('splits at commas and drops the spaces around each name', () => {
    expect(classNamesFromFlag('cat, dog ,red-tailed hawk')).toEqual(E.right({ names: ['cat', 'dog', 'red-tailed hawk'], source: '--classes' }))
    expect(classNamesFromFlag('T-shirt/top')).toEqual(E.right({ names: ['T-shirt/top'], source: '--classes' }))
  })

  it('rejects an empty name, naming its label', () => {
    expect(classNamesFromFlag('cat,,dog')).toEqual(E.left('--classes: the name of label 1 is empty'))
    expect(classNamesFromFlag('cat,dog,')).toEqual(E.left('--classes: the name of label 2 is empty'))
    expect(classNamesFromFlag(' ')).toEqual(E.left('--classes: the name of label 0 is empty'))
  })

  it('rejects a name given twice, naming both labels', () => {
    expect(classNamesFromFlag('cat,dog,cat')).toEqual(E.left('--classes: "cat" is both the name of label 0 and the name of label 2; names must differ'))
  })

  it('rejects control characters and more names than a byte can label', () => {
    expect(classNamesFromFlag('cat,d\u0007og')).toEqual(E.left('--classes: the name of label 1, "d\\u0007og", contains a control character'))
    const many = Array.from({ length: 257 }, (_, i) => `c${i}`).join(',')
    expect(classNamesFromFlag(many)).toEqual(E.left('--classes: 257 names, but labels are bytes, so there are at most 256 classes'))
    expect(E.isRight(classNamesFromFlag(Array.from({ length: 256 }, (_, i) => `c${i}`).join(',')))).toBe(true)
  })
})

describe('classNamesFromText (classes.txt)', () => {
  it('reads one name a line, with Windows line ends, a byte-order mark and blank lines at the end', () => {
    expect(classNamesFromText('cat\r\ndog\n\n', 'classes.txt')).toEqual(E.right({ names: ['cat', 'dog'], source: 'classes.txt' }))
    expect(classNamesFromText('\uFEFFa, b\n  c  \n', 'x/classes.txt')).toEqual(E.right({ names: ['a, b', 'c'], source: 'x/classes.txt' }))
  })

  it('rejects a blank line before a name (it would shift every later name), an empty file and repeats', () => {
    expect(classNamesFromText('cat\n\ndog\n', 'd/classes.txt')).toEqual(E.left('d/classes.txt: line 2 (label 1) is empty'))
    expect(classNamesFromText('\n \n', 'd/classes.txt')).toEqual(E.left('d/classes.txt: no class names (expected one name a line)'))
    expect(classNamesFromText('cat\ndog\ncat\n', 'd/classes.txt')).toEqual(E.left('d/classes.txt: "cat" is both line 1 (label 0) and line 3 (label 2); names must differ'))
  })
})

describe('namesFitLabels', () => {
  const named = (names: readonly string[], source = '--classes') => ({ names, source })

  it('wants exactly one name for every label from 0 to the largest', () => {
    expect(namesFitLabels(Uint8Array.of(0, 2, 1), named(['a', 'b', 'c']), 'DIR')).toEqual(E.right(named(['a', 'b', 'c'])))
    // A label may be missing in between: the names still count up to the largest.
    expect(namesFitLabels(Uint8Array.of(0, 2), named(['a', 'b', 'c']), 'DIR')).toEqual(E.right(named(['a', 'b', 'c'])))
  })

  it('says how many names there are, how far the labels go, and what to do', () => {
    expect(namesFitLabels(Uint8Array.of(0, 2, 1), named(['a', 'b']), 'DIR')).toEqual(
      E.left('--classes names 2 classes, but the labels of DIR run from 0 to 2 (3 classes): give one name per label, in label order'),
    )
    expect(namesFitLabels(Uint8Array.of(0, 1), named(['a', 'b', 'c'], 'DIR/classes.txt'), 'DIR')).toEqual(
      E.left('DIR/classes.txt names 3 classes, but the labels of DIR run from 0 to 1 (2 classes): it needs one line per label, in label order'),
    )
    expect(namesFitLabels(new Uint8Array(0), named(['a']), 'DIR')).toEqual(E.left('--classes names 1 class, but DIR has no labels: give one name per label, in label order'))
  })
})

describe('predictionsCsv', () => {
  it('writes the numbers first, then the names, quoting a name that holds a comma or a quote', () => {
    const evaluation: Evaluation = { labels: Uint8Array.of(0, 1, 2), predicted: Uint8Array.of(0, 2, 1), probabilities: new Float32Array(9), accuracy: 1 / 3, loss: 1 }
    const csv = predictionsCsv(Int32Array.of(7, 3, 5), evaluation, ['cat', 'bar, vertical', 'the "dog"'])
    expect(csv).toBe(
      ['index,label,predicted,label_name,predicted_name', '7,0,0,cat,cat', '3,1,2,"bar, vertical","the ""dog"""', '5,2,1,"the ""dog""","bar, vertical"', ''].join('\n'),
    )
  })

  it('names MNIST\'s classes by their digits', () => {
    const evaluation: Evaluation = { labels: Uint8Array.of(4), predicted: Uint8Array.of(9), probabilities: new Float32Array(10), accuracy: 0, loss: 1 }
    expect(predictionsCsv(Int32Array.of(12), evaluation, digitNames(10))).toBe('index,label,predicted,label_name,predicted_name\n12,4,9,4,9\n')
  })
})

// The whole command on a small named data set
// -------------------------------------------



// Four classes of 8×8 images, each a fixed random pattern of bright pixels plus noise. Every
// tenth image shows the pattern of the next class, so that some test images are misclassified.
const NAMES = ['ring', 'bar, vertical', 'Étoile', 'T-shirt/top'] as const
const CLASSES_TXT = `${NAMES.join('\r\n')}\r\n`

const namedData = (count: number, seed: number): { readonly images: Uint8Array; readonly labels: Uint8Array } => {
  let rng: Rng = seedRng(seed)
  const draw = (n: number): number => {
    const [value, next] = randomInt(rng, n)
    rng = next
    return value
  }
  let patternRng: Rng = seedRng(777)
  const patterns = NAMES.map(() =>
    Array.from({ length: 64 }, () => {
      const [bit, next] = randomInt(patternRng, 3)
      patternRng = next
      return bit === 0
    }),
  )
  const labels = Uint8Array.from({ length: count }, (_, i) => i % NAMES.length)
  const images = new Uint8Array(count * 64)
  labels.forEach((label, i) => {
    const pattern = patterns[(label + (i % 10 === 9 ? 1 : 0)) % NAMES.length]!
    for (let p = 0; p < 64; p++) images[i * 64 + p] = pattern[p] ? 200 + draw(56) : draw(60)
  })
  return { images, labels }
}

// The four IDX files (raw, dashed names) and a classes.txt (none for null).
const writeNamedData = async (dir: string, classesTxt: string | null = CLASSES_TXT): Promise<void> => {
  await mkdir(dir, { recursive: true })
  const train = namedData(300, 1)
  const test = namedData(100, 2)
  await writeFile(join(dir, 'train-images-idx3-ubyte'), encodeIdx([300, 8, 8], train.images))
  await writeFile(join(dir, 'train-labels-idx1-ubyte'), encodeIdx([300], train.labels))
  await writeFile(join(dir, 't10k-images-idx3-ubyte'), encodeIdx([100, 8, 8], test.images))
  await writeFile(join(dir, 't10k-labels-idx1-ubyte'), encodeIdx([100], test.labels))
  if (classesTxt !== null) await writeFile(join(dir, 'classes.txt'), classesTxt)
}

const ARCH = 'conv3x3x2-relu-pool2-dense4'
const trainArgs = (data: string): readonly string[] => ['--data', data, '--arch', ARCH, '--epochs', '1', '--lr', '0.01']

// The text of an SVG picture, as a reader sees it (entities resolved).
const svgText = (svg: string): string => textOf(parseXml(svg))

let root = ''

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'classes-spec-'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('npm run train on 400 generated images of four named classes (classes.txt)', () => {
  let data = ''
  let out = ''
  let trained: Run
  const file = (name: string) => readFile(join(out, name), 'utf8')

  beforeAll(async () => {
    data = join(root, 'named-data')
    out = join(root, 'named-out')
    await writeNamedData(data)
    trained = await run(runTrain, [...trainArgs(data), '--out', out])
  }, 60_000)

  it('trains, saying where the names came from, and learns the classes', () => {
    expect(trained.status, trained.stderr).toBe(0)
    expect(trained.stderr).toBe('')
    expect(trained.stdout).toContain(`\nclasses   ring, bar, vertical, Étoile, T-shirt/top (from ${join(data, 'classes.txt')})\n`)
    expect(Number(/^test accuracy: ([\d.]+)%$/m.exec(trained.stdout)![1])).toBeGreaterThan(60)
  })

  it('prints and writes the report with the names in scikit-learn\'s layout', async () => {
    const report = await file('report.txt')
    expect(trained.stdout).toContain(report)
    const lines = report.split('\n')
    // The confusion matrix (4 rows), then the header: the name column is as wide as the
    // longest name, "bar, vertical" (13), which is longer than "weighted avg" (12).
    expect(lines[4]).toBe(`${' '.repeat(13)}  precision    recall  f1-score   support`)
    expect(lines.slice(6, 10).map((line) => line.slice(0, 13).trimStart())).toEqual([...NAMES])
    expect(lines[6]).toMatch(/^ {9}ring {7}\d\.\d\d {6}\d\.\d\d {6}\d\.\d\d {8}\d\d$/)
    expect(lines[11]).toMatch(/^ {5}accuracy {27}\d\.\d\d {8}80$/)
  })

  it('writes predictions.csv with the numbers and the names of both classes', async () => {
    const lines = (await file('predictions.csv')).split('\n')
    expect(lines[0]).toBe('index,label,predicted,label_name,predicted_name')
    expect(lines.length).toBe(1 + 80 + 1) // 20 % of 400 images, and a final newline
    const quoted = (name: string) => (name.includes(',') ? `"${name}"` : name)
    for (const line of lines.slice(1, -1)) {
      const [, label, predicted] = line.split(',').map(Number)
      expect(line).toBe(`${line.split(',')[0]},${label},${predicted},${quoted(NAMES[label!]!)},${quoted(NAMES[predicted!]!)}`)
    }
  })

  it('records the names in model.json', async () => {
    const model = parseModel(await file('model.json'))
    if (E.isLeft(model)) throw new Error(model.left)
    expect(model.right.classes).toEqual([...NAMES])
    expect(model.right.net.shapes.at(-1)).toEqual([4])
  })

  it('names the classes in every picture that shows classes, and calls the images images', async () => {
    for (const name of ['confusion.svg', 'weights.svg']) {
      const text = svgText(await file(name))
      for (const className of NAMES) expect(text, `${name} names ${className}`).toContain(className)
    }
    // The feature maps show every class's probability; the misclassified images name theirs.
    const featureMaps = svgText(await file('feature-maps.svg'))
    for (const className of NAMES) expect(featureMaps).toContain(className)
    expect(featureMaps).toContain('Test images on their way')
    const misclassified = svgText(await file('misclassified.svg'))
    expect(misclassified).toMatch(/(ring|bar, vertical|Étoile|T-shirt\/top) → (ring|bar, vertical|Étoile|T-shirt\/top) \(/)
    expect(svgText(await file('confusion.svg'))).toContain('on 80 test images')
  })

  it('npm run evaluate and npm run plots take the names from the model file', async () => {
    // Without classes.txt beside the data: the names must come from model.json.
    await rm(join(data, 'classes.txt'))
    try {
      const evaluated = await run(runEvaluate, ['--model', join(out, 'model.json')])
      expect(evaluated.status, evaluated.stderr).toBe(0)
      expect(evaluated.stdout).toBe(await file('report.txt'))
      const pictures = join(root, 'named-plots')
      const plotted = await run(runPlots, ['--model', join(out, 'model.json'), '--out', pictures])
      expect(plotted.status, plotted.stderr).toBe(0)
      expect(await readFile(join(pictures, 'confusion.svg'), 'utf8')).toBe(await file('confusion.svg'))
    } finally {
      await writeFile(join(data, 'classes.txt'), CLASSES_TXT)
    }
  }, 60_000)

  it('--classes wins over classes.txt', async () => {
    const other = join(root, 'named-flag')
    const result = await run(runTrain, [...trainArgs(data), '--out', other, '--classes', 'w,x,y,z', '--quiet'])
    expect(result.status, result.stderr).toBe(0)
    const model = parseModel(await readFile(join(other, 'model.json'), 'utf8'))
    if (E.isLeft(model)) throw new Error(model.left)
    expect(model.right.classes).toEqual(['w', 'x', 'y', 'z'])
  }, 60_000)
})

describe('bad class names', () => {
  // A failure as the commands promise it: one line, the status, and no output directory.
  const expectFailure = async (argv: readonly string[], out: string, status: number): Promise<string> => {
    const result = await run(runTrain, [...argv, '--out', out])
    expect(result.status, result.stderr).toBe(status)
    expect(result.stderr).toMatch(/^error: [^\n]+\n$/)
    expect(existsSync(out)).toBe(false)
    return result.stderr.slice('error: '.length, -1)
  }

  it('a --classes that is wrong in itself: exit 2 before reading any data', async () => {
    const missing = join(root, 'no-such-data')
    expect(await expectFailure(['--data', missing, '--classes', 'a,b,a'], join(root, 'bad-dup'), 2)).toBe(
      '--classes: "a" is both the name of label 0 and the name of label 2; names must differ (see --help)',
    )
    expect(await expectFailure(['--classes', ''], join(root, 'bad-empty'), 2)).toBe('--classes must not be empty (see --help)')
  })

  it('a --classes that does not fit the labels: exit 2, naming the data', async () => {
    const data = join(root, 'named-no-file')
    await writeNamedData(data, null)
    expect(await expectFailure([...trainArgs(data), '--classes', 'a,b,c'], join(root, 'bad-count'), 2)).toBe(
      `--classes names 3 classes, but the labels of ${data} run from 0 to 3 (4 classes): give one name per label, in label order`,
    )
  })

  it('a classes.txt that does not fit the labels, or has a hole: exit 1, naming the file', async () => {
    const five = join(root, 'named-five')
    await writeNamedData(five, 'a\nb\nc\nd\ne\n')
    expect(await expectFailure(trainArgs(five), join(root, 'bad-five'), 1)).toBe(
      `${join(five, 'classes.txt')} names 5 classes, but the labels of ${five} run from 0 to 3 (4 classes): it needs one line per label, in label order`,
    )
    const hole = join(root, 'named-hole')
    await writeNamedData(hole, 'a\n\nc\nd\n')
    expect(await expectFailure(trainArgs(hole), join(root, 'bad-hole'), 1)).toBe(`${join(hole, 'classes.txt')}: line 2 (label 1) is empty`)
  })

  it('a classes.txt that cannot be read: exit 1 (a directory is not a file)', async () => {
    const data = join(root, 'named-dir')
    await writeNamedData(data, null)
    await mkdir(join(data, 'classes.txt'))
    expect(await expectFailure(trainArgs(data), join(root, 'bad-dir'), 1)).toMatch(
      new RegExp(`^${join(data, 'classes.txt').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: is a directory, not a regular file$`),
    )
    expect(E.isLeft(await readClassesFile(data))).toBe(true)
  })

  it('no classes.txt: the names are the digits, as for MNIST', async () => {
    expect(await readClassesFile(join(root, 'named-no-file'))).toEqual(E.right(undefined))
    expect(digitNames(3)).toEqual(['0', '1', '2'])
  })

  it('a model file whose names repeat: npm run evaluate exits 1, naming the file', async () => {
    const path = join(root, 'repeated-names.json')
    const text = await readFile(join(root, 'named-out', 'model.json'), 'utf8')
    const broken = text.replace('"Étoile"', '"ring"')
    expect(broken).not.toBe(text)
    await writeFile(path, broken)
    const result = await run(runEvaluate, ['--model', path])
    expect(result.status).toBe(1)
    expect(result.stderr).toBe(`error: ${path}: "classes": "ring" is both the name of label 0 and the name of label 2; names must differ\n`)
  })
})
