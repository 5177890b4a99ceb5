// Convolution as matrix multiplication
// ====================================
//
// With many filters and channels, the fastest way to convolve in plain JavaScript is to
// turn the convolution into one matrix product per sample ("im2col"). Copy every patch
// the kernel visits into a column of a matrix:
//
//     cols[(c·kH + kh)·kW + kw, oh·oW + ow] = x[c, oh·s − p + kh, ow·s − p + kw]      (R × P)
//
// with R = C·kH·kW numbers per patch and P = oH·oW patches. The weights (K, C, kH, kW) are
// already a K × R matrix, so the whole forward pass is
//
//     y (K × P) = weights (K × R) · cols (R × P)
//
// and the backward pass is two more products and the reverse copy ("col2im"):
//
//     dWeights (K × R) = Σ_n dy[n] (K × P) · cols[n]ᵀ (P × R)
//     dcols    (R × P) = weightsᵀ (R × K) · dy[n] (K × P),   then dx[c, ih, iw] += dcols[…]
//
// The copy costs R·P moves per sample; the product K·R·P multiply-adds, done by the
// register-blocked kernels of fast/gemm.ts. For the ConvNetJS network's second layer
// (8 → 16 channels, 5×5, 14×14) that is 39,200 moves for 627,200 multiply-adds. With a
// single filter (the original network) there is nothing to share and the direct kernels
// of fast/conv2dDirect.ts are faster; fast/conv2dFast.ts picks between them per call.
// Previous: fast/gemm.ts. Next: fast/conv2dFast.ts.

import { floatsLike, type Floats, type ReadonlyFloats } from './memory.ts'
import type { ConvGeometry } from '../kernels/conv2d.ts'
import { cropPadding, padInput, paddedZeros } from './padding.ts'
import { scratchZeros } from './scratch.ts'
import { gemmNNInto, gemmNTInto, gemmTNInto } from './gemm.ts'

// im2col and col2im
// -----------------

// Fills `cols` (R × P), the kernel's own scratch array, with the patches of sample n of the
// padded input xp (N, C, pH, pW).
const im2col = (g: ConvGeometry, xp: ReadonlyFloats, n: number, cols: Floats): void => {
  const { C, kH, kW, stride: s, oH, oW } = g
  const pH = g.H + 2 * g.pad
  const pW = g.W + 2 * g.pad
  const P = oH * oW
  for (let c = 0; c < C; c++) {
    for (let kh = 0; kh < kH; kh++) {
      for (let kw = 0; kw < kW; kw++) {
        const row = ((c * kH + kh) * kW + kw) * P
        for (let oh = 0; oh < oH; oh++) {
          const from = ((n * C + c) * pH + oh * s + kh) * pW + kw
          const to = row + oh * oW
          for (let ow = 0; ow < oW; ow++) cols[to + ow] = xp[from + ow * s]
        }
      }
    }
  }
}

// The reverse: adds each entry of dcols (R × P) back onto the padded input position it was
// copied from, for sample n of dxp (N, C, pH, pW), an array the kernel allocated.
const col2im = (g: ConvGeometry, dcols: ReadonlyFloats, n: number, dxp: Floats): void => {
  const { C, kH, kW, stride: s, oH, oW } = g
  const pH = g.H + 2 * g.pad
  const pW = g.W + 2 * g.pad
  const P = oH * oW
  for (let c = 0; c < C; c++) {
    for (let kh = 0; kh < kH; kh++) {
      for (let kw = 0; kw < kW; kw++) {
        const row = ((c * kH + kh) * kW + kw) * P
        for (let oh = 0; oh < oH; oh++) {
          const to = ((n * C + c) * pH + oh * s + kh) * pW + kw
          const from = row + oh * oW
          for (let ow = 0; ow < oW; ow++) dxp[to + ow * s] += dcols[from + ow]
        }
      }
    }
  }
}

// The kernels
// -----------

/** y = conv(x, weights) + bias, one matrix product per sample. */
export const conv2dForwardGemm = (
  g: ConvGeometry,
  x: ReadonlyFloats, //       (N, C, H, W)
  weights: ReadonlyFloats, // (K, C, kH, kW) = (K, R)
  bias: ReadonlyFloats | undefined, // (K)
  N: number,
  into?: Floats, // (N, K, oH, oW): an array the caller allocated, to write y into
): Floats => {
  const { C, K, kH, kW, oH, oW } = g
  const R = C * kH * kW
  const P = oH * oW
  const xp = padInput(g, x, N)
  const y = into ?? floatsLike(x, N * K * P) // (N, K, P)
  const cols = scratchZeros(x, R * P, 'columns') // (R, P), reused for every sample
  for (let n = 0; n < N; n++) {
    im2col(g, xp, n, cols)
    gemmNNInto(weights, 0, cols, 0, K, R, P, { out: y, at: n * K * P, add: false })
  }
  if (bias !== undefined) {
    for (let nk = 0; nk < N * K; nk++) {
      const b = bias[nk % K]
      for (let i = nk * P; i < (nk + 1) * P; i++) y[i] += b
    }
  }
  return y
}

/** dWeights = Σ_n dy[n] · cols[n]ᵀ. */
export const conv2dBackwardWeightsGemm = (
  g: ConvGeometry,
  dy: ReadonlyFloats, // (N, K, oH, oW)
  x: ReadonlyFloats, //  (N, C, H, W)
  N: number,
): Floats => {
  const { C, K, kH, kW, oH, oW } = g
  const R = C * kH * kW
  const P = oH * oW
  const xp = padInput(g, x, N)
  const dWeights = floatsLike(dy, K * R) // (K, R)
  const cols = scratchZeros(dy, R * P, 'columns') // (R, P), reused for every sample
  for (let n = 0; n < N; n++) {
    im2col(g, xp, n, cols)
    gemmNTInto(dy, n * K * P, cols, 0, K, P, R, { out: dWeights, at: 0, add: n > 0 })
  }
  return dWeights
}

/** dx: dcols = weightsᵀ · dy[n] for each sample, folded back onto the image by col2im. */
export const conv2dBackwardInputGemm = (
  g: ConvGeometry,
  dy: ReadonlyFloats, //      (N, K, oH, oW)
  weights: ReadonlyFloats, // (K, R)
  N: number,
): Floats => {
  const { C, K, kH, kW, oH, oW } = g
  const R = C * kH * kW
  const P = oH * oW
  const dxp = paddedZeros(g, dy, N) // (N, C, pH, pW)
  const dcols = scratchZeros(dy, R * P, 'columns') // (R, P), reused for every sample
  for (let n = 0; n < N; n++) {
    gemmTNInto(weights, 0, dy, n * K * P, R, K, P, { out: dcols, at: 0, add: false })
    col2im(g, dcols, n, dxp)
  }
  return cropPadding(g, dxp, N)
}
