// The drawing pad
// ===============
//
// A canvas you draw on with a mouse, a finger or a pen. Pointer Events give one stream of
// events for all three; `setPointerCapture` keeps the stroke going when the pointer leaves
// the canvas, and `touch-action: none` (style.css) stops a finger from scrolling the page
// instead of drawing. The pad has its own coordinates, 280×280, whatever size the canvas
// has on screen (its pixels are the screen's, so the ink stays sharp on any display).
//
// What the pad keeps is not the picture but the strokes: for each stroke, the list of
// points the pointer went through. The picture on the pad is only for you to see, drawn
// with a marker 14 of the pad's units wide. The network's input is made from the points
// (preprocess.ts): scaled so that the digit's longest side fits MNIST's 20×20 box, then
// drawn with a pen as wide as MNIST's, so a digit drawn small looks like one drawn large.
// After each stroke segment (at most once per frame) the input is made again.

import { strokesInput, type Point } from './preprocess.ts'

export const PAD = 280
/** The width of the marker on the pad, in pad units (the picture only: the input has MNIST's pen). */
const MARKER = 14
/** A digit's box is taken to be at least this long (pad units), so that a tap stays a dot. */
const MIN_SIDE = 10

export interface Pad {
  clear(): void
  /** Shows a 28×28 digit (bytes, 0 = background) on the pad, enlarged; its pixels become the input as they are. */
  show(pixels: Readonly<Uint8Array>): void
}

/**
 * Makes `canvas` a drawing pad; `onInput` receives the 28×28 input, or undefined when blank.
 * While the pad is blank the canvas has the class `blank` (style.css shows a hint over it).
 */
export const createPad = (canvas: HTMLCanvasElement, onInput: (input: Float32Array | undefined) => void): Pad => {
  const ratio = Math.max(1, Math.round(window.devicePixelRatio || 1))
  canvas.width = PAD * ratio
  canvas.height = PAD * ratio
  const context = canvas.getContext('2d')
  if (context === null) throw new Error('this browser cannot draw on a canvas')
  context.scale(ratio, ratio)
  context.lineCap = 'round'
  context.lineJoin = 'round'
  context.lineWidth = MARKER
  context.strokeStyle = '#000'

  // The strokes drawn so far (pad units); the last one is being drawn while `drawing`.
  // Owned by the pad: preprocess.ts only reads them.
  let strokes: Point[][] = []
  let drawing = false
  // A test digit is on the pad (its pixels are the input; the next stroke replaces it).
  let shown = false
  let queued = false

  const setBlank = (): void => {
    canvas.classList.toggle('blank', strokes.length === 0 && !shown)
  }

  // Where an event is, in the pad's own 280×280 coordinates (kept on the pad).
  const at = (event: PointerEvent): Point => {
    const box = canvas.getBoundingClientRect()
    const clamp = (v: number) => Math.min(PAD, Math.max(0, v))
    return [clamp(((event.clientX - box.left) / box.width) * PAD), clamp(((event.clientY - box.top) / box.height) * PAD)]
  }

  const update = (): void => {
    if (queued) return
    queued = true
    requestAnimationFrame(() => {
      queued = false
      if (!shown) onInput(strokesInput(strokes, MIN_SIDE))
    })
  }

  // The stroke being drawn goes on to `to`: one more point, and one more segment on the pad.
  const extend = (to: Point): void => {
    const stroke = strokes[strokes.length - 1]
    const from = stroke[stroke.length - 1] ?? to
    stroke.push(to)
    context.beginPath()
    if (from[0] === to[0] && from[1] === to[1]) {
      // A canvas strokes nothing for a line of length 0, caps or not: a tap is a filled dot.
      context.arc(to[0], to[1], MARKER / 2, 0, 2 * Math.PI)
      context.fillStyle = '#000'
      context.fill()
      return
    }
    context.moveTo(from[0], from[1])
    context.lineTo(to[0], to[1])
    context.stroke()
  }

  const wipe = (): void => {
    context.clearRect(0, 0, PAD, PAD)
    strokes = []
    drawing = false
    shown = false
  }

  canvas.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return
    event.preventDefault()
    canvas.setPointerCapture(event.pointerId)
    if (shown) wipe() // a test digit has pixels, not strokes: a drawing replaces it
    strokes.push([])
    drawing = true
    extend(at(event))
    setBlank()
    update()
  })
  canvas.addEventListener('pointermove', (event) => {
    if (!drawing) return
    // A fast stroke delivers several positions per frame; draw through all of them.
    const events = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : []
    for (const e of events.length > 0 ? events : [event]) extend(at(e))
    update()
  })
  const end = (): void => {
    drawing = false
  }
  canvas.addEventListener('pointerup', end)
  canvas.addEventListener('pointercancel', end)
  setBlank()

  return {
    clear: () => {
      wipe()
      setBlank()
      onInput(undefined)
    },
    show: (pixels) => {
      wipe()
      shown = true
      setBlank()
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
