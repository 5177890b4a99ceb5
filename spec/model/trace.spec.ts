// The traces of model/trace.ts: backwardTrace keeps every step of a backward pass, and those
// steps must be the backward pass itself. Its parameter gradients are sequential.backward's,
// every ∂L/∂(output) has its output's shape, a given ∂L/∂logits is where it starts, and
// ∂L/∂x is the slope a central difference measures (in double precision, on small networks
// with random inputs, weights and targets).

import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { leavesOf, type ParamTree } from '../../src/core/params.ts'
import { seedRng } from '../../src/core/rng.ts'
import { tensor, toFloat64, type Tensor } from '../../src/core/tensor.ts'
import { softmaxCrossEntropy } from '../../src/layers/softmaxCrossEntropy.ts'
import { parseArch } from '../../src/model/arch.ts'
import { backward, forward, initParams, sequential, type Network } from '../../src/model/sequential.ts'
import { backwardTrace, forwardTrace } from '../../src/model/trace.ts'
import { tensorWithoutTies } from '../helpers/arbitraries.ts'

const build = (arch: string, inShape: readonly number[]): Network => {
  const net = E.flatMap(parseArch(arch), (layers) => sequential(inShape, layers))
  if (E.isLeft(net)) throw new Error(net.left)
  return net.right
}

const params64 = (net: Network, seed: number): ParamTree => initParams(net, seedRng(seed))[0].map((record) => Object.fromEntries(Object.entries(record).map(([k, v]) => [k, toFloat64(v)])))

const lossAt = (net: Network, params: ParamTree, x: Tensor, labels: Uint8Array): number => {
  const outputs = forwardTrace(net, params, x)
  return softmaxCrossEntropy.forward(outputs[outputs.length - 1], labels)[0]
}

describe('backwardTrace', () => {
  it('gives the parameter gradients and the input gradient of sequential.backward, for a batch', () => {
    const net = build('conv3x3x2p1-lrelu-pool2-conv2x2x3b-tanh-dense10', [1, 8, 8])
    const [params] = initParams(net, seedRng(3))
    const x = tensor([2, 1, 8, 8], Float32Array.from({ length: 128 }, (_, i) => Math.sin(i * 1.7)))
    const labels = Uint8Array.of(2, 7)
    const [logits, caches] = forward(net, params, x)
    const [loss, lossCache] = softmaxCrossEntropy.forward(logits, labels)
    const [dx, grads] = backward(net, params, caches, softmaxCrossEntropy.backward(lossCache))
    const trace = backwardTrace(net, params, x, labels)
    expect(trace.loss).toBe(loss)
    expect(Array.from(trace.probs?.data ?? [])).toEqual(Array.from(lossCache.probs.data))
    expect(Array.from(trace.dInput.data)).toEqual(Array.from(dx.data))
    const mine = leavesOf(trace.grads)
    const theirs = leavesOf(grads)
    expect(mine.map((l) => `${l.layer}.${l.name}`)).toEqual(theirs.map((l) => `${l.layer}.${l.name}`))
    mine.forEach((leaf, n) => expect(Array.from(leaf.value.data)).toEqual(Array.from(theirs[n].value.data)))
    // Every layer's output and its gradient, in the shapes the network says.
    trace.outputs.forEach((out, i) => {
      expect(out.shape).toEqual([2, ...net.shapes[i + 1]])
      expect(trace.dOutputs[i].shape).toEqual(out.shape)
    })
    expect(trace.dInput.shape).toEqual(x.shape)
  })

  it('starts from a given ∂L/∂logits, with no loss of its own', () => {
    const net = build('dense4-sigmoid-dense3', [5])
    const [params] = initParams(net, seedRng(1))
    const x = tensor([1, 5], Float32Array.of(0.1, -0.2, 0.3, 0.4, -0.5))
    const dLogits = tensor([1, 3], Float32Array.of(1, 0, 0))
    const trace = backwardTrace(net, params, x, dLogits)
    expect(trace.loss).toBeUndefined()
    expect(trace.dOutputs[2]).toBe(dLogits)
    // The gradient of logit 0 alone with respect to the hidden layer's output is row 0 of the last weights.
    expect(Array.from(trace.dOutputs[1].data)).toEqual(Array.from(params[2].weights.data.subarray(0, 4)))
  })

  it('∂L/∂x is the slope a central difference measures', () => {
    const net = build('conv2x2x2p1-tanh-pool2-conv2x2x2-sigmoid-dense4', [1, 5, 5])
    fc.assert(
      fc.property(tensorWithoutTies([1, 1, 5, 5]), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 1000 }), (x0, label, seed) => {
        // Spread the distinct values over [−1.2, 1.2]: no pooling window is near a tie.
        const x = tensor(x0.shape, Float64Array.from(x0.data, (v) => v * 10))
        const params = params64(net, seed)
        const labels = Uint8Array.of(label)
        const trace = backwardTrace(net, params, x, labels)
        const eps = 1e-6
        for (let i = 0; i < x.data.length; i++) {
          const nudged = (d: number) => tensor(x.shape, Float64Array.from(x.data, (v, n) => (n === i ? v + d : v)))
          const estimate = (lossAt(net, params, nudged(eps), labels) - lossAt(net, params, nudged(-eps), labels)) / (2 * eps)
          expect(Math.abs(estimate - trace.dInput.data[i])).toBeLessThan(1e-6 + 1e-5 * Math.abs(estimate))
        }
      }),
      { numRuns: 10, interruptAfterTimeLimit: 20_000 },
    )
  }, 30_000)
})
