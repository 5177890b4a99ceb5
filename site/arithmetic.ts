// The arithmetic behind one value
// ===============================
//
// Hover over a pixel of a feature map and the page shows how that one number was made,
// the way spec/worked-examples.spec.ts writes it out for a 4×4 image:
//
//     convolution   y[k, i, j] = Σ_c Σ_u Σ_v  x[c, i·s + u − p, j·s + v − p] · w[k, c, u, v]  (+ b[k])
//     activation    y = max(x, α·x)   (or tanh x, σ(x))
//     max pooling   y[c, i, j] = max over the window x[c, i·s … i·s + n − 1, j·s … j·s + n − 1]
//     dense         y[o] = Σ_f W[o, f] · x[f] + b[o]          (F = 169 to 784 terms: the largest few shown)
//     softmax       p[j] = e^(z[j] − m) / Σ_k e^(z[k] − m),  m = max_k z[k]
//     batch norm    y = (x − mean[c]) / √(variance[c] + ε) · γ[c] + β[c]   (predicting: the running averages)
//     dropout       y = x                                                   (off when predicting)
//
// The functions below recompute the value from the layer's input and parameters, term by
// term, in double precision, and return every term, so the page can show the window, the
// kernel and the sum. spec/site/arithmetic.spec.ts checks that they arrive at the number
// the network itself computed. The geometry of a layer is read back from its name, which
// is written in the architecture grammar of src/model/arch.ts (conv5x5x8p2, pool2, lrelu0.2).

import { BN_EPSILON } from '../src/beyond/batchNorm.ts'

/** What a layer is, as far as explaining its values goes. */
export type LayerKind =
  | { readonly kind: 'conv'; readonly kH: number; readonly kW: number; readonly filters: number; readonly pad: number; readonly stride: number; readonly bias: boolean }
  | { readonly kind: 'pool'; readonly size: number; readonly stride: number }
  | { readonly kind: 'activation'; readonly name: 'relu' | 'lrelu' | 'tanh' | 'sigmoid'; readonly alpha: number }
  | { readonly kind: 'dense'; readonly outputs: number }
  | { readonly kind: 'flatten' }
  | { readonly kind: 'bn' }
  | { readonly kind: 'dropout'; readonly p: number }

/** A layer's kind and geometry from its name in the architecture grammar. */
export const kindOf = (name: string): LayerKind => {
  const conv = /^conv(\d+)x(\d+)x(\d+)(?:p(\d+))?(?:s(\d+))?(b)?$/.exec(name)
  if (conv) return { kind: 'conv', kH: Number(conv[1]), kW: Number(conv[2]), filters: Number(conv[3]), pad: Number(conv[4] ?? 0), stride: Number(conv[5] ?? 1), bias: conv[6] === 'b' }
  const pool = /^pool(\d+)(?:s(\d+))?$/.exec(name)
  if (pool) return { kind: 'pool', size: Number(pool[1]), stride: Number(pool[2] ?? pool[1]) }
  const dense = /^dense(\d+)$/.exec(name)
  if (dense) return { kind: 'dense', outputs: Number(dense[1]) }
  if (name === 'flatten') return { kind: 'flatten' }
  if (name === 'bn') return { kind: 'bn' }
  const drop = /^drop(\d*\.?\d+)$/.exec(name)
  if (drop) return { kind: 'dropout', p: Number(drop[1]) }
  if (name === 'relu') return { kind: 'activation', name: 'relu', alpha: 0 }
  if (name === 'tanh' || name === 'sigmoid') return { kind: 'activation', name, alpha: 0 }
  const lrelu = /^lrelu(\d*\.?\d+)?$/.exec(name)
  if (lrelu) return { kind: 'activation', name: 'lrelu', alpha: lrelu[1] === undefined ? 0.01 : Number(lrelu[1]) }
  throw new Error(`not a layer name: ${name}`)
}

/** One sample's tensor: (C, H, W) values in a flat array. */
export interface Maps {
  readonly data: ArrayLike<number>
  readonly C: number
  readonly H: number
  readonly W: number
}

/** How one output of a convolution is made: per input channel, the window, the kernel and their dot product. */
export interface ConvTerms {
  readonly kind: 'conv'
  readonly kH: number
  readonly kW: number
  /** For each input channel c: window[u·kW + v] = x[c, i·s + u − p, j·s + v − p] (0 in the padding). */
  readonly channels: readonly { readonly window: readonly number[]; readonly kernel: readonly number[]; readonly sum: number }[]
  readonly bias: number | undefined
  readonly value: number
}

/** How one output of max pooling is made: the window and the position of its largest value. */
export interface PoolTerms {
  readonly kind: 'pool'
  readonly size: number
  readonly window: readonly number[]
  readonly winner: number
  readonly value: number
}

/** How one output of an activation is made. */
export interface ActivationTerms {
  readonly kind: 'activation'
  readonly name: string
  readonly alpha: number
  readonly input: number
  readonly value: number
}

/**
 * How one output of a dense layer is made. A dense output sums one product per input value
 * (169 for the original network, 784 for a dense layer on the raw image), too many to read,
 * so the terms keep the few largest contributions W[o, f]·x[f] by magnitude and add up the
 * others: top + rest + bias = value.
 */
export interface DenseTerms {
  readonly kind: 'dense'
  readonly output: number
  /** The largest contributions by |W[o, f]·x[f]|, largest first (ties: the smaller f first). */
  readonly top: readonly { readonly f: number; readonly w: number; readonly x: number; readonly product: number }[]
  /** The other terms: how many, and their sum. */
  readonly rest: { readonly count: number; readonly sum: number }
  readonly bias: number
  readonly value: number
}

/**
 * How one probability of softmax is made, with the maximum subtracted first (as
 * kernels/softmaxCrossEntropy.ts does, so that e^z cannot overflow):
 * p[j] = e^(z[j] − m) / Σ_k e^(z[k] − m).
 */
export interface SoftmaxTerms {
  readonly kind: 'softmax'
  readonly j: number
  /** The scores z (logits) of every class. */
  readonly z: readonly number[]
  /** m = max z, and the class that has it. */
  readonly m: number
  readonly argmax: number
  /** e^(z[k] − m) for every class k: the largest is e^0 = 1. */
  readonly exps: readonly number[]
  /** Σ_k e^(z[k] − m). */
  readonly sum: number
  readonly value: number
}

/**
 * How one output of batch normalisation is made when predicting: the channel's input value
 * standardised with the mean and variance kept from training, then scaled and shifted by the
 * learned γ and β of the channel (src/beyond/batchNorm.ts).
 */
export interface BatchNormTerms {
  readonly kind: 'bn'
  readonly input: number
  readonly mean: number
  readonly variance: number
  /** √(variance + ε) */
  readonly std: number
  /** x̂ = (x − mean) / √(variance + ε) */
  readonly xHat: number
  readonly gamma: number
  readonly beta: number
  readonly value: number
}

/** How one output of dropout is made when predicting: it is its input (dropout is off). */
export interface DropoutTerms {
  readonly kind: 'dropout'
  readonly p: number
  readonly input: number
  readonly value: number
}

export type Terms = ConvTerms | PoolTerms | ActivationTerms | DenseTerms | SoftmaxTerms | BatchNormTerms | DropoutTerms

/**
 * The terms of output (k, i, j) of a convolution over `x`, with weights (K, C, kH, kW)
 * and an optional bias (K).
 */
export const convTerms = (
  layer: Extract<LayerKind, { kind: 'conv' }>,
  x: Maps,
  weights: ArrayLike<number>,
  bias: ArrayLike<number> | undefined,
  k: number, i: number, j: number,
): ConvTerms => {
  const { kH, kW, pad, stride } = layer
  const channels = []
  let value = 0
  for (let c = 0; c < x.C; c++) {
    const window: number[] = []
    const kernel: number[] = []
    let sum = 0
    for (let u = 0; u < kH; u++) {
      for (let v = 0; v < kW; v++) {
        const [h, w] = [i * stride + u - pad, j * stride + v - pad]
        const xv = h >= 0 && h < x.H && w >= 0 && w < x.W ? x.data[(c * x.H + h) * x.W + w] : 0
        const wv = weights[((k * x.C + c) * kH + u) * kW + v]
        window.push(xv)
        kernel.push(wv)
        sum += xv * wv
      }
    }
    channels.push({ window, kernel, sum })
    value += sum
  }
  const b = bias === undefined ? undefined : bias[k]
  return { kind: 'conv', kH, kW, channels, bias: b, value: value + (b ?? 0) }
}

/** The terms of output (c, i, j) of max pooling over `x`. */
export const poolTerms = (layer: Extract<LayerKind, { kind: 'pool' }>, x: Maps, c: number, i: number, j: number): PoolTerms => {
  const window: number[] = []
  let winner = 0
  for (let u = 0; u < layer.size; u++) {
    for (let v = 0; v < layer.size; v++) {
      window.push(x.data[(c * x.H + i * layer.stride + u) * x.W + j * layer.stride + v])
      if (window[window.length - 1] > window[winner]) winner = window.length - 1
    }
  }
  return { kind: 'pool', size: layer.size, window, winner, value: window[winner] }
}

/** The terms of one output of an activation whose input is `input`. */
export const activationTerms = (layer: Extract<LayerKind, { kind: 'activation' }>, input: number): ActivationTerms => {
  const value =
    layer.name === 'tanh' ? Math.tanh(input) : layer.name === 'sigmoid' ? 1 / (1 + Math.exp(-input)) : input > 0 ? input : layer.alpha * input
  return { kind: 'activation', name: layer.name, alpha: layer.alpha, input, value }
}

/**
 * The terms of output `o` of a dense layer with weights (O, F), bias (O) and input x (F),
 * keeping the `shown` largest contributions.
 */
export const denseTerms = (weights: ArrayLike<number>, bias: ArrayLike<number>, x: ArrayLike<number>, o: number, shown = 5): DenseTerms => {
  const F = x.length
  const products: number[] = []
  let total = 0
  for (let f = 0; f < F; f++) {
    products.push(weights[o * F + f] * x[f])
    total += products[f]
  }
  const order = products.map((_, f) => f).sort((a, b) => Math.abs(products[b]) - Math.abs(products[a]) || a - b)
  const top = order.slice(0, Math.min(shown, F)).map((f) => ({ f, w: weights[o * F + f], x: x[f], product: products[f] }))
  // The rest, summed in the order of f, as the whole was (so that top + rest agrees with it).
  const kept = new Set(top.map((t) => t.f))
  let rest = 0
  for (let f = 0; f < F; f++) if (!kept.has(f)) rest += products[f]
  return { kind: 'dense', output: o, top, rest: { count: F - top.length, sum: rest }, bias: bias[o], value: total + bias[o] }
}

/**
 * The terms of one output of batch normalisation, predicting, in channel c: the input x and
 * the channel's parameters γ, β and running mean and variance (each (C)).
 * @example batchNormTerms(1.5, { gamma: [2], beta: [0.5], mean: [0.5], variance: [1 - 1e-5] }, 0).value // (1.5 − 0.5)/1 · 2 + 0.5 = 2.5
 */
export const batchNormTerms = (input: number, params: { readonly gamma: ArrayLike<number>; readonly beta: ArrayLike<number>; readonly mean: ArrayLike<number>; readonly variance: ArrayLike<number> }, c: number): BatchNormTerms => {
  const [mean, variance, gamma, beta] = [params.mean[c], params.variance[c], params.gamma[c], params.beta[c]]
  const std = Math.sqrt(variance + BN_EPSILON)
  const xHat = (input - mean) / std
  return { kind: 'bn', input, mean, variance, std, xHat, gamma, beta, value: xHat * gamma + beta }
}

/** The terms of one output of dropout, predicting: the identity. */
export const dropoutTerms = (layer: Extract<LayerKind, { kind: 'dropout' }>, input: number): DropoutTerms => ({ kind: 'dropout', p: layer.p, input, value: input })

/** The terms of probability `j` of softmax over the scores `z`. */
export const softmaxTerms = (z: ArrayLike<number>, j: number): SoftmaxTerms => {
  const scores = Array.from(z)
  let argmax = 0
  for (let k = 1; k < scores.length; k++) if (scores[k] > scores[argmax]) argmax = k
  const m = scores[argmax]
  const exps = scores.map((v) => Math.exp(v - m))
  const sum = exps.reduce((a, b) => a + b, 0)
  return { kind: 'softmax', j, z: scores, m, argmax, exps, sum, value: exps[j] / sum }
}

// Writing it out
// --------------

/** A number as the page prints it: three decimals, a real minus sign. */
export const num = (v: number): string => {
  const text = v.toFixed(3)
  return text === '-0.000' ? '0.000' : text.replace('-', '−')
}

// A factor in a product: negative numbers in parentheses.
const factor = (v: number): string => (v < 0 && num(v) !== '0.000' ? `(${num(v)})` : num(v))

const SUPERSCRIPT: Readonly<Record<string, string>> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' }

/**
 * A positive quantity that may be tiny (an exponential, a probability): three decimals when
 * that shows it, else three significant digits in powers of ten, "4.54·10⁻⁵", so that a
 * small term is not printed as a misleading 0.000.
 */
export const small = (v: number): string => {
  if (v === 0 || Math.abs(v) >= 0.0005) return num(v)
  const [mantissa, exponent] = v.toExponential(2).split('e')
  return `${mantissa.replace('-', '−')}·10${Array.from(String(Number(exponent)), (ch) => SUPERSCRIPT[ch] ?? ch).join('')}`
}

/** A probability as the bars print it: a percentage with one decimal. */
export const percent = (p: number): string => `${(p * 100).toFixed(1)}%`

/**
 * The arithmetic as one line of text:
 *   conv with one channel   "0.000·0.312 + 0.498·(−0.120) + … = 0.473"
 *   conv with C channels    "Σ channel 1 + … + Σ channel C (+ b) = 0.431", the channel sums written out
 *   pool                    "max(0.000, 0.473, 0.120, 0.301) = 0.473"
 *   activation              "lrelu(−0.400) = 0.01 · (−0.400) = −0.004"
 *   batch norm              "(0.473 − 0.120) / √(0.051 + 10⁻⁵) · 1.020 + (−0.030) = 1.563 · 1.020 + (−0.030) = 1.565"
 *   dropout                 "y = x = 0.473"
 */
export const formatTerms = (t: Terms): string => {
  if (t.kind === 'bn') return formatBatchNorm(t)
  if (t.kind === 'dropout') return `y = x = ${num(t.value)}`
  if (t.kind === 'dense') return formatDense(t)
  if (t.kind === 'softmax') return formatSoftmax(t).join('\n')
  if (t.kind === 'pool') return `max(${t.window.map(num).join(', ')}) = ${num(t.value)}`
  if (t.kind === 'activation') {
    if (t.name === 'tanh') return `tanh(${num(t.input)}) = ${num(t.value)}`
    if (t.name === 'sigmoid') return `σ(${num(t.input)}) = 1 / (1 + e^${factor(-t.input)}) = ${num(t.value)}`
    return t.input > 0 ? `${t.name}(${num(t.input)}) = ${num(t.value)}` : `${t.name}(${num(t.input)}) = ${t.alpha} · ${factor(t.input)} = ${num(t.value)}`
  }
  const bias = t.bias === undefined ? '' : ` + ${factor(t.bias)}`
  if (t.channels.length === 1) {
    const products = t.channels[0].window.map((x, n) => `${factor(x)}·${factor(t.channels[0].kernel[n])}`)
    return `${products.join(' + ')}${bias} = ${num(t.value)}`
  }
  return `${t.channels.map((c) => factor(c.sum)).join(' + ')}${bias} = ${num(t.value)}`
}

/**
 * Batch normalisation of one value as one line, the numbers of its channel filled in: first
 * the standardisation, then x̂ scaled and shifted. The variance may be small (a channel that
 * barely varied in training), so it is printed with `small`, and ε as 10⁻⁵.
 */
export const formatBatchNorm = (t: BatchNormTerms): string =>
  `(${num(t.input)} − ${factor(t.mean)}) / √(${small(t.variance)} + 10⁻⁵) · ${factor(t.gamma)} + ${factor(t.beta)} = ${factor(t.xHat)} · ${factor(t.gamma)} + ${factor(t.beta)} = ${num(t.value)}`

/**
 * A dense output as one line: the largest contributions as products, the others summed,
 * then the bias and the total:
 *   "0.812·0.998 + (−0.503)·0.871 + … (164 more terms, summing to −1.234) + 0.052 = 3.456"
 */
export const formatDense = (t: DenseTerms): string => {
  const products = t.top.map((term) => `${factor(term.w)}·${factor(term.x)}`)
  const rest = t.rest.count === 0 ? [] : [`… (${t.rest.count} more term${t.rest.count === 1 ? '' : 's'}, summing to ${num(t.rest.sum)})`]
  return `${[...products, ...rest, factor(t.bias)].join(' + ')} = ${num(t.value)}`
}

/**
 * Softmax for one class, in four lines, the numbers filled in:
 *   "m = max z = 5.678 (class 7)"
 *   "e^(z[3] − m) = e^(2.134 − 5.678) = e^(−3.544) = 0.029"
 *   "Σ_k e^(z[k] − m) = 0.001 + … + 1.000 = 1.234"     (every class)
 *   "p[3] = 0.029 / 1.234 = 0.023 = 2.3%"
 * `names` are the class names (default: the indices).
 */
export const formatSoftmax = (t: SoftmaxTerms, names: readonly string[] = t.z.map((_, k) => String(k))): readonly string[] => {
  const j = names[t.j] ?? String(t.j)
  return [
    `m = max z = ${num(t.m)} (class ${names[t.argmax] ?? t.argmax})`,
    `e^(z[${j}] − m) = e^(${num(t.z[t.j])} − ${factor(t.m)}) = e^${factor(t.z[t.j] - t.m)} = ${small(t.exps[t.j])}`,
    `Σ_k e^(z[k] − m) = ${t.exps.map(small).join(' + ')} = ${num(t.sum)}`,
    `p[${j}] = ${small(t.exps[t.j])} / ${num(t.sum)} = ${small(t.value)} = ${percent(t.value)}`,
  ]
}
