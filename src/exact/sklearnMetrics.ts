// The report's averages, added up as NumPy adds them
// ==================================================
//
// report/metrics.ts computes precision, recall and F1 the textbook way. scikit-learn computes
// the same formulas, but its averages are NumPy sums, and floating-point addition is not
// associative: (a + b) + c and a + (b + c) can differ in the last bit, and a last bit can
// decide whether 0.115 prints as 0.11 or 0.12. To print the report character for character as
// Python did, this file adds in NumPy's order. Nothing else changes: the per-class scores are
// report/metrics.ts's `classScores`, and spec/exact/sklearnMetrics.spec.ts checks that the
// averages here agree with the plain ones to rounding.
//
// NumPy's `sum` adds float arrays *pairwise*: below 8 numbers in order; up to 128 in eight
// interleaved running sums combined as a tree; beyond that it splits the array in two and
// recurses (numpy/core/src/umath/loops_utils.h.src, `pairwise_sum`). `np.average(x)` is
// `np.sum(x) / len(x)`; with weights it is Σ x·w / Σ w. The *micro* average pools the counts
// first (Σ tp / Σ pred): with one label per sample that is the accuracy, which the report
// prints on its "accuracy" row.
// Previous: exact/sklearnSplit.ts. Next: exact/numpyFormat.ts.

import { accuracyOf, totalOf, traceOf, type ConfusionMatrix } from '../report/confusion.ts'
import { classScores, f1Of, type Scores } from '../report/metrics.ts'

/** Everything the classification report prints, computed once. */
export interface Metrics {
  readonly perClass: readonly Scores[] // (classes)
  readonly micro: Scores //    pooled counts; its F1 is the "accuracy" row of the report
  readonly macro: Scores //    unweighted mean over classes
  readonly weighted: Scores // mean weighted by support
  readonly accuracy: number // trace / N
}

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

const mean = (values: readonly number[]): number => numpySum(values) / values.length

const weightedMean = (values: readonly number[], weights: readonly number[]): number =>
  numpySum(values.map((value, i) => value * weights[i])) / numpySum(weights)

/** The unweighted mean of each score over classes, as `np.average`; its support is N. */
export const macroAverage = (perClass: readonly Scores[]): Scores => ({
  precision: mean(perClass.map((s) => s.precision)),
  recall: mean(perClass.map((s) => s.recall)),
  f1: mean(perClass.map((s) => s.f1)),
  support: perClass.reduce((sum, s) => sum + s.support, 0),
})

/** The mean of each score weighted by support, as `np.average(…, weights=support)` (all 0 when there are no samples). */
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
  const precision = total === 0 ? 0 : traceOf(cm) / total
  return { precision, recall: precision, f1: f1Of(precision, precision), support: total }
}

/**
 * Every score of the classification report, from one confusion matrix.
 * @example metricsOf({ classes: 2, counts: Int32Array.of(1, 1, 0, 2) }).accuracy === 0.75
 */
export const metricsOf = (cm: ConfusionMatrix): Metrics => {
  const perClass = classScores(cm)
  return { perClass, micro: microAverage(cm), macro: macroAverage(perClass), weighted: weightedAverage(perClass), accuracy: accuracyOf(cm) }
}
