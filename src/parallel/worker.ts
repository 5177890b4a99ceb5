// Appendix: a worker thread
// =========================
//
// The other half of parallel/threads.ts. Each worker thread runs this file: it rebuilds the
// network from the architecture string, then waits until the main thread posts a job in
// shared memory, does its share, writes the answer into its own shared slot, counts itself
// done, and waits again (watching for a moment, then asleep: `waitWhile` of threads.ts):
//
//     gradients   the rows of the batch in its shard  →  its mean loss, number correct, gradients
//     predict     its share of the indices            →  their predicted classes and probabilities
//     exit        return, so that the thread can end
//
// All the arithmetic is the same pure code the main thread runs (train/step.ts,
// train/evaluate.ts); between jobs the worker holds only the network and the data, never
// any training state. A job that throws still counts itself done, after setting the shared
// `failed` flag and its message, so the main thread never waits for an answer that will not
// come.
// Previous: parallel/threads.ts. Next: bench/yardstick.ts.

import { parentPort, workerData } from 'node:worker_threads'
import * as E from 'fp-ts/lib/Either.js'
import { seedRng } from '../core/rng.ts'
import { tensor } from '../core/tensor.ts'
import { softmaxCrossEntropy } from '../layers/softmaxCrossEntropy.ts'
import { buildNetwork } from '../model/arch.ts'
import { beyondKernels } from '../model/beyond.ts'
import { initParams } from '../model/sequential.ts'
import { evaluate } from '../train/evaluate.ts'
import { gradientsOf } from '../train/step.ts'
import { fastKernels } from '../fast/kernels.ts'
import { arrangeForSpeed } from '../fast/network.ts'
import { CONTROL, JOB, meetings, shards, viewFlat, waitWhile, writeFlat, type WorkerSetup } from './threads.ts'

const setup = workerData as WorkerSetup
const { shared, data, threads, index } = setup
const { control } = shared

const built = buildNetwork(setup.arch, [1, data.rows, data.cols], data.classes, setup.kernels === 'fast' ? fastKernels : beyondKernels)
if (E.isLeft(built)) {
  parentPort?.postMessage(built.left)
} else {
  const net = setup.kernels === 'fast' ? arrangeForSpeed(built.right) : built.right
  // Parameters travel flat; this tree only lends them their shapes.
  const like = initParams(net, seedRng(0))[0]
  const P = shared.params.length
  const J = net.shapes[net.shapes.length - 1][0]
  const perSample = data.rows * data.cols

  // One job: read what to do from shared memory, write the answer back.
  const work = (job: number, size: number): void => {
    const parts = shards(0, size, threads)
    if (index >= parts.length) return // fewer rows than threads: nothing for this one
    const [from, to] = parts[index]
    const params = viewFlat(shared.params, like)
    if (job === JOB.gradients) {
      const x = tensor([to - from, 1, data.rows, data.cols], shared.x.subarray(from * perSample, to * perSample))
      const training = Atomics.load(control, CONTROL.training) === 1
      const pass = training ? { key: Atomics.load(control, CONTROL.key), layer: 0, first: from, share: meetings(shared, parts, index) } : undefined
      const { loss, correct, grads } = gradientsOf(net, softmaxCrossEntropy, params, x, shared.labels.subarray(from, to), pass)
      writeFlat(grads, shared.grads.subarray(index * P, (index + 1) * P))
      shared.stats[2 * index] = loss
      shared.stats[2 * index + 1] = correct
    } else {
      const answer = evaluate(net, params, data, shared.indices.subarray(from, to))
      shared.predicted.set(answer.predicted, from)
      shared.probabilities.set(answer.probabilities, from * J)
      shared.stats[2 * index] = answer.loss
    }
  }

  // Read the generation before saying ready: the main thread starts the first job as soon as
  // it hears, and a job counted before we looked would be a wake-up we sleep through.
  let seen = Atomics.load(control, CONTROL.generation)
  parentPort?.postMessage('ready')
  for (;;) {
    waitWhile(control, CONTROL.generation, (generation) => generation === seen)
    seen = Atomics.load(control, CONTROL.generation)
    const job = Atomics.load(control, CONTROL.job)
    if (job === JOB.exit) break
    try {
      work(job, Atomics.load(control, CONTROL.size))
    } catch (error) {
      const text = new TextEncoder().encode(error instanceof Error ? error.message : String(error))
      shared.message.set(text.subarray(0, shared.message.length))
      Atomics.store(control, CONTROL.failed, 1)
    }
    Atomics.add(control, CONTROL.done, 1)
    Atomics.notify(control, CONTROL.done)
  }
}
