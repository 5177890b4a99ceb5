// Scratch memory: what a slot hands out is zeros of the asked length and kind, a slot grows
// when asked for more, and different slots never overlap.

import { describe, expect, it } from 'vitest'
import { scratchFloat64, scratchInt32, scratchZeros } from '../../src/fast/scratch.ts'

describe('scratch memory', () => {
  it('hands out zeros of the asked length, of the kind of the example, even after use', () => {
    const a = scratchZeros(new Float32Array(1), 10, 'map')
    expect(a).toBeInstanceOf(Float32Array)
    expect(a.length).toBe(10)
    a.fill(7)
    const b = scratchZeros(new Float32Array(1), 6, 'map')
    expect(Array.from(b)).toEqual([0, 0, 0, 0, 0, 0])
    expect(scratchZeros(new Float64Array(1), 3, 'map')).toBeInstanceOf(Float64Array)
  })

  it('reuses a slot, and grows it when asked for more', () => {
    const a = scratchFloat64(8, 'values')
    const b = scratchFloat64(4, 'values')
    expect(b.buffer).toBe(a.buffer)
    const c = scratchFloat64(100_000, 'values')
    expect(c.length).toBe(100_000)
  })

  it('keeps different slots apart', () => {
    const a = scratchZeros(new Float32Array(1), 16, 'padded')
    const b = scratchZeros(new Float32Array(1), 16, 'columns')
    a.fill(1)
    expect(Array.from(b).every((v) => v === 0)).toBe(true)
    expect(scratchInt32(5, 'positions').buffer).not.toBe(scratchFloat64(5, 'values').buffer)
  })
})
