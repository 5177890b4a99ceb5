// Class names: one rule for train and evaluate, and safe in every output (issue 21, family 6)
// ==========================================================================================
//
// `npm run train` takes class names from --classes or classes.txt and writes them into
// model.json; `npm run evaluate` reads them back. Both now check them with one rule
// (model/modelFile.ts `classNameProblem`), so that a name train accepts is a name evaluate
// accepts: a 43-character name used to pass train and then fail evaluate. The rule refuses
// control characters (C0, DEL, C1), the line and paragraph separators and the invisible marks
// that change the direction of text (bidirectional overrides, isolates and marks), which
// could make a line of the report read differently from what it says. And in
// predictions.csv, a name that a spreadsheet would run as a formula (it starts with = + - @,
// a tab or a carriage return) is written as text: quoted, behind a single quote (OWASP).
//
// The fixtures are made here: a small IDX data set of four classes of 8×8 images.

import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { classNamesFromFlag, classNamesFromText } from '../../src/cli/classes.ts'
import { runEvaluate } from '../../src/cli/evaluate.ts'
import { csvField, predictionsCsv, runTrain } from '../../src/cli/train.ts'
import { seedRng } from '../../src/core/rng.ts'
import { encodeIdx } from '../../src/data/idxWrite.ts'
import { parseArch } from '../../src/model/arch.ts'
import { classNameProblem, MAX_CLASS_NAME, parseModel, serializeModel } from '../../src/model/modelFile.ts'
import { initParams, sequential } from '../../src/model/sequential.ts'
import type { Evaluation } from '../../src/train/evaluate.ts'
import { run } from '../helpers/commands.ts'



// The characters the rule refuses, by kind.
const CONTROLS = ['\u0000', '\u0001', '\t', '\n', '\r', '\u001b', '\u001f', '\u007f', '\u0080', '\u0085', '\u009b', '\u009f']
const SEPARATORS = ['\u2028', '\u2029']
const DIRECTION_MARKS = ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']

// A model file (a one-layer network for one number) naming two classes: "ok" and `name`.
const NET = (() => {
  const built = E.flatMap(parseArch('dense2'), (layers) => sequential([1], layers))
  if (E.isLeft(built)) throw new Error(built.left)
  return built.right
})()
const VALID = serializeModel({ arch: 'dense2', inputShape: [1], classes: ['ok', 'other'], seed: 1, training: {}, metrics: [], params: initParams(NET, seedRng(1))[0] }, NET)
// (A function as the replacement: a name such as "$&" must not be read as a replacement pattern.)
const modelNaming = (name: string): string => VALID.replace('"other"', () => JSON.stringify(name))

describe('one rule for the names train takes and the names evaluate reads', () => {
  it('train (the flag and classes.txt) accepts a name exactly when the model file may hold it', () => {
    // Any text: ASCII, any Unicode (lone surrogates too), and the refused characters among others.
    const risky = fc.constantFrom(...CONTROLS, ...SEPARATORS, ...DIRECTION_MARKS)
    const name = fc.oneof(
      fc.string({ minLength: 1, maxLength: 50, unit: 'grapheme' }),
      fc.string({ minLength: 1, maxLength: 50, unit: 'binary' }),
      fc.tuple(fc.string({ maxLength: 20 }), risky, fc.string({ maxLength: 20 })).map(([a, c, b]) => `${a}${c}${b}`),
      fc.integer({ min: 35, max: 45 }).map((n) => 'é'.repeat(n)),
    )
    // Names as train would see them: no commas (the flag's separator), no spaces around them (it drops those), not "ok".
    const asGiven = name.filter((n) => !n.includes(',') && n.trim() === n && n !== 'ok' && n !== '' && !/[\n\r]/.test(n))
    fc.assert(
      fc.property(asGiven, (n) => {
        const byFlag = E.isRight(classNamesFromFlag(`ok,${n}`))
        const byFile = E.isRight(classNamesFromText(`ok\n${n}\n`, 'classes.txt'))
        const byModel = E.isRight(parseModel(modelNaming(n)))
        expect({ byFlag, byFile }).toEqual({ byFlag: byModel, byFile: byModel })
        expect(byModel).toBe(classNameProblem(n) === undefined)
      }),
      { numRuns: 300 },
    )
  })

  it('a name of 40 characters passes both, one of 41 (or 43) fails both, counting characters and not UTF-16 units', () => {
    for (const name of ['x'.repeat(MAX_CLASS_NAME), '🐈'.repeat(MAX_CLASS_NAME)]) {
      expect(E.isRight(classNamesFromFlag(`ok,${name}`)), name).toBe(true)
      expect(E.isRight(parseModel(modelNaming(name))), name).toBe(true)
    }
    expect(classNamesFromFlag(`ok,${'x'.repeat(43)}`)).toEqual(E.left(`--classes: the name of label 1, "${'x'.repeat(43)}", has 43 characters; at most 40 are allowed`))
    expect(parseModel(modelNaming('x'.repeat(41)))).toEqual(E.left(`"classes": the name of label 1, "${'x'.repeat(41)}", has 41 characters; at most 40 are allowed`))
  })

  it('refuses every control character, separator and direction mark, naming the kind', () => {
    for (const c of CONTROLS) {
      expect(classNameProblem(`a${c}b`), JSON.stringify(c)).toBe('contains a control character')
      expect(E.isLeft(parseModel(modelNaming(`a${c}b`)))).toBe(true)
    }
    for (const c of SEPARATORS) expect(classNameProblem(`a${c}b`)).toMatch(/^contains U\+202[89], a line or paragraph separator$/)
    for (const c of DIRECTION_MARKS) {
      const code = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
      expect(classNameProblem(`a${c}b`)).toBe(`contains ${code}, a mark that changes the direction of text`)
      expect(classNamesFromFlag(`ok,a${c}b`)).toEqual(E.left(`--classes: the name of label 1, ${JSON.stringify(`a${c}b`)}, contains ${code}, a mark that changes the direction of text`))
    }
    expect(classNameProblem('a\uD800b')).toBe('contains half of a surrogate pair (it is not valid Unicode)')
  })

  it('keeps what was always fine: letters of any script, emoji, spaces and punctuation inside', () => {
    for (const name of ['T-shirt/top', 'bar, vertical', 'Étoile', '猫', 'שלום', 'مرحبا', '🐈‍⬛', 'a "quoted" name', '=1+1', '@home']) expect(classNameProblem(name), name).toBeUndefined()
  })
})

describe('predictions.csv written as text for a spreadsheet (OWASP CSV injection)', () => {
  it('puts a single quote before a name that starts a formula, and quotes it', () => {
    expect(csvField('=1+1')).toBe(`"'=1+1"`)
    expect(csvField('+SUM(A1:A9)')).toBe(`"'+SUM(A1:A9)"`)
    expect(csvField('-2+3')).toBe(`"'-2+3"`)
    expect(csvField('@SUM(1)')).toBe(`"'@SUM(1)"`)
    expect(csvField('\t=1')).toBe(`"'\t=1"`)
    expect(csvField('\r=1')).toBe(`"'\r=1"`)
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`)
  })

  it('leaves other names alone but for RFC 4180 quoting, and a formula sign inside a name is no formula', () => {
    expect(csvField('cat')).toBe('cat')
    expect(csvField('a=b')).toBe('a=b')
    expect(csvField('T-shirt/top')).toBe('T-shirt/top')
    expect(csvField('bar, vertical')).toBe('"bar, vertical"')
    expect(csvField('the "dog"')).toBe('"the ""dog"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
  })

  it('predictionsCsv neutralises both name columns and never the numbers', () => {
    const evaluation: Evaluation = { labels: Uint8Array.of(0, 1), predicted: Uint8Array.of(1, 0), probabilities: new Float32Array(4), accuracy: 0, loss: 1 }
    expect(predictionsCsv(Int32Array.of(5, 6), evaluation, ['=cmd', '-1'])).toBe(`index,label,predicted,label_name,predicted_name\n5,0,1,"'=cmd","'-1"\n6,1,0,"'-1","'=cmd"\n`)
  })
})

// The commands on a data set of their own
// ---------------------------------------

// Four classes of 8×8 images: class c lights the pixels p with (3c + p) mod 4 = 0, plus noise.
const images = (count: number, seed: number): { readonly images: Uint8Array; readonly labels: Uint8Array } => {
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 4)
  const pixels = new Uint8Array(count * 64)
  let s = seed
  for (let i = 0; i < pixels.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    pixels[i] = ((labels[Math.floor(i / 64)]! * 3 + (i % 64)) % 4 === 0 ? 200 : 0) + (s % 50)
  }
  return { images: pixels, labels }
}

const writeData = async (dir: string, classesTxt?: string): Promise<void> => {
  await mkdir(dir, { recursive: true })
  const train = images(160, 1)
  const test = images(40, 2)
  await writeFile(join(dir, 'train-images-idx3-ubyte'), encodeIdx([160, 8, 8], train.images))
  await writeFile(join(dir, 'train-labels-idx1-ubyte'), encodeIdx([160], train.labels))
  await writeFile(join(dir, 't10k-images-idx3-ubyte'), encodeIdx([40, 8, 8], test.images))
  await writeFile(join(dir, 't10k-labels-idx1-ubyte'), encodeIdx([40], test.labels))
  if (classesTxt !== undefined) await writeFile(join(dir, 'classes.txt'), classesTxt)
}

const trainArgs = (data: string, out: string): readonly string[] => ['--data', data, '--arch', 'conv3x3x2-relu-pool2-dense4', '--epochs', '1', '--lr', '0.01', '--out', out, '--quiet']

let root = ''

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'class-names-spec-'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('npm run train and npm run evaluate agree on names', () => {
  const LONGEST = 'n'.repeat(MAX_CLASS_NAME)
  const FORMULAS = ['=1+1', '+cmd', '-2', LONGEST]

  it('a run with names of 40 characters and formula-like names writes them, and evaluate reads them back', async () => {
    const data = join(root, 'data')
    const out = join(root, 'out')
    await writeData(data)
    const trained = await run(runTrain, [...trainArgs(data, out), '--classes', FORMULAS.join(',')])
    expect(trained.status, trained.stderr).toBe(0)
    const model = parseModel(await readFile(join(out, 'model.json'), 'utf8'))
    if (E.isLeft(model)) throw new Error(model.left)
    expect(model.right.classes).toEqual(FORMULAS)
    const evaluated = await run(runEvaluate, ['--model', join(out, 'model.json')])
    expect(evaluated.status, evaluated.stderr).toBe(0)
    expect(evaluated.stdout).toBe(await readFile(join(out, 'report.txt'), 'utf8'))
    // predictions.csv: every name column is text; the numbers are as they were.
    const rows = (await readFile(join(out, 'predictions.csv'), 'utf8')).trim().split('\n').slice(1)
    expect(rows.length).toBe(40)
    const expected = new Map(FORMULAS.map((name) => [name, name === LONGEST ? name : `"'${name}"`]))
    for (const row of rows) {
      const [, , label, predicted, labelName, predictedName] = /^(\d+),(\d),(\d),(.*),(.*)$/.exec(row)!
      expect(labelName).toBe(expected.get(FORMULAS[Number(label)]!))
      expect(predictedName).toBe(expected.get(FORMULAS[Number(predicted)]!))
    }
  }, 60_000)

  it('a name of 43 characters: train refuses it before any work (flag: exit 2; classes.txt: exit 1)', async () => {
    const data = join(root, 'data-long')
    const long = 'x'.repeat(43)
    await writeData(data, `a\nb\nc\n${long}\n`)
    const byFlag = await run(runTrain, [...trainArgs(data, join(root, 'out-long-flag')), '--classes', `a,b,c,${long}`])
    expect(byFlag.status).toBe(2)
    expect(byFlag.stderr).toBe(`error: --classes: the name of label 3, "${long}", has 43 characters; at most 40 are allowed (see --help)\n`)
    const byFile = await run(runTrain, trainArgs(data, join(root, 'out-long-file')))
    expect(byFile.status).toBe(1)
    expect(byFile.stderr).toBe(`error: ${join(data, 'classes.txt')}: line 4 (label 3), "${long}", has 43 characters; at most 40 are allowed\n`)
    expect(existsSync(join(root, 'out-long-flag'))).toBe(false)
    expect(existsSync(join(root, 'out-long-file'))).toBe(false)
  }, 60_000)

  it('a direction override in classes.txt: exit 1, and the message shows the mark as an escape, not raw', async () => {
    const data = join(root, 'data-bidi')
    await writeData(data, 'a\nb\nc\nexe.\u202Etxt\n')
    const result = await run(runTrain, trainArgs(data, join(root, 'out-bidi')))
    expect(result.status).toBe(1)
    expect(result.stderr).toBe(`error: ${join(data, 'classes.txt')}: line 4 (label 3), "exe.\\u202etxt", contains U+202E, a mark that changes the direction of text\n`)
    expect(existsSync(join(root, 'out-bidi'))).toBe(false)
  }, 60_000)

  it('a model file holding such a name: evaluate exits 1, naming the file and the mark', async () => {
    const path = join(root, 'bidi-model.json')
    await writeFile(path, modelNaming('\u2066x'))
    const result = await run(runEvaluate, ['--model', path])
    expect(result.status).toBe(1)
    expect(result.stderr).toBe(`error: ${path}: "classes": the name of label 1, "\\u2066x", contains U+2066, a mark that changes the direction of text\n`)
  }, 60_000)
})
