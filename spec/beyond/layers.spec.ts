// Chapter 11's layers: dropout and batch normalisation, against central differences and
// the laws they promise (fast-check), in both modes.

import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { batchNorm, BN_MOMENTUM, type BatchNormParams } from '../../src/beyond/batchNorm.ts'
import { dropout } from '../../src/beyond/dropout.ts'
import { batchTooSmall, heldStill, needsPass, trainingPass, withBeyondLayers } from '../../src/model/beyond.ts'
import { checkLayer, checkNetwork } from '../../src/check/layers.ts'
import { seedRng } from '../../src/core/rng.ts'
import { tensor, toFloat64, type Tensor } from '../../src/core/tensor.ts'
import { fastKernels } from '../../src/fast/kernels.ts'
import type { Layer, Pass } from '../../src/layers/layer.ts'
import { softmaxCrossEntropy } from '../../src/layers/softmaxCrossEntropy.ts'
import { buildNetwork, formatArch, parseArch, referenceKernels } from '../../src/model/arch.ts'
import { forward, initParams } from '../../src/model/sequential.ts'
import { tensorOf } from '../helpers/arbitraries.ts'
import { expectGradientsCorrect, expectUnchanged, snapshotOf } from '../helpers/expectations.ts'
import { runs } from '../helpers/runs.ts'

const TIMEOUT = 60_000
const passOf = (key: number, first = 0): Pass => ({ key, layer: 0, first })
// The layer with a pass held still, as a gradient check needs it.
const training = <P extends Record<string, Tensor>, C>(layer: Layer<P, C>, pass: Pass): Layer<P, C> =>
  ({ ...layer, forward: (params, x) => layer.forward(params, x, pass) })

// Batch norm's parameters with random γ, β and running statistics (variance > 0), in Float64.
const bnParams = (C: number, seed: number): BatchNormParams => {
  const r = (i: number) => Math.sin(seed * 7.1 + i * 3.3)
  const of = (f: (c: number) => number) => tensor([C], Float64Array.from({ length: C }, (_, c) => f(c)))
  return { gamma: of((c) => 0.5 + r(c)), beta: of((c) => r(c + 11)), mean: of((c) => r(c + 23) / 4), variance: of((c) => 0.5 + r(c + 31) ** 2) }
}

const shapes = fc.oneof(
  fc.record({ N: fc.integer({ min: 2, max: 4 }), shape: fc.tuple(fc.integer({ min: 1, max: 4 })).map(([F]) => [F]) }),
  fc.record({ N: fc.integer({ min: 1, max: 3 }), shape: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 3 })).map((s) => [...s]) }),
)
const withInput = shapes.chain((s) => fc.tuple(fc.constant(s), tensorOf([s.N, ...s.shape], -2, 2), fc.nat()))

describe('dropout', () => {
  it('is the identity without a pass, and drops with one', () => {
    const x = tensor([2, 3], Float32Array.from([1, 2, 3, 4, 5, 6]))
    const layer = dropout(0.5)
    expect(layer.forward({}, x)[0]).toBe(x)
    const [y, mask] = layer.forward({}, x, passOf(7))
    expect(mask).toBeDefined()
    for (let i = 0; i < 6; i++) expect([0, 2 * x.data[i]!]).toContain(y.data[i])
  })

  it('passes its gradient through the same mask (central differences, mask held still)', { timeout: TIMEOUT }, () => {
    fc.assert(fc.property(withInput, fc.constantFrom(0.1, 0.25, 0.5, 0.9), ([s, x, seed], p) => {
      expectGradientsCorrect(checkLayer(training(dropout(p), passOf(seed)), {}, toFloat64(x), { seed }))
    }), { numRuns: runs(40) })
  })

  it('keeps the expected value: over many keys, the mean output is the input', () => {
    const x = tensor([1, 4], Float64Array.from([1, -2, 0.5, 3]))
    for (const p of [0.25, 0.5, 0.8]) {
      const sums = new Float64Array(4)
      const K = 20_000
      for (let k = 0; k < K; k++) dropout(p).forward({}, x, passOf(k))[0].data.forEach((v, i) => (sums[i]! += v))
      // The mean of K draws of x·m/(1−p) has standard deviation |x|·√(p/(1−p)/K).
      sums.forEach((sum, i) => expect(Math.abs(sum / K - x.data[i]!)).toBeLessThan(5 * Math.abs(x.data[i]!) * Math.sqrt(p / (1 - p) / K)))
    }
  })

  it('drops about a fraction p, and a sample draws the same mask wherever its batch is cut', () => {
    const x = tensor([6, 500], new Float32Array(3000).fill(1))
    const [whole] = dropout(0.3).forward({}, x, passOf(42))
    const dropped = whole.data.filter((v) => v === 0).length / 3000
    expect(Math.abs(dropped - 0.3)).toBeLessThan(0.03)
    // Rows 4 and 5 alone, told that they start at row 4, as a second thread would be.
    const [tail] = dropout(0.3).forward({}, tensor([2, 500], x.data.subarray(2000)), passOf(42, 4))
    expect(Array.from(tail.data)).toEqual(Array.from(whole.data.subarray(2000)))
    // Another key, another mask.
    const [other] = dropout(0.3).forward({}, x, passOf(43))
    expect(Array.from(other.data)).not.toEqual(Array.from(whole.data))
  })

  it('writes into nothing it is given', () => {
    const x = tensor([2, 3], Float32Array.from([1, 2, 3, 4, 5, 6]))
    const before = snapshotOf([x])
    const layer = dropout(0.5)
    const [y, mask] = layer.forward({}, x, passOf(1))
    layer.backward({}, mask, y)
    expectUnchanged([x], before)
  })

  it('refuses a probability outside [0, 1)', () => {
    expect(() => dropout(1)).toThrow(/\[0, 1\)/)
    expect(() => dropout(-0.1)).toThrow(/\[0, 1\)/)
  })
})

describe('batch normalisation', () => {
  it('trains on the batch\'s statistics: central differences through the mean and variance', { timeout: TIMEOUT }, () => {
    fc.assert(fc.property(withInput, ([s, x, seed]) => {
      const layer = batchNorm()
      expectGradientsCorrect(checkLayer(training(layer, passOf(seed)), bnParams(s.shape[0]!, seed), toFloat64(x), { seed, tolerance: 1e-5 }))
    }), { numRuns: runs(40) })
  })

  it('predicts with the running averages: central differences of the affine map', { timeout: TIMEOUT }, () => {
    fc.assert(fc.property(withInput, ([s, x, seed]) => {
      expectGradientsCorrect(checkLayer(batchNorm(), bnParams(s.shape[0]!, seed), toFloat64(x), { seed }))
    }), { numRuns: runs(30) })
  })

  it('gives each channel mean 0 and variance σ²/(σ² + ε) in training (γ = 1, β = 0): 1 unless the channel is nearly constant', () => {
    fc.assert(fc.property(withInput, ([s, x]) => {
      const C = s.shape[0]!
      const layer = batchNorm()
      const [params] = layer.init(s.shape, seedRng(0))
      const x64 = toFloat64(x)
      const [y] = layer.forward(params, x64, passOf(0))
      const S = y.data.length / (s.N * C)
      const moments = (data: ArrayLike<number>, c: number) => {
        const values: number[] = []
        for (let n = 0; n < s.N; n++) for (let j = 0; j < S; j++) values.push(data[(n * C + c) * S + j]!)
        const mean = values.reduce((a, b) => a + b, 0) / values.length
        return [mean, values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length] as const
      }
      for (let c = 0; c < C; c++) {
        const [, sigma2] = moments(x64.data, c)
        const [mean, variance] = moments(y.data, c)
        expect(Math.abs(mean)).toBeLessThan(1e-9)
        expect(Math.abs(variance - sigma2 / (sigma2 + 1e-5))).toBeLessThan(1e-9)
      }
    }), { numRuns: runs(60) })
  })

  it('does not see a per-channel shift or positive scaling of its input; its input gradient sums to 0 per channel', () => {
    fc.assert(fc.property(withInput, fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: 0.5, max: 4, noNaN: true }), ([s, x, seed], shift, scale) => {
      const C = s.shape[0]!
      const params = bnParams(C, seed)
      const x64 = toFloat64(x)
      const moved = tensor(x64.shape, x64.data.map((v) => v * scale + shift))
      const [y] = batchNorm().forward(params, x64, passOf(0))
      const [z] = batchNorm().forward(params, moved, passOf(0))
      // Equal where the channel is not (nearly) constant: ε's share of the variance differs
      // by at most ε/σ², so x̂ by at most half that, relatively.
      const [, cache] = batchNorm().forward(params, x64, passOf(0))
      const S = y.data.length / (s.N * C)
      for (let c = 0; c < C; c++) {
        const sigma2 = Math.min(cache.batchVar[c]!, cache.batchVar[c]! * scale * scale)
        if (sigma2 < 1e-2) continue
        for (let n = 0; n < s.N; n++) for (let j = 0; j < S; j++) {
          const i = (n * C + c) * S + j
          const xHat = (y.data[i]! - params.beta.data[c]!) / params.gamma.data[c]!
          expect(Math.abs(z.data[i]! - y.data[i]!)).toBeLessThanOrEqual(Math.abs(params.gamma.data[c]! * xHat) * (1e-5 / sigma2) + 1e-12)
        }
      }
      const dy = tensor(y.shape, y.data.map((_, i) => Math.cos(i + seed)))
      const [dx] = batchNorm().backward(params, cache, dy)
      for (let c = 0; c < C; c++) {
        let [sum, size] = [0, 0]
        for (let n = 0; n < s.N; n++) for (let j = 0; j < S; j++) {
          sum += dx.data[(n * C + c) * S + j]!
          size += Math.abs(dx.data[(n * C + c) * S + j]!)
        }
        expect(Math.abs(sum)).toBeLessThanOrEqual(1e-12 * (1 + size))
      }
    }), { numRuns: runs(60) })
  })

  it('settles its running averages a tenth of the way to the batch\'s, the variance unbiased; gives them gradient 0', () => {
    const x = tensor([4, 1], Float64Array.from([1, 2, 3, 6]))
    const layer = batchNorm()
    const [params] = layer.init([1], seedRng(0))
    const [y, cache] = layer.forward(params, x, passOf(0))
    const settled = layer.settle!(params, cache)
    expect(settled.mean!.data[0]).toBeCloseTo((1 - BN_MOMENTUM) * 0 + BN_MOMENTUM * 3, 6)
    // The batch's variance: (4 + 1 + 0 + 9) / 4 = 3.5, unbiased 14 / 3.
    expect(settled.variance!.data[0]).toBeCloseTo((1 - BN_MOMENTUM) * 1 + BN_MOMENTUM * 14 / 3, 6)
    const [, grads] = layer.backward(params, cache, y)
    expect(Array.from(grads.mean!.data)).toEqual([0])
    expect(Array.from(grads.variance!.data)).toEqual([0])
    // Predicting settles nothing.
    expect(layer.settle!(params, layer.forward(params, x)[1])).toEqual({})
  })

  it('refuses to train on one value per channel, and says which batch sizes cannot train a network', () => {
    const layer = batchNorm()
    const [params] = layer.init([3], seedRng(0))
    expect(() => layer.forward(params, tensor([1, 3], new Float32Array(3)), passOf(0))).toThrow(/at least 2 values per channel/)
    expect(() => layer.forward(params, tensor([1, 3], new Float32Array(3)))).not.toThrow()
    const net = E.getOrElseW((e: string) => { throw new Error(e) })(buildNetwork('conv3x3x2-bn-relu-pool2-dense8-bn-dense10', [1, 8, 8], 10, withBeyondLayers(referenceKernels)))
    expect(batchTooSmall(net, 1)).toMatch(/layer 6 \(bn\)/)
    expect(batchTooSmall(net, 2)).toBeUndefined()
  })
})

describe('the grammar and whole networks', () => {
  const kernels = withBeyondLayers(referenceKernels)

  it('reads drop<p> and bn with chapter 11\'s kernel set, and only with it', () => {
    const arch = 'conv3x3x4p1-bn-relu-pool2-dense16-relu-drop0.5-dense10'
    const layers = parseArch(arch, kernels)
    expect(E.isRight(layers) && formatArch(layers.right)).toBe(arch)
    expect(E.isRight(parseArch('drop0.50-dense10', kernels)) && formatArch((parseArch('drop0.50-dense10', kernels) as E.Right<readonly Layer[]>).right)).toBe('drop0.5-dense10')
    const plain = parseArch(arch, referenceKernels)
    expect(E.isLeft(plain) && plain.left).toMatch(/"bn" is not a layer/)
    const bad = parseArch('drop1-dense10', kernels)
    expect(E.isLeft(bad) && bad.left).toMatch(/drop probability must be below 1/)
    const fine = parseArch('drop0.0001-dense10', kernels)
    expect(E.isLeft(fine) && fine.left).toMatch(/at most 3 decimals, got 0.0001/)
    expect(() => dropout(1e-7)).toThrow(/at least 1e-6/)
    const unknown = parseArch('dropout-dense10', kernels)
    expect(E.isLeft(unknown) && unknown.left).toMatch(/or drop<p> or bn$/)
  })

  it.each([['reference', kernels], ['fast', withBeyondLayers(fastKernels)]] as const)('gradient-checks a whole network with both layers, the pass held still (%s kernels)', { timeout: TIMEOUT }, (_name, set) => {
    const built = buildNetwork('conv3x3x2p1-bn-relu-pool2-dense6-bn-relu-drop0.3-dense10', [1, 6, 6], 10, set)
    if (E.isLeft(built)) throw new Error(built.left)
    expect(needsPass(built.right)).toBe(true)
    const net = heldStill(built.right, trainingPass(3)(1, 1))
    const [params] = initParams(net, seedRng(5))
    const x = tensor([3, 1, 6, 6], Float64Array.from({ length: 108 }, (_, i) => Math.sin(i * 1.7)))
    expectGradientsCorrect(checkNetwork(net, softmaxCrossEntropy, params, x, Uint8Array.from([1, 4, 7]), { seed: 2, tolerance: 1e-5 }))
  })

  it('gives every step its own key, the same for the same seed', () => {
    const pass = trainingPass(1)
    expect(pass(1, 1)).toEqual(trainingPass(1)(1, 1))
    expect(new Set([pass(1, 1).key, pass(1, 2).key, pass(2, 1).key, trainingPass(2)(1, 1).key]).size).toBe(4)
    const built = buildNetwork('dense10', [4], 10, kernels)
    expect(E.isRight(built) && needsPass(built.right)).toBe(false)
  })

  it('computes the same outputs predicting with and without the fast kernels', () => {
    const arch = 'conv3x3x2p1-bn-relu-pool2-drop0.5-dense10'
    const [a, b] = [kernels, withBeyondLayers(fastKernels)].map((set) => {
      const built = buildNetwork(arch, [1, 6, 6], 10, set)
      if (E.isLeft(built)) throw new Error(built.left)
      return built.right
    })
    const [params] = initParams(a!, seedRng(1))
    const x = tensor([2, 1, 6, 6], Float32Array.from({ length: 72 }, (_, i) => (i % 7) / 7))
    const ya = forward(a!, params, x)[0].data
    const yb = forward(b!, params, x)[0].data
    ya.forEach((v, i) => expect(yb[i]).toBeCloseTo(v, 5))
  })
})
