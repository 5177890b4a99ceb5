// Protocol buffers, written by hand
// =================================
//
// An ONNX file (onnx/export.ts) is one protocol buffer message: a `ModelProto` holding a
// `GraphProto` holding nodes, weights and the names and shapes of the inputs and outputs.
// Google's protobuf libraries read and write such messages from a schema, but *writing* one
// needs only a page of code, and seeing the bytes takes the mystery out of the format.
//
// A message is a list of fields, one after another, in any order. Each field is a *key*
// and a value. The key is the field's number (from the schema, onnx.proto) and a *wire
// type* saying how the value is laid out, packed into one varint as number·8 + wire type:
//
//     wire type 0  varint            integers, booleans, enums
//     wire type 1  64-bit            fixed 8 bytes, little-endian (double; unused here)
//     wire type 2  length-delimited  a varint length, then that many bytes: strings, bytes,
//                                    nested messages, packed lists of numbers
//     wire type 5  32-bit            fixed 4 bytes, little-endian: float
//
// A *varint* writes an integer 7 bits at a time, lowest first; every byte but the last has
// its top bit set ("more follows"). The worked example of the protobuf documentation is a
// message whose field 1 holds 150:
//
//     150 = 0b1_0010110 → low 7 bits 0010110, then 0000001
//         → bytes 1_0010110 0_0000001 = 0x96 0x01
//     key: field 1, wire type 0 → 1·8 + 0 = 0x08
//     the message:  08 96 01
//
// and field 2 holding the string "testing" is the key 2·8 + 2 = 0x12, the length 7, and
// the UTF-8 bytes: 12 07 74 65 73 74 69 6e 67. A nested message is written exactly like a
// string: its own bytes, led by their length. A list of numbers ("repeated") is either one
// field per number, or, *packed*, one length-delimited field holding all the numbers back to
// back; every reader accepts both, and packing is shorter. Negative integers (int64 in the
// schema) are written as their 64-bit two's complement, so always take 10 bytes.
//
// Nothing here knows ONNX: these are the bricks, each a pure function returning fresh bytes.
// There is no reader; the specs carry a small one to check these against, and onnxruntime
// and `onnx.load` read what onnx/export.ts builds from them.
// Previous: bench/thread.ts. Next: onnx/export.ts.

// Wire types
// ----------

/** The wire types this writer uses, by the number the key carries. */
export const WIRE_VARINT = 0
export const WIRE_BYTES = 2
export const WIRE_FIXED32 = 5

// Bytes
// -----

/**
 * The parts one after another, in one fresh array.
 * @example concatBytes([Uint8Array.of(1), Uint8Array.of(2, 3)]) // Uint8Array [1, 2, 3]
 */
export const concatBytes = (parts: readonly Readonly<Uint8Array>[]): Uint8Array => {
  let length = 0
  for (const part of parts) length += part.length
  const out = new Uint8Array(length)
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

/** The UTF-8 bytes of a string, as protobuf strings hold them. */
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)

// Varints
// -------

const TWO_TO_64 = 2n ** 64n

/**
 * A whole number as a varint: 7 bits a byte, lowest first, the top bit set on all bytes
 * but the last. A negative number is its 64-bit two's complement (10 bytes), as int64
 * fields want. Throws on anything that is not a safe integer (a mistake in the caller).
 * @example varint(150) // Uint8Array [0x96, 0x01]
 * @example varint(-1)  // Uint8Array [0xff × 9, 0x01]
 */
export const varint = (value: number): Uint8Array => {
  if (!Number.isSafeInteger(value)) throw new RangeError(`varint: ${value} is not a safe integer`)
  const bytes: number[] = []
  if (value >= 0) {
    // Division, not bit operations: JavaScript's bitwise operators stop at 32 bits.
    let rest = value
    while (rest >= 0x80) {
      bytes.push((rest % 0x80) | 0x80)
      rest = Math.floor(rest / 0x80)
    }
    bytes.push(rest)
  } else {
    let rest = TWO_TO_64 + BigInt(value)
    while (rest >= 0x80n) {
      bytes.push(Number(rest % 0x80n) | 0x80)
      rest /= 0x80n
    }
    bytes.push(Number(rest))
  }
  return Uint8Array.from(bytes)
}

/**
 * The key of a field: its number and wire type, as one varint.
 * @example key(1, WIRE_VARINT) // Uint8Array [0x08]
 */
export const key = (field: number, wireType: number): Uint8Array => {
  if (!(Number.isSafeInteger(field) && field >= 1 && field < 2 ** 29)) throw new RangeError(`key: field number ${field} is not from 1 to 2^29 − 1`)
  return varint(field * 8 + wireType)
}

// Fields
// ------
// Each function below is one whole field, key included, ready to be concatenated into a
// message.

/**
 * An integer field (int32, int64, enum, bool as 0/1): key, then the value as a varint.
 * @example intField(1, 150) // Uint8Array [0x08, 0x96, 0x01]
 */
export const intField = (field: number, value: number): Uint8Array => concatBytes([key(field, WIRE_VARINT), varint(value)])

/** A length-delimited field: key, the byte count as a varint, the bytes. */
export const bytesField = (field: number, bytes: Readonly<Uint8Array>): Uint8Array =>
  concatBytes([key(field, WIRE_BYTES), varint(bytes.length), bytes])

/**
 * A string field: its UTF-8 bytes, length-delimited.
 * @example stringField(2, 'testing') // 12 07 74 65 73 74 69 6e 67
 */
export const stringField = (field: number, text: string): Uint8Array => bytesField(field, utf8(text))

/** A nested message field: the fields of the inner message, one after another, length-delimited. */
export const messageField = (field: number, fields: readonly Readonly<Uint8Array>[]): Uint8Array => bytesField(field, concatBytes(fields))

/**
 * Numbers as float32, little-endian, back to back (whatever the machine's own byte order):
 * the layout of a packed float list and of ONNX's `raw_data`.
 * @example float32LE([1]) // Uint8Array [0x00, 0x00, 0x80, 0x3f]
 */
export const float32LE = (values: ArrayLike<number>): Uint8Array => {
  const out = new Uint8Array(values.length * 4)
  const view = new DataView(out.buffer)
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true)
  return out
}

/**
 * A float field (wire type 5): key, then 4 bytes little-endian.
 * @example floatField(2, 0.5) // Uint8Array [0x15, 0x00, 0x00, 0x00, 0x3f]
 */
export const floatField = (field: number, value: number): Uint8Array => concatBytes([key(field, WIRE_FIXED32), float32LE([value])])

/**
 * A packed list of integers (repeated int64): the varints back to back, length-delimited.
 * @example packedIntsField(4, [3, 270, 86942]) // 22 06 03 8e 02 9e a7 05
 */
export const packedIntsField = (field: number, values: readonly number[]): Uint8Array => bytesField(field, concatBytes(values.map(varint)))

/** A packed list of float32 numbers (repeated float): 4 bytes each, length-delimited. */
export const packedFloatsField = (field: number, values: ArrayLike<number>): Uint8Array => bytesField(field, float32LE(values))
