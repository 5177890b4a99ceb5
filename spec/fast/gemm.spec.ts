// The blocked matrix products against the textbook triple loop.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { gemmNN, gemmNNInto, gemmNT, gemmTN } from '../../src/fast/gemm.ts'
import { doubles } from '../helpers/arbitraries.ts'

// C[i,j] = Σ_p A(i,p) · B(p,j), reading A and B through index functions.
const naive = (M: number, K: number, N: number, a: (i: number, p: number) => number, b: (p: number, j: number) => number) => {
  const out: number[] = []
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
    let sum = 0
    for (let p = 0; p < K; p++) sum += a(i, p) * b(p, j)
    out.push(sum)
  }
  return out
}

const sizes = fc.record({ M: fc.integer({ min: 1, max: 11 }), K: fc.integer({ min: 1, max: 9 }), N: fc.integer({ min: 1, max: 11 }) })
const operands = sizes.chain((s) => fc.record({ s: fc.constant(s), A: doubles(s.M * s.K), B: doubles(s.K * s.N) }))

const expectClose = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length)
  for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 12)
}

describe('matrix products', () => {
  it('a worked example: [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50]', () => {
    expect(Array.from(gemmNN(Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8), 2, 2, 2))).toEqual([19, 22, 43, 50])
  })

  it('gemmNN: A (M×K) · B (K×N)', () => {
    fc.assert(fc.property(operands, ({ s: { M, K, N }, A, B }) => {
      expectClose(gemmNN(Float64Array.from(A), Float64Array.from(B), M, K, N), naive(M, K, N, (i, p) => A[i * K + p]!, (p, j) => B[p * N + j]!))
    }))
  })

  it('gemmNT: A (M×K) · Bᵀ with B (N×K)', () => {
    fc.assert(fc.property(operands, ({ s: { M, K, N }, A, B }) => {
      expectClose(gemmNT(Float64Array.from(A), Float64Array.from(B), M, K, N), naive(M, K, N, (i, p) => A[i * K + p]!, (p, j) => B[j * K + p]!))
    }))
  })

  it('gemmTN: Aᵀ · B with A (K×M)', () => {
    fc.assert(fc.property(operands, ({ s: { M, K, N }, A, B }) => {
      expectClose(gemmTN(Float64Array.from(A), Float64Array.from(B), M, K, N), naive(M, K, N, (i, p) => A[p * M + i]!, (p, j) => B[p * N + j]!))
    }))
  })

  it('writes into a region at an offset, and adds when asked, leaving the rest alone', () => {
    const out = new Float64Array(10).fill(1)
    gemmNNInto(Float64Array.of(1, 2), 0, Float64Array.of(3, 4), 0, 2, 1, 2, { out, at: 3, add: true })
    expect(Array.from(out)).toEqual([1, 1, 1, 4, 5, 7, 9, 1, 1, 1])
  })
})
