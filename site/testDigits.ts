// The test digits, read by a model
// ================================
//
// Panel 4 shows the model of panel 1 on every test digit the page ships: 2,000 digits of
// 28×28 bytes (docs/demo/data/t10k-*.gz, read by data.ts exactly as `npm run train -- --data`
// reads a directory). This file holds what the panel computes, with no DOM, so that
// spec/site/gallery.spec.ts can check it in Node; gallery.ts draws it.
//
// Reading 2,000 digits is real work on the page's own thread: a few tenths of a second for
// the original network, one to two seconds for the ConvNetJS one (in Chromium on this
// project's 2-core machine). Done in one go it would freeze the page (no frame, no click)
// for that long. So `classifyAll` reads one digit at a time and, once it has spent its
// budget (16 ms, so a frame can still be drawn in between), hands the thread back to the
// browser before going on; a pass that a newer model has made pointless is dropped between
// two digits.
//
// One digit at a time, not in batches, on purpose: the fast kernels do not add up a batch's
// numbers in quite the order they add up a single digit's, so the scores differ in their last
// bits (for the ConvNetJS network, about a third of the 20,000 scores differ between batches
// of 32 and single digits), and in a near tie the answer could differ from the one panel 1
// shows when the same digit is in the pad. The pad reads one digit; so do we.
// (It costs little: in Node, the ConvNetJS network reads the 2,000 one at a time as fast
// as in batches of 10; the original network, whose pass is short anyway, would take about
// a third of the time in batches of 50.)
//
//     digit n: bytes (28, 28) ─ /255 ─▶ x (1, 1, 28, 28) in [0, 1] ─ classify ─▶ predicted[n]
//
// From the answers and the labels come the confusion matrix (src/report/confusion.ts) and
// the words the panel uses.

import type { ParamTree } from '../src/core/params.ts'
import { tensor } from '../src/core/tensor.ts'
import type { Dataset } from '../src/data/dataset.ts'
import { classify } from '../src/model/predict.ts'
import type { Network } from '../src/model/sequential.ts'
import { loadHalf } from './data.ts'

/** What reads the digits: a network, its parameters, its class names (flow.ts's FlowModel is one). No DOM here. */
export interface Reader {
  readonly net: Network
  readonly params: ParamTree
  readonly classes: readonly string[]
}

/** The side of a digit, and its number of pixels. */
export const SIDE = 28
export const PIXELS = SIDE * SIDE

/** The shipped test digits (docs/demo/data/t10k-*), from the folder `base` (a URL ending in /). */
export const loadTestDigits = async (base: URL): Promise<Dataset> => {
  const [data] = await loadHalf(base, 't10k')
  if (data.rows !== SIDE || data.cols !== SIDE) throw new Error(`the test digits are ${data.rows}×${data.cols}, not ${SIDE}×${SIDE}`)
  return data
}

/** The network's input for digit `n` of `images` (count, 28, 28): x (1, 1, 28, 28) = bytes / 255. */
export const inputOf = (images: Readonly<Uint8Array>, n: number): Float32Array => {
  const x = new Float32Array(PIXELS)
  for (let p = 0; p < PIXELS; p++) x[p] = images[n * PIXELS + p] / 255
  return x
}

/** The class `model` reads digit `n` as: the same call, on the same input, as panel 1 makes for the pad. */
export const classifyDigit = (model: Reader, images: Readonly<Uint8Array>, n: number): number =>
  classify(model.net, model.params, tensor([1, 1, SIDE, SIDE], inputOf(images, n)))[0]

// Reading every digit, a slice at a time
// --------------------------------------

/** What `classifyAll` needs from its surroundings (the page gives the real clock; a test, its own). */
export interface PassControl {
  /** How long one slice may compute before the thread is handed back, in ms. */
  readonly budgetMs: number
  /** A clock in ms (performance.now in the page). */
  readonly now: () => number
  /** Hands the thread back to the browser until it has drawn and handled input. */
  readonly pause: () => Promise<void>
  /** True once the pass is no longer wanted (a newer model); checked before every digit. */
  readonly cancelled: () => boolean
  /** Told after each slice how many digits are done. */
  readonly progress?: ((done: number) => void) | undefined
}

/** A finished pass: every answer, and what it cost. */
export interface Pass {
  readonly predicted: Int32Array // (count)
  /** Time spent computing, in ms (the sum of the slices). */
  readonly busyMs: number
  /** The longest slice, in ms. */
  readonly longestMs: number
  readonly slices: number
}

/**
 * Calls `classifyOne(n)` for n = 0 … count − 1, in slices of at most about `budgetMs` (a slice
 * ends after the digit that crosses the budget), pausing between slices. Undefined when
 * the pass was cancelled.
 */
export const classifyAll = async (count: number, classifyOne: (n: number) => number, control: PassControl): Promise<Pass | undefined> => {
  const predicted = new Int32Array(count)
  let [n, busyMs, longestMs, slices] = [0, 0, 0, 0]
  while (n < count) {
    if (slices > 0) await control.pause()
    const start = control.now()
    let elapsed = 0
    while (n < count && elapsed < control.budgetMs) {
      if (control.cancelled()) return undefined
      predicted[n] = classifyOne(n)
      n++
      elapsed = control.now() - start
    }
    busyMs += elapsed
    longestMs = Math.max(longestMs, elapsed)
    slices++
    control.progress?.(n)
  }
  return { predicted, busyMs, longestMs, slices }
}

// Which digits are shown
// ----------------------

/** The gallery's filter: every digit, the wrong ones, or one cell of the confusion matrix. */
export type Filter =
  | { readonly kind: 'all' }
  | { readonly kind: 'wrong' }
  | { readonly kind: 'cell'; readonly label: number; readonly predicted: number }

/** Whether a digit with this label, read as `predicted` (undefined: not read yet), passes the filter. */
export const passes = (filter: Filter, label: number, predicted: number | undefined): boolean => {
  if (filter.kind === 'all') return true
  if (predicted === undefined) return false
  return filter.kind === 'wrong' ? predicted !== label : label === filter.label && predicted === filter.predicted
}

/** The number of classes the matrix needs: the digits' ten, or more when the model has more outputs. */
export const matrixClasses = (model: Reader, data: Pick<Dataset, 'classes'>): number => Math.max(model.classes.length, data.classes)

// Words
// -----
// Digits are numbered from 1 on the page ("test digit 1 of 2,000"); `TestDigit.index` counts from 0.

const count = (n: number): string => n.toLocaleString('en-US')

/** The name of class `c` for a model (its own class name, or the number). */
export const className = (model: Reader, c: number): string => model.classes[c] ?? String(c)

/** "1,812 of 2,000 right: 90.6%". */
export const accuracyText = (right: number, total: number): string =>
  `${count(right)} of ${count(total)} right: ${total === 0 ? '0' : ((right / total) * 100).toFixed(1)}%`

/** A gallery item's accessible name: "test digit 12, labelled 3, read as 5 (wrong)". */
export const itemLabel = (index: number, label: number, answer: string | undefined, right: boolean): string =>
  `test digit ${count(index + 1)}, labelled ${label}${answer === undefined ? '' : `, read as ${answer} (${right ? 'right' : 'wrong'})`}`

/** The note under the pad: "test digit 412 of 2,000, labelled 7: the model says 7 (right)". */
export const sampleNote = (index: number, total: number, label: number, answer: string | undefined, right: boolean): string =>
  `test digit ${count(index + 1)} of ${count(total)}, labelled ${label}: ${answer === undefined ? 'no model to read it yet' : `the model says ${answer} (${right ? 'right' : 'wrong'})`}`

/** What a cell of the matrix holds: "labelled 4, read as 9: 12 digits". */
export const cellText = (label: number, answer: string, n: number): string => `labelled ${label}, read as ${answer}: ${count(n)} digit${n === 1 ? '' : 's'}`

// Colours of the matrix
// ---------------------
// The diagonal (right answers) in blue, every other cell (a kind of mistake) in red, each
// scaled to the largest count of its kind: right answers number about 200 per class and
// mistakes a few, so one scale for both would leave every mistake white. Mistakes go by the
// square root of the count, so that a cell with 1 is visibly not empty beside one with 20.

const WHITE = [255, 255, 255] as const
const BLACK = [0, 0, 0] as const
const BLUE = [33, 102, 172] as const
const RED = [178, 24, 43] as const

// WCAG's relative luminance of an sRGB colour, 0 (black) … 1 (white).
const luminance = (rgb: readonly [number, number, number]): number => {
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/**
 * The background [r, g, b] of a cell holding `n` of at most `largest`, and its text colour,
 * white or black, whichever contrasts more: white below a luminance of 0.179, where
 * (1 + 0.05) / (L + 0.05) = (L + 0.05) / (0 + 0.05). One of the two always reaches √21 ≈ 4.6,
 * above WCAG's 4.5 for text.
 */
export const cellColour = (n: number, largest: number, diagonal: boolean): { readonly rgb: readonly [number, number, number]; readonly text: readonly [number, number, number] } => {
  const t = n <= 0 || largest <= 0 ? 0 : Math.min(1, diagonal ? 0.25 + 0.75 * (n / largest) : 0.15 + 0.85 * Math.sqrt(n / largest))
  const to = diagonal ? BLUE : RED
  const mix = (k: 0 | 1 | 2): number => Math.round(WHITE[k] + (to[k] - WHITE[k]) * t)
  const rgb = [mix(0), mix(1), mix(2)] as const
  return { rgb, text: luminance(rgb) < 0.179 ? WHITE : BLACK }
}
