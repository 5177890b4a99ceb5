// Figure: training curves
// =======================
//
// How did training go? Two panels side by side, one point per epoch:
//
// * left, the mean cross-entropy loss on the training set (averaged over the epoch, while
//   the weights were still changing), on an axis starting at 0;
// * right, the accuracy on the training set and on the test set, in percent.
//
// Where did it start? Epoch 0 is the untrained network, before any update, measured on one
// set of samples (the caller says which; `npm run train` uses the test set) and drawn as a
// ring. Its loss should be about ln J for J classes (ln 10 ≈ 2.30): small random weights
// give every class a probability near 1/J, and −ln(1/J) = ln J; its accuracy near 1/J too
// (15.11% on the test set for the default network and seed).
// On the loss axis it shows how much of the fall happens in the first epoch. The accuracy
// axis stays zoomed in on the trained epochs, where the differences are; there the untrained
// point, far below, sits on the bottom edge as an arrowhead with its value.
//
// Loss and accuracy live on different scales, so they get axes of their own rather than two
// y axes on one plot, which are easy to misread. A gap between the train and test curves is
// the network memorising its training data; both curves flattening means more epochs will
// not help much. One epoch draws single dots.
// Previous: plot/figures/featureMaps.ts. Next: plot/figures/confusion.ts.

import { column, pad, row } from '../layout.ts'
import { lineChart, type Series } from '../lineChart.ts'
import { svgDocument } from '../svg.ts'
import { showNumber, textBlock } from '../text.ts'
import { niceDomain } from '../ticks.ts'

/** One epoch's summary numbers; accuracies are fractions in [0, 1]. */
export interface EpochPoint {
  readonly epoch: number
  readonly trainLoss: number
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
const PLOT_WIDTH = 420
const PLOT_HEIGHT = 260

/** An accuracy as a percentage with as many decimals as the tick step needs: 0.975 → "97.5%". */
export const percent = (value: number, decimals: number): string => `${showNumber(value * 100, Math.max(0, decimals - 2))}%`

const finite = (values: readonly number[]): readonly number[] => values.filter((v) => Number.isFinite(v))

/** Loss and accuracy per epoch, as two line charts side by side. Returns a complete SVG document. */
export const curvesFigure = (input: CurvesFigureInput): string => {
  const { epochs, untrained } = input
  const xs = epochs.map((e) => e.epoch)
  const x0 = Math.min(0, ...xs)
  const xDomain = [x0, Math.max(x0 + 2, ...xs)] as const
  // The loss axis includes the untrained loss; the accuracy axis only the trained epochs.
  const losses = finite([...epochs.map((e) => e.trainLoss), ...(untrained === undefined ? [] : [untrained.loss])])
  const accuracies = finite(epochs.flatMap((e) => [e.trainAccuracy, e.testAccuracy]))
  const [, lossTop] = niceDomain(0, Math.max(0, ...losses), 5)
  const [accLo, accHi] = accuracies.length === 0 ? [0, 1] : niceDomain(Math.min(...accuracies), Math.max(...accuracies), 5)
  // The untrained point as a series of its own: one ring at epoch 0, no line.
  const startOf = (value: (u: UntrainedPoint) => number): readonly Series[] =>
    untrained === undefined
      ? []
      : [{ name: `untrained (epoch 0, ${untrained.set})`, colour: UNTRAINED, points: [[0, value(untrained)]], marker: 'ring', line: false }]
  const loss = lineChart({
    title: 'Loss (mean cross-entropy)',
    series: [{ name: 'train loss', colour: TRAIN, points: epochs.map((e) => [e.epoch, e.trainLoss] as const) }, ...startOf((u) => u.loss)],
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    xLabel: 'epoch',
    yLabel: 'loss',
    xDomain,
    yDomain: [0, lossTop],
    integerX: true,
  })
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
      : `After epoch ${last.epoch}: loss ${showNumber(last.trainLoss, 4)}, ` +
        `train accuracy ${percent(last.trainAccuracy, 4)}, test accuracy ${percent(last.testAccuracy, 4)}.`
  const before =
    untrained === undefined
      ? []
      : [
          `Before training (epoch 0, ${untrained.set}): loss ${showNumber(untrained.loss, 4)}, accuracy ${percent(untrained.accuracy, 4)}; ` +
            `guessing uniformly among ${untrained.classes} classes gives loss ln ${untrained.classes} = ${showNumber(Math.log(untrained.classes), 4)} and accuracy ${percent(1 / untrained.classes, 4)}.`,
        ]
  const body = column(
    [textBlock([input.title], { size: 18, weight: 'bold' }), textBlock([...before, summary], { size: 12, fill: '#444444' }), row([loss, accuracy], 40)],
    14,
  )
  return svgDocument(input.title, pad(body, 20))
}
