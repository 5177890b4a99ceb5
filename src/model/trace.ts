// What each layer made of an input, and what the loss asks of it
// ===============================================================
//
// The pictures of the next files show what the data looks like after each stage of the
// network: the convolution's feature maps, the same after the activation, after pooling,
// and the final probabilities. `forwardTrace` runs a batch through the network like
// model/sequential.ts's `forward`, but keeps every layer's output instead of its cache.
// Shapes: x (N, …input) → one tensor per layer, outputs[i] (N, …net.shapes[i + 1]).
//
// `backwardTrace` is the same for the way back. It runs the forward pass keeping both the
// outputs and the caches, starts from ∂L/∂logits (the softmax cross-entropy's p − onehot, or
// any gradient of the logits you give it), and calls the layers' own `backward` functions
// right to left, as sequential.ts's `backward` does, but keeps every step:
//
//     dOutputs[i] = ∂L/∂(output of layer i)      same shape as outputs[i]
//     dInput      = ∂L/∂x                        same shape as x: for an image, a *saliency*
//                                                map, which pixels the loss is most sensitive to
//     grads[i]    = ∂L/∂(parameters of layer i)  exactly what sequential.backward returns
//
// The page's panel "Watch it learn" draws all of them and explains each number by the chain
// rule from its neighbours (site/backwardArithmetic.ts).
// Previous: report/metrics.ts. Next: plot/svg.ts.

import type { ParamTree } from '../core/params.ts'
import type { Tensor } from '../core/tensor.ts'
import type { Labels } from '../layers/layer.ts'
import { softmaxCrossEntropy } from '../layers/softmaxCrossEntropy.ts'
import type { Caches, Network } from './sequential.ts'

/**
 * The output of every layer for a batch, in order: what the data looks like after each
 * stage (the pictures of feature maps are made from it).
 */
export const forwardTrace = (net: Network, params: ParamTree, x: Tensor): readonly Tensor[] => {
  const outputs: Tensor[] = []
  let y = x
  for (let i = 0; i < net.layers.length; i++) {
    y = net.layers[i].forward(params[i], y)[0]
    outputs.push(y)
  }
  return outputs
}

/** Everything one forward and backward pass computed, layer by layer. */
export interface BackwardTrace {
  /** outputs[i]: the output of layer i (the last one is the logits). */
  readonly outputs: readonly Tensor[]
  /** caches[i]: what layer i's forward kept for its backward (pool winners, inputs, …). */
  readonly caches: Caches
  /** The mean softmax cross-entropy loss, when labels were given. */
  readonly loss: number | undefined
  /** The softmax probabilities (N, classes), when labels were given. */
  readonly probs: Tensor | undefined
  /** dOutputs[i] = ∂L/∂outputs[i]; the last is the gradient of the logits that started it all. */
  readonly dOutputs: readonly Tensor[]
  /** ∂L/∂x, in x's shape: for an image, its saliency map. */
  readonly dInput: Tensor
  /** grads[i] = ∂L/∂params[i], one record per layer, as sequential.backward returns them. */
  readonly grads: ParamTree
}

/**
 * The forward and backward pass of a batch x (N, …input), every step kept. `target` is
 * either the labels (N), and the loss is softmax cross-entropy averaged over the batch, or
 * a gradient of the logits (N, classes) to start from.
 * @example backwardTrace(net, params, x, Uint8Array.of(3)).dInput // ∂(−ln p_3)/∂x
 */
export const backwardTrace = (net: Network, params: ParamTree, x: Tensor, target: Labels | Tensor): BackwardTrace => {
  const n = net.layers.length
  const outputs = new Array<Tensor>(n)
  const caches = new Array<unknown>(n)
  let y = x
  for (let i = 0; i < n; i++) {
    const [out, cache] = net.layers[i].forward(params[i], y)
    outputs[i] = out
    caches[i] = cache
    y = out
  }
  let loss: number | undefined
  let probs: Tensor | undefined
  let d: Tensor
  if ('shape' in target) {
    d = target
  } else {
    const [value, cache] = softmaxCrossEntropy.forward(y, target)
    loss = value
    probs = cache.probs
    d = softmaxCrossEntropy.backward(cache)
  }
  const dOutputs = new Array<Tensor>(n)
  const grads = new Array<ParamTree[number]>(n)
  for (let i = n - 1; i >= 0; i--) {
    dOutputs[i] = d
    const [dx, dParams] = net.layers[i].backward(params[i], caches[i], d)
    grads[i] = dParams
    d = dx
  }
  return { outputs, caches, loss, probs, dOutputs, dInput: d, grads }
}
