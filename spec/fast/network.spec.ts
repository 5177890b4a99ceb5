// Pooling before a (leaky) ReLU computes what the ReLU before pooling computes: the same
// outputs, the same gradients for the input and every parameter, the same parameter tree.
// The arranged network's first layer skips ∂L/∂x, and gives the same parameter gradients.

import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { leavesOf } from '../../src/core/params.ts'
import { seedRng } from '../../src/core/rng.ts'
import { fastKernels } from '../../src/fast/kernels.ts'
import { arrangeForSpeed, fuseConvPool, NO_INPUT_GRADIENT, poolBeforeActivation, skipInputGradient } from '../../src/fast/network.ts'
import { softmaxCrossEntropy } from '../../src/layers/softmaxCrossEntropy.ts'
import { buildNetwork, formatArch } from '../../src/model/arch.ts'
import { backward, forward, initParams, sequential, type Network } from '../../src/model/sequential.ts'
import { tensorOf, tensorWithoutTies } from '../helpers/arbitraries.ts'
import { runs } from '../helpers/runs.ts'

const build = (arch: string, side: number) => {
  const built = buildNetwork(arch, [1, side, side], 3)
  if (E.isLeft(built)) throw new Error(built.left)
  return built.right
}

describe('poolBeforeActivation', () => {
  it('swaps each (leaky) ReLU with the max pooling right after it, and nothing else', () => {
    const arranged = (arch: string) => formatArch(poolBeforeActivation(build(arch, 12).layers))
    expect(arranged('conv3x3x2-lrelu-pool2-dense3')).toBe('conv3x3x2-pool2-lrelu-dense3')
    expect(arranged('conv3x3x2-relu-pool2-conv3x3x2-lrelu0.2-pool2s1-dense3')).toBe('conv3x3x2-pool2-relu-conv3x3x2-pool2s1-lrelu0.2-dense3')
    expect(arranged('conv3x3x2-tanh-pool2-dense3')).toBe('conv3x3x2-tanh-pool2-dense3')
    expect(arranged('conv3x3x2-pool2-relu-dense3')).toBe('conv3x3x2-pool2-relu-dense3')
    expect(arranged('conv3x3x2-relu-relu-pool2-dense3')).toBe('conv3x3x2-relu-pool2-relu-dense3')
  })
})

describe('arrangeForSpeed', () => {
  const archs = ['conv3x3x2-lrelu-pool2-dense3', 'conv3x3x3p1-relu-pool3s2-dense3', 'conv2x2x2b-lrelu0.3-pool2-conv2x2x2-relu-pool2-dense3']

  it.each(archs)('%s: same outputs, same gradients, same parameter tree', (arch) => {
    fc.assert(
      // Inputs without ties: where two values of a pooling window are equal, either may win,
      // and the two arrangements may send the gradient to different ones (both right). Drawn
      // freely, inputs of zeros and a few subnormal numbers did that.
      fc.property(tensorWithoutTies([2, 1, 12, 12]), fc.nat(), (x, seed) => {
        const net = build(arch, 12)
        const fast = arrangeForSpeed(net)
        // The same rewrites but the last, which keeps ∂L/∂x, to compare the input gradient too.
        const withDx = E.getOrElseW(() => net)(sequential(net.shapes[0], fuseConvPool(poolBeforeActivation(net.layers))))
        expect(fast.shapes[0]).toEqual(net.shapes[0])
        expect(fast.shapes.at(-1)).toEqual(net.shapes.at(-1))
        const [params] = initParams(net, seedRng(seed))
        expect(initParams(fast, seedRng(seed))[0].map((record) => Object.keys(record))).toEqual(params.map((record) => Object.keys(record)))
        const labels = Uint8Array.of(seed % 3, (seed + 1) % 3)
        const run = (n: typeof net) => {
          const [logits, caches] = forward(n, params, x)
          const [, cache] = softmaxCrossEntropy.forward(logits, labels)
          const [dx, grads] = backward(n, params, caches, softmaxCrossEntropy.backward(cache))
          return { logits: Array.from(logits.data), dx: Array.from(dx.data), grads: leavesOf(grads).flatMap(({ value }) => Array.from(value.data)) }
        }
        const [a, b, c] = [run(net), run(fast), run(withDx)]
        b.logits.forEach((v, i) => expect(v).toBeCloseTo(a.logits[i]!, 9))
        expect(b.dx).toEqual([])
        expect(c.dx).toHaveLength(a.dx.length)
        c.dx.forEach((v, i) => expect(v).toBeCloseTo(a.dx[i]!, 5))
        b.grads.forEach((v, i) => expect(v).toBeCloseTo(a.grads[i]!, 5))
        c.grads.forEach((v, i) => expect(v).toBeCloseTo(b.grads[i]!, 5))
      }),
      { numRuns: runs(30) },
    )
  })
})

describe('skipInputGradient', () => {
  // First layers that the fused layer does not swallow: a convolution without pooling after
  // it (with and without bias, padded and strided), and a dense layer.
  const archs = ['conv3x3x2-relu-dense3', 'conv2x2x3p1s2b-lrelu-dense3', 'dense4-relu-dense3']

  it.each(archs)('%s: the first layer returns NO_INPUT_GRADIENT and the very parameter gradients of its backward pass', (arch) => {
    fc.assert(
      fc.property(tensorOf([3, 1, 6, 6]), fc.nat(), (x, seed) => {
        const built = buildNetwork(arch, [1, 6, 6], 3, fastKernels)
        if (E.isLeft(built)) throw new Error(built.left)
        const net: Network = built.right
        const skipping = skipInputGradient(net.layers)
        const [params] = initParams(net, seedRng(seed))
        const [y, cache] = net.layers[0]!.forward(params[0]!, x)
        const dy = { shape: y.shape, data: Float32Array.from(y.data, (_, i) => Math.sin(i + seed)) }
        const [dx, full] = net.layers[0]!.backward(params[0]!, cache, dy)
        const [none, only] = skipping[0]!.backward(params[0]!, cache, dy)
        expect(dx.shape).toEqual(x.shape)
        expect(none).toBe(NO_INPUT_GRADIENT)
        expect(only).toEqual(full)
        expect(skipping.slice(1)).toEqual(net.layers.slice(1))
      }),
      { numRuns: runs(20) },
    )
  })

  it('leaves a network whose first layer has no parameters as it is', () => {
    const layers = build('pool2-dense3', 6).layers
    expect(skipInputGradient(layers)).toBe(layers)
  })
})
