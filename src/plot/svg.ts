// SVG, one string at a time
// =========================
//
// Every picture in this chapter is a plain string of SVG: no DOM, no canvas, no library.
// A figure is built from *blocks*: a piece of SVG drawn with its top-left corner at (0, 0),
// plus the width and height it occupies. Bigger blocks are made by moving smaller ones
// into place with `translate` (see plot/layout.ts), so no drawing function ever needs to
// know where on the page it will end up.
//
// Output must be byte-for-byte deterministic, so that figures can be snapshot-tested and
// diffed in git: every number goes through `num`, which rounds to a fixed number of decimals
// (x = 12.3456 → "12.35", −0.001 → "0"), and every piece of text goes through `escapeXml`.
// Previous: model/trace.ts. Next: plot/text.ts.

// Numbers and text
// ----------------

/**
 * A number as SVG writes it: fixed decimals, trailing zeros dropped, never "-0".
 * @example num(12.3456) === '12.35'; num(3) === '3'; num(-0.001) === '0'
 */
export const num = (x: number, decimals = 2): string => {
  if (!Number.isFinite(x)) throw new RangeError(`num: cannot write ${x} into an SVG attribute`)
  const fixed = x.toFixed(decimals)
  const trimmed = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed
  return trimmed === '-0' ? '0' : trimmed
}

// XML 1.0 forbids most control characters even when escaped; we replace them with U+FFFD.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g

/**
 * Text made safe for element content and attribute values.
 * @example escapeXml('a<b & "c"') === 'a&lt;b &amp; &quot;c&quot;'
 */
export const escapeXml = (text: string): string =>
  text
    .replace(FORBIDDEN, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')

// Elements
// --------

/** Attribute values: numbers are written with `num`, `undefined` leaves the attribute out. */
export type Attrs = Readonly<Record<string, string | number | undefined>>

const attributes = (attrs: Attrs): string =>
  Object.entries(attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${typeof value === 'number' ? num(value) : escapeXml(value)}"`)
    .join('')

/**
 * One element. Children are SVG strings already (escape text with `escapeXml`); an element
 * without children closes itself. Several children go on lines of their own, so diffs stay readable.
 * @example element('rect', { x: 1, width: 2.5 }) === '<rect x="1" width="2.5"/>'
 */
export const element = (name: string, attrs: Attrs, children: string | readonly string[] = []): string => {
  const inner = typeof children === 'string' ? children : children.join('\n')
  const list = typeof children === 'string' ? false : children.length > 1
  return inner === ''
    ? `<${name}${attributes(attrs)}/>`
    : list
      ? `<${name}${attributes(attrs)}>\n${inner}\n</${name}>`
      : `<${name}${attributes(attrs)}>${inner}</${name}>`
}

// Blocks
// ------

/** A piece of SVG drawn from (0, 0), and the width × height it occupies. */
export interface Block {
  readonly width: number
  readonly height: number
  readonly svg: string
}

/** An empty block that only takes up room. */
export const spacer = (width: number, height: number): Block => ({ width, height, svg: '' })

/** A block's SVG moved so that its top-left corner sits at (x, y). */
export const translate = (block: Block, x: number, y: number): string =>
  block.svg === ''
    ? ''
    : x === 0 && y === 0
      ? block.svg
      : element('g', { transform: `translate(${num(x)},${num(y)})` }, [block.svg])

// Documents
// ---------

/** The fonts we ask for; every browser has one of them. Sizes are in px, never below 11. */
export const FONT_FAMILY = 'Helvetica, Arial, sans-serif'

/** The colour of ordinary text and axes. */
export const INK = '#222222'

/**
 * A complete SVG document around a block: XML declaration, `viewBox`, a `<title>` (shown as
 * a tooltip, read by screen readers), a white background, and the block itself.
 */
export const svgDocument = (title: string, body: Block): string => {
  const width = Math.ceil(body.width)
  const height = Math.ceil(body.height)
  const svg = element(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      'font-family': FONT_FAMILY,
      'font-size': 12,
      fill: INK,
    },
    [
      element('title', {}, escapeXml(title)),
      element('rect', { width, height, fill: '#ffffff' }),
      body.svg,
    ].filter((part) => part !== ''),
  )
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`
}
