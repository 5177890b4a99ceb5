// Appendix: activations and pooling on fresh memory, fast
// =======================================================
//
// The element-wise kernels of kernels/activations.ts and the pooling of kernels/maxpool.ts
// do so little arithmetic per number (a comparison, a multiplication) that allocating their
// output costs as much as computing it. These are the same loops with their outputs cut from
// slabs (fast/memory.ts); the pooling loop has a special case for the common 2×2 window with
// stride 2, written out without the inner loops. The spec checks them against the plain ones.
//
// The leaky ReLU does not branch. `v > 0 ? v : α·v` is a jump the processor must guess, and
// on a network's values, about half positive in no order, it guesses wrong every other time.
// So the comparison picks a slope from a two-entry table, slopes[0] = α and slopes[1] = 1, and
// the loop multiplies: 1·v is v and α·v is α·v, the very numbers of the plain kernel. On
// 401,408 random values of either sign, 2.6 ns a value forward against the plain kernel's 8.4
// (`node --import tsx/esm scripts/tools/kernelTimes.ts`, docs/performance.md).
// Previous: fast/padding.ts. Next: fast/conv2dDirect.ts.

import type { ActivationKernels } from '../kernels/activations.ts'
import type { MaxPoolKernels, PoolGeometry } from '../kernels/maxpool.ts'
import { floatsLike, int32, type Floats, type ReadonlyFloats } from './memory.ts'

// Activations
// -----------

const map = (x: ReadonlyFloats, f: (v: number) => number): Floats => {
  const y = floatsLike(x, x.length)
  for (let i = 0; i < x.length; i++) y[i] = f(x[i])
  return y
}

const map2 = (a: ReadonlyFloats, b: ReadonlyFloats, f: (u: number, v: number) => number): Floats => {
  const y = floatsLike(b, b.length)
  for (let i = 0; i < b.length; i++) y[i] = f(a[i], b[i])
  return y
}

// The leaky ReLU's slopes, indexed by whether the input is positive (0: no, 1: yes).
const slopesOf = (alpha: number): Float64Array => Float64Array.of(alpha, 1)

/** The activation kernels, with the same results as the plain ones. */
export const activationKernelsFast: ActivationKernels = {
  leakyReluForward: (x, alpha) => {
    const y = floatsLike(x, x.length)
    const slopes = slopesOf(alpha)
    for (let i = 0; i < x.length; i++) {
      const v = x[i]
      y[i] = slopes[+(v > 0)] * v
    }
    return y
  },
  leakyReluBackward: (x, dy, alpha) => {
    const dx = floatsLike(dy, dy.length)
    const slopes = slopesOf(alpha)
    for (let i = 0; i < dy.length; i++) dx[i] = slopes[+(x[i] > 0)] * dy[i]
    return dx
  },
  tanhForward: (x) => map(x, Math.tanh),
  tanhBackward: (y, dy) => map2(y, dy, (v, d) => d * (1 - v * v)),
  sigmoidForward: (x) => map(x, (v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)))),
  sigmoidBackward: (y, dy) => map2(y, dy, (v, d) => d * v * (1 - v)),
}

// Max pooling
// -----------

// The general loop: the same as kernels/maxpool.ts.
const maxPoolWindows = (g: PoolGeometry, x: ReadonlyFloats, N: number): readonly [Floats, Int32Array] => {
  const { C, H, W, size, stride, oH, oW } = g
  const y = floatsLike(x, N * C * oH * oW)
  const argmax = int32(N * C * oH * oW)
  for (let nc = 0; nc < N * C; nc++) {
    const plane = nc * H * W
    for (let oh = 0; oh < oH; oh++) {
      for (let ow = 0; ow < oW; ow++) {
        let best = plane + oh * stride * W + ow * stride
        let bestValue = x[best]
        for (let i = 0; i < size; i++) {
          const row = plane + (oh * stride + i) * W + ow * stride
          for (let j = 0; j < size; j++) {
            if (x[row + j] > bestValue) {
              bestValue = x[row + j]
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

// 2×2 windows with stride 2: four candidates in reading order, the first maximum wins.
const maxPool2x2 = (g: PoolGeometry, x: ReadonlyFloats, N: number): readonly [Floats, Int32Array] => {
  const { C, H, W, oH, oW } = g
  const y = floatsLike(x, N * C * oH * oW)
  const argmax = int32(N * C * oH * oW)
  let out = 0
  for (let nc = 0; nc < N * C; nc++) {
    const plane = nc * H * W
    for (let oh = 0; oh < oH; oh++) {
      for (let ow = 0; ow < oW; ow++, out++) {
        const i0 = plane + 2 * oh * W + 2 * ow
        let best = i0
        let bestValue = x[i0]
        if (x[i0 + 1] > bestValue) {
          best = i0 + 1
          bestValue = x[i0 + 1]
        }
        if (x[i0 + W] > bestValue) {
          best = i0 + W
          bestValue = x[i0 + W]
        }
        if (x[i0 + W + 1] > bestValue) {
          best = i0 + W + 1
          bestValue = x[i0 + W + 1]
        }
        y[out] = bestValue
        argmax[out] = best
      }
    }
  }
  return [y, argmax]
}

/** The pooling kernels, with the same results as the plain ones. */
export const maxPoolKernelsFast: MaxPoolKernels = {
  forward: (g, x, N) => (g.size === 2 && g.stride === 2 ? maxPool2x2(g, x, N) : maxPoolWindows(g, x, N)),
  backward: (dy, argmax, inputSize) => {
    const dx = floatsLike(dy, inputSize)
    for (let i = 0; i < dy.length; i++) dx[argmax[i]] += dy[i]
    return dx
  },
}
