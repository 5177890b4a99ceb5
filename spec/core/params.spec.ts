// Parameter trees: one record of named tensors per layer, walked the same way for
// parameters, gradients and optimizer moments.

import { describe, expect, it } from 'vitest'
import { countParams, leavesOf, mapLeaves, pluck, type ParamTree, type Tree } from '../../src/core/params.ts'
import { fromNumbers, zeros, type Tensor } from '../../src/core/tensor.ts'

// The tree of the original network, small: conv (1,1,3,3), lrelu {}, pool {}, dense (10,169) + (10).
const original: ParamTree = [
  { weights: zeros([1, 1, 3, 3]) },
  {},
  {},
  { weights: zeros([10, 169]), bias: zeros([10]) },
]

// A tiny tree with numbers we can add by hand.
const params: ParamTree = [
  { weights: fromNumbers([2], [1, 2]), bias: fromNumbers([1], [3]) },
  {},
  { weights: fromNumbers([2], [10, 20]) },
]
const grads: ParamTree = [
  { weights: fromNumbers([2], [0.5, 0.25]), bias: fromNumbers([1], [-1]) },
  {},
  { weights: fromNumbers([2], [2, 4]) },
]

const values = (t: Tensor): number[] => Array.from(t.data)

describe('mapLeaves', () => {
  it('applies f to matching leaves of several trees, keeping the structure', () => {
    const stepped = mapLeaves([params, grads], ([p, g]) => fromNumbers(p!.shape, values(p!).map((v, i) => v - 2 * g!.data[i]!)))
    expect(stepped.length).toBe(3)
    expect(Object.keys(stepped[0]!)).toEqual(['weights', 'bias'])
    expect(stepped[1]).toEqual({})
    expect(values(stepped[0]!.weights!)).toEqual([0, 1.5])
    expect(values(stepped[0]!.bias!)).toEqual([5])
    expect(values(stepped[2]!.weights!)).toEqual([6, 12])
  })

  it('tells f where each leaf sits, layer by layer, names as declared', () => {
    const paths = mapLeaves([params], (_, path) => `${path.layer}.${path.name}`)
    expect(paths).toEqual([{ weights: '0.weights', bias: '0.bias' }, {}, { weights: '2.weights' }])
  })

  it('can make trees of anything, such as the shapes of the leaves', () => {
    expect(mapLeaves([original], ([t]) => t!.shape)).toEqual([{ weights: [1, 1, 3, 3] }, {}, {}, { weights: [10, 169], bias: [10] }])
  })

  it('does not change its input trees', () => {
    const before = leavesOf(params).map(({ value }) => values(value))
    mapLeaves([params, grads], ([p]) => p)
    expect(leavesOf(params).map(({ value }) => values(value))).toEqual(before)
  })
})

describe('pluck', () => {
  it('takes one field of every leaf', () => {
    const state: Tree<{ readonly m: number; readonly v: string }> = [{ weights: { m: 1, v: 'a' }, bias: { m: 2, v: 'b' } }, {}]
    expect(pluck(state, 'm')).toEqual([{ weights: 1, bias: 2 }, {}])
    expect(pluck(state, 'v')).toEqual([{ weights: 'a', bias: 'b' }, {}])
  })

  it('undoes a mapLeaves that paired values in records', () => {
    const paired = mapLeaves([params, grads], ([p, g]) => ({ p: p!, g: g! }))
    expect(pluck(paired, 'p')).toEqual(params)
    expect(pluck(paired, 'g')).toEqual(grads)
  })
})

describe('leavesOf', () => {
  it('lists every leaf with its path, in a fixed order', () => {
    expect(leavesOf(original).map(({ layer, name, value }) => [layer, name, value.shape])).toEqual([
      [0, 'weights', [1, 1, 3, 3]],
      [3, 'weights', [10, 169]],
      [3, 'bias', [10]],
    ])
    expect(leavesOf([])).toEqual([])
    expect(leavesOf([{}, {}])).toEqual([])
  })
})

describe('countParams', () => {
  it('counts the numbers of a tree', () => {
    // 9 kernel weights + 10·169 dense weights + 10 biases.
    expect(countParams(original)).toBe(9 + 1690 + 10)
    expect(countParams(params)).toBe(5)
    expect(countParams([{}, {}])).toBe(0)
    expect(countParams([])).toBe(0)
  })
})
