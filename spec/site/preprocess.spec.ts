// The drawing pad's preprocessing (site/preprocess.ts): MNIST's recipe applied to strokes,
// checked on shapes whose answer is known. The points' bounding box is scaled so that the
// ink's longest side is 20 pixels, keeping its aspect ratio; the strokes are drawn there with
// a pen about 3 pixels wide, anti-aliased; the centre of mass lands at (14, 14). So the same
// digit drawn at any size, anywhere on the pad, gives the same input.

import { describe, expect, it } from 'vitest'
import { boundingBox, BOX, centreOfMass, FIELD, PEN_WIDTH, renderStrokes, strokesBox, strokesInput, type Point, type Stroke } from '../../site/preprocess.ts'

// A straight stroke from a to b, through n + 1 points.
const line = (a: Point, b: Point, n = 20): Point[] =>
  Array.from({ length: n + 1 }, (_, t) => [a[0] + ((b[0] - a[0]) * t) / n, a[1] + ((b[1] - a[1]) * t) / n] as const)

// A "4" in the pad's units (280×280): two strokes.
const FOUR: readonly Stroke[] = [
  [...line([126, 56], [78, 174]), ...line([78, 174], [202, 174])],
  line([174, 98], [168, 238]),
]
// A "7", drawn around the middle of the pad.
const SEVEN: readonly Stroke[] = [[...line([84, 62], [202, 62]), ...line([202, 62], [126, 238])]]

// The same strokes, scaled by s about the origin and moved by (dx, dy).
const moved = (strokes: readonly Stroke[], s: number, dx: number, dy: number): Stroke[] =>
  strokes.map((stroke) => stroke.map(([x, y]) => [x * s + dx, y * s + dy] as const))

const sum = (image: Float32Array): number => image.reduce((a, b) => a + b, 0)
const largestDifference = (a: Float32Array, b: Float32Array): number => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])))
const row = (image: Float32Array, y: number): Float32Array => image.subarray(y * FIELD, (y + 1) * FIELD)
// The ink of pixels above a threshold: MNIST's own boxes count every pixel with any ink.
const inkedBox = (image: Float32Array) => boundingBox(image, FIELD, FIELD, 0.01)

describe('strokesInput', () => {
  it('gives nothing when nothing is drawn', () => {
    expect(strokesInput([])).toBeUndefined()
    expect(strokesInput([[], []])).toBeUndefined()
    expect(strokesBox([[]])).toBeUndefined()
  })

  it('gives the same input for a digit drawn small in a corner and large in the middle', () => {
    for (const digit of [FOUR, SEVEN]) {
      const large = strokesInput(digit)!
      // A quarter of the size, in the top-left corner; and half the size, bottom right.
      const corner = strokesInput(moved(digit, 0.25, 0, 0))!
      const elsewhere = strokesInput(moved(digit, 0.5, 130, 120))!
      expect(largestDifference(large, corner)).toBeLessThan(1e-4)
      expect(largestDifference(large, elsewhere)).toBeLessThan(1e-4)
      expect(sum(large)).toBeGreaterThan(40) // and it is a digit, not nothing
    }
  })

  it('scales the longest side of the ink to 20 pixels and keeps the aspect ratio', () => {
    // A 2:1 rectangle, drawn as one closed stroke: ink box 20 tall, (20 − pen)/2 + pen wide.
    const rectangle: Stroke[] = [[...line([100, 40], [150, 40]), ...line([150, 40], [150, 140]), ...line([150, 140], [100, 140]), ...line([100, 140], [100, 40])]]
    const box = inkedBox(strokesInput(rectangle)!)!
    // The ink spans 20 pixels, which touch 20 or 21 pixels depending on where it starts.
    expect(box.height).toBeGreaterThanOrEqual(BOX)
    expect(box.height).toBeLessThanOrEqual(BOX + 1)
    const width = (BOX - PEN_WIDTH) / 2 + PEN_WIDTH
    expect(box.width).toBeGreaterThanOrEqual(Math.floor(width))
    expect(box.width).toBeLessThanOrEqual(Math.ceil(width) + 1)
    // A horizontal line: 20 wide, one pen tall.
    const flat = inkedBox(strokesInput([line([10, 200], [90, 200])])!)!
    expect(flat.width).toBeGreaterThanOrEqual(BOX)
    expect(flat.width).toBeLessThanOrEqual(BOX + 1)
    expect(flat.height).toBeLessThanOrEqual(Math.ceil(PEN_WIDTH) + 1)
  })

  it('draws a straight line with the pen\'s width, whatever its length on the pad', () => {
    for (const length of [40, 250]) {
      const upright = strokesInput([line([140, 10], [140, 10 + length])])!
      // Each row through the middle of the line holds the pen's width of ink.
      for (let y = 9; y <= 18; y++) expect(sum(row(upright, y))).toBeCloseTo(PEN_WIDTH, 1)
    }
    // At 45°, a row cuts the stroke along √2 times its width.
    const slanted = strokesInput([line([0, 0], [100, 100])])!
    for (let y = 10; y <= 17; y++) expect(sum(row(slanted, y))).toBeCloseTo(PEN_WIDTH * Math.SQRT2, 1)
    // A wider pen, more ink per row.
    const wide = strokesInput([line([140, 10], [140, 250])], 0, 4)!
    expect(sum(row(wide, 14))).toBeCloseTo(4, 1)
  })

  it('anti-aliases: the edges of a slanted stroke are grey, and every value is in [0, 1]', () => {
    const input = strokesInput([line([0, 0], [60, 100])])!
    const greys = Array.from(input).filter((v) => v > 0.05 && v < 0.95)
    expect(greys.length).toBeGreaterThan(10)
    expect(Array.from(input).every((v) => v >= 0 && v <= 1)).toBe(true)
  })

  it('does not add up ink where strokes cross', () => {
    const plus = strokesInput([line([100, 140], [180, 140]), line([140, 100], [140, 180])])!
    expect(Math.max(...plus)).toBeLessThanOrEqual(1)
    // Two lines less the square where they overlap (about one pen by one pen).
    const one = sum(strokesInput([line([100, 140], [180, 140])])!)
    expect(sum(plus)).toBeCloseTo(2 * one - PEN_WIDTH * PEN_WIDTH, 0)
  })

  it('puts the centre of mass at the centre of the 28×28 field', () => {
    // An L whose foot is heavier than its leg: the centre of mass is not the box's centre.
    const ell: Stroke[] = [[...line([40, 20], [40, 220]), ...line([40, 220], [200, 220])], line([60, 210], [200, 210])]
    const [cy, cx] = centreOfMass(strokesInput(ell)!, FIELD, FIELD)
    expect(Math.abs(cy - FIELD / 2)).toBeLessThan(0.05)
    expect(Math.abs(cx - FIELD / 2)).toBeLessThan(0.05)
  })

  it('keeps all the ink inside the field when centring would push it out', () => {
    // A "T" on its side, heavy at one end: centring the mass would move the far end of the
    // line off the field, so the digit stops at the field's edge.
    const bar = [209, 212, 215].map((x) => line([x, 20], [x, 215]))
    const strokes: Stroke[] = [line([20, 118], [215, 118]), ...bar]
    const input = strokesInput(strokes)!
    const box = strokesBox(strokes)!
    const scale = (BOX - PEN_WIDTH) / box.width
    const centred = renderStrokes(strokes, { scale, dx: FIELD / 2 - (box.left + box.width / 2) * scale, dy: FIELD / 2 - (box.top + box.height / 2) * scale })
    expect(Math.abs(sum(input) - sum(centred))).toBeLessThan(0.05) // without the stop, 0.26 of it is cut off
    expect(inkedBox(input)!.left).toBe(0)
  })

  it('turns a tap into a dot of the pen\'s width in the middle', () => {
    const dot = strokesInput([[[37, 250]]], 10)!
    expect(sum(dot)).toBeCloseTo(Math.PI * (PEN_WIDTH / 2) ** 2, 0)
    const [cy, cx] = centreOfMass(dot, FIELD, FIELD)
    expect(Math.abs(cy - FIELD / 2)).toBeLessThan(0.05)
    expect(Math.abs(cx - FIELD / 2)).toBeLessThan(0.05)
    // A tap that moved 2 pad units stays a short mark (boxes under 10 units are not
    // enlarged further: 2 units become 3.4 pixels), where without that floor it would
    // become a dash 20 pixels long.
    const jitter: Stroke[] = [[[100, 100], [102, 100]]]
    expect(inkedBox(strokesInput(jitter, 10)!)!.width).toBeLessThanOrEqual(8)
    expect(inkedBox(strokesInput(jitter, 0)!)!.width).toBeGreaterThanOrEqual(BOX)
  })
})
