// Confusion matrix
// ================
//
// After training we want more than one number: we want to know *which* digits the network
// mixes up. A confusion matrix counts every pair (true class t, predicted class p):
//
//     counts[t,p] = #{ n : labels[n] = t  and  predicted[n] = p }
//
// Shapes: labels (N), predicted (N) → counts (classes, classes), row-major: row t is a true
// class, column p a prediction. Row t sums to the *support* of class t (how many samples it
// has), column p to how often the network answered p, and accuracy = Σ_t counts[t,t] / N.
// This is scikit-learn's `confusion_matrix(y_true, y_pred, labels=range(classes))`. The report
// chapter takes labels, never the model, so it can be tested without training anything.
// Previous: train/recipe.ts. Next: report/metrics.ts.

// The matrix
// ----------

/** Counts of (true class, predicted class) pairs, row-major `classes × classes`. */
export interface ConfusionMatrix {
  readonly classes: number
  readonly counts: Readonly<Int32Array> // (classes, classes): row = true class, column = predicted
}

// Labels are small integers; anything outside 0 … classes−1 is a bug in the caller, so we
// throw (naming the sample) instead of silently growing the matrix.
const checkLabel = (what: string, value: number, n: number, classes: number): void => {
  if (value >= classes) throw new RangeError(`confusionMatrix: ${what}[${n}] = ${value} is not one of the ${classes} classes`)
}

/**
 * Counts how often each true class was predicted as each class.
 * @example confusionMatrix(Uint8Array.of(0, 0, 1), Uint8Array.of(0, 1, 1), 2).counts // [1, 1, 0, 1]
 */
export const confusionMatrix = (
  labels: Readonly<Uint8Array>, //    (N) true classes
  predicted: Readonly<Uint8Array>, // (N) predicted classes
  classes: number,
): ConfusionMatrix => {
  if (!(Number.isInteger(classes) && classes >= 1)) throw new RangeError(`confusionMatrix: classes must be a positive integer, got ${classes}`)
  if (labels.length !== predicted.length) {
    throw new RangeError(`confusionMatrix: ${labels.length} labels but ${predicted.length} predictions`)
  }
  const counts = new Int32Array(classes * classes) // (classes, classes)
  for (let n = 0; n < labels.length; n++) {
    checkLabel('labels', labels[n], n, classes)
    checkLabel('predicted', predicted[n], n, classes)
    counts[labels[n] * classes + predicted[n]] += 1
  }
  return { classes, counts }
}

// Reading it
// ----------

/**
 * N, the number of samples counted: the sum of every cell.
 * @example totalOf({ classes: 2, counts: Int32Array.of(1, 1, 0, 1) }) === 3
 */
export const totalOf = (cm: ConfusionMatrix): number => cm.counts.reduce((sum, count) => sum + count, 0)

/**
 * The number of right answers: the sum of the diagonal.
 * @example traceOf({ classes: 2, counts: Int32Array.of(1, 1, 0, 1) }) === 2
 */
export const traceOf = (cm: ConfusionMatrix): number => {
  let trace = 0
  for (let t = 0; t < cm.classes; t++) trace += cm.counts[t * cm.classes + t]
  return trace
}

/**
 * The fraction of samples predicted correctly, trace / N (0 when there are no samples).
 * @example accuracyOf({ classes: 2, counts: Int32Array.of(1, 1, 0, 1) }) === 2 / 3
 */
export const accuracyOf = (cm: ConfusionMatrix): number => {
  const total = totalOf(cm)
  return total === 0 ? 0 : traceOf(cm) / total
}
