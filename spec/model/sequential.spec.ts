// Building networks: shapes are inferred and checked up front; forward and backward
// thread caches through the layers.

import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { seedRng } from '../../src/core/rng.ts'
import { zeros } from '../../src/core/tensor.ts'
import { leakyRelu } from '../../src/layers/activations.ts'
import { conv2d } from '../../src/layers/conv2d.ts'
import { dense } from '../../src/layers/dense.ts'
import { maxPool } from '../../src/layers/maxPool.ts'
import { parseArch } from '../../src/model/arch.ts'
import { backward, forward, initParams, outputShapeOf, sequential } from '../../src/model/sequential.ts'

const build = (arch: string, inShape: readonly number[] = [1, 28, 28]) =>
  E.flatMap(parseArch(arch), (layers) => sequential(inShape, layers))

const leftOf = <A>(e: E.Either<string, A>): string => (E.isLeft(e) ? e.left : 'no error')

describe('sequential', () => {
  it('infers the shape after every layer of the original network', () => {
    const net = sequential([1, 28, 28], [conv2d({ filters: 1, kernelSize: [3, 3] }), leakyRelu(0.01), maxPool(2), dense(10)])
    expect(E.map((n: { shapes: unknown }) => n.shapes)(net)).toEqual(E.right([[1, 28, 28], [1, 26, 26], [1, 26, 26], [1, 13, 13], [10]]))
  })

  it('infers the shapes of the ConvNetJS network (pool 3 floors 14 to 4)', () => {
    const net = build('conv5x5x8p2-relu-pool2-conv5x5x16p2-relu-pool3-dense10')
    expect(E.isRight(net) && outputShapeOf(net.right)).toEqual([10])
    expect(E.isRight(net) && net.right.shapes[6]).toEqual([16, 4, 4])
  })

  it('rejects a kernel that does not fit, naming the layer and both shapes', () => {
    const message = leftOf(build('conv5x5x8-pool2-conv5x5x16-pool2-conv5x5x4-dense10'))
    expect(message).toBe('layer 5 of 6 (conv5x5x4, input [16, 4, 4]): conv5x5x4: a 5×5 kernel does not fit the [16, 4, 4] input with padding 0')
  })

  it('rejects a convolution after the data has been flattened', () => {
    expect(leftOf(build('dense10-conv3x3x1'))).toBe('layer 2 of 2 (conv3x3x1, input [10]): conv3x3x1 needs an input of shape [C, H, W], got [10]')
  })

  it('rejects a pooling window larger than its input', () => {
    expect(leftOf(build('pool4', [1, 3, 3]))).toContain('pool4: a 4×4 window does not fit the [1, 3, 3] input')
  })

  it('rejects an empty network and a bad input shape', () => {
    expect(leftOf(sequential([1, 28, 28], []))).toBe('a network needs at least one layer')
    expect(leftOf(sequential([1, 0, 28], [dense(10)]))).toBe('input shape [1, 0, 28] must be a list of positive integers')
  })

  it('refuses data of the wrong shape at forward time', () => {
    const net = build('dense10')
    if (E.isLeft(net)) throw new Error(net.left)
    const [params] = initParams(net.right, seedRng(1))
    expect(() => forward(net.right, params, zeros([1, 1, 27, 28]))).toThrow('the network takes samples of shape [1, 28, 28], got [1, 27, 28]')
  })

  it('gives the input gradient in the input\'s shape', () => {
    const net = build('conv3x3x2-relu-pool2-dense10')
    if (E.isLeft(net)) throw new Error(net.left)
    const [params] = initParams(net.right, seedRng(1))
    const x = zeros([2, 1, 28, 28])
    const [y, caches] = forward(net.right, params, x)
    const dy = { shape: y.shape, data: Float32Array.from(y.data, (_, i) => (i % 7) - 3) }
    const [dx] = backward(net.right, params, caches, dy)
    expect(dx.shape).toEqual([2, 1, 28, 28])
  })

  it('initialises deterministically from the seed', () => {
    const net = build('conv3x3x2-relu-pool2-dense10')
    if (E.isLeft(net)) throw new Error(net.left)
    expect(initParams(net.right, seedRng(7))).toEqual(initParams(net.right, seedRng(7)))
    expect(initParams(net.right, seedRng(7))[0]).not.toEqual(initParams(net.right, seedRng(8))[0])
  })
})
