// Pictures of any size: large layers, large images, many classes and long histories.
//
// Each figure gets an input far beyond what it draws readably (250 feature maps of 28×28,
// which is 196,000 values; 300×300 images; 256 filters of 64 channels; 250 classes; 10,000
// epochs) and must come out a well-formed SVG of bounded size, drawing the documented subset
// and saying so in its caption. Before, such inputs died with "Maximum call stack size
// exceeded" (an array spread into Math.max) or wrote SVGs of 50 to 150 MB. The fixtures are
// generated here; the sizes asserted are generous bounds, not snapshots.
import { describe, expect, it } from 'vitest'
import type { Tensor } from '../../src/core/tensor.ts'
import { confusionFigure, MOST_CLASSES } from '../../src/plot/figures/confusion.ts'
import { curvesFigure, MOST_EPOCHS } from '../../src/plot/figures/curves.ts'
import { featureMapsFigure, MOST_MAPS } from '../../src/plot/figures/featureMaps.ts'
import { kernelsFigure, MOST_FILTERS, MOST_KERNEL_CHANNELS } from '../../src/plot/figures/kernels.ts'
import { misclassifiedFigure, MOST_SIDE } from '../../src/plot/figures/misclassified.ts'
import { MOST_MATRIX_ROWS, MOST_TEMPLATE_CHANNELS, MOST_TEMPLATE_CLASSES, weightsFigure } from '../../src/plot/figures/weights.ts'
import { blockMeans } from '../../src/plot/heatmap.ts'
import { column } from '../../src/plot/layout.ts'
import { lineChart } from '../../src/plot/lineChart.ts'
import { symmetricScale } from '../../src/plot/palette.ts'
import { spacer } from '../../src/plot/svg.ts'
import { showNumber } from '../../src/plot/text.ts'
import { readPngUri } from '../helpers/png.ts'
import { byClass, byName, textOf, type XmlElement } from '../helpers/xml.ts'
import { DIGITS, hashedTensor } from './fixtures.ts'
import { cellsIn, parseFigure } from './svgChecks.ts'

const MB = 1_000_000
const SLOW = { timeout: 60_000 }
const texts = (root: XmlElement): readonly string[] => byName(root, 'text').map(textOf)
const names = (n: number): readonly string[] => Array.from({ length: n }, (_, i) => `class ${i}`)

describe('blockMeans', () => {
  it('averages b×b blocks, smaller at the right and bottom edges', () => {
    const shrunk = blockMeans([1, 2, 3, 4, 5, 6, 7, 8, 9], 3, 3, 2)
    expect(shrunk.rows).toBe(2)
    expect(shrunk.cols).toBe(2)
    expect(Array.from(shrunk.values)).toEqual([3, 4.5, 7.5, 9])
  })
})

describe('no call stack overflow on long arrays', () => {
  it('draws a line chart of 200,000 points and stacks 200,000 blocks', SLOW, () => {
    const points = Array.from({ length: 200_000 }, (_, i) => [i, Math.sin(i / 1000)] as const)
    const chart = lineChart({ series: [{ name: 's', colour: '#000000', points, line: false }], width: 300, height: 200, xLabel: 'x', yLabel: 'y' })
    expect(chart.width).toBeGreaterThan(300)
    const blocks = Array.from({ length: 200_000 }, (_, i) => spacer(i % 7, 1))
    expect(column(blocks).width).toBe(6)
    expect(column(blocks).height).toBe(200_000)
  })
})

describe('featureMapsFigure: 250 maps, and a 300×300 image', () => {
  it('draws the first 32 of 250 maps of 28×28 (196,000 values a stage), as images of 2×2 means', SLOW, () => {
    const input = { shape: [1, 28, 28], data: hashedTensor([1, 28, 28], 0.5, 1).data.map((v) => v + 0.5) }
    const sample = {
      index: 1,
      label: 3,
      predicted: 3,
      probabilities: DIGITS.map((_, i) => (i === 3 ? 0.91 : 0.01)),
      stages: [
        { name: 'input', maps: input },
        { name: 'conv1x1x250', maps: hashedTensor([250, 28, 28], 2, 2) },
        { name: 'relu', maps: hashedTensor([250, 28, 28], 1, 3), sharesScale: true },
        { name: 'pool2', maps: hashedTensor([250, 14, 14], 1, 4), sharesScale: true },
      ],
    }
    const svg = featureMapsFigure({ title: 'Wide', classNames: DIGITS, samples: [sample] })
    expect(svg.length).toBeLessThan(1 * MB)
    const root = parseFigure(svg, 'Wide')
    // The input, then 32 maps for each of the three stages.
    expect(byClass(root, 'feature-map')).toHaveLength(1 + 3 * MOST_MAPS)
    const said = texts(root)
    expect(said.filter((t) => t.startsWith('250 maps, '))).toHaveLength(3)
    expect(said.filter((t) => t === `the first ${MOST_MAPS} drawn`)).toHaveLength(3)
    // 32 maps of 28×28 in a 120 px grid get 0.65 px a pixel: drawn as 2×2 means, 14×14 each.
    expect(said.filter((t) => t === 'each pixel a 2×2 mean')).toHaveLength(2)
    const rasters = byClass(root, 'raster')
    expect(rasters).toHaveLength(3 * MOST_MAPS)
    const first = readPngUri(rasters[0]!.attributes.href!)
    expect([first.width, first.height]).toEqual([14, 14])
  })

  it('draws a 300×300 input and four 298×298 maps as block means, said under each', SLOW, () => {
    const input = { shape: [1, 300, 300], data: hashedTensor([1, 300, 300], 0.5, 5).data.map((v) => v + 0.5) }
    const sample = {
      index: 7,
      label: 1,
      predicted: 2,
      probabilities: DIGITS.map((_, i) => (i === 2 ? 0.91 : 0.01)),
      stages: [
        { name: 'input', maps: input },
        { name: 'conv3x3x4', maps: hashedTensor([4, 298, 298], 2, 6) },
        { name: 'pool2', maps: hashedTensor([4, 149, 149], 1, 7), sharesScale: true },
      ],
    }
    const svg = featureMapsFigure({ title: 'Large', classNames: DIGITS, samples: [sample, { ...sample, index: 8 }] })
    expect(svg.length).toBeLessThan(1 * MB)
    const root = parseFigure(svg, 'Large')
    expect(byClass(root, 'feature-map')).toHaveLength(2 * (1 + 4 + 4))
    const said = texts(root)
    // 84 px for 300 pixels: 4×4 means, 75×75 of them.
    expect(said.filter((t) => t === 'each pixel a 4×4 mean')).toHaveLength(2)
    const input75 = byClass(root, 'feature-map')[0]!
    expect(readPngUri(byName(input75, 'image')[0]!.attributes.href!).width).toBe(75)
    // The smallest and largest values are still those of every pixel.
    const conv = Float32Array.from(hashedTensor([4, 298, 298], 2, 6).data)
    const lo = conv.reduce((a, b) => Math.min(a, b))
    expect(said.some((t) => t.startsWith('4 maps, ') && t.includes(showNumber(lo, 2)))).toBe(true)
  })
})

describe('kernelsFigure: 256 filters of 64 channels, and filters larger than the budget', () => {
  it('draws the first 32 filters and 16 channels of each, on the scale of all the weights', SLOW, () => {
    const before = hashedTensor([256, 64, 3, 3], 0.1, 1)
    const data = Float32Array.from(hashedTensor([256, 64, 3, 3], 0.3, 2).data)
    data[data.length - 1] = 9 // far out, in a filter that is not drawn
    const after: Tensor = { shape: [256, 64, 3, 3], data }
    const svg = kernelsFigure({ title: 'Kernels', layers: [{ name: 'layer 3: conv3x3x256', before, after }] })
    expect(svg.length).toBeLessThan(2 * MB)
    const root = parseFigure(svg, 'Kernels')
    expect(byClass(root, 'kernel')).toHaveLength(2 * MOST_FILTERS * MOST_KERNEL_CHANNELS)
    const said = texts(root)
    expect(symmetricScale([before.data, after.data])).toBe(9)
    expect(said).toContain('layer 3: conv3x3x256: 256 filters × 64 input channels, 3×3 each; scale ±9.00')
    expect(said).toContain(`Drawn: the first ${MOST_FILTERS} of 256 filters and the first ${MOST_KERNEL_CHANNELS} of 64 channels; the scale is that of all 147,456 weights.`)
  })

  it('draws one filter of 150×150 weights as an image', SLOW, () => {
    const after: Tensor = hashedTensor([3, 1, 150, 150], 0.2, 3)
    const root = parseFigure(kernelsFigure({ title: 'Big kernels', layers: [{ name: 'conv150x150x3', after }] }), 'Big kernels')
    expect(texts(root)).toContain('Drawn: the first 1 of 3 filters; the scale is that of all 67,500 weights.')
    const rasters = byClass(root, 'raster')
    expect(rasters).toHaveLength(1)
    expect(readPngUri(rasters[0]!.attributes.href!).width).toBe(150)
  })
})

describe('weightsFigure: wide templates, large inputs, many classes, a tall matrix', () => {
  it('draws the first 16 of 250 channels of the templates, as images without tooltips', SLOW, () => {
    const weights = hashedTensor([10, 250 * 14 * 14], 0.3)
    const spread = { values: new Float64Array(250 * 14 * 14).fill(0.5), over: 'the test images' }
    const svg = weightsFigure({ title: 'W', classNames: DIGITS, layers: [{ name: 'dense10', weights, inShape: [250, 14, 14], inputSpread: spread }] })
    expect(svg.length).toBeLessThan(1 * MB)
    const root = parseFigure(svg, 'W')
    expect(byClass(root, 'template')).toHaveLength(10 * MOST_TEMPLATE_CHANNELS)
    expect(byClass(root, 'template-spread')).toHaveLength(10 * MOST_TEMPLATE_CHANNELS)
    expect(byName(root, 'title').length).toBe(1) // the document's own title, no tooltips
    const said = texts(root)
    expect(said).toContain(`Drawn: the first ${MOST_TEMPLATE_CHANNELS} of 250 input channels; as images, without tooltips.`)
    expect(said).toContain(`Drawn: the first ${MOST_TEMPLATE_CHANNELS} of 250 input channels.`)
  })

  it('draws templates of a 300×300 input as 4×4 means', SLOW, () => {
    const weights = hashedTensor([10, 300 * 300], 0.3)
    const svg = weightsFigure({ title: 'W', classNames: DIGITS, layers: [{ name: 'dense10', weights, inShape: [1, 300, 300] }] })
    expect(svg.length).toBeLessThan(1 * MB)
    const root = parseFigure(svg, 'W')
    expect(texts(root)).toContain('Drawn: each pixel the mean of 4×4 inputs; as images, without tooltips.')
    const templates = byClass(root, 'template')
    expect(templates).toHaveLength(10)
    expect(readPngUri(byName(templates[0]!, 'image')[0]!.attributes.href!).width).toBe(75)
  })

  it('draws the templates of the first 50 of 250 classes, still with tooltips', SLOW, () => {
    const weights = hashedTensor([250, 196], 0.3)
    const root = parseFigure(weightsFigure({ title: 'W', classNames: names(250), layers: [{ name: 'dense250', weights, inShape: [1, 14, 14] }] }), 'W')
    expect(byClass(root, 'template')).toHaveLength(MOST_TEMPLATE_CLASSES)
    expect(cellsIn(root, 'template')).toHaveLength(MOST_TEMPLATE_CLASSES * 196)
    expect(texts(root)).toContain(`Drawn: the first ${MOST_TEMPLATE_CLASSES} of 250 classes.`)
  })

  it('draws the first 256 of 2,000 outputs of a hidden layer', SLOW, () => {
    const hidden = hashedTensor([2000, 784], 0.05)
    const last = hashedTensor([10, 2000], 0.1)
    const svg = weightsFigure({
      title: 'W',
      classNames: DIGITS,
      layers: [
        { name: 'layer 1: dense2000', weights: hidden, inShape: [1, 28, 28] },
        { name: 'layer 3: dense10', weights: last, inShape: [2000] },
      ],
    })
    expect(svg.length).toBeLessThan(2 * MB)
    const root = parseFigure(svg, 'W')
    const said = texts(root)
    expect(said).toContain(`The raw matrix: 2000 outputs (rows) × 784 inputs (columns). Drawn: the first ${MOST_MATRIX_ROWS} of 2000 outputs.`)
    const matrix = byClass(root, 'matrix')[0]!
    expect(readPngUri(byName(matrix, 'image')[0]!.attributes.href!).height).toBe(MOST_MATRIX_ROWS)
  })
})

describe('confusionFigure: 250 classes', () => {
  it('draws the first 30 classes, and counts every image in the accuracy and the recalls', SLOW, () => {
    const n = 250
    const counts = new Int32Array(n * n)
    for (let t = 0; t < n; t++) {
      counts[t * n + t] = 8
      counts[t * n + ((t + 200) % n)] = 2 // class 0's errors land on class 200, which is not drawn
    }
    const svg = confusionFigure({ title: 'Confusion', counts, classNames: names(n) })
    expect(svg.length).toBeLessThan(1 * MB)
    const root = parseFigure(svg, 'Confusion')
    expect(cellsIn(root, 'confusion')).toHaveLength(MOST_CLASSES * MOST_CLASSES)
    const said = texts(root)
    expect(said).toContain(`Drawn: the first ${MOST_CLASSES} of 250 classes, rows and columns; the accuracy and each recall count every prediction.`)
    expect(said.some((t) => t.startsWith('Accuracy 80.00%: 2000 of 2500 test images'))).toBe(true)
    expect(said.filter((t) => t === `${showNumber(80, 1)}%`)).toHaveLength(MOST_CLASSES)
  })
})

describe('curvesFigure: 10,000 epochs', () => {
  it('draws one epoch in 34 and the last, at most 300 points a curve', SLOW, () => {
    const epochs = Array.from({ length: 10_000 }, (_, i) => ({
      epoch: i + 1,
      trainLoss: 2 / (i + 1) + 0.01,
      testLoss: 2.1 / (i + 1) + 0.02,
      trainAccuracy: 1 - 0.9 / (i + 1),
      testAccuracy: 0.98 - 0.9 / (i + 1),
    }))
    const svg = curvesFigure({ title: 'Curves', epochs, untrained: { loss: 2.3, accuracy: 0.1, set: 'test set', classes: 10 } })
    expect(svg.length).toBeLessThan(1 * MB)
    const root = parseFigure(svg, 'Curves')
    const said = texts(root)
    expect(said).toContain('Drawn: one epoch in 34 of the 10,000 (epochs 1, 35, 69, …) and the last: 296 points a curve.')
    expect(said.some((t) => t.startsWith('After epoch 10000: train loss 0.0102'))).toBe(true)
    const lines = byName(root, 'polyline')
    expect(lines.length).toBe(6) // train and test, in three panels
    for (const line of lines) {
      const points = line.attributes.points!.split(' ')
      expect(points).toHaveLength(296)
      expect(points.length).toBeLessThanOrEqual(MOST_EPOCHS)
    }
  })
})

describe('misclassifiedFigure: 300×300 images', () => {
  it('draws 24 images as 4×4 means, one PNG each, and says so', SLOW, () => {
    const image = Uint8Array.from({ length: 300 * 300 }, (_, i) => ((i * 7919) % 251) + 4)
    const items = Array.from({ length: 24 }, (_, i) => ({ index: i, image, rows: 300, cols: 300, label: i % 10, predicted: (i + 1) % 10, probability: 0.9 }))
    const svg = misclassifiedFigure({ title: 'Wrong', classNames: DIGITS, items })
    expect(svg.length).toBeLessThan(1 * MB)
    const root = parseFigure(svg, 'Wrong')
    expect(texts(root)).toContain(`Images up to 300 pixels across, drawn ${MOST_SIDE} or fewer: each pixel drawn is the mean of 4×4 pixels.`)
    const rasters = byClass(root, 'raster')
    expect(rasters).toHaveLength(24)
    expect(readPngUri(rasters[0]!.attributes.href!).width).toBe(75)
  })
})
