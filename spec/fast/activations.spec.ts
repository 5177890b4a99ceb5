// The fast activation kernels give exactly the plain ones' numbers: every bit, for float32 and
// float64 arrays, on the awkward values too (±0, ±∞, NaN, the smallest subnormals), and for
// any slope of a leaky ReLU between 0 and 1 (the table-driven leaky ReLU must not round
// differently from `v > 0 ? v : α·v`).

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { activationKernels } from '../../src/kernels/activations.ts'
import { activationKernelsFast } from '../../src/fast/activations.ts'
import { runs } from '../helpers/runs.ts'

const AWKWARD = [0, -0, 1, -1, Infinity, -Infinity, Number.NaN, 1e-45, -1e-45, 3.4e38, -3.4e38, 5e-324, -5e-324]

// Same length and the same bits in every place (Object.is tells −0 from 0 and NaN equals NaN).
const expectSameBits = (fast: ArrayLike<number>, plain: ArrayLike<number>) => {
  expect(fast.length).toBe(plain.length)
  for (let i = 0; i < plain.length; i++) if (!Object.is(fast[i], plain[i])) expect([i, fast[i]]).toEqual([i, plain[i]])
}

const values = fc.array(fc.oneof(fc.double(), fc.constantFrom(...AWKWARD)), { minLength: 0, maxLength: 64 })
const slopes = fc.oneof(fc.constantFrom(0, 0.01, 0.1, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true }))
const arrays = [
  ['float32', (v: readonly number[]) => Float32Array.from(v)],
  ['float64', (v: readonly number[]) => Float64Array.from(v)],
] as const

describe('the fast leaky ReLU', () => {
  for (const [kind, make] of arrays) {
    it(`forward: the plain kernel's bits (${kind})`, () => {
      fc.assert(
        fc.property(values, slopes, (v, alpha) => {
          const x = make(v)
          const fast = activationKernelsFast.leakyReluForward(x, alpha)
          expect(fast.constructor).toBe(x.constructor)
          expectSameBits(fast, activationKernels.leakyReluForward(x, alpha))
        }),
        { numRuns: runs(300) },
      )
    })

    it(`backward: the plain kernel's bits (${kind})`, () => {
      fc.assert(
        fc.property(values, slopes, fc.nat(), (v, alpha, shift) => {
          const x = make(v)
          const dy = make(v.map((_, i) => v[(i + shift) % v.length]!))
          const fast = activationKernelsFast.leakyReluBackward(x, dy, alpha)
          expect(fast.constructor).toBe(dy.constructor)
          expectSameBits(fast, activationKernels.leakyReluBackward(x, dy, alpha))
        }),
        { numRuns: runs(300) },
      )
    })
  }

  it('every awkward value against every awkward gradient, at the slopes the grammar uses', () => {
    const x = Float32Array.from(AWKWARD.flatMap((v) => AWKWARD.map(() => v)))
    const dy = Float32Array.from(AWKWARD.flatMap(() => AWKWARD))
    for (const alpha of [0, 0.01, 0.2]) {
      expectSameBits(activationKernelsFast.leakyReluForward(x, alpha), activationKernels.leakyReluForward(x, alpha))
      expectSameBits(activationKernelsFast.leakyReluBackward(x, dy, alpha), activationKernels.leakyReluBackward(x, dy, alpha))
    }
  })
})
