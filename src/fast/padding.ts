// Zero padding, once
// ==================
//
// A convolution with padding p reads zeros outside the image. Rather than test every tap
// against the image border, the fast kernels copy the input once into a frame of zeros
// p pixels wide on every side, and then every tap of every output lands inside it:
//
//     x (N, C, H, W)  →  xp (N, C, H + 2p, W + 2p),   xp[n, c, h + p, w + p] = x[n, c, h, w]
//
// The copy costs one pass over the input, little next to the kH·kW·K multiply-adds each
// input takes part in. Gradients computed in the padded frame are cropped back the same way.
// Previous: fast/scratch.ts. Next: fast/activations.ts.

import { floatsLike, type Floats, type ReadonlyFloats } from './memory.ts'
import { scratchZeros } from './scratch.ts'
import type { ConvGeometry } from '../kernels/conv2d.ts'

/**
 * x framed by `pad` zeros on every side: (N, C, H, W) → (N, C, H + 2p, W + 2p), in scratch
 * memory (fast/scratch.ts): it lives only inside the calling kernel. With no padding it
 * returns x itself (no copy).
 */
export const padInput = (g: ConvGeometry, x: ReadonlyFloats, N: number): ReadonlyFloats => {
  const { C, H, W, pad } = g
  if (pad === 0) return x
  const pH = H + 2 * pad
  const pW = W + 2 * pad
  const padded = scratchZeros(x, N * C * pH * pW, 'padded') // (N, C, pH, pW)
  for (let nc = 0; nc < N * C; nc++) {
    for (let h = 0; h < H; h++) {
      const from = (nc * H + h) * W
      const to = (nc * pH + h + pad) * pW + pad
      for (let w = 0; w < W; w++) padded[to + w] = x[from + w]
    }
  }
  return padded
}

/** Zeros of the padded shape (N, C, H + 2p, W + 2p) in scratch memory, for a gradient to be cropped. */
export const paddedZeros = (g: ConvGeometry, like: ReadonlyFloats, N: number): Floats =>
  g.pad === 0 ? floatsLike(like, N * g.C * g.H * g.W) : scratchZeros(like, N * g.C * (g.H + 2 * g.pad) * (g.W + 2 * g.pad), 'paddedGradient')

/** The inverse of padInput: drops the frame of a padded (N, C, pH, pW) array, into fresh memory. */
export const cropPadding = (g: ConvGeometry, padded: Floats, N: number): Floats => {
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
