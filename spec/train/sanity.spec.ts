// Sanity runs on synthetic data, with fixed seeds: the initial loss of a 10-class
// classifier is near ln 10, and training lowers it.

import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { sample, seedRng, uniform, randomInt, type Rng } from '../../src/core/rng.ts'
import { tensor } from '../../src/core/tensor.ts'
import { softmaxCrossEntropy } from '../../src/layers/softmaxCrossEntropy.ts'
import { ORIGINAL_ARCH, parseArch } from '../../src/model/arch.ts'
import { initParams, sequential } from '../../src/model/sequential.ts'
import { adam } from '../../src/optim/adam.ts'
import { gradientsOf, trainStep } from '../../src/train/step.ts'

const network = () => {
  const net = E.flatMap(parseArch(ORIGINAL_ARCH), (layers) => sequential([1, 28, 28], layers))
  if (E.isLeft(net)) throw new Error(net.left)
  return net.right
}

// N random images in [0, 1) with random labels 0-9.
const randomBatch = (N: number, seed: number) => {
  const [pixels, rng] = sample(N * 784, seedRng(seed), uniform)
  let state: Rng = rng
  const labels = new Uint8Array(N)
  for (let n = 0; n < N; n++) {
    const [label, next] = randomInt(state, 10)
    labels[n] = label
    state = next
  }
  return { x: tensor([N, 1, 28, 28], pixels), labels }
}

describe('training sanity', () => {
  const net = network()

  it('starts near ln 10 ≈ 2.303 on random 10-class data', () => {
    const { x, labels } = randomBatch(64, 1)
    for (const seed of [1, 2, 3]) {
      const [params] = initParams(net, seedRng(seed))
      const { loss } = gradientsOf(net, softmaxCrossEntropy, params, x, labels)
      expect(Math.abs(loss - Math.log(10))).toBeLessThan(0.5)
    }
  })

  it('lowers the loss of one batch with a few Adam steps, and overfits 20 examples', () => {
    const { x, labels } = randomBatch(20, 2)
    const opt = adam({ lr: 0.01 })
    let [params] = initParams(net, seedRng(1))
    let state = opt.init(params)
    const losses: number[] = []
    for (let i = 0; i < 100; i++) {
      const stepped = trainStep(net, softmaxCrossEntropy, opt, params, state, x, labels)
      losses.push(stepped.loss)
      params = stepped.params
      state = stepped.state
    }
    expect(losses[5]!).toBeLessThan(losses[0]!)
    expect(losses[99]!).toBeLessThan(0.1 * losses[0]!)
    const { correct } = gradientsOf(net, softmaxCrossEntropy, params, x, labels)
    expect(correct).toBe(20)
  })

  it('trains bit-identically from the same seed', () => {
    const { x, labels } = randomBatch(8, 3)
    const run = () => {
      const opt = adam()
      let [params] = initParams(net, seedRng(9))
      let state = opt.init(params)
      for (let i = 0; i < 5; i++) ({ params, state } = trainStep(net, softmaxCrossEntropy, opt, params, state, x, labels))
      return params
    }
    expect(run()).toEqual(run())
  })
})
