// A worker thread that computes gradients
// =======================================
//
// The other half of cli/workerPool.ts. Each worker thread runs this file: it rebuilds the
// network from the architecture string, wraps the shared training images (one
// SharedArrayBuffer, never copied), and then answers requests from the main thread:
//
//     { kind: 'gradients', params, indices }  →  { loss, correct, grads }   for its shard of a batch
//     { kind: 'predict',   params, indices }  →  { predicted, probabilities } for its share of the test set
//
// Parameters arrive and gradients leave as one flat Float32Array (core/params.ts). All the
// arithmetic is the same pure code the main thread would run; the worker only holds the
// network description and the data between messages, never any training state.
// Previous: cli/workerPool.ts. Next: cli/train.ts.

import { parentPort, workerData } from 'node:worker_threads'
import * as E from 'fp-ts/lib/Either.js'
import { flattenTree, unflattenTree } from '../core/params.ts'
import { seedRng } from '../core/rng.ts'
import type { Dataset } from '../data/dataset.ts'
import { softmaxCrossEntropy } from '../layers/softmaxCrossEntropy.ts'
import { initParams } from '../model/sequential.ts'
import { evaluate } from '../train/evaluate.ts'
import { gatherBatch } from '../data/dataset.ts'
import { gradientsOf } from '../train/step.ts'
import { buildNetwork } from './experiment.ts'

/** What a worker is started with. */
export interface WorkerSetup {
  readonly arch: string
  readonly data: Dataset // images on a SharedArrayBuffer
}

/** A request from the main thread. */
export type WorkerRequest =
  | { readonly kind: 'gradients'; readonly params: Float32Array; readonly indices: Int32Array }
  | { readonly kind: 'predict'; readonly params: Float32Array; readonly indices: Int32Array }

/** A worker's answer. */
export type WorkerAnswer =
  | { readonly kind: 'gradients'; readonly loss: number; readonly correct: number; readonly grads: Float32Array }
  | { readonly kind: 'predict'; readonly predicted: Uint8Array; readonly probabilities: Float32Array }

const setup = workerData as WorkerSetup
const built = buildNetwork(setup.arch, [1, setup.data.rows, setup.data.cols], setup.data.classes)
if (E.isLeft(built)) throw new Error(built.left)
const net = built.right
// Parameters travel flat; this tree only lends them their shapes.
const shapes = initParams(net, seedRng(0))[0]

parentPort?.on('message', (request: WorkerRequest) => {
  const params = unflattenTree(request.params, shapes)
  if (request.kind === 'gradients') {
    const { x, labels } = gatherBatch(setup.data, request.indices, 0, request.indices.length)
    const { loss, correct, grads } = gradientsOf(net, softmaxCrossEntropy, params, x, labels)
    const flat = flattenTree(grads)
    const answer: WorkerAnswer = { kind: 'gradients', loss, correct, grads: flat }
    parentPort?.postMessage(answer, [flat.buffer])
  } else {
    const evaluation = evaluate(net, params, setup.data, request.indices)
    // Copies with buffers of their own, which can be handed over without copying again.
    const predicted = evaluation.predicted.slice()
    const probabilities = evaluation.probabilities.slice()
    const answer: WorkerAnswer = { kind: 'predict', predicted, probabilities }
    parentPort?.postMessage(answer, [predicted.buffer, probabilities.buffer])
  }
})
