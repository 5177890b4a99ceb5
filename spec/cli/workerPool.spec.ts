// Data-parallel training: gradients computed by worker threads equal the single-thread
// gradients of the whole batch up to float rounding, and are deterministic.

import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { leavesOf, type ParamTree } from '../../src/core/params.ts'
import { seedRng } from '../../src/core/rng.ts'
import { softmaxCrossEntropy } from '../../src/layers/softmaxCrossEntropy.ts'
import { initParams, type Network } from '../../src/model/sequential.ts'
import { evaluate } from '../../src/train/evaluate.ts'
import { localGradients, type Gradients } from '../../src/train/step.ts'
import { buildNetwork, loadExperiment, type Experiment } from '../../src/cli/experiment.ts'
import { createWorkerPool, shareImages, shards, type WorkerPool } from '../../src/cli/workerPool.ts'

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

describe('a pool of two workers', () => {
  let experiment: Experiment
  let net: Network
  let params: ParamTree
  let pool: WorkerPool

  beforeAll(async () => {
    const loaded = await loadExperiment({ split: 'sklearn', testFraction: 0.2 })
    if (E.isLeft(loaded)) throw new Error(loaded.left)
    experiment = { ...loaded.right, data: shareImages(loaded.right.data) }
    const built = buildNetwork(ARCH, [1, 28, 28], 10)
    if (E.isLeft(built)) throw new Error(built.left)
    net = built.right
    params = initParams(net, seedRng(5))[0]
    pool = createWorkerPool(2, ARCH, experiment.data)
  })

  afterAll(async () => {
    await pool.close()
  })

  const flat = (g: Gradients) => leavesOf(g.grads).flatMap(({ value }) => Array.from(value.data))

  it('computes the gradients of a whole batch, as one thread does', async () => {
    const local = localGradients(net, softmaxCrossEntropy, experiment.data).gradients(params, experiment.train, 100, 133) as Gradients
    const shared = await pool.gradients(params, experiment.train, 100, 133)
    expect(shared.correct).toBe(local.correct)
    expect(shared.loss).toBeCloseTo(local.loss, 5)
    const [a, b] = [flat(shared), flat(local)]
    const scale = Math.max(...b.map(Math.abs))
    a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-5 * scale))
  })

  it('is deterministic: the same batch twice gives bit-identical gradients', async () => {
    const first = await pool.gradients(params, experiment.train, 0, 64)
    const second = await pool.gradients(params, experiment.train, 0, 64)
    expect(flat(second)).toEqual(flat(first))
    expect(second.loss).toBe(first.loss)
  })

  it('predicts the test samples exactly as one thread does', async () => {
    const indices = experiment.test.slice(0, 301)
    const shared = await pool.evaluate(params, indices, 10)
    const local = evaluate(net, params, experiment.data, indices)
    expect(Array.from(shared.predicted)).toEqual(Array.from(local.predicted))
    expect(Array.from(shared.labels)).toEqual(Array.from(local.labels))
    expect(shared.accuracy).toBe(local.accuracy)
  })
})
