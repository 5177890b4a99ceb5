// fast-check arbitraries shared by the specs: shapes, geometries and tensors whose values
// keep gradient checks meaningful (away from the kinks of ReLU and max pooling).

import fc from 'fast-check'
import { sizeOf, type Shape } from '../../src/core/shape.ts'
import { tensor, type Tensor } from '../../src/core/tensor.ts'

/** n doubles in [min, max]. */
export const doubles = (n: number, min = -1, max = 1): fc.Arbitrary<number[]> =>
  fc.array(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n })

/** A Float64 tensor of the shape with values in [min, max]. */
export const tensorOf = (shape: Shape, min = -1, max = 1): fc.Arbitrary<Tensor> =>
  doubles(sizeOf(shape), min, max).map((values) => tensor(shape, Float64Array.from(values)))

/** A Float64 tensor whose values are at least `margin` away from 0 (ReLU's kink). */
export const tensorAwayFromZero = (shape: Shape, margin = 0.05): fc.Arbitrary<Tensor> =>
  fc
    .array(fc.tuple(fc.double({ min: margin, max: 1, noNaN: true }), fc.boolean()), { minLength: sizeOf(shape), maxLength: sizeOf(shape) })
    .map((pairs) => tensor(shape, Float64Array.from(pairs, ([magnitude, negative]) => (negative ? -magnitude : magnitude))))

/**
 * A Float64 tensor of distinct values, any two at least 0.01 apart, in random order:
 * no max-pooling window has a tie, so nudging one input by ε never changes a winner.
 */
export const tensorWithoutTies = (shape: Shape): fc.Arbitrary<Tensor> =>
  fc.shuffledSubarray(Array.from({ length: sizeOf(shape) }, (_, i) => i), { minLength: sizeOf(shape), maxLength: sizeOf(shape) })
    .map((order) => tensor(shape, Float64Array.from(order, (rank) => (rank - sizeOf(shape) / 2) * 0.01)))

/** A convolution's hyperparameters together with an input shape it fits. */
export interface ConvCase {
  readonly N: number
  readonly C: number
  readonly H: number
  readonly W: number
  readonly K: number
  readonly kH: number
  readonly kW: number
  readonly stride: number
  readonly pad: number
  readonly bias: boolean
}

/** Small random convolutions: every size, stride and padding that fits a ≤ 7×7 image. */
export const convCase: fc.Arbitrary<ConvCase> = fc
  .record({
    N: fc.integer({ min: 1, max: 3 }),
    C: fc.integer({ min: 1, max: 3 }),
    K: fc.integer({ min: 1, max: 3 }),
    kH: fc.integer({ min: 1, max: 4 }),
    kW: fc.integer({ min: 1, max: 4 }),
    stride: fc.integer({ min: 1, max: 3 }),
    pad: fc.integer({ min: 0, max: 2 }),
    bias: fc.boolean(),
  })
  .chain((c) =>
    fc.record({
      H: fc.integer({ min: Math.max(1, c.kH - 2 * c.pad), max: 7 }),
      W: fc.integer({ min: Math.max(1, c.kW - 2 * c.pad), max: 7 }),
    }).map((hw) => ({ ...c, ...hw })),
  )

/** A max-pooling case: window size, stride and an input it fits. */
export interface PoolCase {
  readonly N: number
  readonly C: number
  readonly H: number
  readonly W: number
  readonly size: number
  readonly stride: number
}

export const poolCase: fc.Arbitrary<PoolCase> = fc
  .record({
    N: fc.integer({ min: 1, max: 3 }),
    C: fc.integer({ min: 1, max: 3 }),
    size: fc.integer({ min: 1, max: 3 }),
    stride: fc.integer({ min: 1, max: 3 }),
  })
  .chain((c) =>
    fc.record({ H: fc.integer({ min: c.size, max: 7 }), W: fc.integer({ min: c.size, max: 7 }) }).map((hw) => ({ ...c, ...hw })),
  )
