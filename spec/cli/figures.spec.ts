// The pictures of a trained network: what cli/figures.ts measures and passes to plot/.

import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { sample, seedRng, uniform } from '../../src/core/rng.ts'
import { tensor } from '../../src/core/tensor.ts'
import { figures, inputSpread, stagesOf, untrainedPoint } from '../../src/cli/figures.ts'
import type { Dataset } from '../../src/data/dataset.ts'
import { parseArch } from '../../src/model/arch.ts'
import { probabilitiesOf } from '../../src/model/predict.ts'
import { forwardTrace } from '../../src/model/trace.ts'
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

// The six pictures of the small network after a (pretend) first epoch, by file name.
const picturesOfOneEpoch = (): ReadonlyMap<string, string> => {
  const evaluation = evaluate(net, params, data, test)
  return new Map(
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
}

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
    const pictures = picturesOfOneEpoch()
    const curves = pictures.get('curves.svg') ?? ''
    expect(curves).toContain('untrained (epoch 0, test set)')
    expect(curves).toContain(`Before training (epoch 0, test set): loss ${point.loss.toFixed(4)}`)
  })
})

describe('inputSpread: how much each input of a layer varies over the test images', () => {
  // Three 2×2 images for a single dense layer, whose input is the pixels / 255.
  const dense = E.getOrElseW((why: string) => {
    throw new Error(why)
  })(E.flatMap(parseArch('dense10'), (layers) => sequential([1, 2, 2], layers)))
  const [denseParams] = initParams(dense, seedRng(3))
  const tiny = (shift: number): Dataset => ({
    images: Uint8Array.from([0, 255, 51, 0, 0, 0, 102, 0, 0, 255, 153, 0], (b, i) => (i % 4 === 0 || i % 4 === 2 ? b + shift : b)),
    labels: Uint8Array.from([1, 7, 1]),
    count: 3,
    rows: 2,
    cols: 2,
    classes: 10,
  })
  const all = Int32Array.from([0, 1, 2])

  it('is the mean absolute deviation from the mean, input by input: hand-computed', () => {
    // Inputs (0, 1, 0.2, 0), (0, 0, 0.4, 0), (0, 1, 0.6, 0): means 0, 2/3, 0.4, 0.
    // |deviations| of input 1: 1/3, 2/3, 1/3 → 4/9; of input 2: 0.2, 0, 0.2 → 2/15.
    const spread = Array.from(inputSpread(dense, denseParams, tiny(0), all, 0))
    expect(spread).toHaveLength(4)
    ;[0, 4 / 9, 2 / 15, 0].forEach((v, f) => expect(spread[f]).toBeCloseTo(v, 7))
  })

  it('takes only the images at the indices given', () => {
    // Images 0 and 2: input 1 is 1 on both (δ = 0), input 2 is 0.2 and 0.6 (δ = 0.2).
    const spread = Array.from(inputSpread(dense, denseParams, tiny(0), Int32Array.from([2, 0]), 0))
    ;[0, 0, 0.2, 0].forEach((v, f) => expect(spread[f]).toBeCloseTo(v, 7))
  })

  it('does not change when a constant is added to an input on every image, and is 0 where the input is constant', () => {
    // Input 0 is 0.4 on every image instead of 0; input 2 is 0.6, 0.8 and 1 instead of 0.2, 0.4 and 0.6.
    const spread = Array.from(inputSpread(dense, denseParams, tiny(102), all, 0))
    ;[0, 4 / 9, 2 / 15, 0].forEach((v, f) => expect(spread[f]).toBeCloseTo(v, 7))
  })

  it('measures a later layer\'s input over batches as over all the images at once', () => {
    // 1,200 random 8×8 images: three batches, the last one short.
    const [more] = sample(1200 * 64, seedRng(11), uniform)
    const big: Dataset = { ...data, images: Uint8Array.from(more, (p) => Math.floor(p * 256)), labels: new Uint8Array(1200), count: 1200 }
    const indices = Int32Array.from({ length: 1200 }, (_, i) => (i * 7) % 1200)
    const spread = inputSpread(net, params, big, indices, 3)
    // The dense layer's input, (1200, 1, 3, 3), all in one go.
    const x = tensor([1200, 1, 8, 8], Float32Array.from(big.images, (b) => b / 255))
    const inputs = forwardTrace(net, params, x)[2]!.data
    expect(spread).toHaveLength(9)
    for (let f = 0; f < 9; f++) {
      let mean = 0
      for (let n = 0; n < 1200; n++) mean += inputs[n * 9 + f]! / 1200
      let deviation = 0
      for (let n = 0; n < 1200; n++) deviation += Math.abs(inputs[n * 9 + f]! - mean) / 1200
      expect(spread[f]).toBeCloseTo(deviation, 6)
      expect(spread[f]).toBeGreaterThan(0)
    }
  })

  it('is drawn in weights.svg, times the last layer\'s templates, over the test set', () => {
    const pictures = picturesOfOneEpoch()
    const weights = pictures.get('weights.svg') ?? ''
    expect(weights).toContain('how much its input varies over the 20 test digits')
    expect(weights.match(/class="template-spread"/g)).toHaveLength(10)
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

describe('figures: large layers, large images and long histories', () => {
  // A network and n random images of rows × cols, all of them the test set.
  const setUp = (arch: string, rows: number, cols: number, n: number) => {
    const built = E.getOrElseW((why: string) => {
      throw new Error(why)
    })(E.flatMap(parseArch(arch), (layers) => sequential([1, rows, cols], layers)))
    const [before, next] = initParams(built, seedRng(3))
    const [after, next2] = initParams(built, next)
    const [values, next3] = sample(n * rows * cols, next2, uniform)
    const [labels] = sample(n, next3, uniform)
    const images: Dataset = {
      images: Uint8Array.from(values, (p) => Math.floor(p * 256)),
      labels: Uint8Array.from(labels, (u) => Math.floor(u * 10)),
      count: n,
      rows,
      cols,
      classes: 10,
    }
    const indices = Int32Array.from({ length: n }, (_, i) => i)
    const evaluation = evaluate(built, after, images, indices)
    return { arch, net: built, initial: before, params: after, data: images, testIndices: indices, evaluation, confusion: confusionMatrix(evaluation.labels, evaluation.predicted, 10) }
  }
  const longHistory = Array.from({ length: 10_000 }, (_, i) => ({ epoch: i + 1, trainLoss: 1 / (i + 1), trainAccuracy: 0.9, testAccuracy: 0.85, testLoss: 1.1 / (i + 1) }))
  const DIGIT_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']

  it('draws conv1x1x250 (196,000 values a map stage) and 10,000 epochs, each picture at most 2 MB', { timeout: 60_000 }, () => {
    const pictures = new Map(figures({ ...setUp('conv1x1x250-relu-pool2-dense10', 28, 28, 12), history: longHistory, classNames: DIGIT_NAMES }))
    expect([...pictures.keys()]).toEqual(['kernels.svg', 'weights.svg', 'feature-maps.svg', 'curves.svg', 'confusion.svg', 'misclassified.svg'])
    for (const [name, svg] of pictures) expect(svg.length, name).toBeLessThan(2_000_000)
    expect(pictures.get('kernels.svg')).toContain('Drawn: the first 32 of 250 filters')
    expect(pictures.get('weights.svg')).toContain('Drawn: the first 16 of 250 input channels; as images, without tooltips.')
    expect(pictures.get('feature-maps.svg')).toContain('250 maps, ')
    expect(pictures.get('feature-maps.svg')).toContain('the first 32 drawn')
    expect(pictures.get('curves.svg')).toContain('Drawn: one epoch in 34 of the 10,000')
  })

  it('draws 300×300 images (maps of 2×298×298 values) as block means', { timeout: 60_000 }, () => {
    const pictures = new Map(figures({ ...setUp('conv3x3x2-relu-pool2-dense10', 300, 300, 6), history: longHistory.slice(0, 3), classNames: DIGIT_NAMES }))
    for (const [name, svg] of pictures) expect(svg.length, name).toBeLessThan(2_000_000)
    expect(pictures.get('feature-maps.svg')).toContain('each pixel a 4×4 mean')
    expect(pictures.get('weights.svg')).toContain('Drawn: each pixel the mean of 2×2 inputs; as images, without tooltips.')
    expect(pictures.get('misclassified.svg')).toContain('each pixel drawn is the mean of 4×4 pixels')
  })
})
