// Progress lines: the live bar and the epoch summary as exact strings, and a sink that
// draws the bar only when a person is watching a terminal.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { recorder } from '../../src/cli/io.ts'
import { clock, compactRate, epochLine, progressLine, progressSink, type EpochView, type ProgressView } from '../../src/cli/progress.ts'

const running: ProgressView = { epoch: 3, epochs: 10, seen: 28000, total: 56000, seconds: 0.7, loss: 0.29, accuracy: 0.91 }
const finished: EpochView = { epoch: 1, epochs: 10, trainLoss: 0.375, trainAccuracy: 0.8886, testAccuracy: 0.9098, seconds: 1.4 }

describe('compactRate', () => {
  it('writes thousands with a k and one decimal, smaller rates as whole numbers', () => {
    expect(compactRate(41234)).toBe('41.2k')
    expect(compactRate(1000)).toBe('1.0k')
    expect(compactRate(1_250_000)).toBe('1250.0k')
    expect(compactRate(999)).toBe('999')
    expect(compactRate(12.4)).toBe('12')
    expect(compactRate(0)).toBe('0')
  })
})

describe('clock', () => {
  it('writes m:ss below an hour and h:mm:ss above', () => {
    expect(clock(0)).toBe('0:00')
    expect(clock(7)).toBe('0:07')
    expect(clock(59.4)).toBe('0:59')
    expect(clock(59.5)).toBe('1:00')
    expect(clock(61)).toBe('1:01')
    expect(clock(3599)).toBe('59:59')
    expect(clock(3600)).toBe('1:00:00')
    expect(clock(3661)).toBe('1:01:01')
    expect(clock(36000)).toBe('10:00:00')
  })

  it('shows negative times as 0:00', () => {
    expect(clock(-5)).toBe('0:00')
  })

  it('reads back as the rounded number of seconds', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 400_000, noNaN: true }), (seconds) => {
        const parts = clock(seconds).split(':').map(Number)
        const back = parts.reduce((total, part) => total * 60 + part, 0)
        expect(back).toBe(Math.round(seconds))
        expect(parts.slice(1).every((part) => part < 60)).toBe(true)
      }),
    )
  })
})

describe('progressLine', () => {
  it('draws the bar, the count, the rate, the time left, loss and accuracy', () => {
    expect(progressLine(running, 8)).toBe('epoch  3/10 [████░░░░]  28,000/56,000  40.0k samples/s  ETA 0:01  loss 0.2900  acc 91.00%')
  })

  it('pads the count to the width of the total, and the epoch to the width of the epoch count', () => {
    expect(progressLine({ ...running, epoch: 1, epochs: 1, seen: 500, total: 56000, seconds: 1 }, 4)).toBe(
      'epoch 1/1 [░░░░]     500/56,000  500 samples/s  ETA 1:51  loss 0.2900  acc 91.00%',
    )
  })

  it('shows no rate and no time left before any time has passed', () => {
    expect(progressLine({ ...running, seen: 0, seconds: 0 }, 4)).toBe('epoch  3/10 [░░░░]       0/56,000  0 samples/s  ETA 0:00  loss 0.2900  acc 91.00%')
  })

  it('fills the whole bar at the end', () => {
    expect(progressLine({ ...running, seen: 56000, seconds: 2 }, 4)).toBe('epoch  3/10 [████]  56,000/56,000  28.0k samples/s  ETA 0:00  loss 0.2900  acc 91.00%')
  })

  it('always draws a bar of the asked width, filled in proportion', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }).chain((total) => fc.tuple(fc.constant(total), fc.integer({ min: 0, max: total }))),
        fc.integer({ min: 1, max: 40 }),
        ([total, seen], width) => {
          const bar = /\[([█░]*)\]/.exec(progressLine({ ...running, seen, total }, width))![1]!
          expect(bar.length).toBe(width)
          const filled = bar.replace(/░/g, '').length
          expect(Math.abs(filled - (width * seen) / total)).toBeLessThanOrEqual(0.5)
        },
      ),
    )
  })

  it('draws 24 cells by default', () => {
    expect(/\[([█░]*)\]/.exec(progressLine(running))![1]).toBe('█'.repeat(12) + '░'.repeat(12))
  })
})

describe('epochLine', () => {
  it('summarises a finished epoch', () => {
    expect(epochLine(finished)).toBe('epoch  1/10  train loss 0.3750  train acc 88.86%  test acc 90.98%  1.40 s')
    expect(epochLine({ ...finished, epoch: 10 })).toBe('epoch 10/10  train loss 0.3750  train acc 88.86%  test acc 90.98%  1.40 s')
    expect(epochLine({ ...finished, epochs: 1, testAccuracy: 1, seconds: 62.346 })).toBe('epoch 1/1  train loss 0.3750  train acc 88.86%  test acc 100.00%  62.35 s')
  })
})

describe('progressSink', () => {
  it('redraws the live bar in place on a terminal, then replaces it with the summary', () => {
    const tty = recorder(true)
    const sink = progressSink(tty, false)
    sink.progress(running)
    sink.progress({ ...running, seen: 56000 })
    sink.epoch(finished)
    expect(tty.text()).toBe(
      `\r${progressLine(running)}\x1b[K` + `\r${progressLine({ ...running, seen: 56000 })}\x1b[K` + `\r\x1b[K${epochLine(finished)}\n`,
    )
  })

  it('writes only the summaries to a pipe or a log, one line each', () => {
    const pipe = recorder(false)
    const sink = progressSink(pipe, false)
    sink.progress(running)
    sink.epoch(finished)
    sink.progress(running)
    sink.epoch({ ...finished, epoch: 2 })
    expect(pipe.text()).toBe(`${epochLine(finished)}\n${epochLine({ ...finished, epoch: 2 })}\n`)
    expect(pipe.text()).not.toMatch(/[\r\x1b]/)
  })

  it('treats a stream that does not say it is a terminal as a pipe', () => {
    const chunks: string[] = []
    const sink = progressSink({ write: (text: string) => chunks.push(text) }, false)
    sink.progress(running)
    sink.epoch(finished)
    expect(chunks).toEqual([`${epochLine(finished)}\n`])
  })

  it('writes nothing at all when quiet, even on a terminal', () => {
    for (const stream of [recorder(true), recorder(false)]) {
      const sink = progressSink(stream, true)
      sink.progress(running)
      sink.epoch(finished)
      expect(stream.text()).toBe('')
    }
  })
})
