// The library refuses misuse at its boundaries (issue 21, family 3, the library)
// ==============================================================================
//
// Calling code can hand the library things that do not fit: another network's parameters, a
// tensor written as a literal whose data is too short, a model with a NaN weight to save, a
// classifier with more classes than a byte can count. Each of these used to give an answer
// anyway (NaN scores, invalid JSON, class 299 reported as 43). Now each is a clear error,
// or, for many classes, the right answer. Every network and model here is made in this file.

import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { ParamTree } from '../../src/core/params.ts'
import { seedRng } from '../../src/core/rng.ts'
import type { Shape } from '../../src/core/shape.ts'
import { tensor, type Tensor, zeros } from '../../src/core/tensor.ts'
import { dense } from '../../src/layers/dense.ts'
import { parseArch } from '../../src/model/arch.ts'
import { parseModel, serializeModel, type SavedModel } from '../../src/model/modelFile.ts'
import { argmaxRows, classify, probabilitiesOf } from '../../src/model/predict.ts'
import { forward, initParams, sequential, type Network } from '../../src/model/sequential.ts'

const build = (arch: string, inputShape: Shape): Network => {
  const built = E.flatMap(parseArch(arch), (layers) => sequential(inputShape, layers))
  if (E.isLeft(built)) throw new Error(built.left)
  return built.right
}

const paramsOf = (net: Network, seed = 1): ParamTree => initParams(net, seedRng(seed))[0]

describe('class indices never wrap', () => {
  // A dense layer with zero weights whose bias makes class `winner` the largest score.
  const classifier = (classes: number, winner: number): readonly [Network, ParamTree] => {
    const net = E.getOrElseW((why: string) => {
      throw new Error(why)
    })(sequential([4], [dense(classes)]))
    const bias = new Float32Array(classes)
    bias[winner] = 1
    return [net, [{ weights: zeros([classes, 4]), bias: tensor([classes], bias) }]]
  }

  it('classify answers 299 for class 299 of 300 (a byte would say 43)', () => {
    const [net, params] = classifier(300, 299)
    expect([...classify(net, params, zeros([2, 4]))]).toEqual([299, 299])
  })

  it('and 70,000 for class 70,000 of 70,001 (beyond 16 bits too)', () => {
    const [net, params] = classifier(70_001, 70_000)
    expect([...classify(net, params, zeros([1, 4]))]).toEqual([70_000])
  })

  it('argmaxRows gives 32-bit indices', () => {
    const values = new Float32Array(2 * 500)
    values[0 * 500 + 256] = 1
    values[1 * 500 + 499] = 1
    const classes = argmaxRows(values, 2, 500)
    expect(classes).toBeInstanceOf(Int32Array)
    expect([...classes]).toEqual([256, 499])
  })
})

describe('forward checks its inputs against the network', () => {
  const net = build('conv3x3x1-lrelu-pool2-dense10', [1, 8, 8])
  const params = paramsOf(net)

  it('runs what fits', () => {
    expect(forward(net, params, zeros([2, 1, 8, 8]))[0].shape).toEqual([2, 10])
  })

  it('refuses another network\'s parameters, naming the layer, what it needs and what it got', () => {
    const other = paramsOf(build('conv3x3x2-relu-pool2-dense10', [1, 8, 8]))
    expect(() => forward(net, other, zeros([1, 1, 8, 8]))).toThrow(
      'forward: layer 1 (conv3x3x1) needs { weights: 9 numbers of shape [1, 1, 3, 3] }, got { weights: 18 numbers of shape [2, 1, 3, 3] }',
    )
    // The same layers for a larger image: the dense layer's inputs differ.
    const larger = paramsOf(build('conv3x3x1-lrelu-pool2-dense10', [1, 10, 10]))
    expect(() => forward(net, larger, zeros([1, 1, 8, 8]))).toThrow(
      'forward: layer 4 (dense10) needs { weights: 90 numbers of shape [10, 9], bias: 10 numbers of shape [10] }, got { weights: 160 numbers of shape [10, 16], bias: 10 numbers of shape [10] }',
    )
  })

  it('refuses too few or too many parameter records, a missing tensor and an extra one', () => {
    expect(() => forward(net, params.slice(0, 3), zeros([1, 1, 8, 8]))).toThrow('forward: the network has 4 layers, but the parameters have 3 records')
    const { bias: _bias, ...withoutBias } = params[3]!
    expect(() => forward(net, [...params.slice(0, 3), withoutBias], zeros([1, 1, 8, 8]))).toThrow(/^forward: layer 4 \(dense10\) needs \{ weights: .*, bias: .* \}, got \{ weights: 90 numbers of shape \[10, 9\] \}$/)
    const extra: ParamTree = [params[0]!, { gain: zeros([1]) }, params[2]!, params[3]!]
    expect(() => forward(net, extra, zeros([1, 1, 8, 8]))).toThrow('forward: layer 2 (lrelu) needs { }, got { gain: 1 numbers of shape [1] }')
  })

  it('refuses a tensor literal whose data is shorter than its shape says, instead of computing NaN', () => {
    const short: Tensor = { shape: [1, 1, 8, 8], data: new Float32Array(10) }
    expect(() => forward(net, params, short)).toThrow('forward: x has shape [1, 1, 8, 8], which holds 64 numbers, but its data has 10')
    expect(() => probabilitiesOf(net, params, short)).toThrow(RangeError)
    // A parameter written the same way.
    const shortWeights: Tensor = { shape: [10, 9], data: new Float32Array(45) }
    expect(() => forward(net, [...params.slice(0, 3), { ...params[3]!, weights: shortWeights }], zeros([1, 1, 8, 8]))).toThrow(
      /^forward: layer 4 \(dense10\) needs .*, got \{ weights: 45 numbers of shape \[10, 9\], bias: 10 numbers of shape \[10\] \}$/,
    )
  })

  it('refuses samples of another shape', () => {
    expect(() => classify(net, params, zeros([1, 1, 8, 9]))).toThrow('forward: the network takes samples of shape [1, 8, 8], got [1, 8, 9]')
  })
})

describe('serializeModel refuses what parseModel would refuse', () => {
  const ARCH = 'conv3x3x1-lrelu-pool2-dense3'
  const net = build(ARCH, [1, 8, 8])
  const model: SavedModel = {
    arch: ARCH,
    inputShape: [1, 8, 8],
    classes: ['a', 'b', 'c'],
    seed: 3,
    training: { epochs: 1 },
    metrics: [{ epoch: 1, trainLoss: 0.5, trainAccuracy: 0.5, testAccuracy: 0.5, testLoss: 0.6 }],
    params: paramsOf(net, 3),
  }
  const refusal = (changed: Partial<SavedModel>, withNet: Network = net): string => {
    try {
      serializeModel({ ...model, ...changed }, withNet)
    } catch (error) {
      expect(error).toBeInstanceOf(RangeError)
      return (error as Error).message
    }
    throw new Error('serializeModel wrote it')
  }
  // The parameters with one number of the last layer's weights replaced.
  const withWeight = (value: number): ParamTree => {
    const data = Float32Array.from(model.params[3]!.weights!.data)
    data[4] = value
    return [...model.params.slice(0, 3), { ...model.params[3]!, weights: tensor(model.params[3]!.weights!.shape, data) }]
  }
  const prefix = 'serializeModel: the model would not load again: '

  it('writes, and reads back, a model that is right', () => {
    expect(E.isRight(parseModel(serializeModel(model, net)))).toBe(true)
  })

  it('a NaN or infinite weight (JSON has no such numbers), naming the layer, the tensor and the number', () => {
    expect(refusal({ params: withWeight(Number.NaN) })).toBe(`${prefix}parameters of layer 4 (dense3): "weights" number 5 is NaN, not a finite number`)
    expect(refusal({ params: withWeight(Number.NEGATIVE_INFINITY) })).toBe(`${prefix}parameters of layer 4 (dense3): "weights" number 5 is -Infinity, not a finite number`)
  })

  it('a number too large for a float32, in 64-bit parameters', () => {
    const params: ParamTree = [{ weights: tensor([1, 1, 3, 3], Float64Array.of(0, 0, 0, 0, 1e39, 0, 0, 0, 0)) }, ...model.params.slice(1)]
    expect(refusal({ params })).toBe(`${prefix}parameters of layer 1 (conv3x3x1): "weights" number 5 is 1e+39, beyond the largest float32 (about 3.4e38)`)
  })

  it('a NaN or infinite loss, or an accuracy that is no fraction, naming the epoch\'s entry', () => {
    const metric = model.metrics[0]!
    expect(refusal({ metrics: [metric, { ...metric, epoch: 2, testLoss: Number.NaN }] })).toMatch(/^serializeModel: the model would not load again: "metrics" must be .* \(entry 2 is not\)$/)
    expect(refusal({ metrics: [{ ...metric, trainLoss: Number.POSITIVE_INFINITY }] })).toMatch(/\(entry 1 is not\)$/)
    expect(refusal({ metrics: [{ ...metric, testAccuracy: 1.5 }] })).toMatch(/\(entry 1 is not\)$/)
  })

  it('class names that reading refuses: too long, repeated, reordering text, too few for the outputs', () => {
    expect(refusal({ classes: ['a', 'b', 'x'.repeat(41)] })).toBe(`${prefix}"classes": the name of label 2, "${'x'.repeat(41)}", has 41 characters; at most 40 are allowed`)
    expect(refusal({ classes: ['a', 'b', 'a'] })).toBe(`${prefix}"classes": "a" is both the name of label 0 and the name of label 2; names must differ`)
    expect(refusal({ classes: ['a', 'b', 'c\u202Eb'] })).toBe(`${prefix}"classes": the name of label 2, "c\u202Eb", contains U+202E, a mark that changes the direction of text`)
    expect(refusal({ classes: ['a', 'b'] })).toBe(`${prefix}the network gives [3] outputs per sample but the file lists 2 classes`)
  })

  it('more than 256 classes (labels are bytes: evaluating would wrap them)', () => {
    const wide = build('dense300', [4])
    const classes = Array.from({ length: 300 }, (_, i) => `c${i}`)
    expect(refusal({ arch: 'dense300', inputShape: [4], classes, params: paramsOf(wide) }, wide)).toBe(`${prefix}"classes": 300 names, but labels are bytes, so there are at most 256 classes`)
  })

  it('parameters of another network, a network that is not the architecture, a bad seed', () => {
    expect(refusal({ params: paramsOf(build('conv3x3x2-relu-pool2-dense3', [1, 8, 8])) })).toBe(
      `${prefix}parameters of layer 1 (conv3x3x1): "weights" has shape [2, 1, 3, 3], the architecture needs [1, 1, 3, 3]`,
    )
    expect(refusal({}, build('conv3x3x1-relu-pool2-dense3', [1, 8, 8]))).toBe(`${prefix}parameters of layer 2 (lrelu): the file says this layer is "relu"`)
    expect(refusal({ seed: -1 })).toBe(`${prefix}"seed" must be a whole number from 0 to 4294967295`)
  })
})
