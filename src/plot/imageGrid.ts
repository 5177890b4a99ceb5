// Image grids
// ===========
//
// Many small pictures with a caption under each: digits the network got wrong, the
// "template" each class looks for, the channels of a feature map. Each tile is a heatmap
// without gaps (plot/heatmap.ts) with a thin frame, so that a white image on a white page
// still shows where it is, and zero or more caption lines centred underneath.
//
// Tiles are laid out `perRow` to a row (plot/layout.ts `grid`), each as wide as the widest
// tile or caption, so that long captions never run into their neighbours. A tile of many
// pixels can be drawn as one image instead of a rect per pixel (`raster`, plot/heatmap.ts).
// Previous: plot/colorbar.ts. Next: plot/barChart.ts.

import { heatmap } from './heatmap.ts'
import { column, grid } from './layout.ts'
import { element, type Block } from './svg.ts'
import { textBlock } from './text.ts'

/** One picture: a rows × cols matrix of values, its palette, and caption lines. */
export interface ImageTile {
  readonly rows: number
  readonly cols: number
  readonly values: ArrayLike<number> // (rows, cols), row-major
  readonly fill: (value: number) => string
  readonly caption?: readonly string[]
  readonly background?: string // pixels of this colour are skipped (see heatmap)
  readonly tooltip?: (row: number, col: number, value: number) => string
  readonly raster?: boolean // one image, a pixel per value: no tooltips, no background skipped
}

/** How tiles are laid out: tiles per row, px per image pixel, space between tiles. */
export interface ImageGridOptions {
  readonly tiles: readonly ImageTile[]
  readonly perRow: number
  readonly pixel: number
  readonly gap?: number // default 12
  readonly captionSize?: number // default 11
  readonly className?: string // on each tile's heatmap group
}

/** One framed image with its caption centred underneath. */
export const imageTile = (tile: ImageTile, pixel: number, captionSize = 11, className = 'image'): Block => {
  const image = heatmap({
    rows: tile.rows,
    cols: tile.cols,
    values: tile.values,
    fill: tile.fill,
    cellWidth: pixel,
    className,
    ...(tile.background === undefined ? {} : { background: tile.background }),
    ...(tile.tooltip === undefined ? {} : { tooltip: tile.tooltip }),
    ...(tile.raster === true ? { raster: true } : {}),
  })
  const frame = element('rect', {
    x: -0.5,
    y: -0.5,
    width: image.width + 1,
    height: image.height + 1,
    fill: 'none',
    stroke: '#999999',
  })
  const framed: Block = { ...image, svg: `${image.svg}\n${frame}` }
  const caption = tile.caption ?? []
  return caption.length === 0 ? framed : column([framed, textBlock(caption, { size: captionSize, anchor: 'middle' })], 4, 'middle')
}

/** Tiles wrapped `perRow` to a row. */
export const imageGrid = (o: ImageGridOptions): Block => {
  const gap = o.gap ?? 12
  const tiles = o.tiles.map((tile) => imageTile(tile, o.pixel, o.captionSize ?? 11, o.className ?? 'image'))
  return grid(tiles, o.perRow, gap, gap)
}
