// Adam in WebAssembly SIMD gives the JavaScript loop's very bits, for any values, lengths,
// steps, rates and decays; leaves its arguments alone; and returns fresh arrays.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { adamUpdateLoop } from '../../src/fast/adam.ts'
import { ADAM_MODULE, adamUpdateSimd } from '../../src/fast/adamSimd.ts'
import { validate } from '../../src/fast/wasm.ts'
import type { AdamStep } from '../../src/optim/adam.ts'
import { runs } from '../helpers/runs.ts'

// Any float32 values at all, and, more often, the small numbers of real gradients.
const floats = (n: number) => fc.array(fc.oneof(fc.float(), fc.float({ min: Math.fround(-1e-3), max: Math.fround(1e-3), noNaN: true })), { minLength: n, maxLength: n })
const steps = fc.record({
  t: fc.integer({ min: 1, max: 100_000 }),
  lr: fc.double({ min: 1e-6, max: 1, noNaN: true }),
  beta1: fc.constantFrom(0.9, 0.5, 0),
  beta2: fc.constantFrom(0.999, 0.99),
  eps: fc.constantFrom(1e-8, 1e-3),
  weightDecay: fc.constantFrom(0, 0.01),
})

const simd = (...args: Parameters<typeof adamUpdateSimd>) => {
  const result = adamUpdateSimd(...args)
  if (result === undefined) throw new Error('WebAssembly SIMD did not compile')
  return result
}

describe('adamUpdateSimd', () => {
  it('is compiled here (Node has WebAssembly SIMD)', () => {
    expect(validate(ADAM_MODULE)).toBe(true)
    expect(adamUpdateSimd(new Float32Array(1), new Float32Array(1), new Float32Array(1), new Float32Array(1), { t: 1, lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 })).toBeDefined()
  })

  it('gives the bits of the JavaScript loop, for any length, values and step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }).chain((n) => fc.tuple(floats(n), floats(n), floats(n), floats(n))), steps, (values, s: AdamStep) => {
        const [p, g, m, v] = values.map((a) => Float32Array.from(a))
        const [want, got] = [adamUpdateLoop(p!, g!, m!, v!.map(Math.abs), s), simd(p!, g!, m!, v!.map(Math.abs), s)]
        for (let k = 0; k < 3; k++) {
          expect(got[k]!.length).toBe(p!.length)
          // One check per array (an expect per value made this test slow on a busy machine).
          const i = want[k]!.findIndex((x, i) => !Object.is(x, got[k]![i]))
          expect(i, `array ${k}, index ${i}: ${want[k]![i]} and ${got[k]![i]}`).toBe(-1)
        }
      }),
      { numRuns: runs(100) },
    )
  })

  it('takes a long tensor through in pieces and agrees there too', () => {
    const n = 100_001 // 43 pieces of at most 2,340 weights, the last one odd
    const wave = (k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * (k + 1)) * 10 ** -(i % 7))
    const [p, g, m, v] = [wave(0), wave(1), wave(2), wave(3).map(Math.abs)]
    const s: AdamStep = { t: 3, lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 }
    const [want, got] = [adamUpdateLoop(p, g, m, v, s), simd(p, g, m, v, s)]
    for (let k = 0; k < 3; k++) expect(Buffer.from(got[k]!.buffer, got[k]!.byteOffset, 4 * n).equals(Buffer.from(want[k]!.buffer, want[k]!.byteOffset, 4 * n))).toBe(true)
  })

  it('leaves its arguments as they were and returns fresh arrays that later calls do not touch', () => {
    const s: AdamStep = { t: 1, lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 }
    const [p, g, m, v] = [[1, 2, 3], [0.5, -0.5, 0.25], [0, 0, 0], [0, 0, 0]].map((a) => Float32Array.from(a))
    const before = [p, g, m, v].map((a) => Array.from(a!))
    const first = simd(p!, g!, m!, v!, s)
    const copies = first.map((a) => Array.from(a))
    simd(g!, p!, p!, p!, s) // another update through the same module memory
    expect([p, g, m, v].map((a) => Array.from(a!))).toEqual(before)
    expect(first.map((a) => Array.from(a))).toEqual(copies)
    expect(new Set([first[0], first[1], first[2], p, g, m, v].map((a) => a!)).size).toBe(7)
    expect(copies[0]![0]).toBeCloseTo(1 - 0.01, 6) // the first step moves each weight by about lr
  })
})
