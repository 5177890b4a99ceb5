// Colour palettes
// ===============
//
// A palette turns a number into a colour. We need three kinds:
//
// * **diverging** (blue – grey – red) for weights: Moreland's "cool to warm", matplotlib's
//   `coolwarm`, as in the seaborn heatmaps of the original project. A value v with scale s
//   sits at t = ½ + ½·clamp(v / s, −1, 1): 0 is always the neutral grey, and −v is as light
//   (CIE L*, to half a unit) as +v, only blue instead of red;
// * **sequential** (white → dark blue, ColorBrewer "Blues") for counts and probabilities;
// * **grey** (white paper → black ink) for images.
//
// Palettes are tables of evenly spaced colours, interpolated linearly in sRGB just as an SVG
// gradient is, so colour bars match the cells. Numbers that are not finite are magenta.
// Previous: plot/layout.ts. Next: plot/ticks.ts.

// Colours
// -------

/** A colour as 8-bit red, green, blue. */
export interface Rgb {
  readonly r: number
  readonly g: number
  readonly b: number
}

const hex2 = (channel: number): string => Math.round(Math.min(255, Math.max(0, channel))).toString(16).padStart(2, '0')

/**
 * `#rrggbb` for a colour.
 * @example hex({ r: 255, g: 0, b: 16 }) === '#ff0010'
 */
export const hex = (colour: Rgb): string => `#${hex2(colour.r)}${hex2(colour.g)}${hex2(colour.b)}`

/** The colour of a `#rrggbb` string. */
export const parseHex = (text: string): Rgb => {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(text)
  if (m === null) throw new RangeError(`parseHex: expected #rrggbb, got ${text}`)
  return { r: parseInt(m[1], 16), g: parseInt(m[2], 16), b: parseInt(m[3], 16) }
}

// Lightness and contrast
// ----------------------

// sRGB → linear light → relative luminance Y → CIE lightness L* (0 black … 100 white).
const linear = (channel: number): number => {
  const c = channel / 255
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
}

/**
 * Perceived lightness CIE L* of a colour, from 0 (black) to 100 (white).
 * @example Math.round(lightness({ r: 221, g: 221, b: 221 })) === 88
 */
export const lightness = (colour: Rgb): number => {
  const y = 0.2126 * linear(colour.r) + 0.7152 * linear(colour.g) + 0.0722 * linear(colour.b)
  const f = y > 216 / 24389 ? Math.cbrt(y) : ((24389 / 27) * y + 16) / 116
  return 116 * f - 16
}

/** Text colour that stays readable on a fill: white on dark colours, near-black on light ones. */
export const contrastText = (fill: string): string => (lightness(parseHex(fill)) < 55 ? '#ffffff' : '#222222')

// Tables
// ------

/** The colour for numbers that are NaN or infinite. */
export const NOT_FINITE = '#ff00ff'

// Interpolate linearly between evenly spaced colours; t outside [0, 1] is clamped.
const interpolate =
  (table: readonly (readonly [number, number, number])[]) =>
  (t: number): string => {
    if (!Number.isFinite(t)) return NOT_FINITE
    const x = Math.min(1, Math.max(0, t)) * (table.length - 1)
    const i = Math.min(table.length - 2, Math.floor(x))
    const f = x - i
    const [r0, g0, b0] = table[i]
    const [r1, g1, b1] = table[i + 1]
    return hex({ r: r0 + (r1 - r0) * f, g: g0 + (g1 - g0) * f, b: b0 + (b1 - b0) * f })
  }

// Moreland's cool-warm table, 33 colours (t = 0, 1/32, …, 1). Index 16 is the neutral middle.
const COOLWARM = [
  [59, 76, 192], [68, 90, 204], [77, 104, 215], [87, 117, 225], [98, 130, 234], [108, 142, 241],
  [119, 154, 247], [130, 165, 251], [141, 176, 254], [152, 185, 255], [163, 194, 255],
  [174, 201, 253], [184, 208, 249], [194, 213, 244], [204, 217, 238], [213, 219, 230],
  [221, 221, 221],
  [229, 216, 209], [236, 211, 197], [241, 204, 185], [245, 196, 173], [247, 187, 160],
  [247, 177, 148], [247, 167, 137], [244, 154, 123], [241, 141, 111], [236, 127, 99],
  [229, 112, 88], [222, 96, 77], [213, 80, 66], [203, 62, 56], [192, 40, 47], [180, 4, 38],
] as const

// ColorBrewer's 9-class "Blues", from almost white to dark blue.
const BLUES = [
  [247, 251, 255], [222, 235, 247], [198, 219, 239], [158, 202, 225], [107, 174, 214],
  [66, 146, 198], [33, 113, 181], [8, 81, 156], [8, 48, 107],
] as const

// Palettes
// --------

/** Moreland's cool-warm map at t ∈ [0, 1]: 0 blue, ½ neutral grey, 1 red. */
export const coolwarm: (t: number) => string = interpolate(COOLWARM)

/** The colour of zero on the diverging scale. */
export const NEUTRAL = coolwarm(0.5)

/**
 * The diverging colour of `value` on the symmetric scale −scale … +scale.
 * @example diverging(0, 1) === NEUTRAL; diverging(-1, 1) === '#3b4cc0'; diverging(2, 1) === '#b40426'
 */
export const diverging = (value: number, scale: number): string =>
  Number.isFinite(value) ? coolwarm(0.5 + 0.5 * (scale > 0 ? value / scale : 0)) : NOT_FINITE

/** The sequential ("Blues") colour at t ∈ [0, 1]: 0 almost white, 1 dark blue. */
export const blues: (t: number) => string = interpolate(BLUES)

/**
 * An image grey at t ∈ [0, 1]: 0 white paper, 1 black ink, as a digit is written.
 * @example grey(0) === '#ffffff'; grey(1) === '#000000'
 */
export const grey: (t: number) => string = interpolate([
  [255, 255, 255],
  [0, 0, 0],
])

/**
 * The largest |v| among the finite numbers given: the half-width of a symmetric scale.
 * Zero when there are none, or all are 0.
 * @example symmetricScale([[-3, 1], [2]]) === 3
 */
export const symmetricScale = (arrays: readonly ArrayLike<number>[]): number => {
  let scale = 0
  for (const values of arrays) {
    for (let i = 0; i < values.length; i++) {
      const v = Math.abs(values[i])
      if (Number.isFinite(v) && v > scale) scale = v
    }
  }
  return scale
}

/**
 * A scale that a few outliers cannot set: the q-quantile of |v| over the finite numbers
 * given (the value at rank ⌈q·n⌉ of the n sizes, smallest first). At most a share 1 − q of
 * the numbers lie beyond it; drawn with `diverging`, they saturate at full blue or red.
 * When the quantile is 0 (mostly zeros) it falls back to the largest |v|, so the scale is
 * 0 only when every number is.
 * @example robustScale([[1, -2, 3, -4, 100]], 0.8) === 4; robustScale([[1, -2, 3, -4, 100]], 1) === 100
 */
export const robustScale = (arrays: readonly ArrayLike<number>[], q: number): number => {
  // A typed array sorts numbers by value, and fast: a layer can have millions of weights.
  let total = 0
  for (const values of arrays) total += values.length
  const all = new Float64Array(total)
  let n = 0
  for (const values of arrays) {
    for (let i = 0; i < values.length; i++) {
      const v = Math.abs(values[i])
      if (Number.isFinite(v)) all[n++] = v
    }
  }
  if (n === 0) return 0
  const sizes = all.subarray(0, n).sort()
  const rank = Math.min(sizes.length, Math.max(1, Math.ceil(q * sizes.length - 1e-9)))
  const scale = sizes[rank - 1]
  return scale > 0 ? scale : sizes[sizes.length - 1]
}
