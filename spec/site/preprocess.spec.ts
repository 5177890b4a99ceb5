// The drawing pad's preprocessing (site/preprocess.ts): MNIST's recipe, checked on shapes
// whose answer is known. A digit's bounding box is scaled so that its longest side is 20
// pixels, keeping its aspect ratio; it is placed with its centre of mass at (14, 14); and
// area averaging turns partly covered pixels into grey levels.

import { describe, expect, it } from 'vitest'
import { boundingBox, centreOfMass, mnistInput } from '../../site/preprocess.ts'

const SIZE = 280

// A canvas of ink with the rectangle rows [top, top + h) × columns [left, left + w) filled.
const rectangle = (top: number, left: number, h: number, w: number, value = 1): Float32Array => {
  const ink = new Float32Array(SIZE * SIZE)
  for (let y = top; y < top + h; y++) for (let x = left; x < left + w; x++) ink[y * SIZE + x] = value
  return ink
}

const inkedBox = (image: Float32Array) => boundingBox(image, 28, 28, 0)

describe('mnistInput', () => {
  it('gives nothing for a blank canvas', () => {
    expect(mnistInput(new Float32Array(SIZE * SIZE), SIZE, SIZE)).toBeUndefined()
  })

  it('scales the longest side to 20 pixels and keeps the aspect ratio', () => {
    const tall = mnistInput(rectangle(30, 40, 200, 100), SIZE, SIZE)!
    expect(inkedBox(tall)).toMatchObject({ height: 20, width: 10 })
    const wide = mnistInput(rectangle(100, 10, 50, 250), SIZE, SIZE)!
    expect(inkedBox(wide)).toMatchObject({ height: 4, width: 20 })
  })

  it('puts the centre of mass at the centre of the 28×28 field', () => {
    // An L shape: its centre of mass is not the centre of its bounding box.
    const ink = rectangle(20, 20, 200, 30)
    const foot = rectangle(190, 20, 30, 150)
    for (let p = 0; p < ink.length; p++) ink[p] = Math.max(ink[p], foot[p])
    const [cy, cx] = centreOfMass(mnistInput(ink, SIZE, SIZE)!, 28, 28)
    expect(Math.abs(cy - 14)).toBeLessThanOrEqual(0.5)
    expect(Math.abs(cx - 14)).toBeLessThanOrEqual(0.5)
  })

  it('does not depend on where on the canvas the digit was drawn', () => {
    expect(mnistInput(rectangle(10, 10, 120, 40), SIZE, SIZE)).toEqual(mnistInput(rectangle(150, 200, 120, 40), SIZE, SIZE))
  })

  it('turns partly covered pixels into grey levels (anti-aliasing), all in [0, 1]', () => {
    // A 200-pixel tall box scaled by 1/10: a 15-pixel wide stroke covers 1.5 output pixels.
    const ink = rectangle(40, 40, 200, 200, 0)
    for (let y = 40; y < 240; y++) {
      ink[y * SIZE + 40] = 1 // the box's left edge, so the box is 200 wide
      ink[y * SIZE + 239] = 1
      for (let x = 100; x < 115; x++) ink[y * SIZE + x] = 1
    }
    const input = mnistInput(ink, SIZE, SIZE)!
    const greys = Array.from(input).filter((v) => v > 0.05 && v < 0.95)
    expect(greys.length).toBeGreaterThan(0)
    expect(Array.from(input).every((v) => v >= 0 && v <= 1)).toBe(true)
  })

  it('keeps the amount of ink in proportion to the area (area averaging)', () => {
    // 200×100 of full ink becomes 20×10 of full ink: 200 units.
    const input = mnistInput(rectangle(30, 40, 200, 100), SIZE, SIZE)!
    expect(input.reduce((a, b) => a + b, 0)).toBeCloseTo(200, 3)
  })
})
