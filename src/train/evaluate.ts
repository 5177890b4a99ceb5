// Measuring a network
// ===================
//
// To know how good a network is, run it on images it never trained on and count how often
// its best guess is the true label. Evaluation needs no gradients, so it can take the test
// set in batches (128 images at a time keeps memory small and the kernels busy). Alongside the accuracy it returns every prediction and its probabilities, which
// the report and the pictures are made from.
// Shapes: indices (M) into the data set → predicted (M), probabilities (M, J).
// Previous: train/step.ts. Next: train/loop.ts.

import { float32 } from '../core/memory.ts'
import type { ParamTree } from '../core/params.ts'
import { gatherBatch, type Dataset } from '../data/dataset.ts'
import { softmaxCrossEntropy } from '../layers/softmaxCrossEntropy.ts'
import { argmaxRows, logitsOf } from '../model/predict.ts'
import { outputShapeOf, type Network } from '../model/sequential.ts'

/** The network's verdict on a set of samples. */
export interface Evaluation {
  /** Predicted class of each sample, in the order of the indices. */
  readonly predicted: Uint8Array
  /** True class of each sample. */
  readonly labels: Uint8Array
  /** Softmax probabilities (M, J). */
  readonly probabilities: Float32Array
  readonly accuracy: number
  /** The mean cross-entropy loss over the samples, from the scores (NaN without samples). */
  readonly loss: number
}

/** Predicts every sample listed in `indices`, `batchSize` at a time (default 128). */
export const evaluate = (net: Network, params: ParamTree, data: Dataset, indices: Readonly<Int32Array>, batchSize = 128): Evaluation => {
  const M = indices.length
  const J = outputShapeOf(net)[0]
  if (J > 256) throw new RangeError(`evaluate: the network has ${J} classes, but labels are bytes: at most 256`)
  const predicted = new Uint8Array(M)
  const labels = new Uint8Array(M)
  const probabilities = float32(M * J)
  let [correct, lossSum] = [0, 0]
  for (let start = 0; start < M; start += batchSize) {
    const end = Math.min(start + batchSize, M)
    const batch = gatherBatch(data, indices, start, end)
    // The loss from the scores, as in training (never −ln of a rounded probability).
    const [loss, { probs }] = softmaxCrossEntropy.forward(logitsOf(net, params, batch.x), batch.labels)
    const guesses = argmaxRows(probs.data, end - start, J)
    probabilities.set(probs.data, start * J)
    predicted.set(guesses, start)
    labels.set(batch.labels, start)
    lossSum += loss * (end - start)
    for (let n = 0; n < end - start; n++) if (guesses[n] === batch.labels[n]) correct++
  }
  return { predicted, labels, probabilities, accuracy: M === 0 ? Number.NaN : correct / M, loss: M === 0 ? Number.NaN : lossSum / M }
}
