// The chain rule behind one gradient
// ==================================
//
// Panel 3 of the page ("Watch it learn") draws ∂L/∂(every layer's output) for one digit and
// one target class. Point at one of those numbers and the page shows how the backward pass
// made it, from the gradient one layer later and the values the forward pass cached:
//
//     softmax + cross-entropy   ∂L/∂z_j = p_j − [j = t]
//     dense, its input          ∂L/∂x_f = Σ_o ∂L/∂y_o · W[o, f]                 (O terms)
//     dense, its weights        ∂L/∂W[o, f] = ∂L/∂y_o · x_f
//     activation                ∂L/∂x = ∂L/∂y · f'(x)     f' = 1 or α (leaky ReLU), 1 − y² (tanh), y(1 − y) (σ)
//     max pooling               ∂L/∂x = Σ of ∂L/∂y over the windows x won (0 if it won none)
//     convolution, its input    ∂L/∂x[c, h, w] = Σ_k Σ_(u,v) ∂L/∂y[k, i, j] · w[k, c, u, v],
//                               where i·s + u − p = h and j·s + v − p = w (stride 1: i = h − u + p)
//     convolution, its weights  ∂L/∂w[k, c, u, v] = Σ_(i,j) ∂L/∂y[k, i, j] · x[c, i·s + u − p, j·s + v − p]
//     flatten                   the same number, read with another shape
//     batch norm (predicting)   ∂L/∂x = ∂L/∂y · γ / √(variance + ε): a fixed scale per channel
//     dropout (predicting)      ∂L/∂x = ∂L/∂y: off, the identity
//
// Like site/arithmetic.ts for the forward sums, these functions recompute the value term by
// term in double precision and return every term, so the page can show them; the page's
// numbers themselves come from src/model/trace.ts's `backwardTrace`, which calls the layers'
// own backward functions. spec/site/backwardArithmetic.spec.ts checks that the two agree.
// No DOM here: the page (site/backward.ts) only lays the terms out.

import { BN_EPSILON } from '../src/beyond/batchNorm.ts'
import type { LayerKind, Maps } from './arithmetic.ts'

type Conv = Extract<LayerKind, { kind: 'conv' }>
type Pool = Extract<LayerKind, { kind: 'pool' }>
type Activation = Extract<LayerKind, { kind: 'activation' }>

/** ∂L/∂z_j of softmax cross-entropy for one sample: p_j − [j = t], p recomputed from the logits. */
export interface SoftmaxBackTerms {
  readonly kind: 'softmax'
  readonly j: number
  readonly target: number
  readonly p: number
  readonly onehot: 0 | 1
  readonly value: number
}

/** One product dy · w (or dy · x) of a sum of the backward pass, with where its factors come from. */
export interface Product {
  /** Where the incoming gradient dy sits: an output index (dense) or [k, i, j] (conv). */
  readonly at: readonly number[]
  readonly dy: number
  /** The other factor: a weight (input gradients) or an input value (weight gradients). */
  readonly other: number
}

/** ∂L/∂x_f of a dense layer: one product per output o. */
export interface DenseInputTerms {
  readonly kind: 'dense-input'
  readonly f: number
  readonly products: readonly Product[]
  readonly value: number
}

/** ∂L/∂W[o, f] of a dense layer: a single product. */
export interface DenseWeightTerms {
  readonly kind: 'dense-weight'
  readonly o: number
  readonly f: number
  readonly dy: number
  readonly x: number
  readonly value: number
}

/** ∂L/∂x of an activation: the incoming gradient times the local slope. */
export interface ActivationBackTerms {
  readonly kind: 'activation'
  readonly name: Activation['name']
  readonly alpha: number
  /** The activation's input x and output y, from the forward pass. */
  readonly x: number
  readonly y: number
  readonly dy: number
  readonly slope: number
  readonly value: number
}

/** ∂L/∂x[c, h, w] of max pooling: every window containing (h, w), and whether (h, w) won it. */
export interface PoolBackTerms {
  readonly kind: 'pool'
  readonly windows: readonly { readonly i: number; readonly j: number; readonly dy: number; readonly won: boolean }[]
  readonly value: number
}

/** ∂L/∂x[c, h, w] of a convolution: per filter k, the products dy[k, i, j] · w[k, c, u, v]. */
export interface ConvInputTerms {
  readonly kind: 'conv-input'
  readonly filters: readonly { readonly k: number; readonly products: readonly Product[]; readonly sum: number }[]
  readonly value: number
}

/** ∂L/∂w[k, c, u, v] of a convolution: one product dy · x per output position. */
export interface ConvWeightTerms {
  readonly kind: 'conv-weight'
  readonly products: readonly Product[]
  readonly value: number
}

/** ∂L/∂x of flatten: the gradient at the same flat position, read as (c, h, w). */
export interface FlattenBackTerms {
  readonly kind: 'flatten'
  readonly index: number
  readonly value: number
}

/**
 * ∂L/∂x of batch normalisation when predicting: y = γ·(x − mean)/√(variance + ε) + β is a
 * fixed affine map of x per channel (the mean and variance kept from training), whose slope
 * is γ/√(variance + ε).
 */
export interface BatchNormBackTerms {
  readonly kind: 'bn'
  readonly dy: number
  readonly gamma: number
  readonly variance: number
  /** γ / √(variance + ε) */
  readonly slope: number
  readonly value: number
}

/** ∂L/∂x of dropout when predicting: it is off, so the gradient passes as it is. */
export interface DropoutBackTerms {
  readonly kind: 'dropout'
  readonly p: number
  readonly dy: number
  readonly value: number
}

export type BackTerms =
  | SoftmaxBackTerms | DenseInputTerms | DenseWeightTerms | ActivationBackTerms
  | PoolBackTerms | ConvInputTerms | ConvWeightTerms | FlattenBackTerms
  | BatchNormBackTerms | DropoutBackTerms

// Softmax cross-entropy
// ---------------------

/**
 * ∂L/∂z_j for L = −ln p_t, with p recomputed from the logits z in double precision.
 * @example softmaxBackTerms([0, 0], 1, 0).value // 0.5 − 0 = 0.5
 */
export const softmaxBackTerms = (logits: ArrayLike<number>, target: number, j: number): SoftmaxBackTerms => {
  let max = -Infinity
  for (let n = 0; n < logits.length; n++) max = Math.max(max, logits[n])
  let sum = 0
  for (let n = 0; n < logits.length; n++) sum += Math.exp(logits[n] - max)
  const p = Math.exp(logits[j] - max) / sum
  const onehot = j === target ? 1 : 0
  return { kind: 'softmax', j, target, p, onehot, value: p - onehot }
}

/** The loss −ln p_t from the logits, in double precision (log-sum-exp minus z_t). */
export const lossOf = (logits: ArrayLike<number>, target: number): number => {
  let max = -Infinity
  for (let n = 0; n < logits.length; n++) max = Math.max(max, logits[n])
  let sum = 0
  for (let n = 0; n < logits.length; n++) sum += Math.exp(logits[n] - max)
  return max + Math.log(sum) - logits[target]
}

// Dense
// -----

/** ∂L/∂x_f = Σ_o dy_o · W[o, f], for weights (O, F). */
export const denseInputTerms = (dy: ArrayLike<number>, weights: ArrayLike<number>, F: number, f: number): DenseInputTerms => {
  const products: Product[] = []
  let value = 0
  for (let o = 0; o < dy.length; o++) {
    const w = weights[o * F + f]
    products.push({ at: [o], dy: dy[o], other: w })
    value += dy[o] * w
  }
  return { kind: 'dense-input', f, products, value }
}

/** ∂L/∂W[o, f] = dy_o · x_f. */
export const denseWeightTerms = (dy: ArrayLike<number>, x: ArrayLike<number>, o: number, f: number): DenseWeightTerms =>
  ({ kind: 'dense-weight', o, f, dy: dy[o], x: x[f], value: dy[o] * x[f] })

// Activations
// -----------

/**
 * ∂L/∂x = dy · f'(x) for one value, from the activation's input x and output y (the slope of
 * tanh and σ is read from y, as the layer does). At x = 0 exactly, ReLU's slope is taken to be
 * α (0 for ReLU), as kernels/activations.ts takes it.
 */
export const activationBackTerms = (layer: Activation, x: number, y: number, dy: number): ActivationBackTerms => {
  const slope = layer.name === 'tanh' ? 1 - y * y : layer.name === 'sigmoid' ? y * (1 - y) : x > 0 ? 1 : layer.alpha
  return { kind: 'activation', name: layer.name, alpha: layer.alpha, x, y, dy, slope, value: dy * slope }
}

// Max pooling
// -----------

/**
 * ∂L/∂x[c, h, w] of max pooling over an input of (C, H, W): the windows that contain (h, w),
 * each with its incoming gradient and whether (h, w) won it. The winners are the forward
 * pass's own (`argmax`, flat indices into the input, from the layer's cache), so a tie is
 * settled exactly as the layer settled it.
 */
export const poolBackTerms = (layer: Pool, dy: Maps, argmax: ArrayLike<number>, H: number, W: number, c: number, h: number, w: number): PoolBackTerms => {
  const { size, stride } = layer
  const windows: { i: number; j: number; dy: number; won: boolean }[] = []
  let value = 0
  const flat = (c * H + h) * W + w
  for (let i = 0; i < dy.H; i++) {
    if (h < i * stride || h >= i * stride + size) continue
    for (let j = 0; j < dy.W; j++) {
      if (w < j * stride || w >= j * stride + size) continue
      const out = (c * dy.H + i) * dy.W + j
      const won = argmax[out] === flat
      windows.push({ i, j, dy: dy.data[out], won })
      if (won) value += dy.data[out]
    }
  }
  return { kind: 'pool', windows, value }
}

// Convolution
// -----------

/**
 * ∂L/∂x[c, h, w] of a convolution with weights (K, C, kH, kW): for every filter k and kernel
 * position (u, v), the output (i, j) whose window put w[k, c, u, v] on x[c, h, w], if there is
 * one: i·s + u − p = h and j·s + v − p = w.
 */
export const convInputTerms = (layer: Conv, dy: Maps, weights: ArrayLike<number>, C: number, c: number, h: number, w: number): ConvInputTerms => {
  const { kH, kW, pad, stride } = layer
  const filters = []
  let value = 0
  for (let k = 0; k < dy.C; k++) {
    const products: Product[] = []
    let sum = 0
    for (let u = 0; u < kH; u++) {
      const si = h + pad - u
      if (si < 0 || si % stride !== 0 || si / stride >= dy.H) continue
      const i = si / stride
      for (let v = 0; v < kW; v++) {
        const sj = w + pad - v
        if (sj < 0 || sj % stride !== 0 || sj / stride >= dy.W) continue
        const j = sj / stride
        const g = dy.data[(k * dy.H + i) * dy.W + j]
        const wv = weights[((k * C + c) * kH + u) * kW + v]
        products.push({ at: [k, i, j, u, v], dy: g, other: wv })
        sum += g * wv
      }
    }
    filters.push({ k, products, sum })
    value += sum
  }
  return { kind: 'conv-input', filters, value }
}

/**
 * ∂L/∂w[k, c, u, v] of a convolution over x (C, H, W): Σ over every output position (i, j) of
 * dy[k, i, j] · x[c, i·s + u − p, j·s + v − p], the input under that weight there (0 in the padding).
 */
export const convWeightTerms = (layer: Conv, dy: Maps, x: Maps, k: number, c: number, u: number, v: number): ConvWeightTerms => {
  const { pad, stride } = layer
  const products: Product[] = []
  let value = 0
  for (let i = 0; i < dy.H; i++) {
    for (let j = 0; j < dy.W; j++) {
      const [h, w] = [i * stride + u - pad, j * stride + v - pad]
      const xv = h >= 0 && h < x.H && w >= 0 && w < x.W ? x.data[(c * x.H + h) * x.W + w] : 0
      const g = dy.data[(k * dy.H + i) * dy.W + j]
      products.push({ at: [k, i, j], dy: g, other: xv })
      value += g * xv
    }
  }
  return { kind: 'conv-weight', products, value }
}

/** ∂L/∂x of flatten at flat position `index`: the incoming gradient itself. */
export const flattenBackTerms = (dy: ArrayLike<number>, index: number): FlattenBackTerms => ({ kind: 'flatten', index, value: dy[index] })

/**
 * ∂L/∂x of batch normalisation (predicting) at a value of channel c, from ∂L/∂y there and the
 * channel's γ and running variance.
 * @example batchNormBackTerms(0.5, 2, 1 - 1e-5).value // 0.5 · 2/√1 = 1
 */
export const batchNormBackTerms = (dy: number, gamma: number, variance: number): BatchNormBackTerms => {
  const slope = gamma / Math.sqrt(variance + BN_EPSILON)
  return { kind: 'bn', dy, gamma, variance, slope, value: dy * slope }
}

/** ∂L/∂x of dropout (predicting): ∂L/∂y itself. */
export const dropoutBackTerms = (p: number, dy: number): DropoutBackTerms => ({ kind: 'dropout', p, dy, value: dy })

// Finite differences
// ------------------

/**
 * The slope of f at v estimated from f(v + ε), f(v) and f(v − ε): the central difference
 * (f(v+ε) − f(v−ε)) / 2ε, and the one-sided slopes on either side. When those two differ by
 * more than `agree` of their size, f has a kink within ε of v (a ReLU input crossing 0, a
 * pooling winner changing): there is no single slope, and backprop reports the one on the side
 * the forward pass was on.
 */
export const finiteDifference = (plus: number, mid: number, minus: number, eps: number, agree = 0.01): { readonly central: number; readonly right: number; readonly left: number; readonly kink: boolean } => {
  const right = (plus - mid) / eps
  const left = (mid - minus) / eps
  const central = (plus - minus) / (2 * eps)
  return { central, right, left, kink: Math.abs(right - left) > agree * Math.max(Math.abs(right), Math.abs(left)) + 2e-3 }
}

// Writing it out
// --------------

/**
 * A gradient as the page prints it: four significant digits, a real minus sign, and
 * scientific notation (·10⁻⁵) below 0.001, where gradients of a confident network live.
 */
export const gnum = (v: number): string => {
  if (v === 0 || !Number.isFinite(v)) return v === 0 ? '0' : String(v)
  const a = Math.abs(v)
  if (a >= 1e-3 && a < 1e4) return v.toPrecision(4).replace('-', '−')
  const [mantissa, exponent] = v.toExponential(3).split('e')
  const superscript = (s: string) => s.replace(/[-+0-9]/g, (ch) => ({ '-': '⁻', '+': '' } as Record<string, string>)[ch] ?? '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(ch)])
  return `${mantissa.replace('-', '−')}·10${superscript(exponent)}`
}

// A factor of a product: negative numbers in parentheses.
const factor = (v: number): string => (v < 0 ? `(${gnum(v)})` : gnum(v))

/**
 * A sum of products written out, "0.5000·2.000 + (−1.000)·(−6.000) + 1 × 0": at most `shown`
 * of them, the ones that are exactly 0 (where a gradient or an input is 0) counted, not listed.
 */
export const sumOf = (products: readonly Product[], shown: number): string => {
  const nonzero = products.filter((p) => p.dy * p.other !== 0)
  const zero = products.length - nonzero.length
  const parts = nonzero.slice(0, shown).map((p) => `${factor(p.dy)}·${factor(p.other)}`)
  if (nonzero.length > shown) parts.push(`… (${nonzero.length - shown} more)`)
  if (zero > 0) parts.push(`${zero} × 0`)
  return parts.length === 0 ? '0' : parts.join(' + ')
}

/**
 * The arithmetic as one line of text ending in "= value":
 *   softmax        "p_3 − [3 = 7] = 0.1200 − 0 = 0.1200"
 *   dense input    "0.1200·0.0310 + (−0.8800)·(−0.2010) + … = 0.1806"
 *   activation     "∂L/∂y · f′(x) = 0.2000 · 0.01 = 0.002000"
 *   pooling        "won 1 of 1 windows: 0.3000 = 0.3000"
 *   conv input     "Σ filter 1 + … + Σ filter K = …", the filters' sums
 *   batch norm     "∂L/∂y · γ/√(variance + ε) = 0.2000 · 1.020/√(0.5100 + 10⁻⁵) = 0.2857"
 *   dropout        "∂L/∂y = 0.2000 (dropout is off when predicting)"
 */
export const formatBackTerms = (t: BackTerms, shown = 12): string => {
  switch (t.kind) {
    case 'softmax': return `p${sub(t.j)} − [${t.j} = ${t.target}] = ${gnum(t.p)} − ${t.onehot} = ${gnum(t.value)}`
    case 'dense-input': return `${sumOf(t.products, shown)} = ${gnum(t.value)}`
    case 'dense-weight': return `${factor(t.dy)} · ${factor(t.x)} = ${gnum(t.value)}`
    case 'activation': return `${factor(t.dy)} · ${slopeText(t)} = ${gnum(t.value)}`
    case 'pool': {
      const won = t.windows.filter((w) => w.won)
      return won.length === 0 ? `won none of its ${t.windows.length} window${t.windows.length === 1 ? '' : 's'}: 0` : `${won.map((w) => factor(w.dy)).join(' + ')} = ${gnum(t.value)}`
    }
    case 'conv-input': return t.filters.length === 1 ? `${sumOf(t.filters[0].products, shown)} = ${gnum(t.value)}` : `${t.filters.map((f) => factor(f.sum)).join(' + ')} = ${gnum(t.value)}`
    case 'conv-weight': return `${sumOf(t.products, shown)} = ${gnum(t.value)}`
    case 'flatten': return `the same number: ${gnum(t.value)}`
    case 'bn': return `∂L/∂y · γ/√(variance + ε) = ${factor(t.dy)} · ${factor(t.gamma)}/√(${gnum(t.variance)} + 10⁻⁵) = ${gnum(t.value)}`
    case 'dropout': return `∂L/∂y = ${gnum(t.value)} (dropout ${t.p} is off when predicting: the identity)`
  }
}

/** The local slope f′(x) of an activation, written out: "1 (x > 0)", "0.01 (x ≤ 0)", "1 − y² = 0.9100". */
export const slopeText = (t: ActivationBackTerms): string => {
  if (t.name === 'tanh') return `(1 − ${factor(t.y)}²)`
  if (t.name === 'sigmoid') return `${factor(t.y)}·(1 − ${factor(t.y)})`
  return t.x > 0 ? '1' : `${t.alpha}`
}

const sub = (n: number): string => String(n).replace(/[0-9]/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)])
