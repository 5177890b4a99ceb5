// The fused convolution + pooling + activation layer: its gradients against central
// differences, and its outputs and gradients against the three plain layers it stands for.
// (Its convolution is the fast one, which adds in another order: they agree to rounding.)

import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkLayer } from '../../src/check/layers.ts'
import { seedRng } from '../../src/core/rng.ts'
import { tensor, toFloat64, type Tensor } from '../../src/core/tensor.ts'
import { convPool, passThrough } from '../../src/fast/convPool.ts'
import { leakyRelu } from '../../src/layers/activations.ts'
import { conv2d } from '../../src/layers/conv2d.ts'
import { maxPool } from '../../src/layers/maxPool.ts'
import { backward, forward, sequential } from '../../src/model/sequential.ts'
import { convCase, tensorOf, tensorWithoutTies } from '../helpers/arbitraries.ts'
import { expectGradientsCorrect } from '../helpers/expectations.ts'
import { runs } from '../helpers/runs.ts'

// A convolution case with a pooling that fits its output, and an activation slope.
const cases = convCase.chain((c) => {
  const oH = Math.floor((c.H + 2 * c.pad - c.kH) / c.stride) + 1
  const oW = Math.floor((c.W + 2 * c.pad - c.kW) / c.stride) + 1
  const most = Math.min(oH, oW, 3)
  return fc.record({
    c: fc.constant(c),
    size: fc.integer({ min: 1, max: most }),
    poolStride: fc.integer({ min: 1, max: 3 }),
    slope: fc.constantFrom(0, 0.01, 0.3, 1),
    seed: fc.nat(),
  })
})

interface FusedCase {
  readonly c: { readonly K: number; readonly kH: number; readonly kW: number; readonly stride: number; readonly pad: number; readonly bias: boolean }
  readonly size: number
  readonly poolStride: number
  readonly slope: number
}

const fusedOf = ({ c, size, poolStride, slope }: FusedCase) =>
  convPool({ filters: c.K, kernelSize: [c.kH, c.kW], stride: c.stride, padding: c.pad, bias: c.bias, poolSize: size, poolStride, slope, name: 'fused' })

// Whether every pooling window's largest convolution output beats the runner-up by more than
// `margin`: a central difference nudges an input by 1e-5, which moves an output by as much
// times a weight, and a nudge that changes a window's winner measures the kink, not the slope.
const clearWinners = (k: FusedCase, params: Record<string, Tensor>, x: Tensor, margin: number): boolean => {
  const conv = sequential(x.shape.slice(1), [conv2d({ filters: k.c.K, kernelSize: [k.c.kH, k.c.kW], stride: k.c.stride, padding: k.c.pad, bias: k.c.bias })])
  if (E.isLeft(conv)) throw new Error('does not fit')
  const z = forward(conv.right, [params], x)[0]
  const [N, K, oH, oW] = z.shape
  const pH = Math.floor((oH! - k.size) / k.poolStride) + 1
  const pW = Math.floor((oW! - k.size) / k.poolStride) + 1
  for (let nk = 0; nk < N! * K!; nk++) {
    for (let ph = 0; ph < pH; ph++) {
      for (let pw = 0; pw < pW; pw++) {
        const values: number[] = []
        for (let i = 0; i < k.size; i++) for (let j = 0; j < k.size; j++) values.push(z.data[(nk * oH! + ph * k.poolStride + i) * oW! + pw * k.poolStride + j]!)
        values.sort((a, b) => b - a)
        if (values.length > 1 && values[0]! - values[1]! <= margin) return false
      }
    }
  }
  return true
}

describe('convPool, the fused layer', () => {
  it('passes gradient checks for the input, the weights and the bias (without an activation)', () => {
    // Inputs without ties (no pooling window has two equal winners) and never 0 (a
    // convolution output of exactly 0 would sit on the ReLU's kink).
    const awayFromKinks = (shape: readonly number[]) => tensorWithoutTies(shape).map((t) => tensor(t.shape, t.data.map((v) => v + 0.0025)))
    fc.assert(
      // And padding narrower than the kernel: an output that saw only padding would equal its
      // neighbour exactly (both the bias alone), a tie in the pooling window.
      fc.property(cases.filter((k) => k.c.pad < k.c.kH && k.c.pad < k.c.kW).chain((k) => fc.tuple(fc.constant(k), awayFromKinks([k.c.N, k.c.C, k.c.H, k.c.W]))), ([k, x]) => {
        // Slope 1: no activation kink for a convolution output that happens to be within ε of 0.
        const layer = fusedOf({ ...k, slope: 1 })
        const params = Object.fromEntries(Object.entries(layer.init([k.c.C, k.c.H, k.c.W], seedRng(k.seed))[0]).map(([n, v]) => [n, toFloat64(v)]))
        if (params.bias !== undefined) params.bias = tensor(params.bias.shape, Float64Array.from(params.bias.data, (_, i) => (i % 2 === 0 ? 0.25 : -0.35)))
        fc.pre(clearWinners(k, params, x, 1e-4))
        expectGradientsCorrect(checkLayer(layer, params, x, { seed: k.seed }))
      }),
      { numRuns: runs(60) },
    )
  })

  it('gives the gradients of conv → max pool → leaky ReLU, for every slope', () => {
    fc.assert(
      fc.property(cases.chain((k) => fc.tuple(fc.constant(k), tensorWithoutTies([k.c.N, k.c.C, k.c.H, k.c.W]), tensorOf([k.c.N, k.c.K, 3, 3]))), ([k, x, r]) => {
        const conv = conv2d({ filters: k.c.K, kernelSize: [k.c.kH, k.c.kW], stride: k.c.stride, padding: k.c.pad, bias: k.c.bias })
        const inShape = [k.c.C, k.c.H, k.c.W]
        const plain = sequential(inShape, [conv, maxPool(k.size, k.poolStride), leakyRelu(k.slope)])
        const fused = sequential(inShape, [fusedOf(k), passThrough('pool'), passThrough('act')])
        if (E.isLeft(plain) || E.isLeft(fused)) throw new Error('does not fit')
        const params = [Object.fromEntries(Object.entries(conv.init(inShape, seedRng(k.seed))[0]).map(([n, v]) => [n, toFloat64(v)])), {}, {}]
        const gradientsOf = (net: typeof plain.right) => {
          const [y, caches] = forward(net, params, x)
          const dy = tensor(y.shape, Float64Array.from(y.data, (_, i) => r.data[i % r.data.length]!))
          const [dx, grads] = backward(net, params, caches, dy)
          return [...dx.data, ...Object.values(grads[0]!).flatMap((t) => Array.from(t.data))]
        }
        const [a, b] = [gradientsOf(plain.right), gradientsOf(fused.right)]
        b.forEach((v, i) => expect(Math.abs(v - a[i]!)).toBeLessThan(1e-9))
      }),
      { numRuns: runs(50) },
    )
  })

  it('gives the same parameter gradients from paramGradients (written out where small) as from backward', () => {
    fc.assert(
      fc.property(cases.chain((k) => fc.tuple(fc.constant(k), tensorWithoutTies([k.c.N, k.c.C, k.c.H, k.c.W]), fc.nat())), ([k, x64, seed]) => {
        const x = tensor(x64.shape, Float32Array.from(x64.data))
        const layer = fusedOf(k)
        const [params] = layer.init([k.c.C, k.c.H, k.c.W], seedRng(k.seed))
        const [y, cache] = layer.forward(params, x)
        const dy = tensor(y.shape, Float32Array.from(y.data, (_, i) => Math.sin(i + seed)))
        const [, full] = layer.backward(params, cache, dy)
        const only = layer.paramGradients!(params, cache, dy)
        expect(Object.keys(only)).toEqual(Object.keys(full))
        for (const name of Object.keys(full)) {
          only[name as 'weights']!.data.forEach((v, i) => expect(Math.abs(v - full[name as 'weights']!.data[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(v))))
        }
      }),
      { numRuns: runs(50) },
    )
  })

  it('gives the outputs of conv → max pool → leaky ReLU in float32, to rounding', () => {
    fc.assert(
      fc.property(cases.chain((k) => fc.tuple(fc.constant(k), tensorWithoutTies([k.c.N, k.c.C, k.c.H, k.c.W]))), ([k, x64]) => {
        const x = tensor(x64.shape, Float32Array.from(x64.data))
        const conv = conv2d({ filters: k.c.K, kernelSize: [k.c.kH, k.c.kW], stride: k.c.stride, padding: k.c.pad, bias: k.c.bias })
        const inShape = [k.c.C, k.c.H, k.c.W]
        const plain = sequential(inShape, [conv, maxPool(k.size, k.poolStride), leakyRelu(k.slope)])
        const fused = sequential(inShape, [fusedOf(k), passThrough('pool'), passThrough('act')])
        if (E.isLeft(plain) || E.isLeft(fused)) throw new Error('does not fit')
        const [params] = [[conv.init(inShape, seedRng(k.seed))[0], {}, {}]]
        const a = forward(plain.right, params, x)[0]
        const b = forward(fused.right, params, x)[0]
        expect(b.shape).toEqual(a.shape)
        b.data.forEach((v, i) => expect(Math.abs(v - a.data[i]!)).toBeLessThan(1e-6))
      }),
      { numRuns: runs(50) },
    )
  })
})
