// Direct convolution loops, fast
// ==============================
//
// The sums of kernels/conv2d.ts, computed by loops arranged for speed instead of for
// reading. Two ideas, each in a *gather* and a *scatter* form:
//
// Gather (dense data). Each output sums its own patch, and four neighbouring outputs are
// summed side by side: `s += w·x` in a loop must wait for the previous addition, while four
// independent sums keep four additions in flight and share every weight load. The weight
// gradient likewise sums three neighbouring taps at once, sharing every dy load. Inputs are
// padded once (fast/padding.ts), so no loop checks a border.
//
// Scatter (sparse data). 81% of an MNIST digit's pixels are exactly 0, and after max
// pooling three quarters or more of the gradient are 0; a product with 0 adds nothing.
// So we visit only the non-zero values, and add each one's products to every sum it takes
// part in: an input pixel to every output whose patch covers it, a gradient entry to every
// weight and every input of its patch.
//
// fast/conv2dFast.ts chooses between these and the matrix-product form per call.
// Sums are added in another order than in the reference, so results agree to rounding.
// Previous: fast/activations.ts. Next: fast/gemm.ts.

import { floatsLike, int32, type Floats, type ReadonlyFloats } from './memory.ts'
import type { ConvGeometry } from '../kernels/conv2d.ts'
import { cropPadding, padInput, paddedZeros } from './padding.ts'
import { scratchFloat64, scratchInt32 } from './scratch.ts'

// Adds bias[k] to every output of filter k: y (N, K, P), the caller's own fresh array.
const addBias = (y: Floats, bias: ReadonlyFloats | undefined, N: number, K: number, P: number): Floats => {
  if (bias === undefined) return y
  for (let nk = 0; nk < N * K; nk++) {
    const b = bias[nk % K]
    for (let i = nk * P; i < (nk + 1) * P; i++) y[i] += b
  }
  return y
}

// Forward
// -------

/** y = conv(x, weights) + bias, gathering each output's patch, four outputs at a time. */
export const conv2dForwardGather = (
  g: ConvGeometry,
  x: ReadonlyFloats, //       (N, C, H, W)
  weights: ReadonlyFloats, // (K, C, kH, kW)
  bias: ReadonlyFloats | undefined, // (K)
  N: number,
): Floats => {
  const { C, K, kH, kW, stride: s, oH, oW } = g
  const H = g.H + 2 * g.pad
  const W = g.W + 2 * g.pad
  const xp = padInput(g, x, N) // (N, C, H, W) in the padded frame
  const y = floatsLike(x, N * K * oH * oW) // (N, K, oH, oW)
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
          y[yRow + ow] = y0
          y[yRow + ow + 1] = y1
          y[yRow + ow + 2] = y2
          y[yRow + ow + 3] = y3
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
          y[yRow + ow] = sum
        }
      }
    }
  }
  return addBias(y, bias, N, K, oH * oW)
}

/**
 * y = conv(x, weights) + bias for stride 1, scattering each non-zero input: input (ih, iw)
 * meets tap (kh, kw) at output (oh, ow) = (ih + p − kh, iw + p − kw). Inputs away from the
 * border reach a full kH×kW block of outputs and need no checks; the few near the border
 * check each tap.
 */
export const conv2dForwardScatter = (
  g: ConvGeometry,
  x: ReadonlyFloats, //       (N, C, H, W)
  weights: ReadonlyFloats, // (K, C, kH, kW)
  bias: ReadonlyFloats | undefined, // (K)
  N: number,
): Floats => conv2dForwardScatterInto(g, x, weights, bias, N, floatsLike(x, N * g.K * g.oH * g.oW))

/**
 * The same, written into `y`, zeros of length N·K·oH·oW that the caller allocated (the fused
 * layer of fast/convPool.ts reuses one such array from call to call).
 */
export const conv2dForwardScatterInto = (
  g: ConvGeometry,
  x: ReadonlyFloats, //       (N, C, H, W)
  weights: ReadonlyFloats, // (K, C, kH, kW)
  bias: ReadonlyFloats | undefined, // (K)
  N: number,
  y: Floats, //               (N, K, oH, oW), zeros
): Floats => {
  const { C, H, W, K, kH, kW, pad: p, oH, oW } = g
  if (g.stride !== 1) throw new RangeError('conv2dForwardScatter: needs stride 1')
  const plane = oH * oW
  // Where tap (kh, kw) of an input lands, counted back from the output at the block's corner:
  // one flat loop over the taps instead of two short nested ones.
  const taps = kH * kW
  const back = int32(taps)
  for (let t = 0; t < taps; t++) back[t] = Math.floor(t / kW) * oW + (t % kW)
  // The non-zero inputs of one channel whose block lies inside the output, as a list: their
  // values and the output at their block's corner. Then each tap is one pass over the list,
  // so that consecutive additions land on different outputs (adding to the same output
  // again and again would make each addition wait for the one before).
  const values = scratchFloat64(H * W, 'values')
  const corners = scratchInt32(H * W, 'positions')
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      let count = 0
      for (let ih = 0; ih < H; ih++) {
        const xRow = ((n * C + c) * H + ih) * W
        const rowInside = ih + p - (kH - 1) >= 0 && ih + p < oH
        for (let iw = 0; iw < W; iw++) {
          const v = x[xRow + iw]
          if (v === 0) continue
          if (rowInside && iw + p - (kW - 1) >= 0 && iw + p < oW) {
            values[count] = v
            corners[count] = (ih + p) * oW + iw + p
            count++
            continue
          }
          // Near the border: check each tap.
          for (let k = 0; k < K; k++) {
            const yPlane = (n * K + k) * plane
            const wPlane = (k * C + c) * taps
            for (let kh = 0; kh < kH; kh++) {
              const oh = ih + p - kh
              if (oh < 0 || oh >= oH) continue
              for (let kw = 0; kw < kW; kw++) {
                const ow = iw + p - kw
                if (ow >= 0 && ow < oW) y[yPlane + oh * oW + ow] += weights[wPlane + kh * kW + kw] * v
              }
            }
          }
        }
      }
      // y[oh,ow] += w[kh,kw] · x[ih,iw] for every listed input and every tap, no checks needed.
      for (let k = 0; k < K; k++) {
        const yPlane = (n * K + k) * plane
        const wPlane = (k * C + c) * taps
        for (let t = 0; t < taps; t++) {
          const w = weights[wPlane + t]
          const at = yPlane - back[t]
          for (let i = 0; i < count; i++) y[at + corners[i]] += w * values[i]
        }
      }
    }
  }
  return addBias(y, bias, N, K, plane)
}

// Input gradient
// --------------

/** dx: each tap's weight times the whole dy plane, added back onto the inputs it read. */
export const conv2dBackwardInputPlanes = (
  g: ConvGeometry,
  dy: ReadonlyFloats, //      (N, K, oH, oW)
  weights: ReadonlyFloats, // (K, C, kH, kW)
  N: number,
): Floats => {
  const { C, K, kH, kW, stride: s, pad, oH, oW } = g
  const H = g.H + 2 * pad
  const W = g.W + 2 * pad
  const dxp = paddedZeros(g, dy, N) // (N, C, H, W) padded; the frame is dropped at the end
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

/** dx, visiting only the non-zero dy: each adds dy · (its filter) onto the patch it came from. */
export const conv2dBackwardInputScatter = (
  g: ConvGeometry,
  dy: ReadonlyFloats, //      (N, K, oH, oW)
  weights: ReadonlyFloats, // (K, C, kH, kW)
  N: number,
): Floats => {
  const { C, K, kH, kW, stride: s, pad, oH, oW } = g
  const H = g.H + 2 * pad
  const W = g.W + 2 * pad
  const dxp = paddedZeros(g, dy, N) // (N, C, H, W) padded
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      for (let oh = 0; oh < oH; oh++) {
        for (let ow = 0; ow < oW; ow++) {
          const d = dy[((n * K + k) * oH + oh) * oW + ow]
          if (d === 0) continue
          for (let c = 0; c < C; c++) {
            let dxRow = ((n * C + c) * H + oh * s) * W + ow * s
            let wRow = (k * C + c) * kH * kW
            for (let kh = 0; kh < kH; kh++, dxRow += W, wRow += kW) {
              for (let kw = 0; kw < kW; kw++) dxp[dxRow + kw] += d * weights[wRow + kw]
            }
          }
        }
      }
    }
  }
  return cropPadding(g, dxp, N)
}

// Weight gradient
// ---------------

/**
 * dWeights: for each tap, the dot product of dy with the inputs under that tap. Three
 * neighbouring taps at a time share every dy load; leftovers go one at a time.
 */
export const conv2dBackwardWeightsGather = (
  g: ConvGeometry,
  dy: ReadonlyFloats, // (N, K, oH, oW)
  x: ReadonlyFloats, //  (N, C, H, W)
  N: number,
): Floats => {
  const { C, K, kH, kW, stride: s, oH, oW } = g
  const H = g.H + 2 * g.pad
  const W = g.W + 2 * g.pad
  const xp = padInput(g, x, N)
  const dWeights = floatsLike(dy, K * C * kH * kW) // (K, C, kH, kW)
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
  return dWeights
}

/**
 * dWeights, visiting only the non-zero dy. First list where they are (their value and the
 * top-left corner of their input patch); then each weight is one dot product over that
 * list, summed in a local variable: dWeights[k,c,kh,kw] = Σ_list d · x[corner + c·H·W + kh·W + kw].
 */
export const conv2dBackwardWeightsScatter = (
  g: ConvGeometry,
  dy: ReadonlyFloats, // (N, K, oH, oW)
  x: ReadonlyFloats, //  (N, C, H, W)
  N: number,
): Floats => {
  const { C, K, kH, kW, stride: s, oH, oW } = g
  const H = g.H + 2 * g.pad
  const W = g.W + 2 * g.pad
  const xp = padInput(g, x, N)
  const dWeights = floatsLike(dy, K * C * kH * kW) // (K, C, kH, kW)
  const values = scratchFloat64(N * oH * oW, 'values') //     the non-zero dy of one filter
  const corners = scratchInt32(N * oH * oW, 'positions') // where their patches start in xp (channel 0)
  for (let k = 0; k < K; k++) {
    let count = 0
    for (let n = 0; n < N; n++) {
      for (let oh = 0; oh < oH; oh++) {
        const dyRow = ((n * K + k) * oH + oh) * oW
        for (let ow = 0; ow < oW; ow++) {
          const d = dy[dyRow + ow]
          if (d === 0) continue
          values[count] = d
          corners[count] = (n * C * H + oh * s) * W + ow * s
          count++
        }
      }
    }
    for (let c = 0; c < C; c++) {
      for (let kh = 0; kh < kH; kh++) {
        for (let kw = 0; kw < kW; kw++) {
          const offset = (c * H + kh) * W + kw
          let sum = 0
          for (let i = 0; i < count; i++) sum += values[i] * xp[corners[i] + offset]
          dWeights[((k * C + c) * kH + kh) * kW + kw] = sum
        }
      }
    }
  }
  return dWeights
}
