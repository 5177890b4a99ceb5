// The architecture grammar: what parses, what it means, and the error for what does not.

import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatArch, ORIGINAL_ARCH, parseArch } from '../../src/model/arch.ts'

const names = (arch: string) => E.map(formatArch)(parseArch(arch))

describe('parseArch', () => {
  it('reads the original architecture', () => {
    expect(names(ORIGINAL_ARCH)).toEqual(E.right('conv3x3x1-lrelu-pool2-dense10'))
  })

  it('reads every kind of layer and its options', () => {
    expect(names('conv5x5x8p2-relu-pool3s2-conv3x3x16s2b-tanh-flatten-dense64-sigmoid-lrelu0.2-dense10')).toEqual(
      E.right('conv5x5x8p2-relu-pool3s2-conv3x3x16s2b-tanh-flatten-dense64-sigmoid-lrelu0.2-dense10'),
    )
  })

  it('spells layers canonically (defaults dropped)', () => {
    expect(names('conv3x3x1p0s1-lrelu0.01-pool2s2-dense10')).toEqual(E.right('conv3x3x1-lrelu-pool2-dense10'))
  })

  it('round-trips any generated architecture', () => {
    const layer = fc.oneof(
      fc.record({ kH: fc.integer({ min: 1, max: 7 }), kW: fc.integer({ min: 1, max: 7 }), K: fc.integer({ min: 1, max: 64 }), p: fc.integer({ min: 0, max: 3 }), s: fc.integer({ min: 1, max: 3 }), b: fc.boolean() })
        .map(({ kH, kW, K, p, s, b }) => `conv${kH}x${kW}x${K}${p ? `p${p}` : ''}${s > 1 ? `s${s}` : ''}${b ? 'b' : ''}`),
      fc.record({ size: fc.integer({ min: 1, max: 4 }), s: fc.integer({ min: 1, max: 4 }) }).map(({ size, s }) => (s === size ? `pool${size}` : `pool${size}s${s}`)),
      fc.integer({ min: 1, max: 512 }).map((o) => `dense${o}`),
      fc.constantFrom('relu', 'lrelu', 'lrelu0.2', 'tanh', 'sigmoid', 'flatten'),
    )
    fc.assert(
      fc.property(fc.array(layer, { minLength: 1, maxLength: 8 }), (tokens) => {
        const arch = tokens.join('-')
        expect(names(arch)).toEqual(E.right(arch))
      }),
    )
  })

  it.each([
    ['', 'the architecture is empty'],
    ['conv3x3-relu', 'cannot read architecture "conv3x3-relu": "conv3x3" is not a layer; expected conv<kH>x<kW>x<K>[p<pad>][s<stride>][b], pool<n>[s<stride>], dense<n>, relu, lrelu[<alpha>], tanh, sigmoid or flatten'],
    ['conv3x3x0', 'cannot read architecture "conv3x3x0": "conv3x3x0": number of filters must be a positive integer, got 0'],
    ['pool2s0', 'cannot read architecture "pool2s0": "pool2s0": pool stride must be a positive integer, got 0'],
    ['dense0', 'cannot read architecture "dense0": "dense0": dense outputs must be a positive integer, got 0'],
    ['lrelu1.5', 'cannot read architecture "lrelu1.5": "lrelu1.5": leaky ReLU slope must be in [0, 1), got 1.5'],
    ['relu--dense10', 'cannot read architecture "relu--dense10": "" is not a layer; expected conv<kH>x<kW>x<K>[p<pad>][s<stride>][b], pool<n>[s<stride>], dense<n>, relu, lrelu[<alpha>], tanh, sigmoid or flatten'],
  ])('rejects %j', (arch, message) => {
    expect(parseArch(arch)).toEqual(E.left(message))
  })
})
