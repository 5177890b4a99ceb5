// Faster convolution kernels
// ==========================
//
// The same three functions as kernels/conv2d.ts, computing the same sums, rearranged so a
// JavaScript engine can run them several times faster. A property test (spec/kernels/
// conv2dFast.spec.ts) checks that both agree on random geometries; the plain version stays
// the specification. Three tricks, each measured with `npm run bench`:
//
// 1. Pad once, then never check bounds. Zero padding means "outside the image reads 0".
//    Instead of testing every tap, we copy x into a zero-filled (H + 2p) × (W + 2p) frame
//    once (a small copy next to the K·C·kH·kW multiplications per output) and then every
//    tap of every output is in range. With p = 0, as in the original network, there is
//    nothing to copy.
// 2. Several independent sums at once. `s += w·x` in a loop waits for the previous addition
//    to finish (about four cycles); four outputs side by side keep four additions in flight
//    and share each weight load.
// 3. Share loads in the weight gradient: two neighbouring taps (kw, kw + 1) use the same
//    dy value at every position, so we load it once for both.
//
// Shapes and formulas as in kernels/conv2d.ts.
// Previous: kernels/conv2d.ts. Next: kernels/maxpool.ts.

import { floatsLike, type Floats, type ReadonlyFloats } from '../core/memory.ts'
import type { ConvGeometry } from './conv2d.ts'

// Padding
// -------

/**
 * x framed by `pad` zeros on every side: (N, C, H, W) → (N, C, H + 2p, W + 2p).
 * With no padding it returns x itself (no copy).
 */
export const padInput = (g: ConvGeometry, x: ReadonlyFloats, N: number): ReadonlyFloats => {
  const { C, H, W, pad } = g
  if (pad === 0) return x
  const pH = H + 2 * pad
  const pW = W + 2 * pad
  const padded = floatsLike(x, N * C * pH * pW) // (N, C, pH, pW)
  for (let nc = 0; nc < N * C; nc++) {
    for (let h = 0; h < H; h++) {
      const from = (nc * H + h) * W
      const to = (nc * pH + h + pad) * pW + pad
      for (let w = 0; w < W; w++) padded[to + w] = x[from + w]
    }
  }
  return padded
}

// The inverse: drop the frame of a padded (N, C, pH, pW) array.
const cropPadding = (g: ConvGeometry, padded: Floats, N: number): Floats => {
  const { C, H, W, pad } = g
  if (pad === 0) return padded
  const pH = H + 2 * pad
  const pW = W + 2 * pad
  const out = floatsLike(padded, N * C * H * W) // (N, C, H, W)
  for (let nc = 0; nc < N * C; nc++) {
    for (let h = 0; h < H; h++) {
      const from = (nc * pH + h + pad) * pW + pad
      const to = (nc * H + h) * W
      for (let w = 0; w < W; w++) out[to + w] = padded[from + w]
    }
  }
  return out
}

// Forward
// -------

/** y = conv(x, weights) + bias, four output columns at a time. */
export const conv2dForwardFast = (
  g: ConvGeometry,
  x: ReadonlyFloats, //       (N, C, H, W)
  weights: ReadonlyFloats, // (K, C, kH, kW)
  bias: ReadonlyFloats | undefined, // (K)
  N: number,
): Floats => {
  const { C, K, kH, kW, stride: s, pad, oH, oW } = g
  const H = g.H + 2 * pad
  const W = g.W + 2 * pad
  const xp = padInput(g, x, N) // (N, C, H, W), every tap in range
  const y = floatsLike(x, N * K * oH * oW) // (N, K, oH, oW)
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const b = bias === undefined ? 0 : bias[k]
      for (let oh = 0; oh < oH; oh++) {
        const yRow = ((n * K + k) * oH + oh) * oW
        let ow = 0
        // Four outputs side by side: y[oh, ow … ow+3].
        for (; ow + 4 <= oW; ow += 4) {
          let s0 = b
          let s1 = b
          let s2 = b
          let s3 = b
          for (let c = 0; c < C; c++) {
            for (let kh = 0; kh < kH; kh++) {
              const xRow = ((n * C + c) * H + oh * s + kh) * W + ow * s
              const wRow = ((k * C + c) * kH + kh) * kW
              for (let kw = 0; kw < kW; kw++) {
                const wv = weights[wRow + kw]
                const i = xRow + kw
                s0 += wv * xp[i]
                s1 += wv * xp[i + s]
                s2 += wv * xp[i + 2 * s]
                s3 += wv * xp[i + 3 * s]
              }
            }
          }
          y[yRow + ow] = s0
          y[yRow + ow + 1] = s1
          y[yRow + ow + 2] = s2
          y[yRow + ow + 3] = s3
        }
        // The last few columns one at a time.
        for (; ow < oW; ow++) {
          let sum = b
          for (let c = 0; c < C; c++) {
            for (let kh = 0; kh < kH; kh++) {
              const xRow = ((n * C + c) * H + oh * s + kh) * W + ow * s
              const wRow = ((k * C + c) * kH + kh) * kW
              for (let kw = 0; kw < kW; kw++) sum += weights[wRow + kw] * xp[xRow + kw]
            }
          }
          y[yRow + ow] = sum
        }
      }
    }
  }
  return y
}

// Backward
// --------

/** dx: each dy, times each weight, added back onto the patch it came from. */
export const conv2dBackwardInputFast = (
  g: ConvGeometry,
  dy: ReadonlyFloats, //      (N, K, oH, oW)
  weights: ReadonlyFloats, // (K, C, kH, kW)
  N: number,
): Floats => {
  const { C, K, kH, kW, stride: s, pad, oH, oW } = g
  const H = g.H + 2 * pad
  const W = g.W + 2 * pad
  const dxp = floatsLike(dy, N * C * H * W) // (N, C, H, W) padded; the frame is dropped at the end
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      for (let c = 0; c < C; c++) {
        for (let kh = 0; kh < kH; kh++) {
          for (let kw = 0; kw < kW; kw++) {
            // y[oh,ow] += w · x[oh·s + kh, ow·s + kw]   ⇒   dx[oh·s + kh, ow·s + kw] += w · dy[oh,ow]
            const wv = weights[((k * C + c) * kH + kh) * kW + kw]
            for (let oh = 0; oh < oH; oh++) {
              const dyRow = ((n * K + k) * oH + oh) * oW
              const dxRow = ((n * C + c) * H + oh * s + kh) * W + kw
              for (let ow = 0; ow < oW; ow++) dxp[dxRow + ow * s] += wv * dy[dyRow + ow]
            }
          }
        }
      }
    }
  }
  return cropPadding(g, dxp, N)
}

/** dWeights: for each tap, the sum over positions of dy times the input under that tap. */
export const conv2dBackwardWeightsFast = (
  g: ConvGeometry,
  dy: ReadonlyFloats, // (N, K, oH, oW)
  x: ReadonlyFloats, //  (N, C, H, W)
  N: number,
): Floats => {
  const { C, K, kH, kW, stride: s, pad, oH, oW } = g
  const H = g.H + 2 * pad
  const W = g.W + 2 * pad
  const xp = padInput(g, x, N)
  const dWeights = floatsLike(dy, K * C * kH * kW) // (K, C, kH, kW)
  for (let k = 0; k < K; k++) {
    for (let c = 0; c < C; c++) {
      for (let kh = 0; kh < kH; kh++) {
        const wRow = ((k * C + c) * kH + kh) * kW
        let kw = 0
        // Two taps at once: both read the same dy at each position.
        for (; kw + 2 <= kW; kw += 2) {
          let s0 = 0
          let s1 = 0
          for (let n = 0; n < N; n++) {
            for (let oh = 0; oh < oH; oh++) {
              const dyRow = ((n * K + k) * oH + oh) * oW
              const xRow = ((n * C + c) * H + oh * s + kh) * W + kw
              for (let ow = 0; ow < oW; ow++) {
                const d = dy[dyRow + ow]
                const i = xRow + ow * s
                s0 += d * xp[i]
                s1 += d * xp[i + 1]
              }
            }
          }
          dWeights[wRow + kw] = s0
          dWeights[wRow + kw + 1] = s1
        }
        // An odd last tap on its own.
        for (; kw < kW; kw++) {
          let sum = 0
          for (let n = 0; n < N; n++) {
            for (let oh = 0; oh < oH; oh++) {
              const dyRow = ((n * K + k) * oH + oh) * oW
              const xRow = ((n * C + c) * H + oh * s + kh) * W + kw
              for (let ow = 0; ow < oW; ow++) sum += dy[dyRow + ow] * xp[xRow + ow * s]
            }
          }
          dWeights[wRow + kw] = sum
        }
      }
    }
  }
  return dWeights
}
