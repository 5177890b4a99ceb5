// The protobuf writer of onnx/protobuf.ts: the byte vectors of the protobuf documentation's
// encoding guide (https://protobuf.dev/programming-guides/encoding/), then its laws checked
// with a separate tiny reader (spec/onnx/wire.ts): every varint reads back as the number
// written, in as few bytes as 7-bit groups allow, and every message reads back as its fields.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  bytesField, concatBytes, float32LE, floatField, intField, key, messageField, packedFloatsField, packedIntsField, stringField, utf8, varint,
  WIRE_BYTES, WIRE_FIXED32, WIRE_VARINT,
} from '../../src/onnx/protobuf.ts'
import { bytesOf, intOf, packedInts, readMessage, readVarint, textOf } from './wire.ts'

const hex = (bytes: Readonly<Uint8Array>): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')

describe('the byte vectors of the protobuf documentation', () => {
  it('writes varints 7 bits a byte, lowest group first, the top bit saying "more follows"', () => {
    expect(hex(varint(0))).toBe('00')
    expect(hex(varint(1))).toBe('01')
    expect(hex(varint(127))).toBe('7f')
    expect(hex(varint(128))).toBe('80 01')
    expect(hex(varint(150))).toBe('96 01')
    expect(hex(varint(300))).toBe('ac 02')
    // Beyond 32 bits, where JavaScript's bit operators would have wrapped around.
    expect(hex(varint(2 ** 32))).toBe('80 80 80 80 10')
    expect(hex(varint(Number.MAX_SAFE_INTEGER))).toBe('ff ff ff ff ff ff ff 0f')
  })

  it('writes negative int64 values as their 64-bit two\'s complement, in 10 bytes', () => {
    expect(hex(varint(-1))).toBe('ff ff ff ff ff ff ff ff ff 01')
    expect(hex(varint(-2))).toBe('fe ff ff ff ff ff ff ff ff 01')
  })

  it('writes the guide\'s messages: field 1 = 150, field 2 = "testing", packed field 4 = [3, 270, 86942]', () => {
    expect(hex(intField(1, 150))).toBe('08 96 01')
    expect(hex(stringField(2, 'testing'))).toBe('12 07 74 65 73 74 69 6e 67')
    expect(hex(packedIntsField(4, [3, 270, 86942]))).toBe('22 06 03 8e 02 9e a7 05')
    // Test3 { c: Test1 { a: 150 } }: a nested message is length-delimited like a string.
    expect(hex(messageField(3, [intField(1, 150)]))).toBe('1a 03 08 96 01')
  })

  it('writes float32 little-endian, 4 bytes, with wire type 5', () => {
    expect(hex(float32LE([1]))).toBe('00 00 80 3f')
    expect(hex(float32LE([-2.5, 0]))).toBe('00 00 20 c0 00 00 00 00')
    expect(hex(floatField(2, 0.5))).toBe('15 00 00 00 3f')
    expect(hex(packedFloatsField(4, [1, 1]))).toBe('22 08 00 00 80 3f 00 00 80 3f')
  })

  it('writes keys as number·8 + wire type', () => {
    expect(hex(key(1, WIRE_VARINT))).toBe('08')
    expect(hex(key(2, WIRE_BYTES))).toBe('12')
    expect(hex(key(2, WIRE_FIXED32))).toBe('15')
    // Field 16 and above need a second byte: 16·8 = 128.
    expect(hex(key(16, WIRE_VARINT))).toBe('80 01')
  })

  it('writes strings as UTF-8 and an empty field as its key and a zero length', () => {
    expect(hex(stringField(1, 'é'))).toBe('0a 02 c3 a9')
    expect(hex(stringField(1, ''))).toBe('0a 00')
    expect(hex(bytesField(9, new Uint8Array(0)))).toBe('4a 00')
  })

  it('refuses what is not a safe integer or a field number, instead of writing wrong bytes', () => {
    expect(() => varint(1.5)).toThrow(RangeError)
    expect(() => varint(2 ** 53)).toThrow(RangeError)
    expect(() => varint(Number.NaN)).toThrow(RangeError)
    expect(() => key(0, WIRE_VARINT)).toThrow(RangeError)
    expect(() => key(2 ** 29, WIRE_VARINT)).toThrow(RangeError)
  })
})

describe('the writer\'s laws, read back by a separate reader', () => {
  it('every safe integer reads back as itself (negative ones as signed 64-bit)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(0, 127, 128, 2 ** 31, 2 ** 32 - 1, 2 ** 32, -(2 ** 53) + 1)), (n) => {
        const bytes = varint(n)
        const [value, next] = readVarint(bytes, 0)
        expect(next).toBe(bytes.length)
        expect(BigInt.asIntN(64, value)).toBe(BigInt(n))
      }),
    )
  })

  it('a non-negative number takes one byte per started group of 7 bits, and only the last byte lacks the top bit', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (n) => {
        const bytes = varint(n)
        const bits = n === 0 ? 1 : n.toString(2).length
        expect(bytes.length).toBe(Math.ceil(bits / 7))
        bytes.forEach((b, i) => expect(b >= 0x80).toBe(i < bytes.length - 1))
      }),
    )
  })

  it('a message of random fields reads back field by field, nested messages included', () => {
    const leaf = fc.oneof(
      fc.record({ kind: fc.constant('int' as const), field: fc.integer({ min: 1, max: 5000 }), value: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }) }),
      fc.record({ kind: fc.constant('text' as const), field: fc.integer({ min: 1, max: 5000 }), value: fc.string({ unit: 'grapheme', maxLength: 20 }) }),
      fc.record({ kind: fc.constant('ints' as const), field: fc.integer({ min: 1, max: 30 }), value: fc.array(fc.integer({ min: -5, max: 100000 }), { maxLength: 8 }) }),
      fc.record({ kind: fc.constant('float' as const), field: fc.integer({ min: 1, max: 30 }), value: fc.float({ noNaN: true }) }),
    )
    type Leaf = typeof leaf extends fc.Arbitrary<infer T> ? T : never
    const write = (f: Leaf): Uint8Array =>
      f.kind === 'int' ? intField(f.field, f.value) : f.kind === 'text' ? stringField(f.field, f.value) : f.kind === 'ints' ? packedIntsField(f.field, f.value) : floatField(f.field, f.value)
    fc.assert(
      fc.property(fc.array(leaf, { maxLength: 12 }), fc.integer({ min: 1, max: 100 }), (leaves, outer) => {
        // The fields alone, and the same fields nested as one message field.
        const inner = concatBytes(leaves.map(write))
        const nested = readMessage(messageField(outer, leaves.map(write)))
        expect(nested.length).toBe(1)
        expect(nested[0]!.field).toBe(outer)
        expect(bytesOf(nested[0])).toEqual(inner)
        const read = readMessage(inner)
        expect(read.map((f) => f.field)).toEqual(leaves.map((f) => f.field))
        read.forEach((f, i) => {
          const written = leaves[i]!
          if (written.kind === 'int') expect(intOf(f)).toBe(written.value)
          else if (written.kind === 'text') expect(textOf(f)).toBe(written.value)
          else if (written.kind === 'ints') expect(packedInts(bytesOf(f))).toEqual(written.value)
          else expect(new DataView((f.value as Uint8Array).buffer).getFloat32(0, true)).toBe(Math.fround(written.value))
        })
      }),
    )
  })

  it('float32LE holds each number rounded to float32, little-endian, whatever the machine', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { maxLength: 20 }), (values) => {
        const bytes = float32LE(values)
        const view = new DataView(bytes.buffer)
        expect(bytes.length).toBe(values.length * 4)
        values.forEach((v, i) => expect(view.getFloat32(i * 4, true)).toBe(Math.fround(v)))
      }),
    )
  })

  it('is pure: the parts handed in are not changed, and each result is a fresh array', () => {
    const a = Uint8Array.of(1, 2)
    const b = Uint8Array.of(3)
    const joined = concatBytes([a, b])
    joined[0] = 99
    expect(Array.from(a)).toEqual([1, 2])
    const payload = utf8('x')
    const field = bytesField(1, payload)
    field[2] = 0
    expect(Array.from(payload)).toEqual([0x78])
    expect(varint(5)).not.toBe(varint(5))
  })
})
