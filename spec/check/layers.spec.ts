// Gradient checks of layers and networks: the original network end to end, input and every
// parameter. (Every layer on random shapes: spec/layers/gradients.spec.ts.)

import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { checkNetwork } from '../../src/check/layers.ts'
import { sample, seedRng, uniform } from '../../src/core/rng.ts'
import { tensor, toFloat64 } from '../../src/core/tensor.ts'
import { fastKernels } from '../../src/fast/kernels.ts'
import { softmaxCrossEntropy } from '../../src/layers/softmaxCrossEntropy.ts'
import { ORIGINAL_ARCH, parseArch, referenceKernels } from '../../src/model/arch.ts'
import { initParams, sequential } from '../../src/model/sequential.ts'
import { expectGradientsCorrect } from '../helpers/expectations.ts'

const randomTensor = (shape: readonly number[], seed: number) =>
  toFloat64(tensor(shape, sample(shape.reduce((a, b) => a * b, 1), seedRng(seed), uniform)[0]))

describe.each([['reference', referenceKernels], ['fast', fastKernels]] as const)('end to end through the original network (%s kernels)', (_name, kernels) => {
  // 28×28 → conv 3×3×1 → leaky ReLU → pool 2 → dense 10 → softmax cross-entropy
  const layers = parseArch(ORIGINAL_ARCH, kernels)
  if (E.isLeft(layers)) throw new Error(layers.left)
  const built = sequential([1, 28, 28], layers.right)
  if (E.isLeft(built)) throw new Error(built.left)
  const net = built.right

  it('matches central differences for the image, the kernel, the dense weights and biases', () => {
    const [params] = initParams(net, seedRng(3))
    // Two random "images"; a random image almost surely has no max-pool ties and no
    // conv output exactly at leaky ReLU's kink.
    const x = randomTensor([2, 1, 28, 28], 4)
    const report = checkNetwork(net, softmaxCrossEntropy, params, x, Uint8Array.of(3, 8))
    expectGradientsCorrect(report)
    // The input and every one of the 9 + 1690 + 10 parameters were compared.
    expect(report.comparisons).toHaveLength(2 * 784 + 9 + 1690 + 10)
    expect(new Set(report.comparisons.map((c) => c.tensor))).toEqual(
      new Set(['x', '1:conv3x3x1.weights', '4:dense10.weights', '4:dense10.bias']),
    )
  })

  it('can check a random subset of coordinates', () => {
    const [params] = initParams(net, seedRng(3))
    const report = checkNetwork(net, softmaxCrossEntropy, params, randomTensor([1, 1, 28, 28], 5), Uint8Array.of(1), { maxPerTensor: 20 })
    expectGradientsCorrect(report)
    expect(report.comparisons).toHaveLength(20 + 9 + 20 + 10)
  })
})
