// Faster dense kernels
// ====================
//
// A dense layer over a batch is three matrix products (kernels/dense.ts):
//
//     y  = x · Wᵀ + b        x (N×F), W (O×F)      gemmNT
//     dx = dy · W            dy (N×O)              gemmNN
//     dW = dyᵀ · x                                 gemmTN
//
// With a batch of a few samples or more, the register-blocked products of fast/gemm.ts
// reuse every loaded number several times and are two to three times faster than the
// plain loops. With a single sample (per-sample training) there is no second row to share
// with, and lightly tuned loops are used instead. spec/fast/denseFast.spec.ts checks that
// every path agrees with kernels/dense.ts, the specification. For one float32 sample, the
// backward pass runs in WebAssembly (fast/denseSimd.ts), with the loops' very bits; for a
// batch through a big float32 layer (16,384 weights or more), all three products do
// (fast/denseBatchSimd.ts), four floats at a time, to float32 rounding.
// Previous: fast/denseBatchSimd.ts. Next: fast/adamSimd.ts.

import { floatsLike, int32, type Floats, type ReadonlyFloats } from './memory.ts'
import { gemmNNInto, gemmNTInto, gemmTNInto } from './gemm.ts'
import { denseBackwardInputSimd, denseBackwardWeightsSimd } from './denseSimd.ts'
import { denseBackwardInputBatchSimd, denseBackwardWeightsBatchSimd, denseForwardBatchSimd } from './denseBatchSimd.ts'

// Below this many samples the blocked products have nothing to share: the 4×4 blocks need
// four rows. Then the loops below do, which differ from the plain ones of kernels/dense.ts in
// three ways: the forward sum skips the features that are 0 (a product with 0 adds nothing)
// and runs in two halves (even and odd) that the processor can add side by side; the input
// gradient sums each column in a register instead of adding ten rows into memory; and the
// weight gradient's first row is written, not added to zeros.
const BLOCKED_FROM = 4

const denseForwardRows = (x: ReadonlyFloats, weights: ReadonlyFloats, bias: ReadonlyFloats, N: number, F: number, O: number): Floats => {
  const y = floatsLike(x, N * O) // (N, O)
  const nonZero = int32(F) // the features of a row that are not 0
  for (let n = 0; n < N; n++) {
    const xRow = n * F
    // A feature that is 0 adds nothing (after a ReLU and pooling, often half of them are).
    let count = 0
    for (let f = 0; f < F; f++) if (x[xRow + f] !== 0) nonZero[count++] = f
    for (let o = 0; o < O; o++) {
      const wRow = o * F
      let even = 0
      let odd = 0
      let i = 0
      for (; i + 1 < count; i += 2) {
        even += weights[wRow + nonZero[i]] * x[xRow + nonZero[i]]
        odd += weights[wRow + nonZero[i + 1]] * x[xRow + nonZero[i + 1]]
      }
      if (i < count) even += weights[wRow + nonZero[i]] * x[xRow + nonZero[i]]
      y[n * O + o] = bias[o] + even + odd
    }
  }
  return y
}

const denseBackwardInputRows = (dy: ReadonlyFloats, weights: ReadonlyFloats, N: number, F: number, O: number): Floats => {
  const dx = floatsLike(dy, N * F) // (N, F)
  for (let n = 0; n < N; n++) {
    // Each dx[n,f] is one short sum down column f of the weights, kept in a register.
    for (let f = 0; f < F; f++) {
      let sum = 0
      for (let o = 0; o < O; o++) sum += dy[n * O + o] * weights[o * F + f]
      dx[n * F + f] = sum
    }
  }
  return dx
}

const denseBackwardWeightsRows = (dy: ReadonlyFloats, x: ReadonlyFloats, N: number, F: number, O: number): Floats => {
  const dWeights = floatsLike(dy, O * F) // (O, F)
  if (N === 1) {
    // One sample: dWeights[o,f] = dy[o] · x[f], and where x[f] is 0 the fresh zero stands.
    for (let f = 0; f < F; f++) {
      const v = x[f]
      if (v === 0) continue
      for (let o = 0; o < O; o++) dWeights[o * F + f] = dy[o] * v
    }
    return dWeights
  }
  for (let o = 0; o < O; o++) {
    const wRow = o * F
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

/** y = x·Wᵀ + b. */
export const denseForwardFast = (
  x: ReadonlyFloats, //       (N, F)
  weights: ReadonlyFloats, // (O, F)
  bias: ReadonlyFloats, //    (O)
  N: number,
  F: number,
  O: number,
): Floats => {
  if (N < BLOCKED_FROM) return denseForwardRows(x, weights, bias, N, F, O)
  const simd = denseForwardBatchSimd(x, weights, bias, N, F, O) // a big float32 layer: four floats at a time
  if (simd !== undefined) return simd
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
  if (N === 1 && dy instanceof Float32Array && weights instanceof Float32Array) {
    const dx = denseBackwardInputSimd(dy, weights, F, O) // the same bits, two features at a time
    if (dx !== undefined) return dx
  }
  if (N < BLOCKED_FROM) return denseBackwardInputRows(dy, weights, N, F, O)
  const simd = denseBackwardInputBatchSimd(dy, weights, N, F, O)
  if (simd !== undefined) return simd
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
  if (N === 1 && dy instanceof Float32Array && x instanceof Float32Array) {
    const dWeights = denseBackwardWeightsSimd(dy, x, F, O) // the same bits, two features at a time
    if (dWeights !== undefined) return dWeights
  }
  if (N < BLOCKED_FROM) return denseBackwardWeightsRows(dy, x, N, F, O)
  const simd = denseBackwardWeightsBatchSimd(dy, x, N, F, O)
  if (simd !== undefined) return simd
  const dWeights = floatsLike(dy, O * F) // (O, F)
  gemmTNInto(dy, 0, x, 0, O, N, F, { out: dWeights, at: 0, add: false })
  return dWeights
}

/** dBias = Σ_n dy[n,·], on fresh slab memory. */
export const denseBackwardBiasFast = (
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
