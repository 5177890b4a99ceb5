// The slab allocator: every array it hands out is fresh, zeroed memory of the right kind
// and length, aligned, and shared with no other array, even though many of them are views
// of one buffer.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { copyFloats, float32, float64, floatsLike, int32 } from '../../src/fast/memory.ts'

type Kind = 'float32' | 'float64' | 'int32'
type Fresh = Float32Array | Float64Array | Int32Array

const allocate = (kind: Kind, n: number): Fresh => (kind === 'float32' ? float32(n) : kind === 'float64' ? float64(n) : int32(n))
const constructorOf = { float32: Float32Array, float64: Float64Array, int32: Int32Array } as const

const allZero = (a: ArrayLike<number>): boolean => Array.from(a).every((v) => Object.is(v, 0))

// A list of requests of mixed kinds and small sizes (all of them served from slabs).
const requests = fc.array(fc.tuple(fc.constantFrom<Kind>('float32', 'float64', 'int32'), fc.integer({ min: 0, max: 300 })), { minLength: 1, maxLength: 40 })

// Fails naming the pair if two arrays that share a buffer overlap in bytes.
const expectDisjoint = (arrays: readonly Fresh[]): void => {
  for (let i = 0; i < arrays.length; i++) {
    for (let j = i + 1; j < arrays.length; j++) {
      const a = arrays[i]!
      const b = arrays[j]!
      if (a.buffer !== b.buffer) continue
      const apart = a.byteOffset + a.byteLength <= b.byteOffset || b.byteOffset + b.byteLength <= a.byteOffset
      expect(apart, `arrays ${i} [${a.byteOffset}, +${a.byteLength}) and ${j} [${b.byteOffset}, +${b.byteLength}) overlap`).toBe(true)
    }
  }
}

describe('float32, float64 and int32', () => {
  it('return zero-filled arrays of the right kind and length', () => {
    fc.assert(
      fc.property(requests, (list) => {
        for (const [kind, n] of list) {
          const a = allocate(kind, n)
          expect(a).toBeInstanceOf(constructorOf[kind])
          expect(a.length).toBe(n)
          expect(allZero(a)).toBe(true)
        }
      }),
    )
  })

  it('start every piece on a 16-byte boundary', () => {
    fc.assert(
      fc.property(requests, (list) => {
        for (const [kind, n] of list) expect(allocate(kind, n).byteOffset % 16).toBe(0)
      }),
    )
  })

  it('hand out arrays whose byte ranges never overlap, even within one buffer', () => {
    fc.assert(
      fc.property(requests, (list) => {
        const arrays = list.map(([kind, n]) => allocate(kind, n))
        expectDisjoint(arrays)
      }),
    )
    // And small arrays really do come from a shared buffer, so the check above has teeth.
    const a = float32(3)
    const b = float32(3)
    const c = float64(3)
    expect(a.buffer === b.buffer || b.buffer === c.buffer).toBe(true)
  })

  it('never let a write into one array show up in another', () => {
    fc.assert(
      fc.property(requests, fc.nat(), (list, pick) => {
        const arrays = list.map(([kind, n]) => allocate(kind, n))
        const target = pick % arrays.length
        arrays[target]!.fill(7)
        arrays.forEach((a, i) => {
          if (i !== target) expect(allZero(a), `array ${i} changed when array ${target} was written`).toBe(true)
        })
      }),
    )
  })

  it('never reuse memory: arrays made after others were written are still zero', () => {
    fc.assert(
      fc.property(requests, (list) => {
        // Write into every array as soon as it is made; each new one must still be zero.
        for (const [kind, n] of list) {
          const a = allocate(kind, n)
          expect(allZero(a)).toBe(true)
          a.fill(-1)
        }
      }),
    )
  })

  it('start a new slab when the current one is full, still without overlaps', () => {
    // Each array is 12 KiB, under the own-buffer limit (half of a 64 KiB slab), so
    // twelve of them need at least two slabs.
    const arrays = Array.from({ length: 12 }, () => float32(3 * 1024))
    expect(arrays.every((a) => a.buffer.byteLength > a.byteLength)).toBe(true) // slab pieces
    expect(new Set(arrays.map((a) => a.buffer)).size).toBeGreaterThan(1)
    expectDisjoint(arrays)
    arrays.forEach((a) => expect(allZero(a)).toBe(true))
    arrays[0]!.fill(1)
    arrays.slice(1).forEach((a) => expect(allZero(a)).toBe(true))
  })

  it('give large requests a buffer of their own', () => {
    const n = 1 << 20 // 4 MiB of float32, 8 MiB of float64
    for (const a of [float32(n), float64(n), int32(n)]) {
      expect(a.length).toBe(n)
      expect(a.byteOffset).toBe(0)
      expect(a.buffer.byteLength).toBe(a.byteLength)
      expect(allZero(a.subarray(0, 1000))).toBe(true)
      expect(allZero(a.subarray(n - 1000))).toBe(true)
    }
  })

  it('accept a request for no elements', () => {
    expect(float32(0).length).toBe(0)
    expect(float64(0).length).toBe(0)
    expect(int32(0).length).toBe(0)
  })
})

describe('floatsLike and copyFloats', () => {
  it('floatsLike keeps the kind of its model and gives fresh zeros', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (m, n) => {
        const like32 = float32(m).fill(3)
        const like64 = float64(m).fill(3)
        const a = floatsLike(like32, n)
        const b = floatsLike(like64, n)
        expect(a).toBeInstanceOf(Float32Array)
        expect(b).toBeInstanceOf(Float64Array)
        expect([a.length, b.length]).toEqual([n, n])
        expect(allZero(a) && allZero(b)).toBe(true)
        expectDisjoint([like32, like64, a, b])
      }),
    )
  })

  it('floatsLike also follows plain `new Float64Array` models, not only slab pieces', () => {
    expect(floatsLike(new Float64Array(2), 5)).toBeInstanceOf(Float64Array)
    expect(floatsLike(new Float32Array(2), 5)).toBeInstanceOf(Float32Array)
  })

  it('copyFloats gives the same numbers of the same kind in memory of its own', () => {
    fc.assert(
      fc.property(fc.float32Array({ maxLength: 50 }), fc.boolean(), (values, wide) => {
        const source = wide ? Float64Array.from(values) : Float32Array.from(values)
        const before = Array.from(source)
        const copy = copyFloats(source)
        expect(copy.constructor).toBe(source.constructor)
        expect(Array.from(copy).every((v, i) => Object.is(v, before[i]))).toBe(true)
        copy.fill(42)
        expect(Array.from(source).every((v, i) => Object.is(v, before[i]))).toBe(true)
      }),
    )
  })
})
