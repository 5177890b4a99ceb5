import { describe, expect, it } from 'vitest'
import { column, columnWidths, grid, pad, row, widen } from '../../src/plot/layout.ts'
import { spacer, type Block } from '../../src/plot/svg.ts'

const box = (width: number, height: number): Block => ({ width, height, svg: `<rect width="${width}" height="${height}"/>` })

describe('layout', () => {
  it('puts blocks side by side: widths and gaps add up, the tallest sets the height', () => {
    const r = row([box(10, 5), box(20, 8)], 4)
    expect([r.width, r.height]).toEqual([34, 8])
    expect(r.svg).toContain('translate(14,0)')
  })

  it('aligns the smaller block in the middle or at the end', () => {
    expect(row([box(10, 4), box(10, 8)], 0, 'middle').svg).toContain('translate(0,2)')
    expect(column([box(4, 1), box(8, 1)], 0, 'end').svg).toContain('translate(4,0)')
  })

  it('stacks blocks one under another', () => {
    const c = column([box(10, 5), spacer(20, 8)], 4)
    expect([c.width, c.height]).toEqual([20, 17])
  })

  it('pads like CSS: top, right, bottom, left', () => {
    const p = pad(box(10, 10), 1, 2, 3, 4)
    expect([p.width, p.height]).toEqual([16, 14])
    expect(p.svg).toContain('translate(4,1)')
  })

  it('wraps a grid into rows of equal cells', () => {
    const g = grid([box(10, 10), box(10, 10), box(10, 10)], 2, 5, 5)
    expect([g.width, g.height]).toEqual([25, 25])
  })

  it('finds column widths of a table and widens blocks to them', () => {
    expect(columnWidths([[box(3, 1), box(5, 1)], [box(4, 1)]])).toEqual([4, 5])
    expect(widen(box(3, 1), 9, 'middle').width).toBe(9)
    expect(widen(box(3, 1), 2).width).toBe(3)
  })
})
