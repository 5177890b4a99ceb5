// Appendix: measuring speed
// =========================
//
// How fast does training run? For each configuration we train on real MNIST digits (the
// first training samples of the default split), after a warm-up that lets the JavaScript
// engine compile the hot loops, and report
//
//     samples/s  = samples trained / seconds          (gather, forward, backward, optimizer step)
//     epoch      = 56,000 / samples/s                 (one pass over the default training set)
//
// through exactly the code `npm run train` runs: the training step of train/step.ts with the
// fast kernels of the appendix and, where asked, the threads of parallel/threads.ts. Each
// figure is the best of a few repeats taken round-robin, so that a slow moment of a shared
// machine does not fall on one configuration only. `npm run bench` (cli/bench.ts) prints them.
//
// Every measurement runs in a thread of its own (bench/thread.ts), as `npm run train` runs
// one network per process. In one thread, the second network measured would run code that
// the JavaScript engine had already compiled for the first: the layers, the optimizer and
// the step would see two kinds of network, and V8 compiles such polymorphic code more
// generally and more slowly. Measured so, round-robin in one thread, per-sample training of
// the original network ran at 26,500 samples/s where a thread of its own gives 36,000. The
// ConvNetJS network trains a fifth as many samples as the others: with fewer, a worker
// thread has not yet compiled its hot code when the timing starts.
//
// How much can a second thread add? Not always twice: two cores of one machine share caches,
// memory and, on a virtual machine, whatever the host gives them, and a program running on
// one core can slow down a program on the other that shares nothing with it. So beside the
// ConvNetJS network on N threads, the bench measures N separate one-thread runs of it at the
// same time (`copies`), each in a thread of its own with its own heap, sharing no work and no
// memory but the images they read: their summed samples/s over one run's is what this
// machine gives N programs at once, the ceiling for N threads of ours. The copies finish
// their warm-up, wait for each other, then time the same number of samples, and keep
// training until the last one has finished, so that no copy is timed while another is idle.
// Previous: bench/yardstick.ts. Next: bench/thread.ts.

import * as E from 'fp-ts/lib/Either.js'
import { seedRng } from '../core/rng.ts'
import type { Dataset } from '../data/dataset.ts'
import { gatherBatchFast } from '../fast/gather.ts'
import { adamFast } from '../fast/adam.ts'
import { fastKernels } from '../fast/kernels.ts'
import { arrangeForSpeed } from '../fast/network.ts'
import { softmaxCrossEntropy } from '../layers/softmaxCrossEntropy.ts'
import { buildNetwork, ORIGINAL_ARCH } from '../model/arch.ts'
import { initParams } from '../model/sequential.ts'
import { askThread, shareImages, startParallel } from '../parallel/threads.ts'
import { trainStep } from '../train/step.ts'

/** One measured configuration. */
export interface BenchResult {
  readonly key: string
  readonly label: string
  readonly samplesPerSecond: number
}

/** The ConvNetJS demo network, written in our architecture grammar. */
export const CONVNETJS_ARCH = 'conv5x5x8p2-relu-pool2-conv5x5x16p2-relu-pool3-dense10'

/** The network of the 99% recipe (docs/usage.md): the ConvNetJS one with a hidden dense layer. */
export const RECIPE_99_ARCH = 'conv5x5x8p2-relu-pool2-conv3x3x16p1-relu-pool2-dense128-relu-dense10'

/** What to measure: a network, a batch size, a number of threads, how many samples. */
export interface BenchConfig {
  readonly key: string
  readonly label: string
  readonly arch: string
  readonly batchSize: number
  readonly threads: number
  readonly samples: number
  /** Separate runs of this configuration timed at the same time (1 unless said). */
  readonly copies?: number
}

// The copies' meeting points, on an Int32Array in shared memory: how many have finished
// their warm-up, how many have finished their timed samples, and how many there are.
const ARRIVED = 0
const FINISHED = 1
const COPIES = 2

// If a copy never arrives or never finishes (its thread died without a word; a failure that
// throws counts itself in, `leaveCopies`), the others stop waiting for it after this long.
const MEET_PATIENCE_MS = 60_000

/** Whether some copy has not yet been counted at `slot`, and there is still time to wait for it. */
const othersPending = (together: Int32Array, slot: number, until: number): boolean =>
  Atomics.load(together, slot) < together[COPIES] && performance.now() < until

/** A copy that failed counts itself in everywhere, so that the others neither wait nor train on for it. */
export const leaveCopies = (together: Int32Array): void => {
  Atomics.add(together, ARRIVED, 1)
  Atomics.add(together, FINISHED, 1)
  Atomics.notify(together, ARRIVED)
}

/** Counts this copy in at `slot`, then waits until every copy has been counted there. */
const meet = (together: Int32Array, slot: number): void => {
  Atomics.add(together, slot, 1)
  Atomics.notify(together, slot)
  const until = performance.now() + MEET_PATIENCE_MS
  while (othersPending(together, slot, until)) Atomics.wait(together, slot, Atomics.load(together, slot), 100)
}

/**
 * Trains `samples` samples of `order` and returns samples/s, after a warm-up. With
 * `together` (shared by the copies of one configuration), the timing starts when every copy
 * has warmed up, and this copy goes on training, untimed, until every copy has finished.
 */
export const measure = async (data: Dataset, order: Readonly<Int32Array>, c: BenchConfig, together?: Int32Array): Promise<number> => {
  const built = buildNetwork(c.arch, [1, data.rows, data.cols], data.classes, fastKernels)
  if (E.isLeft(built)) throw new Error(built.left)
  const net = arrangeForSpeed(built.right)
  const optimizer = adamFast()
  let [params] = initParams(net, seedRng(1))
  let state = optimizer.init(params)
  const parallel = c.threads > 1 ? await startParallel({ threads: c.threads, arch: c.arch, kernels: 'fast', net, params, data, maxBatch: c.batchSize }) : undefined
  try {
    const run = (from: number, count: number): void => {
      for (let start = from; start < from + count; start += c.batchSize) {
        const { x, labels } = gatherBatchFast(data, order, start, Math.min(start + c.batchSize, from + count))
        const stepped = trainStep(net, softmaxCrossEntropy, optimizer, params, state, x, labels, parallel?.gradients)
        params = stepped.params
        state = stepped.state
      }
    }
    const warmUp = Math.min(c.samples, 2000)
    run(0, warmUp)
    const count = Math.min(c.samples, order.length - warmUp)
    if (together !== undefined) meet(together, ARRIVED)
    const started = performance.now()
    run(warmUp, count)
    const seconds = (performance.now() - started) / 1000
    if (together !== undefined) {
      Atomics.add(together, FINISHED, 1)
      const until = performance.now() + MEET_PATIENCE_MS
      while (othersPending(together, FINISHED, until)) run(warmUp, c.batchSize)
    }
    return count / seconds
  } finally {
    await parallel?.close()
  }
}

/**
 * `measure`, in a new thread that has compiled nothing else (its images in shared memory);
 * with `copies` in the configuration, that many threads at once, and their speeds summed.
 */
export const measureInThread = async (data: Dataset, order: Readonly<Int32Array>, config: BenchConfig): Promise<number> => {
  const copies = config.copies ?? 1
  const images = shareImages(data)
  const together = copies > 1 ? new Int32Array(new SharedArrayBuffer(4 * 3)) : undefined
  if (together !== undefined) together[COPIES] = copies
  const answers = await Promise.all(Array.from({ length: copies }, () => askThread(import.meta.url, 'thread', { data: images, order, config, together })))
  const failed = answers.find((answer) => typeof answer !== 'number')
  if (failed !== undefined) throw new Error(`the measurement of ${config.label} failed: ${String(failed)}`)
  return (answers as readonly number[]).reduce((a, b) => a + b, 0)
}

/** The configurations measured: the original network, then the ConvNetJS one, then the 99% recipe's. */
export const benchConfigs = (samples: number, threads: number): readonly BenchConfig[] => [
  { key: 'batch1', label: `${ORIGINAL_ARCH}, batch 1 (per-sample updates)`, arch: ORIGINAL_ARCH, batchSize: 1, threads: 1, samples },
  { key: 'batch64', label: `${ORIGINAL_ARCH}, batch 64`, arch: ORIGINAL_ARCH, batchSize: 64, threads: 1, samples },
  { key: 'convnetjs_batch32_1worker', label: `ConvNetJS network, batch 32, 1 thread`, arch: CONVNETJS_ARCH, batchSize: 32, threads: 1, samples: Math.ceil(samples / 5) },
  ...(threads > 1
    ? [
        { key: `convnetjs_batch32_${threads}workers`, label: `ConvNetJS network, batch 32, ${threads} threads`, arch: CONVNETJS_ARCH, batchSize: 32, threads, samples: Math.ceil(samples / 5) },
        { key: `convnetjs_batch32_${threads}copies`, label: `the same, ${threads} separate 1-thread runs at once (summed)`, arch: CONVNETJS_ARCH, batchSize: 32, threads: 1, copies: threads, samples: Math.ceil(samples / 5) },
      ]
    : []),
  { key: 'recipe99_batch32_1worker', label: `the 99% recipe's network, batch 32, 1 thread`, arch: RECIPE_99_ARCH, batchSize: 32, threads: 1, samples: Math.ceil(samples / 5) },
]

/** Something else to time beside the configurations (the yardstick), returning samples/s. */
export interface ExtraBench {
  readonly key: string
  readonly label: string
  readonly run: () => number
}

/**
 * Runs every configuration `repeats` times, round-robin, and keeps the best of each.
 */
export const runBenchmarks = async (
  data: Dataset,
  order: Readonly<Int32Array>,
  configs: readonly BenchConfig[],
  repeats: number,
  extra: readonly ExtraBench[] = [],
): Promise<readonly BenchResult[]> => {
  const best = new Map<string, number>()
  const keep = (key: string, value: number) => best.set(key, Math.max(best.get(key) ?? 0, value))
  const shared = shareImages(data)
  for (let r = 0; r < repeats; r++) {
    for (const c of configs) keep(c.key, await measureInThread(shared, order, c))
    for (const e of extra) keep(e.key, e.run())
  }
  return [...configs, ...extra].map(({ key, label }) => ({ key, label, samplesPerSecond: best.get(key) ?? 0 }))
}
