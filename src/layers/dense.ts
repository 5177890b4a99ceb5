// Dense layer
// ===========
//
// Wraps kernels/dense.ts as a layer: `dense(10)` maps whatever comes in to 10 outputs.
// It reads each sample as one flat row of F = C·H·W numbers (in NCHW that is free), so it
// can follow a convolution or pooling directly: in the original network it takes the
// 13×13 pooled map, F = 169, to the 10 class scores.
//
// Parameters: weights (O, F) and bias (O); cache: the input x, which dWeights needs.
// Shapes: x (N, …) → y (N, O).
// Previous: layers/layer.ts. Next: layers/activations.ts.

import * as E from 'fp-ts/lib/Either.js'
import { initializers, type InitName } from '../core/init.ts'
import { sizeOf } from '../core/shape.ts'
import { batchOf, tensor, zeros, type Tensor } from '../core/tensor.ts'
import { denseKernels, type DenseKernels } from '../kernels/dense.ts'
import type { Layer } from './layer.ts'

/** A dense layer's parameters: weights (O, F) and bias (O). */
export type DenseParams = { readonly weights: Tensor; readonly bias: Tensor }

/** Options of a dense layer. */
export interface DenseOptions {
  /** How to draw the initial weights (default: Glorot uniform, as in Keras). */
  readonly init?: InitName
  /** The kernels that compute it (default: the plain loops of kernels/dense.ts). */
  readonly kernels?: DenseKernels
}

/**
 * A fully connected layer with `outputs` outputs and a bias.
 * @example dense(10).outShape([1, 13, 13]) // right([10])
 */
export const dense = (outputs: number, options: DenseOptions = {}): Layer<DenseParams, Tensor> => {
  const init = initializers[options.init ?? 'glorot']
  const kernels = options.kernels ?? denseKernels
  const sizes = (x: Tensor) => ({ N: batchOf(x), F: x.data.length / batchOf(x) })
  return {
    name: `dense${outputs}`,
    outShape: () => E.right([outputs]),
    paramShapes: (inShape) => ({ weights: [outputs, sizeOf(inShape)], bias: [outputs] }),
    init: (inShape, rng) => {
      const F = sizeOf(inShape)
      const [weights, next] = init([outputs, F], { fanIn: F, fanOut: outputs }, rng)
      return [{ weights, bias: zeros([outputs]) }, next]
    },
    forward: (params, x) => {
      const { N, F } = sizes(x)
      const y = kernels.forward(x.data, params.weights.data, params.bias.data, N, F, outputs)
      return [tensor([N, outputs], y), x]
    },
    backward: (params, x, dy) => {
      const { N, F } = sizes(x)
      const [dx, dWeights, dBias] = kernels.backward(dy.data, x.data, params.weights.data, N, F, outputs)
      return [tensor(x.shape, dx), { weights: tensor([outputs, F], dWeights), bias: tensor([outputs], dBias) }]
    },
  }
}
