// Precision, recall and F1
// ========================
//
// Accuracy hides which classes are hard. For class c the matrix gives tp = counts[c,c] (right
// answers), pred = column sum (times we said c) and support = row sum (samples of class c):
//
//     precision = tp / pred      of the times we said c, how often were we right?
//     recall    = tp / support   of the real c's, how many did we find?
//     F1        = 2 · precision · recall / (precision + recall)     (their harmonic mean)
//
// and 0/0 counts as 0, as scikit-learn reports by default. *Macro* averages are plain means
// over classes, *weighted* ones weight each class by its support, and *micro* pools the
// counts first (Σ tp / Σ pred: the accuracy). We follow scikit-learn 1.2 step by step, down
// to NumPy's order of additions, so the printed report matches Python's to the last digit.
// Previous: report/confusion.ts. Next: report/numpyFormat.ts.

import { accuracyOf, totalOf, traceOf, type ConfusionMatrix } from './confusion.ts'

// Scores
// ------

/** Precision, recall and F1 of one class or one average, with the support it covers. */
export interface Scores {
  readonly precision: number
  readonly recall: number
  readonly f1: number
  readonly support: number // samples of this class; for an average, all N samples
}

/** Everything the classification report prints, computed once. */
export interface Metrics {
  readonly perClass: readonly Scores[] // (classes)
  readonly micro: Scores //    pooled counts; its F1 is the "accuracy" row of the report
  readonly macro: Scores //    unweighted mean over classes
  readonly weighted: Scores // mean weighted by support
  readonly accuracy: number // trace / N
}

// Dividing by zero
// ----------------

// A class that is never predicted has no precision, and one with no samples has no recall.
// scikit-learn's default (`zero_division="warn"`) warns and then uses 0, and so do we.
const divide = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : numerator / denominator)

// F1 is computed from the two rounded ratios, not from the counts (2·tp / (2·tp + fp + fn)),
// because that is what scikit-learn does; the two can differ in the last bit.
const f1Of = (precision: number, recall: number): number => {
  const denominator = precision + recall
  return (2 * precision * recall) / (denominator === 0 ? 1 : denominator)
}

// Adding like NumPy
// -----------------
//
// Floating-point addition is not associative: (a + b) + c and a + (b + c) can differ in the
// last bit, and a last bit can decide whether 0.115 prints as 0.11 or 0.12. NumPy's `sum`
// adds float arrays *pairwise*: below 8 numbers in order; up to 128 in eight interleaved
// running sums combined as a tree; beyond that it splits the array in two and recurses.
// (numpy/core/src/umath/loops_utils.h.src, `pairwise_sum`.)

/**
 * Sums numbers in exactly the order NumPy's `np.sum` does for a float64 array.
 * @example numpySum([0.1, 0.2, 0.3]) === (0.1 + 0.2) + 0.3
 */
export const numpySum = (values: readonly number[]): number => {
  const n = values.length
  if (n < 8) {
    let sum = 0
    for (let i = 0; i < n; i++) sum += values[i]
    return sum
  }
  if (n <= 128) {
    const r = values.slice(0, 8)
    let i = 8
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] += values[i + j]
    }
    let sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
    for (; i < n; i++) sum += values[i]
    return sum
  }
  const half = Math.floor(n / 2) - (Math.floor(n / 2) % 8)
  return numpySum(values.slice(0, half)) + numpySum(values.slice(half))
}

// `np.average(x)` is `np.sum(x) / len(x)`; with weights it is Σ x·w / Σ w.
const mean = (values: readonly number[]): number => numpySum(values) / values.length

const weightedMean = (values: readonly number[], weights: readonly number[]): number =>
  numpySum(values.map((value, i) => value * weights[i])) / numpySum(weights)

// Per class
// ---------

/**
 * Precision, recall, F1 and support of every class, as `precision_recall_fscore_support`.
 * @example classScores({ classes: 2, counts: Int32Array.of(1, 1, 0, 2) })[1] // { precision: 2/3, recall: 1, f1: 0.8, support: 2 }
 */
export const classScores = (cm: ConfusionMatrix): readonly Scores[] => {
  const { classes, counts } = cm
  return Array.from({ length: classes }, (_, c) => {
    let predictedAsC = 0 // column sum
    let support = 0 //      row sum
    for (let k = 0; k < classes; k++) {
      predictedAsC += counts[k * classes + c]
      support += counts[c * classes + k]
    }
    const truePositives = counts[c * classes + c]
    const precision = divide(truePositives, predictedAsC)
    const recall = divide(truePositives, support)
    return { precision, recall, f1: f1Of(precision, recall), support }
  })
}

// Averages
// --------

/** The unweighted mean of each score over classes; its support is N. */
export const macroAverage = (perClass: readonly Scores[]): Scores => ({
  precision: mean(perClass.map((s) => s.precision)),
  recall: mean(perClass.map((s) => s.recall)),
  f1: mean(perClass.map((s) => s.f1)),
  support: perClass.reduce((sum, s) => sum + s.support, 0),
})

/** The mean of each score weighted by support (all 0 when there are no samples). */
export const weightedAverage = (perClass: readonly Scores[]): Scores => {
  const supports = perClass.map((s) => s.support)
  const support = supports.reduce((sum, n) => sum + n, 0)
  if (support === 0) return { precision: 0, recall: 0, f1: 0, support }
  return {
    precision: weightedMean(perClass.map((s) => s.precision), supports),
    recall: weightedMean(perClass.map((s) => s.recall), supports),
    f1: weightedMean(perClass.map((s) => s.f1), supports),
    support,
  }
}

/**
 * Scores of the pooled counts: Σ tp / Σ pred and Σ tp / Σ support. With one label per
 * sample both denominators are N, so all three equal the accuracy (F1 up to its last bit).
 * @example microAverage({ classes: 2, counts: Int32Array.of(1, 1, 0, 2) }).precision === 0.75
 */
export const microAverage = (cm: ConfusionMatrix): Scores => {
  const total = totalOf(cm)
  const precision = divide(traceOf(cm), total)
  const recall = divide(traceOf(cm), total)
  return { precision, recall, f1: f1Of(precision, recall), support: total }
}

// All together
// ------------

/**
 * Every score of the classification report, from one confusion matrix.
 * @example metricsOf({ classes: 2, counts: Int32Array.of(1, 1, 0, 2) }).accuracy === 0.75
 */
export const metricsOf = (cm: ConfusionMatrix): Metrics => {
  const perClass = classScores(cm)
  return {
    perClass,
    micro: microAverage(cm),
    macro: macroAverage(perClass),
    weighted: weightedAverage(perClass),
    accuracy: accuracyOf(cm),
  }
}
