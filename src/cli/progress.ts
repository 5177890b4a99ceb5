// Showing progress
// ================
//
// Training reports through two kinds of lines, both built by pure functions here:
//
//     epoch  3/10 [████████████░░░░░░░░░░░░]  31,000/56,000  41.2k samples/s  ETA 0:01  loss 0.2911  acc 91.37%
//     epoch  3/10  train loss 0.2911  train acc 91.37%  test acc 91.57%  1.35 s
//
// On a terminal the first one is redrawn in place (carriage return, then "erase to end of
// line") while the epoch runs and is replaced by the second at its end. When the output is
// a pipe, a file, a CI log or a terminal that says `TERM=dumb`, only the second is written,
// once per epoch, with no escape code, so logs stay readable (the stream's `terminal` says
// which, decided by `understandsEscapes` in cli/io.ts).
// Previous: cli/process.ts. Next: cli/dataFiles.ts.

import type { Output } from './io.ts'

/** A snapshot of a running epoch. */
export interface ProgressView {
  readonly epoch: number
  readonly epochs: number
  readonly seen: number
  readonly total: number
  readonly seconds: number
  readonly loss: number
  readonly accuracy: number
}

/** A finished epoch. */
export interface EpochView {
  readonly epoch: number
  readonly epochs: number
  readonly trainLoss: number
  readonly trainAccuracy: number
  readonly testAccuracy: number
  readonly seconds: number
}

const percent = (fraction: number): string => `${(100 * fraction).toFixed(2)}%`
const counter = (epoch: number, epochs: number): string => `epoch ${String(epoch).padStart(String(epochs).length)}/${epochs}`
const grouped = (n: number): string => n.toLocaleString('en-US')

/** 41234 → "41.2k". */
export const compactRate = (perSecond: number): string =>
  perSecond >= 999.5 ? `${(perSecond / 1000).toFixed(1)}k` : perSecond.toFixed(0)

/** Seconds as m:ss (or h:mm:ss). */
export const clock = (seconds: number): string => {
  const s = Math.max(0, Math.round(seconds))
  const hh = Math.floor(s / 3600)
  const mm = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`
}

/**
 * The live line: a bar, samples per second, time left, running loss and accuracy.
 * @example progressLine({ epoch: 3, epochs: 10, seen: 28000, total: 56000, seconds: 0.7, loss: 0.29, accuracy: 0.91 }, 8)
 *   // 'epoch  3/10 [████░░░░]  28,000/56,000  40.0k samples/s  ETA 0:01  loss 0.2900  acc 91.00%'
 */
export const progressLine = (p: ProgressView, barWidth = 24): string => {
  const done = Math.round((barWidth * p.seen) / p.total)
  const rate = p.seconds > 0 ? p.seen / p.seconds : 0
  const eta = rate > 0 ? (p.total - p.seen) / rate : 0
  const count = `${grouped(p.seen).padStart(grouped(p.total).length)}/${grouped(p.total)}`
  return `${counter(p.epoch, p.epochs)} [${'█'.repeat(done)}${'░'.repeat(barWidth - done)}]  ${count}  ${compactRate(rate)} samples/s  ETA ${clock(eta)}  loss ${p.loss.toFixed(4)}  acc ${percent(p.accuracy)}`
}

/**
 * The summary line of a finished epoch.
 * @example epochLine({ epoch: 1, epochs: 10, trainLoss: 0.375, trainAccuracy: 0.8886, testAccuracy: 0.9098, seconds: 1.4 })
 *   // 'epoch  1/10  train loss 0.3750  train acc 88.86%  test acc 90.98%  1.40 s'
 */
export const epochLine = (e: EpochView): string =>
  `${counter(e.epoch, e.epochs)}  train loss ${e.trainLoss.toFixed(4)}  train acc ${percent(e.trainAccuracy)}  test acc ${percent(e.testAccuracy)}  ${e.seconds.toFixed(2)} s`

/** Where progress goes: a terminal that understands escape codes gets the live bar, anything else only the summaries. */
export interface ProgressSink {
  readonly progress: (p: ProgressView) => void
  readonly epoch: (e: EpochView) => void
}

/** A sink writing to a stream; `quiet` silences it completely. */
export const progressSink = (stream: Output, quiet: boolean): ProgressSink => {
  if (quiet) return { progress: () => {}, epoch: () => {} }
  const live = stream.terminal === true
  return {
    progress: (p) => {
      if (live) stream.write(`\r${progressLine(p)}\x1b[K`)
    },
    epoch: (e) => stream.write(`${live ? '\r\x1b[K' : ''}${epochLine(e)}\n`),
  }
}
