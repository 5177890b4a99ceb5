// Every layer's backward pass against central differences, on random shapes and
// hyperparameters (fast-check), in Float64, with inputs kept away from kinks.

import fc from 'fast-check'
import { describe, it } from 'vitest'
import { checkLayer } from '../../src/check/layers.ts'
import { seedRng } from '../../src/core/rng.ts'
import { toFloat64 } from '../../src/core/tensor.ts'
import { leakyRelu, relu, sigmoid, tanh } from '../../src/layers/activations.ts'
import { conv2d } from '../../src/layers/conv2d.ts'
import { dense } from '../../src/layers/dense.ts'
import { flatten } from '../../src/layers/flatten.ts'
import type { Layer } from '../../src/layers/layer.ts'
import { maxPool } from '../../src/layers/maxPool.ts'
import { fastKernels } from '../../src/fast/kernels.ts'
import { referenceKernels, type Kernels } from '../../src/model/arch.ts'
import { convCase, poolCase, tensorAwayFromZero, tensorOf, tensorWithoutTies } from '../helpers/arbitraries.ts'
import { expectGradientsCorrect } from '../helpers/expectations.ts'
import { runs } from '../helpers/runs.ts'

// Random parameters for a layer and input shape, in Float64.
const paramsFor = (layer: Layer, inShape: readonly number[], seed: number) =>
  Object.fromEntries(Object.entries(layer.init(inShape, seedRng(seed))[0]).map(([k, v]) => [k, toFloat64(v)]))

// Both kernel sets: the plain loops of kernels/ and the appendix's fast ones (fast/kernels.ts).
const kernelSets: readonly (readonly [string, Kernels])[] = [['reference', referenceKernels], ['fast', fastKernels]]

describe.each(kernelSets)('gradient checks (%s kernels)', (_name, kernels) => {
  it('conv2d: any channels, filters, kernel size, stride, padding, bias and batch', () => {
    fc.assert(
      fc.property(
        convCase.chain((c) => fc.tuple(fc.constant(c), tensorOf([c.N, c.C, c.H, c.W]), fc.nat())),
        ([c, x, seed]) => {
          const layer = conv2d({ filters: c.K, kernelSize: [c.kH, c.kW], stride: c.stride, padding: c.pad, bias: c.bias, kernels: kernels.conv2d })
          expectGradientsCorrect(checkLayer(layer, paramsFor(layer, [c.C, c.H, c.W], seed), x, { seed }))
        },
      ),
      { numRuns: runs(60) },
    )
  })

  it('dense: any input shape, any number of outputs, any batch', () => {
    fc.assert(
      fc.property(
        fc.record({ N: fc.integer({ min: 1, max: 4 }), F: fc.integer({ min: 1, max: 12 }), O: fc.integer({ min: 1, max: 6 }) })
          .chain((s) => fc.tuple(fc.constant(s), tensorOf([s.N, s.F]), fc.nat())),
        ([{ F, O }, x, seed]) => {
          const layer = dense(O, { kernels: kernels.dense })
          expectGradientsCorrect(checkLayer(layer, paramsFor(layer, [F], seed), x, { seed }))
        },
      ),
      { numRuns: runs(60) },
    )
  })

  it('maxPool: any window size and stride, inputs without ties', () => {
    fc.assert(
      fc.property(
        poolCase.chain((c) => fc.tuple(fc.constant(c), tensorWithoutTies([c.N, c.C, c.H, c.W]))),
        ([c, x]) => {
          expectGradientsCorrect(checkLayer(maxPool(c.size, c.stride, kernels.maxPool), {}, x))
        },
      ),
      { numRuns: runs(60) },
    )
  })

  it('leakyRelu for any slope α, and relu, away from the kink at 0', () => {
    fc.assert(
      fc.property(
        fc.record({ N: fc.integer({ min: 1, max: 3 }), F: fc.integer({ min: 1, max: 20 }), alpha: fc.double({ min: 0, max: 0.9, noNaN: true }) })
          .chain((s) => fc.tuple(fc.constant(s), tensorAwayFromZero([s.N, s.F]))),
        ([{ alpha }, x]) => {
          expectGradientsCorrect(checkLayer(leakyRelu(alpha, kernels.activations), {}, x))
          expectGradientsCorrect(checkLayer(relu(kernels.activations), {}, x))
        },
      ),
      { numRuns: runs(60) },
    )
  })

  it('tanh, sigmoid and flatten', () => {
    fc.assert(
      fc.property(
        fc.record({ N: fc.integer({ min: 1, max: 3 }), C: fc.integer({ min: 1, max: 3 }), H: fc.integer({ min: 1, max: 4 }) })
          .chain((s) => tensorOf([s.N, s.C, s.H, s.H], -3, 3)),
        (x) => {
          expectGradientsCorrect(checkLayer(tanh(kernels.activations), {}, x))
          expectGradientsCorrect(checkLayer(sigmoid(kernels.activations), {}, x))
          expectGradientsCorrect(checkLayer(flatten, {}, x))
        },
      ),
      { numRuns: runs(40) },
    )
  })
})
