// The drawing pad
// ===============
//
// A canvas you draw on with a mouse, a finger or a pen. Pointer Events give one stream of
// events for all three; `setPointerCapture` keeps the stroke going when the pointer leaves
// the canvas, and `touch-action: none` (style.css) stops a finger from scrolling the page
// instead of drawing. Strokes are drawn at a fixed resolution of 280×280, whatever size
// the canvas has on screen, with a pen about as wide, relative to the digit, as MNIST's.
//
// After each stroke segment (at most once per frame) the canvas's opacity is read back as
// "ink" in [0, 1] and turned into the network's 28×28 input by preprocess.ts.

import { mnistInput } from './preprocess.ts'

export const PAD = 280
const PEN = 20

export interface Pad {
  clear(): void
  /** Shows a 28×28 digit (bytes, 0 = background) on the pad, enlarged; its pixels become the input as they are. */
  show(pixels: Readonly<Uint8Array>): void
}

/** Makes `canvas` a drawing pad; `onInput` receives the 28×28 input, or undefined when blank. */
export const createPad = (canvas: HTMLCanvasElement, onInput: (input: Float32Array | undefined) => void): Pad => {
  canvas.width = PAD
  canvas.height = PAD
  const context = canvas.getContext('2d', { willReadFrequently: true })
  if (context === null) throw new Error('this browser cannot draw on a canvas')
  context.lineCap = 'round'
  context.lineJoin = 'round'
  context.lineWidth = PEN
  context.strokeStyle = '#000'
  let last: readonly [number, number] | undefined
  let queued = false

  // Where an event is, in the pad's own 280×280 coordinates.
  const at = (event: PointerEvent): readonly [number, number] => {
    const box = canvas.getBoundingClientRect()
    return [((event.clientX - box.left) / box.width) * PAD, ((event.clientY - box.top) / box.height) * PAD]
  }

  const update = (): void => {
    if (queued) return
    queued = true
    requestAnimationFrame(() => {
      queued = false
      const rgba = context.getImageData(0, 0, PAD, PAD).data
      const ink = new Float32Array(PAD * PAD) // (280, 280): the alpha channel, in [0, 1]
      for (let p = 0; p < ink.length; p++) ink[p] = rgba[p * 4 + 3] / 255
      onInput(mnistInput(ink, PAD, PAD))
    })
  }

  const segment = (to: readonly [number, number]): void => {
    const from = last ?? to
    context.beginPath()
    context.moveTo(from[0], from[1])
    context.lineTo(to[0], to[1])
    context.stroke()
    last = to
  }

  canvas.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return
    event.preventDefault()
    canvas.setPointerCapture(event.pointerId)
    last = undefined
    segment(at(event))
    update()
  })
  canvas.addEventListener('pointermove', (event) => {
    if (last === undefined) return
    // A fast stroke delivers several positions per frame; draw through all of them.
    const events = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : []
    for (const e of events.length > 0 ? events : [event]) segment(at(e))
    update()
  })
  const end = (): void => {
    last = undefined
  }
  canvas.addEventListener('pointerup', end)
  canvas.addEventListener('pointercancel', end)

  return {
    clear: () => {
      context.clearRect(0, 0, PAD, PAD)
      last = undefined
      onInput(undefined)
    },
    show: (pixels) => {
      context.clearRect(0, 0, PAD, PAD)
      const cell = PAD / 28
      for (let p = 0; p < 784; p++) {
        if (pixels[p] === 0) continue
        context.fillStyle = `rgb(0 0 0 / ${(pixels[p] / 255).toFixed(3)})`
        context.fillRect((p % 28) * cell, Math.floor(p / 28) * cell, cell, cell)
      }
      const input = new Float32Array(784)
      for (let p = 0; p < 784; p++) input[p] = pixels[p] / 255
      onInput(input)
    },
  }
}
