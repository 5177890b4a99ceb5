// Initial weights
// ===============
//
// A network starts from random weights: if every weight were equal, every filter would
// learn the same thing. Their *scale* matters as much as their randomness. Each output of a
// layer sums `fanIn` products, so with weights of variance σ² its variance is about
// fanIn · σ² · E[x²]; pick σ² too large and signals explode layer by layer, too small and
// they fade away.
//
//   He (Kaiming) normal:    w ~ N(0, 2 / fanIn)
//       keeps the variance steady through ReLU, which zeroes half of its inputs.
//   Glorot (Xavier) uniform: w ~ U(−a, a), a = √(6 / (fanIn + fanOut))
//       a compromise between the forward pass (fanIn) and the backward pass (fanOut).
//
// For a conv layer with weights (K, C, kH, kW): fanIn = C·kH·kW, fanOut = K·kH·kW.
// For a dense layer with weights (O, F): fanIn = F, fanOut = O. Biases start at zero.
// Previous: core/rng.ts. Next: core/params.ts.

import { normal, sample, uniform, type Rng } from './rng.ts'
import { sizeOf, type Shape } from './shape.ts'
import { tensor, zeros, type Tensor } from './tensor.ts'

/** How many inputs feed each output of a layer, and how many outputs each input feeds. */
export interface Fans {
  readonly fanIn: number
  readonly fanOut: number
}

/** Draws a weight tensor of a shape, given its fans. */
export type Initializer = (shape: Shape, fans: Fans, rng: Rng) => readonly [Tensor, Rng]

/** The initialisers a layer can be asked for by name. */
export type InitName = 'he' | 'glorot' | 'zeros'

/** He normal: N(0, 2 / fanIn), made for layers followed by (leaky) ReLU (`init: 'he'`). */
export const heNormal: Initializer = (shape, { fanIn }, rng) => {
  const std = Math.sqrt(2 / fanIn)
  const [values, next] = sample(sizeOf(shape), rng, (state) => {
    const [z, after] = normal(state)
    return [z * std, after]
  })
  return [tensor(shape, values), next]
}

/** Glorot uniform: U(−a, a) with a = √(6 / (fanIn + fanOut)). The default of every layer here, as in Keras. */
export const glorotUniform: Initializer = (shape, { fanIn, fanOut }, rng) => {
  const limit = Math.sqrt(6 / (fanIn + fanOut))
  const [values, next] = sample(sizeOf(shape), rng, (state) => {
    const [u, after] = uniform(state)
    return [(2 * u - 1) * limit, after]
  })
  return [tensor(shape, values), next]
}

/**
 * All zeros. Fine for a last layer that sees a random representation (it starts as "no
 * opinion", every class equally likely), fatal anywhere symmetry must be broken.
 */
export const zerosInit: Initializer = (shape, _fans, rng) => [zeros(shape), rng]

/** The initialiser for a name. */
export const initializers: Readonly<Record<InitName, Initializer>> = {
  he: heNormal,
  glorot: glorotUniform,
  zeros: zerosInit,
}
