// One training step
// =================
//
// Everything so far meets here. One step of training on a batch (x, labels) is
//
//     logits, caches  = forward(params, x)                  the network's guess
//     loss, cache     = loss.forward(logits, labels)        how wrong it is
//     dlogits         = loss.backward(cache)                which way is "less wrong"
//     grads           = backward(params, caches, dlogits)   …for every weight
//     params', state' = optimizer.step(params, grads, state)
//
// `gradientsOf` does the first four lines and `trainStep` adds the update. Both are pure:
// parameters and optimizer state come in and new ones go out. The step also counts how many
// samples the network got right *before* the update, which is the usual running training
// accuracy. Given a `Pass` (chapter 11's layers need one), the forward pass trains, and the
// values that layers settle after the step replace the optimizer's. (The appendix computes the first four lines on several threads at once,
// parallel/threads.ts; it hands `trainStep` a function with the signature of `gradientsOf`.)
// Previous: data/split.ts. Next: train/evaluate.ts.

import type { ParamTree } from '../core/params.ts'
import { batchOf, type Tensor } from '../core/tensor.ts'
import type { Labels, Loss, Pass } from '../layers/layer.ts'
import type { Optimizer } from '../optim/optimizer.ts'
import { argmaxRows } from '../model/predict.ts'
import { backward, forward, type Network } from '../model/sequential.ts'

/** What one batch taught us: its mean loss, how many it classified right, the gradients. */
export interface Gradients {
  readonly loss: number
  readonly correct: number
  readonly grads: ParamTree
  /** Given a pass: per layer, the parameters it settles after the step (most: none). */
  readonly settled?: ParamTree | undefined
}

// How many rows of (N, J) logits have their largest score at the label.
const countCorrect = (logits: Tensor, labels: Labels): number => {
  const N = batchOf(logits)
  const predicted = argmaxRows(logits.data, N, logits.data.length / N)
  let correct = 0
  for (let n = 0; n < N; n++) if (predicted[n] === labels[n]) correct++
  return correct
}

/** The loss of a batch and its gradient with respect to every parameter. */
export const gradientsOf = (net: Network, loss: Loss, params: ParamTree, x: Tensor, labels: Labels, pass?: Pass): Gradients => {
  const [logits, caches] = forward(net, params, x, pass)
  const [value, lossCache] = loss.forward(logits, labels)
  const [, grads] = backward(net, params, caches, loss.backward(lossCache)) // ∂L/∂x is not needed
  const settled = pass && net.layers.map((layer, i) => layer.settle?.(params[i], caches[i]) ?? {})
  return { loss: value, correct: countCorrect(logits, labels), grads, settled }
}

/** Anything that computes a batch's gradients the way `gradientsOf` does. */
export type GradientsOf = typeof gradientsOf

/** The result of one step: new parameters and optimizer state, and the batch's metrics. */
export interface Stepped<S> {
  readonly params: ParamTree
  readonly state: S
  readonly loss: number
  readonly correct: number
}

/**
 * One step of gradient descent on one batch; `gradients` computes them (default:
 * `gradientsOf`, on this thread), training the layers that need a `pass`.
 */
export const trainStep = <S>(net: Network, loss: Loss, optimizer: Optimizer<S>, params: ParamTree, state: S,
  x: Tensor, labels: Labels, gradients: GradientsOf = gradientsOf, pass?: Pass): Stepped<S> => {
  const { loss: value, correct, grads, settled } = gradients(net, loss, params, x, labels, pass)
  const [learned, nextState] = optimizer.step(params, grads, state)
  const nextParams = settled === undefined ? learned : learned.map((p, i) => ({ ...p, ...settled[i] }))
  return { params: nextParams, state: nextState, loss: value, correct }
}
