// The pictures of a trained network: what cli/figures.ts measures and passes to plot/.

import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { sample, seedRng, uniform } from '../../src/core/rng.ts'
import { tensor } from '../../src/core/tensor.ts'
import { figures, stagesOf, untrainedPoint } from '../../src/cli/figures.ts'
import type { Dataset } from '../../src/data/dataset.ts'
import { parseArch } from '../../src/model/arch.ts'
import { probabilitiesOf } from '../../src/model/predict.ts'
import { initParams, sequential } from '../../src/model/sequential.ts'
import { confusionMatrix } from '../../src/report/confusion.ts'
import { evaluate } from '../../src/train/evaluate.ts'

// The original network on 8×8 images: 40 random "digits", the last 20 of them the test set.
const net = E.getOrElseW((why: string) => {
  throw new Error(why)
})(E.flatMap(parseArch('conv3x3x1-lrelu-pool2-dense10'), (layers) => sequential([1, 8, 8], layers)))
const [initial, rng] = initParams(net, seedRng(7))
const [params] = initParams(net, rng)
const [pixels, rng2] = sample(40 * 64, rng, uniform)
const [labelDraws] = sample(40, rng2, uniform)
const data: Dataset = {
  images: Uint8Array.from(pixels, (p) => Math.floor(p * 256)),
  labels: Uint8Array.from(labelDraws, (u) => Math.floor(u * 10)),
  count: 40,
  rows: 8,
  cols: 8,
  classes: 10,
}
const test = Int32Array.from({ length: 20 }, (_, i) => 20 + i)

describe('untrainedPoint: epoch 0 of the curves', () => {
  const point = untrainedPoint(net, initial, data, test)

  it('measures the initial parameters on the test set', () => {
    const x = tensor([20, 1, 8, 8], Float32Array.from(data.images.subarray(20 * 64), (b) => b / 255))
    const p = probabilitiesOf(net, initial, x).data
    let loss = 0
    for (let n = 0; n < 20; n++) loss -= Math.log(p[n * 10 + data.labels[20 + n]!]!)
    expect(point.loss).toBeCloseTo(loss / 20, 5)
    expect(point.accuracy).toBe(evaluate(net, initial, data, test).accuracy)
    expect(point).toMatchObject({ set: 'test set', classes: 10 })
  })

  it('starts near chance: small initial weights give every class about 1/10, a loss near ln 10', () => {
    expect(Math.abs(point.loss - Math.log(10))).toBeLessThan(0.5)
  })

  it('is drawn in curves.svg, named with its set', () => {
    const evaluation = evaluate(net, params, data, test)
    const pictures = new Map(
      figures({
        arch: 'conv3x3x1-lrelu-pool2-dense10',
        net,
        initial,
        params,
        data,
        testIndices: test,
        evaluation,
        confusion: confusionMatrix(evaluation.labels, evaluation.predicted, 10),
        history: [{ epoch: 1, trainLoss: 2, trainAccuracy: 0.2, testAccuracy: 0.15 }],
        classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      }),
    )
    const curves = pictures.get('curves.svg') ?? ''
    expect(curves).toContain('untrained (epoch 0, test set)')
    expect(curves).toContain(`Before training (epoch 0, test set): loss ${point.loss.toFixed(4)}`)
  })
})

describe('stagesOf: the feature maps of one sample', () => {
  it('draws the activation and the pooling on the scale of the convolution before them', () => {
    const x = tensor([1, 1, 8, 8], Float32Array.from(data.images.subarray(0, 64), (b) => b / 255))
    const stages = stagesOf(net, params, x)
    expect(stages.map((s) => s.name)).toEqual(['input', 'conv3x3x1', 'lrelu', 'pool2'])
    expect(stages.map((s) => s.sharesScale === true)).toEqual([false, false, true, true])
    expect(stages.map((s) => s.maps.shape)).toEqual([[1, 8, 8], [1, 6, 6], [1, 6, 6], [1, 3, 3]])
  })
})
