// Figure: one digit, augmented
// ============================
//
// What does augmentation (beyond/augment.ts) do to a digit? One training image as it is
// stored, and beside it the versions the network sees of it in successive epochs, each
// captioned with its epoch and the change drawn for it:
//
//     epoch 3           the epoch (the random numbers' address is seed, epoch, image)
//     → 2  ↑ 1          moved 2 pixels right and 1 up (whole pixels)
//     +7.3°  ×1.04      turned 7.3° clockwise and grown by 4%
//
// The picture is a check as much as an illustration: a digit turned past recognition, or cut
// off at the edge, says the augmentation is too strong; twenty-four near-identical tiles say
// it does too little. Everything is computed from the image, the augmentation and the seed,
// so the same arguments give the same SVG, byte for byte.
//
// The versions come from chapter 11 (beyond/augment.ts, `augmentedVersions`), which this
// chapter comes before: the figure takes them as plain numbers, and imports nothing of it.
// Previous: plot/figures/misclassified.ts. Next: plot/index.ts.

import { imageGrid, imageTile } from '../imageGrid.ts'
import { column, pad, row } from '../layout.ts'
import { grey } from '../palette.ts'
import { svgDocument } from '../svg.ts'
import { showNumber, showSigned, textBlock } from '../text.ts'

/** What was asked for: the most shift (pixels), turn (degrees) and scaling (fraction), as in beyond/augment.ts. */
export interface AugmentationAsked {
  readonly shift: number
  readonly rotate: number
  readonly scale: number
}

/** One version of the image: its epoch, its pixels (rows, cols) in [0, 1], and the change drawn for it. */
export interface AugmentedVersion {
  readonly epoch: number
  readonly values: ArrayLike<number> // (rows, cols) in [0, 1]
  readonly dx: number // pixels right
  readonly dy: number // pixels down
  readonly degrees: number // clockwise on screen
  readonly factor: number // size
}

/** The input of `augmentedFigure`: the image, what was asked, and its versions. */
export interface AugmentedFigureInput {
  readonly title?: string // default 'One digit, augmented'
  readonly image: Readonly<Uint8Array> // (rows, cols) bytes
  readonly rows: number
  readonly cols: number
  readonly index: number // the image's sample number
  readonly label?: string // its class name, shown under the original
  readonly augmentation: AugmentationAsked
  readonly text: string // the augmentation as text: 'shift2-rot10-scale0.1'
  readonly seed: number
  readonly versions: readonly AugmentedVersion[]
  readonly perRow?: number // default 8
}

const TILE_SIDE = 84 // px: a 28×28 digit at 3 px per pixel
const MOST_RECTS = 4096 // a tile of more pixels is drawn as one image (plot/png.ts)
const GAP = 12

// Which way a whole-pixel shift goes: y counts downwards, as rows do.
const arrow = (d: number, less: string, more: string, none: string): string => (d < 0 ? less : d > 0 ? more : none)

/**
 * The caption lines of one version: its epoch, then its shift and its turn and size as far
 * as the augmentation asks for them.
 * @example augmentedCaption({ shift: 2, rotate: 10, scale: 0.1 }, 3, { dx: 2, dy: -1, degrees: 7.31, factor: 1.04 })
 *          // ['epoch 3', '→ 2  ↑ 1', '+7.3°  ×1.04']
 */
export const augmentedCaption = (
  a: AugmentationAsked,
  epoch: number,
  draw: { readonly dx: number; readonly dy: number; readonly degrees: number; readonly factor: number },
): readonly string[] => {
  const turn = a.rotate === 0 ? [] : [`${showSigned(draw.degrees, 1)}°`]
  const size = a.scale === 0 ? [] : [`×${showNumber(draw.factor, 2)}`]
  return [
    `epoch ${epoch}`,
    ...(a.shift === 0 ? [] : [`${arrow(draw.dx, '←', '→', '↔')} ${Math.abs(draw.dx)}  ${arrow(draw.dy, '↑', '↓', '↕')} ${Math.abs(draw.dy)}`]),
    ...(turn.length + size.length === 0 ? [] : [turn.concat(size).join('  ')]),
  ]
}

/** One image (rows × cols bytes) and its augmented versions, each captioned. Returns a complete SVG document. */
export const augmentedFigure = (input: AugmentedFigureInput): string => {
  const { image, rows, cols, index, seed } = input
  const a = input.augmentation
  if (!(Number.isInteger(rows) && Number.isInteger(cols) && rows >= 1 && cols >= 1 && image.length === rows * cols)) {
    throw new RangeError(`augmentedFigure: the image is ${rows}×${cols} but has ${image.length} pixels`)
  }
  for (const v of input.versions) {
    if (v.values.length !== rows * cols) throw new RangeError(`augmentedFigure: the version of epoch ${v.epoch} has ${v.values.length} pixels, not ${rows}×${cols}`)
  }
  const title = input.title ?? 'One digit, augmented'
  const perRow = Math.max(1, Math.min(input.versions.length, input.perRow ?? 8))
  const pixel = Math.max(1, Math.floor(TILE_SIDE / Math.max(rows, cols)))
  const raster = rows * cols > MOST_RECTS ? { raster: true } : {}
  const original = imageTile(
    {
      rows,
      cols,
      values: image,
      fill: (v: number) => grey(v / 255),
      background: '#ffffff',
      caption: ['original', `image ${index}`].concat(input.label === undefined ? [] : [`label ${input.label}`]),
      ...raster,
    },
    pixel,
    11,
    'original',
  )
  const tiles = input.versions.map((v) => ({
    rows,
    cols,
    values: v.values,
    fill: grey,
    background: '#ffffff',
    caption: augmentedCaption(a, v.epoch, v),
    ...raster,
  }))
  const epochs = input.versions.map((v) => v.epoch)
  const span = epochs.length === 0 ? 'no epochs' : epochs.length === 1 ? `epoch ${epochs[0]}` : `epochs ${epochs[0]}–${epochs[epochs.length - 1]}`
  const versions = tiles.length === 0 ? textBlock(['(no versions)'], { size: 12 }) : imageGrid({ tiles, perRow, pixel, gap: GAP, className: 'augmented' })
  const intro = textBlock(
    [
      `Training image ${index} as the network sees it in ${span} with --augment ${input.text} (seed ${seed}).`,
      `Under each: ${['the epoch']
        .concat(a.shift === 0 ? [] : ['the shift in whole pixels'])
        .concat(a.rotate === 0 ? [] : ['the turn in degrees (clockwise > 0)'])
        .concat(a.scale === 0 ? [] : ['the size factor'])
        .join(', ')}.`,
    ],
    { size: 12, fill: '#444444' },
  )
  const body = column([textBlock([title], { size: 18, weight: 'bold' }), intro, row([original, versions], 28)], 14)
  return svgDocument(title, pad(body, 20))
}
