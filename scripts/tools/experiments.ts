// `npm run experiments`
// =====================
//
// Runs a fixed list of training experiments with `npm run train` (in this process, one after
// another), and writes what they measured into docs/experiments.md: for each, the exact
// command, seed, test accuracy and wall time, with links to its pictures, which are copied
// into docs/experiments/<name>/. The pictures of the default run also go to docs/pictures/,
// where docs/usage.md shows them. Accuracies are reproducible bit for bit by the listed
// commands; wall times depend on the machine and are measured, not copied.
//
//     npm run experiments                  every experiment (about an hour on 2 cores)
//     npm run experiments -- --only original,baseline
//     npm run experiments -- --table-only  rebuild the table from the outputs of earlier runs
//
// This is repository tooling, not part of the lesson: it lives in scripts/tools/, outside
// the reading order, and drives the command line of src/cli/train.ts.

import { spawnSync } from 'node:child_process'
import { copyFile, mkdir, readFile, rm, stat } from 'node:fs/promises'
import { cpus } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { writeFileAtomic } from '../../src/cli/files.ts'
import { helpText, parseFlags, type FlagSpec } from '../../src/cli/flags.ts'
import { recorder, type Io } from '../../src/cli/io.ts'
import { runTrain } from '../../src/cli/train.ts'
import { RECIPE_99_ARCH } from '../../src/bench/measure.ts'
import { isMain } from './isMain.ts'

/** One experiment: a name, why it is there, and the flags of `npm run train`. */
export interface Experiment {
  readonly name: string
  readonly question: string
  readonly flags: readonly string[]
  /** Run as a process of its own (`npm run train`), so that its peak memory is its own. */
  readonly ownProcess?: boolean
}

/** The 99.5% recipe of chapter 11 (docs/usage.md): its network and flags, run with three seeds. */
export const RECORD_ARCH = 'conv5x5x16p2-pool2-bn-relu-conv3x3x32p1-pool2-bn-relu-dense256-bn-relu-drop0.25-dense10'
export const RECORD_FLAGS: readonly string[] = ['--arch', RECORD_ARCH, '--batch-size', '256', '--lr', '0.007', '--epochs', '20', '--shuffle', '--augment', 'affine', '--workers', '2']
const RECORD_SEEDS = [1, 2, 3]

/** The network of the 99% recipe (docs/usage.md, docs/experiments.md), as the bench times it. */
export { RECIPE_99_ARCH }

/** The experiments, in the order of the table. */
export const EXPERIMENTS: readonly Experiment[] = [
  { name: 'baseline', question: 'Softmax regression on the raw pixels: what a single dense layer achieves without any convolution', flags: ['--arch', 'dense10'] },
  { name: 'original', question: 'The original architecture with our default recipe (Glorot init, cosine learning rate)', flags: [] },
  { name: 'original-constant-lr', question: "The original architecture with the original's constant learning rate 0.001", flags: ['--schedule', 'constant'] },
  { name: 'filters-2', question: 'Two 3×3 filters instead of one', flags: ['--arch', 'conv3x3x2-lrelu-pool2-dense10'] },
  { name: 'filters-4', question: 'Four filters', flags: ['--arch', 'conv3x3x4-lrelu-pool2-dense10'] },
  { name: 'filters-8', question: 'Eight filters', flags: ['--arch', 'conv3x3x8-lrelu-pool2-dense10'] },
  { name: 'relu', question: 'Plain ReLU instead of leaky ReLU', flags: ['--arch', 'conv3x3x1-relu-pool2-dense10'] },
  { name: 'two-conv', question: 'A deeper network: two convolutions, each followed by ReLU and pooling', flags: ['--arch', 'conv3x3x8-relu-pool2-conv3x3x16-relu-pool2-dense10', '--batch-size', '16', '--lr', '0.002', '--shuffle'] },
  { name: 'convnetjs', question: 'The ConvNetJS demo network, mini-batches shared among worker threads', flags: ['--arch', 'conv5x5x8p2-relu-pool2-conv5x5x16p2-relu-pool3-dense10', '--batch-size', '32', '--lr', '0.003', '--epochs', '8', '--shuffle'] },
  { name: 'recipe-99', question: 'The 99% recipe: the ConvNetJS network with a 3×3 second convolution, 2×2 pooling twice and a hidden dense layer', flags: ['--arch', RECIPE_99_ARCH, '--batch-size', '32', '--lr', '0.002', '--epochs', '5', '--shuffle'] },
  ...RECORD_SEEDS.map((seed): Experiment => ({
    name: `record-seed${seed}`,
    question: `The 99.5% recipe of chapter 11 (batch norm, dropout, augmentation), seed ${seed}`,
    flags: seed === 1 ? RECORD_FLAGS : [...RECORD_FLAGS, '--seed', String(seed)],
    ownProcess: true,
  })),
]

// The pictures copied next to the table: small enough to commit for every run.
const PICTURES = ['kernels.svg', 'weights.svg', 'curves.svg', 'confusion.svg']
// The default run's pictures, shown in docs/usage.md.
const USAGE_PICTURES = ['kernels.svg', 'weights.svg', 'feature-maps.svg', 'curves.svg', 'confusion.svg', 'misclassified.svg']

/** What one experiment measured. */
export interface Outcome {
  readonly experiment: Experiment
  readonly accuracy: number
  readonly seconds: number
  readonly pictures: readonly string[]
  /** The process's peak resident memory, for an experiment run as a process of its own. */
  readonly peakMemoryMB?: number
}

/** The command a reader types to repeat an experiment. */
export const commandOf = (e: Experiment): string => `npm run train${e.flags.length ? ` -- ${e.flags.join(' ')}` : ''}`

/** docs/experiments.md for these outcomes (deterministic apart from the measured times). */
export const experimentsMarkdown = (outcomes: readonly Outcome[], machine: string): string => {
  const byName = new Map(outcomes.map((o) => [o.experiment.name, o]))
  const accuracyOf = (name: string) => byName.get(name)?.accuracy
  const rows = outcomes.map((o) => {
    const links = o.pictures.map((file) => `[${file.replace('.svg', '')}](experiments/${o.experiment.name}/${file})`).join(' · ')
    const memory = o.peakMemoryMB === undefined ? '' : `${o.peakMemoryMB} MB`
    return `| ${o.experiment.name} | ${o.experiment.question} | \`${commandOf(o.experiment)}\` | ${(100 * o.accuracy).toFixed(2)}% | ${o.seconds.toFixed(0)} s | ${memory} | ${links} |`
  })
  const pct = (name: string) => {
    const a = accuracyOf(name)
    return a === undefined ? 'n/a' : `${(100 * a).toFixed(2)}%`
  }
  const baseline = accuracyOf('baseline') ?? Number.NaN
  const original = accuracyOf('original') ?? Number.NaN
  const comparison = original > baseline ? 'above' : original < baseline ? 'below' : 'level with'
  return [
    '# Experiments',
    '',
    'Every row below was produced by `npm run experiments`, which runs the listed command (seed 1, the default) and records its final test accuracy on the original 56,000/14,000 split and the wall time of the whole run (loading the data, training, evaluating and writing the pictures). The accuracies are reproducible bit for bit with the same command; the times depend on the machine:',
    `${machine}.`,
    '',
    `Each row links to the run's pictures, except those over ${MAX_PICTURE_BYTES / 1024 / 1024} MB (the dense weights of the biggest networks, one cell per weight), which the command leaves in its --out directory.`,
    '',
    'Peak memory is given for the rows run as processes of their own (the others share one process): its largest resident set, threads included, as the process itself measured it (`process.resourceUsage().maxRSS`, recorded in metrics.json).',
    '',
    '| experiment | question | command | test accuracy | wall time | peak memory | pictures |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '## What the convolution adds',
    '',
    `Softmax regression on the raw pixels (one dense layer, 7,850 parameters) reaches ${pct('baseline')}. The original network, a single 3×3 kernel pooled to 13×13 before the same kind of dense layer (1,709 parameters), reaches ${pct('original')}: ${comparison} the baseline. One kernel is a bottleneck: it turns each digit into 169 numbers that all come from the same local detector. ${
      original > baseline
        ? 'Even so, that one learned feature beats a linear classifier reading all 784 pixels, with 4.6 times fewer parameters.'
        : 'On this data that keeps about as much as a linear classifier reading all 784 pixels: what the original experiment shows is not that one convolution beats a linear model, but how much a single learned feature recovers with 4.6 times fewer parameters.'
    }`,
    '',
    `Convolution pays off as soon as there is more than one filter: ${pct('filters-2')} with two, ${pct('filters-4')} with four, ${pct('filters-8')} with eight (each adds 169 features from another learned detector, and the classifier can combine them). Leaky and plain ReLU make little difference here (${pct('original')} and ${pct('relu')}). A second convolution layer builds features from features: ${pct('two-conv')} for a small one with 3×3 kernels, ${pct('convnetjs')} for the ConvNetJS network and ${pct('recipe-99')} for the 99% recipe.`,
    '',
    ...recordSection(outcomes),
  ].join('\n')
}

// The record's three seeds: mean and range of accuracy, time and memory.
const recordSection = (outcomes: readonly Outcome[]): readonly string[] => {
  const runs = outcomes.filter((o) => o.experiment.name.startsWith('record-seed'))
  if (runs.length === 0) return []
  const stats = (values: readonly number[], show: (v: number) => string) =>
    `${show(values.reduce((a, b) => a + b, 0) / values.length)} (${show(Math.min(...values))} to ${show(Math.max(...values))})`
  const accuracies = runs.map((o) => 100 * o.accuracy)
  const memory = runs.flatMap((o) => (o.peakMemoryMB === undefined ? [] : [o.peakMemoryMB]))
  return [
    '## Beyond 99.5%',
    '',
    `Chapter 11's recipe (\`${commandOf(runs[0]!.experiment)}\`, [why](usage.md#the-995-recipe)), over ${runs.length} seeds: test accuracy ${stats(accuracies, (v) => `${v.toFixed(2)}%`)} on the same 14,000 digits, in ${stats(runs.map((o) => o.seconds), (v) => `${(v / 60).toFixed(1)} min`)} of wall time${memory.length === runs.length ? `, with a peak memory of ${stats(memory, (v) => `${v.toFixed(0)} MB`)}` : ''}. docs/usage.md compares it with PyTorch's examples/mnist recipe on the same split.`,
    '',
  ]
}

// A run's own record of what it measured: its final test accuracy and its wall time from
// start to finish, as `npm run train` wrote them to metrics.json.
interface Metrics {
  readonly testAccuracy: number
  readonly totalSeconds: number
  readonly peakMemoryMB?: number
}

const readMetrics = async (file: string, name: string): Promise<E.Either<string, Metrics>> => {
  const text: E.Either<string, string> = await readFile(file, 'utf8').then(E.right, () =>
    E.left(`${file}: cannot read the results of experiment "${name}" (run it first)`),
  )
  return pipe(
    text,
    E.chain((json) => E.tryCatch((): Partial<Metrics> | null => JSON.parse(json), () => `${file}: not valid JSON (run experiment "${name}" again)`)),
    E.filterOrElse(
      (m): m is Metrics => typeof m?.testAccuracy === 'number' && typeof m.totalSeconds === 'number',
      () => `${file}: expected the numbers testAccuracy and totalSeconds`,
    ),
  )
}

// The pictures of the biggest networks' dense weights run to several megabytes (one cell, with
// its value as a tooltip, per weight): too much to commit, so those stay in --out.
export const MAX_PICTURE_BYTES = 2 * 1024 * 1024

// Copies those of `files` that exist (a dense-only network has no kernels.svg, for example)
// and are not too big from one folder to another; resolves to the ones copied.
const copyPictures = async (files: readonly string[], from: string, to: string, maxBytes = Infinity): Promise<readonly string[]> => {
  await mkdir(to, { recursive: true })
  const copyOne = async (file: string): Promise<boolean> => {
    const size = await stat(join(from, file)).then((s) => s.size, () => Infinity)
    if (size > maxBytes) return false
    return copyFile(join(from, file), join(to, file)).then(() => true, () => false)
  }
  const copied = await Promise.all(files.map(copyOne))
  return files.filter((_, i) => copied[i])
}

const FLAGS: readonly FlagSpec[] = [
  { name: 'only', kind: { type: 'string' }, value: 'NAMES', help: `comma-separated experiments to run (${EXPERIMENTS.map((e) => e.name).join(', ')}) [default: all]` },
  { name: 'out', kind: { type: 'string' }, default: 'out-experiments', value: 'DIR', help: 'where the full outputs of each run go (beside out/, not in it: `npm run train` refuses an out/ that holds what it did not write)' },
  { name: 'docs', kind: { type: 'string' }, default: 'docs', value: 'DIR', help: 'where experiments.md and the pictures are written' },
  { name: 'table-only', kind: { type: 'switch' }, help: 'do not train: rebuild the table and pictures from the outputs of an earlier run' },
]

/** Runs `npm run experiments`; resolves to the exit status. */
export const runExperiments = async (argv: readonly string[], io: Io = process): Promise<number> => {
  const parsed = parseFlags(FLAGS, argv)
  if (E.isLeft(parsed)) {
    io.stderr.write(`error: ${parsed.left} (see --help)\n`)
    return 2
  }
  if (parsed.right.help === true) {
    io.stdout.write(helpText('npm run experiments -- [options]', 'Runs the architecture experiments and writes docs/experiments.md.', FLAGS))
    return 0
  }
  const only = (parsed.right.only as string | undefined)?.split(',')
  const unknown = only?.filter((name) => !EXPERIMENTS.some((e) => e.name === name)) ?? []
  if (unknown.length > 0) {
    io.stderr.write(`error: --only: no experiment named ${unknown.join(', ')} (see --help)\n`)
    return 2
  }
  const chosen = EXPERIMENTS.filter((e) => only === undefined || only.includes(e.name))
  const outRoot = parsed.right.out as string
  const docs = parsed.right.docs as string
  const outcomes: Outcome[] = []
  for (const experiment of chosen) {
    const out = join(outRoot, experiment.name)
    if (parsed.right['table-only'] !== true) {
      io.stdout.write(`${experiment.name}: ${commandOf(experiment)}\n`)
      const args = [...experiment.flags, '--out', out, '--quiet']
      const status = experiment.ownProcess === true
        ? spawnSync(process.execPath, ['--import', 'tsx/esm', join('scripts', 'train.ts'), ...args], { stdio: ['ignore', 'ignore', 'inherit'] }).status ?? 1
        : await runTrain(args, { stdout: recorder(), stderr: io.stderr })
      if (status !== 0) return status
    }
    const metrics = await readMetrics(join(out, 'metrics.json'), experiment.name)
    if (E.isLeft(metrics)) {
      io.stderr.write(`error: ${metrics.left}\n`)
      return 1
    }
    // A fresh folder of pictures, so that none is left over from an earlier run.
    const target = join(docs, 'experiments', experiment.name)
    await rm(target, { recursive: true, force: true })
    const pictures = await copyPictures(PICTURES, out, target, MAX_PICTURE_BYTES)
    if (experiment.name === 'original') {
      const shown = await copyPictures(USAGE_PICTURES, out, join(docs, 'pictures'))
      const missing = USAGE_PICTURES.filter((file) => !shown.includes(file))
      if (missing.length > 0) {
        io.stderr.write(`error: ${out}: the pictures docs/usage.md shows (${missing.join(', ')}) are missing (run the experiment again)\n`)
        return 1
      }
    }
    io.stdout.write(`  ${experiment.name}: test accuracy ${(100 * metrics.right.testAccuracy).toFixed(2)}%, ${metrics.right.totalSeconds.toFixed(1)} s\n`)
    const memory = experiment.ownProcess === true ? metrics.right.peakMemoryMB : undefined
    outcomes.push({ experiment, accuracy: metrics.right.testAccuracy, seconds: metrics.right.totalSeconds, pictures, ...(memory === undefined ? {} : { peakMemoryMB: memory }) })
  }
  if (only === undefined) {
    const machine = `Node ${process.version} on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`
    const written = await writeFileAtomic(join(docs, 'experiments.md'), experimentsMarkdown(outcomes, machine))
    if (E.isLeft(written)) {
      io.stderr.write(`error: ${written.left}\n`)
      return 1
    }
    io.stdout.write(`wrote ${written.right}\n`)
  }
  return 0
}

// `npm run experiments` runs this file; a spec that imports it runs nothing.
if (isMain(import.meta.url)) process.exitCode = await runExperiments(process.argv.slice(2))
