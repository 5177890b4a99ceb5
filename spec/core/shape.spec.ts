// Shapes and the row-major layout: sizes, strides, and the flat offset of a multi-index,
// first on hand-sized examples, then as a round trip over random shapes.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { indexOf, isValidShape, sameShape, showShape, sizeOf, stridesOf, type Shape } from '../../src/core/shape.ts'

// The offset formula of core/shape.ts, written out for a rank-4 (N, C, H, W) index.
const offsetNCHW = ([, C, H, W]: Shape, [n, c, h, w]: readonly number[]): number => ((n! * C! + c!) * H! + h!) * W! + w!

// Σ index[axis] · stride[axis]: the offset of a multi-index for any rank.
const offsetOf = (shape: Shape, index: readonly number[]): number =>
  stridesOf(shape).reduce((total, stride, axis) => total + stride * index[axis]!, 0)

// Small valid shapes of rank 1 to 5 (at most 4⁴·2 = 512 elements).
const shapeArb: fc.Arbitrary<Shape> = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 })
  .filter((shape) => sizeOf(shape) <= 512)

describe('sizeOf, stridesOf and indexOf on examples', () => {
  it('counts the elements of a shape', () => {
    expect(sizeOf([2, 3, 4])).toBe(24)
    expect(sizeOf([1, 28, 28])).toBe(784)
    expect(sizeOf([7])).toBe(7)
    // The empty product: a scalar holds one number.
    expect(sizeOf([])).toBe(1)
  })

  it('gives row-major strides, the last axis moving fastest', () => {
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1])
    expect(stridesOf([10, 1, 28, 28])).toEqual([784, 784, 28, 1])
    expect(stridesOf([5])).toEqual([1])
    expect(stridesOf([])).toEqual([])
  })

  it('turns a flat offset back into its multi-index', () => {
    expect(indexOf([2, 3, 4], 0)).toEqual([0, 0, 0])
    expect(indexOf([2, 3, 4], 5)).toEqual([0, 1, 1])
    expect(indexOf([2, 3, 4], 23)).toEqual([1, 2, 3])
    // (n, c, h, w) = (1, 0, 2, 1) in a (2, 2, 3, 3) batch: ((1·2 + 0)·3 + 2)·3 + 1 = 25.
    expect(indexOf([2, 2, 3, 3], 25)).toEqual([1, 0, 2, 1])
    expect(offsetNCHW([2, 2, 3, 3], [1, 0, 2, 1])).toBe(25)
  })
})

describe('the layout as a round trip', () => {
  it('indexOf inverts the offset formula for every offset of a shape', () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        for (let offset = 0; offset < sizeOf(shape); offset++) {
          const index = indexOf(shape, offset)
          const inRange = index.length === shape.length && index.every((i, axis) => Number.isInteger(i) && i >= 0 && i < shape[axis]!)
          expect(inRange, `indexOf(${JSON.stringify(shape)}, ${offset}) = ${JSON.stringify(index)}`).toBe(true)
          expect(offsetOf(shape, index)).toBe(offset)
        }
      }),
    )
  })

  it('walks multi-indices in reading order: offsets 0, 1, 2, … with the last index fastest', () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        // Count through the multi-indices like an odometer and check each offset.
        const index = shape.map(() => 0)
        for (let expected = 0; expected < sizeOf(shape); expected++) {
          expect(offsetOf(shape, index)).toBe(expected)
          for (let axis = shape.length - 1; axis >= 0; axis--) {
            index[axis]!++
            if (index[axis]! < shape[axis]!) break
            index[axis] = 0
          }
        }
      }),
    )
  })

  it('agrees with ((n·C + c)·H + h)·W + w for rank-4 shapes', () => {
    fc.assert(
      fc.property(
        fc.tuple(shapeArb.filter((s) => s.length === 4), fc.nat()),
        ([shape, seed]) => {
          const offset = seed % sizeOf(shape)
          expect(offsetNCHW(shape, indexOf(shape, offset))).toBe(offset)
        },
      ),
    )
  })

  it('has strides that are products of the sizes after each axis', () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        const strides = stridesOf(shape)
        strides.forEach((stride, axis) => expect(stride).toBe(sizeOf(shape.slice(axis + 1))))
        // The outermost stride times the outermost size is the whole size.
        expect(strides[0]! * shape[0]!).toBe(sizeOf(shape))
      }),
    )
  })
})

describe('comparing, printing and validating shapes', () => {
  it('sameShape compares sizes and order', () => {
    expect(sameShape([1, 28, 28], [1, 28, 28])).toBe(true)
    expect(sameShape([28, 28, 1], [1, 28, 28])).toBe(false)
    expect(sameShape([1, 28], [1, 28, 1])).toBe(false)
    expect(sameShape([], [])).toBe(true)
  })

  it('showShape prints shapes as the comments write them', () => {
    expect(showShape([1, 28, 28])).toBe('[1, 28, 28]')
    expect(showShape([10])).toBe('[10]')
    expect(showShape([])).toBe('[]')
  })

  it('isValidShape wants at least one axis of positive integers', () => {
    expect(isValidShape([1, 28, 28])).toBe(true)
    expect(isValidShape([3])).toBe(true)
    expect(isValidShape([])).toBe(false)
    expect(isValidShape([1, 0, 28])).toBe(false)
    expect(isValidShape([-1, 28])).toBe(false)
    expect(isValidShape([1.5, 2])).toBe(false)
    expect(isValidShape([Number.NaN])).toBe(false)
    expect(isValidShape([Number.POSITIVE_INFINITY])).toBe(false)
  })
})
