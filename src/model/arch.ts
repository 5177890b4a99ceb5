// Architectures as strings
// ========================
//
// So that you can try another network without touching code, a network can be written as
// one line: layer names joined by dashes, read left to right. The original network is
//
//     conv3x3x1-lrelu-pool2-dense10
//
// and the grammar is small (numbers are plain decimal integers unless stated):
//
//     conv<kH>x<kW>x<K>[p<pad>][s<stride>][b]   K filters of kH×kW; zero padding, stride, bias
//                                               (defaults: p0, s1, no bias)  e.g. conv5x5x8p2
//     pool<size>[s<stride>]                     max pooling (stride defaults to size)  pool2, pool3s2
//     dense<O>                                  fully connected, O outputs, with bias  dense10
//     relu | lrelu[<α>] | tanh | sigmoid        activations; lrelu alone means α = 0.01,
//                                               lrelu0.2 means α = 0.2
//     flatten                                   optional: dense flattens by itself
//
// Each layer's `name` is written in this same grammar, so `formatArch(parseArch(s))` gives
// back `s` in its canonical spelling. `buildNetwork`, at the end, makes the checked network
// for a data set: the last layer must produce one score per class. The layers compute with a
// *kernel set*, a record of the kernels of every kind of layer: the plain loops of kernels/
// unless told otherwise (the appendix's fast set is fast/kernels.ts).
// Previous: model/sequential.ts. Next: model/predict.ts.

import * as E from 'fp-ts/lib/Either.js'
import { showShape, type Shape } from '../core/shape.ts'
import { activationKernels, type ActivationKernels } from '../kernels/activations.ts'
import { conv2dKernels, type Conv2dKernels } from '../kernels/conv2d.ts'
import { denseKernels, type DenseKernels } from '../kernels/dense.ts'
import { maxPoolKernels, type MaxPoolKernels } from '../kernels/maxpool.ts'
import { leakyRelu, relu, sigmoid, tanh } from '../layers/activations.ts'
import { conv2d } from '../layers/conv2d.ts'
import { dense } from '../layers/dense.ts'
import { flatten } from '../layers/flatten.ts'
import type { Layer } from '../layers/layer.ts'
import { maxPool } from '../layers/maxPool.ts'
import { outputShapeOf, sequential, type Network } from './sequential.ts'

/** The architecture of the original NumPy experiment. */
export const ORIGINAL_ARCH = 'conv3x3x1-lrelu-pool2-dense10'

// Which kernels compute the layers
// --------------------------------

/** A kernel set: the kernels every kind of layer computes with. */
export interface Kernels {
  readonly conv2d: Conv2dKernels
  readonly dense: DenseKernels
  readonly maxPool: MaxPoolKernels
  readonly activations: ActivationKernels
  /** Rules for layers of later chapters, each with its spelling (chapter 11's drop<p> and bn). */
  readonly moreLayers?: readonly LayerRule[]
}

/**
 * The plain loops of kernels/, the specification. The appendix offers a faster set with the
 * same signatures (fast/kernels.ts), which `npm run train` uses unless told `--kernels reference`.
 */
export const referenceKernels: Kernels = { conv2d: conv2dKernels, dense: denseKernels, maxPool: maxPoolKernels, activations: activationKernels }

// Reading a layer
// ---------------
// Every step can fail with a message, so every step returns an `Either` (fp-ts): `E.left(why)`
// or `E.right(value)`. We test which with `E.isLeft` and pass a failure on as it is.

// A number the pattern matched, checked to be a positive integer (`fallback` when absent).
const positive = (text: string | undefined, fallback: number, what: string): E.Either<string, number> => {
  const value = text === undefined ? fallback : Number(text)
  return Number.isSafeInteger(value) && value >= 1 ? E.right(value) : E.left(`${what} must be a positive integer, got ${text}`)
}

// Several such numbers: all of them, or the first complaint.
const positives = (...checks: readonly E.Either<string, number>[]): E.Either<string, number[]> => {
  const values: number[] = []
  for (const check of checks) {
    if (E.isLeft(check)) return check
    values.push(check.right)
  }
  return E.right(values)
}

/** One rule per kind of layer: a pattern, and how to build the layer from what it matched. */
export type LayerRule = readonly [RegExp, (m: RegExpExecArray, kernels: Kernels) => E.Either<string, Layer>, spelling?: string]

const rules: readonly LayerRule[] = [
  [/^conv(\d+)x(\d+)x(\d+)(?:p(\d+))?(?:s(\d+))?(b)?$/, ([, kH, kW, K, pad, stride, b], kernels) => {
    const n = positives(positive(kH, 1, 'kernel height'), positive(kW, 1, 'kernel width'), positive(K, 1, 'number of filters'), positive(stride, 1, 'stride'))
    if (E.isLeft(n)) return n
    const [h, w, filters, s] = n.right
    return E.right(conv2d({ filters, kernelSize: [h, w], stride: s, padding: Number(pad ?? 0), bias: b === 'b', kernels: kernels.conv2d }))
  }],
  [/^pool(\d+)(?:s(\d+))?$/, ([, size, stride], kernels) => {
    const n = positives(positive(size, 1, 'pool size'), positive(stride, Number(size), 'pool stride'))
    return E.isLeft(n) ? n : E.right(maxPool(n.right[0], n.right[1], kernels.maxPool))
  }],
  [/^dense(\d+)$/, ([, outputs], kernels) => {
    const o = positive(outputs, 1, 'dense outputs')
    return E.isLeft(o) ? o : E.right(dense(o.right, { kernels: kernels.dense }))
  }],
  [/^relu$/, (_m, kernels) => E.right(relu(kernels.activations))],
  [/^lrelu(\d*\.?\d+)?$/, ([, slope], kernels) => {
    const alpha = slope === undefined ? 0.01 : Number(slope)
    return alpha >= 0 && alpha < 1 ? E.right(leakyRelu(alpha, kernels.activations)) : E.left(`leaky ReLU slope must be in [0, 1), got ${slope}`)
  }],
  [/^tanh$/, (_m, kernels) => E.right(tanh(kernels.activations))],
  [/^sigmoid$/, (_m, kernels) => E.right(sigmoid(kernels.activations))],
  [/^flatten$/, () => E.right(flatten)],
]

// The layer a token names, by the first rule whose pattern matches it (ours, then the kernel
// set's own: a kernel set can teach the grammar layers of later chapters).
const parseLayer = (token: string, kernels: Kernels): E.Either<string, Layer> => {
  for (const [pattern, build] of rules.concat(kernels.moreLayers ?? [])) {
    const m = pattern.exec(token)
    if (m === null) continue
    const layer = build(m, kernels)
    return E.isLeft(layer) ? E.left(`"${token}": ${layer.left}`) : layer
  }
  return E.left(`"${token}" is not a layer; expected conv<kH>x<kW>x<K>[p<pad>][s<stride>][b], pool<n>[s<stride>], dense<n>, relu, lrelu[<alpha>], tanh, sigmoid or flatten${(kernels.moreLayers ?? []).map(([, , spelling]) => ` or ${spelling}`).join('')}`)
}

// Reading a network
// -----------------

/**
 * The layers an architecture string describes, computed by `kernels` (default: the plain
 * ones), or what is wrong with it.
 * @example parseArch('conv3x3x1-lrelu-pool2-dense10') // right([conv3x3x1, lrelu, pool2, dense10])
 */
export const parseArch = (arch: string, kernels: Kernels = referenceKernels): E.Either<string, readonly Layer[]> => {
  if (arch.trim() === '') return E.left('the architecture is empty')
  const layers: Layer[] = []
  for (const token of arch.trim().split('-')) {
    const layer = parseLayer(token, kernels)
    if (E.isLeft(layer)) return E.left(`cannot read architecture "${arch}": ${layer.left}`)
    layers.push(layer.right)
  }
  return E.right(layers)
}

/** The canonical architecture string of a list of layers. */
export const formatArch = (layers: readonly Layer[]): string => layers.map((layer) => layer.name).join('-')

/**
 * The network an architecture string describes, for images of `inShape` and `classes`
 * classes: parsed, built by `sequential`, and checked to end with one score per class.
 * @example buildNetwork(ORIGINAL_ARCH, [1, 28, 28], 10) // right(the original network)
 */
export const buildNetwork = (arch: string, inShape: Shape, classes: number, kernels: Kernels = referenceKernels): E.Either<string, Network> => {
  const layers = parseArch(arch, kernels)
  const net = E.isLeft(layers) ? layers : sequential(inShape, layers.right)
  if (E.isLeft(net)) return net
  const out = outputShapeOf(net.right)
  return out.length === 1 && out[0] === classes
    ? net
    : E.left(`the architecture "${arch}" ends with ${showShape(out)} values per image, but the data has ${classes} classes: end it with dense${classes}`)
}
