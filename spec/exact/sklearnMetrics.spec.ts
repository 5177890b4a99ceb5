// Precision, recall and F1: a 3-class example worked by hand, the zero-division rule, and
// exact agreement (bit for bit) with scikit-learn 1.2.1's precision_recall_fscore_support.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { confusionMatrix } from '../../src/report/confusion.ts'
import { classScores, type Scores } from '../../src/report/metrics.ts'
import { macroAverage, metricsOf, microAverage, numpySum, weightedAverage } from '../../src/exact/sklearnMetrics.ts'
import { FASHION, LETTERS, matrixOf, MNIST } from '../report/fixtures.ts'

// The three numbers of a Scores record, for compact comparisons.
const triple = (s: Scores): readonly number[] => [s.precision, s.recall, s.f1]

describe('metrics, worked example', () => {
  //              predicted 0  1  2     support (row sum)
  //     true 0           [ 5, 2, 1 ]      8
  //     true 1           [ 3, 3, 0 ]      6
  //     true 2           [ 0, 0, 2 ]      2
  //     column sums        8  5  3       N = 16, trace = 10
  const cm = matrixOf([
    [5, 2, 1],
    [3, 3, 0],
    [0, 0, 2],
  ])
  const m = metricsOf(cm)

  it('class 0: 5 right of 8 said and of 8 real, so everything is 5/8', () => {
    expect(m.perClass[0]).toEqual({ precision: 0.625, recall: 0.625, f1: 0.625, support: 8 })
  })

  it('class 1: precision 3/5, recall 3/6, F1 = 2·0.6·0.5 / 1.1 = 6/11', () => {
    expect(m.perClass[1].precision).toBe(0.6)
    expect(m.perClass[1].recall).toBe(0.5)
    expect(m.perClass[1].f1).toBeCloseTo(6 / 11, 15)
    expect(m.perClass[1].support).toBe(6)
  })

  it('class 2: precision 2/3, recall 2/2, F1 = 2·(2/3)·1 / (5/3) = 0.8', () => {
    expect(m.perClass[2].precision).toBeCloseTo(2 / 3, 15)
    expect(m.perClass[2].recall).toBe(1)
    expect(m.perClass[2].f1).toBeCloseTo(0.8, 15)
  })

  it('macro averages are plain means over the three classes', () => {
    expect(m.macro.precision).toBeCloseTo((0.625 + 0.6 + 2 / 3) / 3, 15) // 0.6306
    expect(m.macro.recall).toBeCloseTo((0.625 + 0.5 + 1) / 3, 15) //       0.7083
    expect(m.macro.f1).toBeCloseTo((0.625 + 6 / 11 + 0.8) / 3, 15) //      0.6568
    expect(m.macro.support).toBe(16)
  })

  it('weighted averages weight each class by its support (8, 6, 2)', () => {
    expect(m.weighted.precision).toBeCloseTo((8 * 0.625 + 6 * 0.6 + 2 * (2 / 3)) / 16, 15) // 0.6208
    expect(m.weighted.recall).toBeCloseTo(10 / 16, 15) // support-weighted recall is always the accuracy
    expect(m.weighted.f1).toBeCloseTo((8 * 0.625 + 6 * (6 / 11) + 2 * 0.8) / 16, 15) // 0.6170
  })

  it('micro averages pool the counts, which gives the accuracy 10/16 three times', () => {
    expect(triple(m.micro)).toEqual([0.625, 0.625, 0.625])
    expect(m.accuracy).toBe(0.625)
  })

  it('agrees bit for bit with scikit-learn', () => {
    expect(m.perClass.map(triple)).toEqual([
      [0.625, 0.625, 0.625],
      [0.6, 0.5, 0.5454545454545454],
      [0.6666666666666666, 1.0, 0.8],
    ])
    expect(triple(m.macro)).toEqual([0.6305555555555555, 0.7083333333333334, 0.6568181818181819])
    expect(triple(m.weighted)).toEqual([0.6208333333333333, 0.625, 0.6170454545454546])
  })

  it('matches the doc comments', () => {
    const small = matrixOf([
      [1, 1],
      [0, 2],
    ])
    expect(classScores(small)[1]).toEqual({ precision: 2 / 3, recall: 1, f1: 0.8, support: 2 })
    expect(microAverage(small).precision).toBe(0.75)
    expect(metricsOf(small).accuracy).toBe(0.75)
  })
})

describe('metrics, dividing by zero', () => {
  it('a class that is never predicted has precision 0 (and F1 0), as scikit-learn reports', () => {
    // Class 2 has two samples, but the network never says 2: precision = 0/0 → 0.
    const m = metricsOf(
      matrixOf([
        [4, 1, 0],
        [2, 5, 0],
        [1, 1, 0],
      ]),
    )
    expect(m.perClass[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 2 })
    expect(m.perClass.map(triple)).toEqual([
      [0.5714285714285714, 0.8, 0.6666666666666666],
      [0.7142857142857143, 0.7142857142857143, 0.7142857142857143],
      [0.0, 0.0, 0.0],
    ])
    expect(triple(m.macro)).toEqual([0.42857142857142855, 0.5047619047619047, 0.4603174603174603])
    expect(triple(m.weighted)).toEqual([0.5612244897959183, 0.6428571428571429, 0.5952380952380951])
  })

  it('a class with no samples has recall 0', () => {
    const m = metricsOf(
      matrixOf([
        [2, 1],
        [0, 0],
      ]),
    )
    expect(m.perClass[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 })
  })

  it('no samples at all gives zeros everywhere, never NaN', () => {
    const m = metricsOf(confusionMatrix(new Uint8Array(0), new Uint8Array(0), 3))
    const all = [...m.perClass, m.micro, m.macro, m.weighted].flatMap(triple)
    expect(all.every((v) => v === 0)).toBe(true)
    expect(m.accuracy).toBe(0)
  })
})

describe('numpySum', () => {
  it('adds short arrays left to right', () => {
    expect(numpySum([0.1, 0.2, 0.3])).toBe(0.1 + 0.2 + 0.3)
    expect(numpySum([])).toBe(0)
  })

  it('adds eight or more numbers pairwise, which can change the last bits', () => {
    // Left to right, each 1 is lost against 1e16 (the spacing of doubles there is 2).
    // Pairwise, the ones are first added to each other: (1e16 + 1) + (1 + 1), then (1+1)+(1+1).
    const values = [1e16, 1, 1, 1, 1, 1, 1, 1]
    expect(values.reduce((a, b) => a + b, 0)).toBe(1e16)
    expect(numpySum(values)).toBe(1e16 + 6)
  })

  it('agrees with a left-to-right sum up to rounding on random arrays', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 400 }), (values) => {
        const plain = values.reduce((a, b) => a + b, 0)
        return Math.abs(numpySum(values) - plain) <= 1e-12 * Math.max(1, plain)
      }),
    )
  })
})

describe('metrics, bit for bit against scikit-learn 1.2.1', () => {
  it('the README MNIST run', () => {
    const m = metricsOf(MNIST)
    expect(m.perClass.map((s) => [...triple(s), s.support])).toEqual([
      [0.9608856088560885, 0.9694713328369322, 0.9651593773165308, 1343],
      [0.9416014449127031, 0.9775, 0.959214964734744, 1600],
      [0.9172932330827067, 0.8840579710144928, 0.9003690036900369, 1380],
      [0.8896551724137931, 0.9002093510118633, 0.894901144640999, 1433],
      [0.9318715740015662, 0.918918918918919, 0.9253499222395023, 1295],
      [0.8948635634028892, 0.8758837391987431, 0.8852719333068678, 1273],
      [0.9412597310686482, 0.9527220630372493, 0.9469562121751512, 1396],
      [0.9300605245460659, 0.9201596806387226, 0.9250836120401338, 1503],
      [0.8796992481203008, 0.8621960206337509, 0.8708596948269445, 1357],
      [0.8917987594762233, 0.9112676056338028, 0.9014280738418671, 1420],
    ])
    expect(triple(m.micro)).toEqual([0.9184285714285715, 0.9184285714285715, 0.9184285714285715])
    expect(triple(m.macro)).toEqual([0.9178988859880984, 0.9172386682924477, 0.9174593938812776])
    expect(triple(m.weighted)).toEqual([0.9182637774243653, 0.9184285714285715, 0.91823363463591])
    expect(m.accuracy).toBe(0.9184285714285715)
  })

  // These two would fail with a plain left-to-right sum: the pairwise order matters here.
  it('Fashion-MNIST averages', () => {
    const m = metricsOf(FASHION)
    expect(triple(m.macro)).toEqual([0.8760000487382864, 0.8766999999999999, 0.8758354174995354])
    expect(triple(m.weighted)).toEqual([0.8760000487382864, 0.8767, 0.8758354174995354])
  })

  it('26-letter averages', () => {
    const m = metricsOf(LETTERS)
    expect(triple(m.micro)).toEqual([0.93971675964961, 0.93971675964961, 0.93971675964961])
    expect(triple(m.macro)).toEqual([0.9379743464711413, 0.9378843080134279, 0.9379094235753899])
    expect(triple(m.weighted)).toEqual([0.9397943605229979, 0.93971675964961, 0.9397363618840304])
  })
})

describe('metrics, properties', () => {
  const matrices = fc.integer({ min: 1, max: 8 }).chain((k) =>
    fc.array(fc.nat({ max: 50 }), { minLength: k * k, maxLength: k * k }).map((cells) => ({ classes: k, counts: Int32Array.from(cells) })),
  )

  it('every score lies in [0, 1]', () => {
    fc.assert(
      fc.property(matrices, (cm) => {
        const m = metricsOf(cm)
        return [...m.perClass, m.micro, m.macro, m.weighted].flatMap(triple).every((v) => v >= 0 && v <= 1)
      }),
    )
  })

  // Not for macro and weighted averages: they average the F1s, so their F1 is not the
  // harmonic mean of their precision and recall.
  it('F1, a harmonic mean, lies between precision and recall for each class and for micro', () => {
    fc.assert(
      fc.property(matrices, (cm) => {
        const m = metricsOf(cm)
        return [...m.perClass, m.micro].every(
          (s) => s.f1 <= Math.max(s.precision, s.recall) + 1e-12 && s.f1 >= Math.min(s.precision, s.recall) - 1e-12,
        )
      }),
    )
  })

  it('weighted recall and micro scores equal the accuracy', () => {
    fc.assert(
      fc.property(matrices, (cm) => {
        const m = metricsOf(cm)
        expect(m.micro.precision).toBe(m.accuracy)
        expect(m.micro.recall).toBe(m.accuracy)
        expect(m.weighted.recall).toBeCloseTo(m.accuracy, 12)
      }),
    )
  })

  it('averages agree with their definitions', () => {
    fc.assert(
      fc.property(matrices, (cm) => {
        const perClass = classScores(cm)
        const N = perClass.reduce((sum, s) => sum + s.support, 0)
        const mean = (f: (s: Scores) => number) => perClass.reduce((sum, s) => sum + f(s), 0) / perClass.length
        const weighted = (f: (s: Scores) => number) => (N === 0 ? 0 : perClass.reduce((sum, s) => sum + f(s) * s.support, 0) / N)
        expect(macroAverage(perClass).f1).toBeCloseTo(mean((s) => s.f1), 12)
        expect(weightedAverage(perClass).precision).toBeCloseTo(weighted((s) => s.precision), 12)
      }),
    )
  })

  it('leaves the confusion matrix untouched', () => {
    fc.assert(
      fc.property(matrices, (cm) => {
        const before = Array.from(cm.counts)
        metricsOf(cm)
        expect(Array.from(cm.counts)).toEqual(before)
      }),
    )
  })
})
