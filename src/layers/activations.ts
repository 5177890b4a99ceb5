// Activation layers
// =================
//
// The kernels of kernels/activations.ts as layers. They have no parameters and keep the
// shape: x (N, …) → y (N, …).
//
//     relu          max(0, x)                     cache: x (its sign is the mask)
//     leakyRelu(α)  x if x > 0, else α·x          cache: x
//     tanh          tanh x                        cache: y (slope 1 − y²)
//     sigmoid       1 / (1 + e^(−x))              cache: y (slope y·(1 − y))
//
// The original network uses leaky ReLU with α = 0.01: negative inputs keep a small slope,
// so a unit that goes negative can still learn its way back.
// Previous: layers/dense.ts. Next: layers/conv2d.ts.

import * as E from 'fp-ts/lib/Either.js'
import { tensor } from '../core/tensor.ts'
import type { Floats, ReadonlyFloats } from '../core/memory.ts'
import { activationKernels, type ActivationKernels } from '../kernels/activations.ts'
import type { Layer, NoParams } from './layer.ts'

// All four share one shape: an element-wise forward that also picks what to cache, and a
// backward from that cache and dy.
const elementwise = (
  name: string,
  forward: (x: ReadonlyFloats) => readonly [Floats, ReadonlyFloats],
  backward: (cached: ReadonlyFloats, dy: ReadonlyFloats) => Floats,
): Layer<NoParams, ReadonlyFloats> => ({
  name,
  outShape: (inShape) => E.right(inShape),
  paramShapes: () => ({}),
  init: (_inShape, rng) => [{}, rng],
  forward: (_params, x) => {
    const [y, cached] = forward(x.data)
    return [tensor(x.shape, y), cached]
  },
  backward: (_params, cached, dy) => [tensor(dy.shape, backward(cached, dy.data)), {}],
})

// Each constructor takes the kernels to compute with: the plain ones of kernels/activations.ts
// unless told otherwise (the appendix, fast/kernels.ts, has a faster set).

/**
 * Leaky ReLU with slope `alpha` for negative inputs.
 * @example leakyRelu(0.01).name === 'lrelu'
 */
export const leakyRelu = (alpha: number, kernels: ActivationKernels = activationKernels): Layer<NoParams, ReadonlyFloats> =>
  elementwise(
    alpha === 0.01 ? 'lrelu' : `lrelu${alpha}`,
    (x) => [kernels.leakyReluForward(x, alpha), x],
    (x, dy) => kernels.leakyReluBackward(x, dy, alpha),
  )

/** ReLU: max(0, x), a leaky ReLU without the leak. */
export const relu = (kernels: ActivationKernels = activationKernels): Layer<NoParams, ReadonlyFloats> => ({
  ...leakyRelu(0, kernels),
  name: 'relu',
})

// tanh and sigmoid keep their output y as the cache: their slopes are cheapest from it.
const outputIsCache = (y: Floats): readonly [Floats, ReadonlyFloats] => [y, y]

/** The hyperbolic tangent, squashing into (−1, 1). */
export const tanh = (kernels: ActivationKernels = activationKernels): Layer<NoParams, ReadonlyFloats> =>
  elementwise('tanh', (x) => outputIsCache(kernels.tanhForward(x)), kernels.tanhBackward)

/** The logistic sigmoid, squashing into (0, 1). */
export const sigmoid = (kernels: ActivationKernels = activationKernels): Layer<NoParams, ReadonlyFloats> =>
  elementwise('sigmoid', (x) => outputIsCache(kernels.sigmoidForward(x)), kernels.sigmoidBackward)
