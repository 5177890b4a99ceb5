// Worked examples: start reading the specs here
// ==============================================
//
// Each layer on inputs small enough to check with pencil and paper. The expected numbers
// are written out in full; the comments show the arithmetic. Everything else in spec/
// generalises these examples into properties over random shapes and values.

import { describe, expect, it } from 'vitest'
import { fromNumbers } from '../src/core/tensor.ts'
import { leakyRelu } from '../src/layers/activations.ts'
import { conv2d } from '../src/layers/conv2d.ts'
import { dense } from '../src/layers/dense.ts'
import { maxPool } from '../src/layers/maxPool.ts'
import { softmaxCrossEntropy } from '../src/layers/softmaxCrossEntropy.ts'

// One 4×4 grey image, (N, C, H, W) = (1, 1, 4, 4).
const image = fromNumbers([1, 1, 4, 4], [
  1, 2, 3, 0,
  0, 1, 2, 3,
  3, 0, 1, 2,
  2, 3, 0, 1,
], 'float64')

const values = (t: { data: ArrayLike<number> }) => Array.from(t.data)

describe('a 2×2 convolution of a 4×4 image', () => {
  const layer = conv2d({ filters: 1, kernelSize: [2, 2] })
  const kernel = { weights: fromNumbers([1, 1, 2, 2], [1, 2, 3, 4], 'float64') }

  it('slides the kernel over every 2×2 patch (3×3 positions)', () => {
    // y[0,0] = 1·1 + 2·2 + 3·0 + 4·1 = 9       y[0,1] = 1·2 + 2·3 + 3·1 + 4·2 = 19
    // y[0,2] = 1·3 + 2·0 + 3·2 + 4·3 = 21      y[1,0] = 1·0 + 2·1 + 3·3 + 4·0 = 11   …
    const [y] = layer.forward(kernel, image)
    expect(y.shape).toEqual([1, 1, 3, 3])
    expect(values(y)).toEqual([
      9, 19, 21,
      11, 9, 19,
      21, 11, 9,
    ])
  })

  it('sends gradients back to the kernel and to the image', () => {
    const [, cache] = layer.forward(kernel, image)
    const dy = fromNumbers([1, 1, 3, 3], [1, 1, 1, 1, 1, 1, 1, 1, 1], 'float64')
    const [dx, { weights: dWeights }] = layer.backward(kernel, cache, dy)
    // With dy all ones, dWeights[kh,kw] is the sum of the 3×3 block of x starting at (kh, kw):
    // 1+2+3+0+1+2+3+0+1 = 13, and so on.
    expect(values(dWeights)).toEqual([13, 14, 12, 13])
    // And dx[h,w] adds up the weights of every placement of the kernel that covered (h, w):
    // the corner (0,0) is covered once, by weight 1; the centre by all four, 1+2+3+4 = 10.
    expect(values(dx)).toEqual([
      1, 3, 3, 2,
      4, 10, 10, 6,
      4, 10, 10, 6,
      3, 7, 7, 4,
    ])
  })
})

describe('2×2 max pooling of the same image', () => {
  const layer = maxPool(2)

  it('keeps the largest value of each tile; on a tie the first in reading order wins', () => {
    // Tiles: [1 2; 0 1] → 2,  [3 0; 2 3] → 3 (the first 3),  [3 0; 2 3] → 3,  [1 2; 0 1] → 2
    const [y, cache] = layer.forward({}, image)
    expect(values(y)).toEqual([2, 3, 3, 2])
    expect(Array.from(cache.argmax)).toEqual([1, 2, 8, 11])
  })

  it('routes each gradient to its tile\'s winner only', () => {
    const [, cache] = layer.forward({}, image)
    const [dx] = layer.backward({}, cache, fromNumbers([1, 1, 2, 2], [1, 2, 3, 4], 'float64'))
    expect(values(dx)).toEqual([
      0, 1, 2, 0,
      0, 0, 0, 0,
      3, 0, 0, 4,
      0, 0, 0, 0,
    ])
  })
})

describe('leaky ReLU with α = 0.1', () => {
  const layer = leakyRelu(0.1)
  const x = fromNumbers([1, 4], [-2, -0.5, 0, 1.5], 'float64')

  it('scales negative inputs by α and passes positive ones', () => {
    expect(values(layer.forward({}, x)[0])).toEqual([-0.2, -0.05, 0, 1.5])
  })

  it('multiplies the gradient by the slope: α left of 0 (and at 0), 1 right of it', () => {
    const [, cache] = layer.forward({}, x)
    const [dx] = layer.backward({}, cache, fromNumbers([1, 4], [1, 1, 1, 1], 'float64'))
    expect(values(dx)).toEqual([0.1, 0.1, 0.1, 1])
  })
})

describe('a dense layer from 2 inputs to 3 outputs', () => {
  const layer = dense(3)
  const params = {
    weights: fromNumbers([3, 2], [1, 0, 0, 1, 1, 1], 'float64'),
    bias: fromNumbers([3], [0, 0, 10], 'float64'),
  }
  const x = fromNumbers([1, 2], [1, 2], 'float64')

  it('computes y = W·x + b', () => {
    // [1 0; 0 1; 1 1] · [1; 2] + [0; 0; 10] = [1; 2; 13]
    expect(values(layer.forward(params, x)[0])).toEqual([1, 2, 13])
  })

  it('computes dx = dy·W, dW = dyᵀ·x, db = dy', () => {
    const [, cache] = layer.forward(params, x)
    const [dx, grads] = layer.backward(params, cache, fromNumbers([1, 3], [1, 0, -1], 'float64'))
    expect(values(dx)).toEqual([0, -1])
    expect(values(grads.weights)).toEqual([1, 2, 0, 0, -1, -2])
    expect(values(grads.bias)).toEqual([1, 0, -1])
  })
})

describe('softmax cross-entropy', () => {
  // Logits [0, ln 3] give probabilities e⁰/(1+3) = 0.25 and 3/4 = 0.75.
  const logits = fromNumbers([1, 2], [0, Math.log(3)], 'float64')
  const label = Uint8Array.of(1)

  it('is −ln p(true class)', () => {
    const [loss, cache] = softmaxCrossEntropy.forward(logits, label)
    expect(loss).toBeCloseTo(-Math.log(0.75), 12)
    expect(values(cache.probs)[0]).toBeCloseTo(0.25, 12)
    expect(values(cache.probs)[1]).toBeCloseTo(0.75, 12)
  })

  it('has the gradient p − onehot(label)', () => {
    const [, cache] = softmaxCrossEntropy.forward(logits, label)
    const [d0, d1] = values(softmaxCrossEntropy.backward(cache))
    expect(d0).toBeCloseTo(0.25, 12)
    expect(d1).toBeCloseTo(-0.25, 12)
  })
})
