// Max-pooling layer
// =================
//
// Wraps kernels/maxpool.ts as a layer: `maxPool(2)` keeps the largest value of each 2×2
// tile, so the original network's 1×26×26 map becomes 1×13×13. With a stride smaller than
// the window, windows overlap (`maxPool(3, 2)`).
//
// No parameters; the cache is the flat index of each window's winner plus the input shape,
// which is all backward needs to route the gradient.
// Shapes: x (N, C, H, W) → y (N, C, oH, oW), oH = ⌊(H − size)/stride⌋ + 1.
// Previous: layers/conv2d.ts. Next: layers/flatten.ts.

import * as E from 'fp-ts/lib/Either.js'
import { showShape, sizeOf, type Shape } from '../core/shape.ts'
import { batchOf, tensor } from '../core/tensor.ts'
import { maxPoolKernels, poolGeometry, type MaxPoolKernels } from '../kernels/maxpool.ts'
import type { Layer, NoParams } from './layer.ts'

/** What backward needs: the winners' flat indices and the shape they index into. */
export interface PoolCache {
  readonly argmax: Readonly<Int32Array>
  readonly inShape: Shape
}

/**
 * Max pooling over size×size windows, `stride` apart (default: the size itself), computed by
 * `kernels` (default: the plain loops of kernels/maxpool.ts).
 * @example maxPool(2).outShape([1, 26, 26]) // right([1, 13, 13])
 */
export const maxPool = (size: number, stride: number = size, kernels: MaxPoolKernels = maxPoolKernels): Layer<NoParams, PoolCache> => {
  const name = stride === size ? `pool${size}` : `pool${size}s${stride}`
  const geometryOf = (inShape: Shape) => poolGeometry(inShape[0], inShape[1], inShape[2], size, stride)
  return {
    name,
    outShape: (inShape) => {
      if (inShape.length !== 3) return E.left(`${name} needs an input of shape [C, H, W], got ${showShape(inShape)}`)
      const g = geometryOf(inShape)
      if (g.oH < 1 || g.oW < 1) return E.left(`${name}: a ${size}×${size} window does not fit the ${showShape(inShape)} input`)
      return E.right([g.C, g.oH, g.oW])
    },
    paramShapes: () => ({}),
    init: (_inShape, rng) => [{}, rng],
    forward: (_params, x) => {
      const g = geometryOf(x.shape.slice(1))
      const N = batchOf(x)
      const [y, argmax] = kernels.forward(g, x.data, N)
      return [tensor([N, g.C, g.oH, g.oW], y), { argmax, inShape: x.shape }]
    },
    backward: (_params, cache, dy) => [tensor(cache.inShape, kernels.backward(dy.data, cache.argmax, sizeOf(cache.inShape))), {}],
  }
}
