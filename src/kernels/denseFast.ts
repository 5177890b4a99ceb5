// Faster dense kernels
// ====================
//
// A dense layer over a batch is three matrix products (kernels/dense.ts):
//
//     y  = x · Wᵀ + b        x (N×F), W (O×F)      gemmNT
//     dx = dy · W            dy (N×O)              gemmNN
//     dW = dyᵀ · x                                 gemmTN
//
// With a batch of a few samples or more, the register-blocked products of kernels/gemm.ts
// reuse every loaded number several times and are two to three times faster than the
// plain loops. With a single sample (per-sample training) there is no second row to share
// with, and the plain loops of kernels/dense.ts, the specification, are used as they are.
// spec/kernels/denseFast.spec.ts checks that both agree.
// Previous: kernels/conv2dFast.ts. Next: kernels/maxpool.ts.

import { floatsLike, type Floats, type ReadonlyFloats } from '../core/memory.ts'
import { denseBackwardInput, denseBackwardWeights, denseForward } from './dense.ts'
import { gemmNNInto, gemmNTInto, gemmTNInto } from './gemm.ts'

// Below this many samples the plain loops are as fast: the 4×4 blocks need four rows.
const BLOCKED_FROM = 4

/** y = x·Wᵀ + b. */
export const denseForwardFast = (
  x: ReadonlyFloats, //       (N, F)
  weights: ReadonlyFloats, // (O, F)
  bias: ReadonlyFloats, //    (O)
  N: number,
  F: number,
  O: number,
): Floats => {
  if (N < BLOCKED_FROM) return denseForward(x, weights, bias, N, F, O)
  const y = floatsLike(x, N * O) // (N, O), starts as the bias in every row
  for (let n = 0; n < N; n++) y.set(bias, n * O)
  gemmNTInto(x, 0, weights, 0, N, F, O, { out: y, at: 0, add: true })
  return y
}

/** dx = dy·W. */
export const denseBackwardInputFast = (
  dy: ReadonlyFloats, //      (N, O)
  weights: ReadonlyFloats, // (O, F)
  N: number,
  F: number,
  O: number,
): Floats => {
  if (N < BLOCKED_FROM) return denseBackwardInput(dy, weights, N, F, O)
  const dx = floatsLike(dy, N * F) // (N, F)
  gemmNNInto(dy, 0, weights, 0, N, O, F, { out: dx, at: 0, add: false })
  return dx
}

/** dWeights = dyᵀ·x. */
export const denseBackwardWeightsFast = (
  dy: ReadonlyFloats, // (N, O)
  x: ReadonlyFloats, //  (N, F)
  N: number,
  F: number,
  O: number,
): Floats => {
  if (N < BLOCKED_FROM) return denseBackwardWeights(dy, x, N, F, O)
  const dWeights = floatsLike(dy, O * F) // (O, F)
  gemmTNInto(dy, 0, x, 0, O, N, F, { out: dWeights, at: 0, add: false })
  return dWeights
}
