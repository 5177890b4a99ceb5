// The arithmetic behind one value
// ===============================
//
// Hover over a pixel of a feature map and the page shows how that one number was made,
// the way spec/worked-examples.spec.ts writes it out for a 4×4 image:
//
//     convolution   y[k, i, j] = Σ_c Σ_u Σ_v  x[c, i·s + u − p, j·s + v − p] · w[k, c, u, v]  (+ b[k])
//     activation    y = max(x, α·x)   (or tanh x, σ(x))
//     max pooling   y[c, i, j] = max over the window x[c, i·s … i·s + n − 1, j·s … j·s + n − 1]
//
// The functions below recompute the value from the layer's input and parameters, term by
// term, in double precision, and return every term, so the page can show the window, the
// kernel and the sum. spec/site/arithmetic.spec.ts checks that they arrive at the number
// the network itself computed. The geometry of a layer is read back from its name, which
// is written in the architecture grammar of src/model/arch.ts (conv5x5x8p2, pool2, lrelu0.2).

/** What a layer is, as far as explaining its values goes. */
export type LayerKind =
  | { readonly kind: 'conv'; readonly kH: number; readonly kW: number; readonly filters: number; readonly pad: number; readonly stride: number; readonly bias: boolean }
  | { readonly kind: 'pool'; readonly size: number; readonly stride: number }
  | { readonly kind: 'activation'; readonly name: 'relu' | 'lrelu' | 'tanh' | 'sigmoid'; readonly alpha: number }
  | { readonly kind: 'dense'; readonly outputs: number }
  | { readonly kind: 'flatten' }

/** A layer's kind and geometry from its name in the architecture grammar. */
export const kindOf = (name: string): LayerKind => {
  const conv = /^conv(\d+)x(\d+)x(\d+)(?:p(\d+))?(?:s(\d+))?(b)?$/.exec(name)
  if (conv) return { kind: 'conv', kH: Number(conv[1]), kW: Number(conv[2]), filters: Number(conv[3]), pad: Number(conv[4] ?? 0), stride: Number(conv[5] ?? 1), bias: conv[6] === 'b' }
  const pool = /^pool(\d+)(?:s(\d+))?$/.exec(name)
  if (pool) return { kind: 'pool', size: Number(pool[1]), stride: Number(pool[2] ?? pool[1]) }
  const dense = /^dense(\d+)$/.exec(name)
  if (dense) return { kind: 'dense', outputs: Number(dense[1]) }
  if (name === 'flatten') return { kind: 'flatten' }
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

export type Terms = ConvTerms | PoolTerms | ActivationTerms

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

// Writing it out
// --------------

/** A number as the page prints it: three decimals, a real minus sign. */
export const num = (v: number): string => {
  const text = v.toFixed(3)
  return text === '-0.000' ? '0.000' : text.replace('-', '−')
}

// A factor in a product: negative numbers in parentheses.
const factor = (v: number): string => (v < 0 && num(v) !== '0.000' ? `(${num(v)})` : num(v))

/**
 * The arithmetic as one line of text:
 *   conv with one channel   "0.000·0.312 + 0.498·(−0.120) + … = 0.473"
 *   conv with C channels    "Σ channel 1 + … + Σ channel C (+ b) = 0.431", the channel sums written out
 *   pool                    "max(0.000, 0.473, 0.120, 0.301) = 0.473"
 *   activation              "lrelu(−0.400) = 0.01 · (−0.400) = −0.004"
 */
export const formatTerms = (t: Terms): string => {
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
