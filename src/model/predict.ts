// Predictions
// ===========
//
// A trained classifier answers with the class of highest score. Softmax never changes
// which score is largest, so the prediction is simply the argmax of the logits; the
// probabilities (softmax) are there for when you want to know how sure the network is.
// Shapes: x (N, …) → logits (N, J) → probabilities (N, J), classes (N).
// Previous: model/arch.ts. Next: check/layers.ts.

import type { ReadonlyFloats } from '../core/memory.ts'
import type { ParamTree } from '../core/params.ts'
import { batchOf, tensor, type Tensor } from '../core/tensor.ts'
import { softmax } from '../kernels/softmaxCrossEntropy.ts'
import { forward, type Network } from './sequential.ts'

/**
 * The index of the largest value in each row of an (N, J) array; the first one on ties. The
 * indices are 32-bit integers, so that class 299 of 300 stays 299 (a byte would wrap it to 43).
 * @example argmaxRows([0.1, 0.7, 0.2, 0.5, 0.4, 0.1], 2, 3) // [1, 0]
 */
export const argmaxRows = (values: ReadonlyFloats, N: number, J: number): Int32Array => {
  const classes = new Int32Array(N)
  for (let n = 0; n < N; n++) {
    let best = 0
    for (let j = 1; j < J; j++) if (values[n * J + j] > values[n * J + best]) best = j
    classes[n] = best
  }
  return classes
}

/** The network's scores for a batch. */
export const logitsOf = (net: Network, params: ParamTree, x: Tensor): Tensor => forward(net, params, x)[0]

/** The class probabilities (softmax of the scores) for a batch. */
export const probabilitiesOf = (net: Network, params: ParamTree, x: Tensor): Tensor => {
  const logits = logitsOf(net, params, x)
  const N = batchOf(logits)
  return tensor(logits.shape, softmax(logits.data, N, logits.data.length / N))
}

/** The predicted class of every sample in a batch. */
export const classify = (net: Network, params: ParamTree, x: Tensor): Int32Array => {
  const logits = logitsOf(net, params, x)
  const N = batchOf(logits)
  return argmaxRows(logits.data, N, logits.data.length / N)
}
