// Matrix multiplication
// =====================
//
// Most of the arithmetic of a convolutional network with many filters is one operation:
// a matrix product. Lowering a convolution to it (fast/conv2dGemm.ts) pays off because
// a matrix product can reuse every number it loads many times:
//
//     C[i,j] = Σ_p A[i,p] · B[p,j]          A (M×K), B (K×N), C (M×N), all row-major
//
// The obvious triple loop loads two numbers per multiply-add. Here each step of the inner
// loop loads four numbers of A and four of B and updates a 4×4 block of C held in sixteen
// local variables, so sixteen multiply-adds share eight loads, and the sixteen sums are
// independent, which keeps the processor's arithmetic units busy. Leftover rows and
// columns (when M or N is not a multiple of 4) are done one at a time.
//
// Backpropagation needs the same product with one factor transposed, so there are three
// variants, named by which operand is read transposed:
//
//     gemmNN   C = A · B        A (M×K)  B (K×N)      convolution forward
//     gemmNT   C = A · Bᵀ       A (M×K)  B (N×K)      weight gradient  dW = dY · colsᵀ
//     gemmTN   C = Aᵀ · B       A (K×M)  B (K×N)      input gradient   dcols = Wᵀ · dY
//
// Each writes into a region of an array that the *calling kernel* allocated (an offset
// and a flag to add instead of overwrite), so that a kernel can fill one output, sample
// by sample, without copies; the exported wrappers allocate their own result.
// Previous: fast/conv2dDirect.ts. Next: fast/conv2dGemm.ts.

import { floatsLike, type Floats, type ReadonlyFloats } from './memory.ts'

/** Where a product goes: the output array, its offset, and whether to add to what is there. */
export interface Target {
  readonly out: Floats
  readonly at: number
  readonly add: boolean
}

// Reading an operand: element (row, col) of a row-major matrix with `cols` columns at `at`,
// or of its transpose.
// A plain function per variant keeps the inner loops free of indirection.

/** out[at + i·N + j] (+)= Σ_p A[aAt + i·K + p] · B[bAt + p·N + j]. */
export const gemmNNInto = (
  A: ReadonlyFloats, aAt: number, //  (M, K)
  B: ReadonlyFloats, bAt: number, //  (K, N)
  M: number, K: number, N: number,
  { out, at, add }: Target, //        (M, N)
): void => {
  let i = 0
  for (; i + 4 <= M; i += 4) {
    const a0 = aAt + i * K
    const a1 = a0 + K
    const a2 = a1 + K
    const a3 = a2 + K
    let j = 0
    for (; j + 4 <= N; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0
      for (let p = 0, b = bAt + j; p < K; p++, b += N) {
        const x0 = A[a0 + p], x1 = A[a1 + p], x2 = A[a2 + p], x3 = A[a3 + p]
        const y0 = B[b], y1 = B[b + 1], y2 = B[b + 2], y3 = B[b + 3]
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3
      }
      store4x4(out, at + i * N + j, N, add,
        c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33)
    }
    for (; j < N; j++) {
      for (let r = 0; r < 4; r++) out[at + (i + r) * N + j] = dotNN(A, aAt + (i + r) * K, B, bAt + j, K, N) + (add ? out[at + (i + r) * N + j] : 0)
    }
  }
  for (; i < M; i++) {
    for (let j = 0; j < N; j++) out[at + i * N + j] = dotNN(A, aAt + i * K, B, bAt + j, K, N) + (add ? out[at + i * N + j] : 0)
  }
}

/** out[at + i·N + j] (+)= Σ_p A[aAt + i·K + p] · B[bAt + j·K + p]: rows of A dotted with rows of B. */
export const gemmNTInto = (
  A: ReadonlyFloats, aAt: number, //  (M, K)
  B: ReadonlyFloats, bAt: number, //  (N, K)
  M: number, K: number, N: number,
  { out, at, add }: Target, //        (M, N)
): void => {
  let i = 0
  for (; i + 4 <= M; i += 4) {
    const a0 = aAt + i * K
    const a1 = a0 + K
    const a2 = a1 + K
    const a3 = a2 + K
    let j = 0
    for (; j + 4 <= N; j += 4) {
      const b0 = bAt + j * K
      const b1 = b0 + K
      const b2 = b1 + K
      const b3 = b2 + K
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0
      for (let p = 0; p < K; p++) {
        const x0 = A[a0 + p], x1 = A[a1 + p], x2 = A[a2 + p], x3 = A[a3 + p]
        const y0 = B[b0 + p], y1 = B[b1 + p], y2 = B[b2 + p], y3 = B[b3 + p]
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3
      }
      store4x4(out, at + i * N + j, N, add,
        c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33)
    }
    for (; j < N; j++) {
      for (let r = 0; r < 4; r++) out[at + (i + r) * N + j] = dotNT(A, aAt + (i + r) * K, B, bAt + j * K, K) + (add ? out[at + (i + r) * N + j] : 0)
    }
  }
  for (; i < M; i++) {
    for (let j = 0; j < N; j++) out[at + i * N + j] = dotNT(A, aAt + i * K, B, bAt + j * K, K) + (add ? out[at + i * N + j] : 0)
  }
}

/** out[at + i·N + j] (+)= Σ_p A[aAt + p·M + i] · B[bAt + p·N + j]: columns of A dotted with columns of B. */
export const gemmTNInto = (
  A: ReadonlyFloats, aAt: number, //  (K, M)
  B: ReadonlyFloats, bAt: number, //  (K, N)
  M: number, K: number, N: number,
  { out, at, add }: Target, //        (M, N)
): void => {
  let i = 0
  for (; i + 4 <= M; i += 4) {
    let j = 0
    for (; j + 4 <= N; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0
      for (let p = 0, a = aAt + i, b = bAt + j; p < K; p++, a += M, b += N) {
        const x0 = A[a], x1 = A[a + 1], x2 = A[a + 2], x3 = A[a + 3]
        const y0 = B[b], y1 = B[b + 1], y2 = B[b + 2], y3 = B[b + 3]
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3
      }
      store4x4(out, at + i * N + j, N, add,
        c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33)
    }
    for (; j < N; j++) {
      for (let r = 0; r < 4; r++) out[at + (i + r) * N + j] = dotTN(A, aAt + i + r, M, B, bAt + j, N, K) + (add ? out[at + (i + r) * N + j] : 0)
    }
  }
  for (; i < M; i++) {
    for (let j = 0; j < N; j++) out[at + i * N + j] = dotTN(A, aAt + i, M, B, bAt + j, N, K) + (add ? out[at + i * N + j] : 0)
  }
}

// The leftovers: one entry of C as a plain dot product, for each way of reading A and B.
const dotNN = (A: ReadonlyFloats, a: number, B: ReadonlyFloats, b: number, K: number, N: number): number => {
  let sum = 0
  for (let p = 0; p < K; p++, b += N) sum += A[a + p] * B[b]
  return sum
}
const dotNT = (A: ReadonlyFloats, a: number, B: ReadonlyFloats, b: number, K: number): number => {
  let sum = 0
  for (let p = 0; p < K; p++) sum += A[a + p] * B[b + p]
  return sum
}
const dotTN = (A: ReadonlyFloats, a: number, M: number, B: ReadonlyFloats, b: number, N: number, K: number): number => {
  let sum = 0
  for (let p = 0; p < K; p++, a += M, b += N) sum += A[a] * B[b]
  return sum
}

// Writes (or adds) a 4×4 block of sums into rows of length N starting at `at`.
const store4x4 = (
  out: Floats, at: number, N: number, add: boolean,
  c00: number, c01: number, c02: number, c03: number,
  c10: number, c11: number, c12: number, c13: number,
  c20: number, c21: number, c22: number, c23: number,
  c30: number, c31: number, c32: number, c33: number,
): void => {
  const r1 = at + N
  const r2 = r1 + N
  const r3 = r2 + N
  if (add) {
    out[at] += c00; out[at + 1] += c01; out[at + 2] += c02; out[at + 3] += c03
    out[r1] += c10; out[r1 + 1] += c11; out[r1 + 2] += c12; out[r1 + 3] += c13
    out[r2] += c20; out[r2 + 1] += c21; out[r2 + 2] += c22; out[r2 + 3] += c23
    out[r3] += c30; out[r3 + 1] += c31; out[r3 + 2] += c32; out[r3 + 3] += c33
  } else {
    out[at] = c00; out[at + 1] = c01; out[at + 2] = c02; out[at + 3] = c03
    out[r1] = c10; out[r1 + 1] = c11; out[r1 + 2] = c12; out[r1 + 3] = c13
    out[r2] = c20; out[r2 + 1] = c21; out[r2 + 2] = c22; out[r2 + 3] = c23
    out[r3] = c30; out[r3 + 1] = c31; out[r3 + 2] = c32; out[r3 + 3] = c33
  }
}

// Standalone products
// -------------------

/** A · B for A (M×K) and B (K×N), in a fresh array of the kind of A. */
export const gemmNN = (A: ReadonlyFloats, B: ReadonlyFloats, M: number, K: number, N: number): Floats => {
  const out = floatsLike(A, M * N)
  gemmNNInto(A, 0, B, 0, M, K, N, { out, at: 0, add: false })
  return out
}

/** A · Bᵀ for A (M×K) and B (N×K). */
export const gemmNT = (A: ReadonlyFloats, B: ReadonlyFloats, M: number, K: number, N: number): Floats => {
  const out = floatsLike(A, M * N)
  gemmNTInto(A, 0, B, 0, M, K, N, { out, at: 0, add: false })
  return out
}

/** Aᵀ · B for A (K×M) and B (K×N). */
export const gemmTN = (A: ReadonlyFloats, B: ReadonlyFloats, M: number, K: number, N: number): Floats => {
  const out = floatsLike(A, M * N)
  gemmTNInto(A, 0, B, 0, M, K, N, { out, at: 0, add: false })
  return out
}
