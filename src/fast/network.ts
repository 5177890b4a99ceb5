// Appendix: the same network, arranged for speed
// ==============================================
//
// Some rewrites of a network change nothing about what it computes but a lot about what it
// costs. The one here: a (leaky) ReLU followed by max pooling computes the same values as
// the pooling followed by the ReLU, because the activation never changes which of two
// numbers is larger:
//
//     max(act(z₁), …, act(zₙ)) = act(max(z₁, …, zₙ))       for every non-decreasing act
//
// and the gradients agree too: pooling routes dy to the window's largest z, whose slope the
// activation applies. (For a leaky ReLU the largest z is also the largest act(z); for a
// plain ReLU a window without a positive value gives slope 0 either way.) Pooling first
// means the activation, forward and backward, runs on a quarter of the numbers for 2×2
// pooling: in the original network, 169 instead of 676.
//
// The second rewrite fuses a convolution and the pooling (and activation) after it into one
// layer (fast/convPool.ts), whose backward pass starts from the pooling's winners; the pooling and activation stay in the list as
// pass-throughs, so that the parameter tree keeps its shape.
//
// The third rewrite skips work nobody uses. Backpropagation ends at the first layer with
// ∂L/∂x, the gradient of the loss with respect to the images themselves. Training never
// reads it (it changes weights, not images), and for a convolution it is half the backward
// work. So the arranged network's first layer gives only its parameters' gradients, and an
// empty tensor, `NO_INPUT_GRADIENT`, where ∂L/∂x would be. (The chapters' `backward` always
// computes ∂L/∂x: gradient checks of the input need it, and they use the network as written.)
//
// Activations and pooling have no parameters, so the rearranged network has the very same
// parameter tree: it trains the same parameters. Its layer list is for computing; the
// network that is saved and drawn keeps the order written in the architecture.
// spec/fast/network.spec.ts checks forward outputs and every parameter gradient against it.
// Previous: fast/convPool.ts. Next: fast/gather.ts.

import * as E from 'fp-ts/lib/Either.js'
import type { Params } from '../core/params.ts'
import { tensor, type Tensor } from '../core/tensor.ts'
import { convGeometry } from '../kernels/conv2d.ts'
import type { Layer } from '../layers/layer.ts'
import { sequential, type Network } from '../model/sequential.ts'
import { conv2dBackwardBiasFast, conv2dBackwardWeightsFast } from './conv2dFast.ts'
import { convPool, passThrough, type WithParamGradients } from './convPool.ts'
import { denseBackwardBiasFast, denseBackwardWeightsFast } from './denseFast.ts'
import { float32 } from './memory.ts'

// The activations that pooling commutes with exactly, by their names in the grammar.
const isReluLike = (layer: Layer): boolean => /^(?:relu|lrelu[\d.]*)$/.test(layer.name)
const isMaxPool = (layer: Layer): boolean => /^pool\d+(?:s\d+)?$/.test(layer.name)

/** The layers with every (leaky) ReLU that is directly followed by max pooling moved after it. */
export const poolBeforeActivation = (layers: readonly Layer[]): readonly Layer[] => {
  const arranged = [...layers]
  for (let i = 0; i + 1 < arranged.length; i++) {
    const [activation, pool] = [arranged[i]!, arranged[i + 1]!]
    if (isReluLike(activation) && isMaxPool(pool)) {
      arranged[i] = pool
      arranged[i + 1] = activation
      i++
    }
  }
  return arranged
}

// The layers' hyperparameters, read back from their names (which are written in the
// architecture grammar of model/arch.ts).
const CONV = /^conv(\d+)x(\d+)x(\d+)(?:p(\d+))?(?:s(\d+))?(b)?$/
const POOL = /^pool(\d+)(?:s(\d+))?$/
const slopeOf = (layer: Layer): number | undefined =>
  layer.name === 'relu' ? 0 : layer.name === 'lrelu' ? 0.01 : /^lrelu[\d.]+$/.test(layer.name) ? Number(layer.name.slice(5)) : undefined

/**
 * Every convolution that is followed by max pooling (and, after it, a (leaky) ReLU) fused
 * with them into one layer; the layers it swallowed become pass-throughs.
 */
export const fuseConvPool = (layers: readonly Layer[]): readonly Layer[] => {
  const fused = [...layers]
  for (let i = 0; i + 1 < fused.length; i++) {
    const conv = CONV.exec(fused[i]!.name)
    const pool = POOL.exec(fused[i + 1]!.name)
    if (conv === null || pool === null) continue
    const slope = i + 2 < fused.length ? slopeOf(fused[i + 2]!) : undefined
    const size = Number(pool[1])
    const swallowed = slope === undefined ? 1 : 2
    fused[i] = convPool({
      filters: Number(conv[3]),
      kernelSize: [Number(conv[1]), Number(conv[2])],
      padding: Number(conv[4] ?? 0),
      stride: Number(conv[5] ?? 1),
      bias: conv[6] === 'b',
      poolSize: size,
      poolStride: Number(pool[2] ?? size),
      slope: slope ?? 1,
      name: fused.slice(i, i + 1 + swallowed).map((layer) => layer.name).join('+'),
    })
    for (let j = 1; j <= swallowed; j++) fused[i + j] = passThrough(fused[i + j]!.name)
    i += swallowed
  }
  return fused
}

/** What the arranged network's first layer returns in place of ∂L/∂x, which training never reads. */
export const NO_INPUT_GRADIENT: Tensor = tensor([0], float32(0))

type ParamGradients = (params: Params, cache: unknown, dy: Tensor) => Params

const hasParamGradients = (layer: Layer): layer is WithParamGradients<Params, unknown> =>
  typeof (layer as Partial<WithParamGradients<Params, unknown>>).paramGradients === 'function'

// A first layer's parameter gradients alone. The fused layer offers them; a convolution or a
// dense layer keeps its input x as its cache, from which the fast kernels' weight-only loops
// compute them (the same loops their full backward pass runs, so the same numbers).
const paramGradientsOf = (layer: Layer): ParamGradients | undefined => {
  if (hasParamGradients(layer)) return (params, cache, dy) => layer.paramGradients(params, cache, dy)
  const conv = CONV.exec(layer.name)
  if (conv !== null) {
    const [kH, kW, K, pad, stride] = [conv[1], conv[2], conv[3], conv[4] ?? 0, conv[5] ?? 1].map(Number) as [number, number, number, number, number]
    return (_params, cache, dy) => {
      const x = cache as Tensor // (N, C, H, W)
      const [N, C, H, W] = x.shape as [number, number, number, number]
      const g = convGeometry(C, H, W, K, kH, kW, stride, pad)
      const weights = tensor([K, C, kH, kW], conv2dBackwardWeightsFast(g, dy.data, x.data, N))
      return conv[6] === 'b' ? { weights, bias: tensor([K], conv2dBackwardBiasFast(g, dy.data, N)) } : { weights }
    }
  }
  const dense = /^dense(\d+)$/.exec(layer.name)
  if (dense !== null) {
    const O = Number(dense[1])
    return (_params, cache, dy) => {
      const x = cache as Tensor // (N, …): F numbers per sample
      const N = x.shape[0]!
      const F = x.data.length / N
      return { weights: tensor([O, F], denseBackwardWeightsFast(dy.data, x.data, N, F, O)), bias: tensor([O], denseBackwardBiasFast(dy.data, N, O)) }
    }
  }
  return undefined
}

/** The layers with the first one giving its parameters' gradients only, where it can. */
export const skipInputGradient = (layers: readonly Layer[]): readonly Layer[] => {
  const [first, ...rest] = layers
  const grads = first === undefined ? undefined : paramGradientsOf(first)
  if (first === undefined || grads === undefined) return layers
  return [{ ...first, backward: (params, cache, dy) => [NO_INPUT_GRADIENT, grads(params, cache, dy)] }, ...rest]
}

/**
 * The network with its layers arranged for speed: same input and output shapes, same
 * parameter tree, the same function and parameter gradients to rounding.
 */
export const arrangeForSpeed = (net: Network): Network => {
  const arranged = sequential(net.shapes[0], skipInputGradient(fuseConvPool(poolBeforeActivation(net.layers))))
  // Swapping a shape-keeping activation with a pooling never makes the shapes disagree.
  if (E.isLeft(arranged)) throw new Error(`arrangeForSpeed: ${arranged.left}`)
  return arranged.right
}
