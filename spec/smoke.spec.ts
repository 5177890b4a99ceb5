import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { sequential, initParams, forward } from '../src/model/sequential.ts'
import { parseArch } from '../src/model/arch.ts'
import { seedRng } from '../src/core/rng.ts'
import { zeros } from '../src/core/tensor.ts'

describe('smoke', () => {
  it('builds the original network', () => {
    const layers = parseArch('conv3x3x1-lrelu-pool2-dense10')
    if (E.isLeft(layers)) throw new Error(layers.left)
    const net = sequential([1, 28, 28], layers.right)
    if (E.isLeft(net)) throw new Error(net.left)
    expect(net.right.shapes).toEqual([[1, 28, 28], [1, 26, 26], [1, 26, 26], [1, 13, 13], [10]])
    const [params] = initParams(net.right, seedRng(1))
    const [y] = forward(net.right, params, zeros([2, 1, 28, 28]))
    expect(y.shape).toEqual([2, 10])
  })
})
