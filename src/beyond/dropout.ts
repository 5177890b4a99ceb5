// Dropout
// =======
//
// A network with enough weights can learn the training set by heart: units come to rely on
// the exact values of a few others, and what they learn does not carry over to new images.
// Dropout (Srivastava et al., 2014) breaks such partnerships. While training, every number
// that enters the layer is dropped, set to 0, with probability p, independently, anew at every
// step; those that stay are scaled by 1/(1 − p), so that the expected output is the input:
//
//     y = x · m / (1 − p)       m ∈ {0, 1},  P(m = 1) = 1 − p,   E[y] = x
//     dx = dy · m / (1 − p)     (the same mask: a dropped number passed nothing on)
//
// Predicting, the layer is the identity: every unit is there, at its usual scale. This is
// "inverted" dropout, the kind PyTorch and TensorFlow use; the original paper scaled the
// weights at prediction time instead. Shapes: any, x (N, …) → y (N, …). docs/math/dropout.md
// derives it.
//
// Where does the mask come from? Not from a generator hidden in the layer: the forward pass
// is given a `Pass` (layers/layer.ts), and the mask of the j-th number of sample n is
//
//     dropped  ⇔  uniformAt(pass.key, pass.layer, pass.first + n, j) < p
//
// a pure function of the step's key, the layer's place, the sample's place in the whole batch
// and the number's place in the sample (beyond/random.ts). The same step drops the same
// numbers whether the batch is computed by one thread or cut into shards for several, and a
// gradient check can hold the mask still by holding the pass still. The cache is the mask
// itself, already scaled: 0 or 1/(1 − p) per number.
// Previous: beyond/random.ts. Next: beyond/batchNorm.ts.

import * as E from 'fp-ts/lib/Either.js'
import { floatsLike, type Floats, type ReadonlyFloats } from '../core/memory.ts'
import { batchOf, tensor, type Tensor } from '../core/tensor.ts'
import type { Layer, NoParams, Pass } from '../layers/layer.ts'
import { uniformAt } from './random.ts'

/**
 * The scaled mask of a batch of N samples of `size` numbers each: 0 where a number is
 * dropped, 1/(1 − p) where it stays (in the precision of `like`).
 */
export const dropoutMask = (like: ReadonlyFloats, N: number, size: number, p: number, pass: Pass): Floats => {
  const mask = floatsLike(like, N * size)
  const scale = 1 / (1 - p)
  for (let n = 0; n < N; n++) {
    for (let j = 0; j < size; j++) {
      mask[n * size + j] = uniformAt(pass.key, pass.layer, pass.first + n, j) < p ? 0 : scale
    }
  }
  return mask
}

// x · mask, number by number (also the backward pass, with dy for x).
const times = (x: ReadonlyFloats, mask: ReadonlyFloats): Floats => {
  const y = floatsLike(x, x.length)
  for (let i = 0; i < x.length; i++) y[i] = x[i] * mask[i]
  return y
}

/** The spelling of a drop probability in the grammar: `drop0.5`, `drop0.25`. */
export const dropoutName = (p: number): string => `drop${p}`

/**
 * Dropout with drop probability p, 0 ≤ p < 1: given a training pass, zeroes each number with
 * probability p and scales the rest by 1/(1 − p); without one (predicting), the identity.
 * @example dropout(0.5).forward({}, x)           // [x, undefined]: predicting
 *          dropout(0.5).forward({}, x, pass)     // about half of x zeroed, the rest doubled
 */
export const dropout = (p: number): Layer<NoParams, Floats | undefined> => {
  if (!(p >= 0 && p < 1)) throw new RangeError(`dropout: the drop probability must be in [0, 1), got ${p}`)
  if (/e/.test(String(p))) throw new RangeError(`dropout: the drop probability must be 0 or at least 1e-6, to be written in the grammar's decimals, got ${p}`)
  return {
    name: dropoutName(p),
    outShape: (inShape) => E.right(inShape),
    paramShapes: () => ({}),
    init: (_inShape, rng) => [{}, rng],
    forward: (_params, x: Tensor, pass?: Pass) => {
      if (pass === undefined || p === 0) return [x, undefined]
      const N = batchOf(x)
      const mask = dropoutMask(x.data, N, x.data.length / N, p, pass)
      return [tensor(x.shape, times(x.data, mask)), mask]
    },
    backward: (_params, mask, dy) => [mask === undefined ? dy : tensor(dy.shape, times(dy.data, mask)), {}],
  }
}
