// From a trained model to pictures
// ================================
//
// The figures in plot/ take plain numbers; this file picks those numbers out of a network,
// its parameters before and after training, and its verdicts on the test set:
//
//     kernels.svg         every convolution's filters, before and after training
//     weights.svg         every dense layer; for the last, one "template" per class, and
//                         the same weighted by how much each input varies over the test set
//     feature-maps.svg    a few test digits on their way through the network
//     curves.svg          loss and accuracy per epoch, from the untrained network on
//     confusion.svg       the confusion matrix
//     misclassified.svg   the test digits the network got wrong most confidently
//     augmented.svg       with --augment: the first training digit as each epoch saw it
//
// The untrained point of the curves is measured here, on the test set: the initial
// parameters' probabilities (train/evaluate.ts), and the loss their mean −ln p[label]. So is
// how much each input of the last dense layer varies over the test images (`inputSpread`),
// which weights.svg multiplies its templates by to show where the digits are.
// Every picture stays readable and of bounded size whatever it is given: hundreds of maps or
// filters, 300×300 images, hundreds of classes, 10,000 epochs. Each figure in plot/figures/
// then draws a documented part (the first 32 maps, means of pixel blocks, one epoch in k, …)
// and says so in the picture.
// Everything here is pure (same inputs, same SVG bytes); the commands write the files.
// Previous: cli/classes.ts. Next: cli/train.ts.

import * as E from 'fp-ts/lib/Either.js'
import { augmentedVersions, formatAugment, parseAugment } from '../beyond/augment.ts'
import type { ParamTree } from '../core/params.ts'
import { sizeOf } from '../core/shape.ts'
import { tensor, type Tensor } from '../core/tensor.ts'
import { gatherBatch, type Dataset } from '../data/dataset.ts'
import type { EpochRecord } from '../model/modelFile.ts'
import type { Network } from '../model/sequential.ts'
import { forwardTrace } from '../model/trace.ts'
import { confusionFigure } from '../plot/figures/confusion.ts'
import { curvesFigure, type UntrainedPoint } from '../plot/figures/curves.ts'
import { featureMapsFigure, type Stage } from '../plot/figures/featureMaps.ts'
import { kernelsFigure } from '../plot/figures/kernels.ts'
import { misclassifiedFigure } from '../plot/figures/misclassified.ts'
import { augmentedFigure } from '../plot/figures/augmented.ts'
import { weightsFigure, type InputSpread } from '../plot/figures/weights.ts'
import type { ConfusionMatrix } from '../report/confusion.ts'
import { evaluate, type Evaluation } from '../train/evaluate.ts'
import { EVALUATION_BATCH } from './limits.ts'

/** Everything the pictures are drawn from. */
export interface FigureInputs {
  readonly arch: string
  readonly net: Network
  readonly initial: ParamTree
  readonly params: ParamTree
  readonly data: Dataset
  readonly testIndices: Readonly<Int32Array>
  readonly evaluation: Evaluation
  readonly confusion: ConfusionMatrix
  readonly history: readonly EpochRecord[]
  readonly classNames: readonly string[]
  /** Epoch 0 of the curves, when the caller measured it already (else it is measured here). */
  readonly untrained?: UntrainedPoint
  /** With augmentation: how, the seed, and which training image to show in augmented.svg. */
  readonly augment?: { readonly text: string; readonly seed: number; readonly index: number; readonly epochs: number }
}

/** The most epochs augmented.svg shows. */
const AUGMENTED_EPOCHS = 24

/** How many digits the feature-map and misclassified pictures show. */
const FEATURE_SAMPLES = { right: 2, wrong: 2 }
const MISCLASSIFIED = 24
/**
 * Images per forward pass when measuring a layer's input: bounded memory for any test set,
 * and for any network within the budget, which cli/limits.ts sets for batches of this size.
 */
const SPREAD_BATCH = EVALUATION_BATCH

/**
 * One sample's maps at every stage that is still an image (C, H, W), starting with the input.
 * A layer without parameters (activation, pooling) is drawn on the colour scale of the stage
 * before it, so that the picture shows what it did to those numbers.
 */
export const stagesOf = (net: Network, params: ParamTree, x: Tensor): readonly Stage[] => {
  const outputs = forwardTrace(net, params, x)
  const stages: Stage[] = [{ name: 'input', maps: tensor(x.shape.slice(1), x.data) }]
  for (let i = 0; i < outputs.length && outputs[i].shape.length === 4; i++) {
    const sharesScale = Object.keys(params[i]).length === 0
    stages.push({ name: net.layers[i].name, maps: tensor(outputs[i].shape.slice(1), outputs[i].data), sharesScale })
  }
  return stages
}

// Layer i's input for a batch: the batch run through layers 0 … i − 1 (for i = 0, the images).
const inputOfLayer = (net: Network, params: ParamTree, x: Tensor, i: number): Tensor => {
  let y = x
  for (let l = 0; l < i; l++) y = net.layers[l].forward(params[l], y)[0]
  return y
}

// The mean over the images at `indices` of each input x_f of layer i, or with `around`, of its
// distance |x_f − around_f|. One pass of SPREAD_BATCH images at a time: memory stays bounded.
const meanOverImages = (
  net: Network,
  params: ParamTree,
  data: Dataset,
  indices: Readonly<Int32Array>,
  i: number,
  around?: Float64Array,
): Float64Array => {
  const N = indices.length
  const F = sizeOf(net.shapes[i])
  const total = new Float64Array(F)
  for (let start = 0; start < N; start += SPREAD_BATCH) {
    const { x } = gatherBatch(data, indices, start, Math.min(N, start + SPREAD_BATCH))
    const inputs = inputOfLayer(net, params, x, i).data // (n, F)
    for (let at = 0; at < inputs.length; at += F) {
      for (let f = 0; f < F; f++) total[f] += around === undefined ? inputs[at + f] : Math.abs(inputs[at + f] - around[f])
    }
  }
  for (let f = 0; f < F; f++) total[f] /= N
  return total
}

/**
 * How much each input of layer i varies over the images at `indices`: its mean absolute
 * deviation δ_f = (1/N) Σ_n |x_nf − x̄_f|, one value per input f. Two passes over the images,
 * the first for the means x̄, the second for the deviations from them: two forward passes
 * through the layers before i (well under a second for the default network on 14,000 images).
 * weights.svg draws the last layer's templates times δ.
 */
export const inputSpread = (net: Network, params: ParamTree, data: Dataset, indices: Readonly<Int32Array>, i: number): Float64Array =>
  meanOverImages(net, params, data, indices, i, meanOverImages(net, params, data, indices, i))

// The last dense layer, when its input is an image (C, H, W) and it has one output per class:
// the one whose templates weights.svg draws, and so the one whose input spread it needs.
const templatesLayer = (net: Network, params: ParamTree, classes: number): number | undefined => {
  for (let i = net.layers.length - 1; i >= 0; i--) {
    const weights = params[i].weights
    if (weights === undefined || weights.shape.length !== 2) continue
    return net.shapes[i].length === 3 && weights.shape[0] === classes ? i : undefined
  }
  return undefined
}

// The positions (within the test set) of the first few right and wrong answers.
const featureSamplePositions = (evaluation: Evaluation): readonly number[] => {
  const right: number[] = []
  const wrong: number[] = []
  for (let i = 0; i < evaluation.labels.length; i++) {
    const list = evaluation.predicted[i] === evaluation.labels[i] ? right : wrong
    if (list === right ? right.length < FEATURE_SAMPLES.right : wrong.length < FEATURE_SAMPLES.wrong) list.push(i)
  }
  return [...right, ...wrong]
}

/**
 * Loss and accuracy of the initial parameters on the test set: epoch 0 of the curves.
 * `measure` is how to evaluate (train passes its own: the fast network, on every thread).
 */
export const untrainedPoint = (
  net: Network,
  initial: ParamTree,
  data: Dataset,
  testIndices: Readonly<Int32Array>,
  measure: typeof evaluate = evaluate,
): UntrainedPoint => {
  const before = measure(net, initial, data, testIndices)
  return { loss: before.loss, accuracy: before.accuracy, set: 'test set', classes: data.classes }
}

// The probability the network gave its (wrong) answer, for each test position.
const confidenceOf = (evaluation: Evaluation, position: number, classes: number): number =>
  evaluation.probabilities[position * classes + evaluation.predicted[position]]

/** All six figures (seven with augmentation) as [file name, SVG text] pairs. */
export const figures = (input: FigureInputs): readonly (readonly [string, string])[] => {
  const { net, initial, params, data, testIndices, evaluation, classNames, arch } = input
  const classes = classNames.length
  const accuracy = `test accuracy ${(100 * evaluation.accuracy).toFixed(2)}%`
  // The titles call the test images digits only when the classes are the digits.
  const images = classNames.every((name, i) => name === String(i)) ? 'digits' : 'images'
  // Convolutions have weights (K, C, kH, kW); dense layers have weights (O, F).
  const weightsOf = (i: number, rank: number): Tensor | undefined => {
    const weights = params[i].weights
    return weights !== undefined && weights.shape.length === rank ? weights : undefined
  }
  const convs = net.layers.flatMap((layer, i) =>
    weightsOf(i, 4) ? [{ name: `layer ${i + 1}: ${layer.name}`, before: initial[i].weights, after: params[i].weights }] : [],
  )
  // The last layer's templates are also drawn times how much each input varies on the test set.
  const last = testIndices.length > 0 ? templatesLayer(net, params, classes) : undefined
  const spread: InputSpread | undefined = last === undefined
    ? undefined
    : { values: inputSpread(net, params, data, testIndices, last), over: `the ${testIndices.length.toLocaleString('en-US')} test ${images}` }
  const denses = net.layers.flatMap((layer, i) =>
    weightsOf(i, 2)
      ? [{ name: `layer ${i + 1}: ${layer.name}`, weights: params[i].weights, inShape: net.shapes[i], ...(i === last && spread !== undefined ? { inputSpread: spread } : {}) }]
      : [],
  )
  const samples = featureSamplePositions(evaluation).map((position) => {
    const { x } = gatherBatch(data, testIndices, position, position + 1)
    return {
      index: testIndices[position],
      label: evaluation.labels[position],
      predicted: evaluation.predicted[position],
      probabilities: Array.from(evaluation.probabilities.subarray(position * classes, (position + 1) * classes)),
      stages: stagesOf(net, params, x),
    }
  })
  const wrong = Array.from(evaluation.labels.keys())
    .filter((i) => evaluation.predicted[i] !== evaluation.labels[i])
    .sort((a, b) => confidenceOf(evaluation, b, classes) - confidenceOf(evaluation, a, classes) || a - b)
    .slice(0, MISCLASSIFIED)
  const pixels = data.rows * data.cols
  const out: (readonly [string, string])[] = []
  if (convs.length > 0) {
    out.push(['kernels.svg', kernelsFigure({ title: `Convolution kernels of ${arch} before and after training (${accuracy})`, layers: convs })])
  }
  if (denses.length > 0) {
    out.push(['weights.svg', weightsFigure({ title: `Dense weights of ${arch} (${accuracy})`, layers: denses, classNames })])
  }
  out.push(
    ['feature-maps.svg', featureMapsFigure({ title: `Test ${images} on their way through ${arch} (${accuracy})`, classNames, samples })],
    [
      'curves.svg',
      curvesFigure({ title: `Training of ${arch}: loss and accuracy per epoch`, epochs: input.history, untrained: input.untrained ?? untrainedPoint(net, initial, data, testIndices) }),
    ],
    ['confusion.svg', confusionFigure({ title: `Confusion matrix of ${arch} on ${testIndices.length.toLocaleString('en-US')} test ${images} (${accuracy})`, counts: input.confusion.counts, classNames })],
    [
      'misclassified.svg',
      misclassifiedFigure({
        title: `The ${wrong.length} most confidently wrong test ${images} (${accuracy})`,
        classNames,
        items: wrong.map((position) => {
          const at = testIndices[position] * pixels
          return {
            index: testIndices[position],
            image: data.images.subarray(at, at + pixels),
            rows: data.rows,
            cols: data.cols,
            label: evaluation.labels[position],
            predicted: evaluation.predicted[position],
            probability: confidenceOf(evaluation, position, classes),
          }
        }),
      }),
    ],
  )
  const moved = input.augment === undefined ? undefined : parseAugment(input.augment.text)
  if (input.augment !== undefined && moved !== undefined && E.isRight(moved) && formatAugment(moved.right) !== 'none') {
    const { seed, index, epochs } = input.augment
    const image = data.images.subarray(index * pixels, (index + 1) * pixels)
    out.push(['augmented.svg', augmentedFigure({
      title: `Training image ${index} as ${arch} saw it in epochs 1 to ${Math.min(epochs, AUGMENTED_EPOCHS)}`,
      image, rows: data.rows, cols: data.cols, index, label: classNames[data.labels[index]!] ?? '',
      augmentation: moved.right, text: formatAugment(moved.right), seed,
      versions: augmentedVersions(image, data.rows, data.cols, moved.right, seed, index, Math.min(epochs, AUGMENTED_EPOCHS)),
    })])
  }
  return out
}
