// Gradient checking
// =================
//
// How do we know a backward pass is right? We compare it with the definition of a
// derivative. Nudge one number θ of the input or of the weights by a tiny ε both ways and
// watch the loss:
//
//     ∂L/∂θ ≈ (L(θ + ε) − L(θ − ε)) / 2ε          (central difference, error O(ε²))
//
// and compare this *numeric* gradient with the *analytic* one from backward, coordinate by
// coordinate, by their relative error
//
//     err = |a − n| / max(|a|, |n|, floor)
//
// (the floor keeps coordinates whose true gradient is 0 from dividing noise by noise).
// Everything runs in Float64: in float32 a centred difference is only good to about 1e-3,
// in float64 to about 1e-10, so a correct backward scores far below the 1e-6 tolerance and
// a wrong one (a missing term, a transposed index) scores near 1.
//
// The checker takes any function of named tensors to one number, and the gradient its
// backward pass claims. A kernel such as denseForward gives a whole array, not one number;
// we make it one with a fixed random direction r: L = Σ y ⊙ r, whose gradient ∂L/∂y is
// simply r, so the backward kernels given dy = r must produce ∂L/∂x, ∂L/∂weights, … .
// spec/check/gradcheck.spec.ts checks the dense and activation kernels this way, and shows
// a deliberately wrong backward failing. (Checking whole layers and networks comes once
// they exist: check/layers.ts.) Piecewise-linear functions (ReLU, max pooling) have kinks
// where the derivative jumps; the checks keep their inputs away from them, because there
// the numeric gradient straddles two pieces and means nothing.
// Previous: kernels/activations.ts. Next: kernels/conv2d.ts.

import { float64 } from '../core/memory.ts'
import { permutation, sample, seedRng, uniform } from '../core/rng.ts'
import { indexOf } from '../core/shape.ts'
import { tensor, toFloat64, type Tensor } from '../core/tensor.ts'

/** How carefully to check. */
export interface GradcheckOptions {
  /** The nudge ε for central differences (default 1e-5, near the best for float64). */
  readonly epsilon?: number
  /** The largest acceptable relative error (default 1e-6). */
  readonly tolerance?: number
  /**
   * The smallest denominator of the relative error (default 1e-3): gradients smaller than
   * this are compared absolutely, to 1e-9 with the default tolerance, because the numeric
   * estimate itself carries about 1e-11 of rounding noise.
   */
  readonly floor?: number
  /** Check at most this many coordinates of each tensor, chosen at random (default: all). */
  readonly maxPerTensor?: number
  /** Seed for the projection r and the coordinate choice (default 0). */
  readonly seed?: number
}

/** One checked coordinate. */
export interface Comparison {
  readonly tensor: string
  readonly index: readonly number[]
  readonly analytic: number
  readonly numeric: number
  readonly error: number
}

/** The outcome of a check: pass or fail, the worst coordinate, and every comparison made. */
export interface GradcheckReport {
  readonly ok: boolean
  readonly tolerance: number
  readonly worst: Comparison
  readonly comparisons: readonly Comparison[]
}

/** Named tensors: the point we differentiate at, or the gradients there. */
export type Named = { readonly [name: string]: Tensor }

// The checker
// -----------

/** The relative error of an analytic gradient a against a numeric one n. */
export const relativeError = (a: number, n: number, floor: number): number =>
  Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), floor)

// The same tensors with one coordinate moved by delta (a copy; the point is left as is).
const nudge = (point: Named, name: string, i: number, delta: number): Named => {
  const moved = float64(point[name].data.length)
  moved.set(point[name].data)
  moved[i] = moved[i] + delta
  return { ...point, [name]: tensor(point[name].shape, moved) }
}

/**
 * Compares `analytic`, the claimed gradient of the scalar function `f` at `point`, with
 * central differences, tensor by tensor. All tensors should be Float64.
 */
export const checkGradient = (
  f: (point: Named) => number,
  point: Named,
  analytic: Named,
  options: GradcheckOptions = {},
): GradcheckReport => {
  const { epsilon = 1e-5, tolerance = 1e-6, floor = 1e-3, maxPerTensor = Infinity, seed = 0 } = options
  let rng = seedRng(seed + 1)
  const comparisons: Comparison[] = []
  for (const name of Object.keys(point)) {
    const { shape, data } = point[name]
    // Which coordinates: all of them, or a random subset in increasing order.
    const [order, next] = permutation(data.length, rng)
    rng = next
    const chosen = data.length <= maxPerTensor ? order.map((_, i) => i) : order.slice(0, maxPerTensor).sort()
    for (const i of chosen) {
      const numeric = (f(nudge(point, name, i, epsilon)) - f(nudge(point, name, i, -epsilon))) / (2 * epsilon)
      const a = analytic[name].data[i]
      comparisons.push({ tensor: name, index: indexOf(shape, i), analytic: a, numeric, error: relativeError(a, numeric, floor) })
    }
  }
  const worst = comparisons.reduce((w, c) => (c.error > w.error || Number.isNaN(c.error) ? c : w), comparisons[0])
  return { ok: comparisons.every((c) => c.error <= tolerance), tolerance, worst, comparisons }
}

// A scalar from an array
// ----------------------

/** A fixed random direction r of `n` numbers in [−1, 1), in Float64, for L = Σ y ⊙ r. */
export const randomDirection = (n: number, seed = 0): Float64Array => {
  const [r] = sample(n, seedRng(seed), (s) => {
    const [u, next] = uniform(s)
    return [2 * u - 1, next]
  })
  return Float64Array.from(r)
}

/** Σ y ⊙ r: the number a gradient check differentiates when a function gives an array. */
export const project = (y: ArrayLike<number>, r: ArrayLike<number>): number => {
  let sum = 0
  for (let i = 0; i < y.length; i++) sum += y[i] * r[i]
  return sum
}

/** Named tensors in double precision (copies). */
export const named64 = (named: Named): Named => Object.fromEntries(Object.entries(named).map(([k, v]) => [k, toFloat64(v)]))

// Reading a report
// ----------------

/**
 * A few lines for humans: the verdict, the worst coordinate, and (like llm.c's test) the
 * first comparisons side by side.
 */
export const showReport = (report: GradcheckReport, rows = 5): string => {
  const { worst } = report
  const where = (c: Comparison) => `${c.tensor}[${c.index.join(', ')}]`
  const lines = [
    `${report.ok ? 'OK' : 'FAILED'}: ${report.comparisons.length} coordinates, worst relative error ${worst.error.toExponential(2)} at ${where(worst)} (tolerance ${report.tolerance.toExponential(0)})`,
    ...report.comparisons.slice(0, rows).map((c) => `  ${where(c).padEnd(28)} analytic ${c.analytic.toExponential(6).padStart(14)}  numeric ${c.numeric.toExponential(6).padStart(14)}`),
  ]
  return lines.join('\n')
}
