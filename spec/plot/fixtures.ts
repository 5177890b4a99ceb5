// Small, fixed inputs for the figure specs: deterministic "random" numbers without state,
// so that every spec (and every snapshot) sees the same data.

import type { Tensor } from '../../src/core/tensor.ts'

/** A repeatable number in [−1, 1) for index i: the fractional part of a scaled sine. */
export const hashed = (i: number, seed = 1): number => {
  const x = Math.sin(i * 12.9898 + seed * 78.233) * 43758.5453
  return 2 * (x - Math.floor(x)) - 1
}

/** A float32 tensor of the shape filled with hashed numbers times `scale`. */
export const hashedTensor = (shape: readonly number[], scale = 1, seed = 1): Tensor => {
  const n = shape.reduce((a, b) => a * b, 1)
  return { shape, data: Float32Array.from({ length: n }, (_, i) => scale * hashed(i, seed)) }
}

/** A tensor from the numbers given. */
export const tensorOf = (shape: readonly number[], values: readonly number[]): Tensor => ({ shape, data: Float32Array.from(values) })

/** The ten digit names. */
export const DIGITS: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']

/** A 28×28 ring of ink, as bytes 0–255: a passable zero. */
export const ringImage = (): Uint8Array =>
  Uint8Array.from({ length: 784 }, (_, i) => {
    const r = Math.hypot(Math.floor(i / 28) - 13.5, ((i % 28) - 13.5) * 1.5)
    return Math.round(255 * Math.max(0, 1 - Math.abs(r - 9) / 2.5))
  })

/** The numbers a printed label stands for: "−0.12" → −0.12. */
export const readNumber = (text: string): number => Number(text.replace('−', '-').replace('+', ''))
