// Plots: the chapter's table of contents
// ======================================
//
// Pictures of what the network learned, as SVG documents: plain text that opens in any
// browser, needs no library, and diffs well in git. Every figure is a pure function from
// plain data (tensors, numbers, names) to a string, so this chapter depends on core/ only;
// cli/ decides where the files go.
//
// Read it bottom-up: first the primitives (SVG strings, text, layout, colours, ticks), then
// the drawing blocks (heatmap, colour bar, image grid, bar and line charts), then the six
// figures, each a short composition of those blocks.
// Previous: report/classificationReport.ts. Next: plot/svg.ts.

// Primitives
// ----------

export { element, escapeXml, num, spacer, svgDocument, translate, type Attrs, type Block } from './svg.ts'
export { lineHeight, showNumber, showSigned, textBlock, textWidth, verticalText, type TextStyle } from './text.ts'
export { column, columnWidths, grid, pad, row, widen, type Align } from './layout.ts'
export { contrastText, coolwarm, diverging, grey, hex, lightness, NEUTRAL, NOT_FINITE, parseHex, sequential, symmetricScale, type Rgb } from './palette.ts'
export { decimalsOf, integerTicks, niceDomain, niceStep, niceTicks } from './ticks.ts'

// Drawing blocks
// --------------

export { heatmap, type HeatmapOptions } from './heatmap.ts'
export { colorbar, divergingColorbar, scaleDecimals, type ColorbarOptions, type ColorbarTick } from './colorbar.ts'
export { imageGrid, imageTile, type ImageGridOptions, type ImageTile } from './imageGrid.ts'
export { barChart, type BarChartOptions } from './barChart.ts'
export { lineChart, type LineChartOptions, type Series } from './lineChart.ts'

// Figures
// -------

export { kernelsFigure, kernelLayout, type KernelLayer, type KernelLayout, type KernelsFigureInput } from './figures/kernels.ts'
export { weightsFigure, type DenseLayer, type WeightsFigureInput } from './figures/weights.ts'
export { featureMapsFigure, type FeatureMapSample, type FeatureMapsFigureInput, type Stage } from './figures/featureMaps.ts'
export { curvesFigure, percent, type CurvesFigureInput, type EpochSummary } from './figures/curves.ts'
export { confusionFigure, logPosition, type ConfusionFigureInput } from './figures/confusion.ts'
export { misclassifiedFigure, misclassifiedCaption, type MisclassifiedFigureInput, type MisclassifiedItem } from './figures/misclassified.ts'
