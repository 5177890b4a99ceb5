// `npm run bench`
// ===============
//
// How fast does training run? For each configuration we train on real MNIST digits (the
// first training samples of the default split), after a warm-up that lets the JavaScript
// engine compile the hot loops, and report
//
//     samples/s  = samples trained / seconds          (forward + backward + optimizer step)
//     epoch      = 56,000 / samples/s                 (one pass over the default training set)
//
// Each figure is the best of a few repeats, which filters out the noise of a shared
// machine. `--json` prints one JSON object instead of the table, for scripts.
// Previous: cli/plots.ts. Next: scripts/.

import * as E from 'fp-ts/lib/Either.js'
import { seedRng } from '../core/rng.ts'
import { softmaxCrossEntropy } from '../layers/softmaxCrossEntropy.ts'
import { ORIGINAL_ARCH } from '../model/arch.ts'
import { initParams } from '../model/sequential.ts'
import { adam } from '../optim/adam.ts'
import { gatherBatch } from '../data/dataset.ts'
import { trainStep } from '../train/step.ts'
import { buildNetwork, loadExperiment, type Experiment } from './experiment.ts'
import { helpText, parseFlags, type FlagSpec } from './flags.ts'
import type { Io } from './io.ts'

const BENCH_FLAGS: readonly FlagSpec[] = [
  { name: 'samples', kind: { type: 'int', min: 100 }, default: 20000, value: 'N', help: 'samples trained per measurement' },
  { name: 'repeats', kind: { type: 'int', min: 1 }, default: 3, value: 'N', help: 'measurements per configuration (the best counts)' },
  { name: 'json', kind: { type: 'switch' }, help: 'print one JSON object instead of a table' },
]

/** One measured configuration. */
export interface BenchResult {
  readonly key: string
  readonly label: string
  readonly samplesPerSecond: number
}

// Trains `samples` samples of the experiment at one batch size and returns samples/s.
const measure = (experiment: Experiment, arch: string, batchSize: number, samples: number): number => {
  const built = buildNetwork(arch, [1, experiment.data.rows, experiment.data.cols], experiment.data.classes)
  if (E.isLeft(built)) throw new Error(built.left)
  const net = built.right
  const optimizer = adam()
  let [params] = initParams(net, seedRng(1))
  let state = optimizer.init(params)
  const order = experiment.train
  const run = (count: number): void => {
    for (let start = 0; start < count; start += batchSize) {
      const { x, labels } = gatherBatch(experiment.data, order, start, Math.min(start + batchSize, count))
      const stepped = trainStep(net, softmaxCrossEntropy, optimizer, params, state, x, labels)
      params = stepped.params
      state = stepped.state
    }
  }
  const count = Math.min(samples, order.length)
  run(Math.min(count, 5000)) // warm-up: let the engine optimise the hot code
  const started = performance.now()
  run(count)
  return count / ((performance.now() - started) / 1000)
}

/** Runs every configuration `repeats` times and keeps the best of each. */
export const runBenchmarks = (experiment: Experiment, samples: number, repeats: number): readonly BenchResult[] => {
  const configs = [
    { key: 'batch1', label: `${ORIGINAL_ARCH}, batch 1 (per-sample updates)`, arch: ORIGINAL_ARCH, batchSize: 1 },
    { key: 'batch64', label: `${ORIGINAL_ARCH}, batch 64`, arch: ORIGINAL_ARCH, batchSize: 64 },
  ]
  return configs.map((c) => ({
    key: c.key,
    label: c.label,
    samplesPerSecond: Math.max(...Array.from({ length: repeats }, () => measure(experiment, c.arch, c.batchSize, samples))),
  }))
}

/** Runs `npm run bench`; resolves to the exit status. */
export const runBench = async (argv: readonly string[], io: Io = process): Promise<number> => {
  const parsed = parseFlags(BENCH_FLAGS, argv)
  if (E.isLeft(parsed)) {
    io.stderr.write(`error: ${parsed.left} (see --help)\n`)
    return 2
  }
  if (parsed.right.help === true) {
    io.stdout.write(helpText('npm run bench -- [options]', 'Measures training speed (samples per second) on MNIST.', BENCH_FLAGS))
    return 0
  }
  const loaded = await loadExperiment({ split: 'sklearn', testFraction: 0.2 })
  if (E.isLeft(loaded)) {
    io.stderr.write(`error: ${loaded.left}\n`)
    return 1
  }
  const results = runBenchmarks(loaded.right, parsed.right.samples as number, parsed.right.repeats as number)
  const epochSeconds = (r: BenchResult) => loaded.right.train.length / r.samplesPerSecond
  if (parsed.right.json === true) {
    const json = Object.fromEntries(results.flatMap((r) => [
      [`${r.key}_samples_per_s`, Math.round(r.samplesPerSecond)],
      [`${r.key}_epoch_s`, Number(epochSeconds(r).toFixed(2))],
    ]))
    io.stdout.write(`${JSON.stringify({ node: process.version, ...json })}\n`)
  } else {
    io.stdout.write(`training speed on MNIST (best of ${parsed.right.repeats} × ${parsed.right.samples} samples, Node ${process.version})\n`)
    for (const r of results) {
      io.stdout.write(`  ${r.label.padEnd(58)} ${Math.round(r.samplesPerSecond).toLocaleString('en-US').padStart(8)} samples/s   epoch of ${loaded.right.train.length.toLocaleString('en-US')}: ${epochSeconds(r).toFixed(2)} s\n`)
    }
  }
  return 0
}
