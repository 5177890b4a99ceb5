// The fast Adam computes what the plain one does: the same parameters and moments after
// many steps, to rounding; and it leaves everything it was given as it was.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { leavesOf, type ParamTree } from '../../src/core/params.ts'
import { tensor } from '../../src/core/tensor.ts'
import { adamFast, adamUpdateFast } from '../../src/fast/adam.ts'
import { adam, adamUpdate, type AdamStep } from '../../src/optim/adam.ts'
import { cosine } from '../../src/optim/schedule.ts'
import { doubles } from '../helpers/arbitraries.ts'
import { runs } from '../helpers/runs.ts'

const flat = (tree: ParamTree) => leavesOf(tree).flatMap(({ value }) => Array.from(value.data))
const tree = (values: readonly number[], scale = 1): ParamTree => [
  { weights: tensor([2, 3], Float32Array.from(values.slice(0, 6), (v) => v * scale)), bias: tensor([2], Float32Array.from(values.slice(6, 8), (v) => v * scale)) },
  {},
  { weights: tensor([4], Float32Array.from(values.slice(8, 12), (v) => v * scale)) },
]

describe('adamUpdateFast', () => {
  it('gives the plain update, to rounding, for any step, rate and decay', () => {
    fc.assert(
      fc.property(doubles(4 * 20), fc.integer({ min: 1, max: 5000 }), fc.double({ min: 1e-5, max: 0.1, noNaN: true }), fc.constantFrom(0, 0.01), (v, t, lr, weightDecay) => {
        const [p, g, m, w] = [0, 1, 2, 3].map((k) => Float32Array.from(v.slice(20 * k, 20 * (k + 1))))
        const s: AdamStep = { t, lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay }
        const vv = w!.map(Math.abs)
        const [a, b] = [adamUpdate(p!, g!, m!, vv, s), adamUpdateFast(p!, g!, m!, vv, s)]
        for (let k = 0; k < 3; k++) a[k]!.forEach((x, i) => expect(Math.abs(x - b[k]![i]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(x))))
      }),
    )
  })
})

describe('adamFast', () => {
  it('follows the plain optimizer over 200 steps of changing gradients and a schedule', () => {
    fc.assert(
      fc.property(doubles(12), doubles(12), fc.constantFrom(0, 0.01), (start, gradient, weightDecay) => {
        const options = { lr: cosine(0.01, 200), weightDecay }
        const [plain, fast] = [adam(options), adamFast(options)]
        let a = { params: tree(start), state: plain.init(tree(start)) }
        let b = { params: tree(start), state: fast.init(tree(start)) }
        for (let step = 0; step < 200; step++) {
          const g = tree(gradient, Math.sin(step + 1))
          const [pa, sa] = plain.step(a.params, g, a.state)
          const [pb, sb] = fast.step(b.params, g, b.state)
          a = { params: pa, state: sa }
          b = { params: pb, state: sb }
        }
        expect(b.state.step).toBe(200)
        const [x, y] = [flat(a.params), flat(b.params)]
        x.forEach((v, i) => expect(Math.abs(v - y[i]!)).toBeLessThan(1e-4))
        expect(flat(b.state.m).length).toBe(12)
      }),
      { numRuns: runs(30) },
    )
  })

  it('leaves the parameters, gradients and state it was given bit-identical', () => {
    const fast = adamFast({ lr: 0.01 })
    const params = tree([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    const grads = tree([1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1])
    const state = fast.init(params)
    const before = [flat(params), flat(grads), flat(state.m), flat(state.v)]
    const [next] = fast.step(params, grads, state)
    expect([flat(params), flat(grads), flat(state.m), flat(state.v)]).toEqual(before)
    expect(flat(next)).not.toEqual(flat(params))
  })
})
