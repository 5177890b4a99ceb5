// Appendix: training on every core
// ================================
//
// Data parallelism: a mini-batch is cut into one contiguous shard per thread, every thread
// computes the mean loss and gradients of its shard with the same pure code
// (train/step.ts's `gradientsOf`), and the shards are combined into the batch's gradient:
//
//     g = Σ_w (n_w / n) · g_w        (n_w samples in shard w, n in the batch)
//
// which is exactly the gradient of the whole batch, up to the order of float additions.
// Shards are combined in thread order, never in order of arrival, so a run is deterministic
// for a given seed and number of threads. This thread computes shard 0 itself; worker
// threads (parallel/worker.ts) compute the others. A training pass (chapter 11) travels as its
// key, and each shard says where it starts in the batch, so that dropout draws the masks one
// thread would. Batch normalisation needs more: its statistics are the whole batch's, which no
// shard sees alone. Its sums are per-sample rows added in sample order (beyond/batchNorm.ts),
// so the threads *meet*: each writes the rows of its samples into a shared array, counts
// itself arrived, waits until all have, and reads the whole batch's rows. Every thread then
// adds the same rows in the same order as one thread would: the same bits, whatever the
// number of threads. A network with three batch norms meets nine times a step (two sums
// forward, one backward, each).
//
// The result is a function with the signature of `gradientsOf`, which the training loop of
// chapter 8 (train/loop.ts) takes as it is: the loop stays a plain synchronous fold. The
// threads talk through shared memory instead of messages. Per step this thread writes the
// parameters and the batch into SharedArrayBuffers, bumps a counter and wakes the workers
// (`Atomics.notify`); each worker reads the parameters and its rows where they lie, writes
// its gradients into its own shared slot and counts itself done; this thread computes its own
// shard meanwhile, then waits on the done counter until every worker has finished. A waiting
// thread first watches the counter for half a millisecond and only then sleeps on it
// (`Atomics.wait`): waking a sleeping thread costs more than a step's other overheads.
// Nothing is serialised on the way, and no step waits for the event loop. Measuring the test
// set is shared out the same way.
// Previous: fast/index.ts. Next: parallel/worker.ts.

import { once } from 'node:events'
import { parentPort, Worker, workerData } from 'node:worker_threads'
import { float32, type ReadonlyFloats } from '../core/memory.ts'
import { countParams, leavesOf, mapLeaves, type ParamTree } from '../core/params.ts'
import { tensor, type Tensor } from '../core/tensor.ts'
import type { Dataset } from '../data/dataset.ts'
import type { Labels, Loss, Pass } from '../layers/layer.ts'
import type { Share, SharedPass } from '../beyond/batchNorm.ts'
import type { Network } from '../model/sequential.ts'
import { evaluate, type Evaluation } from '../train/evaluate.ts'
import { gradientsOf, type Gradients, type GradientsOf } from '../train/step.ts'

// The shared memory
// -----------------

/** Slots of the control array, an Int32Array that every thread sees. */
export const CONTROL = {
  /** Incremented for every job; workers sleep until it changes. */
  generation: 0,
  /** How many workers have finished the current job. */
  done: 1,
  /** What the job is: one of JOB below. */
  job: 2,
  /** The job's size: samples in the batch, or indices to predict. */
  size: 3,
  /** Set to 1 by a worker whose job failed; its message is in `message`. */
  failed: 4,
  /** How many workers have started and are waiting for jobs. */
  ready: 5,
  /** 1 when a gradients job trains with a pass (dropout, batch norm), whose key is in `key`. */
  training: 6,
  key: 7,
  /** How many times, in all, the threads have arrived at a meeting of the current job (batch norm's sums). */
  arrived: 8,
} as const

/** The kinds of job. */
export const JOB = { gradients: 1, predict: 2, exit: 3 } as const

/** Everything the threads share, all on SharedArrayBuffers. */
export interface SharedBuffers {
  readonly control: Int32Array // the slots of CONTROL
  readonly params: Float32Array // (P) the parameters, flat, in the order of leavesOf
  readonly x: Float32Array // (maxBatch, …sample) the batch's inputs
  readonly labels: Uint8Array // (maxBatch) the batch's labels
  readonly grads: Float32Array // (threads, P) each thread's gradients, flat
  readonly stats: Float64Array // (threads, 2) each thread's mean loss and number correct (for predictions: its mean loss)
  readonly indices: Int32Array // (count) the samples to predict
  readonly predicted: Uint8Array // (count) their predicted classes
  readonly probabilities: Float32Array // (count, J) their probabilities
  readonly message: Uint8Array // a failed worker's error message, UTF-8
  readonly rows: Float64Array // (2, maxBatch, widest row) the rows of a meeting, in two alternating halves
}

/** What a worker is started with. */
export interface WorkerSetup {
  readonly arch: string
  readonly kernels: 'fast' | 'reference'
  readonly data: Dataset // images on a SharedArrayBuffer
  readonly threads: number
  readonly index: number // 1, 2, …: which shard is this worker's
  readonly shared: SharedBuffers
}

const sharedOf = <T>(make: (buffer: SharedArrayBuffer) => T, bytes: number): T => make(new SharedArrayBuffer(Math.max(8, bytes)))

/** The same data set with its images moved to shared memory, so that workers can read them. */
export const shareImages = (data: Dataset): Dataset => {
  if (data.images.buffer instanceof SharedArrayBuffer) return data
  const images = sharedOf((b) => new Uint8Array(b), data.images.length)
  images.set(data.images)
  return { ...data, images }
}

/** Cuts [start, end) into `parts` contiguous ranges whose sizes differ by at most one. */
export const shards = (start: number, end: number, parts: number): readonly (readonly [number, number])[] => {
  const n = end - start
  const count = Math.max(1, Math.min(parts, n))
  return Array.from({ length: count }, (_, w) => [start + Math.floor((w * n) / count), start + Math.floor(((w + 1) * n) / count)] as const)
}

/** Writes every leaf's numbers one after another, in the order of `leavesOf` (parameters travel flat). */
export const writeFlat = (tree: ParamTree, into: Float32Array): void => {
  let at = 0
  for (const { value } of leavesOf(tree)) {
    into.set(value.data, at)
    at += value.data.length
  }
}

/**
 * A tree shaped like `like` whose leaves are views of `flat`, not copies: for a worker, which
 * reads them only while the job lasts, and the main thread writes `flat` only between jobs.
 */
export const viewFlat = (flat: Readonly<Float32Array>, like: ParamTree): ParamTree => {
  let at = 0
  return mapLeaves([like], ([leaf]) => {
    const view = flat.subarray(at, at + leaf.data.length)
    at += leaf.data.length
    return tensor(leaf.shape, view)
  })
}

// Waking and waiting
// ------------------

// If a worker stops answering for this long, something is badly wrong (it cannot happen
// while workers are alive: every job ends by counting itself done, even a failed one).
const PATIENCE_MS = 120_000

/** Starts a job for every worker: its kind and size, then one tick of the generation counter. */
const startJob = (control: Int32Array, job: number, size: number): void => {
  Atomics.store(control, CONTROL.job, job)
  Atomics.store(control, CONTROL.size, size)
  Atomics.store(control, CONTROL.done, 0)
  Atomics.add(control, CONTROL.generation, 1)
  Atomics.notify(control, CONTROL.generation)
}

// How long a thread keeps looking before it goes to sleep. A thread asleep in `Atomics.wait`
// is woken by the operating system, which on this project's machine takes 0.1 to 0.2 ms: for
// the ConvNetJS network, whose half batch takes about 1.3 ms, two such wake-ups a step (the
// worker's, when the job is posted, and this thread's, when the worker is done) cost a fifth
// of the step. So both first watch the counter for a moment, which costs nothing while the
// other thread is about to answer, and sleep only when it is not: between epochs, say, or
// when there are more threads than cores.
export const SPIN_MS = 0.5

/**
 * Waits while `busy(control[slot])`: watches the slot for up to SPIN_MS, then sleeps on it
 * until it changes or `sleepMs` have passed, whichever comes first.
 */
export const waitWhile = (control: Int32Array, slot: number, busy: (value: number) => boolean, sleepMs = Infinity): void => {
  const started = performance.now()
  while (busy(Atomics.load(control, slot))) {
    if (performance.now() - started < SPIN_MS) continue
    const value = Atomics.load(control, slot)
    if (busy(value)) Atomics.wait(control, slot, value, sleepMs)
    return
  }
}

// What the failed worker said (nothing when this thread failed first).
const failureOf = (shared: SharedBuffers): string => new TextDecoder().decode(shared.message.slice()).replace(/\0+$/, '') || 'another thread failed first'

/** Waits until `workers` workers have finished the job; throws if one failed. */
const awaitJob = (shared: SharedBuffers, workers: number): void => {
  const { control } = shared
  const started = performance.now()
  while (Atomics.load(control, CONTROL.done) < workers) {
    waitWhile(control, CONTROL.done, (done) => done < workers, 1000)
    if (performance.now() - started > PATIENCE_MS) throw new Error(`a worker thread stopped answering for ${PATIENCE_MS / 1000} s`)
  }
  if (Atomics.load(control, CONTROL.failed) !== 0) throw new Error(`a worker thread failed: ${failureOf(shared)}`)
}

// Meetings
// --------

// The widest row a meeting of this network exchanges: 2C numbers, for batch norm's backward
// sums over C channels (at least 1, so that the array exists).
const widestRow = (net: Network): number =>
  net.layers.reduce((widest, layer, i) => Math.max(widest, layer.name === 'bn' ? 2 * net.shapes[i]![0]! : 0), 1)

// How long a thread waits at a meeting before it looks whether a thread failed.
const MEETING_SLEEP_MS = 100

/**
 * The `share` function (beyond/batchNorm.ts) of thread `index` for one gradients job whose
 * shards are `parts`: its k-th call writes this thread's rows into half k mod 2 of the shared
 * rows, waits until every thread has arrived k times, and returns a copy of the whole batch's
 * rows. Two halves are enough: no thread can write meeting k + 2 before every thread has
 * arrived at meeting k + 1, so after all have read meeting k. A thread that failed raises the
 * shared flag, and the others stop waiting and fail too.
 */
export const meetings = (shared: SharedBuffers, parts: readonly (readonly [number, number])[], index: number): Share => {
  const { control, rows } = shared
  const threads = parts.length
  const [first, end] = parts[index]!
  const total = parts[threads - 1]![1] - parts[0]![0]
  let met = 0
  return (mine) => {
    met++
    const width = mine.length / (end - first)
    const half = (met % 2) * (rows.length / 2)
    rows.set(mine, half + first * width)
    Atomics.add(control, CONTROL.arrived, 1)
    Atomics.notify(control, CONTROL.arrived)
    const everyone = threads * met
    const started = performance.now()
    while (Atomics.load(control, CONTROL.arrived) < everyone) {
      if (Atomics.load(control, CONTROL.failed) !== 0) throw new Error(`a worker thread failed: ${failureOf(shared)}`)
      if (performance.now() - started > PATIENCE_MS) throw new Error(`a thread did not arrive at batch norm's meeting for ${PATIENCE_MS / 1000} s`)
      waitWhile(control, CONTROL.arrived, (arrived) => arrived < everyone, MEETING_SLEEP_MS)
    }
    return rows.slice(half, half + total * width)
  }
}

// The combine's two loops, each a small function of its own so that the engine compiles it
// for exactly one kind of array: s·g into a fresh array, then sum += s·g in place (into an
// array this thread made). 0 + s·g is s·g, so the first is the same sum as adding to zeros.
const scaled = (share: number, g: ReadonlyFloats): Float32Array => {
  const sum = float32(g.length)
  for (let i = 0; i < g.length; i++) sum[i] = share * g[i]!
  return sum
}
const addScaled = (sum: Float32Array, share: number, g: ReadonlyFloats): void => {
  for (let i = 0; i < g.length; i++) sum[i] += share * g[i]!
}

// The pool
// --------

/** Threads that share the work of training, this one included. */
export interface Parallel {
  /** How many threads work, this one included. */
  readonly threads: number
  /** The gradients of a batch, shard by shard: a drop-in for train/step.ts's `gradientsOf`. */
  readonly gradients: GradientsOf
  /** Predictions for samples of the data set, shared out: a drop-in for `evaluate`. */
  readonly evaluate: typeof evaluate
  /** Stops every worker (once: calling it again waits for the same stop). */
  close(): Promise<void>
}

/** How to start the workers. */
export interface ParallelOptions {
  /** Threads in all, this one included (at least 2). */
  readonly threads: number
  /** The architecture string and kernel set, from which each worker rebuilds the network. */
  readonly arch: string
  readonly kernels: 'fast' | 'reference'
  /** The network (on this thread), the data and the largest batch that will be asked for. */
  readonly net: Network
  readonly params: ParamTree
  readonly data: Dataset
  readonly maxBatch: number
}

// Starting a thread: a new thread runs a module beside the caller, but which file that is
// depends on how the caller was loaded. Compiled into dist/ (the installed package, the
// `annotated-cnn` command), the caller is JavaScript and so is its neighbour, `name.js`. Run
// from the sources, it is `name.ts`: Node from 22.18 on strips the types itself
// (`process.features.typescript`); older Nodes, such as 20, start the thread with two lines
// of JavaScript that register `tsx` (the loader our npm scripts run under) and then import it;
// such a thread does not inherit this one's command-line flags, which under tsx would register
// it a second time.

/** Starts a thread running the module `name` beside `base` (the caller's `import.meta.url`). */
export const startThread = (base: string, name: string, workerData: unknown): Worker => {
  const fromSource = base.endsWith('.ts')
  const entry = new URL(`./${name}.${fromSource ? 'ts' : 'js'}`, base)
  const stripsTypes = Boolean((process.features as { readonly typescript?: string | false }).typescript)
  if (!fromSource || stripsTypes) return new Worker(entry, { workerData })
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}\nregister()\nawait import(${JSON.stringify(entry.href)})\n`
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData, execArgv: [] })
}

const startWorker = (setup: WorkerSetup): Worker => startThread(import.meta.url, 'worker', setup)

/** The first message a thread posts; rejects with its error if it fails first. */
const firstMessage = async (worker: Worker): Promise<unknown> =>
  ((await Promise.race([once(worker, 'message'), once(worker, 'error').then(([e]) => { throw e })])) as [unknown])[0]

/**
 * Runs the module `name` beside `base` in a new thread started with `input`, and resolves to
 * the first message that thread posts (`answerParent`); the thread is then ended.
 */
export const askThread = async (base: string, name: string, input: unknown): Promise<unknown> => {
  const worker = startThread(base, name, input)
  try {
    return await firstMessage(worker)
  } finally {
    await worker.terminate()
  }
}

/** In a thread started by `askThread`: what it was started with. */
export const threadInput = (): unknown => workerData

/** In a thread started by `askThread`: the answer. */
export const answerParent = (answer: unknown): void => parentPort?.postMessage(answer)

/** Starts `threads − 1` worker threads for a network and a data set; resolves when all are ready. */
export const startParallel = async (options: ParallelOptions): Promise<Parallel> => {
  const { threads, net, data, maxBatch } = options
  const P = countParams(options.params)
  const sample = data.rows * data.cols
  const J = net.shapes[net.shapes.length - 1][0]
  const shared: SharedBuffers = {
    control: sharedOf((b) => new Int32Array(b), 4 * 16),
    params: sharedOf((b) => new Float32Array(b), 4 * P),
    x: sharedOf((b) => new Float32Array(b), 4 * maxBatch * sample),
    labels: sharedOf((b) => new Uint8Array(b), maxBatch),
    grads: sharedOf((b) => new Float32Array(b), 4 * threads * P),
    stats: sharedOf((b) => new Float64Array(b), 8 * threads * 2),
    indices: sharedOf((b) => new Int32Array(b), 4 * data.count),
    predicted: sharedOf((b) => new Uint8Array(b), data.count),
    probabilities: sharedOf((b) => new Float32Array(b), 4 * data.count * J),
    message: sharedOf((b) => new Uint8Array(b), 512),
    rows: sharedOf((b) => new Float64Array(b), 8 * 2 * maxBatch * widestRow(net)),
  }
  const images = shareImages(data)
  const workers = Array.from({ length: threads - 1 }, (_, i) =>
    startWorker({ arch: options.arch, kernels: options.kernels, data: images, threads, index: i + 1, shared }),
  )
  // Wait until every worker says it is ready, or fails to start.
  await Promise.all(
    workers.map(async (worker) => {
      const first = await firstMessage(worker)
      if (first !== 'ready') throw new Error(`a worker thread failed to start: ${String(first)}`)
    }),
  )
  const workerCount = workers.length

  const gradients: GradientsOf = (gradNet: Network, loss: Loss, params: ParamTree, x: Tensor, labels: Labels, pass?: Pass): Gradients => {
    const n = x.shape[0]
    const parts = shards(0, n, threads)
    if (parts.length === 1) return gradientsOf(gradNet, loss, params, x, labels, pass)
    writeFlat(params, shared.params)
    const perSample = x.data.length / n
    shared.x.set(x.data)
    shared.labels.set(labels)
    Atomics.store(shared.control, CONTROL.training, pass === undefined ? 0 : 1)
    Atomics.store(shared.control, CONTROL.key, pass?.key ?? 0)
    Atomics.store(shared.control, CONTROL.arrived, 0)
    startJob(shared.control, JOB.gradients, n)
    // Shard 0, here, while the workers compute theirs.
    const [from, to] = parts[0]
    const myPass: SharedPass | undefined = pass && { ...pass, first: from, share: meetings(shared, parts, 0) }
    let mine: Gradients
    try {
      mine = gradientsOf(gradNet, loss, params, tensor([to - from, ...x.shape.slice(1)], x.data.subarray(from * perSample, to * perSample)), labels.subarray(from, to), myPass)
    } catch (error) {
      // Let workers waiting at a meeting go, and wait for them, before saying what went wrong.
      Atomics.store(shared.control, CONTROL.failed, 1)
      Atomics.notify(shared.control, CONTROL.arrived)
      try {
        awaitJob(shared, workerCount)
      } catch {
        // Their failure is ours.
      }
      throw error
    }
    awaitJob(shared, workerCount)
    // Combine in thread order: g = Σ_w (n_w / n) · g_w, likewise the mean loss. Leaf by leaf,
    // from this thread's own gradients and the workers' shared slots, straight into the
    // arrays of the new tree (a big dense layer's weights are megabytes: one pass, not three).
    const shares = parts.map(([a, b]) => (b - a) / n)
    let at = 0
    const grads = mapLeaves([mine.grads], ([leaf]) => {
      const size = leaf.data.length
      const sum = scaled(shares[0]!, leaf.data)
      for (let w = 1; w < parts.length; w++) addScaled(sum, shares[w]!, shared.grads.subarray(w * P + at, w * P + at + size))
      at += size
      return tensor(leaf.shape, sum)
    })
    let [meanLoss, correct] = [shares[0]! * mine.loss, mine.correct]
    for (let w = 1; w < parts.length; w++) {
      meanLoss += shares[w]! * shared.stats[2 * w]
      correct += shared.stats[2 * w + 1]
    }
    return { loss: meanLoss, correct, grads, settled: mine.settled }
  }

  const evaluateShared: typeof evaluate = (evalNet, params, evalData, indices, batchSize) => {
    const M = indices.length
    const parts = shards(0, M, threads)
    if (parts.length === 1 || (evalData.images !== data.images && evalData.images !== images.images)) {
      return evaluate(evalNet, params, evalData, indices, batchSize)
    }
    writeFlat(params, shared.params)
    shared.indices.set(indices)
    startJob(shared.control, JOB.predict, M)
    const [from, to] = parts[0]
    const mine = evaluate(evalNet, params, evalData, indices.subarray(from, to), batchSize)
    awaitJob(shared, workerCount)
    const predicted = shared.predicted.slice(0, M)
    const probabilities = shared.probabilities.slice(0, M * J)
    predicted.set(mine.predicted, from)
    probabilities.set(mine.probabilities, from * J)
    const labels = new Uint8Array(M)
    let correct = 0
    for (let i = 0; i < M; i++) {
      labels[i] = evalData.labels[indices[i]]
      if (predicted[i] === labels[i]) correct++
    }
    // Each thread's mean loss over its shard, weighted by the shard's size.
    let lossSum = mine.loss * (to - from)
    for (let w = 1; w < parts.length; w++) lossSum += shared.stats[2 * w] * (parts[w]![1] - parts[w]![0])
    return { predicted, labels, probabilities, accuracy: M === 0 ? Number.NaN : correct / M, loss: lossSum / M } satisfies Evaluation
  }

  let closed: Promise<void> | undefined
  return {
    threads,
    gradients,
    evaluate: evaluateShared,
    // Closing twice is closing once: train closes the threads as soon as training ends (so
    // that their heaps are gone before the pictures are drawn) and again in its `finally`.
    close: () => {
      closed ??= (async () => {
        startJob(shared.control, JOB.exit, 0)
        await Promise.all(workers.map((worker) => worker.terminate()))
      })()
      return closed
    },
  }
}
