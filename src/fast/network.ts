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
// Activations and pooling have no parameters, so the rearranged network has the very same
// parameter tree: it trains the same parameters. Its layer list is for computing; the
// network that is saved and drawn keeps the order written in the architecture.
// spec/fast/network.spec.ts checks forward outputs and every gradient against it.
// Previous: fast/convPool.ts. Next: fast/gather.ts.

import * as E from 'fp-ts/lib/Either.js'
import type { Layer } from '../layers/layer.ts'
import { sequential, type Network } from '../model/sequential.ts'
import { convPool, passThrough } from './convPool.ts'

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
      kernel: [Number(conv[1]), Number(conv[2])],
      pad: Number(conv[4] ?? 0),
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

/**
 * The network with its layers arranged for speed: same input and output shapes, same
 * parameter tree, the same function and gradients to rounding.
 */
export const arrangeForSpeed = (net: Network): Network => {
  const arranged = sequential(net.shapes[0], fuseConvPool(poolBeforeActivation(net.layers)))
  // Swapping a shape-keeping activation with a pooling never makes the shapes disagree.
  if (E.isLeft(arranged)) throw new Error(`arrangeForSpeed: ${arranged.left}`)
  return arranged.right
}
