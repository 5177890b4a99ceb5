// Update rules: their defining formulas on small trees, Adam's first-step law, and purity.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ParamTree } from '../../src/core/params.ts'
import { tensor } from '../../src/core/tensor.ts'
import { adam } from '../../src/optim/adam.ts'
import { momentum } from '../../src/optim/momentum.ts'
import { sgd } from '../../src/optim/sgd.ts'
import { doubles } from '../helpers/arbitraries.ts'
import { expectUnchanged, snapshotOf, tensorsOf } from '../helpers/expectations.ts'

// A two-layer tree with the structure of a small network: { weights } and { weights, bias }.
const treeOf = (values: readonly number[]): ParamTree => [
  { weights: tensor([2, 2], Float64Array.from(values.slice(0, 4))) },
  {},
  { weights: tensor([1, 3], Float64Array.from(values.slice(4, 7))), bias: tensor([1], Float64Array.from(values.slice(7, 8))) },
]
const flat = (tree: ParamTree): number[] => tensorsOf(tree).flatMap((t) => Array.from(t.data))
const trees = fc.tuple(doubles(8, -1, 1).map(treeOf), doubles(8, -1, 1).map(treeOf))

describe('sgd', () => {
  it('moves every parameter by −lr·g', () => {
    fc.assert(
      fc.property(trees, fc.double({ min: 1e-4, max: 1, noNaN: true }), ([params, grads], lr) => {
        const [next, state] = sgd(lr).step(params, grads, sgd(lr).init(params))
        flat(next).forEach((v, i) => expect(v).toBeCloseTo(flat(params)[i]! - lr * flat(grads)[i]!, 12))
        expect(state.step).toBe(1)
      }),
    )
  })

  it('follows a learning-rate schedule by step number', () => {
    const params = treeOf([1, 1, 1, 1, 1, 1, 1, 1])
    const grads = treeOf([1, 1, 1, 1, 1, 1, 1, 1])
    const opt = sgd((step) => (step === 0 ? 0.5 : 0.25))
    const [p1, s1] = opt.step(params, grads, opt.init(params))
    const [p2] = opt.step(p1, grads, s1)
    expect(flat(p1)[0]).toBe(0.5)
    expect(flat(p2)[0]).toBe(0.25)
  })
})

describe('momentum', () => {
  it('accumulates a velocity v = μv + g and steps along it', () => {
    const params = treeOf([0, 0, 0, 0, 0, 0, 0, 0])
    const grads = treeOf([1, 1, 1, 1, 1, 1, 1, 1])
    const opt = momentum(0.1, 0.9)
    const [p1, s1] = opt.step(params, grads, opt.init(params))
    const [p2, s2] = opt.step(p1, grads, s1)
    expect(flat(p1)[0]).toBeCloseTo(-0.1, 12) // v = 1
    expect(flat(p2)[0]).toBeCloseTo(-0.1 - 0.19, 12) // v = 0.9 + 1
    expect(flat(s2.velocity)[0]).toBeCloseTo(1.9, 12)
  })
})

describe('adam', () => {
  it('moves each parameter by about lr against the sign of its gradient on the first step', () => {
    fc.assert(
      fc.property(
        // Gradients of every size from 1e-3 to 1, either sign (none exactly 0).
        fc.tuple(doubles(8, -1, 1).map(treeOf), doubles(8, -1, 1).map((vs) => treeOf(vs.map((v) => (v < 0 ? v - 1e-3 : v + 1e-3))))),
        fc.double({ min: 1e-4, max: 0.1, noNaN: true }),
        ([params, grads], lr) => {
          const opt = adam({ lr })
          const [next] = opt.step(params, grads, opt.init(params))
          flat(next).forEach((v, i) => {
            const moved = v - flat(params)[i]!
            expect(Math.sign(moved)).toBe(-Math.sign(flat(grads)[i]!))
            expect(Math.abs(moved) / lr).toBeCloseTo(1, 4)
          })
        },
      ),
    )
  })

  it('keeps bias-corrected moments: after two equal gradients m̂ = g and v̂ = g²', () => {
    const params = treeOf([0, 0, 0, 0, 0, 0, 0, 0])
    const grads = treeOf([0.5, -2, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
    const opt = adam({ lr: 0.01 })
    const [p1, s1] = opt.step(params, grads, opt.init(params))
    const [p2, s2] = opt.step(p1, grads, s1)
    expect(s2.step).toBe(2)
    // Raw moments after two steps: m = (1 − β₁²)·g, v = (1 − β₂²)·g².
    expect(flat(s2.m)[1]).toBeCloseTo((1 - 0.9 ** 2) * -2, 12)
    expect(flat(s2.v)[1]).toBeCloseTo((1 - 0.999 ** 2) * 4, 12)
    // With the corrections, the second step is again ≈ lr·(−sign g).
    expect(flat(p2)[1]! - flat(p1)[1]!).toBeCloseTo(0.01, 6)
  })
})

describe('adam with decoupled weight decay (AdamW)', () => {
  it('shrinks every parameter by the factor 1 − lr·λ on top of the Adam step', () => {
    const params = treeOf([1, -2, 0.5, 4, 1, 1, 1, 1])
    const zero = treeOf([0, 0, 0, 0, 0, 0, 0, 0])
    const opt = adam({ lr: 0.1, weightDecay: 0.5 })
    // With zero gradients the Adam part is 0, so only the decay acts: θ' = (1 − 0.05) · θ.
    const [next] = opt.step(params, zero, opt.init(params))
    flat(next).forEach((v, i) => expect(v).toBeCloseTo(0.95 * flat(params)[i]!, 12))
  })

  it('is plain Adam when λ = 0', () => {
    fc.assert(
      fc.property(trees, ([params, grads]) => {
        const plain = adam({ lr: 0.01 })
        const decayed = adam({ lr: 0.01, weightDecay: 0 })
        expect(flat(decayed.step(params, grads, decayed.init(params))[0])).toEqual(flat(plain.step(params, grads, plain.init(params))[0]))
      }),
      { numRuns: 20 },
    )
  })
})

describe('every optimizer', () => {
  it('leaves parameters, gradients and state bit-identical', () => {
    fc.assert(
      fc.property(trees, ([params, grads]) => {
        for (const opt of [sgd(0.1), momentum(0.1), adam()]) {
          const state = opt.step(params, grads, opt.init(params))[1]
          const watched = [...tensorsOf(params), ...tensorsOf(grads)]
          const before = snapshotOf(watched)
          const stateBefore = JSON.stringify(state, (_, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v))
          opt.step(params, grads, state)
          expectUnchanged(watched, before)
          expect(JSON.stringify(state, (_, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v))).toBe(stateBefore)
        }
      }),
      { numRuns: 50 },
    )
  })
})
