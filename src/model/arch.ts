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
import { pipe } from 'fp-ts/lib/function.js'
import * as A from 'fp-ts/lib/ReadonlyArray.js'
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
}

/**
 * The plain loops of kernels/, the specification. The appendix offers a faster set with the
 * same signatures (fast/kernels.ts), which `npm run train` uses unless told `--kernels reference`.
 */
export const referenceKernels: Kernels = {
  conv2d: conv2dKernels,
  dense: denseKernels,
  maxPool: maxPoolKernels,
  activations: activationKernels,
}

// Reading a layer
// ---------------

// One parser per kind of layer: a pattern, and how to build the layer from its parts.
interface Rule {
  readonly pattern: RegExp
  readonly build: (m: RegExpExecArray, kernels: Kernels) => E.Either<string, Layer>
}

// A number the pattern matched, checked to be a positive integer (`fallback` when absent).
const positive = (text: string | undefined, fallback: number, what: string): E.Either<string, number> => {
  const value = text === undefined ? fallback : Number(text)
  return Number.isSafeInteger(value) && value >= 1 ? E.right(value) : E.left(`${what} must be a positive integer, got ${text}`)
}

const rules: readonly Rule[] = [
  {
    pattern: /^conv(\d+)x(\d+)x(\d+)(?:p(\d+))?(?:s(\d+))?(b)?$/,
    build: ([, kH, kW, K, pad, stride, b], kernels) =>
      pipe(
        A.sequence(E.Applicative)([positive(kH, 1, 'kernel height'), positive(kW, 1, 'kernel width'), positive(K, 1, 'number of filters'), positive(stride, 1, 'stride')]),
        E.map(([h, w, filters, s]) => conv2d({ filters, kernel: [h, w], stride: s, pad: Number(pad ?? 0), bias: b === 'b', kernels: kernels.conv2d })),
      ),
  },
  {
    pattern: /^pool(\d+)(?:s(\d+))?$/,
    build: ([, size, stride], kernels) =>
      pipe(
        A.sequence(E.Applicative)([positive(size, 1, 'pool size'), positive(stride, Number(size), 'pool stride')]),
        E.map(([n, s]) => maxPool(n, s, kernels.maxPool)),
      ),
  },
  { pattern: /^dense(\d+)$/, build: (m, kernels) => pipe(positive(m[1], 1, 'dense outputs'), E.map((o) => dense(o, { kernels: kernels.dense }))) },
  { pattern: /^relu$/, build: (_m, kernels) => E.right(relu(kernels.activations)) },
  {
    pattern: /^lrelu(\d*\.?\d+)?$/,
    build: (m, kernels) => {
      const alpha = m[1] === undefined ? 0.01 : Number(m[1])
      return alpha >= 0 && alpha < 1 ? E.right(leakyRelu(alpha, kernels.activations)) : E.left(`leaky ReLU slope must be in [0, 1), got ${m[1]}`)
    },
  },
  { pattern: /^tanh$/, build: (_m, kernels) => E.right(tanh(kernels.activations)) },
  { pattern: /^sigmoid$/, build: (_m, kernels) => E.right(sigmoid(kernels.activations)) },
  { pattern: /^flatten$/, build: () => E.right(flatten) },
]

const parseLayer = (token: string, kernels: Kernels): E.Either<string, Layer> => {
  for (const rule of rules) {
    const m = rule.pattern.exec(token)
    if (m !== null) return pipe(rule.build(m, kernels), E.mapLeft((why) => `"${token}": ${why}`))
  }
  return E.left(`"${token}" is not a layer; expected conv<kH>x<kW>x<K>[p<pad>][s<stride>][b], pool<n>[s<stride>], dense<n>, relu, lrelu[<alpha>], tanh, sigmoid or flatten`)
}

// Reading an architecture
// -----------------------

/**
 * The layers an architecture string describes, computed by `kernels` (default: the plain
 * ones), or what is wrong with it.
 * @example parseArch('conv3x3x1-lrelu-pool2-dense10') // right([conv3x3x1, lrelu, pool2, dense10])
 */
export const parseArch = (arch: string, kernels: Kernels = referenceKernels): E.Either<string, readonly Layer[]> =>
  arch.trim() === ''
    ? E.left('the architecture is empty')
    : pipe(
        arch.trim().split('-'),
        A.traverse(E.Applicative)((token) => parseLayer(token, kernels)),
        E.mapLeft((why) => `cannot read architecture "${arch}": ${why}`),
      )

/** The canonical architecture string of a list of layers. */
export const formatArch = (layers: readonly Layer[]): string => layers.map((layer) => layer.name).join('-')

/**
 * The network an architecture string describes, for images of `inShape` and `classes`
 * classes: parsed, built by `sequential`, and checked to end with one score per class.
 * @example buildNetwork(ORIGINAL_ARCH, [1, 28, 28], 10) // right(the original network)
 */
export const buildNetwork = (
  arch: string,
  inShape: Shape,
  classes: number,
  kernels: Kernels = referenceKernels,
): E.Either<string, Network> =>
  pipe(
    parseArch(arch, kernels),
    E.chain((layers) => sequential(inShape, layers)),
    E.chain((net) => {
      const out = outputShapeOf(net)
      return out.length === 1 && out[0] === classes
        ? E.right(net)
        : E.left(`the architecture "${arch}" ends with ${showShape(out)} values per image, but the data has ${classes} classes: end it with dense${classes}`)
    }),
  )
