// Chapter 0 is real code: the one-page network trains exactly like the general pipeline.
// Both start from the same initial weights (the library's, handed to chapter 0) and take one
// Adam step per digit on the same 1,000 MNIST digits; their parameters must agree at the end
// up to float rounding (the two add some numbers in a different order, and Adam's bias
// corrections are folded differently). Chapter 0's own initial weights are checked too.

import * as E from 'fp-ts/lib/Either.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { seedRng } from '../../src/core/rng.ts'
import { tensor } from '../../src/core/tensor.ts'
import { gatherBatch } from '../../src/data/dataset.ts'
import { softmaxCrossEntropy } from '../../src/layers/softmaxCrossEntropy.ts'
import { buildNetwork, ORIGINAL_ARCH } from '../../src/model/arch.ts'
import { initParams, type Network } from '../../src/model/sequential.ts'
import { adam } from '../../src/optim/adam.ts'
import { gradientsOf, trainStep } from '../../src/train/step.ts'
import type { ParamTree } from '../../src/core/params.ts'
import { loadExperiment, originalDigits, type Experiment } from '../../src/cli/experiment.ts'
import * as original from '../../src/original/network.ts'

// The pipeline's parameter tree [conv, lrelu, pool, dense] as chapter 0's three arrays.
const asOriginal = (tree: ParamTree): original.NetworkParams => ({
  kernel: Float32Array.from(tree[0]!.weights!.data),
  weights: Float32Array.from(tree[3]!.weights!.data),
  bias: Float32Array.from(tree[3]!.bias!.data),
})

// The largest difference between two parameter sets, relative to the largest value.
const difference = (a: original.NetworkParams, b: original.NetworkParams): number => {
  let worst = 0
  for (const name of ['kernel', 'weights', 'bias'] as const) {
    const scale = Math.max(...b[name].map(Math.abs), 1e-3)
    for (let i = 0; i < a[name].length; i++) worst = Math.max(worst, Math.abs(a[name][i]! - b[name][i]!) / scale)
  }
  return worst
}

describe('chapter 0, the whole network on one page', () => {
  let experiment: Experiment
  let net: Network
  let initial: ParamTree

  beforeAll(async () => {
    const loaded = await loadExperiment({ split: 'sklearn', testFraction: 0.2 })
    if (E.isLeft(loaded)) throw new Error(loaded.left)
    experiment = loaded.right
    const built = buildNetwork(ORIGINAL_ARCH, [1, 28, 28], 10)
    if (E.isLeft(built)) throw new Error(built.left)
    net = built.right
    initial = initParams(net, seedRng(1))[0]
  }, 60_000)

  it('computes the same gradients as the pipeline for one digit', () => {
    const index = experiment.train[0]!
    const x = original.imageAt(experiment.data.images, index)
    const label = experiment.data.labels[index]!
    const params = asOriginal(initial)
    const cache = original.networkForward(params, x)
    const mine = original.networkBackward(params, x, cache, label)
    const theirs = gradientsOf(net, softmaxCrossEntropy, initial, tensor([1, 1, 28, 28], x), Uint8Array.of(label))
    expect(difference(mine, asOriginal(theirs.grads))).toBeLessThan(1e-6)
    // The loss from the logits is the pipeline's, and −ln of the stored probability.
    expect(original.networkLoss(cache, label)).toBeCloseTo(theirs.loss, 6)
    expect(original.networkLoss(cache, label)).toBeCloseTo(-Math.log(cache.probs[label]!), 5)
  })

  it('trains on 1,000 digits to the same parameters as the pipeline', () => {
    const order = experiment.train.slice(0, 1000)
    // Chapter 0.
    const start = asOriginal(initial)
    const mine = original.trainEpoch(start, original.adamStart(), experiment.data.images, experiment.data.labels, order)
    // The general pipeline: sequential with the same layers, Adam, one update per digit.
    const optimizer = adam({ lr: 0.001 })
    let current = { params: initial, state: optimizer.init(initial) }
    let [correct, lossSum] = [0, 0]
    for (let i = 0; i < order.length; i++) {
      const { x, labels } = gatherBatch(experiment.data, order, i, i + 1)
      const stepped = trainStep(net, softmaxCrossEntropy, optimizer, current.params, current.state, x, labels)
      current = { params: stepped.params, state: stepped.state }
      correct += stepped.correct
      lossSum += stepped.loss
    }
    // They learned something (the untrained network is right about 10% of the time) …
    expect(mine.accuracy).toBeGreaterThan(0.5)
    expect(mine.accuracy).toBeCloseTo(correct / order.length, 2)
    // … and the same thing: every parameter agrees to rounding, after 1,000 steps, and so
    // does the mean loss on the way.
    expect(difference(mine.params, asOriginal(current.params))).toBeLessThan(1e-5)
    expect(mine.loss).toBeCloseTo(lossSum / order.length, 4)
    // The starting point was left as it was (purity).
    expect(difference(start, asOriginal(initial))).toBe(0)
  }, 60_000)
})

describe('chapter 0\'s own initial weights', () => {
  // Every value of `values` lies in [−limit, limit], and together they look uniform there:
  // they reach near both ends, their mean is near 0 and their variance near limit² / 3.
  const expectUniform = (values: Float32Array, limit: number) => {
    expect(values.every((w) => Math.abs(w) <= Math.fround(limit))).toBe(true)
    expect(Math.max(...values)).toBeGreaterThan(0.7 * limit)
    expect(Math.min(...values)).toBeLessThan(-0.7 * limit)
    const mean = values.reduce((sum, w) => sum + w, 0) / values.length
    const variance = values.reduce((sum, w) => sum + (w - mean) ** 2, 0) / values.length
    expect(Math.abs(mean)).toBeLessThan(0.1 * limit)
    expect(variance).toBeGreaterThan(0.8 * (limit ** 2 / 3))
    expect(variance).toBeLessThan(1.2 * (limit ** 2 / 3))
  }

  it('are Glorot uniform with zero biases: √(6 / (9 + 9)) for the kernel, √(6 / (169 + 10)) for the dense layer', () => {
    for (const seed of [0, 1, 42, 4294967295]) {
      const { kernel, weights, bias } = original.initialParams(seed)
      expect([kernel.length, weights.length, bias.length]).toEqual([9, 1690, 10])
      expectUniform(weights, Math.sqrt(6 / 179))
      expect(bias).toEqual(new Float32Array(10))
    }
    // Nine kernel values are too few to judge; the kernels of 200 seeds are not.
    const kernels = Array.from({ length: 200 }, (_, seed) => [...original.initialParams(seed).kernel]).flat()
    expectUniform(Float32Array.from(kernels), Math.sqrt(6 / 18))
  })

  it('are the same for the same seed and differ between seeds', () => {
    const one = original.initialParams(1)
    expect(original.initialParams(1)).toEqual(one)
    for (const other of [original.initialParams(2), original.initialParams(0)]) {
      expect(other.kernel).not.toEqual(one.kernel)
      expect(other.weights).not.toEqual(one.weights)
    }
  })

  it('train the network from chance to well above it on 1,000 digits', async () => {
    const { images, labels, train, test } = await originalDigits(1000)
    expect([train.length, test.length]).toEqual([1000, 14000])
    const start = original.initialParams(1)
    const trained = original.trainEpoch(start, original.adamStart(), images, labels, train)
    expect(original.networkAccuracy(start, images, labels, test.slice(0, 2000))).toBeLessThan(0.3)
    expect(original.networkAccuracy(trained.params, images, labels, test.slice(0, 2000))).toBeGreaterThan(0.7)
  }, 60_000)
})
