// The hand-written WebAssembly encoder: LEB128 numbers that decode back to themselves, and
// modules that WebAssembly itself accepts and runs.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { F64, I32, instantiate, leb128, sleb128, moduleBytes, name, op, section, v128, validate, vector, type Memory } from '../../src/fast/wasm.ts'

// LEB128 read back, the way the specification defines it: seven bits per byte, low first.
const decode = (bytes: readonly number[]): number => {
  let n = 0
  bytes.forEach((b, i) => {
    expect(b >= 128).toBe(i < bytes.length - 1) // the top bit is set on every byte but the last
    n += (b % 128) * 128 ** i
  })
  return n
}

describe('leb128', () => {
  it('writes every unsigned 32-bit integer in as few bytes as it needs, and decodes back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const bytes = leb128(n)
        expect(decode(bytes)).toBe(n)
        expect(bytes.length).toBe(Math.max(1, Math.ceil(Math.log2(n + 1) / 7)))
      }),
    )
  })

  it('spells the specification’s examples', () => {
    expect(leb128(0)).toEqual([0])
    expect(leb128(127)).toEqual([0x7f])
    expect(leb128(128)).toEqual([0x80, 0x01])
    expect(leb128(624485)).toEqual([0xe5, 0x8e, 0x26])
  })

  it('refuses what is not an unsigned 32-bit integer', () => {
    for (const n of [-1, 1.5, 2 ** 32, Number.NaN]) expect(() => leb128(n)).toThrow(RangeError)
    expect(() => sleb128(2 ** 31)).toThrow(RangeError)
  })
})

describe('sleb128', () => {
  it('writes every signed 32-bit integer so that it decodes back, sign and all', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (n) => {
        const bytes = sleb128(n)
        const unsigned = decode(bytes)
        const bits = 7 * bytes.length
        expect(unsigned >= 2 ** (bits - 1) ? unsigned - 2 ** bits : unsigned).toBe(n) // bit 6 of the last byte is the sign
        expect(bytes.length).toBeLessThanOrEqual(5)
      }),
    )
    expect(sleb128(-1)).toEqual([0x7f])
    expect(sleb128(63)).toEqual([0x3f])
    expect(sleb128(64)).toEqual([0xc0, 0x00])
    expect(sleb128(-123456)).toEqual([0xc0, 0xbb, 0x78])
  })
})

describe('f64Const', () => {
  it('is the opcode and the eight little-endian bytes of the double, for any double', () => {
    expect(op.f64Const(1.5)).toEqual([0x44, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f])
    fc.assert(
      fc.property(fc.double(), (x) => {
        const bytes = op.f64Const(x)
        expect(bytes.length).toBe(9)
        expect(Object.is(new DataView(Uint8Array.from(bytes.slice(1)).buffer).getFloat64(0, true), x)).toBe(true)
      }),
    )
  })
})

describe('vectors, names and sections', () => {
  it('prefix their contents with the count or the size', () => {
    expect(vector([[1, 2], [3]])).toEqual([2, 1, 2, 3])
    expect(name('adam')).toEqual([4, 0x61, 0x64, 0x61, 0x6d])
    const big = Array.from({ length: 200 }, () => 7)
    expect(section(10, big).slice(0, 3)).toEqual([10, 0xc8, 0x01])
    expect(section(10, big).length).toBe(203)
  })
})

describe('moduleBytes', () => {
  // A function that writes a + b (two doubles, in both lanes) as two floats at address 0.
  const addModule = moduleBytes({
    params: [F64, F64],
    locals: [[1, I32]],
    body: [...op.i32Const(0), ...op.get(0), ...v128.splat, ...op.get(1), ...v128.splat, ...v128.add, ...v128.demoteZero, ...v128.store64Lane0],
    exportName: 'add',
  })

  it('makes a module that WebAssembly validates and runs', () => {
    expect(validate(addModule)).toBe(true)
    const exports = instantiate(addModule)!
    ;(exports.add as (a: number, b: number) => void)(1.25, 2.5)
    const floats = new Float32Array((exports.memory as Memory).buffer, 0, 3)
    expect(Array.from(floats)).toEqual([3.75, 3.75, 0])
  })

  it('makes an invalid module when one instruction is wrong', () => {
    const broken = moduleBytes({ params: [F64], locals: [], body: [...op.get(0), ...v128.add], exportName: 'f' })
    expect(validate(broken)).toBe(false)
    expect(instantiate(broken)).toBeUndefined()
  })
})
