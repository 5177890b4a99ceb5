// Precision, recall and F1
// ========================
//
// Accuracy hides which classes are hard. For class c the confusion matrix gives tp = counts[c,c]
// (right answers), pred = its column sum (times we said c) and support = its row sum (samples
// of class c):
//
//     precision = tp / pred      of the times we said c, how often were we right?
//     recall    = tp / support   of the real c's, how many did we find?
//     F1        = 2 · precision · recall / (precision + recall)     (their harmonic mean)
//
// and 0/0 counts as 0 (a class never predicted has no precision; scikit-learn reports 0 too).
// Two averages summarise the classes: the *macro* average is the plain mean over classes, so
// a rare class counts as much as a common one; the *weighted* average weights each class by
// its support, so it follows the data.
//
// These are the textbook sums. The report that `npm run train` prints adds them up in exactly
// NumPy's order, so that its last digit matches scikit-learn's: that is appendix A
// (exact/sklearnMetrics.ts), and a spec checks that the two agree to rounding.
// Previous: report/confusion.ts. Next: model/trace.ts.

import type { ConfusionMatrix } from './confusion.ts'

/** Precision, recall and F1 of one class or one average, with the support it covers. */
export interface Scores {
  readonly precision: number
  readonly recall: number
  readonly f1: number
  readonly support: number // samples of this class; for an average, all N samples
}

// 0/0 is 0; F1 of two zeros is 0.
const divide = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : numerator / denominator)

/** The harmonic mean of precision and recall (0 when both are 0). */
export const f1Of = (precision: number, recall: number): number => divide(2 * precision * recall, precision + recall)

/**
 * Precision, recall, F1 and support of every class.
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

/** Each score averaged over classes with the given weights (all 1: macro; the supports: weighted). */
export const averageScores = (perClass: readonly Scores[], weights: readonly number[]): Scores => {
  let [precision, recall, f1, total, support] = [0, 0, 0, 0, 0]
  for (const [c, s] of perClass.entries()) {
    precision += weights[c] * s.precision
    recall += weights[c] * s.recall
    f1 += weights[c] * s.f1
    total += weights[c]
    support += s.support
  }
  return { precision: divide(precision, total), recall: divide(recall, total), f1: divide(f1, total), support }
}

/** The plain mean of each score over classes; its support is N. */
export const macroAverage = (perClass: readonly Scores[]): Scores => averageScores(perClass, perClass.map(() => 1))

/** The mean of each score weighted by each class's support. */
export const weightedAverage = (perClass: readonly Scores[]): Scores => averageScores(perClass, perClass.map((s) => s.support))
