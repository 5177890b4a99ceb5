// Laws every layer obeys, stated as properties over generated shapes and values.

import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Params } from '../../src/core/params.ts'
import { seedRng } from '../../src/core/rng.ts'
import { tensor, toFloat64, type Tensor } from '../../src/core/tensor.ts'
import { leakyRelu, relu, sigmoid, tanh } from '../../src/layers/activations.ts'
import { conv2d } from '../../src/layers/conv2d.ts'
import { dense } from '../../src/layers/dense.ts'
import { flatten } from '../../src/layers/flatten.ts'
import type { Layer } from '../../src/layers/layer.ts'
import { maxPool } from '../../src/layers/maxPool.ts'
import { softmaxCrossEntropy } from '../../src/layers/softmaxCrossEntropy.ts'
import { softmax } from '../../src/kernels/softmaxCrossEntropy.ts'
import { fastKernels } from '../../src/fast/kernels.ts'
import { referenceKernels, type Kernels } from '../../src/model/arch.ts'
import { convCase, doubles, poolCase, tensorAwayFromZero, tensorOf } from '../helpers/arbitraries.ts'
import { expectUnchanged, snapshotOf } from '../helpers/expectations.ts'
import { runs } from '../helpers/runs.ts'

// A layer's freshly drawn parameters, in Float64.
const params64 = <P extends Params>(layer: Layer<P, unknown>, inShape: readonly number[], seed: number): P =>
  Object.fromEntries(Object.entries(layer.init(inShape, seedRng(seed))[0]).map(([k, v]) => [k, toFloat64(v)])) as P

// A layer with its input shape and a batch that fits it, computed by either kernel set: the
// plain loops of kernels/ or the appendix's fast ones, which must obey the same laws.
const kernelSet = fc.constantFrom<Kernels>(referenceKernels, fastKernels)
const layerCase: fc.Arbitrary<{ layer: Layer; x: Tensor; seed: number }> = kernelSet.chain((kernels) => fc.oneof(
  convCase.chain((c) =>
    fc.record({
      layer: fc.constant(conv2d({ filters: c.K, kernelSize: [c.kH, c.kW], stride: c.stride, padding: c.pad, bias: c.bias, kernels: kernels.conv2d }) as Layer),
      x: tensorOf([c.N, c.C, c.H, c.W]),
      seed: fc.nat(),
    }),
  ),
  poolCase.chain((c) => fc.record({ layer: fc.constant(maxPool(c.size, c.stride, kernels.maxPool) as Layer), x: tensorOf([c.N, c.C, c.H, c.W]), seed: fc.nat() })),
  fc.record({ N: fc.integer({ min: 1, max: 3 }), C: fc.integer({ min: 1, max: 3 }), H: fc.integer({ min: 1, max: 5 }), O: fc.integer({ min: 1, max: 5 }), alpha: fc.double({ min: 0, max: 0.5, noNaN: true }) })
    .chain((s) =>
      fc.record({
        layer: fc.constantFrom<Layer>(
          dense(s.O, { kernels: kernels.dense }),
          leakyRelu(s.alpha, kernels.activations),
          relu(kernels.activations),
          tanh(kernels.activations),
          sigmoid(kernels.activations),
          flatten,
        ),
        x: tensorOf([s.N, s.C, s.H, s.H]),
        seed: fc.nat(),
      }),
    ),
))

describe('every layer', () => {
  it('produces the shape outShape promises, for the whole batch', () => {
    fc.assert(
      fc.property(layerCase, ({ layer, x, seed }) => {
        const inShape = x.shape.slice(1)
        const [y] = layer.forward(params64(layer, inShape, seed), x)
        expect(y.shape[0]).toBe(x.shape[0])
        expect(layer.outShape(inShape)).toEqual(E.right(y.shape.slice(1)))
        expect(y.data.length).toBe(y.shape.reduce((a, b) => a * b, 1))
      }),
      { numRuns: runs(200) },
    )
  })

  it('leaves its input, parameters and upstream gradient bit-identical', () => {
    fc.assert(
      fc.property(layerCase, ({ layer, x, seed }) => {
        const params = params64(layer, x.shape.slice(1), seed)
        const [y, cache] = layer.forward(params, x)
        const dy = tensor(y.shape, Float64Array.from(y.data, (_, i) => Math.sin(i)))
        const watched = [x, dy, ...Object.values(params)]
        const before = snapshotOf(watched)
        layer.backward(params, cache, dy)
        layer.forward(params, x)
        expectUnchanged(watched, before)
      }),
      { numRuns: runs(200) },
    )
  })
})

// conv and dense without bias are linear maps of x: f(a·x₁ + b·x₂) = a·f(x₁) + b·f(x₂).
describe('linearity in the input', () => {
  const combine = (a: number, x1: Tensor, b: number, x2: Tensor) => tensor(x1.shape, Float64Array.from(x1.data, (v, i) => a * v + b * x2.data[i]!))
  const expectClose = (actual: Tensor, expected: Tensor) =>
    actual.data.forEach((v, i) => expect(v).toBeCloseTo(expected.data[i]!, 10))

  it('holds for conv2d', () => {
    fc.assert(
      fc.property(
        convCase.chain((c) => fc.tuple(fc.constant(c), tensorOf([c.N, c.C, c.H, c.W]), tensorOf([c.N, c.C, c.H, c.W]), fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }))),
        ([c, x1, x2, a, b]) => {
          const layer = conv2d({ filters: c.K, kernelSize: [c.kH, c.kW], stride: c.stride, padding: c.pad })
          const p = params64(layer, [c.C, c.H, c.W], 1)
          const f = (x: Tensor) => layer.forward(p, x)[0]
          expectClose(f(combine(a, x1, b, x2)), combine(a, f(x1), b, f(x2)))
        },
      ),
      { numRuns: runs(100) },
    )
  })

  it('holds for dense once the bias is taken out: f(x) − b is linear', () => {
    fc.assert(
      fc.property(
        fc.record({ N: fc.integer({ min: 1, max: 3 }), F: fc.integer({ min: 1, max: 8 }), O: fc.integer({ min: 1, max: 5 }) })
          .chain((s) => fc.tuple(fc.constant(s), tensorOf([s.N, s.F]), tensorOf([s.N, s.F]), fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }))),
        ([{ F, O }, x1, x2, a, b]) => {
          const layer = dense(O)
          const p = { ...params64(layer, [F], 2), bias: toFloat64(tensor([O], new Float32Array(O).fill(0))) }
          const f = (x: Tensor) => layer.forward(p, x)[0]
          expectClose(f(combine(a, x1, b, x2)), combine(a, f(x1), b, f(x2)))
        },
      ),
      { numRuns: runs(100) },
    )
  })
})

describe('softmax', () => {
  const rows = fc.record({ N: fc.integer({ min: 1, max: 4 }), J: fc.integer({ min: 1, max: 12 }) })
    .chain((s) => fc.tuple(fc.constant(s), doubles(s.N * s.J, -50, 50), fc.double({ min: -100, max: 100, noNaN: true })))

  it('gives rows of probabilities that sum to 1', () => {
    fc.assert(
      fc.property(rows, ([{ N, J }, logits]) => {
        const p = softmax(Float64Array.from(logits), N, J)
        for (let n = 0; n < N; n++) {
          const row = Array.from(p.subarray(n * J, (n + 1) * J))
          expect(row.every((v) => v >= 0 && v <= 1)).toBe(true)
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
        }
      }),
    )
  })

  it('does not change when the same constant is added to every logit of a row', () => {
    fc.assert(
      fc.property(rows, ([{ N, J }, logits, shift]) => {
        const p = softmax(Float64Array.from(logits), N, J)
        const q = softmax(Float64Array.from(logits, (v) => v + shift), N, J)
        p.forEach((v, i) => expect(q[i]).toBeCloseTo(v, 9))
      }),
    )
  })

  it('gives the loss gradient (p − onehot) / N', () => {
    fc.assert(
      fc.property(
        rows.chain(([s, logits]) => fc.tuple(fc.constant(s), fc.constant(logits), fc.array(fc.integer({ min: 0, max: s.J - 1 }), { minLength: s.N, maxLength: s.N }))),
        ([{ N, J }, logits, labelList]) => {
          const labels = Uint8Array.from(labelList)
          const [, cache] = softmaxCrossEntropy.forward(tensor([N, J], Float64Array.from(logits)), labels)
          const d = softmaxCrossEntropy.backward(cache)
          for (let n = 0; n < N; n++) {
            for (let j = 0; j < J; j++) {
              const expected = (cache.probs.data[n * J + j]! - (j === labels[n] ? 1 : 0)) / N
              expect(d.data[n * J + j]).toBeCloseTo(expected, 14)
            }
          }
        },
      ),
    )
  })

  it('keeps the loss finite for huge logits (log-sum-exp)', () => {
    const [loss] = softmaxCrossEntropy.forward(tensor([1, 3], Float32Array.of(1000, -1000, 0)), Uint8Array.of(1))
    expect(loss).toBeCloseTo(2000, 3)
  })
})

describe('max pooling backward', () => {
  it('sends each gradient only to its window\'s winner and preserves the sum', () => {
    fc.assert(
      fc.property(
        poolCase.chain((c) => fc.tuple(fc.constant(c), tensorOf([c.N, c.C, c.H, c.W]))),
        ([c, x]) => {
          const layer = maxPool(c.size, c.stride)
          const [y, cache] = layer.forward({}, x)
          const dy = tensor(y.shape, Float64Array.from(y.data, (_, i) => i + 1))
          const [dx] = layer.backward({}, cache, dy)
          // Each winner holds the largest value of its window …
          cache.argmax.forEach((winner, i) => expect(x.data[winner]).toBe(y.data[i]))
          // … and only winners receive gradient.
          const winners = new Set(cache.argmax)
          dx.data.forEach((v, i) => { if (!winners.has(i)) expect(v).toBe(0) })
          const sum = (t: Tensor) => Array.from(t.data).reduce((a, b) => a + b, 0)
          expect(sum(dx)).toBeCloseTo(sum(dy), 9)
        },
      ),
      { numRuns: runs(200) },
    )
  })
})

describe('leaky ReLU backward', () => {
  it('is the slope mask: dx = dy where x > 0, α·dy elsewhere', () => {
    fc.assert(
      fc.property(
        fc.record({ n: fc.integer({ min: 1, max: 30 }), alpha: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }) })
          .chain((s) => fc.tuple(fc.constant(s), tensorAwayFromZero([1, s.n], 0), tensorOf([1, s.n]))),
        ([{ alpha }, x, dy]) => {
          const layer = leakyRelu(alpha)
          const [, cache] = layer.forward({}, x)
          const [dx] = layer.backward({}, cache, dy)
          dx.data.forEach((v, i) => expect(v).toBe(x.data[i]! > 0 ? dy.data[i] : alpha * dy.data[i]!))
        },
      ),
    )
  })
})
