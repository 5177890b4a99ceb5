// Text
// ====
//
// SVG cannot measure text: a string's width depends on the font the viewer happens to have.
// To keep labels from overlapping we *estimate* widths from a small table of character
// widths (in em, the font size) and err on the wide side:
//
//     width(text) ≈ fontSize · Σ_char advance(char)
//
// The table follows DejaVu Sans, the widest of the fonts a browser is likely to pick for
// "Helvetica, Arial, sans-serif", so Arial and Helvetica text always fits in the room we leave.
// Bold letters are wider still: DejaVu Sans Bold sets a title about 13% wider than the
// regular face, about 4% more than the table says, so bold text counts 8% wider.
// A text block's baseline sits one font size below its top; its height is 1.3 font sizes,
// which leaves room for descenders (g, p, y).
// Previous: plot/svg.ts. Next: plot/layout.ts.

import { element, escapeXml, num, type Block } from './svg.ts'

// Measuring
// ---------

// Advances in em, by character class. Anything not listed counts as a wide-ish 0.65 em.
const NARROW = new Set([...'ijlI.,:;\'|!'])
const SLIM = new Set([...' ()[]{}frt/\\-"'])
const WIDE = new Set([...'mwMW%@—'])
const MEDIUM_WIDE = new Set([...'−→±×·ABCDEGHKNOQRUVXY&#<>=+~'])

const advance = (char: string): number =>
  NARROW.has(char) ? 0.3 : SLIM.has(char) ? 0.42 : WIDE.has(char) ? 1 : MEDIUM_WIDE.has(char) ? 0.84 : 0.65

// How much wider bold text is than the table says.
const BOLD = 1.08

/**
 * An upper estimate of a string's width in px, in the regular or the bold face.
 * @example textWidth('0.12', 10) ≈ 22.5; textWidth('0.12', 10, 'bold') ≈ 24.3
 */
export const textWidth = (text: string, fontSize: number, weight: 'normal' | 'bold' = 'normal'): number =>
  [...text].reduce((sum, char) => sum + advance(char), 0) * fontSize * (weight === 'bold' ? BOLD : 1)

/** The height of one line of text of this size. */
export const lineHeight = (fontSize: number): number => fontSize * 1.3

// Minus signs
// -----------

/**
 * A number for people to read, with a true minus sign (−) and never "−0".
 * @example showNumber(-0.123, 2) === '−0.12'; showNumber(-0.001, 2) === '0.00'
 */
export const showNumber = (value: number, decimals: number): string => {
  if (Number.isNaN(value)) return 'NaN'
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞'
  const fixed = value.toFixed(decimals)
  return /^-0(\.0*)?$/.test(fixed) ? fixed.slice(1) : fixed.replace('-', '−')
}

/** Like `showNumber`, with an explicit + on positive numbers: "+0.43". */
export const showSigned = (value: number, decimals: number): string => {
  const shown = showNumber(value, decimals)
  return value > 0 && !/^0(\.0*)?$/.test(shown) ? `+${shown}` : shown
}

// Text blocks
// -----------

/** How a label looks: size in px, weight, colour, alignment inside its block. */
export interface TextStyle {
  readonly size?: number
  readonly weight?: 'normal' | 'bold'
  readonly fill?: string
  readonly anchor?: 'start' | 'middle' | 'end'
  readonly minWidth?: number
}

/** A `<text>` element at (x, baseline y); the building block of every label. */
export const textAt = (content: string, x: number, y: number, style: TextStyle = {}): string =>
  element(
    'text',
    {
      x,
      y,
      'font-size': style.size === undefined || style.size === 12 ? undefined : style.size,
      'font-weight': style.weight === 'bold' ? 'bold' : undefined,
      fill: style.fill,
      'text-anchor': style.anchor === undefined || style.anchor === 'start' ? undefined : style.anchor,
    },
    escapeXml(content),
  )

/**
 * Lines of text as a block, as wide as the widest line (or `minWidth`), aligned by `anchor`.
 * @example textBlock(['Kernels'], { size: 16, weight: 'bold' }).height === 20.8
 */
export const textBlock = (lines: readonly string[], style: TextStyle = {}): Block => {
  const size = style.size ?? 12
  const width = lines.reduce((most, line) => Math.max(most, textWidth(line, size, style.weight)), style.minWidth ?? 0)
  const x = style.anchor === 'middle' ? width / 2 : style.anchor === 'end' ? width : 0
  const svg = lines.map((line, i) => textAt(line, x, size + i * lineHeight(size), style)).join('\n')
  return { width, height: lines.length * lineHeight(size), svg }
}

/** Text turned 90° counter-clockwise, reading upwards: the usual y-axis label. */
export const verticalText = (content: string, style: TextStyle = {}): Block => {
  const size = style.size ?? 12
  const length = textWidth(content, size, style.weight)
  const x = size
  const y = length / 2
  const svg = element(
    'text',
    {
      x,
      y,
      'font-size': size === 12 ? undefined : size,
      'font-weight': style.weight === 'bold' ? 'bold' : undefined,
      fill: style.fill,
      'text-anchor': 'middle',
      transform: `rotate(-90 ${num(x)} ${num(y)})`,
    },
    escapeXml(content),
  )
  return { width: lineHeight(size), height: length, svg }
}
