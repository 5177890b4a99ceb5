// Chapter 0 is real code: the one-page network trains exactly like the general pipeline.
// Both start from the same initial weights and take one Adam step per digit on the same
// 1,000 MNIST digits; their parameters must agree at the end up to float rounding (the two
// add some numbers in a different order, and Adam's bias corrections are folded differently).

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
import { loadExperiment, type Experiment } from '../../src/cli/experiment.ts'
import * as original from '../../src/original/network.ts'

// The pipeline's parameter tree [conv, lrelu, pool, dense] as chapter 0's three arrays.
const asOriginal = (tree: ParamTree): original.Params => ({
  kernel: Float32Array.from(tree[0]!.weights!.data),
  weights: Float32Array.from(tree[3]!.weights!.data),
  bias: Float32Array.from(tree[3]!.bias!.data),
})

// The largest difference between two parameter sets, relative to the largest value.
const difference = (a: original.Params, b: original.Params): number => {
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
  })

  it('computes the same gradients as the pipeline for one digit', () => {
    const index = experiment.train[0]!
    const x = original.imageAt(experiment.data.images, index)
    const label = experiment.data.labels[index]!
    const params = asOriginal(initial)
    const mine = original.backward(params, x, original.forward(params, x), label)
    const theirs = gradientsOf(net, softmaxCrossEntropy, initial, tensor([1, 1, 28, 28], x), Uint8Array.of(label))
    expect(difference(mine, asOriginal(theirs.grads))).toBeLessThan(1e-6)
  })

  it('trains on 1,000 digits to the same parameters as the pipeline', () => {
    const order = experiment.train.slice(0, 1000)
    // Chapter 0.
    const start = asOriginal(initial)
    const mine = original.trainEpoch(start, original.adamInit(), experiment.data.images, experiment.data.labels, order)
    // The general pipeline: sequential with the same layers, Adam, one update per digit.
    const optimizer = adam({ lr: 0.001 })
    let current = { params: initial, state: optimizer.init(initial) }
    let correct = 0
    for (let i = 0; i < order.length; i++) {
      const { x, labels } = gatherBatch(experiment.data, order, i, i + 1)
      const stepped = trainStep(net, softmaxCrossEntropy, optimizer, current.params, current.state, x, labels)
      current = { params: stepped.params, state: stepped.state }
      correct += stepped.correct
    }
    // They learned something (the untrained network is right about 10% of the time) …
    expect(mine.accuracy).toBeGreaterThan(0.5)
    expect(mine.accuracy).toBeCloseTo(correct / order.length, 2)
    // … and the same thing: every parameter agrees to rounding, after 1,000 steps.
    expect(difference(mine.params, asOriginal(current.params))).toBeLessThan(1e-5)
    // The starting point was left as it was (purity).
    expect(difference(start, asOriginal(initial))).toBe(0)
  })
})
