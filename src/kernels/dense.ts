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
  N: number,
  F: number,
  O: number,
): Floats => {
  const y = floatsLike(x, N * O) // (N, O)
  for (let n = 0; n < N; n++) {
    const xRow = n * F
    for (let o = 0; o < O; o++) {
      const wRow = o * F
      // Two partial sums let the CPU overlap consecutive additions; same result up to rounding.
      let even = 0
      let odd = 0
      let f = 0
      for (; f + 1 < F; f += 2) {
        even += weights[wRow + f] * x[xRow + f]
        odd += weights[wRow + f + 1] * x[xRow + f + 1]
      }
      if (f < F) even += weights[wRow + f] * x[xRow + f]
      y[n * O + o] = bias[o] + even + odd
    }
  }
  return y
}

// Backward
// --------

/** dx = dy·W: how the loss changes with each input. */
export const denseBackwardInput = (
  dy: ReadonlyFloats, //      (N, O)
  weights: ReadonlyFloats, // (O, F)
  N: number,
  F: number,
  O: number,
): Floats => {
  const dx = floatsLike(dy, N * F) // (N, F)
  for (let n = 0; n < N; n++) {
    const dxRow = n * F
    // y[n,o] += weights[o,f] · x[n,f]   ⇒   dx[n,f] += dy[n,o] · weights[o,f]
    // The first output sets the row, the others add to it.
    const d0 = dy[n * O]
    for (let f = 0; f < F; f++) dx[dxRow + f] = d0 * weights[f]
    for (let o = 1; o < O; o++) {
      const d = dy[n * O + o]
      const wRow = o * F
      for (let f = 0; f < F; f++) dx[dxRow + f] += d * weights[wRow + f]
    }
  }
  return dx
}

/** dWeights = dyᵀ·x: how the loss changes with each weight, summed over the batch. */
export const denseBackwardWeights = (
  dy: ReadonlyFloats, // (N, O)
  x: ReadonlyFloats, //  (N, F)
  N: number,
  F: number,
  O: number,
): Floats => {
  const dWeights = floatsLike(dy, O * F) // (O, F)
  for (let o = 0; o < O; o++) {
    const wRow = o * F
    // y[n,o] += weights[o,f] · x[n,f]   ⇒   dWeights[o,f] += dy[n,o] · x[n,f]
    // The first sample sets the row, the others add to it.
    const d0 = dy[o]
    for (let f = 0; f < F; f++) dWeights[wRow + f] = d0 * x[f]
    for (let n = 1; n < N; n++) {
      const d = dy[n * O + o]
      const xRow = n * F
      for (let f = 0; f < F; f++) dWeights[wRow + f] += d * x[xRow + f]
    }
  }
  return dWeights
}

/** dBias = Σ_n dy[n,·]: each bias touches every sample's output once. */
export const denseBackwardBias = (
  dy: ReadonlyFloats, // (N, O)
  N: number,
  O: number,
): Floats => {
  const dBias = floatsLike(dy, O) // (O)
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) dBias[o] += dy[n * O + o]
  }
  return dBias
}
