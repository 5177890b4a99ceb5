// Reproducible randomness
// =======================
//
// Training uses randomness twice: to draw the initial weights and (optionally) to shuffle
// the training set each epoch. For results you can reproduce bit for bit, the generator is
// a *value*: a function takes the state, and returns the number it drew together with the
// next state. Nothing is hidden in a module variable, and `Math.random` never appears.
//
//     const rng0 = seedRng(42)
//     const [u, rng1] = uniform(rng0)   // the same u for seed 42, every time, everywhere
//
// The generator is xoshiro128** (Blackman & Vigna, 2018): four 32-bit words of state,
// a period of 2¹²⁸ − 1 and excellent statistical quality for a few lines of integer code.
// A seed is spread over the four words with the SplitMix32 mixer, so nearby seeds
// (1, 2, 3, …) still start far apart.
// Previous: core/tensor.ts. Next: core/init.ts.

import { float32 } from './memory.ts'

/** The state of the generator: four unsigned 32-bit words, never all zero. */
export type Rng = readonly [number, number, number, number]

// Seeding
// -------

// SplitMix32: add the golden-ratio constant, then scramble the bits (MurmurHash3's finaliser).
const splitMix32 = (x: number): number => {
  let z = (x + 0x9e3779b9) >>> 0
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

/**
 * A generator state from an integer seed (its low 32 bits are used).
 * @example seedRng(42) // always the same four words
 */
export const seedRng = (seed: number): Rng => {
  const s0 = splitMix32(seed >>> 0)
  const s1 = splitMix32(s0)
  const s2 = splitMix32(s1)
  const s3 = splitMix32(s2)
  // xoshiro must never be all zero; SplitMix32 practically never gives that, but be sure.
  return s0 | s1 | s2 | s3 ? [s0, s1, s2, s3] : [1, 0, 0, 0]
}

// Drawing numbers
// ---------------

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k))

/** The next unsigned 32-bit integer (xoshiro128**) and the state after it. */
export const nextUint32 = (rng: Rng): readonly [number, Rng] => {
  const [s0, s1, s2, s3] = rng
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0
  const t = s1 << 9
  const r2 = s2 ^ s0
  const r3 = s3 ^ s1
  const r1 = s1 ^ r2
  const r0 = s0 ^ r3
  return [result, [r0 >>> 0, r1 >>> 0, (r2 ^ t) >>> 0, rotl(r3, 11) >>> 0]]
}

/** A uniform number in [0, 1), with 32 random bits. */
export const uniform = (rng: Rng): readonly [number, Rng] => {
  const [bits, next] = nextUint32(rng)
  return [bits / 4294967296, next]
}

/**
 * A standard normal number (mean 0, variance 1) by the Box–Muller transform: for uniform
 * u₁ ∈ (0, 1] and u₂ ∈ [0, 1), √(−2 ln u₁) · cos(2π u₂) is normally distributed.
 */
export const normal = (rng: Rng): readonly [number, Rng] => {
  const [a, rng1] = uniform(rng)
  const [b, rng2] = uniform(rng1)
  return [Math.sqrt(-2 * Math.log(1 - a)) * Math.cos(2 * Math.PI * b), rng2]
}

/**
 * A uniform integer in [0, n), without bias: mask the 32 bits down to the smallest
 * all-ones mask that covers n − 1 and draw again while the result is too large.
 */
export const randomInt = (rng: Rng, n: number): readonly [number, Rng] => {
  if (!(Number.isInteger(n) && n >= 1 && n <= 4294967296)) throw new RangeError(`randomInt: n must be an integer in [1, 2^32], got ${n}`)
  const max = n - 1
  let mask = max
  for (let shift = 1; shift < 32; shift *= 2) mask |= mask >>> shift
  let state = rng
  for (;;) {
    const [bits, next] = nextUint32(state)
    state = next
    const value = (bits & mask) >>> 0
    if (value <= max) return [value, state]
  }
}

// Many numbers at once
// --------------------

/** `n` numbers drawn one after another by `draw`, in a fresh `Float32Array`. */
export const sample = (
  n: number,
  rng: Rng,
  draw: (rng: Rng) => readonly [number, Rng],
): readonly [Float32Array, Rng] => {
  const values = float32(n)
  let state = rng
  for (let i = 0; i < n; i++) {
    const [value, next] = draw(state)
    values[i] = value
    state = next
  }
  return [values, state]
}

/**
 * A random permutation of 0, 1, …, n − 1 as an `Int32Array` (Fisher–Yates: walk from the
 * last position down to 1 and swap each with a uniformly chosen position at or before it).
 */
export const permutation = (n: number, rng: Rng): readonly [Int32Array, Rng] => {
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  let state = rng
  for (let i = n - 1; i > 0; i--) {
    const [j, next] = randomInt(state, i + 1)
    state = next
    const tmp = order[i]
    order[i] = order[j]
    order[j] = tmp
  }
  return [order, state]
}
