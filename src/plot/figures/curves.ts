// Figure: training curves
// =======================
//
// How did training go? Panels side by side, one point per epoch:
//
// * the mean cross-entropy loss on the training set (averaged over the epoch, while the
//   weights were still changing) and on the test set (measured after the epoch), on a *log*
//   axis from the untrained network on;
// * the same losses zoomed in on the trained epochs, on a linear axis (drawn when there is an
//   untrained point, which would otherwise squash them);
// * the accuracy on the training set and on the test set, in percent.
//
// Why a log axis? Before training the loss is about ln J for J classes (ln 10 ≈ 2.30: small
// random weights give every class a probability near 1/J, and −ln(1/J) = ln J); one epoch
// later it is about 0.3; after that it creeps down by a few percent an epoch. On a linear axis
// from 0 to 2.5 the trained epochs are a flat line along the bottom. A log axis shows ratios,
//
//     height ∝ log(loss):   the default network's fall from 2.34 to 0.366 in the first epoch
//                           (÷6.40) and from 0.366 to 0.259 in the nine after it (÷1.41)
//                           get log 6.40 : log 1.41 ≈ 5.4 : 1 of it,
//
// so the first epoch's fall is there in proportion, and where the loss is small its changes
// still show. That still leaves the nine later epochs only 15% of the height of an axis from
// 0.25 to 2.5: hence the zoomed panel beside it, on a linear axis over the trained epochs.
//
// Where did it start? Epoch 0 is the untrained network, before any update, measured on one
// set of samples (the caller says which; `npm run train` uses the test set) and drawn as a
// ring. Its accuracy is near 1/J (15.11% on the test set for the default network and seed).
// The zoomed loss panel and the accuracy panel stay on the trained epochs, where the
// differences are; there the untrained point, far off, sits on the edge as an arrowhead with
// its value.
//
// Loss and accuracy live on different scales, so they get axes of their own rather than two
// y axes on one plot, which are easy to misread. A gap between the train and test curves is
// the network memorising its training data; both curves flattening means more epochs will not
// help much. The training loss of an epoch is averaged while the network was still learning,
// so early on it can lie *above* the test loss, measured at the epoch's end. Model files
// written before the test loss was recorded have none: then only the training loss is drawn,
// and the caption says so. One epoch draws single dots.
//
// A long history, say 10,000 epochs, would draw 10,000 dots a curve on 300 px. The curves then
// draw every k-th epoch (1, 1 + k, 1 + 2k, …, k the smallest that keeps at most 300 of them:
// MOST_EPOCHS) and the last, and the caption says which.
// Previous: plot/figures/featureMaps.ts. Next: plot/figures/confusion.ts.

import { column, pad, row } from '../layout.ts'
import { lineChart, type Series } from '../lineChart.ts'
import { svgDocument } from '../svg.ts'
import { showNumber, textBlock } from '../text.ts'
import { logDomain, niceDomain } from '../ticks.ts'

/** One epoch's summary numbers; accuracies are fractions in [0, 1]. Older model files have no test loss. */
export interface EpochPoint {
  readonly epoch: number
  readonly trainLoss: number
  readonly testLoss?: number
  readonly trainAccuracy: number
  readonly testAccuracy: number
}

/**
 * The network before any update: its mean cross-entropy loss and its accuracy on `set`
 * (e.g. "test set"), and how many classes it chooses from.
 */
export interface UntrainedPoint {
  readonly loss: number
  readonly accuracy: number
  readonly set: string
  readonly classes: number
}

/** The input of `curvesFigure`. */
export interface CurvesFigureInput {
  readonly title: string
  readonly epochs: readonly EpochPoint[]
  readonly untrained?: UntrainedPoint
}

const TRAIN = '#1f77b4'
const TEST = '#ff7f0e'
const UNTRAINED = '#444444'
const PLOT_WIDTH = 300
const PLOT_HEIGHT = 240
/** The most epochs a curve draws; a longer history draws every k-th epoch, and the last. */
export const MOST_EPOCHS = 300

/** An accuracy as a percentage with as many decimals as the tick step needs: 0.975 → "97.5%". */
export const percent = (value: number, decimals: number): string => `${showNumber(value * 100, Math.max(0, decimals - 2))}%`

// The smallest and largest of the finite numbers given (a loop: the lists can be long).
const rangeOf = (values: readonly number[], keep: (v: number) => boolean = Number.isFinite): readonly [number, number] | undefined => {
  let lo = Infinity
  let hi = -Infinity
  for (const v of values) {
    if (keep(v) && v < lo) lo = v
    if (keep(v) && v > hi) hi = v
  }
  return lo <= hi ? [lo, hi] : undefined
}

const positive = (v: number): boolean => Number.isFinite(v) && v > 0

// Every k-th epoch from the first, k the smallest that keeps at most MOST_EPOCHS with the last.
const thinned = (epochs: readonly EpochPoint[]): { readonly drawn: readonly EpochPoint[]; readonly every: number } => {
  if (epochs.length <= MOST_EPOCHS) return { drawn: epochs, every: 1 }
  const every = Math.ceil((epochs.length - 1) / (MOST_EPOCHS - 1))
  const drawn: EpochPoint[] = []
  for (let i = 0; i < epochs.length - 1; i += every) drawn.push(epochs[i])
  drawn.push(epochs[epochs.length - 1])
  return { drawn, every }
}

/** Loss (log axis, and zoomed in) and accuracy per epoch, as line charts side by side. Returns a complete SVG document. */
export const curvesFigure = (input: CurvesFigureInput): string => {
  const { untrained } = input
  const { drawn: epochs, every } = thinned(input.epochs)
  let x0 = 0
  let xMax = 0
  for (const e of epochs) {
    x0 = Math.min(x0, e.epoch)
    xMax = Math.max(xMax, e.epoch)
  }
  const xDomain = [x0, Math.max(x0 + 2, xMax)] as const
  const withTestLoss = epochs.filter((e) => e.testLoss !== undefined)
  const hasTestLoss = withTestLoss.length > 0
  const trainLosses = epochs.map((e) => e.trainLoss)
  const testLosses = withTestLoss.map((e) => e.testLoss ?? Number.NaN)
  const trainedLosses = [...trainLosses, ...testLosses]
  // The log axis holds every positive loss, the untrained one included.
  const allLosses = rangeOf([...trainedLosses, ...(untrained === undefined ? [] : [untrained.loss])], positive)
  const logLossDomain = allLosses === undefined ? ([0.1, 10] as const) : logDomain(allLosses[0], allLosses[1])
  const trained = rangeOf(trainedLosses)
  const [zoomLo, zoomHi] = trained === undefined ? [0, 1] : niceDomain(trained[0], trained[1], 5)
  const accuracies = rangeOf(epochs.flatMap((e) => [e.trainAccuracy, e.testAccuracy]))
  const [accLo, accHi] = accuracies === undefined ? [0, 1] : niceDomain(accuracies[0], accuracies[1], 5)
  // The untrained point as a series of its own: one ring at epoch 0, no line.
  const startOf = (value: (u: UntrainedPoint) => number): readonly Series[] =>
    untrained === undefined
      ? []
      : [{ name: `untrained (epoch 0, ${untrained.set})`, colour: UNTRAINED, points: [[0, value(untrained)]], marker: 'ring', line: false }]
  const lossSeries: readonly Series[] = [
    { name: 'train loss', colour: TRAIN, points: epochs.map((e) => [e.epoch, e.trainLoss] as const) },
    ...(hasTestLoss ? [{ name: 'test loss', colour: TEST, points: withTestLoss.map((e) => [e.epoch, e.testLoss ?? Number.NaN] as const), dashed: true }] : []),
    ...startOf((u) => u.loss),
  ]
  const lossChart = (title: string, yLabel: string, more: { readonly yDomain: readonly [number, number]; readonly yScale: 'linear' | 'log' }) =>
    lineChart({ title, series: lossSeries, width: PLOT_WIDTH, height: PLOT_HEIGHT, xLabel: 'epoch', yLabel, xDomain, integerX: true, ...more })
  const logLoss = lossChart('Loss (mean cross-entropy)', 'loss (log scale)', { yDomain: logLossDomain, yScale: 'log' })
  const zoomedLoss = untrained === undefined ? [] : [lossChart('Loss, zoomed in on epochs ≥ 1', 'loss', { yDomain: [zoomLo, zoomHi], yScale: 'linear' })]
  const accuracy = lineChart({
    title: 'Accuracy',
    series: [
      { name: 'train', colour: TRAIN, points: epochs.map((e) => [e.epoch, e.trainAccuracy] as const) },
      { name: 'test', colour: TEST, points: epochs.map((e) => [e.epoch, e.testAccuracy] as const), dashed: true },
      ...startOf((u) => u.accuracy),
    ],
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    xLabel: 'epoch',
    yLabel: 'accuracy',
    xDomain,
    yDomain: [Math.max(0, accLo), Math.min(1, accHi)],
    integerX: true,
    yFormat: percent,
  })
  const last = epochs[epochs.length - 1]
  const summary =
    last === undefined
      ? '(no epochs yet)'
      : `After epoch ${last.epoch}: train loss ${showNumber(last.trainLoss, 4)}` +
        `${last.testLoss === undefined ? '' : `, test loss ${showNumber(last.testLoss, 4)}`}, ` +
        `train accuracy ${percent(last.trainAccuracy, 4)}, test accuracy ${percent(last.testAccuracy, 4)}.`
  const before =
    untrained === undefined
      ? []
      : [
          `Before training (epoch 0, ${untrained.set}): loss ${showNumber(untrained.loss, 4)}, accuracy ${percent(untrained.accuracy, 4)}; ` +
            `guessing uniformly among ${untrained.classes} classes gives loss ln ${untrained.classes} = ${showNumber(Math.log(untrained.classes), 4)} and accuracy ${percent(1 / untrained.classes, 4)}.`,
        ]
  const notes =
    epochs.length === 0
      ? []
      : hasTestLoss
        ? ['The training loss is averaged over each epoch while the weights were still changing; the test loss is measured after it.']
        : ['These epochs have no test loss (model files written before it was recorded): only the training loss is drawn.']
  const drawnNote =
    every === 1
      ? []
      : [
          `Drawn: one epoch in ${every} of the ${input.epochs.length.toLocaleString('en-US')} (epochs ${epochs[0].epoch}, ${epochs[1].epoch}, ${epochs[2].epoch}, …) ` +
            `and the last: ${epochs.length} points a curve.`,
        ]
  const body = column(
    [
      textBlock([input.title], { size: 18, weight: 'bold' }),
      textBlock([...before, summary, ...notes, ...drawnNote], { size: 12, fill: '#444444' }),
      row([logLoss, ...zoomedLoss, accuracy], 36),
    ],
    14,
  )
  return svgDocument(input.title, pad(body, 20))
}
