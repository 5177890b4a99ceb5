// Flatten
// =======
//
// Reads each sample as one flat row: (N, C, H, W) → (N, C·H·W). In row-major NCHW the
// numbers are already in that order, so both directions are just a new shape around the
// same data: no copy, no arithmetic. (A dense layer flattens its input by itself, so
// writing `flatten` in an architecture is optional; it is there to make the step visible.)
// Previous: layers/maxPool.ts. Next: layers/softmaxCrossEntropy.ts.

import * as E from 'fp-ts/lib/Either.js'
import type { Shape } from '../core/shape.ts'
import { sizeOf } from '../core/shape.ts'
import { batchOf, reshape } from '../core/tensor.ts'
import type { Layer, NoParams } from './layer.ts'

/**
 * The flatten layer; its cache is the input shape, to restore it on the way back.
 * @example flatten.outShape([1, 13, 13]) // right([169])
 */
export const flatten: Layer<NoParams, Shape> = {
  name: 'flatten',
  outShape: (inShape) => E.right([sizeOf(inShape)]),
  paramShapes: () => ({}),
  init: (_inShape, rng) => [{}, rng],
  forward: (_params, x) => [reshape(x, [batchOf(x), x.data.length / batchOf(x)]), x.shape],
  backward: (_params, inShape, dy) => [reshape(dy, inShape), {}],
}
