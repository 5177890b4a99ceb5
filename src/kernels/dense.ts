// Dense (fully connected) layer kernels
// =====================================
//
// The smallest forward/backward pair, and the one every other kernel imitates. Each of
// the O outputs is a weighted sum of all F inputs plus a bias:
//
//     y[n,o] = bias[o] + Σ_f weights[o,f] · x[n,f]
//
// Shapes: x (N, F), weights (O, F), bias (O) → y (N, O). A conv layer's output
// (N, C, H, W) is read as (N, F) with F = C·H·W: same bytes, no copy.
//
// Backward. Given dy = ∂L/∂y, the chain rule through y[n,o] gives one line each:
//
//     dx[n,f]       = Σ_o dy[n,o] · weights[o,f]      (each input fed every output)
//     dWeights[o,f] = Σ_n dy[n,o] · x[n,f]            (summed over the batch)
//     dBias[o]      = Σ_n dy[n,o]
//
// In matrix terms: y = x·Wᵀ + b, dx = dy·W, dW = dyᵀ·x. Every kernel allocates and returns
// a fresh array and reads its arguments only.
// Previous: core/params.ts. Next: kernels/activations.ts.

import { floatsLike, type Floats, type ReadonlyFloats } from '../core/memory.ts'

// Forward
// -------

/**
 * y = x·Wᵀ + b for a batch of N rows.
 * @example denseForward([1, 2], [1, 0, 0, 1, 1, 1], [0, 0, 10], 1, 2, 3) // [1, 2, 13]
 */
export const denseForward = (
  x: ReadonlyFloats, //       (N, F)
  weights: ReadonlyFloats, // (O, F)
  bias: ReadonlyFloats, //    (O)
  N: number, F: number, O: number,
): Floats => {
  const y = floatsLike(x, N * O) // (N, O)
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      let sum = bias[o]
      for (let f = 0; f < F; f++) sum += weights[o * F + f] * x[n * F + f]
      y[n * O + o] = sum
    }
  }
  return y
}

// Backward
// --------

/**
 * dx, dWeights and dBias together: each term `weights[o,f] · x[n,f]` of the forward sum sends
 * dy[n,o] back to both of its factors, and the bias collects dy itself.
 * @example denseBackward([1, 1], [2, 3], [1, 0, 0, 1], 1, 2, 2) // [[1, 1], [2, 3, 2, 3], [1, 1]]
 */
export const denseBackward = (
  dy: ReadonlyFloats, //      (N, O)
  x: ReadonlyFloats, //       (N, F)
  weights: ReadonlyFloats, // (O, F)
  N: number, F: number, O: number,
): readonly [Floats, Floats, Floats] => {
  const dx = floatsLike(dy, N * F) // (N, F)
  const dWeights = floatsLike(dy, O * F) // (O, F)
  const dBias = floatsLike(dy, O) // (O)
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const d = dy[n * O + o]
      // y[n,o] = bias[o] + Σ_f weights[o,f] · x[n,f]
      dBias[o] += d
      for (let f = 0; f < F; f++) {
        dx[n * F + f] += d * weights[o * F + f]
        dWeights[o * F + f] += d * x[n * F + f]
      }
    }
  }
  return [dx, dWeights, dBias]
}

// The kernels as one value
// ------------------------

/**
 * What a set of dense kernels provides, as one value a layer can be given (layers/dense.ts).
 * The plain loops above are the default set; the appendix's faster set (fast/kernels.ts)
 * has the same signatures.
 */
export const denseKernels = { forward: denseForward, backward: denseBackward }

/** What any set of dense kernels must provide: the signatures of the plain ones. */
export type DenseKernels = typeof denseKernels
