// The page's arithmetic for chapter 11's layers, batch normalisation and dropout, as the page
// shows them: predicting (no training pass). Forward (site/arithmetic.ts), every value of a
// network conv → bn → relu → pool → dense → bn → relu → drop0.5 → dense, with batch norm's
// parameters drawn at random (γ, β, and running averages far from 1 and 0, so that each one
// shows in the result), must be what the layers computed; backward
// (site/backwardArithmetic.ts), every gradient through them must be what their backward
// functions computed. And the text arrives at the value. The training panel refuses, as the
// command line does, a batch size that batch norm cannot train with.

import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { ParamTree } from '../../src/core/params.ts'
import { seedRng } from '../../src/core/rng.ts'
import { fromNumbers, tensor } from '../../src/core/tensor.ts'
import { parseArch } from '../../src/model/arch.ts'
import { beyondKernels } from '../../src/model/beyond.ts'
import { initParams, sequential, type Network } from '../../src/model/sequential.ts'
import { backwardTrace } from '../../src/model/trace.ts'
import { batchNormTerms, dropoutTerms, formatTerms, kindOf, num, type LayerKind } from '../../site/arithmetic.ts'
import { batchNormBackTerms, dropoutBackTerms, formatBackTerms, gnum } from '../../site/backwardArithmetic.ts'

const ARCH = 'conv3x3x3-bn-relu-pool2-dense12-bn-relu-drop0.5-dense10'

const randomValues = (n: number, seed: number, scale = 1, offset = 0): Float32Array => {
  const data = new Float32Array(n)
  let s = seed
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648
    data[i] = (s / 2147483648 - 0.5) * scale + offset
  }
  return data
}

const build = (arch: string, inShape: readonly number[]): Network => {
  const net = E.flatMap(parseArch(arch, beyondKernels), (layers) => sequential(inShape, layers))
  if (E.isLeft(net)) throw new Error(net.left)
  return net.right
}

// The network with batch norm's four parameters moved away from their start (1, 0, 0, 1).
const paramsOf = (net: Network, seed: number): ParamTree => {
  const [params] = initParams(net, seedRng(seed))
  return params.map((record, i) => {
    if (net.layers[i].name !== 'bn') return record
    const C = record.gamma.data.length
    return {
      gamma: fromNumbers([C], randomValues(C, seed + i, 1, 1.2)),
      beta: fromNumbers([C], randomValues(C, seed + 2 * i, 0.6)),
      mean: fromNumbers([C], randomValues(C, seed + 3 * i, 0.4)),
      variance: fromNumbers([C], randomValues(C, seed + 4 * i, 0.5, 0.4)),
    }
  })
}

const closeTo = (recomputed: number, network: number, what: string): void => {
  if (Math.abs(recomputed - network) > 1e-5 + 1e-5 * Math.abs(network)) expect.fail(`${what}: the arithmetic gives ${recomputed}, the network ${network}`)
}

describe('kindOf reads chapter 11\'s words', () => {
  it('bn and drop<p>', () => {
    expect(kindOf('bn')).toEqual({ kind: 'bn' })
    expect(kindOf('drop0.5')).toEqual({ kind: 'dropout', p: 0.5 })
    expect(kindOf('drop.25')).toEqual({ kind: 'dropout', p: 0.25 })
    expect(() => kindOf('bnx')).toThrow(/not a layer name/)
  })
})

describe('batch norm and dropout, predicting: the arithmetic is what the layers computed', () => {
  const net = build(ARCH, [1, 8, 8])
  const params = paramsOf(net, 11)
  const x = randomValues(64, 5, 2, 0.3)
  const trace = backwardTrace(net, params, tensor([1, 1, 8, 8], x), Uint8Array.of(3))

  it('forward: every value of both batch norms (maps and a vector) and of dropout', () => {
    let checked = 0
    net.layers.forEach((layer, i) => {
      const kind = kindOf(layer.name)
      if (kind.kind !== 'bn' && kind.kind !== 'dropout') return
      const input = trace.outputs[i - 1].data
      const output = trace.outputs[i].data
      const shape = net.shapes[i + 1]
      const perChannel = shape.length === 3 ? shape[1] * shape[2] : 1
      const p = { gamma: params[i].gamma?.data ?? [], beta: params[i].beta?.data ?? [], mean: params[i].mean?.data ?? [], variance: params[i].variance?.data ?? [] }
      for (let f = 0; f < output.length; f++) {
        const t = kind.kind === 'bn' ? batchNormTerms(input[f], p, Math.floor(f / perChannel)) : dropoutTerms(kind, input[f])
        closeTo(t.value, output[f], `${i + 1}. ${layer.name}, value ${f}`)
        // The line of text arrives at the value, as the page prints it.
        expect(formatTerms(t).endsWith(`= ${num(t.value)}`)).toBe(true)
        checked++
      }
    })
    expect(checked).toBe(3 * 6 * 6 + 12 + 12)
  })

  it('the batch norm text shows the numbers of the channel in the formula\'s order', () => {
    const t = batchNormTerms(0.5, { gamma: [1.5], beta: [-0.25], mean: [0.1], variance: [0.04] }, 0)
    expect(t.xHat).toBeCloseTo(0.4 / Math.sqrt(0.04 + 1e-5), 12)
    expect(formatTerms(t)).toBe(`(0.500 − 0.100) / √(0.040 + 10⁻⁵) · 1.500 + (−0.250) = ${num(t.xHat)} · 1.500 + (−0.250) = ${num(t.value)}`)
    const tiny = batchNormTerms(0, { gamma: [1], beta: [0], mean: [0], variance: [2e-5] }, 0)
    expect(formatTerms(tiny)).toContain('√(2.00·10⁻⁵ + 10⁻⁵)')
    const off = dropoutTerms(kindOf('drop0.25') as Extract<LayerKind, { kind: 'dropout' }>, -0.75)
    expect(formatTerms(off)).toBe('y = x = −0.750')
  })

  it('backward: every ∂L/∂x through batch norm and dropout', () => {
    let checked = 0
    net.layers.forEach((layer, i) => {
      const kind = kindOf(layer.name)
      if (kind.kind !== 'bn' && kind.kind !== 'dropout') return
      const dy = trace.dOutputs[i].data
      const dx = trace.dOutputs[i - 1].data
      const shape = net.shapes[i + 1]
      const perChannel = shape.length === 3 ? shape[1] * shape[2] : 1
      for (let f = 0; f < dx.length; f++) {
        const c = Math.floor(f / perChannel)
        const t = kind.kind === 'bn' ? batchNormBackTerms(dy[f], params[i].gamma.data[c], params[i].variance.data[c]) : dropoutBackTerms(kind.p, dy[f])
        closeTo(t.value, dx[f], `${i + 1}. ${layer.name}, ∂L/∂x[${f}]`)
        expect(formatBackTerms(t).includes(`= ${gnum(t.value)}`)).toBe(true)
        checked++
      }
    })
    expect(checked).toBe(3 * 6 * 6 + 12 + 12)
  })
})
