// A tiny protobuf *reader*, for the specs: src/onnx/protobuf.ts only writes, and its specs
// read back what it wrote with this, written separately and kept as plain as possible.

/** One field of a message as read: its number, wire type and value. */
export interface WireField {
  readonly field: number
  readonly wire: number
  /** A varint (as a BigInt, unsigned 64-bit), the 4 bytes of a fixed32, or a length-delimited run. */
  readonly value: bigint | Uint8Array
}

/** The varint at `at`: its value (unsigned, up to 64 bits) and where the next byte is. */
export const readVarint = (bytes: Readonly<Uint8Array>, at: number): readonly [bigint, number] => {
  let value = 0n
  let shift = 0n
  for (let i = at; i < bytes.length; i++) {
    const byte = bytes[i]!
    value |= BigInt(byte & 0x7f) << shift
    shift += 7n
    if ((byte & 0x80) === 0) return [value, i + 1]
    if (shift >= 70n) throw new Error(`varint at ${at} is longer than 10 bytes`)
  }
  throw new Error(`varint at ${at} runs past the end`)
}

/** A message's fields, in the order written. Throws on a wire type it does not know or a truncated field. */
export const readMessage = (bytes: Readonly<Uint8Array>): readonly WireField[] => {
  const fields: WireField[] = []
  let at = 0
  while (at < bytes.length) {
    const [k, afterKey] = readVarint(bytes, at)
    const field = Number(k >> 3n)
    const wire = Number(k & 7n)
    if (wire === 0) {
      const [value, next] = readVarint(bytes, afterKey)
      fields.push({ field, wire, value })
      at = next
    } else if (wire === 2) {
      const [length, start] = readVarint(bytes, afterKey)
      const end = start + Number(length)
      if (end > bytes.length) throw new Error(`field ${field} at ${at} runs past the end`)
      fields.push({ field, wire, value: bytes.slice(start, end) })
      at = end
    } else if (wire === 5) {
      if (afterKey + 4 > bytes.length) throw new Error(`field ${field} at ${at} runs past the end`)
      fields.push({ field, wire, value: bytes.slice(afterKey, afterKey + 4) })
      at = afterKey + 4
    } else {
      throw new Error(`wire type ${wire} at ${at} is not one the writer uses`)
    }
  }
  return fields
}

/** The fields numbered `field`. */
export const fieldsNumbered = (fields: readonly WireField[], field: number): readonly WireField[] => fields.filter((f) => f.field === field)

/** The bytes of a length-delimited field's value (throws for other wire types). */
export const bytesOf = (f: WireField | undefined): Uint8Array => {
  if (f === undefined || !(f.value instanceof Uint8Array) || f.wire !== 2) throw new Error('expected a length-delimited field')
  return f.value
}

/** A length-delimited field as UTF-8 text. */
export const textOf = (f: WireField | undefined): string => new TextDecoder().decode(bytesOf(f))

/** A varint field as a signed 64-bit integer, in a number. */
export const intOf = (f: WireField | undefined): number => {
  if (f === undefined || typeof f.value !== 'bigint') throw new Error('expected a varint field')
  return Number(BigInt.asIntN(64, f.value))
}

/** A packed list of varints, as signed 64-bit integers. */
export const packedInts = (bytes: Readonly<Uint8Array>): readonly number[] => {
  const out: number[] = []
  let at = 0
  while (at < bytes.length) {
    const [value, next] = readVarint(bytes, at)
    out.push(Number(BigInt.asIntN(64, value)))
    at = next
  }
  return out
}
