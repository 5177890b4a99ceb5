// Numbers as pictures
// ===================
//
// Every picture on the page is a small canvas whose pixels *are* the numbers: a 26×26
// feature map is a 26×26 canvas, enlarged by CSS with `image-rendering: pixelated` so that
// each value stays a sharp square. Two colour scales, as in the SVG pictures of src/plot/:
//
//     grey       0 → white … 1 → black         the input, as ink on paper
//     diverging  −m → blue, 0 → white, +m → red   weights and feature maps, where the sign matters
//
// A diverging scale is centred at 0 so that "no signal" always looks the same; m is the
// largest magnitude among the maps compared (one scale per stage), so they can be compared.
// Also here: the line chart of the training curves and the probability bars.

/** A colour scale: a value → [r, g, b]. */
export type Scale = (v: number) => readonly [number, number, number]

const BLUE = [33, 102, 172] as const
const WHITE = [247, 247, 247] as const
const RED = [178, 24, 43] as const

const mix = (a: readonly number[], b: readonly number[], t: number): readonly [number, number, number] => [
  Math.round(a[0] + (b[0] - a[0]) * t),
  Math.round(a[1] + (b[1] - a[1]) * t),
  Math.round(a[2] + (b[2] - a[2]) * t),
]

/** White for 0, black for 1 (and beyond). */
const GREYS = Array.from({ length: 256 }, (_, g) => [g, g, g] as const)
export const greyScale: Scale = (v) => GREYS[Math.round(255 * (1 - Math.min(1, Math.max(0, v)))) || 0]

// The diverging scale's colours, computed once: 255 steps from white to blue and to red,
// finer than a colour channel can show. A repaint then looks colours up instead of mixing
// (and allocating) one per value, which keeps a redraw of many maps within a frame.
const LEVELS = 255
const TOWARDS_BLUE = Array.from({ length: LEVELS + 1 }, (_, n) => mix(WHITE, BLUE, n / LEVELS))
const TOWARDS_RED = Array.from({ length: LEVELS + 1 }, (_, n) => mix(WHITE, RED, n / LEVELS))

/** Blue below 0, white at 0, red above, saturating at ±m. */
export const divergingScale = (m: number): Scale => {
  const inv = m > 0 ? LEVELS / m : 0
  return (v) => {
    const t = Math.round(Math.max(-LEVELS, Math.min(LEVELS, v * inv))) || 0 // NaN: white
    return t < 0 ? TOWARDS_BLUE[-t] : TOWARDS_RED[t]
  }
}

/** The largest |v| in an array (at least a tiny positive number, so a scale never divides by 0). */
export const maxAbs = (values: ArrayLike<number>, from = 0, to = values.length): number => {
  let m = 1e-6
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(values[i]))
  return m
}

/**
 * A robust largest magnitude: the q-quantile of |v| (q = 0.98 by default), so that a few
 * outlying weights do not wash out the colours of all the others (they saturate instead).
 */
export const robustMax = (values: ArrayLike<number>, q = 0.98): number => {
  const magnitudes = Float64Array.from(values, Math.abs).sort()
  return Math.max(1e-6, magnitudes[Math.min(magnitudes.length - 1, Math.floor(q * magnitudes.length))] ?? 0)
}

/** Paints the H×W values starting at `offset` into `canvas`, one pixel per value. */
export const paintMap = (canvas: HTMLCanvasElement, values: ArrayLike<number>, offset: number, H: number, W: number, scale: Scale): void => {
  if (canvas.width !== W) canvas.width = W
  if (canvas.height !== H) canvas.height = H
  const context = canvas.getContext('2d')
  if (context === null) return
  const image = context.createImageData(W, H)
  const bytes = image.data
  for (let p = 0; p < H * W; p++) {
    const colour = scale(values[offset + p])
    bytes[p * 4] = colour[0]
    bytes[p * 4 + 1] = colour[1]
    bytes[p * 4 + 2] = colour[2]
    bytes[p * 4 + 3] = 255
  }
  context.putImageData(image, 0, 0)
}

/**
 * Paints C maps of H×W side by side in rows of `columns`, one pixel apart (the gaps
 * transparent): one canvas for a whole (C, H, W) tensor, as in the class templates.
 */
export const paintMosaic = (canvas: HTMLCanvasElement, values: ArrayLike<number>, C: number, H: number, W: number, scale: Scale, columns = Math.ceil(Math.sqrt(C))): void => {
  const rows = Math.ceil(C / columns)
  const [width, height] = [columns * (W + 1) - 1, rows * (H + 1) - 1]
  if (canvas.width !== width) canvas.width = width
  if (canvas.height !== height) canvas.height = height
  const context = canvas.getContext('2d')
  if (context === null) return
  const image = context.createImageData(width, height)
  for (let c = 0; c < C; c++) {
    const [top, left] = [Math.floor(c / columns) * (H + 1), (c % columns) * (W + 1)]
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const colour = scale(values[(c * H + y) * W + x])
        const at = ((top + y) * width + left + x) * 4
        image.data[at] = colour[0]
        image.data[at + 1] = colour[1]
        image.data[at + 2] = colour[2]
        image.data[at + 3] = 255
      }
    }
  }
  context.putImageData(image, 0, 0)
}

// Curves
// ------

/** One line of a chart: its points (x, y), colour and name. */
export interface Series {
  readonly name: string
  readonly colour: string
  readonly points: readonly (readonly [number, number])[]
  /** Draw a dot at every point (for per-epoch values). */
  readonly dots?: boolean
}

/**
 * A line chart of some series on `canvas`, drawn at the canvas's CSS size times the device
 * pixel ratio so that lines stay crisp. y runs over [yMin, yMax]; x over [0, xMax].
 */
export const drawChart = (canvas: HTMLCanvasElement, series: readonly Series[], options: { readonly yMin: number; readonly yMax: number; readonly xMax: number; readonly yLabel: (v: number) => string; readonly xLabel: string }): void => {
  const ratio = window.devicePixelRatio || 1
  const [cssW, cssH] = [canvas.clientWidth || 300, canvas.clientHeight || 160]
  canvas.width = Math.round(cssW * ratio)
  canvas.height = Math.round(cssH * ratio)
  const context = canvas.getContext('2d')
  if (context === null) return
  context.scale(ratio, ratio)
  context.clearRect(0, 0, cssW, cssH)
  const [left, right, top, bottom] = [44, 8, 8, 22]
  const plotW = cssW - left - right
  const plotH = cssH - top - bottom
  const sx = (x: number) => left + (options.xMax > 0 ? (x / options.xMax) * plotW : 0)
  const sy = (y: number) => top + plotH - ((Math.min(options.yMax, Math.max(options.yMin, y)) - options.yMin) / (options.yMax - options.yMin)) * plotH
  context.font = '11px system-ui, sans-serif'
  context.fillStyle = '#555'
  context.strokeStyle = '#ddd'
  context.lineWidth = 1
  for (let k = 0; k <= 4; k++) {
    const v = options.yMin + ((options.yMax - options.yMin) * k) / 4
    const y = Math.round(sy(v)) + 0.5
    context.beginPath()
    context.moveTo(left, y)
    context.lineTo(left + plotW, y)
    context.stroke()
    context.textAlign = 'right'
    context.textBaseline = 'middle'
    context.fillText(options.yLabel(v), left - 4, y)
  }
  // Whole epochs along x (about five labels), and the axis's name at its end.
  context.textAlign = 'center'
  context.textBaseline = 'alphabetic'
  const every = Math.max(1, Math.round(options.xMax / 5))
  for (let x = 0; x <= options.xMax - every / 2; x += every) context.fillText(String(x), sx(x), cssH - 6)
  context.textAlign = 'right'
  context.fillText(options.xLabel, left + plotW, cssH - 6)
  for (const s of series) {
    context.strokeStyle = s.colour
    context.fillStyle = s.colour
    context.lineWidth = 1.5
    context.beginPath()
    s.points.forEach(([x, y], n) => (n === 0 ? context.moveTo(sx(x), sy(y)) : context.lineTo(sx(x), sy(y))))
    context.stroke()
    if (s.dots === true) {
      for (const [x, y] of s.points) {
        context.beginPath()
        context.arc(sx(x), sy(y), 2.5, 0, 2 * Math.PI)
        context.fill()
      }
    }
  }
}
