// Training on every core
// ======================
//
// Data parallelism: each mini-batch is cut into one contiguous shard per worker thread,
// every worker computes the mean loss and gradients of its shard with the same pure code
// (cli/gradientWorker.ts), and the main thread combines them and takes the optimizer step:
//
//     g = Σ_w (n_w / n) · g_w        (n_w samples in shard w, n in the batch)
//
// which is exactly the gradient of the whole batch, up to the order of float additions.
// The shards are summed in worker order, never in order of arrival, so a run is
// deterministic for a given seed and number of workers. The training images live in one
// SharedArrayBuffer that every worker reads; per step only the parameters (one flat array)
// go out and the gradients come back. Test-set evaluation is shared out the same way.
//
// The pool is an execution detail: to the training loop it is just a GradientEngine
// (train/step.ts) whose answers arrive as promises.
// Previous: cli/experiment.ts. Next: cli/gradientWorker.ts.

import { Worker } from 'node:worker_threads'
import { flattenTree, unflattenTree, type ParamTree } from '../core/params.ts'
import { float32 } from '../core/memory.ts'
import type { Dataset } from '../data/dataset.ts'
import type { Evaluation } from '../train/evaluate.ts'
import type { GradientEngine, Gradients } from '../train/step.ts'
import type { WorkerAnswer, WorkerRequest, WorkerSetup } from './gradientWorker.ts'

/** A pool of worker threads that computes gradients and predictions. */
export interface WorkerPool extends GradientEngine {
  readonly size: number
  gradients(params: ParamTree, order: Readonly<Int32Array>, start: number, end: number): Promise<Gradients>
  /** Predictions for the samples `indices`, shared out among the workers. */
  evaluate(params: ParamTree, indices: Readonly<Int32Array>, classes: number): Promise<Evaluation>
  /** Stops every worker. */
  close(): Promise<void>
}

/** The same data set with its images moved to shared memory, so that workers can read them. */
export const shareImages = (data: Dataset): Dataset => {
  if (data.images.buffer instanceof SharedArrayBuffer) return data
  const images = new Uint8Array(new SharedArrayBuffer(data.images.length))
  images.set(data.images)
  return { ...data, images }
}

/** Cuts [start, end) into `parts` contiguous ranges whose sizes differ by at most one. */
export const shards = (start: number, end: number, parts: number): readonly (readonly [number, number])[] => {
  const n = end - start
  const count = Math.max(1, Math.min(parts, n))
  return Array.from({ length: count }, (_, w) => [start + Math.floor((w * n) / count), start + Math.floor(((w + 1) * n) / count)] as const)
}

// Starting a worker: the worker file is TypeScript, and a new thread starts without the
// main thread's TypeScript loader. So it starts with two lines of JavaScript that register
// `tsx` (the loader our scripts run under) and then import the worker file.
const startWorker = (setup: WorkerSetup): Worker => {
  const entry = new URL('./gradientWorker.ts', import.meta.url).href
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}\nregister()\nawait import(${JSON.stringify(entry)})\n`
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData: setup })
}

// One request to one worker, answered by its next message.
const ask = (worker: Worker, request: WorkerRequest): Promise<WorkerAnswer> =>
  new Promise((resolve, reject) => {
    const onMessage = (answer: WorkerAnswer) => {
      worker.off('error', onError)
      resolve(answer)
    }
    const onError = (error: Error) => {
      worker.off('message', onMessage)
      reject(error)
    }
    worker.once('message', onMessage)
    worker.once('error', onError)
    worker.postMessage(request)
  })

/** Starts `size` workers for a network (by architecture string) and a data set. */
export const createWorkerPool = (size: number, arch: string, data: Dataset): WorkerPool => {
  const shared = shareImages(data)
  const workers = Array.from({ length: size }, () => startWorker({ arch, data: shared }))
  return {
    size,
    gradients: async (params, order, start, end) => {
      const flat = flattenTree(params)
      const parts = shards(start, end, size)
      const answers = await Promise.all(
        parts.map(([from, to], w) => ask(workers[w], { kind: 'gradients', params: flat, indices: order.slice(from, to) })),
      )
      // Combine in worker order: g = Σ_w (n_w / n) · g_w, likewise the mean loss.
      const n = end - start
      const grads = new Float32Array(flat.length)
      let loss = 0
      let correct = 0
      answers.forEach((answer, w) => {
        if (answer.kind !== 'gradients') throw new Error('worker pool: unexpected answer')
        const share = (parts[w][1] - parts[w][0]) / n
        for (let i = 0; i < grads.length; i++) grads[i] += share * answer.grads[i]
        loss += share * answer.loss
        correct += answer.correct
      })
      return { loss, correct, grads: unflattenTree(grads, params) }
    },
    evaluate: async (params, indices, classes) => {
      const flat = flattenTree(params)
      const parts = shards(0, indices.length, size)
      const answers = await Promise.all(
        parts.map(([from, to], w) => ask(workers[w], { kind: 'predict', params: flat, indices: indices.slice(from, to) })),
      )
      const predicted = new Uint8Array(indices.length)
      const probabilities = float32(indices.length * classes)
      const labels = new Uint8Array(indices.length)
      answers.forEach((answer, w) => {
        if (answer.kind !== 'predict') throw new Error('worker pool: unexpected answer')
        predicted.set(answer.predicted, parts[w][0])
        probabilities.set(answer.probabilities, parts[w][0] * classes)
      })
      let correct = 0
      for (let i = 0; i < indices.length; i++) {
        labels[i] = shared.labels[indices[i]]
        if (predicted[i] === labels[i]) correct++
      }
      return { predicted, labels, probabilities, accuracy: indices.length === 0 ? Number.NaN : correct / indices.length }
    },
    close: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()))
    },
  }
}
