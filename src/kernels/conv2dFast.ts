// Faster convolution kernels
// ==========================
//
// The same three functions as kernels/conv2d.ts, computing the same sums, rearranged so a
// JavaScript engine can run them several times faster. A property test (spec/kernels/
// conv2dFast.spec.ts) checks that both agree on random geometries and data; the plain
// version stays the specification. The tricks, each measured with `npm run bench`:
//
// 1. Pad once, then never check bounds. Zero padding means "outside the image reads 0".
//    Instead of testing every tap, we copy x into a zero-filled (H + 2p) × (W + 2p) frame
//    once, and then every tap of every output is in range. With p = 0 there is no copy.
// 2. Several independent sums at once. `s += w·x` in a loop waits for the previous addition
//    to finish; four outputs side by side keep four additions in flight and share each
//    weight load. Likewise three neighbouring taps of the weight gradient share each dy.
// 3. Skip the zeros. 81% of the pixels of an MNIST digit are exactly 0 (background), and
//    after max pooling three quarters of dy are 0; a product with 0 adds nothing. When at
//    most a third of the values are non-zero we *scatter*: visit each non-zero value once
//    and add its products to every sum it takes part in. Dense data keeps the gather loops.
//
// Sums are added in a different order than in the reference, so results agree to rounding
// (float32: about 1e-7 relative), not bit for bit; each path is itself deterministic.
// Shapes and formulas as in kernels/conv2d.ts.
// Previous: kernels/conv2d.ts. Next: kernels/maxpool.ts.

import { float64, floatsLike, type Floats, type ReadonlyFloats } from '../core/memory.ts'
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

/** True when at most a third of the values are non-zero: then scattering them wins. */
export const isSparse = (values: ReadonlyFloats): boolean => {
  const limit = values.length / 3
  let nonZero = 0
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== 0 && ++nonZero > limit) return false
  }
  return true
}

// Forward
// -------

// Gather: each output sums its patch; four outputs of a row at a time.
const forwardGather = (g: ConvGeometry, xp: ReadonlyFloats, weights: ReadonlyFloats, y: Floats, N: number): void => {
  const { C, K, kH, kW, stride: s, oH, oW } = g
  const H = g.H + 2 * g.pad
  const W = g.W + 2 * g.pad
  const s2 = 2 * s
  const s3 = 3 * s
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      for (let oh = 0; oh < oH; oh++) {
        const yRow = ((n * K + k) * oH + oh) * oW
        let ow = 0
        for (; ow + 4 <= oW; ow += 4) {
          let y0 = 0
          let y1 = 0
          let y2 = 0
          let y3 = 0
          for (let c = 0; c < C; c++) {
            let xRow = ((n * C + c) * H + oh * s) * W + ow * s // the patch's top-left input
            let wRow = (k * C + c) * kH * kW
            for (let kh = 0; kh < kH; kh++, xRow += W, wRow += kW) {
              for (let kw = 0; kw < kW; kw++) {
                const wv = weights[wRow + kw]
                const i = xRow + kw
                y0 += wv * xp[i]
                y1 += wv * xp[i + s]
                y2 += wv * xp[i + s2]
                y3 += wv * xp[i + s3]
              }
            }
          }
          y[yRow + ow] += y0
          y[yRow + ow + 1] += y1
          y[yRow + ow + 2] += y2
          y[yRow + ow + 3] += y3
        }
        // The last few outputs of the row, one at a time.
        for (; ow < oW; ow++) {
          let sum = 0
          for (let c = 0; c < C; c++) {
            let xRow = ((n * C + c) * H + oh * s) * W + ow * s
            let wRow = (k * C + c) * kH * kW
            for (let kh = 0; kh < kH; kh++, xRow += W, wRow += kW) {
              for (let kw = 0; kw < kW; kw++) sum += weights[wRow + kw] * xp[xRow + kw]
            }
          }
          y[yRow + ow] += sum
        }
      }
    }
  }
}

// Scatter (stride 1): each non-zero input adds weight · input to every output whose patch
// covers it. Input (ih, iw) meets tap (kh, kw) at output (ih + p − kh, iw + p − kw). To skip
// the bounds checks we scatter into a frame kH − 1 rows and kW − 1 columns larger than the
// output on each side that can overflow, then copy the valid part out: every tap lands
// inside the frame, and the inner loop is a plain multiply-add.
const forwardScatter = (g: ConvGeometry, x: ReadonlyFloats, weights: ReadonlyFloats, y: Floats, N: number): void => {
  const { C, H, W, K, kH, kW, pad: p, oH, oW } = g
  // Frame coordinates: row fr = oh + (kH − 1 − p) for oh from p − kH + 1 to H − 1 + p.
  const fH = H + kH - 1
  const fW = W + kW - 1
  const frame = floatsLike(y, fH * fW) // (fH, fW), one filter of one sample at a time
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      frame.fill(0)
      for (let c = 0; c < C; c++) {
        const wPlane = (k * C + c) * kH * kW
        for (let ih = 0; ih < H; ih++) {
          const xRow = ((n * C + c) * H + ih) * W
          for (let iw = 0; iw < W; iw++) {
            const v = x[xRow + iw]
            if (v === 0) continue
            // Tap (kh, kw) lands at frame (ih + kH − 1 − kh, iw + kW − 1 − kw).
            let at = (ih + kH - 1) * fW + iw + kW - 1
            for (let kh = 0; kh < kH; kh++, at -= fW) {
              const wRow = wPlane + kh * kW
              for (let kw = 0; kw < kW; kw++) frame[at - kw] += weights[wRow + kw] * v
            }
          }
        }
      }
      // Output (oh, ow) sits at frame (oh + kH − 1 − p, ow + kW − 1 − p). With padding wider
      // than the kernel, outputs beyond the frame see only zeros and stay 0.
      const yPlane = (n * K + k) * oH * oW
      const owFirst = Math.max(0, p - kW + 1)
      const owEnd = Math.min(oW, fW - kW + 1 + p)
      for (let oh = Math.max(0, p - kH + 1); oh < Math.min(oH, fH - kH + 1 + p); oh++) {
        const from = (oh + kH - 1 - p) * fW + kW - 1 - p
        for (let ow = owFirst; ow < owEnd; ow++) y[yPlane + oh * oW + ow] = frame[from + ow]
      }
    }
  }
}

/** y = conv(x, weights) + bias, by gathering patches, or scattering a sparse input. */
export const conv2dForwardFast = (
  g: ConvGeometry,
  x: ReadonlyFloats, //       (N, C, H, W)
  weights: ReadonlyFloats, // (K, C, kH, kW)
  bias: ReadonlyFloats | undefined, // (K)
  N: number,
): Floats => {
  const { K, oH, oW } = g
  const y = floatsLike(x, N * K * oH * oW) // (N, K, oH, oW)
  if (g.stride === 1 && isSparse(x)) forwardScatter(g, x, weights, y, N)
  else forwardGather(g, padInput(g, x, N), weights, y, N)
  if (bias !== undefined) {
    const plane = oH * oW
    for (let nk = 0; nk < N * K; nk++) {
      const b = bias[nk % K]
      for (let i = nk * plane; i < (nk + 1) * plane; i++) y[i] += b
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

// Gather: for each tap, the dot product of dy with the inputs under that tap. Three
// neighbouring taps at a time share every dy load; taps left over at the end of a kernel
// row go one at a time.
const weightsGather = (g: ConvGeometry, dy: ReadonlyFloats, xp: ReadonlyFloats, dWeights: Floats, N: number): void => {
  const { C, K, kH, kW, stride: s, oH, oW } = g
  const H = g.H + 2 * g.pad
  const W = g.W + 2 * g.pad
  for (let k = 0; k < K; k++) {
    for (let c = 0; c < C; c++) {
      for (let kh = 0; kh < kH; kh++) {
        const wRow = ((k * C + c) * kH + kh) * kW
        let kw = 0
        for (; kw + 3 <= kW; kw += 3) {
          let d0 = 0
          let d1 = 0
          let d2 = 0
          for (let n = 0; n < N; n++) {
            for (let oh = 0; oh < oH; oh++) {
              const dyRow = ((n * K + k) * oH + oh) * oW
              let i = ((n * C + c) * H + oh * s + kh) * W + kw
              for (let ow = 0; ow < oW; ow++, i += s) {
                const d = dy[dyRow + ow]
                d0 += d * xp[i]
                d1 += d * xp[i + 1]
                d2 += d * xp[i + 2]
              }
            }
          }
          dWeights[wRow + kw] = d0
          dWeights[wRow + kw + 1] = d1
          dWeights[wRow + kw + 2] = d2
        }
        for (; kw < kW; kw++) {
          let d0 = 0
          for (let n = 0; n < N; n++) {
            for (let oh = 0; oh < oH; oh++) {
              const dyRow = ((n * K + k) * oH + oh) * oW
              let i = ((n * C + c) * H + oh * s + kh) * W + kw
              for (let ow = 0; ow < oW; ow++, i += s) d0 += dy[dyRow + ow] * xp[i]
            }
          }
          dWeights[wRow + kw] = d0
        }
      }
    }
  }
}

// Scatter: each non-zero dy adds dy · (its input patch) to the weight gradient, summed in
// a float64 scratch array so that long sums keep their precision.
const weightsScatter = (g: ConvGeometry, dy: ReadonlyFloats, xp: ReadonlyFloats, dWeights: Floats, N: number): void => {
  const { C, K, kH, kW, stride: s, oH, oW } = g
  const H = g.H + 2 * g.pad
  const W = g.W + 2 * g.pad
  const sums = float64(K * C * kH * kW) // (K, C, kH, kW)
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      for (let oh = 0; oh < oH; oh++) {
        for (let ow = 0; ow < oW; ow++) {
          const d = dy[((n * K + k) * oH + oh) * oW + ow]
          if (d === 0) continue
          for (let c = 0; c < C; c++) {
            let xRow = ((n * C + c) * H + oh * s) * W + ow * s
            let wRow = (k * C + c) * kH * kW
            for (let kh = 0; kh < kH; kh++, xRow += W, wRow += kW) {
              for (let kw = 0; kw < kW; kw++) sums[wRow + kw] += d * xp[xRow + kw]
            }
          }
        }
      }
    }
  }
  dWeights.set(sums)
}

/** dWeights: for each tap, the sum over positions of dy times the input under that tap. */
export const conv2dBackwardWeightsFast = (
  g: ConvGeometry,
  dy: ReadonlyFloats, // (N, K, oH, oW)
  x: ReadonlyFloats, //  (N, C, H, W)
  N: number,
): Floats => {
  const { C, K, kH, kW } = g
  const dWeights = floatsLike(dy, K * C * kH * kW) // (K, C, kH, kW)
  const xp = padInput(g, x, N)
  if (isSparse(dy)) weightsScatter(g, dy, xp, dWeights, N)
  else weightsGather(g, dy, xp, dWeights, N)
  return dWeights
}
