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
// Previous: cli/benchBaseline.ts. Next: scripts/.

import { availableParallelism } from 'node:os'
import * as E from 'fp-ts/lib/Either.js'
import { seedRng } from '../core/rng.ts'
import { softmaxCrossEntropy } from '../layers/softmaxCrossEntropy.ts'
import { ORIGINAL_ARCH } from '../model/arch.ts'
import { initParams } from '../model/sequential.ts'
import { adam } from '../optim/adam.ts'
import { localGradients } from '../train/step.ts'
import { imperativeBaseline } from './benchBaseline.ts'
import { createWorkerPool } from './workerPool.ts'
import { buildNetwork, loadExperiment, type Experiment } from './experiment.ts'
import { helpText, parseFlags, type FlagSpec } from './flags.ts'
import type { Io } from './io.ts'

const BENCH_FLAGS: readonly FlagSpec[] = [
  { name: 'samples', kind: { type: 'int', min: 100 }, default: 20000, value: 'N', help: 'samples trained per measurement' },
  { name: 'repeats', kind: { type: 'int', min: 1 }, default: 3, value: 'N', help: 'measurements per configuration (the best counts)' },
  { name: 'workers', kind: { type: 'int', min: 1, max: 256 }, default: availableParallelism(), value: 'N', help: 'worker threads for the multi-threaded measurement' },
  { name: 'baseline', kind: { type: 'switch' }, help: 'also time a hand-written imperative trainer of the original network' },
  { name: 'json', kind: { type: 'switch' }, help: 'print one JSON object instead of a table' },
]

/** One measured configuration. */
export interface BenchResult {
  readonly key: string
  readonly label: string
  readonly samplesPerSecond: number
}

/** The ConvNetJS demo network, written in our architecture grammar. */
export const CONVNETJS_ARCH = 'conv5x5x8p2-relu-pool2-conv5x5x16p2-relu-pool3-dense10'

interface Config {
  readonly key: string
  readonly label: string
  readonly arch: string
  readonly batchSize: number
  readonly workers: number
  readonly samples: number
}

// Trains `samples` samples of the experiment and returns samples/s, after a warm-up that
// lets the engine compile the hot code (and start the worker threads).
const measure = async (experiment: Experiment, c: Config): Promise<number> => {
  const built = buildNetwork(c.arch, [1, experiment.data.rows, experiment.data.cols], experiment.data.classes)
  if (E.isLeft(built)) throw new Error(built.left)
  const net = built.right
  const pool = c.workers > 1 ? createWorkerPool(c.workers, c.arch, experiment.data) : undefined
  const engine = pool ?? localGradients(net, softmaxCrossEntropy, experiment.data)
  try {
    const optimizer = adam()
    let [params] = initParams(net, seedRng(1))
    let state = optimizer.init(params)
    const run = async (from: number, count: number): Promise<void> => {
      for (let start = from; start < from + count; start += c.batchSize) {
        const answer = engine.gradients(params, experiment.train, start, Math.min(start + c.batchSize, from + count))
        const { grads } = answer instanceof Promise ? await answer : answer
        ;[params, state] = optimizer.step(params, grads, state)
      }
    }
    const warmUp = Math.min(c.samples, 2000)
    await run(0, warmUp)
    const count = Math.min(c.samples, experiment.train.length - warmUp)
    const started = performance.now()
    await run(warmUp, count)
    return count / ((performance.now() - started) / 1000)
  } finally {
    await pool?.close()
  }
}

/** The configurations measured: the original network, then the ConvNetJS one. */
export const benchConfigs = (samples: number, workers: number): readonly Config[] => [
  { key: 'batch1', label: `${ORIGINAL_ARCH}, batch 1 (per-sample updates)`, arch: ORIGINAL_ARCH, batchSize: 1, workers: 1, samples },
  { key: 'batch64', label: `${ORIGINAL_ARCH}, batch 64`, arch: ORIGINAL_ARCH, batchSize: 64, workers: 1, samples },
  { key: 'convnetjs_batch32_1worker', label: `ConvNetJS network, batch 32, 1 thread`, arch: CONVNETJS_ARCH, batchSize: 32, workers: 1, samples: Math.ceil(samples / 10) },
  ...(workers > 1
    ? [{ key: `convnetjs_batch32_${workers}workers`, label: `ConvNetJS network, batch 32, ${workers} worker threads`, arch: CONVNETJS_ARCH, batchSize: 32, workers, samples: Math.ceil(samples / 10) }]
    : []),
]

/**
 * Runs every configuration `repeats` times, round-robin so that a slow moment of a shared
 * machine does not fall on one configuration only, and keeps the best of each.
 */
export const runBenchmarks = async (
  experiment: Experiment,
  configs: readonly Config[],
  repeats: number,
  extra: readonly { readonly key: string; readonly label: string; readonly run: () => number }[] = [],
): Promise<readonly BenchResult[]> => {
  const best = new Map<string, number>()
  const keep = (key: string, value: number) => best.set(key, Math.max(best.get(key) ?? 0, value))
  for (let r = 0; r < repeats; r++) {
    for (const c of configs) keep(c.key, await measure(experiment, c))
    for (const e of extra) keep(e.key, e.run())
  }
  return [...configs, ...extra].map(({ key, label }) => ({ key, label, samplesPerSecond: best.get(key) ?? 0 }))
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
  const samples = parsed.right.samples as number
  const repeats = parsed.right.repeats as number
  const configs = benchConfigs(samples, parsed.right.workers as number)
  const baseline = {
    key: 'imperative_batch1',
    label: `${ORIGINAL_ARCH}, hand-written imperative loop`,
    run: () => imperativeBaseline(loaded.right.data, loaded.right.train, samples),
  }
  const results = await runBenchmarks(loaded.right, configs, repeats, parsed.right.baseline === true ? [baseline] : [])
  const epochSeconds = (r: BenchResult) => loaded.right.train.length / r.samplesPerSecond
  if (parsed.right.json === true) {
    const json = Object.fromEntries(results.flatMap((r) => [
      [`${r.key}_samples_per_s`, Math.round(r.samplesPerSecond)],
      [`${r.key}_epoch_s`, Number(epochSeconds(r).toFixed(2))],
    ]))
    io.stdout.write(`${JSON.stringify({ node: process.version, ...json })}\n`)
  } else {
    io.stdout.write(`training speed on MNIST (best of ${repeats} runs; forward + backward + Adam; Node ${process.version})\n`)
    for (const r of results) {
      io.stdout.write(`  ${r.label.padEnd(62)} ${Math.round(r.samplesPerSecond).toLocaleString('en-US').padStart(8)} samples/s   epoch of ${loaded.right.train.length.toLocaleString('en-US')}: ${epochSeconds(r).toFixed(1).padStart(6)} s\n`)
    }
  }
  return 0
}
