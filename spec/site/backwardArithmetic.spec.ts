// The page's backward arithmetic (site/backwardArithmetic.ts) must arrive at the numbers the
// network's own backward pass computed (src/model/trace.ts's backwardTrace, which calls the
// layers' backward functions): for every gradient of every layer's output, down to the
// input, and for every weight gradient, in two small networks: conv → lrelu → pool → dense,
// and two convolutions with padding and a stride, tanh, sigmoid, overlapping pooling and
// flatten. The recomputation is in double precision from float32 numbers, so they agree to
// float32's rounding.

import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { ParamTree } from '../../src/core/params.ts'
import { initParams, sequential, type Network } from '../../src/model/sequential.ts'
import { seedRng } from '../../src/core/rng.ts'
import { tensor } from '../../src/core/tensor.ts'
import type { PoolCache } from '../../src/layers/maxPool.ts'
import { parseArch } from '../../src/model/arch.ts'
import { backwardTrace } from '../../src/model/trace.ts'
import { kindOf, type Maps } from '../../site/arithmetic.ts'
import {
  activationBackTerms, convInputTerms, convWeightTerms, denseInputTerms, denseWeightTerms, finiteDifference, flattenBackTerms,
  formatBackTerms, gnum, lossOf, poolBackTerms, softmaxBackTerms, type BackTerms,
} from '../../site/backwardArithmetic.ts'

const randomValues = (n: number, seed: number, scale = 1): Float32Array => {
  const data = new Float32Array(n)
  let s = seed
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648
    data[i] = (s / 2147483648 - 0.5) * scale
  }
  return data
}

const build = (arch: string, inShape: readonly number[]): Network => {
  const net = E.flatMap(parseArch(arch), (layers) => sequential(inShape, layers))
  if (E.isLeft(net)) throw new Error(net.left)
  return net.right
}

// float32 rounding of sums of a few hundred terms, against a double recomputation.
const expectClose = (recomputed: number, network: number, what: string): void => {
  if (Math.abs(recomputed - network) > 1e-5 + 1e-4 * Math.abs(network)) {
    expect.fail(`${what}: the arithmetic gives ${recomputed}, the network's backward ${network}`)
  }
}

const mapsOf = (data: ArrayLike<number>, shape: readonly number[]): Maps =>
  shape.length === 3 ? { data, C: shape[0], H: shape[1], W: shape[2] } : { data, C: 1, H: 1, W: shape[0] }

// Every gradient of every stage of `net`, recomputed by the page's arithmetic.
const checkNetwork = (net: Network, params: ParamTree, x: Float32Array, target: number): number => {
  const trace = backwardTrace(net, params, tensor([1, ...net.shapes[0]], x), Uint8Array.of(target))
  const L = net.layers.length
  let checked = 0
  const logits = trace.outputs[L - 1].data
  expectClose(lossOf(logits, target), trace.loss ?? NaN, 'loss')
  for (let j = 0; j < logits.length; j++) {
    expectClose(softmaxBackTerms(logits, target, j).value, trace.dOutputs[L - 1].data[j], `∂L/∂z_${j}`)
    checked++
  }
  for (let i = L - 1; i >= 0; i--) {
    const kind = kindOf(net.layers[i].name)
    const inShape = net.shapes[i]
    const xIn = i === 0 ? x : trace.outputs[i - 1].data
    const dIn = i === 0 ? trace.dInput.data : trace.dOutputs[i - 1].data
    const dy = trace.dOutputs[i].data
    const dyMaps = mapsOf(dy, net.shapes[i + 1])
    const xMaps = mapsOf(xIn, inShape)
    const F = dIn.length
    for (let f = 0; f < F; f++) {
      const [c, h, w] = [Math.floor(f / (xMaps.H * xMaps.W)), Math.floor(f / xMaps.W) % xMaps.H, f % xMaps.W]
      let t: BackTerms
      if (kind.kind === 'dense') t = denseInputTerms(dy, params[i].weights.data, F, f)
      else if (kind.kind === 'activation') t = activationBackTerms(kind, xIn[f], trace.outputs[i].data[f], dy[f])
      else if (kind.kind === 'pool') t = poolBackTerms(kind, dyMaps, (trace.caches[i] as PoolCache).argmax, xMaps.H, xMaps.W, c, h, w)
      else if (kind.kind === 'conv') t = convInputTerms(kind, dyMaps, params[i].weights.data, xMaps.C, c, h, w)
      else t = flattenBackTerms(dy, f)
      expectClose(t.value, dIn[f], `layer ${i + 1} (${net.layers[i].name}), ∂L/∂x[${f}]`)
      checked++
    }
    if (kind.kind === 'dense') {
      const dW = trace.grads[i].weights.data
      for (let o = 0; o < kind.outputs; o++) for (let f = 0; f < F; f++) expectClose(denseWeightTerms(dy, xIn, o, f).value, dW[o * F + f], `dense ∂L/∂W[${o}, ${f}]`)
    }
    if (kind.kind === 'conv') {
      const dW = trace.grads[i].weights.data
      for (let k = 0; k < kind.filters; k++) for (let c = 0; c < xMaps.C; c++) for (let u = 0; u < kind.kH; u++) for (let v = 0; v < kind.kW; v++) {
        expectClose(convWeightTerms(kind, dyMaps, xMaps, k, c, u, v).value, dW[((k * xMaps.C + c) * kind.kH + u) * kind.kW + v], `conv ∂L/∂w[${k}, ${c}, ${u}, ${v}]`)
        checked++
      }
    }
  }
  return checked
}

describe('the backward arithmetic arrives at what the network computed', () => {
  it('conv → lrelu → pool → dense, for several inputs, weights and targets', () => {
    const net = build('conv3x3x2-lrelu-pool2-dense10', [1, 10, 10])
    for (const seed of [1, 2, 3]) {
      const [params] = initParams(net, seedRng(seed))
      const checked = checkNetwork(net, params, randomValues(100, seed + 10), seed * 3)
      expect(checked).toBe(10 + 32 + 128 + 128 + 100 + 18) // logits, then each stage's input gradient, and the kernel
    }
  })

  it('two convolutions with padding and stride, tanh, sigmoid, overlapping pooling, flatten, two dense layers', () => {
    const net = build('conv3x3x3p1-tanh-conv3x3x4p1s2b-sigmoid-pool3s2-flatten-dense6-relu-dense5', [2, 11, 11])
    for (const seed of [4, 5]) {
      const [params0] = initParams(net, seedRng(seed))
      // A bias that is not zero, so that it shows in the forward values.
      const params = params0.map((p, i) => (i === 2 ? { ...p, bias: tensor([4], randomValues(4, seed, 0.5)) } : p))
      expect(checkNetwork(net, params, randomValues(242, seed), seed % 5)).toBeGreaterThan(5 + 6 + 36 + 484)
    }
  })

  it('routes pooling gradients by the winners the forward pass chose, ties included', () => {
    // A map of zeros pooled after a ReLU: every window ties, and the first in reading order won.
    const net = build('relu-pool2-dense3', [1, 4, 4])
    const [params] = initParams(net, seedRng(7))
    const x = new Float32Array(16).fill(-1)
    x[5] = 0.5
    expect(checkNetwork(net, params, x, 1)).toBeGreaterThan(16)
    const trace = backwardTrace(net, params, tensor([1, 1, 4, 4], x), Uint8Array.of(1))
    const dy = mapsOf(trace.dOutputs[1].data, [1, 2, 2])
    const argmax = (trace.caches[1] as PoolCache).argmax
    // (0, 0) lost the top-left window to (1, 1) = 0.5; (0, 2) won the tied top-right one, being first.
    expect(poolBackTerms({ kind: 'pool', size: 2, stride: 2 }, dy, argmax, 4, 4, 0, 0, 0)).toMatchObject({ value: 0, windows: [{ won: false }] })
    expect(poolBackTerms({ kind: 'pool', size: 2, stride: 2 }, dy, argmax, 4, 4, 0, 1, 1).windows[0].won).toBe(true)
    expect(poolBackTerms({ kind: 'pool', size: 2, stride: 2 }, dy, argmax, 4, 4, 0, 0, 2).windows[0].won).toBe(true) // first of a tie
  })
})

describe('writing the arithmetic out', () => {
  it('softmax: p − onehot', () => {
    expect(formatBackTerms(softmaxBackTerms([0, 0], 1, 1))).toBe('p₁ − [1 = 1] = 0.5000 − 1 = −0.5000')
  })

  it('activation: the slope of a leaky ReLU is 1 or α', () => {
    const lrelu = { kind: 'activation', name: 'lrelu', alpha: 0.01 } as const
    expect(formatBackTerms(activationBackTerms(lrelu, -0.4, -0.004, 0.2))).toBe('0.2000 · 0.01 = 0.002000')
    expect(formatBackTerms(activationBackTerms(lrelu, 0.4, 0.4, -0.2))).toBe('(−0.2000) · 1 = −0.2000')
  })

  it('dense: Σ dy·W, the zero products counted, not listed', () => {
    const t = denseInputTerms([0.5, 0, -1], [1, 2, 3, 4, 5, -6], 2, 1)
    expect(formatBackTerms(t)).toBe('0.5000·2.000 + (−1.000)·(−6.000) + 1 × 0 = 7.000')
  })

  it('small gradients in scientific notation, with a real minus sign', () => {
    expect(gnum(-1.234e-5)).toBe('−1.234·10⁻⁵')
    expect(gnum(0.01234)).toBe('0.01234')
    expect(gnum(0)).toBe('0')
  })

  it('finite differences: a smooth function agrees on both sides; |v| has a kink at 0', () => {
    const square = (v: number) => v * v
    const smooth = finiteDifference(square(1.001), square(1), square(0.999), 1e-3)
    expect(smooth.central).toBeCloseTo(2, 9)
    expect(smooth.kink).toBe(false)
    const kinked = finiteDifference(Math.abs(0.0005 + 1e-3), Math.abs(0.0005), Math.abs(0.0005 - 1e-3), 1e-3)
    expect(kinked.kink).toBe(true)
    expect(kinked.right).toBeCloseTo(1, 9)
    expect(kinked.left).toBeCloseTo(0, 9)
  })
})
