import { describe, expect, it } from 'vitest'
import { AFFINE, augmentedVersions, augmentImage, drawAugment, formatAugment, NO_AUGMENTATION, type Augmentation } from '../../../src/beyond/augment.ts'
import { augmentedCaption, augmentedFigure } from '../../../src/plot/figures/augmented.ts'
import { grey } from '../../../src/plot/palette.ts'
import { byClass, byName, textOf } from '../../helpers/xml.ts'
import { ringImage } from '../fixtures.ts'
import { cellsIn, parseFigure } from '../svgChecks.ts'

const TIMEOUT = 30_000
const ring = ringImage()
// The figure as the brief called it: the versions of epochs 1 … epochs from beyond/augment.ts.
const figure = (image: Uint8Array, rows: number, cols: number, a: Augmentation, seed: number, o: { index?: number; label?: string; epochs?: number; perRow?: number; title?: string } = {}) =>
  augmentedFigure({
    image, rows, cols, seed, augmentation: a, text: formatAugment(a), index: o.index ?? 0,
    versions: rows * cols === image.length ? augmentedVersions(image, rows, cols, a, seed, o.index ?? 0, o.epochs ?? 24) : [],
    ...(o.label === undefined ? {} : { label: o.label }), ...(o.perRow === undefined ? {} : { perRow: o.perRow }), ...(o.title === undefined ? {} : { title: o.title }),
  })

describe('augmentedFigure', () => {
  const svg = figure(ring, 28, 28, AFFINE, 7, { index: 12, label: '0' })
  const root = parseFigure(svg, 'One digit, augmented')

  it('draws the original and one tile per epoch, captioned with the epoch and its draw', () => {
    expect(byClass(root, 'original')).toHaveLength(1)
    expect(byClass(root, 'augmented')).toHaveLength(24)
    const texts = byName(root, 'text').map(textOf)
    for (let epoch = 1; epoch <= 24; epoch++) expect(texts).toContain(`epoch ${epoch}`)
    expect(texts).toEqual(expect.arrayContaining(['original', 'image 12', 'label 0']))
    expect(texts.some((t) => t.includes('--augment shift2-rot10-scale0.1 (seed 7)'))).toBe(true)
    // The captions of epoch 5 are those of its draw.
    expect(texts).toEqual(expect.arrayContaining(augmentedCaption(AFFINE, 5, drawAugment(AFFINE, 7, 5, 12)).slice()))
  }, TIMEOUT)

  it('draws each tile from augmentImage with the figure’s seed and sample number', () => {
    const tile = byClass(root, 'augmented')[2] ?? root
    const cells = byName(tile, 'rect').filter((r) => r.attributes.class === 'cell')
    const version = augmentImage(ring, 28, 28, AFFINE, 7, 3, 12)
    const fills = new Set(Array.from(version).filter((v) => grey(v) !== '#ffffff').map((v) => grey(v)))
    expect(cells.length).toBe(Array.from(version).filter((v) => grey(v) !== '#ffffff').length)
    for (const cell of cells) expect(fills.has(cell.attributes.fill ?? '')).toBe(true)
    expect(cellsIn(root, 'original').length).toBe(ring.filter((v) => v > 0).length)
  }, TIMEOUT)

  it('is deterministic, and honours its options', () => {
    expect(figure(ring, 28, 28, AFFINE, 7, { index: 12, label: '0' })).toBe(svg)
    expect(figure(ring, 28, 28, AFFINE, 8, { index: 12, label: '0' })).not.toBe(svg)
    const small = parseFigure(figure(ring, 28, 28, { shift: 2, rotate: 0, scale: 0 }, 1, { epochs: 6, perRow: 3, title: 'Shifts <2>' }), 'Shifts <2>')
    expect(byClass(small, 'augmented')).toHaveLength(6)
    const texts = byName(small, 'text').map(textOf)
    expect(texts.some((t) => t.includes('°'))).toBe(false) // no turn asked, none shown
    expect(texts.filter((t) => /^[←→↔] [0-2] {2}[↑↓↕] [0-2]$/.test(t))).toHaveLength(6)
  }, TIMEOUT)

  it('writes captions: epoch, shift by arrows, turn and size', () => {
    expect(augmentedCaption(AFFINE, 3, { dx: 2, dy: -1, degrees: 7.31, factor: 1.04 })).toEqual(['epoch 3', '→ 2  ↑ 1', '+7.3°  ×1.04'])
    expect(augmentedCaption(AFFINE, 4, { dx: -1, dy: 0, degrees: -0.04, factor: 0.951 })).toEqual(['epoch 4', '← 1  ↕ 0', '0.0°  ×0.95'])
    expect(augmentedCaption({ shift: 0, rotate: 5, scale: 0 }, 1, { dx: 0, dy: 0, degrees: -2.5, factor: 1 })).toEqual(['epoch 1', '−2.5°'])
    expect(augmentedCaption(NO_AUGMENTATION, 9, { dx: 0, dy: 0, degrees: 0, factor: 1 })).toEqual(['epoch 9'])
  })

  it('refuses an image whose size does not match, and a bad number of epochs', () => {
    expect(() => figure(ring, 27, 28, AFFINE, 1)).toThrow(RangeError)
    expect(() => augmentedFigure({ image: ring, rows: 28, cols: 28, seed: 1, augmentation: AFFINE, text: 'affine', index: 0, versions: [{ epoch: 1, values: new Float32Array(10), dx: 0, dy: 0, degrees: 0, factor: 1 }] })).toThrow(RangeError)
    parseFigure(augmentedFigure({ image: ring, rows: 28, cols: 28, seed: 1, augmentation: AFFINE, text: 'affine', index: 0, versions: [] }))
  })
})
