// `npm run experiments`
// =====================
//
// Runs a fixed list of training experiments with `npm run train` (in this process, one after
// another), and writes what they measured into docs/experiments.md: for each, the exact
// command, seed, test accuracy and wall time, with links to its pictures, which are copied
// into docs/experiments/<name>/. The pictures of the default run also go to docs/pictures/,
// where the README shows them. Accuracies are reproducible bit for bit by the listed
// commands; wall times depend on the machine and are measured, not copied.
//
//     npm run experiments                  every experiment (about half an hour on 2 cores)
//     npm run experiments -- --only original,baseline
// Previous: cli/bench.ts. Next: cli/literate.ts.

import { copyFile, mkdir, readFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { writeFileAtomic } from './files.ts'
import { helpText, parseFlags, type FlagSpec } from './flags.ts'
import { recorder, type Io } from './io.ts'
import { runTrain } from './train.ts'

/** One experiment: a name, why it is there, and the flags of `npm run train`. */
export interface Experiment {
  readonly name: string
  readonly question: string
  readonly flags: readonly string[]
}

/** The network of the 99% recipe (README, docs/experiments.md). */
export const RECIPE_99_ARCH = 'conv5x5x8p2-relu-pool2-conv5x5x16p2-relu-pool2-dense128-relu-dense10'

/** The experiments, in the order of the table. */
export const EXPERIMENTS: readonly Experiment[] = [
  { name: 'baseline', question: 'Softmax regression on the raw pixels: what a single dense layer achieves without any convolution', flags: ['--arch', 'dense10'] },
  { name: 'original', question: 'The original architecture with our default recipe (Glorot init, cosine learning rate)', flags: [] },
  { name: 'original-constant-lr', question: 'The original architecture with the original recipe: constant learning rate 0.001', flags: ['--schedule', 'constant'] },
  { name: 'filters-2', question: 'Two 3×3 filters instead of one', flags: ['--arch', 'conv3x3x2-lrelu-pool2-dense10'] },
  { name: 'filters-4', question: 'Four filters', flags: ['--arch', 'conv3x3x4-lrelu-pool2-dense10'] },
  { name: 'filters-8', question: 'Eight filters', flags: ['--arch', 'conv3x3x8-lrelu-pool2-dense10'] },
  { name: 'relu', question: 'Plain ReLU instead of leaky ReLU', flags: ['--arch', 'conv3x3x1-relu-pool2-dense10'] },
  { name: 'two-conv', question: 'A deeper network: two convolutions, each followed by ReLU and pooling', flags: ['--arch', 'conv3x3x8-relu-pool2-conv3x3x16-relu-pool2-dense10', '--batch-size', '16', '--lr', '0.002', '--shuffle'] },
  { name: 'convnetjs', question: 'The ConvNetJS demo network, mini-batches shared among worker threads', flags: ['--arch', 'conv5x5x8p2-relu-pool2-conv5x5x16p2-relu-pool3-dense10', '--batch-size', '32', '--lr', '0.003', '--epochs', '8', '--shuffle'] },
  { name: 'recipe-99', question: 'The 99% recipe: the ConvNetJS network with 2×2 pooling twice and a hidden dense layer', flags: ['--arch', RECIPE_99_ARCH, '--batch-size', '32', '--lr', '0.002', '--epochs', '6', '--shuffle'] },
]

// The pictures copied next to the table: small enough to commit for every run.
const PICTURES = ['kernels.svg', 'weights.svg', 'curves.svg', 'confusion.svg']
// The default run's pictures, shown in the README.
const README_PICTURES = ['kernels.svg', 'weights.svg', 'feature-maps.svg', 'curves.svg', 'confusion.svg', 'misclassified.svg']

/** What one experiment measured. */
export interface Outcome {
  readonly experiment: Experiment
  readonly accuracy: number
  readonly seconds: number
  readonly pictures: readonly string[]
}

/** The command a reader types to repeat an experiment. */
export const commandOf = (e: Experiment): string => `npm run train${e.flags.length ? ` -- ${e.flags.join(' ')}` : ''}`

/** docs/experiments.md for these outcomes (deterministic apart from the measured times). */
export const experimentsMarkdown = (outcomes: readonly Outcome[], machine: string): string => {
  const byName = new Map(outcomes.map((o) => [o.experiment.name, o]))
  const accuracyOf = (name: string) => byName.get(name)?.accuracy
  const rows = outcomes.map((o) => {
    const links = o.pictures.map((file) => `[${file.replace('.svg', '')}](experiments/${o.experiment.name}/${file})`).join(' · ')
    return `| ${o.experiment.name} | ${o.experiment.question} | \`${commandOf(o.experiment)}\` | ${(100 * o.accuracy).toFixed(2)}% | ${o.seconds.toFixed(0)} s | ${links} |`
  })
  const baseline = accuracyOf('baseline')
  const original = accuracyOf('original')
  const gain = baseline !== undefined && original !== undefined
    ? `With the same training recipe, the single 3×3 kernel takes the test accuracy from ${(100 * baseline).toFixed(2)}% (softmax regression on the raw pixels) to ${(100 * original).toFixed(2)}%: ${(100 * (original - baseline)).toFixed(2)} points, with 1,709 parameters instead of 7,850.`
    : ''
  return [
    '# Experiments',
    '',
    'Every row below was produced by `npm run experiments`, which runs the listed command (seed 1, the default) and records its final test accuracy on the original 56,000/14,000 split and the wall time of the whole run (loading the data, training, evaluating and writing the pictures). The accuracies are reproducible bit for bit with the same command; the times depend on the machine:',
    `${machine}.`,
    '',
    '| experiment | question | command | test accuracy | wall time | pictures |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    '## What the convolution adds',
    '',
    gain,
    'A 3×3 filter followed by pooling sees local strokes and a little translation invariance; the linear classifier on raw pixels must learn one fixed template per class. Most of the gain is from having *any* learned local feature: more filters add further points, but with diminishing returns, and a second convolution layer (and a hidden dense layer) is what it takes to pass 99% (the last two rows).',
    '',
  ].join('\n')
}

const FLAGS: readonly FlagSpec[] = [
  { name: 'only', kind: { type: 'string' }, value: 'NAMES', help: `comma-separated experiments to run (${EXPERIMENTS.map((e) => e.name).join(', ')}) [default: all]` },
  { name: 'out', kind: { type: 'string' }, default: 'out/experiments', value: 'DIR', help: 'where the full outputs of each run go' },
  { name: 'docs', kind: { type: 'string' }, default: 'docs', value: 'DIR', help: 'where experiments.md and the pictures are written' },
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
    io.stdout.write(`${experiment.name}: ${commandOf(experiment)}\n`)
    const started = performance.now()
    const quiet = recorder()
    const status = await runTrain([...experiment.flags, '--out', out, '--quiet'], { stdout: quiet, stderr: io.stderr })
    if (status !== 0) return status
    const seconds = (performance.now() - started) / 1000
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as { readonly testAccuracy: number }
    const target = join(docs, 'experiments', experiment.name)
    await mkdir(target, { recursive: true })
    const pictures: string[] = []
    for (const file of PICTURES) {
      const copied = await copyFile(join(out, file), join(target, file)).then(() => true, () => false)
      if (copied) pictures.push(file)
    }
    if (experiment.name === 'original') {
      await mkdir(join(docs, 'pictures'), { recursive: true })
      for (const file of README_PICTURES) await copyFile(join(out, file), join(docs, 'pictures', file))
    }
    io.stdout.write(`  test accuracy ${(100 * metrics.testAccuracy).toFixed(2)}%, ${seconds.toFixed(1)} s\n`)
    outcomes.push({ experiment, accuracy: metrics.testAccuracy, seconds, pictures })
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
