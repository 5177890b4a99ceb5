// Data augmentation (src/beyond/augment.ts): the grammar, and the laws of the image functions
// (identity, determinism, exact whole-pixel shifts, bounds, rotation about the centre), on
// synthetic images whose answers are known.

import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  AFFINE,
  augmentBatch,
  augmentedVersions,
  augmentImage,
  drawAugment,
  formatAugment,
  NO_AUGMENTATION,
  parseAugment,
  shiftImage,
  warpImage,
  type Augmentation,
} from '../../src/beyond/augment.ts'
import { gatherBatch, type Dataset } from '../../src/data/dataset.ts'
import { runs } from '../helpers/runs.ts'

const TIMEOUT = 30_000

// Images
// ------

const plain = (image: Readonly<Uint8Array>): Float32Array => Float32Array.from(image, (v) => v / 255)
const bits = (x: Float32Array): Uint32Array => new Uint32Array(x.buffer, x.byteOffset, x.length)

// An image of bytes, any size up to 12 × 12.
const anyImage = fc
  .record({ rows: fc.integer({ min: 1, max: 12 }), cols: fc.integer({ min: 1, max: 12 }) })
  .chain(({ rows, cols }) => fc.uint8Array({ minLength: rows * cols, maxLength: rows * cols }).map((image) => ({ rows, cols, image })))

// A valid augmentation, as parseAugment could give it.
const anyAugmentation: fc.Arbitrary<Augmentation> = fc.record({
  shift: fc.integer({ min: 0, max: 99 }),
  rotate: fc.integer({ min: 0, max: 180_000 }).map((r) => r / 1000),
  scale: fc.integer({ min: 0, max: 999 }).map((s) => s / 1000),
})

const address = fc.record({ seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), epoch: fc.integer({ min: 0, max: 1000 }), index: fc.integer({ min: 0, max: 70_000 }) })

// A digit-like 28 × 28 image: an off-centre slanted stroke and a blob, so that any move shows.
const DIGIT = Uint8Array.from({ length: 784 }, (_, p) => {
  const h = Math.floor(p / 28)
  const w = p % 28
  const stroke = Math.abs(w - 10 - 0.4 * h) < 2 && h > 5 && h < 23 ? 255 : 0
  const blob = Math.max(0, 200 - 30 * Math.hypot(h - 9, w - 18))
  return Math.round(Math.max(stroke, blob))
})

// Centre of mass and the angle of the principal axis (degrees, y down: clockwise on screen).
const moments = (x: ArrayLike<number>, rows: number, cols: number) => {
  let m = 0
  let mx = 0
  let my = 0
  for (let p = 0; p < x.length; p++) {
    m += x[p]!
    mx += x[p]! * (p % cols)
    my += x[p]! * Math.floor(p / cols)
  }
  const cx = mx / m
  const cy = my / m
  let xx = 0
  let yy = 0
  let xy = 0
  for (let p = 0; p < x.length; p++) {
    const dx = (p % cols) - cx
    const dy = Math.floor(p / cols) - cy
    xx += x[p]! * dx * dx
    yy += x[p]! * dy * dy
    xy += x[p]! * dx * dy
  }
  return { mass: m, cx, cy, angle: (0.5 * Math.atan2(2 * xy, xx - yy) * 180) / Math.PI }
}

// A soft ellipse centred on the image, long along x: rotating it turns its principal axis.
const ELLIPSE = Uint8Array.from({ length: 784 }, (_, p) => {
  const dx = (p % 28) - 13.5
  const dy = Math.floor(p / 28) - 13.5
  return Math.round(255 * Math.exp(-(dx * dx) / 30 - (dy * dy) / 6))
})

describe('parseAugment and formatAugment', () => {
  it('reads the named augmentations and the parts, in any order', () => {
    expect(parseAugment('none')).toEqual(E.right(NO_AUGMENTATION))
    expect(parseAugment('affine')).toEqual(E.right({ shift: 2, rotate: 10, scale: 0.1 }))
    expect(parseAugment('shift2')).toEqual(E.right({ shift: 2, rotate: 0, scale: 0 }))
    expect(parseAugment('scale0.125-rot7.5')).toEqual(E.right({ shift: 0, rotate: 7.5, scale: 0.125 }))
    expect(parseAugment('rot10-scale0.1-shift2')).toEqual(E.right(AFFINE))
    expect(parseAugment('shift0-rot0-scale0')).toEqual(E.right(NO_AUGMENTATION))
  })

  it('writes the canonical text', () => {
    expect(formatAugment(NO_AUGMENTATION)).toBe('none')
    expect(formatAugment(AFFINE)).toBe('shift2-rot10-scale0.1')
    expect(formatAugment({ shift: 0, rotate: 7.5, scale: 0 })).toBe('rot7.5')
  })

  it('reads back what it writes, and writes back what it reads', () => {
    fc.assert(
      fc.property(anyAugmentation, (a) => {
        expect(parseAugment(formatAugment(a))).toEqual(E.right(a))
      }),
      { numRuns: runs(200) },
    )
    for (const text of ['none', 'affine', 'rot10-shift2', 'scale0.5', 'shift0']) {
      const once = E.getOrElseW(() => 'bad')(E.map(formatAugment)(parseAugment(text)))
      expect(E.map(formatAugment)(parseAugment(once))).toEqual(E.right(once))
    }
  })

  it('refuses bad texts with one sentence naming the bad part', () => {
    const bad: readonly (readonly [string, string])[] = [
      ['', 'empty'],
      ['zoom0.1', "'zoom0.1'"],
      ['Shift2', "'Shift2'"],
      [' shift2', "' shift2'"],
      ['shift', "'shift'"],
      ['shift2.5', "'shift2.5'"],
      ['shift02', "'shift02'"],
      ['shift100', "'shift100'"],
      ['shift-2', "'shift'"],
      ['rot-10', "'rot'"],
      ['rot181', "'rot181'"],
      ['rot1e3', "'rot1e3'"],
      ['rot.5', "'rot.5'"],
      ['scale1', "'scale1'"],
      ['scale0.1234', "'scale0.1234'"],
      ['shift2-shift3', "'shift3'"],
      ['affine-shift2', "'affine'"],
      ['rot5-none', "'none'"],
      ['shift2-', "'shift2-'"],
      ['shift2--rot5', "'shift2--rot5'"],
    ]
    for (const [text, named] of bad) {
      const result = parseAugment(text)
      expect(E.isLeft(result), text).toBe(true)
      if (E.isLeft(result)) {
        expect(result.left, text).toContain(named)
        expect(result.left, text).not.toContain('\n')
      }
    }
  })
})

describe('augmentImage', () => {
  it('with none gives exactly byte/255, as gatherBatch does', () => {
    fc.assert(
      fc.property(anyImage, address, ({ image, rows, cols }, { seed, epoch, index }) => {
        expect(bits(augmentImage(image, rows, cols, NO_AUGMENTATION, seed, epoch, index))).toEqual(bits(plain(image)))
      }),
      { numRuns: runs(100) },
    )
  }, TIMEOUT)

  it('gives the same bits for the same image, epoch and seed, and never writes to its input', () => {
    fc.assert(
      fc.property(anyImage, anyAugmentation, address, ({ image, rows, cols }, a, { seed, epoch, index }) => {
        const before = image.slice()
        const first = augmentImage(image, rows, cols, a, seed, epoch, index)
        expect(bits(augmentImage(image, rows, cols, a, seed, epoch, index))).toEqual(bits(first))
        expect(image).toEqual(before)
      }),
      { numRuns: runs(100) },
    )
  }, TIMEOUT)

  it('gives most images a different version in another epoch', () => {
    for (const a of [{ shift: 2, rotate: 0, scale: 0 }, AFFINE]) {
      let differ = 0
      for (let index = 0; index < 100; index++) {
        const one = augmentImage(DIGIT, 28, 28, a, 7, 1, index)
        const two = augmentImage(DIGIT, 28, 28, a, 7, 2, index)
        if (!bits(one).every((v, p) => v === bits(two)[p])) differ++
      }
      // shift2 repeats a draw with probability 1/25; affine practically never.
      expect(differ, formatAugment(a)).toBeGreaterThanOrEqual(a === AFFINE ? 99 : 85)
    }
  })

  it('keeps every value in [0, 1]', () => {
    fc.assert(
      fc.property(anyImage, anyAugmentation, address, ({ image, rows, cols }, a, { seed, epoch, index }) => {
        expect(augmentImage(image, rows, cols, a, seed, epoch, index).every((v) => v >= 0 && v <= 1)).toBe(true)
      }),
      { numRuns: runs(150) },
    )
    // Saturated images are the edge case of bilinear rounding: still at most 1.
    const white = new Uint8Array(784).fill(255)
    for (let index = 0; index < 50; index++) expect(Math.max(...augmentImage(white, 28, 28, AFFINE, 3, 1, index))).toBeLessThanOrEqual(1)
  }, TIMEOUT)

  it('draws the same shifts whatever else is asked (each number has its own address)', () => {
    fc.assert(
      fc.property(anyAugmentation, address, (a, { seed, epoch, index }) => {
        const shiftOnly = drawAugment({ shift: a.shift, rotate: 0, scale: 0 }, seed, epoch, index)
        const all = drawAugment(a, seed, epoch, index)
        expect([all.dx, all.dy]).toEqual([shiftOnly.dx, shiftOnly.dy])
        expect(Math.abs(all.dx) <= a.shift && Math.abs(all.dy) <= a.shift && Number.isInteger(all.dx) && Number.isInteger(all.dy)).toBe(true)
        expect(Math.abs(all.degrees)).toBeLessThanOrEqual(a.rotate)
        expect(Math.abs(all.factor - 1)).toBeLessThanOrEqual(a.scale + 1e-12)
      }),
    )
  })

  it('draws every whole shift in [−k, k], about equally often', () => {
    const counts = new Map<number, number>()
    for (let index = 0; index < 5000; index++) {
      const { dx } = drawAugment({ shift: 2, rotate: 0, scale: 0 }, 1, 1, index)
      counts.set(dx, (counts.get(dx) ?? 0) + 1)
    }
    expect([...counts.keys()].sort()).toEqual([-1, -2, 0, 1, 2])
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(150)
  })
})

describe('augmentedVersions', () => {
  it('is augmentImage and drawAugment for epochs 1 … n', () => {
    const versions = augmentedVersions(DIGIT, 28, 28, AFFINE, 4, 17, 5)
    expect(versions.map((v) => v.epoch)).toEqual([1, 2, 3, 4, 5])
    for (const v of versions) {
      expect(bits(v.values)).toEqual(bits(augmentImage(DIGIT, 28, 28, AFFINE, 4, v.epoch, 17)))
      expect({ dx: v.dx, dy: v.dy, degrees: v.degrees, factor: v.factor }).toEqual(drawAugment(AFFINE, 4, v.epoch, 17))
    }
  })
})

describe('shifts', () => {
  it('move a single bright pixel by exactly (dx, dy), or out of the image', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 }), fc.nat(), fc.integer({ min: 0, max: 6 }), address,
        (rows, cols, at, shift, { seed, epoch, index }) => {
          const p = at % (rows * cols)
          const image = new Uint8Array(rows * cols)
          image[p] = 200
          const { dx, dy } = drawAugment({ shift, rotate: 0, scale: 0 }, seed, epoch, index)
          const out = augmentImage(image, rows, cols, { shift, rotate: 0, scale: 0 }, seed, epoch, index)
          const h = Math.floor(p / cols) + dy
          const w = (p % cols) + dx
          const expected = new Float32Array(rows * cols)
          if (h >= 0 && h < rows && w >= 0 && w < cols) expected[h * cols + w] = 200 / 255
          expect(bits(out)).toEqual(bits(expected))
        },
      ),
      { numRuns: runs(200) },
    )
  })

  it('keep every pixel (and so the sum) when the ink stays k pixels from the edges', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), fc.uint8Array({ minLength: 64, maxLength: 64 }), address,
        (k, inner, innerCols, ink, { seed, epoch, index }) => {
          // An inner × innerCols patch of ink with a border of k black pixels all round.
          const rows = inner + 2 * k
          const cols = innerCols + 2 * k
          const image = new Uint8Array(rows * cols)
          for (let h = 0; h < inner; h++) for (let w = 0; w < innerCols; w++) image[(h + k) * cols + w + k] = ink[h * 8 + w]!
          const out = augmentImage(image, rows, cols, { shift: k, rotate: 0, scale: 0 }, seed, epoch, index)
          const sorted = (x: Float32Array) => Array.from(x).sort((a, b) => a - b)
          expect(sorted(out)).toEqual(sorted(plain(image)))
          const sum = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + v, 0)
          expect(sum(out) * 255).toBeCloseTo(sum(image), 3)
        },
      ),
      { numRuns: runs(150) },
    )
  })

  it('of a whole pixel through the bilinear warp are exact too, and the zero warp is the identity', () => {
    fc.assert(
      fc.property(anyImage, fc.integer({ min: -5, max: 5 }), fc.integer({ min: -5, max: 5 }), ({ image, rows, cols }, dx, dy) => {
        expect(bits(warpImage(image, rows, cols, { dx, dy, degrees: 0, factor: 1 }))).toEqual(bits(shiftImage(image, rows, cols, dx, dy)))
        expect(bits(warpImage(image, rows, cols, { dx: 0, dy: 0, degrees: 0, factor: 1 }))).toEqual(bits(plain(image)))
      }),
      { numRuns: runs(100) },
    )
    expect(Array.from(shiftImage(Uint8Array.from([255, 0, 0, 0]), 2, 2, 1, 1))).toEqual([0, 0, 0, 1])
  })
})

describe('rotations and scalings', () => {
  it('turn a centred blob about the centre, clockwise on screen for positive angles', () => {
    const before = moments(ELLIPSE, 28, 28)
    expect(Math.abs(before.angle)).toBeLessThan(0.01)
    for (const degrees of [-30, -10, -2, 3, 12, 25]) {
      const after = moments(warpImage(ELLIPSE, 28, 28, { dx: 0, dy: 0, degrees, factor: 1 }), 28, 28)
      expect(Math.abs(after.cx - 13.5), `${degrees}°`).toBeLessThan(0.05)
      expect(Math.abs(after.cy - 13.5), `${degrees}°`).toBeLessThan(0.05)
      expect(Math.abs(after.angle - degrees), `${degrees}°`).toBeLessThan(1)
      expect(after.mass * 255).toBeCloseTo(before.mass, -2) // a rotation keeps the ink
    }
  })

  it('keep the centre of mass of a centred blob near the centre under any small affine draw without shift', () => {
    fc.assert(
      fc.property(fc.double({ min: -15, max: 15, noNaN: true }), fc.double({ min: 0.85, max: 1.15, noNaN: true }), (degrees, factor) => {
        const after = moments(warpImage(ELLIPSE, 28, 28, { dx: 0, dy: 0, degrees, factor }), 28, 28)
        expect(Math.hypot(after.cx - 13.5, after.cy - 13.5)).toBeLessThan(0.05)
      }),
      { numRuns: runs(50) },
    )
  })

  it('grow the ink by the factor squared', () => {
    const before = moments(ELLIPSE, 28, 28).mass
    for (const factor of [0.8, 0.9, 1.1]) {
      const after = moments(warpImage(ELLIPSE, 28, 28, { dx: 0, dy: 0, degrees: 0, factor }), 28, 28).mass * 255
      expect(Math.abs(after / before - factor * factor), `×${factor}`).toBeLessThan(0.03)
    }
  })
})

describe('augmentBatch', () => {
  const count = 12
  const images = Uint8Array.from({ length: count * 784 }, (_, p) => DIGIT[(p + 37 * Math.floor(p / 784)) % 784]!)
  const data: Dataset = { images, labels: Uint8Array.from({ length: count }, (_, i) => (3 * i) % 10), count, rows: 28, cols: 28, classes: 10 }
  const order = Int32Array.from([5, 0, 11, 3, 3, 7, 1, 9])

  it('is augmentImage per row, with the image numbers as addresses, and the labels', () => {
    for (const a of [NO_AUGMENTATION, { shift: 3, rotate: 0, scale: 0 }, AFFINE]) {
      const { x, labels } = augmentBatch(data, order, 1, 7, a, 5, 4)
      expect(x.shape).toEqual([6, 1, 28, 28])
      for (let n = 0; n < 6; n++) {
        const i = order[1 + n]!
        const one = augmentImage(images.subarray(i * 784, (i + 1) * 784), 28, 28, a, 5, 4, i)
        expect(bits(Float32Array.from(x.data.subarray(n * 784, (n + 1) * 784))), `${formatAugment(a)} row ${n}`).toEqual(bits(one))
        expect(labels[n]).toBe(data.labels[i])
      }
    }
  })

  it('with none is gatherBatch, and a batch does not depend on how the epoch is cut', () => {
    const plainBatch = gatherBatch(data, order, 0, 8)
    const none = augmentBatch(data, order, 0, 8, NO_AUGMENTATION, 1, 1)
    expect(bits(Float32Array.from(none.x.data))).toEqual(bits(Float32Array.from(plainBatch.x.data)))
    expect(none.labels).toEqual(plainBatch.labels)
    const whole = augmentBatch(data, order, 0, 8, AFFINE, 1, 2)
    const halves = [augmentBatch(data, order, 0, 3, AFFINE, 1, 2), augmentBatch(data, order, 3, 8, AFFINE, 1, 2)]
    expect(Array.from(halves[0]!.x.data).concat(Array.from(halves[1]!.x.data))).toEqual(Array.from(whole.x.data))
  })

  it('never writes to its inputs, and refuses bad positions as gatherBatch does', () => {
    const before = images.slice()
    augmentBatch(data, order, 0, 8, AFFINE, 1, 1)
    expect(images).toEqual(before)
    expect(augmentBatch(data, order, 2, 2, AFFINE, 1, 1).x.shape).toEqual([0, 1, 28, 28])
    for (const [start, end] of [[-1, 2], [3, 2], [0, 9], [0.5, 2]] as const) {
      expect(() => augmentBatch(data, order, start, end, AFFINE, 1, 1)).toThrow(RangeError)
      expect(() => gatherBatch(data, order, start, end)).toThrow(RangeError)
    }
    expect(() => augmentBatch(data, Int32Array.from([0, 12]), 0, 2, AFFINE, 1, 1)).toThrow(/index 12 at position 1/)
    expect(() => augmentBatch(data, order, 0, 2, { shift: 1.5, rotate: 0, scale: 0 }, 1, 1)).toThrow(RangeError)
    expect(() => augmentImage(images.subarray(0, 783), 28, 28, AFFINE, 1, 1, 0)).toThrow(RangeError)
  })
})
