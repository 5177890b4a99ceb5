// The training worker
// ===================
//
// This runs in a Web Worker: its own thread, so the page keeps drawing while it trains. It
// trains exactly as `npm run train` does with one thread (src/cli/train.ts): the network
// from the architecture string (src/model/arch.ts) computed by the appendix's fast kernels
// (src/fast/kernels.ts), the same initial weights for the same seed, the same optimizers
// with Adam's fast step, the same schedules, and the very same training loop,
// src/train/loop.ts. Only the data differ: the digits shipped with the page (data.ts).
//
// The loop is a synchronous *generator*: it computes until it has something to report,
// yields it, and waits until it is asked for more. `npm run train` asks in a for…of loop.
// Here we ask for about 50 ms at a time and then give the worker's event loop a turn, so
// that a "pause" or "reset" from the page is read within a slice, and not only when
// the run is over. We ask the loop to yield after every batch (`progressEvery` = batch
// size), which costs one small object per step and makes slices precise.
//
// Speed is measured as the page shows it and as `npm run bench` does: samples trained per
// second of training, not counting the test passes after each epoch.

import * as E from 'fp-ts/lib/Either.js'
import type { ParamTree } from '../src/core/params.ts'
import { seedRng } from '../src/core/rng.ts'
import { adamFast, fastKernels } from '../src/fast/kernels.ts'
import { gatherBatchFast } from '../src/fast/gather.ts'
import { arrangeForSpeed } from '../src/fast/network.ts'
import { softmaxCrossEntropy } from '../src/layers/softmaxCrossEntropy.ts'
import { buildNetwork } from '../src/model/arch.ts'
import { initParams } from '../src/model/sequential.ts'
import { momentum } from '../src/optim/momentum.ts'
import type { LearningRate, Optimizer } from '../src/optim/optimizer.ts'
import { cosine } from '../src/optim/schedule.ts'
import { sgd } from '../src/optim/sgd.ts'
import { evaluate } from '../src/train/evaluate.ts'
import { train, type EpochSummary, type Progress, type TrainOutcome } from '../src/train/loop.ts'
import { loadDigits, type Digits } from './data.ts'
import type { FromWorker, RunSettings, ToWorker } from './protocol.ts'

// The part of a worker's global scope we use. (This file is type-checked with the DOM's
// types, where `self` is a window; in a worker it is a DedicatedWorkerGlobalScope.)
interface WorkerScope {
  postMessage(message: FromWorker): void
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null
  readonly location: { readonly href: string }
}
const scope = self as unknown as WorkerScope
const say = (message: FromWorker): void => scope.postMessage(message)

const SLICE_MS = 50 // compute this long before reading messages again
const REPORT_MS = 200 // send progress about this often

// A copy of the parameters to send. The fast kernels cut arrays out of 64 KiB slabs
// (src/fast/memory.ts) and sending a view would copy its whole slab: copy the values only.
const copyParams = (params: ParamTree): ParamTree =>
  params.map((record) => Object.fromEntries(Object.entries(record).map(([name, t]) => [name, { shape: t.shape, data: t.data.slice() }])))

/** The optimizer of the settings, as `npm run train` makes it (src/cli/train.ts `optimizerOf`). */
const optimizerOf = (s: RunSettings, stepsPerEpoch: number): Optimizer => {
  const lr: LearningRate = s.schedule === 'cosine' ? cosine(s.lr, s.epochs * stepsPerEpoch) : s.lr
  return s.optimizer === 'sgd' ? sgd(lr) : s.optimizer === 'momentum' ? momentum(lr) : adamFast({ lr })
}

// One run
// -------

interface Run {
  readonly steps: Generator<Progress | EpochSummary, TrainOutcome>
  running: boolean
  // Bookkeeping for the reports: totals, and the window since the last report.
  samples: number
  trainMs: number
  evalMs: number
  epoch: number
  seen: number
  lossSum: number
  correct: number
  window: { samples: number; lossSum: number; correct: number; trainMs: number; time: number }
  params: ParamTree
}

let digits: Digits | undefined
let run: Run | undefined

// The loop yields parameters only at the end of an epoch. To show the kernels as they
// learn, and to let the drawing panel use the network being trained, we hand the loop an
// optimizer that is the chosen one plus a note of the parameters after each of its steps.
const watched = <S>(optimizer: Optimizer<S>, see: (params: ParamTree) => void): Optimizer<S> => ({
  ...optimizer,
  step: (params, grads, state) => {
    const stepped = optimizer.step(params, grads, state)
    see(stepped[0])
    return stepped
  },
})

const startRun = (s: RunSettings, d: Digits): Run | string => {
  const built = buildNetwork(s.arch, [1, d.data.rows, d.data.cols], d.data.classes, fastKernels)
  if (E.isLeft(built)) return `--arch: ${built.left}`
  const net = built.right
  const [initial, rng] = initParams(net, seedRng(s.seed))
  const r: Omit<Run, 'steps'> = {
    running: true,
    samples: 0,
    trainMs: 0,
    evalMs: 0,
    epoch: 1,
    seen: 0,
    lossSum: 0,
    correct: 0,
    window: { samples: 0, lossSum: 0, correct: 0, trainMs: 0, time: performance.now() },
    params: initial,
  }
  const optimizer = watched(optimizerOf(s, Math.ceil(d.train.length / s.batchSize)), (params) => {
    r.params = params
  })
  // The test pass after each epoch, timed so that it can be left out of the speed.
  const timedEvaluate: typeof evaluate = (...args) => {
    const started = performance.now()
    const result = evaluate(...args)
    r.evalMs += performance.now() - started
    return result
  }
  // As `npm run train` does: the network arranged for speed (same parameters, same function),
  // the fast batch cutter, the fast kernels.
  const config = { net: arrangeForSpeed(net), loss: softmaxCrossEntropy, optimizer, epochs: s.epochs, batchSize: s.batchSize, shuffle: s.shuffle, progressEvery: s.batchSize, gather: gatherBatchFast, evaluate: timedEvaluate }
  const run: Run = Object.assign(r, { steps: train(config, d.data, d.train, d.test, initial, rng) })
  return run
}

// The loop's progress records hold running means over the epoch so far; the differences
// of their sums between two reports give the means over just that window.
const record = (r: Run, p: Progress): void => {
  if (p.epoch !== r.epoch) [r.epoch, r.seen, r.lossSum, r.correct] = [p.epoch, 0, 0, 0]
  const [lossSum, correct] = [p.loss * p.seen, p.accuracy * p.seen]
  r.window.samples += p.seen - r.seen
  r.window.lossSum += lossSum - r.lossSum
  r.window.correct += correct - r.correct
  r.samples += p.seen - r.seen
  ;[r.seen, r.lossSum, r.correct] = [p.seen, lossSum, correct]
}

const report = (r: Run, total: number): void => {
  const w = r.window
  if (w.samples === 0) return
  const ms = r.trainMs - w.trainMs
  say({
    type: 'progress',
    epoch: r.epoch,
    seen: r.seen,
    total,
    samples: r.samples,
    loss: w.lossSum / w.samples,
    accuracy: w.correct / w.samples,
    samplesPerSecond: ms > 0 ? (w.samples / ms) * 1000 : 0,
    averageSamplesPerSecond: r.trainMs > 0 ? (r.samples / r.trainMs) * 1000 : 0,
    params: copyParams(r.params),
  })
  r.window = { samples: 0, lossSum: 0, correct: 0, trainMs: r.trainMs, time: performance.now() }
}

// Give the event loop a turn, then go on. A message on a MessageChannel is a task queued
// behind the messages already waiting (unlike setTimeout, which browsers slow down to 4 ms).
const channel = new MessageChannel()
const later = (): void => channel.port2.postMessage(null)
channel.port1.onmessage = () => pump()

// One slice of training.
const pump = (): void => {
  const r = run
  if (r === undefined || !r.running || digits === undefined) return
  const total = digits.train.length
  let outcome: TrainOutcome | undefined
  let [sliceStart, evalBefore] = [performance.now(), r.evalMs]
  // Training time so far in this slice, without the test passes.
  const clock = (): void => {
    const now = performance.now()
    r.trainMs += now - sliceStart - (r.evalMs - evalBefore)
    ;[sliceStart, evalBefore] = [now, r.evalMs]
  }
  try {
    while (performance.now() - sliceStart < SLICE_MS) {
      const next = r.steps.next()
      if (next.done === true) {
        outcome = next.value
        break
      }
      if (next.value.kind === 'progress') {
        record(r, next.value)
        continue
      }
      // The end of an epoch: first the last stretch of progress, then the summary.
      const { epoch, trainLoss, trainAccuracy, testAccuracy, params } = next.value
      clock()
      report(r, total)
      say({ type: 'epoch', epoch, samples: r.samples, trainLoss, trainAccuracy, testAccuracy, params: copyParams(params) })
    }
  } catch (error) {
    run = undefined
    say({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
    return
  }
  clock()
  if (outcome !== undefined) {
    run = undefined
    if (outcome.kind === 'diverged') {
      const { epoch, step, reason } = outcome
      say({ type: 'done', outcome: 'diverged', message: `training diverged in epoch ${epoch} at step ${step} (${reason}); try a lower learning rate` })
    } else {
      report(r, total)
      say({ type: 'done', outcome: 'trained', message: `trained on ${r.samples.toLocaleString('en-US')} samples in ${(r.trainMs / 1000).toFixed(1)} s` })
    }
    return
  }
  if (performance.now() - r.window.time >= REPORT_MS) report(r, total)
  later()
}

// Messages from the page
// ----------------------

scope.onmessage = (event) => {
  const message = event.data
  if (message.type === 'reset') {
    run = undefined
    return
  }
  if (message.type === 'pause') {
    if (run !== undefined) run.running = false
    say({ type: 'paused' })
    return
  }
  if (digits === undefined) return
  if (message.type === 'sample') {
    // A random digit of the test set, for the drawing panel (the page has no data of its own).
    const index = digits.test[Math.floor(Math.random() * digits.test.length)]
    const size = digits.data.rows * digits.data.cols
    say({ type: 'sample', pixels: digits.data.images.slice(index * size, (index + 1) * size), label: digits.data.labels[index], index: index - digits.train.length })
    return
  }
  if (run === undefined) {
    const started = startRun(message.settings, digits)
    if (typeof started === 'string') {
      say({ type: 'failed', message: started })
      return
    }
    run = started
  }
  run.running = true
  later()
}

loadDigits(new URL('data/', scope.location.href)).then(
  (loaded) => {
    digits = loaded
    say({ type: 'ready', train: loaded.train.length, test: loaded.test.length, bytes: loaded.bytes })
  },
  (error: unknown) => say({ type: 'failed', message: `could not load the digits: ${error instanceof Error ? error.message : String(error)}` }),
)
