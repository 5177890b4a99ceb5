// Tensors: a shape and a flat array that must agree in size, plus the small helpers that
// make, convert, copy and reshape them.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sizeOf } from '../../src/core/shape.ts'
import {
  batchOf,
  fromNumbers,
  reshape,
  sampleShapeOf,
  tensor,
  toFloat64,
  zeros,
  zerosLike,
} from '../../src/core/tensor.ts'

const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 })

describe('tensor', () => {
  it('pairs a shape with data of the same size', () => {
    const t = tensor([2, 2], Float32Array.of(1, 2, 3, 4))
    expect(t.shape).toEqual([2, 2])
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4])
  })

  it('rejects a size mismatch with a message naming the shape, its size and the data length', () => {
    expect(() => tensor([2, 3], new Float32Array(5))).toThrow(RangeError)
    expect(() => tensor([2, 3], new Float32Array(5))).toThrow('tensor: shape [2, 3] holds 6 numbers, data has 5')
    expect(() => tensor([4], new Float64Array(0))).toThrow('tensor: shape [4] holds 4 numbers, data has 0')
  })

  it('rejects every mismatch and accepts every match', () => {
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 0, max: 300 }), (shape, length) => {
        const make = () => tensor(shape, new Float32Array(length))
        if (length === sizeOf(shape)) expect(make().data.length).toBe(length)
        else expect(make).toThrow(`holds ${sizeOf(shape)} numbers, data has ${length}`)
      }),
    )
  })

  // Issue 21: [-2, -3] "holds" 6 numbers and [0.5, 4] 2, so the sizes alone would let them pass.
  it('rejects a shape with a negative, fractional or non-number size, even when the product matches', () => {
    expect(() => tensor([-2, -3], new Float32Array(6))).toThrow('tensor: shape [-2, -3] must list whole numbers from 0 up')
    expect(() => tensor([0.5, 4], new Float32Array(2))).toThrow('tensor: shape [0.5, 4] must list whole numbers from 0 up')
    expect(() => tensor([Number.NaN], new Float32Array(0))).toThrow('tensor: shape [NaN] must list whole numbers from 0 up')
    expect(() => fromNumbers([-1, -1], [5])).toThrow(RangeError)
  })

  it('accepts an empty batch: a size of 0 holds no numbers', () => {
    expect(tensor([0, 10], new Float32Array(0)).shape).toEqual([0, 10])
    expect(() => tensor([0, 10], new Float32Array(1))).toThrow('tensor: shape [0, 10] holds 0 numbers, data has 1')
  })
})

describe('making tensors', () => {
  it('zeros gives 32-bit zeros of the shape', () => {
    const t = zeros([2, 3])
    expect(t.shape).toEqual([2, 3])
    expect(t.data).toBeInstanceOf(Float32Array)
    expect(Array.from(t.data)).toEqual([0, 0, 0, 0, 0, 0])
  })

  it('zerosLike keeps shape and number kind', () => {
    const wide = zerosLike(fromNumbers([3], [1, 2, 3], 'float64'))
    const narrow = zerosLike(fromNumbers([1, 3], [1, 2, 3]))
    expect(wide.shape).toEqual([3])
    expect(wide.data).toBeInstanceOf(Float64Array)
    expect(narrow.shape).toEqual([1, 3])
    expect(narrow.data).toBeInstanceOf(Float32Array)
    expect(Array.from(wide.data).concat(Array.from(narrow.data))).toEqual([0, 0, 0, 0, 0, 0])
  })

  it('fromNumbers stores 32 bits by default, rounding, and 64 bits when asked', () => {
    const narrow = fromNumbers([2], [0.1, 1 / 3])
    const wide = fromNumbers([2], [0.1, 1 / 3], 'float64')
    expect(narrow.data).toBeInstanceOf(Float32Array)
    expect(Array.from(narrow.data)).toEqual([Math.fround(0.1), Math.fround(1 / 3)])
    expect(wide.data).toBeInstanceOf(Float64Array)
    expect(Array.from(wide.data)).toEqual([0.1, 1 / 3])
    expect(() => fromNumbers([3], [1, 2])).toThrow('tensor: shape [3] holds 3 numbers, data has 2')
  })
})

describe('converting and copying', () => {
  const values = fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 40 })

  it('toFloat64 keeps every number exactly, in fresh memory', () => {
    fc.assert(
      fc.property(values, (list) => {
        const x = fromNumbers([list.length], list)
        const y = toFloat64(x)
        expect(y.data).toBeInstanceOf(Float64Array)
        expect(y.shape).toEqual(x.shape)
        expect(Array.from(y.data)).toEqual(Array.from(x.data))
        expect(y.data.buffer === x.data.buffer && y.data.byteOffset === x.data.byteOffset).toBe(false)
      }),
    )
  })

  it('reshape shares the data and checks the size', () => {
    const x = fromNumbers([2, 3], [1, 2, 3, 4, 5, 6])
    const y = reshape(x, [3, 2])
    expect(y.shape).toEqual([3, 2])
    expect(y.data).toBe(x.data)
    expect(() => reshape(x, [4, 2])).toThrow('tensor: shape [4, 2] holds 8 numbers, data has 6')
  })
})

describe('reading tensors', () => {
  it('batchOf and sampleShapeOf split off the batch axis', () => {
    const x = zeros([5, 1, 28, 28])
    expect(batchOf(x)).toBe(5)
    expect(sampleShapeOf(x)).toEqual([1, 28, 28])
  })

})
