// The gradient checker itself, on plain kernels: it passes a correct backward and catches
// wrong ones. (Layers and whole networks: spec/check/layers.spec.ts.)

import { describe, expect, it } from 'vitest'
import { checkGradient, project, randomDirection, relativeError, showReport, type Named } from '../../src/check/gradcheck.ts'
import { sample, seedRng, uniform } from '../../src/core/rng.ts'
import { fromNumbers, tensor, toFloat64, type Tensor } from '../../src/core/tensor.ts'
import {
  leakyReluBackward,
  leakyReluForward,
  sigmoidBackward,
  sigmoidForward,
  tanhBackward,
  tanhForward,
} from '../../src/kernels/activations.ts'
import { denseBackward, denseForward } from '../../src/kernels/dense.ts'
import { expectGradientsCorrect } from '../helpers/expectations.ts'

const randomTensor = (shape: readonly number[], seed: number) =>
  toFloat64(tensor(shape, sample(shape.reduce((a, b) => a * b, 1), seedRng(seed), uniform)[0]))


describe('relativeError', () => {
  it('is |a − n| / max(|a|, |n|, floor)', () => {
    expect(relativeError(1, 1, 1e-3)).toBe(0)
    expect(relativeError(2, 1, 1e-3)).toBe(0.5)
    expect(relativeError(0, 1e-6, 1e-3)).toBeCloseTo(1e-3, 12) // tiny values are compared absolutely
  })
})

// The dense kernels, checked as plain functions: L = Σ denseForward(x, W, b) ⊙ r, whose
// gradients the backward kernels give when handed dy = r.
const N = 2
const F = 4
const O = 3
const point: Named = {
  x: randomTensor([N, F], 1),
  weights: randomTensor([O, F], 2),
  bias: toFloat64(fromNumbers([O], [0.1, -0.2, 0.3])),
}
const r = randomDirection(N * O, 9)
const loss = (p: Named): number => project(denseForward(p.x!.data, p.weights!.data, p.bias!.data, N, F, O), r)
const claimed = (p: Named): Named => {
  const [dx, dWeights, dBias] = denseBackward(r, p.x!.data, p.weights!.data, N, F, O)
  return { x: tensor([N, F], dx), weights: tensor([O, F], dWeights), bias: tensor([O], dBias) }
}

describe('the checker can fail', () => {
  it('passes the correct dense backward', () => {
    expectGradientsCorrect(checkGradient(loss, point, claimed(point)))
  })

  // Each of these is a plausible bug; each must be caught.
  const scaled = (t: Tensor, f: (v: number, i: number) => number) => tensor(t.shape, t.data.map(f))
  const broken: Record<string, (good: Named) => Named> = {
    'dWeights off by a factor of 2': (good) => ({ ...good, weights: scaled(good.weights!, (v) => 2 * v) }),
    'dx with the wrong sign': (good) => ({ ...good, x: scaled(good.x!, (v) => -v) }),
    'dBias forgetting one sample of the batch': (good) => ({ ...good, bias: scaled(good.bias!, (v, o) => v - r[O + o]!) }),
  }

  it.each(Object.keys(broken))('catches %s', (name) => {
    const report = checkGradient(loss, point, broken[name]!(claimed(point)))
    expect(report.ok).toBe(false)
    expect(report.worst.error).toBeGreaterThan(0.1)
    expect(showReport(report)).toMatch(/^FAILED/)
  })

  it('names the worst coordinate', () => {
    const report = checkGradient(loss, point, broken['dWeights off by a factor of 2']!(claimed(point)))
    expect(report.worst.tensor).toBe('weights')
    expect(report.worst.index).toHaveLength(2)
    expect(report.worst.analytic / report.worst.numeric).toBeCloseTo(2, 6)
  })

  it('checks a random subset of coordinates when asked', () => {
    const report = checkGradient(loss, point, claimed(point), { maxPerTensor: 2 })
    expect(report.comparisons).toHaveLength(2 + 2 + 2)
    expectGradientsCorrect(report)
  })
})

describe('the activation kernels, checked the same way', () => {
  // Inputs away from leaky ReLU's kink at 0, where the numeric gradient straddles two slopes.
  const x = toFloat64(fromNumbers([6], [-2, -0.5, -0.1, 0.2, 0.7, 3]))
  const dy = randomDirection(6, 3)
  it.each([
    ['leaky ReLU', (v: Named) => leakyReluForward(v.x!.data, 0.1), (v: Named) => leakyReluBackward(v.x!.data, dy, 0.1)],
    ['tanh', (v: Named) => tanhForward(v.x!.data), (v: Named) => tanhBackward(tanhForward(v.x!.data), dy)],
    ['sigmoid', (v: Named) => sigmoidForward(v.x!.data), (v: Named) => sigmoidBackward(sigmoidForward(v.x!.data), dy)],
  ] as const)('%s', (_name, forward, backward) => {
    const at: Named = { x }
    expectGradientsCorrect(checkGradient((p) => project(forward(p), dy), at, { x: tensor([6], backward(at)) }))
  })
})

