// The page's hover arithmetic (site/arithmetic.ts) must arrive at the numbers the network
// itself computes: for every position of random convolutions (with channels, padding,
// stride and bias), pooling windows and activations, the terms the page shows sum to the
// layer's own output. And the text is the worked example's arithmetic.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { seedRng } from '../../src/core/rng.ts'
import { fromNumbers, tensor } from '../../src/core/tensor.ts'
import { leakyRelu, sigmoid, tanh } from '../../src/layers/activations.ts'
import { conv2d } from '../../src/layers/conv2d.ts'
import { maxPool } from '../../src/layers/maxPool.ts'
import { activationTerms, convTerms, formatTerms, kindOf, poolTerms, type LayerKind } from '../../site/arithmetic.ts'

const randomImage = (C: number, H: number, W: number, seed: number): Float32Array => {
  const data = new Float32Array(C * H * W)
  let s = seed
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648
    data[i] = s / 2147483648 - 0.5
  }
  return data
}

describe('kindOf reads layer names of the architecture grammar', () => {
  it('reads every kind', () => {
    expect(kindOf('conv5x5x8p2')).toEqual({ kind: 'conv', kH: 5, kW: 5, filters: 8, pad: 2, stride: 1, bias: false })
    expect(kindOf('conv3x2x4s2b')).toEqual({ kind: 'conv', kH: 3, kW: 2, filters: 4, pad: 0, stride: 2, bias: true })
    expect(kindOf('pool3s2')).toEqual({ kind: 'pool', size: 3, stride: 2 })
    expect(kindOf('lrelu')).toEqual({ kind: 'activation', name: 'lrelu', alpha: 0.01 })
    expect(kindOf('lrelu0.2')).toEqual({ kind: 'activation', name: 'lrelu', alpha: 0.2 })
    expect(kindOf('dense10')).toEqual({ kind: 'dense', outputs: 10 })
  })
})

describe('the terms shown add up to what the layer computed', () => {
  it('convolution, at every output position', () => {
    fc.assert(
      fc.property(
        fc.record({ C: fc.integer({ min: 1, max: 3 }), K: fc.integer({ min: 1, max: 3 }), k: fc.integer({ min: 1, max: 4 }), pad: fc.integer({ min: 0, max: 2 }), stride: fc.integer({ min: 1, max: 2 }), bias: fc.boolean(), seed: fc.integer({ min: 1, max: 1e6 }) }),
        ({ C, K, k, pad, stride, bias, seed }) => {
          const [H, W] = [7, 6]
          const layer = conv2d({ filters: K, kernel: [k, k], pad, stride, bias })
          const [params0] = layer.init([C, H, W], seedRng(seed))
          const params = bias ? { ...params0, bias: fromNumbers([K], randomImage(1, 1, K, seed + 1)) } : params0
          const x = tensor([1, C, H, W], randomImage(C, H, W, seed))
          const [y] = layer.forward(params, x)
          const [, , oH, oW] = y.shape
          const kind = kindOf(layer.name) as Extract<LayerKind, { kind: 'conv' }>
          for (let f = 0; f < K; f++) {
            for (let i = 0; i < oH; i++) {
              for (let j = 0; j < oW; j++) {
                const t = convTerms(kind, { data: x.data, C, H, W }, params.weights.data, params.bias?.data, f, i, j)
                expect(t.value).toBeCloseTo(y.data[(f * oH + i) * oW + j], 5)
                expect(t.channels.reduce((a, c) => a + c.sum, 0) + (t.bias ?? 0)).toBeCloseTo(t.value, 12)
              }
            }
          }
        },
      ),
      { numRuns: 40 },
    )
  })

  it('max pooling picks the same winner', () => {
    const layer = maxPool(3, 2)
    const x = tensor([1, 2, 7, 7], randomImage(2, 7, 7, 5))
    const [y] = layer.forward({}, x)
    const kind = kindOf(layer.name) as Extract<LayerKind, { kind: 'pool' }>
    for (let c = 0; c < 2; c++) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      const t = poolTerms(kind, { data: x.data, C: 2, H: 7, W: 7 }, c, i, j)
      expect(t.value).toBe(y.data[(c * 3 + i) * 3 + j])
      expect(t.window[t.winner]).toBe(t.value)
    }
  })

  it('activations', () => {
    for (const layer of [leakyRelu(0.01), leakyRelu(0.2), tanh(), sigmoid()]) {
      const x = tensor([1, 8], Float32Array.from([-2, -0.5, -0.01, 0, 0.01, 0.3, 1, 3]))
      const [y] = layer.forward({}, x)
      const kind = kindOf(layer.name) as Extract<LayerKind, { kind: 'activation' }>
      x.data.forEach((v, n) => expect(activationTerms(kind, v).value).toBeCloseTo(y.data[n], 6))
    }
  })
})

describe('formatTerms', () => {
  it('writes the worked example of spec/worked-examples.spec.ts', () => {
    // y[0,0] = 1·1 + 2·2 + 3·0 + 4·1 = 9, the window's values first.
    const image = { data: [1, 2, 3, 0, 0, 1, 2, 3, 3, 0, 1, 2, 2, 3, 0, 1], C: 1, H: 4, W: 4 }
    const t = convTerms({ kind: 'conv', kH: 2, kW: 2, filters: 1, pad: 0, stride: 1, bias: false }, image, [1, 2, 3, 4], undefined, 0, 0, 0)
    expect(formatTerms(t)).toBe('1.000·1.000 + 2.000·2.000 + 0.000·3.000 + 1.000·4.000 = 9.000')
  })

  it('writes negative factors in parentheses with a real minus sign', () => {
    expect(formatTerms(activationTerms({ kind: 'activation', name: 'lrelu', alpha: 0.01 }, -0.4))).toBe('lrelu(−0.400) = 0.01 · (−0.400) = −0.004')
    expect(formatTerms({ kind: 'pool', size: 2, window: [0.1, -0.2, 0.5, 0], winner: 2, value: 0.5 })).toBe('max(0.100, −0.200, 0.500, 0.000) = 0.500')
  })
})
