// The training worker
// ===================
//
// This runs in a Web Worker: its own thread, so the page keeps drawing while it trains. It
// trains exactly as `npm run train` does with one thread (src/cli/train.ts): the network
// from the architecture string (src/model/arch.ts), checked against the command line's
// memory budget (src/cli/budget.ts) before a byte is allocated for it, computed by the
// appendix's fast kernels (src/fast/kernels.ts), the same initial weights for the same seed,
// the same optimizers with Adam's fast step, the same schedules, and the very same training
// loop, src/train/loop.ts. Only the data differ: the digits shipped with the page (data.ts),
// fetched when the first run starts, not when the page opens.
//
// The loop is a synchronous *generator*: it computes until it has something to report,
// yields it, and waits until it is asked for more. `npm run train` asks in a for…of loop.
// Here we ask for about 50 ms at a time and then give the worker's event loop a turn, so
// that a "pause", "reset" or a new learning rate from the page is read within a slice, and
// not only when the run is over. The loop yields after every batch (`progressEvery` = batch
// size), which makes slices precise; what we do with a yield is a few additions (in Node,
// the loop yielding after every sample or after every 2,000 trains equally fast). What
// slows training in a page is rather the page's own thread, which needs the same cores: so
// the panel hands the network being trained to the other panels at most once a second.
//
// Live settings. The learning rate is read by the optimizer at every step from a schedule
// (src/optim/schedule.ts), here one whose base rate the page may change during the run:
//
//     constant   η(t) = η₀
//     cosine     η(t) = η₀ · (1 + cos(π p(t))) / 2,    p(t) = t / T
//
// where t is the number of steps taken, T the run's number of steps and η₀ the rate last
// set: a new rate rescales the rest of the curve, which keeps its shape. Until anything
// changes this is exactly `npm run train`'s schedule. A new batch size (set while paused)
// changes how many steps are left; the progress p then goes on from where it was, p_c at
// step t_c, to 1 at the new end T′:
//
//     p(t) = p_c + (1 − p_c) · (t − t_c) / (T′ − t_c)
//
// The loop's batch size is fixed for a generator, so after a batch-size change the run goes
// on with new generators of the same loop: one for the rest of the epoch under way, one for
// the epochs after it, carrying the parameters, the optimizer's state and the shuffling
// generator over. Every change is reported back with the step from which it holds.
//
// Dropout and batch normalisation (chapter 11) train differently from how they predict, so
// such a network's every step gets a `Pass` (src/layers/layer.ts) whose random key comes,
// as in `npm run train`, from the seed, the epoch and the step (src/model/beyond.ts
// `trainingPass`): the run's epoch and step within it, so that a change of batch size, which
// starts a new loop, does not draw the masks of steps already taken again. After each step,
// batch norm's running mean and variance take the values the step settled.
//
// Speed is measured as the page shows it and as `npm run bench` does: samples trained per
// second of training, not counting the test passes after each epoch.

import * as E from 'fp-ts/lib/Either.js'
import { checkBudget, EVALUATION_BATCH } from '../src/cli/budget.ts'
import type { ParamTree } from '../src/core/params.ts'
import { permutation, seedRng, type Rng } from '../src/core/rng.ts'
import { samplesFingerprint } from '../src/data/idxWrite.ts'
import { gatherBatchFast } from '../src/fast/gather.ts'
import { adamFast, fastKernels } from '../src/fast/kernels.ts'
import { arrangeForSpeed } from '../src/fast/network.ts'
import { softmaxCrossEntropy } from '../src/layers/softmaxCrossEntropy.ts'
import { buildNetwork } from '../src/model/arch.ts'
import { batchTooSmall, needsPass, trainingPass } from '../src/model/beyond.ts'
import { initParams, type Network } from '../src/model/sequential.ts'
import { momentum } from '../src/optim/momentum.ts'
import type { Optimizer, Schedule } from '../src/optim/optimizer.ts'
import { sgd } from '../src/optim/sgd.ts'
import { evaluate } from '../src/train/evaluate.ts'
import { gradientsOf, type GradientsOf } from '../src/train/step.ts'
import { train, type EpochSummary, type Progress, type TrainOutcome } from '../src/train/loop.ts'
import { loadDigits, type Digits } from './data.ts'
import type { FromWorker, LiveSetting, RunSettings, ToWorker } from './protocol.ts'

// The part of a worker's global scope we use. (This file is type-checked with the DOM's
// types, where `self` is a window; in a worker it is a DedicatedWorkerGlobalScope.)
interface WorkerScope {
  postMessage(message: FromWorker): void
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null
  readonly location: { readonly href: string }
}
const scope = self as unknown as WorkerScope
const say = (message: FromWorker): void => scope.postMessage(message)
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

const SLICE_MS = 50 // compute this long before reading messages again
const REPORT_MS = 200 // send progress about this often

// A copy of the parameters to send. The fast kernels cut arrays out of 64 KiB slabs
// (src/fast/memory.ts) and sending a view would copy its whole slab: copy the values only.
const copyParams = (params: ParamTree): ParamTree =>
  params.map((record) => Object.fromEntries(Object.entries(record).map(([name, t]) => [name, { shape: t.shape, data: t.data.slice() }])))

// The learning rate
// -----------------

// The schedule's parameters, which live changes replace (see the header).
interface Rate {
  readonly base: number // η₀, the rate last set
  readonly total: number // T, the run's steps
  readonly fromStep: number // t_c, the step of the last batch-size change (0: none)
  readonly fromProgress: number // p_c, the progress then
}

const progressAt = (r: Rate, t: number): number => (r.fromStep === 0 ? t / r.total : r.fromProgress + ((1 - r.fromProgress) * (t - r.fromStep)) / (r.total - r.fromStep))

// η(t). Before any batch-size change the cosine is written as src/optim/schedule.ts writes
// it (with η_min = 0), so that the rates are the very same numbers.
const rateAt = (schedule: RunSettings['schedule'], r: Rate, t: number): number => {
  if (schedule === 'constant') return r.base
  if (t >= r.total) return 0
  if (r.fromStep === 0) return (r.base * (1 + Math.cos((Math.PI * t) / r.total))) / 2
  return (r.base * (1 + Math.cos(Math.PI * progressAt(r, t)))) / 2
}

// One run
// -------

interface Run {
  readonly settings: RunSettings
  readonly net: Network // arranged for speed
  readonly digits: Digits
  readonly optimizer: Optimizer
  rate: Rate
  batchSize: number
  running: boolean
  // The run so far: parameters and optimizer state after the last step, and the steps taken.
  params: ParamTree
  // What the step under way settles (batch norm's running averages), for `params`.
  settled: ParamTree | undefined
  state: unknown
  steps: number
  // The shuffling generator as it was before the first epoch.
  readonly rng: Rng
  // The generator of the loop now running, and where its numbers sit in the run: its epoch 1
  // is the run's epoch `epochBase + 1`, starting `seenBase` samples into it, after a loss sum
  // of `lossBase` and `correctBase` right answers in that epoch.
  segment: Generator<Progress | EpochSummary, TrainOutcome>
  epochBase: number
  seenBase: number
  lossBase: number
  correctBase: number
  stepBase: number // the steps of that epoch before the segment, for a divergence's step number
  // Bookkeeping for the reports: the epoch under way, totals, and the window since the last report.
  epoch: number
  seen: number
  lossSum: number
  correct: number
  epochFirstStep: number // the run's step that began this epoch
  epochDone: boolean // its summary has come
  samples: number
  trainMs: number
  evalMs: number
  window: { samples: number; lossSum: number; correct: number; trainMs: number; time: number }
  pendingBatchSize: number | undefined
}

let digits: Digits | undefined
let loading: Promise<Digits> | undefined
let run: Run | undefined

// The loop of src/train/loop.ts for `epochs` epochs over `indices` from the run's current
// parameters, continuing the optimizer's state (its step count drives the schedule).
const segmentOf = (r: Run, indices: Int32Array, epochs: number, shuffle: boolean, rng: Rng): Generator<Progress | EpochSummary, TrainOutcome> => {
  const carried = r.state
  const optimizer: Optimizer = { ...r.optimizer, init: (params) => (carried === undefined ? r.optimizer.init(params) : carried) }
  // The test pass after each epoch, timed so that it can be left out of the speed.
  const timedEvaluate: typeof evaluate = (net, params, data, test, batch) => {
    const started = performance.now()
    const result = evaluate(net, params, data, test, batch)
    r.evalMs += performance.now() - started
    return result
  }
  // As `npm run train` does: the network arranged for speed (same parameters, same function),
  // the fast batch cutter, the fast kernels.
  // A network with dropout or batch norm: each step's pass, numbered by the run's epoch and
  // its step in that epoch (a segment's epoch 1 may start partway into the run's).
  const keyed = needsPass(r.net) ? trainingPass(r.settings.seed) : undefined
  const pass = keyed && ((epoch: number, step: number) => keyed(r.epochBase + epoch, (epoch === 1 ? r.stepBase : 0) + step))
  // The step's settled values, kept for the parameters the run reports.
  const gradients: GradientsOf = (net, loss, params, x, labels, p) => {
    const g = gradientsOf(net, loss, params, x, labels, p)
    r.settled = g.settled
    return g
  }
  const config = {
    net: r.net, loss: softmaxCrossEntropy, optimizer, epochs, batchSize: r.batchSize, shuffle, progressEvery: r.batchSize, gather: gatherBatchFast, evaluate: timedEvaluate,
    gradients, ...(pass === undefined ? {} : { pass }),
  }
  return train(config, r.digits.data, indices, r.digits.test, r.params, rng)
}

const startRun = (s: RunSettings, d: Digits): Run | string => {
  const built = buildNetwork(s.arch, [1, d.data.rows, d.data.cols], d.data.classes, fastKernels)
  if (E.isLeft(built)) return `--arch: ${built.left}`
  // The page checked the budget before sending; a message from elsewhere is checked again here.
  const budget = checkBudget(built.right, Math.max(s.batchSize, EVALUATION_BATCH))
  if (E.isLeft(budget)) return `--arch: ${budget.left}`
  const small = batchTooSmall(built.right, s.batchSize)
  if (small !== undefined) return `--arch: ${small}`
  const [initial, rng] = initParams(built.right, seedRng(s.seed))
  const stepsPerEpoch = Math.ceil(d.train.length / s.batchSize)
  // The optimizer of the settings, as `npm run train` makes it (src/train/recipe.ts `optimizerOf`),
  // with the schedule read from the run, so that it can change.
  const lr: Schedule = (t) => rateAt(s.schedule, r.rate, t)
  // (Each has its own state type; the run only carries the state from one step to the next.)
  const optimizer = (s.optimizer === 'sgd' ? sgd(lr) : s.optimizer === 'momentum' ? momentum(lr) : adamFast({ lr })) as unknown as Optimizer
  // Every step's parameters and state, kept for the drawing panel and for a change of batch size.
  const watched: Optimizer = {
    ...optimizer,
    step: (params, grads, state) => {
      const stepped = optimizer.step(params, grads, state)
      const settled = r.settled
      r.params = settled === undefined ? stepped[0] : stepped[0].map((p, i) => ({ ...p, ...settled[i] }))
      r.state = stepped[1]
      r.steps++
      return stepped
    },
  }
  const r: Run = {
    settings: s, net: arrangeForSpeed(built.right), digits: d, optimizer: watched,
    rate: { base: s.lr, total: s.epochs * stepsPerEpoch, fromStep: 0, fromProgress: 0 }, batchSize: s.batchSize,
    running: true, params: initial, settled: undefined, state: undefined, steps: 0, rng,
    segment: undefined as unknown as Run['segment'], epochBase: 0, seenBase: 0, lossBase: 0, correctBase: 0, stepBase: 0,
    epoch: 1, seen: 0, lossSum: 0, correct: 0, epochFirstStep: 1, epochDone: false, samples: 0, trainMs: 0, evalMs: 0,
    window: { samples: 0, lossSum: 0, correct: 0, trainMs: 0, time: performance.now() }, pendingBatchSize: undefined,
  }
  r.segment = segmentOf(r, d.train, s.epochs, s.shuffle, rng)
  return r
}

// A new batch size from here on: the rest of this epoch, then the epochs left, each by the same loop.
const changeBatchSize = (r: Run, batchSize: number): void => {
  const n = r.digits.train.length
  const { epochs, shuffle } = r.settings
  // Where we are: `r.seen` samples into epoch `r.epoch`, or at the start of the next one
  // (the caller has let the loop finish an epoch whose last step was taken).
  const atEnd = r.seen >= n
  const epoch = atEnd ? r.epoch + 1 : r.epoch
  const seen = atEnd ? 0 : r.seen
  // This epoch's order and the shuffler after it, drawn as the loop draws them.
  let rng = r.rng
  let order = r.digits.train
  for (let e = 1; e <= Math.min(epoch, epochs) && shuffle; e++) {
    const [shuffled, next] = permutation(n, rng)
    rng = next
    order = shuffled.map((i) => r.digits.train[i])
  }
  const left = (seen > 0 ? Math.ceil((n - seen) / batchSize) : 0) + (epochs - epoch + (seen > 0 ? 0 : 1)) * Math.ceil(n / batchSize)
  r.rate = { base: r.rate.base, total: r.steps + left, fromStep: r.steps, fromProgress: progressAt(r.rate, r.steps) }
  r.batchSize = batchSize
  if (seen > 0) {
    // The rest of this epoch: shuffle off, its order given; the epochs after it follow in `next`.
    const rest = segmentOf(r, order.slice(seen), 1, false, rng)
    const after = rng
    ;[r.epochBase, r.seenBase, r.lossBase, r.correctBase, r.stepBase] = [epoch - 1, seen, r.lossSum, r.correct, r.steps - r.epochFirstStep + 1]
    r.segment = (function* chained() {
      const first = yield* rest
      if (first.kind === 'diverged' || epoch >= epochs) return first
      ;[r.epochBase, r.seenBase, r.lossBase, r.correctBase, r.stepBase] = [epoch, 0, 0, 0, 0]
      const outcome = yield* segmentOf(r, r.digits.train, epochs - epoch, shuffle, after)
      return outcome
    })()
  } else {
    ;[r.epochBase, r.seenBase, r.lossBase, r.correctBase, r.stepBase] = [epoch - 1, 0, 0, 0, 0]
    // The shuffler before this epoch's permutation: the loop draws it again.
    let before = r.rng
    for (let e = 1; e < epoch && shuffle; e++) before = permutation(n, before)[1]
    r.segment = segmentOf(r, r.digits.train, epochs - epoch + 1, shuffle, before)
  }
}

// The loop's progress records hold running means over its epoch so far; converted to the
// run's epoch, the differences of their sums between two reports give the means over just
// that window.
const record = (r: Run, p: Progress): void => {
  const epoch = r.epochBase + p.epoch
  if (epoch !== r.epoch) {
    r.epoch = epoch
    r.seen = 0
    r.lossSum = 0
    r.correct = 0
    r.epochFirstStep = r.steps
    r.epochDone = false
  }
  const base = p.epoch === 1 ? r.seenBase : 0
  const seen = base + p.seen
  const lossSum = (p.epoch === 1 ? r.lossBase : 0) + p.loss * p.seen
  const correct = (p.epoch === 1 ? r.correctBase : 0) + p.accuracy * p.seen
  const w = r.window
  w.samples += seen - r.seen
  w.lossSum += lossSum - r.lossSum
  w.correct += correct - r.correct
  r.samples += seen - r.seen
  r.seen = seen
  r.lossSum = lossSum
  r.correct = correct
}

const report = (r: Run): void => {
  const w = r.window
  if (w.samples === 0) return
  const ms = r.trainMs - w.trainMs
  say({
    type: 'progress',
    epoch: r.epoch,
    seen: r.seen,
    total: r.digits.train.length,
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

// Asks the loop for its next record and takes it in: progress, or the end of an epoch
// (reported at once, with the last stretch of progress first). Returns the outcome at the end.
const advance = (r: Run, clock: () => void): TrainOutcome | undefined => {
  const next = r.segment.next()
  if (next.done === true) return next.value
  if (next.value.kind === 'progress') {
    record(r, next.value)
    return undefined
  }
  const { epoch, trainLoss, trainAccuracy, testAccuracy, params } = next.value
  const n = r.digits.train.length
  const partial = epoch === 1 && r.seenBase > 0
  r.epochDone = true
  clock()
  report(r)
  say({
    type: 'epoch',
    epoch: r.epochBase + epoch,
    samples: r.samples,
    // After a batch-size change inside an epoch, its figures join the two parts.
    trainLoss: partial ? (r.lossBase + trainLoss * (n - r.seenBase)) / n : trainLoss,
    trainAccuracy: partial ? (r.correctBase + trainAccuracy * (n - r.seenBase)) / n : trainAccuracy,
    testAccuracy,
    params: copyParams(params),
  })
  return undefined
}

// The end of a run.
const finish = (r: Run, outcome: TrainOutcome): void => {
  run = undefined
  if (outcome.kind === 'diverged') {
    const step = outcome.epoch === 1 ? outcome.step + r.stepBase : outcome.step
    say({ type: 'done', outcome: 'diverged', message: `training diverged in epoch ${r.epochBase + outcome.epoch} at step ${step} (${outcome.reason}); try a lower learning rate` })
  } else {
    report(r)
    say({ type: 'done', outcome: 'trained', message: `trained on ${r.samples.toLocaleString('en-US')} samples in ${(r.trainMs / 1000).toFixed(1)} s` })
  }
}

// One slice of training.
const pump = (): void => {
  const r = run
  if (r === undefined || !r.running) return
  let outcome: TrainOutcome | undefined
  let sliceStart = performance.now()
  let evalBefore = r.evalMs
  // Training time so far in this slice, without the test passes.
  const clock = (): void => {
    const now = performance.now()
    r.trainMs += now - sliceStart - (r.evalMs - evalBefore)
    sliceStart = now
    evalBefore = r.evalMs
  }
  try {
    while (outcome === undefined && performance.now() - sliceStart < SLICE_MS) outcome = advance(r, clock)
  } catch (error) {
    run = undefined
    say({ type: 'failed', message: `training stopped: ${messageOf(error)}` })
    return
  }
  clock()
  if (outcome !== undefined) {
    finish(r, outcome)
    return
  }
  if (performance.now() - r.window.time >= REPORT_MS) report(r)
  later()
}

// Messages from the page
// ----------------------

// A setting changed: the rate at once (from the next step), the batch size when the run goes on.
const change = (r: Run, setting: LiveSetting): void => {
  if ('lr' in setting) {
    r.rate = { ...r.rate, base: setting.lr }
    say({ type: 'changed', step: r.steps + 1, setting })
  } else {
    r.pendingBatchSize = setting.batchSize
  }
}

// What the page asked for while the digits were still loading, done once they are here.
let waiting: { settings: RunSettings; changes: LiveSetting[] } | undefined

const begin = (settings: RunSettings, d: Digits, changes: readonly LiveSetting[]): void => {
  const started = startRun(settings, d)
  if (typeof started === 'string') {
    say({ type: 'failed', message: started })
    return
  }
  run = started
  for (const setting of changes) change(started, setting)
  resume(started)
}

const resume = (r: Run): void => {
  if (r.pendingBatchSize !== undefined) {
    const batchSize = r.pendingBatchSize
    r.pendingBatchSize = undefined
    if (batchSize !== r.batchSize) {
      // Paused between an epoch's last step and its test pass: that pass first, with the old loop.
      if (r.seen >= r.digits.train.length && !r.epochDone) {
        const outcome = advance(r, () => {})
        if (outcome !== undefined) {
          finish(r, outcome)
          return
        }
      }
      changeBatchSize(r, batchSize)
      say({ type: 'changed', step: r.steps + 1, setting: { batchSize } })
    }
  }
  r.running = true
  later()
}

// The digits, fetched once, on the first Start.
const load = (): Promise<Digits> => {
  loading ??= loadDigits(new URL('data/', scope.location.href)).then((loaded) => {
    digits = loaded
    say({ type: 'ready', train: loaded.train.length, test: loaded.test.length, bytes: loaded.bytes, testFingerprint: samplesFingerprint(loaded.data, loaded.test) })
    return loaded
  })
  return loading
}

const handle = (message: ToWorker): void => {
  if (message.type === 'reset') {
    run = undefined
    waiting = undefined
  } else if (message.type === 'pause') {
    if (run !== undefined) run.running = false
    waiting = undefined
    say({ type: 'paused' })
  } else if (message.type === 'set') {
    if (run !== undefined) change(run, message.setting)
    else waiting?.changes.push(message.setting)
  } else if (run !== undefined) {
    resume(run)
  } else if (digits !== undefined) {
    begin(message.settings, digits, [])
  } else {
    waiting = { settings: message.settings, changes: [] }
    say({ type: 'loading' })
    load().then(
      (loaded) => {
        if (waiting === undefined) return
        const { settings, changes } = waiting
        waiting = undefined
        begin(settings, loaded, changes)
      },
      (error: unknown) => {
        loading = undefined
        waiting = undefined
        say({ type: 'failed', message: `could not load the training digits: ${messageOf(error)}` })
      },
    )
  }
}

scope.onmessage = (event) => {
  try {
    handle(event.data)
  } catch (error) {
    // Such as an allocation that fails: the run is over, the worker goes on.
    run = undefined
    say({ type: 'failed', message: messageOf(error) })
  }
}
