// Panel 4's computations (site/testDigits.ts), without a browser: reading every test digit in
// slices that respect a time budget and stop when cancelled, the input a digit becomes (the
// very input training and evaluation give the network), the gallery's filters, the words
// the panel uses, and the matrix's colours, whose text stays readable on every cell.

import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { seedRng } from '../../src/core/rng.ts'
import { tensor } from '../../src/core/tensor.ts'
import { gatherBatch, type Dataset } from '../../src/data/dataset.ts'
import { fastKernels } from '../../src/fast/kernels.ts'
import { buildNetwork } from '../../src/model/arch.ts'
import { classify } from '../../src/model/predict.ts'
import { initParams } from '../../src/model/sequential.ts'
import { accuracyText, cellColour, cellText, classifyAll, classifyDigit, inputOf, itemLabel, matrixClasses, passes, PIXELS, sampleNote, type Filter, type PassControl } from '../../site/testDigits.ts'

// A clock that only moves when told: each digit "takes" `msPerDigit`.
const fakePass = (msPerDigit: number, budgetMs: number, cancelAfter = Number.POSITIVE_INFINITY) => {
  let clock = 0
  const calls: number[] = []
  let pauses = 0
  const done: number[] = []
  const classifyOne = (n: number): number => {
    calls.push(n)
    clock += msPerDigit
    return (n * 7) % 10
  }
  const control: PassControl = {
    budgetMs,
    now: () => clock,
    pause: async () => {
      pauses++
    },
    cancelled: () => calls.length >= cancelAfter,
    progress: (n) => done.push(n),
  }
  return { classifyOne, control, calls, done, pauses: () => pauses }
}

describe('classifyAll', () => {
  it('reads every digit once, in order, in slices that end once the budget is spent', async () => {
    const f = fakePass(5, 16)
    const pass = await classifyAll(23, f.classifyOne, f.control)
    expect(f.calls).toEqual(Array.from({ length: 23 }, (_, n) => n))
    expect(Array.from(pass!.predicted)).toEqual(Array.from({ length: 23 }, (_, n) => (n * 7) % 10))
    // 4 digits take 20 ms ≥ 16: slices of 4, the last of 3.
    expect(f.done).toEqual([4, 8, 12, 16, 20, 23])
    expect(pass!.slices).toBe(6)
    expect(f.pauses()).toBe(5) // between slices, not before the first
    expect(pass!.longestMs).toBe(20)
    expect(pass!.busyMs).toBe(23 * 5)
  })

  it('gives a digit slower than the budget a slice of its own', async () => {
    const f = fakePass(40, 16)
    const pass = await classifyAll(3, f.classifyOne, f.control)
    expect(pass!.slices).toBe(3)
    expect(pass!.longestMs).toBe(40)
  })

  it('stops between two digits when cancelled, and gives nothing', async () => {
    const f = fakePass(1, 16, 10)
    expect(await classifyAll(100, f.classifyOne, f.control)).toBeUndefined()
    expect(f.calls.length).toBe(10)
  })

  it('reads no digit of an empty set', async () => {
    const f = fakePass(1, 16)
    const pass = await classifyAll(0, f.classifyOne, f.control)
    expect(pass!.predicted.length).toBe(0)
    expect(f.calls).toEqual([])
  })
})

describe('a digit as the network reads it', () => {
  // Random bytes as digits, labels 0 … 9.
  const count = 12
  const images = Uint8Array.from({ length: count * PIXELS }, (_, i) => (i * 2654435761) >>> 24)
  const ds: Dataset = { images, labels: Uint8Array.from({ length: count }, (_, n) => n % 10), count, rows: 28, cols: 28, classes: 10 }

  it('is the input training and evaluation give it (data/dataset.ts gatherBatch), number for number', () => {
    for (let n = 0; n < count; n++) {
      expect(Array.from(inputOf(images, n))).toEqual(Array.from(gatherBatch(ds, Int32Array.of(n), 0, 1).x.data))
    }
  })

  it('is classified as one digit alone, with the network and parameters of the model', () => {
    const built = buildNetwork('conv3x3x2-relu-pool2-dense10', [1, 28, 28], 10, fastKernels)
    if (E.isLeft(built)) throw new Error(built.left)
    const net = built.right
    const [params] = initParams(net, seedRng(5))
    const model = { net, params, classes: Array.from({ length: 10 }, (_, i) => String(i)) }
    const answers = Array.from({ length: count }, (_, n) => classifyDigit(model, images, n))
    const alone = Array.from({ length: count }, (_, n) => classify(net, params, tensor([1, 1, 28, 28], gatherBatch(ds, Int32Array.of(n), 0, 1).x.data))[0])
    expect(answers).toEqual(alone)
    expect(new Set(answers).size).toBeGreaterThan(1) // not a constant answer
  })

  it('needs as many matrix classes as the model has outputs, at least the ten digits', () => {
    expect(matrixClasses({ classes: ['a', 'b'] } as never, ds)).toBe(10)
    expect(matrixClasses({ classes: Array.from({ length: 12 }, String) } as never, ds)).toBe(12)
  })
})

describe('passes (the gallery filter)', () => {
  const cases: readonly (readonly [Filter, number, number | undefined, boolean])[] = [
    [{ kind: 'all' }, 3, 3, true],
    [{ kind: 'all' }, 3, undefined, true],
    [{ kind: 'wrong' }, 3, 3, false],
    [{ kind: 'wrong' }, 3, 5, true],
    [{ kind: 'wrong' }, 3, undefined, false],
    [{ kind: 'cell', label: 4, predicted: 9 }, 4, 9, true],
    [{ kind: 'cell', label: 4, predicted: 9 }, 4, 4, false],
    [{ kind: 'cell', label: 4, predicted: 9 }, 9, 4, false],
    [{ kind: 'cell', label: 4, predicted: 4 }, 4, 4, true],
  ]
  it.each(cases)('%j, label %i, read as %s: %s', (filter, label, predicted, expected) => {
    expect(passes(filter, label, predicted)).toBe(expected)
  })
})

describe('the words', () => {
  it('says the accuracy with thousands separated and one decimal', () => {
    expect(accuracyText(1812, 2000)).toBe('1,812 of 2,000 right: 90.6%')
    expect(accuracyText(2000, 2000)).toBe('2,000 of 2,000 right: 100.0%')
    expect(accuracyText(0, 0)).toBe('0 of 0 right: 0%')
  })
  it('numbers digits from 1 and says right or wrong', () => {
    expect(itemLabel(11, 3, '5', false)).toBe('test digit 12, labelled 3, read as 5 (wrong)')
    expect(itemLabel(1999, 7, '7', true)).toBe('test digit 2,000, labelled 7, read as 7 (right)')
    expect(itemLabel(0, 7, undefined, false)).toBe('test digit 1, labelled 7')
    expect(sampleNote(411, 2000, 7, '7', true)).toBe('test digit 412 of 2,000, labelled 7: the model says 7 (right)')
    expect(sampleNote(411, 2000, 7, undefined, false)).toBe('test digit 412 of 2,000, labelled 7: no model to read it yet')
  })
  it('counts a cell in digits, one or many', () => {
    expect(cellText(4, '9', 12)).toBe('labelled 4, read as 9: 12 digits')
    expect(cellText(4, '9', 1)).toBe('labelled 4, read as 9: 1 digit')
  })
})

describe('cellColour', () => {
  // WCAG contrast of two sRGB colours.
  const lum = (rgb: readonly number[]): number => {
    const [r, g, b] = rgb.map((v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
  }
  const contrast = (a: readonly number[], b: readonly number[]): number => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p)
    return (x + 0.05) / (y + 0.05)
  }

  it('leaves an empty cell white and darkens with the count, blue on the diagonal and red off it', () => {
    expect(cellColour(0, 20, false).rgb).toEqual([255, 255, 255])
    expect(cellColour(0, 200, true).rgb).toEqual([255, 255, 255])
    const reds = [1, 5, 20].map((n) => cellColour(n, 20, false).rgb)
    const blues = [50, 150, 200].map((n) => cellColour(n, 200, true).rgb)
    for (const list of [reds, blues]) for (let k = 1; k < list.length; k++) expect(lum(list[k])).toBeLessThan(lum(list[k - 1]))
    for (const [r, , b] of reds) expect(r).toBeGreaterThan(b)
    for (const [r, , b] of blues) expect(b).toBeGreaterThan(r)
  })

  it('picks a text colour readable on every cell (contrast at least 4.5)', () => {
    for (const diagonal of [false, true]) {
      for (let n = 0; n <= 60; n++) {
        const { rgb, text } = cellColour(n, 60, diagonal)
        expect(contrast(rgb, text)).toBeGreaterThanOrEqual(4.5)
      }
    }
  })
})
