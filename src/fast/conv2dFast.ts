// Choosing the fastest convolution
// ================================
//
// Three ways to compute the same convolution sums, each fastest somewhere:
//
//     direct gather   fast/conv2dDirect.ts   few filters and channels, dense data
//     direct scatter  fast/conv2dDirect.ts   sparse data: an MNIST digit, a pooled gradient
//     matrix product  fast/conv2dGemm.ts     many filters and channels (K ≥ 4)
//
// The choice is made per call from the shapes and from how many values are zero, by the
// rules below. They come from measurements on this project's networks (`npm run bench`,
// docs/performance.md): the matrix product pays off once there are at least four filters to
// share each patch between; the scatter loops once at most a third or a quarter of the
// values are non-zero (81% of an MNIST digit is background; after 2×2 max pooling at least
// 75% of a gradient is 0, after 3×3 pooling 89%, and ReLU adds more zeros). The plain
// loops of kernels/conv2d.ts remain the specification: spec/fast/conv2dFast.spec.ts
// checks that every path agrees with them on random geometries, dense and sparse data.
// Every path is deterministic; they differ from each other only in rounding.
// Previous: fast/conv2dGemm.ts. Next: fast/wasm.ts.

import { floatsLike, type Floats, type ReadonlyFloats } from './memory.ts'
import type { ConvGeometry } from '../kernels/conv2d.ts'
import {
  conv2dBackwardInputPlanes,
  conv2dBackwardInputScatter,
  conv2dBackwardWeightsGather,
  conv2dBackwardWeightsScatter,
  conv2dForwardGather,
  conv2dForwardScatter,
} from './conv2dDirect.ts'
import { conv2dBackwardInputGemm, conv2dBackwardWeightsGemm, conv2dForwardGemm } from './conv2dGemm.ts'

/**
 * True when at most `fraction` of the values look non-zero. To decide cheaply we look at 128
 * values spread over the array by the golden ratio (a Weyl sequence), not at all of them:
 * evenly spaced samples could line up with the data's own period (every second pixel of a
 * pooled gradient, say) and see only one kind of value. The answer only picks a path;
 * every path computes the same sums.
 */
export const isSparse = (values: ReadonlyFloats, fraction: number): boolean => {
  const n = values.length
  if (n <= 128) {
    let nonZero = 0
    for (let i = 0; i < n; i++) if (values[i] !== 0) nonZero++
    return nonZero <= fraction * n
  }
  // The Weyl sequence u = k · φ (mod 1); wrapping by a subtraction, not a remainder, which
  // is a slow floating-point operation.
  let nonZero = 0
  for (let k = 0, u = 0; k < 128; k++) {
    if (values[Math.floor(u * n)] !== 0) nonZero++
    u += 0.6180339887498949
    if (u >= 1) u -= 1
  }
  return nonZero <= fraction * 128
}

// Enough filters to share every patch between: the matrix product's 4×4 blocks fill up.
const manyFilters = (g: ConvGeometry): boolean => g.K >= 4

// How sparse is sparse enough to scatter. Measured on the ConvNetJS network's layers
// (docs/performance.md): against the direct loops scattering wins below a third non-zero;
// against the matrix product, below a quarter for the forward pass and the weight gradient
// and below a third for the input gradient (its product is the slowest of the three).
const scatterBelow = (g: ConvGeometry, inputGradient = false): number =>
  manyFilters(g) && !inputGradient ? 1 / 4 : 1 / 3

/** y = conv(x, weights) + bias by the fastest path for these shapes and this data. */
export const conv2dForwardFast = (
  g: ConvGeometry,
  x: ReadonlyFloats, //       (N, C, H, W)
  weights: ReadonlyFloats, // (K, C, kH, kW)
  bias: ReadonlyFloats | undefined, // (K)
  N: number,
): Floats =>
  g.stride === 1 && isSparse(x, scatterBelow(g))
    ? conv2dForwardScatter(g, x, weights, bias, N)
    : manyFilters(g)
      ? conv2dForwardGemm(g, x, weights, bias, N)
      : conv2dForwardGather(g, x, weights, bias, N)

/** dx by the fastest path. */
export const conv2dBackwardInputFast = (
  g: ConvGeometry,
  dy: ReadonlyFloats, //      (N, K, oH, oW)
  weights: ReadonlyFloats, // (K, C, kH, kW)
  N: number,
): Floats =>
  isSparse(dy, scatterBelow(g, true))
    ? conv2dBackwardInputScatter(g, dy, weights, N)
    : manyFilters(g)
      ? conv2dBackwardInputGemm(g, dy, weights, N)
      : conv2dBackwardInputPlanes(g, dy, weights, N)

/** dWeights by the fastest path. */
export const conv2dBackwardWeightsFast = (
  g: ConvGeometry,
  dy: ReadonlyFloats, // (N, K, oH, oW)
  x: ReadonlyFloats, //  (N, C, H, W)
  N: number,
): Floats =>
  isSparse(dy, scatterBelow(g))
    ? conv2dBackwardWeightsScatter(g, dy, x, N)
    : manyFilters(g)
      ? conv2dBackwardWeightsGemm(g, dy, x, N)
      : conv2dBackwardWeightsGather(g, dy, x, N)

/** dBias[k] = Σ over samples and positions of dy[n,k,·,·], on fresh slab memory. */
export const conv2dBackwardBiasFast = (
  g: ConvGeometry,
  dy: ReadonlyFloats, // (N, K, oH, oW)
  N: number,
): Floats => {
  const { K, oH, oW } = g
  const plane = oH * oW
  const dBias = floatsLike(dy, K) // (K)
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const offset = (n * K + k) * plane
      let sum = 0
      for (let i = 0; i < plane; i++) sum += dy[offset + i]
      dBias[k] += sum
    }
  }
  return dBias
}
