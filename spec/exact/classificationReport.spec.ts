// The classification report. First a 3-class example you can check by hand, then exact
// texts: every expected string below was printed by scikit-learn 1.2.1 (NumPy 1.24.2) with
// `classification_report(y_true, y_pred, labels=range(k), target_names=..., digits=...)`
// on the same matrices, expanded into labels as in fixtures.ts.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { classificationReport, formatFixed, formatReport } from '../../src/exact/classificationReport.ts'
import { confusionMatrix } from '../../src/report/confusion.ts'
import { FASHION, FASHION_NAMES, LETTERS, matrixOf, MNIST } from '../report/fixtures.ts'

describe('formatFixed: rounding as Python does', () => {
  it('rounds like toFixed when the value is not exactly halfway', () => {
    expect(formatFixed(0.9608856088560885, 2)).toBe('0.96')
    expect(formatFixed(0.5454545454545454, 4)).toBe('0.5455')
    expect(formatFixed(91.84285714285715, 2)).toBe('91.84')
    expect(formatFixed(1, 2)).toBe('1.00')
    expect(formatFixed(0, 0)).toBe('0')
  })

  it('rounds an exact tie to the even neighbour, where toFixed rounds up', () => {
    // 0.125 = 1/8 exactly, halfway between 0.12 and 0.13.
    expect((0.125).toFixed(2)).toBe('0.13')
    expect(formatFixed(0.125, 2)).toBe('0.12')
    expect(formatFixed(0.375, 2)).toBe('0.38')
    expect(formatFixed(0.625, 2)).toBe('0.62')
    expect(formatFixed(0.5, 0)).toBe('0')
    expect(formatFixed(1.5, 0)).toBe('2')
    expect(formatFixed(2.5, 0)).toBe('2')
  })

  it('treats 0.115, which is not exactly 0.115 in binary, as what it really is', () => {
    // The double nearest 0.115 is 0.11500000000000000499…, above the tie, so both round up.
    expect(formatFixed(0.115, 2)).toBe('0.12')
    expect(formatFixed(0.115, 2)).toBe((0.115).toFixed(2))
  })

  it('handles signs, tiny and huge values like Python', () => {
    expect(formatFixed(-0.125, 2)).toBe('-0.12')
    expect(formatFixed(-0, 2)).toBe('-0.00')
    expect(formatFixed(5e-324, 3)).toBe('0.000')
    expect(formatFixed(1e22, 1)).toBe('10000000000000000000000.0')
    expect(formatFixed(NaN, 2)).toBe('nan')
    expect(formatFixed(Infinity, 2)).toBe('inf')
  })

  it('agrees with toFixed whenever x is not exactly halfway', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 8 }), (x, digits) => {
        // x is a tie exactly when 2·x·10^digits is an integer (this product is exact then).
        fc.pre(!Number.isInteger(x * 2 * 10 ** digits))
        return formatFixed(x, digits) === x.toFixed(digits)
      }),
    )
  })

  it('rounds every tie j + ½ to the even one of j and j + 1', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), (j) => formatFixed(j + 0.5, 0) === String(j % 2 === 0 ? j : j + 1)),
    )
  })
})

describe('classificationReport, worked example', () => {
  //              predicted 0  1  2     support
  //     true 0           [ 5, 2, 1 ]      8      precision 5/8, recall 5/8
  //     true 1           [ 3, 3, 0 ]      6      precision 3/5, recall 3/6
  //     true 2           [ 0, 0, 2 ]      2      precision 2/3, recall 2/2
  const cm = matrixOf([
    [5, 2, 1],
    [3, 3, 0],
    [0, 0, 2],
  ])

  it('prints one row per class, then accuracy, macro and weighted averages', () => {
    // Note class 0: 5/8 = 0.625 exactly, a tie, printed as 0.62 (round half to even), and
    // accuracy 10/16 = 0.625 too. Class 1's F1 is 6/11 = 0.5454…, printed 0.55.
    expect(classificationReport(cm)).toBe(`              precision    recall  f1-score   support

           0       0.62      0.62      0.62         8
           1       0.60      0.50      0.55         6
           2       0.67      1.00      0.80         2

    accuracy                           0.62        16
   macro avg       0.63      0.71      0.66        16
weighted avg       0.62      0.62      0.62        16
`)
  })

  it('prints 4 decimals with digits: 4', () => {
    expect(classificationReport(cm, { digits: 4 })).toBe(`              precision    recall  f1-score   support

           0     0.6250    0.6250    0.6250         8
           1     0.6000    0.5000    0.5455         6
           2     0.6667    1.0000    0.8000         2

    accuracy                         0.6250        16
   macro avg     0.6306    0.7083    0.6568        16
weighted avg     0.6208    0.6250    0.6170        16
`)
  })

  it('matches the doc comment', () => {
    const perfect = confusionMatrix(Uint8Array.of(0, 1), Uint8Array.of(0, 1), 2)
    expect(classificationReport(perfect).split('\n')[2]).toBe('           0       1.00      1.00      1.00         1')
  })
})

describe('classificationReport, exact scikit-learn text', () => {
  it('the README MNIST run', () => {
    expect(classificationReport(MNIST)).toBe(`              precision    recall  f1-score   support

           0       0.96      0.97      0.97      1343
           1       0.94      0.98      0.96      1600
           2       0.92      0.88      0.90      1380
           3       0.89      0.90      0.89      1433
           4       0.93      0.92      0.93      1295
           5       0.89      0.88      0.89      1273
           6       0.94      0.95      0.95      1396
           7       0.93      0.92      0.93      1503
           8       0.88      0.86      0.87      1357
           9       0.89      0.91      0.90      1420

    accuracy                           0.92     14000
   macro avg       0.92      0.92      0.92     14000
weighted avg       0.92      0.92      0.92     14000
`)
  })

  it('the README MNIST run with digits: 4', () => {
    expect(classificationReport(MNIST, { digits: 4 })).toBe(`              precision    recall  f1-score   support

           0     0.9609    0.9695    0.9652      1343
           1     0.9416    0.9775    0.9592      1600
           2     0.9173    0.8841    0.9004      1380
           3     0.8897    0.9002    0.8949      1433
           4     0.9319    0.9189    0.9253      1295
           5     0.8949    0.8759    0.8853      1273
           6     0.9413    0.9527    0.9470      1396
           7     0.9301    0.9202    0.9251      1503
           8     0.8797    0.8622    0.8709      1357
           9     0.8918    0.9113    0.9014      1420

    accuracy                         0.9184     14000
   macro avg     0.9179    0.9172    0.9175     14000
weighted avg     0.9183    0.9184    0.9182     14000
`)
  })

  it('a class that is never predicted gets precision 0.00', () => {
    const cm = matrixOf([
      [4, 1, 0],
      [2, 5, 0],
      [1, 1, 0],
    ])
    expect(classificationReport(cm)).toBe(`              precision    recall  f1-score   support

           0       0.57      0.80      0.67         5
           1       0.71      0.71      0.71         7
           2       0.00      0.00      0.00         2

    accuracy                           0.64        14
   macro avg       0.43      0.50      0.46        14
weighted avg       0.56      0.64      0.60        14
`)
  })

  it('Fashion-MNIST names (none longer than "weighted avg", so the column stays 12 wide)', () => {
    expect(classificationReport(FASHION, { names: FASHION_NAMES })).toBe(`              precision    recall  f1-score   support

 T-shirt/top       0.81      0.86      0.83      1000
     Trouser       0.99      0.96      0.97      1000
    Pullover       0.77      0.81      0.79      1000
       Dress       0.87      0.89      0.88      1000
        Coat       0.79      0.80      0.80      1000
      Sandal       0.97      0.95      0.96      1000
       Shirt       0.71      0.62      0.66      1000
     Sneaker       0.93      0.95      0.94      1000
         Bag       0.97      0.96      0.97      1000
  Ankle boot       0.96      0.95      0.96      1000

    accuracy                           0.88     10000
   macro avg       0.88      0.88      0.88     10000
weighted avg       0.88      0.88      0.88     10000
`)
  })

  it('Fashion-MNIST names with digits: 4', () => {
    expect(classificationReport(FASHION, { names: FASHION_NAMES, digits: 4 })).toBe(`              precision    recall  f1-score   support

 T-shirt/top     0.8075    0.8560    0.8311      1000
     Trouser     0.9857    0.9620    0.9737      1000
    Pullover     0.7703    0.8150    0.7920      1000
       Dress     0.8704    0.8930    0.8815      1000
        Coat     0.7937    0.8000    0.7968      1000
      Sandal     0.9694    0.9510    0.9601      1000
       Shirt     0.7092    0.6170    0.6599      1000
     Sneaker     0.9272    0.9550    0.9409      1000
         Bag     0.9679    0.9650    0.9664      1000
  Ankle boot     0.9588    0.9530    0.9559      1000

    accuracy                         0.8767     10000
   macro avg     0.8760    0.8767    0.8758     10000
weighted avg     0.8760    0.8767    0.8758     10000
`)
  })

  it('a name longer than "weighted avg" widens the first column', () => {
    const cm = matrixOf([
      [7, 1, 0],
      [2, 9, 1],
      [0, 3, 12],
    ])
    expect(classificationReport(cm, { names: ['cat', 'dog', 'red-tailed hawk'] })).toBe(`                 precision    recall  f1-score   support

            cat       0.78      0.88      0.82         8
            dog       0.69      0.75      0.72        12
red-tailed hawk       0.92      0.80      0.86        15

       accuracy                           0.80        35
      macro avg       0.80      0.81      0.80        35
   weighted avg       0.81      0.80      0.80        35
`)
  })

  it('26 letters', () => {
    const names = Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i))
    expect(classificationReport(LETTERS, { names })).toBe(`              precision    recall  f1-score   support

           a       0.90      0.91      0.91      1093
           b       0.93      0.93      0.93      1228
           c       0.94      0.92      0.93      1380
           d       0.96      0.94      0.95      1495
           e       0.94      0.95      0.95      1623
           f       0.94      0.94      0.94      1796
           g       0.95      0.95      0.95      1920
           h       0.94      0.93      0.93      1141
           i       0.92      0.93      0.93      1289
           j       0.94      0.94      0.94      1422
           k       0.95      0.94      0.94      1559
           l       0.95      0.94      0.95      1705
           m       0.96      0.96      0.96      1824
           n       0.94      0.95      0.95      1977
           o       0.91      0.92      0.91      1221
           p       0.93      0.93      0.93      1349
           q       0.96      0.95      0.95      1472
           r       0.93      0.93      0.93      1637
           s       0.95      0.95      0.95      1751
           t       0.96      0.95      0.96      1890
           u       0.93      0.92      0.93      1130
           v       0.92      0.92      0.92      1276
           w       0.92      0.93      0.93      1408
           x       0.93      0.94      0.94      1546
           y       0.96      0.96      0.96      1655
           z       0.96      0.94      0.95      1826

    accuracy                           0.94     39613
   macro avg       0.94      0.94      0.94     39613
weighted avg       0.94      0.94      0.94     39613
`)
  })

  it('exact ties at 0, 1 and 2 digits: 1/8, 4/7, 1/2 and the accuracy 9/16', () => {
    const cm = matrixOf([
      [1, 0, 0],
      [3, 4, 0],
      [4, 0, 4],
    ])
    expect(classificationReport(cm, { digits: 0 })).toBe(`              precision    recall  f1-score   support

           0          0         1         0         1
           1          1         1         1         7
           2          1         0         1         8

    accuracy                              1        16
   macro avg          1         1         1        16
weighted avg          1         1         1        16
`)
    expect(classificationReport(cm, { digits: 1 })).toBe(`              precision    recall  f1-score   support

           0        0.1       1.0       0.2         1
           1        1.0       0.6       0.7         7
           2        1.0       0.5       0.7         8

    accuracy                            0.6        16
   macro avg        0.7       0.7       0.5        16
weighted avg        0.9       0.6       0.7        16
`)
    expect(classificationReport(cm, { digits: 2 })).toBe(`              precision    recall  f1-score   support

           0       0.12      1.00      0.22         1
           1       1.00      0.57      0.73         7
           2       1.00      0.50      0.67         8

    accuracy                           0.56        16
   macro avg       0.71      0.69      0.54        16
weighted avg       0.95      0.56      0.67        16
`)
  })
})

describe('classificationReport, scikit-learn quirks we copy', () => {
  it('prints "micro avg" instead of "accuracy" when a class never occurs at all', () => {
    // Class 2 is neither a label nor a prediction. scikit-learn, given labels=[0, 1, 2],
    // then no longer calls the micro average "accuracy" and fills in all its columns.
    const cm = matrixOf([
      [2, 0, 0],
      [1, 1, 0],
      [0, 0, 0],
    ])
    expect(classificationReport(cm)).toBe(`              precision    recall  f1-score   support

           0       0.67      1.00      0.80         2
           1       1.00      0.50      0.67         2
           2       0.00      0.00      0.00         0

   micro avg       0.75      0.75      0.75         4
   macro avg       0.56      0.50      0.49         4
weighted avg       0.83      0.75      0.73         4
`)
  })

  it('prints supports as floats ("3.0") when not a single prediction is right', () => {
    const cm = matrixOf([
      [0, 3],
      [6, 0],
    ])
    expect(classificationReport(cm)).toBe(`              precision    recall  f1-score   support

           0       0.00      0.00      0.00       3.0
           1       0.00      0.00      0.00       6.0

    accuracy                           0.00       9.0
   macro avg       0.00      0.00      0.00       9.0
weighted avg       0.00      0.00      0.00       9.0
`)
  })
})

describe('classificationReport, bad options', () => {
  it('needs one name per class', () => {
    expect(() => classificationReport(MNIST, { names: ['a', 'b'] })).toThrow('10 classes but 2 names')
  })

  it('needs a whole number of digits', () => {
    expect(() => classificationReport(MNIST, { digits: -1 })).toThrow('digits')
    expect(() => classificationReport(MNIST, { digits: 1.5 })).toThrow('digits')
  })
})

describe('formatReport', () => {
  it('is exactly what the three print() calls of the original wrote, minus the last newline', () => {
    // print(confusion_matrix(...)); print(classification_report(...)); print(f'test accuracy: {acc:.2%}')
    expect(formatReport(MNIST)).toBe(`[[1302    1    2    3    1    9   14    2    8    1]
 [   0 1564    5    6    2    5    2    3   11    2]
 [   6   20 1220   25   15    5   15   30   39    5]
 [   5    6   30 1290    2   45    5   15   25   10]
 [   3    5    8    1 1190    2   15    5   10   56]
 [  12    5    4   55   10 1115   20    6   35   11]
 [  10    4   10    0   12   20 1330    0    8    2]
 [   2   15   25    8   12    2    0 1383    5   51]
 [   8   30   20   40   10   40   12    8 1170   19]
 [   7   11    6   22   23    3    0   35   19 1294]]
              precision    recall  f1-score   support

           0       0.96      0.97      0.97      1343
           1       0.94      0.98      0.96      1600
           2       0.92      0.88      0.90      1380
           3       0.89      0.90      0.89      1433
           4       0.93      0.92      0.93      1295
           5       0.89      0.88      0.89      1273
           6       0.94      0.95      0.95      1396
           7       0.93      0.92      0.93      1503
           8       0.88      0.86      0.87      1357
           9       0.89      0.91      0.90      1420

    accuracy                           0.92     14000
   macro avg       0.92      0.92      0.92     14000
weighted avg       0.92      0.92      0.92     14000

test accuracy: 91.84%`)
  })

  it('ends with the accuracy in percent with two decimals', () => {
    expect(formatReport(MNIST).split('\n').at(-1)).toBe('test accuracy: 91.84%')
    expect(formatReport(matrixOf([[1, 7], [0, 0]])).split('\n').at(-1)).toBe('test accuracy: 12.50%')
  })

  it('passes the names and digits on to the report', () => {
    const options = { names: FASHION_NAMES, digits: 4 }
    expect(formatReport(FASHION, options)).toContain(classificationReport(FASHION, options))
  })
})

// Properties
// ----------

// Between 1 and 12 classes and a number of samples of each, every class at least once.
const classCounts = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 12 })

// Any confusion matrix over 1 to 12 classes, from random (label, prediction) pairs.
const matrices = fc.integer({ min: 1, max: 12 }).chain((classes) =>
  fc
    .array(fc.tuple(fc.nat({ max: classes - 1 }), fc.nat({ max: classes - 1 })), { minLength: 1, maxLength: 200 })
    .map((pairs) => ({
      pairs,
      cm: confusionMatrix(Uint8Array.from(pairs.map(([t]) => t)), Uint8Array.from(pairs.map(([, p]) => p)), classes),
    })),
)

// The last four fields of a report line: precision, recall, F1 and support.
const fieldsOf = (line: string): readonly string[] => line.trim().split(/ +/).slice(-4)

describe('classificationReport, properties', () => {
  it('perfect predictions show 1.00 everywhere', () => {
    fc.assert(
      fc.property(classCounts, fc.integer({ min: 0, max: 6 }), (counts, digits) => {
        const labels = Uint8Array.from(counts.flatMap((count, c) => Array.from({ length: count }, () => c)))
        const lines = classificationReport(confusionMatrix(labels, labels, counts.length), { digits }).split('\n')
        const one = formatFixed(1, digits) // '1.00' for two digits
        const classRows = lines.slice(2, 2 + counts.length)
        classRows.forEach((line, c) => expect(fieldsOf(line)).toEqual([one, one, one, String(counts[c])]))
        const N = String(labels.length)
        expect(lines.at(-4)).toBe('    accuracy' + ' '.repeat(21) + one.padStart(10) + N.padStart(10))
        expect(fieldsOf(lines.at(-3) ?? '')).toEqual([one, one, one, N]) // macro avg
        expect(fieldsOf(lines.at(-2) ?? '')).toEqual([one, one, one, N]) // weighted avg
      }),
    )
  })

  it('has classes + 7 lines, each as wide as the header or empty, ending in a newline', () => {
    fc.assert(
      fc.property(matrices, fc.integer({ min: 0, max: 7 }), ({ cm }, digits) => {
        const lines = classificationReport(cm, { digits }).split('\n')
        expect(lines.length).toBe(cm.classes + 7)
        expect(lines.at(-1)).toBe('')
        expect(new Set(lines.filter((line) => line !== '').map((line) => line.length))).toEqual(new Set([12 + 1 + 4 * 10]))
      }),
    )
  })

  it('lists the support of each class, and N on the summary rows', () => {
    fc.assert(
      fc.property(matrices, ({ pairs, cm }) => {
        const supports = classificationReport(cm)
          .split('\n')
          .filter((line) => line !== '' && !line.includes('precision'))
          .map((line) => Number(line.split(' ').at(-1)))
        const perClass = Array.from({ length: cm.classes }, (_, c) => pairs.filter(([t]) => t === c).length)
        expect(supports).toEqual([...perClass, pairs.length, pairs.length, pairs.length])
      }),
    )
  })

  it('leaves the matrix and the names untouched', () => {
    fc.assert(
      fc.property(matrices, ({ cm }) => {
        const names = Array.from({ length: cm.classes }, (_, c) => `class ${c}`)
        const before = [Array.from(cm.counts), [...names]]
        formatReport(cm, { names, digits: 3 })
        expect([Array.from(cm.counts), names]).toEqual(before)
      }),
    )
  })
})
