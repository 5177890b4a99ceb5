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
// To check a single layer we need a scalar to differentiate; we use L = Σ y ⊙ r with a
// fixed random r, whose gradient ∂L/∂y is simply r. To check a whole network we use its
// real loss. Piecewise-linear layers (ReLU, max pooling) have kinks where the derivative
// jumps; the checks in spec/ keep their inputs well away from them, because there the
// numeric gradient straddles two pieces and means nothing.
// Previous: kernels/activations.ts. Next: kernels/conv2d.ts.

import { float64 } from '../core/memory.ts'
import type { ParamTree } from '../core/params.ts'
import { permutation, sample, seedRng, uniform } from '../core/rng.ts'
import { indexOf } from '../core/shape.ts'
import { tensor, toFloat64, type Tensor } from '../core/tensor.ts'
import type { Labels, Layer, Loss } from '../layers/layer.ts'
import { backward, forward, type Network } from '../model/sequential.ts'

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

// Checking a layer
// ----------------

// A copy of named tensors in double precision.
const named64 = (named: Named): Named => Object.fromEntries(Object.entries(named).map(([k, v]) => [k, toFloat64(v)]))

/**
 * Checks a layer's backward (input and every parameter) at `params` and `x`, through the
 * scalar L = Σ y ⊙ r for a fixed random r.
 */
export const checkLayer = (layer: Layer, params: Named, x: Tensor, options: GradcheckOptions = {}): GradcheckReport => {
  const point: Named = { x: toFloat64(x), ...named64(params) }
  const split = (p: Named): readonly [Named, Tensor] => {
    const { x: input, ...rest } = p
    return [rest, input!]
  }
  const [p0, x0] = split(point)
  const [y0, cache] = layer.forward(p0, x0)
  // r: a fixed random direction with y's shape, values in [−1, 1).
  const [rData] = sample(y0.data.length, seedRng(options.seed ?? 0), (s) => {
    const [u, next] = uniform(s)
    return [2 * u - 1, next]
  })
  const r = toFloat64(tensor(y0.shape, rData))
  const f = (p: Named): number => {
    const [ps, xs] = split(p)
    const y = layer.forward(ps, xs)[0].data
    let sum = 0
    for (let i = 0; i < y.length; i++) sum += y[i] * r.data[i]
    return sum
  }
  const [dx, dParams] = layer.backward(p0, cache, r)
  return checkGradient(f, point, { x: dx, ...dParams }, options)
}

// Checking a whole network
// ------------------------

// Parameters of a network as flat names, "2:dense10.weights", and back.
const nameOf = (net: Network, layer: number, param: string): string => `${layer + 1}:${net.layers[layer].name}.${param}`

const flattenTree = (net: Network, tree: ParamTree): Named =>
  Object.fromEntries(tree.flatMap((record, i) => Object.entries(record).map(([k, v]) => [nameOf(net, i, k), v])))

const unflattenTree = (net: Network, point: Named, like: ParamTree): ParamTree =>
  like.map((record, i) => Object.fromEntries(Object.keys(record).map((k) => [k, point[nameOf(net, i, k)]])))

/**
 * Checks a whole network plus its loss: the gradient of the loss with respect to the input
 * and to every parameter of every layer.
 */
export const checkNetwork = (
  net: Network,
  loss: Loss,
  params: ParamTree,
  x: Tensor,
  labels: Labels,
  options: GradcheckOptions = {},
): GradcheckReport => {
  const point: Named = { x: toFloat64(x), ...named64(flattenTree(net, params)) }
  const f = (p: Named): number => loss.forward(forward(net, unflattenTree(net, p, params), p.x!)[0], labels)[0]
  const params64 = unflattenTree(net, point, params)
  const [logits, caches] = forward(net, params64, point.x!)
  const [, lossCache] = loss.forward(logits, labels)
  const [dx, grads] = backward(net, params64, caches, loss.backward(lossCache))
  return checkGradient(f, point, { x: dx, ...flattenTree(net, grads) }, options)
}

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
