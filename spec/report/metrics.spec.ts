// The textbook scores of report/metrics.ts, worked by hand and checked against appendix A's
// NumPy-order sums (exact/sklearnMetrics.ts), which must agree with them to rounding.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as exact from '../../src/exact/sklearnMetrics.ts'
import { confusionMatrix } from '../../src/report/confusion.ts'
import { classScores, f1Of, macroAverage, weightedAverage } from '../../src/report/metrics.ts'
import { MNIST } from './fixtures.ts'

// Rows are true classes: class 0 has 2 samples (1 right), class 1 has 2 (both right).
const small = { classes: 2, counts: Int32Array.of(1, 1, 0, 2) }

describe('precision, recall and F1, the textbook way', () => {
  it('reads them off a 2-class matrix', () => {
    const [c0, c1] = classScores(small)
    expect(c0).toEqual({ precision: 1, recall: 0.5, f1: f1Of(1, 0.5), support: 2 })
    expect(c1!.precision).toBeCloseTo(2 / 3, 15)
    expect(c1!.recall).toBe(1)
    expect(c1!.f1).toBeCloseTo(0.8, 15)
  })

  it('counts 0/0 as 0: a class never predicted, or with no samples', () => {
    const [c0, c1] = classScores({ classes: 2, counts: Int32Array.of(0, 3, 0, 0) })
    expect(c0).toEqual({ precision: 0, recall: 0, f1: 0, support: 3 })
    expect(c1).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 })
    expect(f1Of(0, 0)).toBe(0)
  })

  it('averages: macro is the plain mean, weighted follows the supports', () => {
    const perClass = classScores(small)
    expect(macroAverage(perClass).recall).toBe(0.75)
    expect(weightedAverage(perClass).recall).toBe(0.75) // supports 2 and 2
    expect(macroAverage(perClass).support).toBe(4)
  })

  it('agree with the NumPy-order sums of appendix A to rounding, on the README run and on random matrices', () => {
    const check = (cm: { classes: number; counts: Int32Array }) => {
      const perClass = classScores(cm)
      const plain = [macroAverage(perClass), weightedAverage(perClass)]
      const numpy = [exact.macroAverage(perClass), exact.weightedAverage(perClass)]
      for (const [i, p] of plain.entries()) {
        for (const key of ['precision', 'recall', 'f1'] as const) expect(Math.abs(p[key] - numpy[i]![key])).toBeLessThan(1e-12)
      }
      expect(exact.metricsOf(cm).perClass).toEqual(perClass)
    }
    check(MNIST)
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }).chain((classes) => fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: 1, maxLength: 200 }).map((labels) => ({ classes, labels }))), fc.nat(), ({ classes, labels }, shift) => {
        const predicted = labels.map((l, i) => (i % 3 === 0 ? (l + shift) % classes : l))
        check(confusionMatrix(Uint8Array.from(labels), Uint8Array.from(predicted), classes))
      }),
    )
  })
})
