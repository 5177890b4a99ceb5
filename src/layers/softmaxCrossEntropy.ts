// Softmax cross-entropy loss
// ==========================
//
// Wraps kernels/softmaxCrossEntropy.ts as the loss at the end of a network: it takes the
// class scores (N, J) and the labels (N) and returns the mean cross-entropy, and its
// backward gives ∂L/∂logits = (p − onehot) / N to start backpropagation with.
// The cache keeps the probabilities, which are also what a prediction reports.
// Previous: layers/flatten.ts. Next: model/sequential.ts.

import { batchOf, tensor, type Tensor } from '../core/tensor.ts'
import { softmaxCrossEntropyBackward, softmaxCrossEntropyForward } from '../kernels/softmaxCrossEntropy.ts'
import type { Labels, Loss } from './layer.ts'

/** What backward needs: the probabilities (N, J), whose shape is the logits', and the labels (N). */
export interface SoftmaxCache {
  readonly probs: Tensor
  readonly labels: Labels
}

/**
 * Softmax followed by cross-entropy, averaged over the batch.
 * @example softmaxCrossEntropy.forward(fromNumbers([1, 2], [0, 0]), Uint8Array.of(1))[0] // ln 2 ≈ 0.693
 */
export const softmaxCrossEntropy: Loss<SoftmaxCache> = {
  name: 'softmax-cross-entropy',
  forward: (logits, labels) => {
    const N = batchOf(logits)
    const J = logits.data.length / N
    if (labels.length !== N) throw new RangeError(`softmaxCrossEntropy: ${N} rows of logits but ${labels.length} labels`)
    for (let n = 0; n < N; n++) {
      if (labels[n] >= J) throw new RangeError(`softmaxCrossEntropy: label ${labels[n]} is not one of the ${J} classes`)
    }
    const [loss, probs] = softmaxCrossEntropyForward(logits.data, labels, N, J)
    return [loss, { probs: tensor(logits.shape, probs), labels }]
  },
  backward: ({ probs, labels }) => {
    const N = batchOf(probs)
    return tensor(probs.shape, softmaxCrossEntropyBackward(probs.data, labels, N, probs.data.length / N))
  },
}
