// The page's hover arithmetic (site/arithmetic.ts) must arrive at the numbers the network
// itself computes: for every position of random convolutions (with channels, padding,
// stride and bias), pooling windows, activations, dense outputs (the few largest terms and
// the rest) and softmax probabilities, the terms the page shows sum to the layer's own
// output. And the text is the worked example's arithmetic.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { seedRng } from '../../src/core/rng.ts'
import { fromNumbers, tensor } from '../../src/core/tensor.ts'
import { leakyRelu, sigmoid, tanh } from '../../src/layers/activations.ts'
import { conv2d } from '../../src/layers/conv2d.ts'
import { dense } from '../../src/layers/dense.ts'
import { softmax } from '../../src/kernels/softmaxCrossEntropy.ts'
import { fastKernels } from '../../src/fast/kernels.ts'
import { maxPool } from '../../src/layers/maxPool.ts'
import { activationTerms, convTerms, denseTerms, formatDense, formatSoftmax, formatTerms, kindOf, percent, poolTerms, small, softmaxTerms, type LayerKind } from '../../site/arithmetic.ts'

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
          const layer = conv2d({ filters: K, kernelSize: [k, k], padding: pad, stride, bias })
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

describe('dense and softmax: the terms shown add up to what the network computed', () => {
  it('a dense output is its largest terms, the rest and the bias, and equals the layer\'s output', () => {
    fc.assert(
      fc.property(
        fc.record({ F: fc.integer({ min: 1, max: 800 }), O: fc.integer({ min: 1, max: 12 }), shown: fc.integer({ min: 0, max: 8 }), fast: fc.boolean(), seed: fc.integer({ min: 1, max: 1e6 }) }),
        ({ F, O, shown, fast, seed }) => {
          const layer = dense(O, fast ? { kernels: fastKernels.dense } : {})
          const [params0] = layer.init([F], seedRng(seed))
          const params = { ...params0, bias: fromNumbers([O], randomImage(1, 1, O, seed + 7)) }
          const x = tensor([1, F], randomImage(1, 1, F, seed + 3))
          const [y] = layer.forward(params, x)
          for (let o = 0; o < O; o++) {
            const t = denseTerms(params.weights.data, params.bias.data, x.data, o, shown)
            // float32 arithmetic in the layer, double here: agree to float32 precision.
            expect(Math.abs(t.value - y.data[o])).toBeLessThan(1e-5 * Math.max(1, Math.abs(y.data[o])))
            expect(t.top.length).toBe(Math.min(shown, F))
            expect(t.rest.count).toBe(F - t.top.length)
            expect(t.top.reduce((a, term) => a + term.product, 0) + t.rest.sum + t.bias).toBeCloseTo(t.value, 10)
            t.top.forEach((term) => {
              expect(term.w).toBe(params.weights.data[o * F + term.f])
              expect(term.x).toBe(x.data[term.f])
              expect(term.product).toBe(term.w * term.x)
            })
            // Largest first, and no term left out is larger than the smallest shown.
            for (let n = 1; n < t.top.length; n++) expect(Math.abs(t.top[n].product)).toBeLessThanOrEqual(Math.abs(t.top[n - 1].product))
            const smallest = t.top.length === 0 ? Infinity : Math.abs(t.top[t.top.length - 1].product)
            const kept = new Set(t.top.map((term) => term.f))
            for (let f = 0; f < F; f++) if (!kept.has(f)) expect(Math.abs(params.weights.data[o * F + f] * x.data[f])).toBeLessThanOrEqual(smallest)
          }
        },
      ),
      { numRuns: 60 },
    )
  })

  it('a softmax probability equals the one the network computed, for scores large and small', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ min: -80, max: 80, noNaN: true }), { minLength: 1, maxLength: 12 }), (scores) => {
        const z = Float32Array.from(scores)
        const p = softmax(z, 1, z.length)
        let total = 0
        z.forEach((_, j) => {
          const t = softmaxTerms(z, j)
          expect(Math.abs(t.value - p[j])).toBeLessThan(1e-6)
          expect(t.m).toBe(Math.max(...z))
          expect(t.exps[t.argmax]).toBe(1)
          expect(t.exps[j] / t.sum).toBe(t.value)
          total += t.value
        })
        expect(total).toBeCloseTo(1, 12)
      }),
      { numRuns: 200 },
    )
  })

  it('writes a dense output with the rest summed, and arrives at the value', () => {
    // 4 terms, 2 shown: 0.5·2 = 1 and (−1)·0.75 = −0.75; the rest 0.1·1 + 0.2·(−0.25) = 0.05; bias −0.3.
    const t = denseTerms([0.1, 0.5, -1, 0.2], [-0.3], [1, 2, 0.75, -0.25], 0, 2)
    expect(t.top.map((term) => term.f)).toEqual([1, 2])
    expect(t.rest.sum).toBeCloseTo(0.05, 12)
    expect(formatDense(t)).toBe('0.500·2.000 + (−1.000)·0.750 + … (2 more terms, summing to 0.050) + (−0.300) = 0.000')
    expect(formatTerms(denseTerms([2], [1], [3], 0))).toBe('2.000·3.000 + 1.000 = 7.000')
  })

  it('writes softmax with the maximum subtracted, tiny terms in powers of ten', () => {
    // z = [0, ln 3, −10]: m = ln 3, e^(z − m) = [1/3, 1, e^(−10 − ln 3)], p[0] = (1/3) / (4/3 + …) ≈ 0.25.
    const t = softmaxTerms([0, Math.log(3), -10], 0)
    expect(formatSoftmax(t, ['a', 'b', 'c'])).toEqual([
      'm = max z = 1.099 (class b)',
      'e^(z[a] − m) = e^(0.000 − 1.099) = e^(−1.099) = 0.333',
      'Σ_k e^(z[k] − m) = 0.333 + 1.000 + 1.51·10⁻⁵ = 1.333',
      'p[a] = 0.333 / 1.333 = 0.250 = 25.0%',
    ])
    expect(small(4.54e-5)).toBe('4.54·10⁻⁵')
    expect(small(0.02)).toBe('0.020')
    expect(percent(0.0234)).toBe('2.3%')
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
