// The yardstick computes what the library computes
// ================================================
//
// `npm run bench -- --baseline` compares the pure library with a hand-written imperative
// trainer (src/bench/yardstick.ts). The comparison only means something if both train
// the same network the same way, so we train 300 real MNIST digits, one Adam step per
// sample, with both from the same starting parameters and compare where they end.
//
// Both store everything as float32 and compute the same formulas. They differ only in the
// order of a few float64 sums: the kernel's gradient (the yardstick visits the pooling
// winners window by window, the library position by position) and, for the few digits
// that are not sparse enough for the library's scatter kernel, the convolution. That
// changes a stored float32 in its last place now and then. Such a difference does not
// grow: Adam moves every parameter by about η = 0.001 per step whatever its gradient, and
// after 300 steps the two runs differ by about 3·10⁻⁸, one unit in the last place of a
// float32 near 0.5. We allow 10⁻⁵: far below the 0.02 to 0.2 that training moves the
// parameters, and far below what a wrong formula makes of them (without Adam's second bias
// correction they differ by 0.04, with leaky ReLU's slope left out of the backward pass
// by 0.001).

import * as E from 'fp-ts/lib/Either.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { trainYardstick, yardstickStart, imperativeBaseline, type YardstickParams } from '../../src/bench/yardstick.ts'
import { defaultDataDir, loadIdxDir } from '../../src/cli/dataFiles.ts'
import type { ParamTree } from '../../src/core/params.ts'
import { seedRng } from '../../src/core/rng.ts'
import { tensor } from '../../src/core/tensor.ts'
import { gatherBatch, type Dataset } from '../../src/data/dataset.ts'
import { softmaxCrossEntropy } from '../../src/layers/softmaxCrossEntropy.ts'
import { ORIGINAL_ARCH, parseArch } from '../../src/model/arch.ts'
import { initParams, sequential, type Network } from '../../src/model/sequential.ts'
import { adam } from '../../src/optim/adam.ts'
import { trainStep } from '../../src/train/step.ts'

const SAMPLES = 300

const network = (): Network => {
  const net = E.flatMap(parseArch(ORIGINAL_ARCH), (layers) => sequential([1, 28, 28], layers))
  if (E.isLeft(net)) throw new Error(net.left)
  return net.right
}

// The library's parameter tree [conv, lrelu, pool, dense] and the yardstick's three arrays.
const asYardstick = (params: ParamTree): YardstickParams => ({
  kernel: Float32Array.from(params[0].weights.data),
  weights: Float32Array.from(params[3].weights.data),
  bias: Float32Array.from(params[3].bias.data),
})

// The pure pipeline: one trainStep per sample, with Adam at its defaults (η = 0.001).
const trainLibrary = (net: Network, data: Dataset, order: Int32Array, start: ParamTree): ParamTree => {
  const optimizer = adam({ lr: 0.001 })
  let params = start
  let state = optimizer.init(params)
  for (let i = 0; i < order.length; i++) {
    const { x, labels } = gatherBatch(data, order, i, i + 1)
    const stepped = trainStep(net, softmaxCrossEntropy, optimizer, params, state, x, labels)
    params = stepped.params
    state = stepped.state
  }
  return params
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let max = 0
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]))
  return max
}

describe('the imperative yardstick', () => {
  let data: Dataset
  beforeAll(async () => {
    const files = await loadIdxDir(defaultDataDir())
    if (E.isLeft(files)) throw new Error(files.left)
    data = files.right.train
  })

  it('ends with the parameters of the pure library after 300 MNIST digits, from the same start', () => {
    const net = network()
    const [params] = initParams(net, seedRng(12))
    // Start the bias away from zero too, so that its starting value matters.
    const start: ParamTree = [params[0], {}, {}, { ...params[3], bias: tensor([10], Float32Array.from({ length: 10 }, (_, o) => (o - 4.5) / 100)) }]
    const initial = asYardstick(start)
    const copy = asYardstick(start)
    // Every digit of a shuffled stretch of the training file, so that all ten labels occur.
    const order = Int32Array.from({ length: SAMPLES }, (_, i) => (i * 7919) % 60000)

    const ours = trainYardstick(data, order, initial)
    const theirs = asYardstick(trainLibrary(net, data, order, start))

    expect(maxAbsDiff(ours.kernel, theirs.kernel)).toBeLessThan(1e-5)
    expect(maxAbsDiff(ours.weights, theirs.weights)).toBeLessThan(1e-5)
    expect(maxAbsDiff(ours.bias, theirs.bias)).toBeLessThan(1e-5)
    // Not vacuous: training moved the parameters by far more than that.
    expect(maxAbsDiff(ours.kernel, initial.kernel)).toBeGreaterThan(0.05)
    expect(maxAbsDiff(ours.weights, initial.weights)).toBeGreaterThan(0.05)
    expect(maxAbsDiff(ours.bias, initial.bias)).toBeGreaterThan(0.02)
    // And the starting parameters were copied, never changed.
    expect(initial).toEqual(copy)
  })

  it('starts afresh on every call: the same inputs give the same parameters', () => {
    const order = Int32Array.from({ length: 50 }, (_, i) => i)
    const first = trainYardstick(data, order, yardstickStart())
    const second = trainYardstick(data, order, yardstickStart())
    expect(second).toEqual(first)
  })

  it('times training in samples per second', () => {
    const order = Int32Array.from({ length: 200 }, (_, i) => i)
    const speed = imperativeBaseline(data, order, 200)
    expect(Number.isFinite(speed) && speed > 0).toBe(true)
  })
})
