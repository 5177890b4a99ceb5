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
// back `s` in its canonical spelling. The last layer must produce one score per class; that
// is checked when the network is built for a data set (model/sequential.ts, cli/).
// Previous: model/sequential.ts. Next: model/predict.ts.

import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as A from 'fp-ts/lib/ReadonlyArray.js'
import { leakyRelu, relu, sigmoid, tanh } from '../layers/activations.ts'
import { conv2d } from '../layers/conv2d.ts'
import { dense } from '../layers/dense.ts'
import { flatten } from '../layers/flatten.ts'
import type { Layer } from '../layers/layer.ts'
import { maxPool } from '../layers/maxPool.ts'

/** The architecture of the original NumPy experiment. */
export const ORIGINAL_ARCH = 'conv3x3x1-lrelu-pool2-dense10'

// One parser per kind of layer: a pattern, and how to build the layer from its parts.
interface Rule {
  readonly pattern: RegExp
  readonly build: (m: RegExpExecArray) => E.Either<string, Layer>
}

const positive = (text: string | undefined, fallback: number, what: string): E.Either<string, number> => {
  if (text === undefined) return E.right(fallback)
  const value = Number(text)
  return Number.isSafeInteger(value) && value >= 1 ? E.right(value) : E.left(`${what} must be a positive integer, got ${text}`)
}

const rules: readonly Rule[] = [
  {
    pattern: /^conv(\d+)x(\d+)x(\d+)(?:p(\d+))?(?:s(\d+))?(b)?$/,
    build: (m) =>
      pipe(
        E.Do,
        E.apS('kH', positive(m[1], 1, 'kernel height')),
        E.apS('kW', positive(m[2], 1, 'kernel width')),
        E.apS('filters', positive(m[3], 1, 'number of filters')),
        E.apS('stride', positive(m[5], 1, 'stride')),
        E.map(({ kH, kW, filters, stride }) =>
          conv2d({ filters, kernel: [kH, kW], stride, pad: Number(m[4] ?? 0), bias: m[6] === 'b' }),
        ),
      ),
  },
  {
    pattern: /^pool(\d+)(?:s(\d+))?$/,
    build: (m) =>
      pipe(
        E.Do,
        E.apS('size', positive(m[1], 1, 'pool size')),
        E.bind('stride', ({ size }) => positive(m[2], size, 'pool stride')),
        E.map(({ size, stride }) => maxPool(size, stride)),
      ),
  },
  { pattern: /^dense(\d+)$/, build: (m) => pipe(positive(m[1], 1, 'dense outputs'), E.map((o) => dense(o))) },
  { pattern: /^relu$/, build: () => E.right(relu) },
  {
    pattern: /^lrelu(\d*\.?\d+)?$/,
    build: (m) => {
      const alpha = m[1] === undefined ? 0.01 : Number(m[1])
      return alpha >= 0 && alpha < 1 ? E.right(leakyRelu(alpha)) : E.left(`leaky ReLU slope must be in [0, 1), got ${m[1]}`)
    },
  },
  { pattern: /^tanh$/, build: () => E.right(tanh) },
  { pattern: /^sigmoid$/, build: () => E.right(sigmoid) },
  { pattern: /^flatten$/, build: () => E.right(flatten) },
]

const parseLayer = (token: string): E.Either<string, Layer> => {
  for (const rule of rules) {
    const m = rule.pattern.exec(token)
    if (m !== null) return pipe(rule.build(m), E.mapLeft((why) => `"${token}": ${why}`))
  }
  return E.left(`"${token}" is not a layer; expected conv<kH>x<kW>x<K>[p<pad>][s<stride>][b], pool<n>[s<stride>], dense<n>, relu, lrelu[<alpha>], tanh, sigmoid or flatten`)
}

/**
 * The layers an architecture string describes, or what is wrong with it.
 * @example parseArch('conv3x3x1-lrelu-pool2-dense10') // right([conv3x3x1, lrelu, pool2, dense10])
 */
export const parseArch = (arch: string): E.Either<string, readonly Layer[]> =>
  arch.trim() === ''
    ? E.left('the architecture is empty')
    : pipe(
        arch.trim().split('-'),
        A.traverse(E.Applicative)(parseLayer),
        E.mapLeft((why) => `cannot read architecture "${arch}": ${why}`),
      )

/** The canonical architecture string of a list of layers. */
export const formatArch = (layers: readonly Layer[]): string => layers.map((layer) => layer.name).join('-')
