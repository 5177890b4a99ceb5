// Chapter 10 as the package exports it: `annotated-cnn/plot`
// ==========================================================
//
// The pictures are a chapter of their own, and a program of their own: a learner who trains
// from code rarely draws, and a page that only predicts should not carry a chart library.
// So they are not in the main entry (src/index.ts) but in a second one, imported as
//
//     import { forwardTrace, featureMapsFigure } from 'annotated-cnn/plot'
//
// Everything here returns a string (an SVG document, or a PNG as bytes) from numbers; nothing
// touches files or the DOM, so it runs in Node and in a browser alike. What it exports, in the
// chapter's order:
//
//   - the traces: what each layer computed (forwardTrace) and the gradient that flowed back
//     into it (backwardTrace), for some images;
//   - the charts the figures are built from: heatmaps, image grids, bar and line charts,
//     colour bars, and the colour scales they use;
//   - the six figures `npm run plots` draws, each from a plain record of numbers, and a
//     seventh for chapter 11: one digit in the versions augmentation made of it.
//
// The primitives underneath (writing an SVG element, a number, a row or grid of blocks, a tick
// step, a colour as hex, a PNG's checksums) are how the chapter is built, not what it offers:
// read them in its files, which stay unexported here. `svgDocument` and `Block` are the one
// doorway to composing your own: every chart returns a Block, and svgDocument makes a file of one.
// Previous: plot/figures/augmented.ts. Next: beyond/random.ts.

export { forwardTrace, backwardTrace, type BackwardTrace } from '../model/trace.ts'
export { svgDocument, type Block } from './svg.ts'
export type {} from './text.ts'
export type {} from './layout.ts'
export { blues, coolwarm, diverging, grey, robustScale, symmetricScale, type Rgb } from './palette.ts'
export type {} from './ticks.ts'
export { png, pngDataUri } from './png.ts'
export { heatmap, type HeatmapOptions, type Matrix } from './heatmap.ts'
export { colorbar, divergingColorbar, type ColorbarOptions, type ColorbarTick } from './colorbar.ts'
export { imageGrid, imageTile, type ImageGridOptions, type ImageTile } from './imageGrid.ts'
export { barChart, type BarChartOptions } from './barChart.ts'
export { lineChart, type LineChartOptions, type Series } from './lineChart.ts'
export { kernelsFigure, type KernelLayer, type KernelsFigureInput } from './figures/kernels.ts'
export { weightsFigure, type DenseLayer, type InputSpread, type WeightsFigureInput } from './figures/weights.ts'
export { featureMapsFigure, type FeatureMapSample, type FeatureMapsFigureInput, type Stage } from './figures/featureMaps.ts'
export { curvesFigure, type CurvesFigureInput, type EpochPoint, type UntrainedPoint } from './figures/curves.ts'
export { confusionFigure, type ConfusionFigureInput } from './figures/confusion.ts'
export { misclassifiedFigure, type MisclassifiedFigureInput, type MisclassifiedItem } from './figures/misclassified.ts'
export { augmentedCaption, augmentedFigure, type AugmentationAsked, type AugmentedFigureInput, type AugmentedVersion } from './figures/augmented.ts'
