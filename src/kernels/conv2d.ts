// 2-D convolution kernels
// =======================
//
// A convolution slides K small filters over the image. At every position each filter
// takes the weighted sum of the kH×kW patch under it, across all C input channels:
//
//     y[n,k,oh,ow] = bias[k] + Σ_c Σ_kh Σ_kw weights[k,c,kh,kw] · x[n,c, oh·s − p + kh, ow·s − p + kw]
//
// with stride s and zero padding p (a position outside the image reads as 0, so we simply
// skip it). Strictly speaking this is a cross-correlation (the filter is not flipped), as in
// every deep-learning library; since the filter is learned, the two are the same model.
//
// Shapes: x (N, C, H, W), weights (K, C, kH, kW), bias (K) → y (N, K, oH, oW), where
//
//     oH = ⌊(H + 2p − kH) / s⌋ + 1        oW = ⌊(W + 2p − kW) / s⌋ + 1
//
// (the floor drops a last partial step that would hang over the edge).
//
// Backward. Every product in the sum above sends gradient to both of its factors. Writing
// ih = oh·s − p + kh and iw = ow·s − p + kw for the input pixel that a tap reads:
//
//     dx[n,c,ih,iw]       += dy[n,k,oh,ow] · weights[k,c,kh,kw]
//     dWeights[k,c,kh,kw] += dy[n,k,oh,ow] · x[n,c,ih,iw]
//     dBias[k]            += dy[n,k,oh,ow]
//
// Gathered per input pixel, dx is a full convolution of dy with the flipped filter; see
// docs/math/conv-backward.md. These are the plain reference loops: they follow the formula
// literally and are the specification for any faster kernel (the appendix, fast/, has those).
// Previous: check/gradcheck.ts. Next: kernels/maxpool.ts.

import { floatsLike, type Floats, type ReadonlyFloats } from '../core/memory.ts'

// Geometry
// --------

/** Everything about one convolution's sizes, computed once and shared by forward and backward. */
export interface ConvGeometry {
  readonly C: number // input channels
  readonly H: number // input height
  readonly W: number // input width
  readonly K: number // filters = output channels
  readonly kH: number // kernel height
  readonly kW: number // kernel width
  readonly stride: number
  readonly pad: number
  readonly oH: number // output height
  readonly oW: number // output width
}

/**
 * The geometry of a convolution of a (C, H, W) input with K filters of kH×kW. The caller
 * checks that the kernel fits (oH, oW ≥ 1); see layers/conv2d.ts.
 * @example convGeometry(1, 28, 28, 1, 3, 3, 1, 0) // { …, oH: 26, oW: 26 }
 */
export const convGeometry = (C: number, H: number, W: number, K: number, kH: number, kW: number, stride: number, pad: number): ConvGeometry => ({
  C, H, W, K, kH, kW, stride, pad,
  oH: Math.floor((H + 2 * pad - kH) / stride) + 1,
  oW: Math.floor((W + 2 * pad - kW) / stride) + 1,
})

// Forward
// -------

/** y = conv(x, weights) + bias, the formula above read literally. Pass `undefined` for no bias. */
export const conv2dForward = (
  g: ConvGeometry,
  x: ReadonlyFloats, //       (N, C, H, W)
  weights: ReadonlyFloats, // (K, C, kH, kW)
  bias: ReadonlyFloats | undefined, // (K)
  N: number,
): Floats => {
  const { C, H, W, K, kH, kW, stride, pad, oH, oW } = g
  const y = floatsLike(x, N * K * oH * oW) // (N, K, oH, oW)
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      for (let oh = 0; oh < oH; oh++) {
        for (let ow = 0; ow < oW; ow++) {
          let sum = bias === undefined ? 0 : bias[k]
          for (let c = 0; c < C; c++) {
            for (let kh = 0; kh < kH; kh++) {
              const ih = oh * stride - pad + kh
              if (ih < 0 || ih >= H) continue // zero padding: nothing to add
              for (let kw = 0; kw < kW; kw++) {
                const iw = ow * stride - pad + kw
                if (iw < 0 || iw >= W) continue
                sum += weights[((k * C + c) * kH + kh) * kW + kw] * x[((n * C + c) * H + ih) * W + iw]
              }
            }
          }
          y[((n * K + k) * oH + oh) * oW + ow] = sum
        }
      }
    }
  }
  return y
}

// Backward
// --------

/**
 * dx and dWeights together: every product `weights[k,c,kh,kw] · x[n,c,ih,iw]` of the forward
 * sum sends dy back to both of its factors.
 */
export const conv2dBackward = (
  g: ConvGeometry,
  dy: ReadonlyFloats, //      (N, K, oH, oW)
  x: ReadonlyFloats, //       (N, C, H, W)
  weights: ReadonlyFloats, // (K, C, kH, kW)
  N: number,
): readonly [Floats, Floats] => {
  const { C, H, W, K, kH, kW, stride, pad, oH, oW } = g
  const dx = floatsLike(dy, N * C * H * W) // (N, C, H, W)
  const dWeights = floatsLike(dy, K * C * kH * kW) // (K, C, kH, kW)
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      for (let oh = 0; oh < oH; oh++) {
        for (let ow = 0; ow < oW; ow++) {
          const d = dy[((n * K + k) * oH + oh) * oW + ow]
          for (let c = 0; c < C; c++) {
            for (let kh = 0; kh < kH; kh++) {
              const ih = oh * stride - pad + kh
              if (ih < 0 || ih >= H) continue
              for (let kw = 0; kw < kW; kw++) {
                const iw = ow * stride - pad + kw
                if (iw < 0 || iw >= W) continue
                // sum += weights[k,c,kh,kw] · x[n,c,ih,iw]   ⇒   both factors get dy times the other
                const i = ((n * C + c) * H + ih) * W + iw
                const w = ((k * C + c) * kH + kh) * kW + kw
                dx[i] += d * weights[w]
                dWeights[w] += d * x[i]
              }
            }
          }
        }
      }
    }
  }
  return [dx, dWeights]
}

/** dBias[k] = Σ over samples and positions of dy[n,k,·,·]. */
export const conv2dBackwardBias = (
  g: ConvGeometry,
  dy: ReadonlyFloats, // (N, K, oH, oW)
  N: number,
): Floats => {
  const { K, oH, oW } = g
  const dBias = floatsLike(dy, K) // (K)
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < oH * oW; i++) dBias[k] += dy[(n * K + k) * oH * oW + i]
    }
  }
  return dBias
}

// The kernels as one value
// ------------------------

/**
 * The plain loops above as one value a layer can be given (layers/conv2d.ts), the default
 * set; the appendix's faster set (fast/kernels.ts) has the same signatures.
 */
export const conv2dKernels = { forward: conv2dForward, backward: conv2dBackward, backwardBias: conv2dBackwardBias }

/** What any set of convolution kernels must provide: the signatures of the plain ones. */
export type Conv2dKernels = typeof conv2dKernels
