// Layout: blocks in rows and columns
// ==================================
//
// A figure is a tree of blocks (plot/svg.ts). We never place anything by absolute page
// coordinates; instead we stack blocks side by side or one under another, like boxes in a
// text layout engine:
//
//     row([a, b], gap)     width = a.width + gap + b.width,  height = max(a.height, b.height)
//     column([a, b], gap)  width = max(a.width, b.width),    height = a.height + gap + b.height
//
// Alignment says where a smaller block sits across the stacking direction (start, middle or
// end). `pad` adds a margin, `grid` wraps a list of equal cells into rows.
// Previous: plot/text.ts. Next: plot/palette.ts.

import { translate, type Block } from './svg.ts'

/** Where a block sits across the direction of stacking. */
export type Align = 'start' | 'middle' | 'end'

const offset = (room: number, size: number, align: Align): number =>
  align === 'start' ? 0 : align === 'middle' ? (room - size) / 2 : room - size

/**
 * Blocks side by side, left to right, `gap` px apart.
 * @example row([spacer(10, 5), spacer(20, 8)], 4).width === 34
 */
export const row = (blocks: readonly Block[], gap = 0, align: Align = 'start'): Block => {
  const height = blocks.reduce((most, b) => Math.max(most, b.height), 0)
  let x = 0
  const parts: string[] = []
  blocks.forEach((block, i) => {
    if (i > 0) x += gap
    parts.push(translate(block, x, offset(height, block.height, align)))
    x += block.width
  })
  return { width: x, height, svg: parts.filter((p) => p !== '').join('\n') }
}

/**
 * Blocks one under another, top to bottom, `gap` px apart.
 * @example column([spacer(10, 5), spacer(20, 8)], 4).height === 17
 */
export const column = (blocks: readonly Block[], gap = 0, align: Align = 'start'): Block => {
  const width = blocks.reduce((most, b) => Math.max(most, b.width), 0)
  let y = 0
  const parts: string[] = []
  blocks.forEach((block, i) => {
    if (i > 0) y += gap
    parts.push(translate(block, offset(width, block.width, align), y))
    y += block.height
  })
  return { width, height: y, svg: parts.filter((p) => p !== '').join('\n') }
}

/** A block with a margin around it: top, right, bottom, left as in CSS. */
export const pad = (block: Block, top: number, right = top, bottom = top, left = right): Block => ({
  width: left + block.width + right,
  height: top + block.height + bottom,
  svg: translate(block, left, top),
})

/**
 * Blocks wrapped into rows of `perRow`, each cell as wide as the widest block and each row as
 * tall as its tallest block. Cells are centred horizontally and top-aligned.
 */
export const grid = (blocks: readonly Block[], perRow: number, gapX: number, gapY: number): Block => {
  const across = Math.max(1, Math.floor(perRow))
  const cellWidth = blocks.reduce((most, b) => Math.max(most, b.width), 0)
  const rows: Block[] = []
  for (let start = 0; start < blocks.length; start += across) {
    const cells = blocks.slice(start, start + across).map((b) => ({ ...b, width: cellWidth, svg: translate(b, (cellWidth - b.width) / 2, 0) }))
    rows.push(row(cells, gapX))
  }
  return column(rows, gapY)
}

/** The same block in a wider box, placed at its start, middle or end. */
export const widen = (block: Block, width: number, align: Align = 'start'): Block =>
  width <= block.width ? block : { width, height: block.height, svg: translate(block, offset(width, block.width, align), 0) }

/**
 * The widest block of each column of a table whose rows are lists of blocks, so that rows
 * drawn one by one with `widen` line up as columns.
 * @example columnWidths([[spacer(3, 1), spacer(5, 1)], [spacer(4, 1)]]) // [4, 5]
 */
export const columnWidths = (rows: readonly (readonly Block[])[]): readonly number[] => {
  const widths: number[] = []
  for (const cells of rows) cells.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.width)))
  return widths
}
