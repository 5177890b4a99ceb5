// `npm run exercises`: the syllabus's answers, checked
// ====================================================
//
// docs/README.md ends each chapter with "Try this" exercises and gives their answers at the
// end. An answer that states an outcome (a number, a shape, a message, a failing test, a
// divergence) would quietly turn false the day the code changed, so each such answer has a
// check here: a function that computes the outcome with the real code (library calls, the
// commands run in this process, a spec run on a copy of the sources with one line changed)
// and looks for what it computed in the answer's own words. A check also looks for the
// command or the line to change in the exercise, so exercise, answer and code move together.
// An answer with nothing to check must say so: it begins with "It depends on your run".
//
//     npm run exercises                        lists the answers and what checks each
//     npm run exercises -- --check             checks every answer (short training runs: about a minute on 2 cores)
//     npm run exercises -- --check --quick     only the quick checks, the ones spec/exercises.spec.ts runs
//     npm run exercises -- --check --only 6.2,8.2
//
// Each answer checked prints one line: `ok`, or `FAIL` and what differs. Exit status: 0 all
// true; 1 an answer that is false, an answer with no check, or a check with no answer; 2 bad
// flags. This is repository tooling, not part of the lesson: it lives in scripts/tools/.

import { spawn } from 'node:child_process'
import { cp, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { defaultDataDir } from '../../src/cli/dataFiles.ts'
import { originalDigits } from '../../src/cli/experiment.ts'
import { helpText, parseFlags, type FlagSpec } from '../../src/cli/flags.ts'
import { recorder, type Io } from '../../src/cli/io.ts'
import { loadModel } from '../../src/cli/evaluate.ts'
import { runMain } from '../../src/cli/main.ts'
import {
  adam,
  buildNetwork,
  checkGradient,
  classScores,
  confusionMatrix,
  conv2dBackward,
  convGeometry,
  countParams,
  denseBackward,
  denseForward,
  fromNumbers,
  indexOf,
  initParams,
  maxPoolBackward,
  maxPoolForward,
  ORIGINAL_ARCH,
  poolGeometry,
  project,
  randomDirection,
  seedRng,
  exportOnnx,
  serializeModel,
  softmaxCrossEntropyForward,
  stridesOf,
  tanhBackward,
  tanhForward,
  tensor,
  toFloat64,
  uniform,
  type Named,
  type ParamTree,
} from '../../src/index.ts'
import { sample } from '../../src/core/rng.ts'
import { formatFixed, sklearnSplit } from '../../src/exact/index.ts'
import { isMain } from './isMain.ts'

/** The repository this file belongs to. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Chapter 0, the one-page network. */
const ORIGINAL = 'src/original/network.ts'

/** The syllabus whose answers we check. */
export const SYLLABUS = 'docs/README.md'

// Reading the syllabus
// --------------------
// A chapter is a `## 3. Title` heading (or `## Appendix A: Title`); its exercises are the
// numbered list after "**Try this.**". The answers are the paragraphs of the "## Answers"
// section, one per chapter, `**3.** (1) … (2) …`. Exercise 2 of chapter 3 is "3.2".

/**
 * The exercises and answers of the syllabus by id ("3.2"), as written (an exercise without
 * the indentation of its list item), and what could not be read.
 */
export interface Syllabus {
  readonly questions: ReadonlyMap<string, string>
  readonly answers: ReadonlyMap<string, string>
  readonly problems: readonly string[]
}

/** Text with every run of white space as one space: Markdown wraps lines anywhere. */
export const flat = (text: string): string => text.replace(/\s+/g, ' ').trim()

const chapterOf = (heading: string): string | undefined => /^## (?:(\d+)\.|Appendix ([A-Z])\b)/.exec(heading)?.slice(1).find((id) => id !== undefined)

// `(1) … (2) … (3) …` as the texts of 1, 2, 3: each marker is searched for after the one before.
const numbered = (text: string): readonly string[] => {
  const starts: number[] = []
  for (let k = 1, from = 0; ; k++) {
    const at = text.indexOf(`(${k}) `, from)
    if (at < 0) break
    starts.push(at)
    from = at + 1
  }
  return starts.map((start, i) => text.slice(start + String(i + 1).length + 3, starts[i + 1]).trim())
}

/** Finds every exercise and every answer of the syllabus. */
export const readSyllabus = (markdown: string): Syllabus => {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n')
  const questions = new Map<string, string>()
  const answers = new Map<string, string>()
  const problems: string[] = []
  let chapter: string | undefined
  let inAnswers = false
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.startsWith('## ')) {
      chapter = chapterOf(line)
      inAnswers = line.trim() === '## Answers'
    } else if (line === '---') {
      inAnswers = false
    } else if (line.trim() === '**Try this.**') {
      if (chapter === undefined) problems.push(`line ${i + 1}: "Try this" outside a numbered chapter or lettered appendix`)
      // The list runs to the first blank line; an item starts with "1. ", "2. ", …
      const items: string[] = []
      for (i++; i < lines.length && lines[i]!.trim() !== ''; i++) {
        const item = /^(\d+)\. (.*)$/.exec(lines[i]!)
        if (item !== null) {
          if (Number(item[1]) !== items.length + 1) problems.push(`line ${i + 1}: exercise ${chapter}.${item[1]} is not numbered ${items.length + 1}`)
          items.push(item[2]!)
        } else if (items.length > 0) items[items.length - 1] += `\n${lines[i]!.replace(/^ {3}/, '')}`
      }
      items.forEach((text, k) => questions.set(`${chapter}.${k + 1}`, text))
    } else if (inAnswers) {
      const head = /^\*\*(\d+|[A-Z])\.\*\* (.*)$/.exec(line)
      if (head === null) continue
      let paragraph = head[2]!
      for (; i + 1 < lines.length && lines[i + 1]!.trim() !== ''; i++) paragraph += `\n${lines[i + 1]!}`
      const parts = numbered(paragraph)
      if (parts.length === 0) problems.push(`answers of chapter ${head[1]}: no "(1)" found`)
      parts.forEach((text, k) => answers.set(`${head[1]}.${k + 1}`, text))
    }
  }
  for (const id of questions.keys()) if (!answers.has(id)) problems.push(`exercise ${id} has no answer`)
  for (const id of answers.keys()) if (!questions.has(id)) problems.push(`answer ${id} has no exercise`)
  return { questions, answers, problems }
}

/** The mark of an answer that states no outcome to check. */
export const OPEN_ENDED = 'It depends on your run'

/** Whether an answer says it has nothing to check. */
export const isOpenEnded = (answer: string): boolean => answer.startsWith(OPEN_ENDED)

// What a check can say
// --------------------

/** A check found that the syllabus and the code disagree. */
export class Mismatch extends Error {}

/** Fails unless `text` contains `fragment` (white space compared loosely). */
const says = (text: string, fragment: string, where: string): void => {
  if (!flat(text).includes(flat(fragment))) throw new Mismatch(`the ${where} does not say ${JSON.stringify(flat(fragment))}`)
}

/** What a check is handed: the exercise and its answer, and ways to look into them. */
export interface Said {
  readonly question: string
  readonly answer: string
  /** Fails unless the exercise says this (a command, the line to change). */
  readonly asks: (fragment: string) => void
  /** Fails unless the answer says this (what the code computed, written as the answer writes it). */
  readonly states: (fragment: string) => void
}

const said = (question: string, answer: string): Said => ({
  question,
  answer,
  asks: (fragment) => says(question, fragment, 'exercise'),
  states: (fragment) => says(answer, fragment, 'answer'),
})

/** Fails unless `ok`, saying what was found. */
const expectThat = (ok: boolean, found: string): void => {
  if (!ok) throw new Mismatch(found)
}

/** One checked answer. */
export interface Exercise {
  /** The exercise: chapter and number, "3.2". */
  readonly id: string
  /** Trains, or runs specs on a copy of the sources: only `npm run exercises -- --check` runs it. */
  readonly slow: boolean
  /** What computes the outcome, in a few words (`npm run exercises` lists them). */
  readonly how: string
  /** Computes the outcome and compares it with the answer; resolves to what it found. */
  readonly check: (s: Said) => Promise<string>
}

// Running the real thing
// ----------------------

/** What a command printed and its exit status. */
export interface Run {
  readonly status: number
  readonly stdout: string
  readonly stderr: string
}

const temporaryDir = (prefix: string): Promise<string> => mkdtemp(join(tmpdir(), `exercises-${prefix}-`))

const withTemporaryDir = async <T>(prefix: string, use: (dir: string) => Promise<T>): Promise<T> => {
  const dir = await temporaryDir(prefix)
  try {
    return await use(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * The arguments of a command the exercise gives, as `annotated-cnn` takes them:
 * `npm run train -- --epochs 1` is `train --epochs 1`. Fails unless the exercise says it.
 */
const commandIn = (s: Said, command: string): readonly string[] => {
  s.asks(`\`${command}\``)
  const words = command.split(' ')
  if (words[0] !== 'npm' || words[1] !== 'run' || words[2] === undefined) throw new Error(`not an npm run command: ${command}`)
  return [words[2], ...words.slice(words[3] === '--' ? 4 : 3)]
}

/** Runs `annotated-cnn <argv>` in this process and records what it prints. */
export const runCommand = async (argv: readonly string[]): Promise<Run> => {
  const stdout = recorder()
  const stderr = recorder()
  const io: Io = { stdout, stderr }
  const status = await runMain(argv, io)
  return { status, stdout: stdout.text(), stderr: stderr.text() }
}

/** Runs a program in a child process; `input` goes to its standard input. */
export const runProcess = (command: string, args: readonly string[], cwd: string, input = '', timeoutMs = 240_000): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } })
    const out: Buffer[] = []
    const err: Buffer[] = []
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ status: code ?? (signal === null ? 1 : 128), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') })
    })
    child.stdin.end(input)
  })

// TypeScript run as the reader runs it (`npx tsx …`), in the repository.
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs')
const runTsx = (args: readonly string[], input = ''): Promise<Run> => runProcess(process.execPath, [TSX, ...args], ROOT, input)

/** One line of a source file replaced by another: the change an exercise asks for. */
export interface Edit {
  readonly file: string
  readonly from: string
  readonly to: string
}

/**
 * A copy of the sources and specs with the edits made, in a temporary directory that
 * `use` may run things in (node_modules is linked, not copied). Each `from` must occur
 * exactly once in its file, so an exercise cannot name a line that is no longer there.
 */
export const withEditedCopy = async <T>(edits: readonly Edit[], use: (root: string) => Promise<T>): Promise<T> =>
  withTemporaryDir('copy', async (root) => {
    for (const entry of ['src', 'scripts', 'spec', 'package.json', 'tsconfig.json']) await cp(join(ROOT, entry), join(root, entry), { recursive: true })
    await symlink(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir')
    for (const { file, from, to } of edits) {
      const path = join(root, file)
      const text = await readFile(path, 'utf8')
      const count = text.split(from).length - 1
      if (count !== 1) throw new Mismatch(`${file} has ${count} copies of ${JSON.stringify(from)}, expected one`)
      await writeFile(path, text.replace(from, to))
    }
    return use(root)
  })

/** How one test of a spec run went. */
export interface TestOutcome {
  readonly file: string
  readonly name: string
  readonly passed: boolean
  readonly messages: string
}

/** Runs some spec files with vitest in `root` (a copy made by withEditedCopy) and reports each test. */
export const runSpecs = async (root: string, specs: readonly string[]): Promise<readonly TestOutcome[]> => {
  const report = join(root, 'vitest-report.json')
  const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs')
  const run = await runProcess(process.execPath, [vitest, 'run', ...specs, '--reporter=json', `--outputFile=${report}`], root)
  const text = await readFile(report, 'utf8').catch(() => {
    throw new Error(`vitest wrote no report (exit status ${run.status}): ${run.stderr.slice(0, 2000)}`)
  })
  const json = JSON.parse(text) as {
    readonly testResults: readonly { readonly name: string; readonly assertionResults: readonly { readonly title: string; readonly status: string; readonly failureMessages?: readonly string[] }[] }[]
  }
  return json.testResults.flatMap((file) =>
    file.assertionResults.map((test) => ({
      file: file.name.slice(root.length + 1),
      name: test.title,
      passed: test.status === 'passed',
      messages: (test.failureMessages ?? []).join('\n'),
    })),
  )
}

// Numbers as the answers write them.
const grouped = (n: number): string => n.toLocaleString('en-US')
const numberIn = (text: string, label: RegExp): number => {
  const found = label.exec(text)
  if (found === null) throw new Mismatch(`no ${label.source} in what the command printed`)
  return Number(found[1])
}
const TEST_ACCURACY = /^test accuracy: ([\d.]+)%$/m
const showShape = (shape: readonly number[]): string => `[${shape.join(', ')}]`

// A training run into a fresh --out directory of its own.
const train = (argv: readonly string[]): Promise<Run> => withTemporaryDir('out', (dir) => runCommand([...argv, '--out', join(dir, 'out')]))

// The network an architecture describes, or a mismatch saying why not.
const network = (arch: string, inShape: readonly number[]) => {
  const built = buildNetwork(arch, inShape, 10)
  if (E.isLeft(built)) throw new Mismatch(`buildNetwork(${JSON.stringify(arch)}) says: ${built.left}`)
  return built.right
}

// The checks
// ----------
// One per answer that states an outcome, in the syllabus's order. Each names what it
// computed in its result, which `npm run exercises -- --check` prints beside the id.

export const EXERCISES: readonly Exercise[] = [
  // 0.1: chapter 0's sizes for another kernel. Its constants are evaluated as written,
  // with KERNEL = 5.
  {
    id: '0.1',
    slow: false,
    how: "original/network.ts's constants, evaluated with KERNEL = 5",
    check: async (s) => {
      const source = await readFile(join(ROOT, ORIGINAL), 'utf8')
      expectThat(/^const KERNEL = 3\b/m.test(source), `${ORIGINAL} has no line "const KERNEL = 3"`)
      s.asks('`KERNEL = 3`')
      const constants = [...source.matchAll(/^const ([A-Z]+) = ([^\n]+?)\s*(?:\/\/.*)?$/gm)].map(([, name, value]) => `const ${name} = ${name === 'KERNEL' ? '5' : value}`)
      const sizes = new Function(`${constants.join('\n')}\nreturn [CONV, POOLED, FEATURES]`)() as readonly number[]
      s.asks('What would `CONV`, `POOLED` and `FEATURES` be')
      s.states(`${sizes[0]}, ${sizes[1]} and ${sizes[2]}`)
      return `CONV ${sizes[0]}, POOLED ${sizes[1]}, FEATURES ${sizes[2]}`
    },
  },
  // 0.2: chapter 0 with a wrong backward pass, caught by its spec.
  {
    id: '0.2',
    slow: true,
    how: 'spec/original run on a copy of the sources with ALPHA * dropped',
    check: async (s) => {
      s.asks('In `networkBackward`, drop the `ALPHA * ` from the line that computes `dz`')
      const source = await readFile(join(ROOT, ORIGINAL), 'utf8')
      const lines = source.split('\n').filter((line) => /\bdz\[/.test(line) && line.includes('ALPHA * '))
      expectThat(lines.length === 1, `${ORIGINAL} has ${lines.length} lines that compute dz with ALPHA * `)
      const edit = { file: ORIGINAL, from: lines[0]!, to: lines[0]!.replace('ALPHA * ', '') }
      s.asks('`npx vitest run spec/original`')
      const tests = await withEditedCopy([edit], (root) => runSpecs(root, ['spec/original']))
      const failed = tests.filter((test) => !test.passed)
      // The two tests that compare chapter 0 with the pipeline fail, the one digit's gradients first.
      expectThat(failed.length === 2 && failed.every((test) => /pipeline/.test(test.name)), `the failing tests are: ${failed.map((test) => test.name).join('; ') || 'none'}`)
      const others = tests.filter((test) => !/pipeline/.test(test.name))
      expectThat(others.every((test) => test.passed), `other tests fail too: ${others.filter((test) => !test.passed).map((test) => test.name).join('; ')}`)
      expectThat(others.some((test) => /\btrains?\b.*\bchance\b/.test(test.name)), 'no test trains it from chance')
      s.states('The others pass, even the one that trains it from chance to well above it')
      const gradients = failed.find((test) => /gradients/.test(test.name))
      const off = Number(/expected ([\d.e-]+) to be less than/.exec(gradients?.messages ?? '')?.[1])
      expectThat(Number.isFinite(off), 'the gradient comparison does not say by how much it is off')
      s.states('The two tests that compare chapter 0 with the pipeline fail')
      s.states(`off by ${Math.round(100 * off)}%`)
      return `fail: ${failed.map((test) => `"${test.name}"`).join(', ')}; the gradients are off by ${(100 * off).toFixed(1)}%; ${tests.length - failed.length} other tests pass`
    },
  },
  // 0.3: a plain ReLU in chapter 0.
  {
    id: '0.3',
    slow: true,
    how: 'npm run original, as it is and on a copy with ALPHA = 0',
    check: async (s) => {
      const argv = commandIn(s, 'npm run original -- --epochs 1 --limit 10000')
      s.asks('Set `ALPHA` to 0')
      const leaky = await runCommand(argv)
      const plain = await withEditedCopy([{ file: ORIGINAL, from: 'const ALPHA = 0.01', to: 'const ALPHA = 0' }], (root) =>
        runProcess(process.execPath, ['--import', 'tsx/esm', 'scripts/original.ts', ...argv.slice(1)], root),
      )
      expectThat(leaky.status === 0 && plain.status === 0, `a run failed: ${leaky.stderr.trim()} ${plain.stderr.trim()}`)
      const [a, b] = [numberIn(plain.stdout, TEST_ACCURACY), numberIn(leaky.stdout, TEST_ACCURACY)]
      s.states(a === b ? `Both print ${a.toFixed(2)}%` : `${a.toFixed(2)}% with a plain ReLU against ${b.toFixed(2)}% with 0.01`)
      return `test accuracy ${a.toFixed(2)}% with ALPHA = 0, ${b.toFixed(2)}% with 0.01`
    },
  },
  // 1.1: where a number lives.
  {
    id: '1.1',
    slow: false,
    how: 'the offset from stridesOf, read back with indexOf',
    check: async (s) => {
      const shape = [2, 1, 28, 28]
      const at = [1, 0, 2, 3]
      const offset = stridesOf(shape).reduce((sum, stride, axis) => sum + stride * at[axis]!, 0)
      const back = indexOf(shape, offset)
      expectThat(back.join() === at.join(), `indexOf(${showShape(shape)}, ${offset}) is ${showShape(back)}`)
      s.states(`= ${offset}`)
      return `offset ${offset}, and indexOf(${showShape(shape)}, ${offset}) = ${showShape(back)}`
    },
  },
  // 1.2: randomness is a value. The exercise's command is run as it stands.
  {
    id: '1.2',
    slow: false,
    how: "the exercise's `npx tsx -e` command, run",
    check: async (s) => {
      const command = /`npx tsx -e "([^"`]+)"`/.exec(s.question)
      if (command === null) throw new Mismatch('the exercise gives no `npx tsx -e "…"` command')
      const run = await runTsx(['-e', command[1]!])
      expectThat(run.status === 0, `the command failed: ${run.stderr.trim().split('\n').slice(0, 3).join(' ')}`)
      const printed = run.stdout.trim().split(/\s+/)
      expectThat(printed.length === 2 && printed[0] === printed[1], `it printed ${JSON.stringify(run.stdout.trim())}`)
      const [first, next] = uniform(seedRng(42))
      const [second] = uniform(next)
      expectThat(String(first) === printed[0], `uniform(seedRng(42)) is ${first} here but the command printed ${printed[0]}`)
      s.states(`Both are ${first}`)
      s.states(`uniform(uniform(seedRng(42))[1])[0]`)
      s.states(`${second}`)
      return `prints ${first} twice; the next number is ${second}`
    },
  },
  // 2.1: tanh's slope from its output.
  {
    id: '2.1',
    slow: false,
    how: 'tanhBackward against 1 − y² and 1/cosh²(x)',
    check: async (s) => {
      const x = Float64Array.from([-2, -0.5, 0, 0.3, 1.7])
      const y = tanhForward(x)
      const slope = tanhBackward(y, new Float64Array(x.length).fill(1))
      for (let i = 0; i < x.length; i++) {
        expectThat(slope[i] === 1 - y[i]! * y[i]!, `tanhBackward(y, 1) at x = ${x[i]} is ${slope[i]}, not 1 − y²`)
        expectThat(Math.abs(slope[i]! - 1 / Math.cosh(x[i]!) ** 2) < 1e-12, `1 − y² at x = ${x[i]} is not tanh's slope`)
      }
      s.states('1 − tanh(x)² = 1 − y²')
      return 'tanhBackward(y, dy) = dy · (1 − y²), the slope 1/cosh²(x)'
    },
  },
  // 2.2: the dense layer's parameters.
  {
    id: '2.2',
    slow: false,
    how: "countParams of the original network's dense layer",
    check: async (s) => {
      const net = network(ORIGINAL_ARCH, [1, 28, 28])
      const [params] = initParams(net, seedRng(1))
      const dense = params[params.length - 1]!
      const shape = dense.weights?.shape ?? []
      expectThat(showShape(shape) === '[10, 169]', `the dense weights have shape ${showShape(shape)}`)
      const count = countParams([dense])
      s.states(`= ${grouped(count)}`)
      return `weights ${showShape(shape)} and bias ${showShape(dense.bias?.shape ?? [])}: ${grouped(count)} parameters`
    },
  },
  // 3.1: a dense backward that forgets the batch row, caught by spec/check.
  {
    id: '3.1',
    slow: true,
    how: 'spec/check run on a copy of the sources with the line changed',
    check: async (s) => {
      const edit = { file: 'src/kernels/dense.ts', from: 'dWeights[o * F + f] += d * x[n * F + f]', to: 'dWeights[o * F + f] += d * x[f]' }
      s.asks(`\`${edit.from}\``)
      s.asks(`\`${edit.to}\``)
      const tests = await withEditedCopy([edit], (root) => runSpecs(root, ['spec/check']))
      const failed = tests.filter((test) => !test.passed)
      expectThat(failed.length > 0, 'no test of spec/check fails')
      // A report names a tensor `weights`, or in a network `4:dense10.weights`.
      const named = new Set(failed.flatMap((test) => [...test.messages.matchAll(/worst relative error \S+ at (?:\S+\.)?(\w+)\[/g)].map((m) => m[1]!)))
      expectThat(named.size === 1 && named.has('weights'), `the reports name ${[...named].join(', ') || 'no tensor'}`)
      // Every row of x the reports show side by side agrees: dx is still right.
      const rows = failed.flatMap((test) => [...test.messages.matchAll(/^\s*x\[[^\]]*\]\s+analytic\s+([-+.\de]+)\s+numeric\s+([-+.\de]+)/gm)])
      expectThat(rows.length > 0 && rows.every((m) => m[1] === m[2]), 'some x row of the reports disagrees')
      s.states('The report names `weights`')
      s.states('`dx` does not use x at all, so it stays right')
      return `${failed.length} tests fail, every report names weights; the ${rows.length} x rows shown agree`
    },
  },
  // 3.2: the error of a central difference, ε²·f‴/6.
  {
    id: '3.2',
    slow: false,
    how: "the exercise's snippet run with tsx; the dense check at the same ε",
    check: async (s) => {
      const snippet = /^```ts\n([\s\S]*?)^```/m.exec(s.question)?.[1]
      if (snippet === undefined) throw new Mismatch('the exercise gives no ```ts snippet')
      const run = await runTsx([], snippet)
      expectThat(run.status === 0, `the snippet failed: ${run.stderr.trim().split('\n').slice(0, 3).join(' ')}`)
      const rows = run.stdout.trim().split('\n').map((line) => line.trim().split(/\s+/))
      expectThat(rows.length === 3 && rows.every((row) => row.length === 2), `the snippet printed ${JSON.stringify(run.stdout)}`)
      const errors = rows.map((row) => Number(row[1]))
      // Each tenfold smaller ε, about a hundredfold smaller error: the slope 2 of ε².
      const slopes = errors.slice(1).map((e, i) => Math.log10(errors[i]! / e))
      expectThat(slopes.every((slope) => Math.abs(slope - 2) < 0.05), `the error falls with slopes ${slopes.map((x) => x.toFixed(2)).join(', ')}, not 2`)
      for (const row of rows) s.states(row[1]!)
      s.states('a hundred times')
      // The dense check at the same ε: its error is rounding only, and grows as ε shrinks.
      const checks = denseChecks([1e-1, 1e-2, 1e-3])
      const dense = checks.map((check) => check.error)
      expectThat(checks.every((check) => check.ok), 'the dense check fails at some ε from 1e-1 to 1e-3')
      expectThat(dense.every((e) => e < 1e-10), `the dense check's errors are ${dense.map((e) => e.toExponential(1)).join(', ')}`)
      expectThat(dense[2]! > dense[0]!, "the dense check's error does not grow as ε shrinks")
      s.asks('The dense check of `spec/check/gradcheck.spec.ts` would pass even at ε = 1e-1')
      // Smaller nudges than the default trade truncation for rounding: 1e-5 does best.
      const [e4, e5, e6] = tanhErrors([1e-4, 1e-5, 1e-6])
      expectThat(e5! < e4! && e5! < e6!, `tanh's errors at ε = 1e-4, 1e-5, 1e-6 are ${[e4, e5, e6].map((e) => e!.toExponential(1)).join(', ')}`)
      s.states('The default ε = 1e-5 balances the two errors')
      s.states('below 1e-10 at every ε from 1e-1 to 1e-3')
      s.states('f‴ = 0')
      return `tanh: ${rows.map((row) => `${row[0]} → ${row[1]}`).join(', ')} (slopes ${slopes.map((x) => x.toFixed(2)).join(', ')}); dense: ${dense.map((e) => e.toExponential(1)).join(', ')}`
    },
  },
  // 4.1: shapes of a padded convolution and of 3×3 pooling.
  {
    id: '4.1',
    slow: false,
    how: 'the shapes buildNetwork computes',
    check: async (s) => {
      const conv = network('conv5x5x8p2-dense10', [1, 28, 28]).shapes[1]!
      const pool = network('pool3-dense10', [16, 14, 14]).shapes[1]!
      s.states(`${showShape(conv)} (`)
      s.states(`${showShape(pool)} (`)
      return `conv5x5x8p2 on [1, 28, 28] gives ${showShape(conv)}; pool3 on [16, 14, 14] gives ${showShape(pool)}`
    },
  },
  // 4.2: what pooling and convolution do to the sum of a gradient.
  {
    id: '4.2',
    slow: false,
    how: 'Σ dx against Σ dy for maxPoolBackward and conv2dBackward',
    check: async (s) => {
      const random = (n: number, seed: number) => Float64Array.from(randomDirection(n, seed))
      const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0)
      const pg = poolGeometry(2, 6, 6, 2, 2)
      const x = random(2 * 6 * 6, 1)
      const [y, winners] = maxPoolForward(pg, x, 1)
      const dyPool = random(y.length, 2)
      const poolGap = Math.abs(sum(maxPoolBackward(dyPool, winners, x.length)) - sum(dyPool))
      const cg = convGeometry(1, 6, 6, 2, 3, 3, 1, 0)
      const dyConv = random(2 * cg.oH * cg.oW, 3)
      const [dx] = conv2dBackward(cg, dyConv, random(36, 4), random(18, 5), 1)
      const convGap = Math.abs(sum(dx) - sum(dyConv))
      expectThat(poolGap < 1e-12, `pooling changes the sum by ${poolGap}`)
      expectThat(convGap > 1e-3, `the convolution keeps the sum (to ${convGap})`)
      s.states('Pooling copies each gradient to exactly one input')
      return `pooling: |Σdx − Σdy| = ${poolGap.toExponential(1)}; convolution: ${convGap.toFixed(3)}`
    },
  },
  // 4.3: softmax cross-entropy of a huge score.
  {
    id: '4.3',
    slow: false,
    how: 'softmaxCrossEntropyForward, called as the exercise calls it',
    check: async (s) => {
      s.asks('`softmaxCrossEntropyForward([1000, 0], [1], 1, 2)`')
      const [loss] = softmaxCrossEntropyForward(Float64Array.from([1000, 0]), Uint8Array.from([1]), 1, 2)
      const [loss32] = softmaxCrossEntropyForward(Float32Array.from([1000, 0]), Uint8Array.from([1]), 1, 2)
      expectThat(loss === 1000 && loss32 === 1000, `the loss is ${loss} (${loss32} in float32)`)
      s.asks(`Why is the loss ${loss} and not`)
      s.states(`is ${loss} up to e⁻¹⁰⁰⁰`)
      return `loss ${loss}`
    },
  },
  // 5.1: a bigger network's shapes and dense layer.
  {
    id: '5.1',
    slow: false,
    how: 'buildNetwork and countParams',
    check: async (s) => {
      s.asks('`conv5x5x8p2-relu-pool2-dense10`')
      const net = network('conv5x5x8p2-relu-pool2-dense10', [1, 28, 28])
      const [params] = initParams(net, seedRng(1))
      const dense = countParams([params[params.length - 1]!])
      const shapes = `[${net.shapes.map(showShape).join(', ')}]`
      s.states(shapes)
      s.states(`= ${grouped(dense)} parameters`)
      return `shapes ${shapes}; dense layer ${grouped(dense)} parameters`
    },
  },
  // 5.2: a network that does not fit its input.
  {
    id: '5.2',
    slow: false,
    how: "buildNetwork's message",
    check: async (s) => {
      const arch = 'conv3x3x1-pool2-pool2-pool2-pool2-pool2-dense10'
      s.asks(`\`buildNetwork('${arch}', [1, 28, 28], 10)\``)
      const built = buildNetwork(arch, [1, 28, 28], 10)
      expectThat(E.isLeft(built), 'the network builds')
      const message = E.isLeft(built) ? built.left : ''
      s.states(`\`${message}\``)
      return message
    },
  },
  // 6.1: Adam's first step for a tiny gradient.
  {
    id: '6.1',
    slow: false,
    how: "one step of adam() from the library",
    check: async (s) => {
      const optimizer = adam({ lr: 0.001, eps: 1e-8 })
      const params: ParamTree = [{ w: tensor([1], Float32Array.of(0)) }]
      const grads: ParamTree = [{ w: tensor([1], Float32Array.of(1e-9)) }]
      const [moved] = optimizer.step(params, grads, optimizer.init(params))
      const step = Math.abs(moved[0]!.w!.data[0]!)
      s.states(`≈ ${step.toExponential(0)}`)
      return `the weight moves by ${step.toPrecision(3)}`
    },
  },
  // 6.2: plain SGD at three learning rates.
  {
    id: '6.2',
    slow: true,
    how: 'the three training commands, run',
    check: async (s) => {
      const found: string[] = []
      for (const lr of ['0.01', '1']) {
        const run = await train(commandIn(s, `npm run train -- --optimizer sgd --lr ${lr} --epochs 1`))
        expectThat(run.status === 0, `--lr ${lr} failed: ${run.stderr.trim()}`)
        const accuracy = numberIn(run.stdout, TEST_ACCURACY)
        s.states(`${accuracy.toFixed(2)}%`)
        found.push(`--lr ${lr}: ${accuracy.toFixed(2)}%`)
      }
      const diverged = await train(commandIn(s, 'npm run train -- --optimizer sgd --lr 20 --epochs 1'))
      expectThat(diverged.status === 1, `--lr 20 ended with exit status ${diverged.status}`)
      s.states(`\`${diverged.stderr.trim()}\``)
      s.states(`exit status ${diverged.status}`)
      return `${found.join(', ')}; --lr 20: ${diverged.stderr.trim()} (exit status ${diverged.status})`
    },
  },
  // 7.1: the digits as bytes.
  {
    id: '7.1',
    slow: false,
    how: 'the bytes of the 70,000 digits as loaded',
    check: async (s) => {
      const { images } = await originalDigits()
      const count = images.length / (28 * 28)
      expectThat(images instanceof Uint8Array && count === 70000, `the images are ${images.constructor.name} of ${grouped(images.length)} bytes`)
      s.states(`${grouped(count)} · 28 · 28 = ${grouped(images.length)} bytes`)
      s.states(`${grouped(4 * images.length)} bytes`)
      return `${grouped(images.byteLength)} bytes as loaded; ${grouped(4 * images.length)} as float32`
    },
  },
  // 7.2: MNIST's own split.
  {
    id: '7.2',
    slow: true,
    how: 'the training command, run',
    check: async (s) => {
      const run = await train(commandIn(s, 'npm run train -- --split official --epochs 1'))
      const data = /^data\s+([\d,]+) training and ([\d,]+) test images/m.exec(run.stdout)
      expectThat(run.status === 0 && data !== null, `the run failed or printed no data line: ${run.stderr.trim()}`)
      s.states(`${data![1]} training and ${data![2]} test images`)
      return `${data![1]} training and ${data![2]} test images`
    },
  },
  // 8.1: mini-batches of 64.
  {
    id: '8.1',
    slow: true,
    how: 'both training commands, run',
    check: async (s) => {
      const perImage = await train(commandIn(s, 'npm run train -- --epochs 1'))
      const batched = await train(commandIn(s, 'npm run train -- --batch-size 64 --epochs 1'))
      expectThat(perImage.status === 0 && batched.status === 0, `a run failed: ${perImage.stderr.trim()} ${batched.stderr.trim()}`)
      const data = /^data\s+([\d,]+) training/m.exec(perImage.stdout)
      const samples = Number(data?.[1]?.replace(/,/g, ''))
      const steps = Math.ceil(samples / 64)
      s.states(`${grouped(steps)} steps instead of ${grouped(samples)}`)
      const [one, many] = [numberIn(perImage.stdout, TEST_ACCURACY), numberIn(batched.stdout, TEST_ACCURACY)]
      s.states(`${one.toFixed(2)}%`)
      // Batches are shared among threads, one per core, whose sums round differently: the
      // answer gives that accuracy to the nearest percent.
      const stated = /with batches of 64, about (\d+)%/.exec(s.answer)
      expectThat(stated !== null && Math.abs(Number(stated[1]) - many) <= 1, `with batches of 64 the test accuracy is ${many.toFixed(2)}%`)
      expectThat(many < one, `batches of 64 reach ${many}%, per image ${one}%`)
      return `${grouped(steps)} steps instead of ${grouped(samples)}; ${one.toFixed(2)}% per image, ${many.toFixed(2)}% with batches of 64`
    },
  },
  // 8.2: a run that diverges leaves the earlier outputs alone.
  {
    id: '8.2',
    slow: true,
    how: 'both training commands, run into the same --out',
    check: async (s) =>
      withTemporaryDir('out', async (dir) => {
        const out = join(dir, 'out')
        const first = await runCommand([...commandIn(s, 'npm run train -- --epochs 1 --limit 2000'), '--out', out])
        expectThat(first.status === 0, `the first run failed: ${first.stderr.trim()}`)
        const before = await filesIn(out)
        const diverged = await runCommand([...commandIn(s, 'npm run train -- --optimizer momentum --lr 1 --epochs 1'), '--out', out])
        const after = await filesIn(out)
        expectThat(diverged.status === 1, `the second run ended with exit status ${diverged.status}`)
        const step = /at step (\d+)/.exec(diverged.stderr)?.[1]
        s.states(`step ${grouped(Number(step))} of the first epoch`)
        s.states(`exit status ${diverged.status}`)
        const same = [...before].every(([name, text]) => after.get(name) === text) && after.size === before.size
        expectThat(same, 'out/ changed')
        s.states('keeps the first run’s files, unchanged')
        return `diverges at step ${step}, exit status ${diverged.status}; out/ keeps the first run's ${before.size} files`
      }),
  },
  // 9.1: precision and recall off a confusion matrix.
  {
    id: '9.1',
    slow: false,
    how: 'classScores of that confusion matrix',
    check: async (s) => {
      s.asks('[[1, 1], [0, 2]]')
      const cm = confusionMatrix(Uint8Array.of(0, 0, 1, 1), Uint8Array.of(0, 1, 1, 1), 2)
      expectThat(cm.counts.join() === '1,1,0,2', `the matrix is ${cm.counts.join()}`)
      const { precision, recall } = classScores(cm)[1]!
      expectThat(precision === 2 / 3 && recall === 1, `precision ${precision}, recall ${recall}`)
      s.states('Precision 2/3')
      s.states('recall 1')
      return `class 1: precision ${precision.toFixed(4)}, recall ${recall}`
    },
  },
  // 12.1: a model file whose architecture was changed.
  {
    id: '12.1',
    slow: false,
    how: 'npm run evaluate on a model file with the edit made',
    check: async (s) => {
      s.asks('`conv3x3x2-lrelu-pool2-dense10`')
      const net = network(ORIGINAL_ARCH, [1, 28, 28])
      const [params] = initParams(net, seedRng(1))
      const text = serializeModel({ arch: ORIGINAL_ARCH, inputShape: [1, 28, 28], classes: '0123456789'.split(''), seed: 1, training: {}, metrics: [], params }, net)
      const archLine = `"arch": "${ORIGINAL_ARCH}"`
      expectThat(text.includes(archLine), `model.json has no line ${archLine}`)
      const edited = text.replace(archLine, '"arch": "conv3x3x2-lrelu-pool2-dense10"')
      return withTemporaryDir('model', async (dir) => {
        const evaluate = async (content: string) => {
          const file = join(dir, 'model.json')
          await writeFile(file, content)
          const run = await runCommand(['evaluate', '--model', file])
          expectThat(run.status === 1, `npm run evaluate ended with exit status ${run.status}`)
          return run.stderr.trim().replace(`error: ${file}: `, '')
        }
        const first = await evaluate(edited)
        const second = await evaluate(edited.replace(/"conv3x3x1"/g, '"conv3x3x2"'))
        s.states(`\`${first}\``)
        s.states(`\`${second}\``)
        return `${first}; then ${second}`
      })
    },
  },
  // 12.2: the size of an IDX file.
  {
    id: '12.2',
    slow: false,
    how: 'the size of the bundled file',
    check: async (s) => {
      s.asks('`train-images-idx3-ubyte`')
      const { size } = await stat(join(defaultDataDir(), 'train-images-idx3-ubyte'))
      expectThat(size === 16 + 60000 * 28 * 28, `the file has ${grouped(size)} bytes`)
      s.states(`= ${grouped(size)} bytes`)
      return `${grouped(size)} bytes`
    },
  },
  // A.1: Python's rounding of halves.
  {
    id: 'A.1',
    slow: false,
    how: 'formatFixed against toFixed',
    check: async (s) => {
      s.asks('`formatFixed(0.125, 2)`')
      const ours = formatFixed(0.125, 2)
      const js = (0.125).toFixed(2)
      s.asks(`give \`${ours}\` while \`(0.125).toFixed(2)\` gives \`${js}\``)
      expectThat(ours === '0.12' && js === '0.13', `formatFixed gives ${ours}, toFixed ${js}`)
      s.states('rounds halves to the even neighbour')
      return `formatFixed(0.125, 2) = ${ours}, (0.125).toFixed(2) = ${js}`
    },
  },
  // A.2: a product rounded up, as Python rounds it.
  {
    id: 'A.2',
    slow: false,
    how: 'sklearnSplit and the product in doubles',
    check: async (s) => {
      s.asks('`sklearnSplit(25, 0.28)`')
      const split = sklearnSplit(25, 0.28)
      expectThat(E.isRight(split), `sklearnSplit(25, 0.28) fails: ${E.isLeft(split) ? split.left : ''}`)
      const test = E.isRight(split) ? split.right.test.length : 0
      s.asks(`put ${test} samples in the test set`)
      s.states(`0.28 · 25 is ${0.28 * 25}, whose ceiling is ${Math.ceil(0.28 * 25)}`)
      expectThat(test === Math.ceil(0.28 * 25), `the test set has ${test} samples`)
      return `0.28 · 25 = ${0.28 * 25}; ${test} test samples`
    },
  },
  // B.1: the fast kernels against the plain ones.
  {
    id: 'B.1',
    slow: true,
    how: 'both training commands, run',
    check: async (s) => {
      const reference = await train(commandIn(s, 'npm run train -- --epochs 1 --limit 10000 --kernels reference'))
      const fast = await train(commandIn(s, 'npm run train -- --epochs 1 --limit 10000'))
      expectThat(reference.status === 0 && fast.status === 0, `a run failed: ${reference.stderr.trim()} ${fast.stderr.trim()}`)
      const epoch = /^epoch 1\/1 .* ([\d.]+) s$/m
      const [slowSeconds, fastSeconds] = [numberIn(reference.stdout, epoch), numberIn(fast.stdout, epoch)]
      const [a, b] = [numberIn(reference.stdout, TEST_ACCURACY), numberIn(fast.stdout, TEST_ACCURACY)]
      expectThat(Math.abs(a - b) <= 0.05, `the accuracies are ${a}% and ${b}%`)
      s.states(a === b ? `the same test accuracy, ${a.toFixed(2)}%` : `${a.toFixed(2)}% and ${b.toFixed(2)}%`)
      // "Several times slower": at least twice, even on a busy machine.
      expectThat(slowSeconds > 2 * fastSeconds, `the reference epoch took ${slowSeconds} s, the fast one ${fastSeconds} s`)
      s.states('several times longer')
      return `${a.toFixed(2)}% both ways; an epoch took ${slowSeconds} s with the reference kernels, ${fastSeconds} s with the fast ones`
    },
  },
  // B.2: a fast kernel broken, caught by its spec.
  {
    id: 'B.2',
    slow: true,
    how: 'spec/fast/denseFast.spec.ts run on a copy of the sources with the line changed',
    check: async (s) => {
      const edit = {
        file: 'src/fast/denseFast.ts',
        from: 'odd += weights[wRow + nonZero[i + 1]] * x[xRow + nonZero[i + 1]]',
        to: 'odd += weights[wRow + nonZero[i]] * x[xRow + nonZero[i + 1]]',
      }
      s.asks(`\`${edit.from}\``)
      s.asks(`\`${edit.to}\``)
      const tests = await withEditedCopy([edit], (root) => runSpecs(root, ['spec/fast/denseFast.spec.ts']))
      const failed = tests.filter((test) => !test.passed)
      expectThat(failed.length === 1 && failed[0]!.name === 'forward', `the failing tests are ${failed.map((test) => test.name).join(', ') || 'none'}`)
      const message = failed[0]!.messages
      expectThat(/Counterexample: /.test(message) && /Shrunk \d+ time/.test(message) && /seed: -?\d+/.test(message), 'the failure shows no shrunk counterexample and seed')
      s.states(`Only \`${failed[0]!.name}\` fails`)
      s.states('`Counterexample:`')
      return `only "${failed[0]!.name}" of ${tests.length} tests fails, with a shrunk counterexample and its seed`
    },
  },
  // C.1: the first bytes of an ONNX file (the page's trained model stands in for out/model.json).
  {
    id: 'C.1',
    slow: false,
    how: "exportOnnx on docs/demo/models/original.json, the file's first bytes",
    check: async (s) => {
      s.asks('`08 08`')
      const model = await loadModel(join(ROOT, 'docs', 'demo', 'models', 'original.json'))
      expectThat(E.isRight(model), `the page's model does not load: ${E.isLeft(model) ? model.left : ''}`)
      const bytes = exportOnnx((model as E.Right<Parameters<typeof exportOnnx>[0]>).right)
      expectThat(E.isRight(bytes), `the export failed: ${E.isLeft(bytes) ? bytes.left : ''}`)
      const [key, value] = (bytes as E.Right<Uint8Array>).right
      expectThat(key === 0x08 && value === 0x08, `the first bytes are ${key} ${value}`)
      s.states('field 1 with wire type 0')
      s.states('`ir_version`')
      return `the first bytes are 08 08: field 1 (ir_version), varint, value 8`
    },
  },
]

// Helpers of the checks above
// ---------------------------

// Every file of a directory, by name, as text.
const filesIn = async (dir: string): Promise<ReadonlyMap<string, string>> => {
  const names = (await readdir(dir)).sort()
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(dir, name), 'utf8')] as const)))
}

// The worst relative error of the exercise's tanh check at each ε.
const tanhErrors = (epsilons: readonly number[]): readonly number[] => {
  const x = toFloat64(fromNumbers([6], [-2, -0.5, -0.1, 0.2, 0.7, 3]))
  const r = randomDirection(6, 3)
  const claimed: Named = { x: tensor([6], tanhBackward(tanhForward(x.data), r)) }
  return epsilons.map((epsilon) => checkGradient((p) => project(tanhForward(p.x!.data), r), { x }, claimed, { epsilon }).worst.error)
}

// The dense check of spec/check/gradcheck.spec.ts, set up as it is there, at each ε: its
// worst relative error, and whether it passes. y = x·Wᵀ + b is linear in every single input,
// weight and bias, so a central difference has no truncation error, only rounding.
const denseChecks = (epsilons: readonly number[]): readonly { readonly error: number; readonly ok: boolean }[] => {
  const [N, F, O] = [2, 4, 3]
  const random = (shape: readonly number[], seed: number) => toFloat64(tensor(shape, sample(shape.reduce((a, b) => a * b, 1), seedRng(seed), uniform)[0]))
  const point: Named = { x: random([N, F], 1), weights: random([O, F], 2), bias: toFloat64(fromNumbers([O], [0.1, -0.2, 0.3])) }
  const r = randomDirection(N * O, 9)
  const loss = (p: Named): number => project(denseForward(p.x!.data, p.weights!.data, p.bias!.data, N, F, O), r)
  const [dx, dWeights, dBias] = denseBackward(r, point.x!.data, point.weights!.data, N, F, O)
  const claimed: Named = { x: tensor([N, F], dx), weights: tensor([O, F], dWeights), bias: tensor([O], dBias) }
  return epsilons.map((epsilon) => {
    const report = checkGradient(loss, point, claimed, { epsilon })
    return { error: report.worst.error, ok: report.ok }
  })
}

// Checking the syllabus
// ---------------------

/** How one answer fared. */
export interface Verdict {
  readonly id: string
  readonly status: 'ok' | 'FAIL' | 'open' | 'skipped'
  readonly detail: string
  readonly seconds: number
}

/**
 * Problems that need no check to run: answers without a check (and not open-ended), checks
 * without an answer, and exercises without answers.
 */
export const coverageProblems = (syllabus: Syllabus, exercises: readonly Exercise[] = EXERCISES): readonly string[] => {
  const checked = new Set(exercises.map((exercise) => exercise.id))
  return [
    ...syllabus.problems,
    ...[...syllabus.answers]
      .filter(([id, answer]) => !checked.has(id) && !isOpenEnded(answer))
      .map(([id]) => `answer ${id} states an outcome that nothing checks: add a check to scripts/tools/exercises.ts, or begin it with "${OPEN_ENDED}"`),
    ...exercises.filter((exercise) => !syllabus.answers.has(exercise.id)).map((exercise) => `the check of ${exercise.id} has no answer in ${SYLLABUS}`),
    ...exercises.filter((exercise) => isOpenEnded(syllabus.answers.get(exercise.id) ?? '')).map((exercise) => `answer ${exercise.id} is checked, so it should not begin with "${OPEN_ENDED}"`),
  ]
}

/** Runs one check against the syllabus. */
export const checkAnswer = async (exercise: Exercise, syllabus: Syllabus): Promise<Verdict> => {
  const started = performance.now()
  const seconds = () => (performance.now() - started) / 1000
  const question = syllabus.questions.get(exercise.id)
  const answer = syllabus.answers.get(exercise.id)
  if (question === undefined || answer === undefined) return { id: exercise.id, status: 'FAIL', detail: 'no such exercise and answer in the syllabus', seconds: 0 }
  try {
    const detail = await exercise.check(said(question, answer))
    return { id: exercise.id, status: 'ok', detail, seconds: seconds() }
  } catch (error) {
    const detail = error instanceof Mismatch ? error.message : `the check broke: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
    return { id: exercise.id, status: 'FAIL', detail, seconds: seconds() }
  }
}

// The command
// -----------

/** The flags of `npm run exercises`. */
export const EXERCISES_FLAGS: readonly FlagSpec[] = [
  { name: 'check', kind: { type: 'switch' }, help: 'run the checks (without it: list the answers and what checks each)' },
  { name: 'quick', kind: { type: 'switch' }, help: 'only the quick checks, no training runs and no specs on copies' },
  { name: 'only', kind: { type: 'string' }, value: 'IDS', help: 'only these answers, separated by commas: 6.2,8.2' },
]

/** Runs `npm run exercises` with the given arguments; resolves to the exit status. */
export const runExercises = async (argv: readonly string[], io: Io = process): Promise<number> => {
  const parsed = parseFlags(EXERCISES_FLAGS, argv)
  if (E.isLeft(parsed)) {
    io.stderr.write(`error: ${parsed.left} (see --help)\n`)
    return 2
  }
  if (parsed.right.help === true) {
    io.stdout.write(helpText('npm run exercises -- [options]', `Checks the answers of the exercises in ${SYLLABUS} against the code.`, EXERCISES_FLAGS))
    return 0
  }
  const only = typeof parsed.right.only === 'string' ? new Set(parsed.right.only.split(',').map((id) => id.trim())) : undefined
  const unknown = [...(only ?? [])].filter((id) => !EXERCISES.some((exercise) => exercise.id === id))
  if (unknown.length > 0) {
    io.stderr.write(`error: --only: no check for ${unknown.join(', ')} (see npm run exercises)\n`)
    return 2
  }
  const syllabus = readSyllabus(await readFile(join(ROOT, SYLLABUS), 'utf8'))
  const problems = coverageProblems(syllabus)
  const byId = new Map(EXERCISES.map((exercise) => [exercise.id, exercise]))
  const chosen = [...syllabus.answers.keys()].filter((id) => only === undefined || only.has(id))
  const checking = parsed.right.check === true
  const started = performance.now()
  const counts = { ok: 0, FAIL: 0, open: 0, skipped: 0 }
  for (const id of chosen) {
    const exercise = byId.get(id)
    const answer = syllabus.answers.get(id)!
    // Without --check, the list: how each answer is checked (quick, slow), or that it is open-ended.
    const kind = exercise === undefined ? (isOpenEnded(answer) ? 'open' : 'FAIL') : exercise.slow ? 'slow' : 'quick'
    const verdict: Verdict =
      exercise === undefined
        ? { id, status: kind === 'open' ? 'open' : 'FAIL', detail: kind === 'open' ? `open-ended ("${OPEN_ENDED}")` : 'nothing checks this answer', seconds: 0 }
        : !checking || (parsed.right.quick === true && exercise.slow)
          ? { id, status: 'skipped', detail: exercise.how, seconds: 0 }
          : await checkAnswer(exercise, syllabus)
    counts[verdict.status]++
    const label = checking || verdict.status !== 'skipped' ? verdict.status : kind
    const time = verdict.seconds > 0 ? ` (${verdict.seconds.toFixed(1)} s)` : ''
    io.stdout.write(`${label.padEnd(8)}${id.padEnd(6)}${verdict.detail}${time}\n`)
  }
  for (const problem of problems) io.stderr.write(`error: ${problem}\n`)
  if (checking) {
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    io.stdout.write(`${counts.ok} answers true, ${counts.FAIL} not, ${counts.open} open-ended, ${counts.skipped} not checked; ${problems.length} other problems (${seconds} s)\n`)
  }
  const failed = counts.FAIL
  return failed > 0 || problems.length > 0 ? 1 : 0
}

// `npm run exercises` runs this file; a spec that imports it runs nothing.
if (isMain(import.meta.url)) process.exitCode = await runExercises(process.argv.slice(2))
