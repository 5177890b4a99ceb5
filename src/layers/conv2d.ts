// Convolution layer
// =================
//
// Wraps kernels/conv2d.ts as a layer: K filters of kH×kW slide over a (C, H, W) input with
// a stride and zero padding, giving a (K, oH, oW) output per sample. The original network
// has a single 3×3 filter without bias: conv3x3x1 turns a 1×28×28 digit into a 1×26×26 map.
//
// Parameters: weights (K, C, kH, kW) and, optionally, bias (K); cache: the input x.
// Shapes: x (N, C, H, W) → y (N, K, oH, oW), oH = ⌊(H + 2p − kH)/s⌋ + 1.
// Building checks that the input has three axes and that the kernel fits inside the padded
// image; either problem is an error naming the layer and the shape it was given.
// Previous: layers/activations.ts. Next: layers/maxPool.ts.

import * as E from 'fp-ts/lib/Either.js'
import { initializers, type InitName } from '../core/init.ts'
import { showShape, type Shape } from '../core/shape.ts'
import { batchOf, tensor, zeros, type Tensor } from '../core/tensor.ts'
import { conv2dKernels, convGeometry, type Conv2dKernels, type ConvGeometry } from '../kernels/conv2d.ts'
import type { Layer } from './layer.ts'

/** A convolution's parameters: weights (K, C, kH, kW), and bias (K) when it has one. */
export type ConvParams = { readonly weights: Tensor; readonly bias?: Tensor }

/** The hyperparameters of a convolution. */
export interface ConvOptions {
  /** Number of filters K (output channels). */
  readonly filters: number
  /** Kernel height and width. */
  readonly kernelSize: readonly [number, number]
  /** Step between neighbouring positions (default 1). */
  readonly stride?: number
  /** Zeros added around each side of the image (default 0). */
  readonly padding?: number
  /** Whether each filter adds a learned bias (default false, as in the original network). */
  readonly bias?: boolean
  /** How to draw the initial weights (default: Glorot uniform, as in Keras). */
  readonly init?: InitName
  /** The kernels that compute it (default: the plain loops of kernels/conv2d.ts). */
  readonly kernels?: Conv2dKernels
}

/**
 * A 2-D convolution layer.
 * @example conv2d({ filters: 1, kernelSize: [3, 3] }).outShape([1, 28, 28]) // right([1, 26, 26])
 */
export const conv2d = (options: ConvOptions): Layer<ConvParams, Tensor> => {
  const { filters: K, kernelSize: [kH, kW], stride = 1, padding: pad = 0, bias = false } = options
  const init = initializers[options.init ?? 'glorot']
  const kernels = options.kernels ?? conv2dKernels
  const name = `conv${kH}x${kW}x${K}${pad ? `p${pad}` : ''}${stride !== 1 ? `s${stride}` : ''}${bias ? 'b' : ''}`
  const geometryOf = (inShape: Shape): ConvGeometry => convGeometry(inShape[0], inShape[1], inShape[2], K, kH, kW, stride, pad)
  return {
    name,
    outShape: (inShape) => {
      if (inShape.length !== 3) return E.left(`${name} needs an input of shape [C, H, W], got ${showShape(inShape)}`)
      const g = geometryOf(inShape)
      if (g.oH < 1 || g.oW < 1) {
        return E.left(`${name}: a ${kH}×${kW} kernel does not fit the ${showShape(inShape)} input with padding ${pad}`)
      }
      return E.right([K, g.oH, g.oW])
    },
    paramShapes: (inShape) => ({ weights: [K, inShape[0], kH, kW], ...(bias ? { bias: [K] } : {}) }),
    init: (inShape, rng) => {
      const C = inShape[0]
      const [weights, next] = init([K, C, kH, kW], { fanIn: C * kH * kW, fanOut: K * kH * kW }, rng)
      return [bias ? { weights, bias: zeros([K]) } : { weights }, next]
    },
    forward: (params, x) => {
      const g = geometryOf(x.shape.slice(1))
      const N = batchOf(x)
      const y = kernels.forward(g, x.data, params.weights.data, params.bias?.data, N)
      return [tensor([N, K, g.oH, g.oW], y), x]
    },
    backward: (params, x, dy) => {
      const g = geometryOf(x.shape.slice(1))
      const [dx, dWeights] = kernels.backward(g, dy.data, x.data, params.weights.data, batchOf(x))
      const weights = tensor([K, g.C, kH, kW], dWeights)
      return [tensor(x.shape, dx), bias ? { weights, bias: tensor([K], kernels.backwardBias(g, dy.data, batchOf(dy))) } : { weights }]
    },
  }
}
