// Max-pooling kernels
// ===================
//
// Pooling shrinks each channel by keeping only the largest value of every size×size
// window, moved `stride` pixels at a time (stride = size gives the usual non-overlapping
// tiles). It has no parameters; it makes the network cheaper downstream and a little
// tolerant of where exactly a feature appears.
//
//     y[n,c,oh,ow] = max over 0 ≤ i, j < size of x[n,c, oh·stride + i, ow·stride + j]
//
// Shapes: x (N, C, H, W) → y (N, C, oH, oW) with oH = ⌊(H − size)/stride⌋ + 1 (likewise oW);
// a 26×26 map pooled by 2 becomes 13×13. Rows or columns left over at the edge are dropped.
//
// Backward. The max is locally just a copy of its winning input, so the gradient of each
// output flows to that one input and every other input of the window gets 0. The forward
// pass records the flat index of each winner (the "argmax"), and backward routes dy there:
//
//     dx[argmax[i]] += dy[i]
//
// Nothing is created or lost, so Σ dx = Σ dy. On a tie the first maximum in reading order
// wins. Windows overlap when stride < size, so one input may win several times: hence +=.
// Previous: kernels/conv2d.ts. Next: kernels/softmaxCrossEntropy.ts.

import { floatsLike, int32, type Floats, type ReadonlyFloats } from '../core/memory.ts'

/** The sizes of one pooling, computed once for forward and backward. */
export interface PoolGeometry {
  readonly C: number
  readonly H: number
  readonly W: number
  readonly size: number
  readonly stride: number
  readonly oH: number
  readonly oW: number
}

/**
 * The geometry of pooling a (C, H, W) input with size×size windows.
 * @example poolGeometry(1, 26, 26, 2, 2) // { …, oH: 13, oW: 13 }
 */
export const poolGeometry = (C: number, H: number, W: number, size: number, stride: number): PoolGeometry => ({
  C, H, W, size, stride,
  oH: Math.floor((H - size) / stride) + 1,
  oW: Math.floor((W - size) / stride) + 1,
})

// Forward
// -------

/**
 * The window maxima, and for each the flat index in x of the input that won.
 * @example maxPoolForward(poolGeometry(1, 2, 2, 2, 2), [1, 4, 3, 2], 1) // [[4], [1]]
 */
export const maxPoolForward = (
  g: PoolGeometry,
  x: ReadonlyFloats, // (N, C, H, W)
  N: number,
): readonly [Floats, Int32Array] => {
  const { C, H, W, size, stride, oH, oW } = g
  const y = floatsLike(x, N * C * oH * oW) // (N, C, oH, oW)
  const argmax = int32(N * C * oH * oW) //   (N, C, oH, oW), flat indices into x
  for (let nc = 0; nc < N * C; nc++) {
    const plane = nc * H * W
    for (let oh = 0; oh < oH; oh++) {
      for (let ow = 0; ow < oW; ow++) {
        // Start from the window's first element (no sentinel value); later ones must beat it.
        let best = plane + oh * stride * W + ow * stride
        let bestValue = x[best]
        for (let i = 0; i < size; i++) {
          const row = plane + (oh * stride + i) * W + ow * stride
          for (let j = 0; j < size; j++) {
            const v = x[row + j]
            if (v > bestValue) {
              bestValue = v
              best = row + j
            }
          }
        }
        const out = (nc * oH + oh) * oW + ow
        y[out] = bestValue
        argmax[out] = best
      }
    }
  }
  return [y, argmax]
}

// Backward
// --------

/** dx: each output's gradient, routed to the input that won its window. */
export const maxPoolBackward = (
  dy: ReadonlyFloats, //             (N, C, oH, oW)
  argmax: Readonly<Int32Array>, //   (N, C, oH, oW)
  inputSize: number, //              N·C·H·W
): Floats => {
  const dx = floatsLike(dy, inputSize) // (N, C, H, W)
  for (let i = 0; i < dy.length; i++) dx[argmax[i]] += dy[i]
  return dx
}

// Both kernels as one value
// -------------------------

/** Max pooling's kernels as one value (layers/maxPool.ts); fast/kernels.ts has a faster set. */
export const maxPoolKernels = { forward: maxPoolForward, backward: maxPoolBackward }

/** What any set of pooling kernels must provide: the signatures of the plain ones. */
export type MaxPoolKernels = typeof maxPoolKernels
