// The confusion matrix: a worked example first, then the laws every matrix obeys.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { accuracyOf, confusionMatrix, totalOf, traceOf } from '../../src/report/confusion.ts'
import { expand, MNIST, MNIST_CLASS_COUNTS } from './fixtures.ts'

describe('confusionMatrix, worked example', () => {
  // Six samples of three classes. Two 0s are right, one 0 is called a 1; both 1s are right;
  // the only 2 is called a 0. Row = true class, column = prediction:
  //
  //              predicted 0  1  2
  //     true 0           [ 2, 1, 0 ]
  //     true 1           [ 0, 2, 0 ]
  //     true 2           [ 1, 0, 0 ]
  const labels = Uint8Array.of(0, 0, 0, 1, 1, 2)
  const predicted = Uint8Array.of(0, 1, 0, 1, 1, 0)
  const cm = confusionMatrix(labels, predicted, 3)

  it('counts each (true, predicted) pair in row-major order', () => {
    expect(cm.classes).toBe(3)
    expect(Array.from(cm.counts)).toEqual([2, 1, 0, 0, 2, 0, 1, 0, 0])
  })

  it('reads N, the right answers and the accuracy off the matrix', () => {
    expect(totalOf(cm)).toBe(6)
    expect(traceOf(cm)).toBe(4)
    expect(accuracyOf(cm)).toBe(4 / 6)
  })

  it('matches the doc comment', () => {
    expect(Array.from(confusionMatrix(Uint8Array.of(0, 0, 1), Uint8Array.of(0, 1, 1), 2).counts)).toEqual([1, 1, 0, 1])
  })

  it('gives 0 accuracy, not NaN, when there are no samples', () => {
    const empty = confusionMatrix(new Uint8Array(0), new Uint8Array(0), 2)
    expect(Array.from(empty.counts)).toEqual([0, 0, 0, 0])
    expect(accuracyOf(empty)).toBe(0)
  })

  it('recovers the README run: 12 858 of 14 000 right, 91.84%', () => {
    const { labels, predicted } = expand(MNIST)
    const cm = confusionMatrix(labels, predicted, 10)
    expect(Array.from(cm.counts)).toEqual(Array.from(MNIST.counts))
    expect(totalOf(cm)).toBe(14000)
    expect(traceOf(cm)).toBe(12858)
    expect((accuracyOf(cm) * 100).toFixed(2)).toBe('91.84')
    for (let t = 0; t < 10; t++) expect(cm.counts.slice(t * 10, t * 10 + 10).reduce((a, b) => a + b, 0)).toBe(MNIST_CLASS_COUNTS[t])
  })
})

describe('confusionMatrix, bad input', () => {
  it('rejects labels and predictions of different lengths', () => {
    expect(() => confusionMatrix(Uint8Array.of(0, 1), Uint8Array.of(0), 2)).toThrow('2 labels but 1 predictions')
  })

  it('names the sample whose class is out of range', () => {
    expect(() => confusionMatrix(Uint8Array.of(0, 3), Uint8Array.of(0, 1), 3)).toThrow('labels[1] = 3')
    expect(() => confusionMatrix(Uint8Array.of(0, 1), Uint8Array.of(5, 1), 3)).toThrow('predicted[0] = 5')
  })

  it('needs at least one class', () => {
    expect(() => confusionMatrix(new Uint8Array(0), new Uint8Array(0), 0)).toThrow('positive integer')
  })
})

// Properties
// ----------

// A number of classes and N (label, prediction) pairs drawn from them.
const samples = fc.integer({ min: 1, max: 12 }).chain((classes) =>
  fc.record({
    classes: fc.constant(classes),
    pairs: fc.array(fc.tuple(fc.nat({ max: classes - 1 }), fc.nat({ max: classes - 1 })), { maxLength: 300 }),
  }),
)

const split = (pairs: readonly (readonly [number, number])[]) => ({
  labels: Uint8Array.from(pairs.map(([t]) => t)),
  predicted: Uint8Array.from(pairs.map(([, p]) => p)),
})

const countOf = (values: Uint8Array, c: number): number => values.filter((v) => v === c).length

describe('confusionMatrix, properties', () => {
  it('row t sums to the number of samples of class t; column p to the predictions of p', () => {
    fc.assert(
      fc.property(samples, ({ classes, pairs }) => {
        const { labels, predicted } = split(pairs)
        const { counts } = confusionMatrix(labels, predicted, classes)
        for (let c = 0; c < classes; c++) {
          let row = 0
          let column = 0
          for (let k = 0; k < classes; k++) {
            row += counts[c * classes + k]
            column += counts[k * classes + c]
          }
          expect(row).toBe(countOf(labels, c))
          expect(column).toBe(countOf(predicted, c))
        }
      }),
    )
  })

  it('counts every sample once: the total is N', () => {
    fc.assert(
      fc.property(samples, ({ classes, pairs }) => {
        const { labels, predicted } = split(pairs)
        return totalOf(confusionMatrix(labels, predicted, classes)) === pairs.length
      }),
    )
  })

  it('accuracy is trace / N, the fraction of samples with label = prediction', () => {
    fc.assert(
      fc.property(samples, ({ classes, pairs }) => {
        const { labels, predicted } = split(pairs)
        const cm = confusionMatrix(labels, predicted, classes)
        const right = pairs.filter(([t, p]) => t === p).length
        expect(traceOf(cm)).toBe(right)
        expect(accuracyOf(cm)).toBe(pairs.length === 0 ? 0 : right / pairs.length)
      }),
    )
  })

  it('does not depend on the order of the samples', () => {
    fc.assert(
      fc.property(samples, ({ classes, pairs }) => {
        const forward = split(pairs)
        const backward = split([...pairs].reverse())
        expect(confusionMatrix(backward.labels, backward.predicted, classes)).toEqual(
          confusionMatrix(forward.labels, forward.predicted, classes),
        )
      }),
    )
  })

  it('leaves its inputs untouched', () => {
    fc.assert(
      fc.property(samples, ({ classes, pairs }) => {
        const { labels, predicted } = split(pairs)
        const before = [Array.from(labels), Array.from(predicted)]
        confusionMatrix(labels, predicted, classes)
        expect([Array.from(labels), Array.from(predicted)]).toEqual(before)
      }),
    )
  })
})
