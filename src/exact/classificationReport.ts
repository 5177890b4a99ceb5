// The classification report
// =========================
//
// The text printed after training, as scikit-learn's `classification_report` writes it:
//
//                   precision    recall  f1-score   support
//
//                0       0.97      0.96      0.97      1343
//         accuracy                           0.92     14000
//        macro avg       0.92      0.92      0.92     14000
//
// The name column is w = max(longest name, len("weighted avg"), digits) wide; each score sits in
// a 9-wide column after two spaces, with `digits` decimals rounded as Python rounds them. Blank
// lines follow the header and the class rows. `formatReport`, at the end, prints the confusion
// matrix before it and the test accuracy after it.
// Previous: exact/numpyFormat.ts. Next: exact/index.ts.

import { accuracyOf, traceOf, type ConfusionMatrix } from '../report/confusion.ts'
import type { Scores } from '../report/metrics.ts'
import { metricsOf } from './sklearnMetrics.ts'
import { formatNumpyMatrix } from './numpyFormat.ts'

/** How to label the classes (default "0", "1", …) and how many decimals to print (default 2). */
export interface ReportOptions {
  readonly names?: readonly string[]
  readonly digits?: number
}

// Rounding like Python
// --------------------
//
// Python's `format(x, '.2f')` and JavaScript's `x.toFixed(2)` both round the exact binary value
// of x, so they agree except on an exact tie. 0.125 is exactly 1/8, halfway between 0.12 and
// 0.13: JavaScript rounds up to 0.13, Python rounds to the even neighbour, 0.12. Precisions
// like 1/8 or 5/8 are common on small test sets, so we do the rounding ourselves, exactly,
// with integers: a finite double is m · 2^e for integers m and e.

// The integer mantissa m and exponent e with x = m · 2^e, read from the bits of x (x ≥ 0).
const binaryParts = (x: number): { readonly mantissa: bigint; readonly exponent: number } => {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x)
  const bits = view.getBigUint64(0)
  const biased = Number((bits >> 52n) & 0x7ffn)
  const fraction = bits & ((1n << 52n) - 1n)
  return biased === 0
    ? { mantissa: fraction, exponent: -1074 } //                  subnormal: no hidden bit
    : { mantissa: fraction | (1n << 52n), exponent: biased - 1075 }
}

/**
 * `x` with `digits` decimals, rounded half-to-even on its exact value, as Python's `'%.*f'`.
 * @example formatFixed(0.125, 2) === '0.12' && formatFixed(0.375, 2) === '0.38'
 */
export const formatFixed = (x: number, digits: number): string => {
  if (Number.isNaN(x)) return 'nan'
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf'
  if (x < 0 || Object.is(x, -0)) return '-' + formatFixed(-x, digits)
  // x · 10^digits = m · 10^digits · 2^e; round that to an integer q, ties to even.
  const { mantissa, exponent } = binaryParts(x)
  const scaled = mantissa * 10n ** BigInt(digits)
  let q: bigint
  if (exponent >= 0) q = scaled << BigInt(exponent)
  else {
    const shift = BigInt(-exponent)
    q = scaled >> shift
    const remainder = scaled - (q << shift)
    const half = 1n << (shift - 1n)
    if (remainder > half || (remainder === half && q % 2n === 1n)) q += 1n
  }
  if (digits === 0) return q.toString()
  const text = q.toString().padStart(digits + 1, '0')
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`
}

// Columns
// -------

const HEADERS = ['precision', 'recall', 'f1-score', 'support'] as const
const LONGEST_AVERAGE = 'weighted avg'

// Python pads by characters (code points), not UTF-16 units, so "é" or "🐈" count as one.
const lengthOf = (text: string): number => [...text].length
const right = (text: string, width: number): string => ' '.repeat(Math.max(0, width - lengthOf(text))) + text

// One line: the name in the first column, then each field in a 9-wide column after two spaces
// (the trailing space of the name column and the leading space of the field).
const line = (name: string, fields: readonly string[], width: number): string =>
  right(name, width) + ' ' + fields.map((field) => ' ' + right(field, 9)).join('')

// Supports are whole numbers, printed as such, except in one corner: when not a single
// prediction is right, scikit-learn builds its counts as a float array (the "pathological
// case" in `multilabel_confusion_matrix`), and Python prints the float 9.0 as "9.0".
const countText = (count: number, nothingRight: boolean): string => (nothingRight ? `${count}.0` : String(count))

const scoreLine = (name: string, s: Scores, width: number, digits: number, nothingRight: boolean): string =>
  line(
    name,
    [formatFixed(s.precision, digits), formatFixed(s.recall, digits), formatFixed(s.f1, digits), countText(s.support, nothingRight)],
    width,
  )

// The report
// ----------

// Whether class c shows up at all: as a true label (row c) or as a prediction (column c).
const occurs = (cm: ConfusionMatrix, c: number): boolean => {
  for (let k = 0; k < cm.classes; k++) {
    if (cm.counts[c * cm.classes + k] > 0 || cm.counts[k * cm.classes + c] > 0) return true
  }
  return false
}

/**
 * The exact text of scikit-learn's `classification_report(y_true, y_pred, labels=range(classes),
 * target_names=names, digits=digits)`, ending in a newline.
 * @example classificationReport(confusionMatrix(Uint8Array.of(0, 1), Uint8Array.of(0, 1), 2)).split('\n')[2]
 * // '           0       1.00      1.00      1.00         1'
 */
export const classificationReport = (cm: ConfusionMatrix, options: ReportOptions = {}): string => {
  const digits = options.digits ?? 2
  if (!(Number.isInteger(digits) && digits >= 0)) throw new RangeError(`classificationReport: digits must be a whole number ≥ 0, got ${digits}`)
  const names = options.names ?? Array.from({ length: cm.classes }, (_, c) => String(c))
  if (names.length !== cm.classes) {
    throw new RangeError(`classificationReport: ${cm.classes} classes but ${names.length} names`)
  }
  const width = names.reduce((most, name) => Math.max(most, lengthOf(name)), Math.max(LONGEST_AVERAGE.length, digits))
  const metrics = metricsOf(cm)
  const nothingRight = traceOf(cm) === 0

  // scikit-learn prints its micro average as "accuracy", with only the F1 column filled in,
  // when the labels it was given are exactly the classes that occur. A class that is neither
  // in the data nor ever predicted breaks that, and the row becomes a full "micro avg".
  const everyClassOccurs = names.every((_, c) => occurs(cm, c))
  const microLine = everyClassOccurs
    ? line('accuracy', ['', '', formatFixed(metrics.micro.f1, digits), countText(metrics.micro.support, nothingRight)], width)
    : scoreLine('micro avg', metrics.micro, width, digits, nothingRight)

  return [
    line('', [...HEADERS], width),
    '',
    ...metrics.perClass.map((s, c) => scoreLine(names[c], s, width, digits, nothingRight)),
    '',
    microLine,
    scoreLine('macro avg', metrics.macro, width, digits, nothingRight),
    scoreLine('weighted avg', metrics.weighted, width, digits, nothingRight),
    '',
  ].join('\n')
}

// What we print
// -------------

/**
 * The block printed after training: the confusion matrix as NumPy prints it, the report, and
 * `test accuracy: 91.84%`: exactly what Python's three `print` calls wrote, minus the final
 * newline (so `console.log` puts it back).
 */
export const formatReport = (cm: ConfusionMatrix, options: ReportOptions = {}): string =>
  [
    formatNumpyMatrix(cm.counts, cm.classes, cm.classes),
    classificationReport(cm, options),
    `test accuracy: ${formatFixed(accuracyOf(cm) * 100, 2)}%`,
  ].join('\n')
