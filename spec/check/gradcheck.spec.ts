// The gradient checker itself: it passes a correct backward, it catches wrong ones, and it
// checks the original network end to end, input and every parameter.

import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { checkLayer, checkNetwork, relativeError, showReport } from '../../src/check/gradcheck.ts'
import { sample, seedRng, uniform } from '../../src/core/rng.ts'
import { fromNumbers, tensor, toFloat64, type Tensor } from '../../src/core/tensor.ts'
import { dense, type DenseParams } from '../../src/layers/dense.ts'
import type { Layer } from '../../src/layers/layer.ts'
import { softmaxCrossEntropy } from '../../src/layers/softmaxCrossEntropy.ts'
import { ORIGINAL_ARCH, parseArch } from '../../src/model/arch.ts'
import { initParams, sequential } from '../../src/model/sequential.ts'
import { expectGradientsCorrect } from '../helpers/expectations.ts'

const randomTensor = (shape: readonly number[], seed: number) =>
  toFloat64(tensor(shape, sample(shape.reduce((a, b) => a * b, 1), seedRng(seed), uniform)[0]))

const denseParams = () => {
  const [params] = dense(3).init([4], seedRng(7))
  return { weights: toFloat64(params.weights), bias: toFloat64(fromNumbers([3], [0.1, -0.2, 0.3])) }
}

describe('relativeError', () => {
  it('is |a − n| / max(|a|, |n|, floor)', () => {
    expect(relativeError(1, 1, 1e-3)).toBe(0)
    expect(relativeError(2, 1, 1e-3)).toBe(0.5)
    expect(relativeError(0, 1e-6, 1e-3)).toBeCloseTo(1e-3, 12) // tiny values are compared absolutely
  })
})

describe('the checker can fail', () => {
  const x = randomTensor([2, 4], 1)
  const good = dense(3)

  it('passes the correct dense backward', () => {
    expectGradientsCorrect(checkLayer(good, denseParams(), x))
  })

  // Each of these is a plausible bug; each must be caught.
  const broken: Record<string, Layer<DenseParams, Tensor>> = {
    'dWeights off by a factor of 2': {
      ...good,
      backward: (params, cache, dy) => {
        const [dx, grads] = good.backward(params, cache, dy)
        return [dx, { ...grads, weights: tensor(grads.weights.shape, grads.weights.data.map((v) => 2 * v)) }]
      },
    },
    'dx with the wrong sign': {
      ...good,
      backward: (params, cache, dy) => {
        const [dx, grads] = good.backward(params, cache, dy)
        return [tensor(dx.shape, dx.data.map((v) => -v)), grads]
      },
    },
    'dBias forgetting one sample of the batch': {
      ...good,
      backward: (params, cache, dy) => {
        const [dx, grads] = good.backward(params, cache, dy)
        const lastRow = dy.data.slice(3) // the second sample's dy
        return [dx, { ...grads, bias: tensor([3], grads.bias.data.map((v, o) => v - lastRow[o]!)) }]
      },
    },
  }

  it.each(Object.keys(broken))('catches %s', (name) => {
    const report = checkLayer(broken[name]!, denseParams(), x)
    expect(report.ok).toBe(false)
    expect(report.worst.error).toBeGreaterThan(0.1)
    expect(showReport(report)).toMatch(/^FAILED/)
  })

  it('names the worst coordinate', () => {
    const report = checkLayer(broken['dWeights off by a factor of 2']!, denseParams(), x)
    expect(report.worst.tensor).toBe('weights')
    expect(report.worst.index).toHaveLength(2)
    expect(report.worst.analytic / report.worst.numeric).toBeCloseTo(2, 6)
  })
})

describe('end to end through the original network', () => {
  // 28×28 → conv 3×3×1 → leaky ReLU → pool 2 → dense 10 → softmax cross-entropy
  const layers = parseArch(ORIGINAL_ARCH)
  if (E.isLeft(layers)) throw new Error(layers.left)
  const built = sequential([1, 28, 28], layers.right)
  if (E.isLeft(built)) throw new Error(built.left)
  const net = built.right

  it('matches central differences for the image, the kernel, the dense weights and biases', () => {
    const [params] = initParams(net, seedRng(3))
    // Two random "images"; a random image almost surely has no max-pool ties and no
    // conv output exactly at leaky ReLU's kink.
    const x = randomTensor([2, 1, 28, 28], 4)
    const report = checkNetwork(net, softmaxCrossEntropy, params, x, Uint8Array.of(3, 8))
    expectGradientsCorrect(report)
    // The input and every one of the 9 + 1690 + 10 parameters were compared.
    expect(report.comparisons).toHaveLength(2 * 784 + 9 + 1690 + 10)
    expect(new Set(report.comparisons.map((c) => c.tensor))).toEqual(
      new Set(['x', '1:conv3x3x1.weights', '4:dense10.weights', '4:dense10.bias']),
    )
  })

  it('can check a random subset of coordinates', () => {
    const [params] = initParams(net, seedRng(3))
    const report = checkNetwork(net, softmaxCrossEntropy, params, randomTensor([1, 1, 28, 28], 5), Uint8Array.of(1), { maxPerTensor: 20 })
    expectGradientsCorrect(report)
    expect(report.comparisons).toHaveLength(20 + 9 + 20 + 10)
  })
})
