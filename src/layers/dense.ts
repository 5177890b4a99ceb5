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
import { denseBackwardBias } from '../kernels/dense.ts'
import { denseBackwardInputFast, denseBackwardWeightsFast, denseForwardFast } from '../kernels/denseFast.ts'
import type { Layer } from './layer.ts'

/** A dense layer's parameters: weights (O, F) and bias (O). */
export type DenseParams = { readonly weights: Tensor; readonly bias: Tensor }

/** Options of a dense layer. */
export interface DenseOptions {
  /** How to draw the initial weights (default: Glorot uniform, as in Keras). */
  readonly init?: InitName
}

/**
 * A fully connected layer with `outputs` outputs and a bias.
 * @example dense(10).outShape([1, 13, 13]) // right([10])
 */
export const dense = (outputs: number, options: DenseOptions = {}): Layer<DenseParams, Tensor> => {
  const init = initializers[options.init ?? 'glorot']
  const sizes = (x: Tensor) => ({ N: batchOf(x), F: x.data.length / batchOf(x) })
  const dParams = (cache: Tensor, dy: Tensor): DenseParams => {
    const { N, F } = sizes(cache)
    return {
      weights: tensor([outputs, F], denseBackwardWeightsFast(dy.data, cache.data, N, F, outputs)),
      bias: tensor([outputs], denseBackwardBias(dy.data, N, outputs)),
    }
  }
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
      const y = denseForwardFast(x.data, params.weights.data, params.bias.data, N, F, outputs)
      return [tensor([N, outputs], y), x]
    },
    backward: (params, x, dy) => {
      const { N, F } = sizes(x)
      const dx = denseBackwardInputFast(dy.data, params.weights.data, N, F, outputs)
      return [tensor(x.shape, dx), dParams(x, dy)]
    },
    paramGradients: (_params, x, dy) => dParams(x, dy),
  }
}
