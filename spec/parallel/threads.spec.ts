// Data-parallel training: gradients computed by several threads equal the single-thread
// gradients of the whole batch up to float rounding, and are deterministic.

import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { leavesOf, type ParamTree } from '../../src/core/params.ts'
import { seedRng } from '../../src/core/rng.ts'
import { softmaxCrossEntropy } from '../../src/layers/softmaxCrossEntropy.ts'
import { initParams, type Network } from '../../src/model/sequential.ts'
import { evaluate } from '../../src/train/evaluate.ts'
import { gradientsOf, type Gradients } from '../../src/train/step.ts'
import { gatherBatch } from '../../src/data/dataset.ts'
import { buildNetwork } from '../../src/model/arch.ts'
import { fastKernels } from '../../src/fast/kernels.ts'
import { loadExperiment, type Experiment } from '../../src/cli/experiment.ts'
import { shards, startParallel, type Parallel } from '../../src/parallel/threads.ts'
import { trainingPass } from '../../src/model/beyond.ts'

const ARCH = 'conv5x5x4p2-relu-pool2-conv3x3x8-relu-pool2-dense10'

describe('shards', () => {
  it('cut a range into contiguous parts whose sizes differ by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 8 }), (start, n, parts) => {
        const cut = shards(start, start + n, parts)
        expect(cut.length).toBe(Math.min(parts, n))
        expect(cut[0]![0]).toBe(start)
        expect(cut[cut.length - 1]![1]).toBe(start + n)
        cut.forEach(([from, to], i) => {
          if (i > 0) expect(from).toBe(cut[i - 1]![1])
          expect(to - from === Math.floor(n / cut.length) || to - from === Math.ceil(n / cut.length)).toBe(true)
        })
      }),
    )
  })
})

describe('three threads (this one and two workers)', () => {
  let experiment: Experiment
  let net: Network
  let params: ParamTree
  let parallel: Parallel

  beforeAll(async () => {
    const loaded = await loadExperiment({ split: 'sklearn', testFraction: 0.2 })
    if (E.isLeft(loaded)) throw new Error(loaded.left)
    experiment = loaded.right
    const built = buildNetwork(ARCH, [1, 28, 28], 10, fastKernels)
    if (E.isLeft(built)) throw new Error(built.left)
    net = built.right
    params = initParams(net, seedRng(5))[0]
    parallel = await startParallel({ threads: 3, arch: ARCH, kernels: 'fast', net, params, data: experiment.data, maxBatch: 64 })
  })

  afterAll(async () => {
    await parallel.close()
  })

  const flat = (g: Gradients) => leavesOf(g.grads).flatMap(({ value }) => Array.from(value.data))
  const batch = (from: number, to: number) => gatherBatch(experiment.data, experiment.train, from, to)

  it('computes the gradients of a whole batch, as one thread does', () => {
    const { x, labels } = batch(100, 133)
    const local = gradientsOf(net, softmaxCrossEntropy, params, x, labels)
    const shared = parallel.gradients(net, softmaxCrossEntropy, params, x, labels)
    expect(shared.correct).toBe(local.correct)
    expect(shared.loss).toBeCloseTo(local.loss, 5)
    const [a, b] = [flat(shared), flat(local)]
    const scale = Math.max(...b.map(Math.abs))
    a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-5 * scale))
  })

  it('is deterministic: the same batch twice gives bit-identical gradients', () => {
    const { x, labels } = batch(0, 64)
    const first = parallel.gradients(net, softmaxCrossEntropy, params, x, labels)
    const second = parallel.gradients(net, softmaxCrossEntropy, params, x, labels)
    expect(flat(second)).toEqual(flat(first))
    expect(second.loss).toBe(first.loss)
  })

  it('handles batches smaller than the number of threads', () => {
    const { x, labels } = batch(7, 9)
    const local = gradientsOf(net, softmaxCrossEntropy, params, x, labels)
    const shared = parallel.gradients(net, softmaxCrossEntropy, params, x, labels)
    expect(shared.correct).toBe(local.correct)
    expect(shared.loss).toBeCloseTo(local.loss, 6)
  })

  it('predicts the test samples exactly as one thread does', () => {
    const indices = experiment.test.slice(0, 301)
    const shared = parallel.evaluate(net, params, experiment.data, indices)
    const local = evaluate(net, params, experiment.data, indices)
    expect(Array.from(shared.predicted)).toEqual(Array.from(local.predicted))
    expect(Array.from(shared.labels)).toEqual(Array.from(local.labels))
    // The shards are measured in other batches, so probabilities may differ in the last bit.
    shared.probabilities.forEach((p, i) => expect(Math.abs(p - local.probabilities[i]!)).toBeLessThan(1e-6))
    expect(shared.accuracy).toBe(local.accuracy)
  })
})

describe('closing the threads', () => {
  it('stops every worker once, however often it is asked (train closes early, then again in its finally)', async () => {
    const loaded = await loadExperiment({ split: 'sklearn', testFraction: 0.2, limit: 100 })
    if (E.isLeft(loaded)) throw new Error(loaded.left)
    const built = buildNetwork(ARCH, [1, 28, 28], 10, fastKernels)
    if (E.isLeft(built)) throw new Error(built.left)
    const params = initParams(built.right, seedRng(5))[0]
    const parallel = await startParallel({ threads: 2, arch: ARCH, kernels: 'fast', net: built.right, params, data: loaded.right.data, maxBatch: 8 })
    const first = parallel.close()
    expect(parallel.close()).toBe(first)
    await first
    await expect(parallel.close()).resolves.toBeUndefined()
  })
})

// Chapter 11's layers on threads: dropout's masks are drawn by address, so the shards of a
// batch drop what one thread drops; batch norm's threads meet to add the whole batch's rows,
// so its statistics and running averages are one thread's, bit for bit, and its gradients
// agree to rounding, as every layer's do (the shards' gradients are added in another order).
describe('two threads and chapter 11\'s layers', () => {
  const setUp = async (arch: string) => {
    const loaded = await loadExperiment({ split: 'sklearn', testFraction: 0.2, limit: 200 })
    if (E.isLeft(loaded)) throw new Error(loaded.left)
    const built = buildNetwork(arch, [1, 28, 28], 10, fastKernels)
    if (E.isLeft(built)) throw new Error(built.left)
    const params = initParams(built.right, seedRng(2))[0]
    const parallel = await startParallel({ threads: 2, arch, kernels: 'fast', net: built.right, params, data: loaded.right.data, maxBatch: 32 })
    return { experiment: loaded.right, net: built.right, params, parallel }
  }
  const flatOf = (g: Gradients) => leavesOf(g.grads).flatMap(({ value }) => Array.from(value.data))

  it('dropout: the shards draw the masks of one thread (the gradients agree to rounding, and differ with another key)', async () => {
    const { experiment, net, params, parallel } = await setUp('conv5x5x4p2-relu-pool2-drop0.5-dense16-relu-drop0.5-dense10')
    try {
      const { x, labels } = gatherBatch(experiment.data, experiment.train, 0, 32)
      const pass = trainingPass(7)(1, 3)
      const local = flatOf(gradientsOf(net, softmaxCrossEntropy, params, x, labels, pass))
      const shared = flatOf(parallel.gradients(net, softmaxCrossEntropy, params, x, labels, pass))
      const other = flatOf(gradientsOf(net, softmaxCrossEntropy, params, x, labels, trainingPass(7)(1, 4)))
      const scale = Math.max(...local.map(Math.abs))
      shared.forEach((v, i) => expect(Math.abs(v - local[i]!)).toBeLessThan(1e-5 * scale))
      expect(Math.max(...other.map((v, i) => Math.abs(v - local[i]!)))).toBeGreaterThan(1e-3 * scale)
    } finally {
      await parallel.close()
    }
  }, 60_000)

  it('batch norm: the threads meet for the batch\'s sums: one thread\'s running averages bit for bit, its gradients to rounding', async () => {
    const { experiment, net, params, parallel } = await setUp('conv5x5x4p2-bn-relu-pool2-dense16-bn-relu-dense10')
    try {
      const { x, labels } = gatherBatch(experiment.data, experiment.train, 0, 31) // shards of 16 and 15
      const pass = trainingPass(7)(1, 3)
      const local = gradientsOf(net, softmaxCrossEntropy, params, x, labels, pass)
      const shared = parallel.gradients(net, softmaxCrossEntropy, params, x, labels, pass)
      expect(shared.settled).toEqual(local.settled)
      expect(shared.settled?.[1]?.mean).toBeDefined()
      expect(shared.loss).toBeCloseTo(local.loss, 6)
      expect(shared.correct).toBe(local.correct)
      const [a, b] = [flatOf(shared), flatOf(local)]
      const scale = Math.max(...b.map(Math.abs))
      a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-5 * scale))
      // Twice the same: deterministic.
      expect(flatOf(parallel.gradients(net, softmaxCrossEntropy, params, x, labels, pass))).toEqual(a)
    } finally {
      await parallel.close()
    }
  }, 60_000)
})
