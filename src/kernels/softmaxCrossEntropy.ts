// Softmax cross-entropy kernels
// =============================
//
// The network ends in one score ("logit") z_j per class. Softmax turns the scores of a
// sample into probabilities, and cross-entropy is the surprise at the true label t:
//
//     p_j = e^(z_j) / Σ_i e^(z_i)          L = −ln p_t = ln Σ_i e^(z_i) − z_t
//
// The batch loss is the mean of the per-sample losses. For numerical stability we never
// form e^(z) directly (Math.exp computes in double precision, but e^89 stored in a Float32Array
// is already Infinity, and e^710 overflows even a double): with m = max_i z_i,
//
//     ln Σ_i e^(z_i) = m + ln Σ_i e^(z_i − m)         (log-sum-exp; every exponent ≤ 0)
//
// Shapes: logits (N, J), labels (N) with 0 ≤ label < J → loss (a number), probs (N, J).
//
// Backward. The derivative of the loss of one sample collapses to a famously simple form
// (derived in docs/math/softmax-cross-entropy.md):
//
//     ∂L/∂z_j = p_j − [j = t]          so for the batch mean   dz = (p − onehot(t)) / N
//
// Softmax probabilities sum to 1 and are unchanged when the same constant is added to
// every logit; both facts are checked as properties in the spec.
// Previous: kernels/maxpool.ts. Next: layers/layer.ts.

import { floatsLike, type Floats, type ReadonlyFloats } from '../core/memory.ts'

// Forward
// -------

// ln Σ_j e^(z_j) over one row of J logits starting at `row`, shifted by the row's max.
const logSumExp = (logits: ReadonlyFloats, row: number, J: number): number => {
  let max = logits[row]
  for (let j = 1; j < J; j++) max = Math.max(max, logits[row + j])
  let sum = 0
  for (let j = 0; j < J; j++) sum += Math.exp(logits[row + j] - max)
  return max + Math.log(sum)
}

/**
 * Softmax alone: each row of logits turned into probabilities (for predictions).
 * @example softmax([0, Math.log(3)], 1, 2) // [0.25, 0.75]
 */
export const softmax = (
  logits: ReadonlyFloats, // (N, J)
  N: number, J: number,
): Floats => {
  const probs = floatsLike(logits, N * J) // (N, J)
  for (let n = 0; n < N; n++) {
    const row = n * J
    const lse = logSumExp(logits, row, J)
    for (let j = 0; j < J; j++) probs[row + j] = Math.exp(logits[row + j] - lse)
  }
  return probs
}

/**
 * The mean cross-entropy loss of a batch and its softmax probabilities.
 * @example softmaxCrossEntropyForward([0, 0], [1], 1, 2) // [ln 2 ≈ 0.693, [0.5, 0.5]]
 */
export const softmaxCrossEntropyForward = (
  logits: ReadonlyFloats, //        (N, J)
  labels: Readonly<Uint8Array>, //  (N)
  N: number, J: number,
): readonly [number, Floats] => {
  let total = 0
  // −ln p_t = ln Σ e^z − z_t, computed without ever forming a tiny p_t.
  for (let n = 0; n < N; n++) total += logSumExp(logits, n * J, J) - logits[n * J + labels[n]]
  return [total / N, softmax(logits, N, J)]
}

// Backward
// --------

/**
 * dz = (p − onehot(label)) / N, the gradient of the mean loss with respect to the logits.
 * @example softmaxCrossEntropyBackward([0.5, 0.5], [1], 1, 2) // [0.5, -0.5]
 */
export const softmaxCrossEntropyBackward = (
  probs: ReadonlyFloats, //         (N, J)
  labels: Readonly<Uint8Array>, //  (N)
  N: number, J: number,
): Floats => {
  const dLogits = floatsLike(probs, N * J) // (N, J)
  for (let n = 0; n < N; n++) {
    const row = n * J
    const label = labels[n]
    for (let j = 0; j < J; j++) dLogits[row + j] = (probs[row + j] - (j === label ? 1 : 0)) / N
  }
  return dLogits
}
