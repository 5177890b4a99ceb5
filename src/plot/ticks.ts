// Nice ticks
// ==========
//
// An axis from 0 to 2.37 reads best with ticks at 0, 0.5, 1, 1.5, 2: round numbers, evenly
// spaced, about five of them. The spacing is always 1, 2 or 5 times a power of ten:
//
//     raw = span / count,   p = 10^⌊log₁₀ raw⌋,   step = the first of 1p, 2p, 5p, 10p ≥ raw
//
// A *nice domain* widens [lo, hi] outwards to multiples of that step, so the axis starts and
// ends on a tick. Tick values are rounded to the step's decimals, which keeps 0.1 + 0.2 from
// showing up as 0.30000000000000004.
// Previous: plot/palette.ts. Next: plot/png.ts.

/**
 * A step of 1, 2 or 5 × 10^k giving about `count` intervals over `span`.
 * @example niceStep(2.37, 5) === 0.5; niceStep(100, 4) === 50
 */
export const niceStep = (span: number, count = 5): number => {
  const raw = Math.abs(span) / Math.max(1, count)
  if (!(raw > 0) || !Number.isFinite(raw)) return 1
  const power = 10 ** Math.floor(Math.log10(raw))
  const multiple = [1, 2, 5, 10].find((m) => m * power >= raw * (1 - 1e-9)) ?? 10
  return multiple * power
}

/**
 * How many decimals a step needs: 0.5 → 1, 0.05 → 2, 20 → 0.
 * @example decimalsOf(0.25) === 2
 */
export const decimalsOf = (step: number): number => {
  for (let d = 0; d < 12; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-6) return d
  return 12
}

// A domain of zero width (one epoch, a constant loss) is widened by 10% of its value on
// each side, or by 1 around zero.
const widen = (lo: number, hi: number): readonly [number, number] => {
  if (hi > lo) return [lo, hi]
  const half = lo === 0 ? 1 : Math.abs(lo) * 0.1
  return [lo - half, hi + half]
}

/**
 * [lo, hi] widened outwards to whole steps.
 * @example niceDomain(0.13, 2.37, 5) // [0, 2.5]
 */
export const niceDomain = (lo: number, hi: number, count = 5): readonly [number, number] => {
  const [a, b] = widen(lo, hi)
  const step = niceStep(b - a, count)
  const d = decimalsOf(step)
  return [Number((Math.floor(a / step + 1e-9) * step).toFixed(d)), Number((Math.ceil(b / step - 1e-9) * step).toFixed(d))]
}

/**
 * The multiples of a nice step that lie in [lo, hi].
 * @example niceTicks(0, 2.37, 5) // [0, 0.5, 1, 1.5, 2]
 */
export const niceTicks = (lo: number, hi: number, count = 5): readonly number[] => {
  const [a, b] = widen(lo, hi)
  const step = niceStep(b - a, count)
  const d = decimalsOf(step)
  const first = Math.ceil(a / step - 1e-9)
  const last = Math.floor(b / step + 1e-9)
  const ticks: number[] = []
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toFixed(d)))
  return ticks
}

/** Integer ticks (for epochs, indices): like `niceTicks`, with a step of at least 1. */
export const integerTicks = (lo: number, hi: number, count = 5): readonly number[] => {
  const step = Math.max(1, niceStep(hi - lo, count))
  const ticks: number[] = []
  for (let i = Math.ceil(lo / step); i * step <= hi; i++) ticks.push(i * step)
  return ticks
}

// Log axes
// --------
//
// A loss that falls from 2.3 to 0.05 reads best on a log axis, where equal distances are equal
// ratios: halving the loss is the same step at 1 as at 0.1. Its ticks are powers of ten, with
// 2 and 5 times them (then 3; then every digit) when the axis spans too few decades to show
// enough powers, every second or third power when it spans many. An axis spanning less than
// a factor of about 2 is nearly linear, and gets the linear nice ticks.

// The mantissas of tick values, coarse to fine; a domain's ends use the finest.
const LOG_MANTISSAS: readonly (readonly number[])[] = [[1], [1, 2, 5], [1, 2, 3, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]
const DOMAIN_MANTISSAS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]

// m × 10^k, as close as a double gets: 3 / 10 is 0.3, where 3 * 0.1 is 0.30000000000000004.
const times10 = (m: number, k: number): number => (k >= 0 ? m * 10 ** k : m / 10 ** -k)

// A positive range of zero width is widened by a factor of 1.5 each way.
const widenRatio = (lo: number, hi: number): readonly [number, number] => (hi > lo ? [lo, hi] : [lo / 1.5, hi * 1.5])

/**
 * [lo, hi] (both > 0) widened outwards to the nearest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8
 * times a power of ten, so that a log axis ends close to its data.
 * @example logDomain(0.2587, 2.3405) // [0.25, 2.5]
 */
export const logDomain = (lo: number, hi: number): readonly [number, number] => {
  if (!(lo > 0 && hi > 0 && Number.isFinite(lo) && Number.isFinite(hi))) throw new RangeError(`logDomain: need 0 < lo ≤ hi, finite, got ${lo} and ${hi}`)
  const [a, b] = widenRatio(Math.min(lo, hi), Math.max(lo, hi))
  const ka = Math.floor(Math.log10(a))
  const kb = Math.floor(Math.log10(b))
  // (Two decades of candidates each, in case log10 rounds across a power of ten.)
  const candidates = (k: number): readonly number[] => [...DOMAIN_MANTISSAS.map((m) => times10(m, k - 1)), ...DOMAIN_MANTISSAS.map((m) => times10(m, k))]
  const below = candidates(ka).filter((v) => v <= a)
  const above = candidates(kb + 1).filter((v) => v >= b)
  return [below[below.length - 1] ?? a, above[0] ?? b]
}

/**
 * Ticks for a log axis over [lo, hi] (both > 0): values m × 10^k, with the mantissas m from
 * whichever of {1}, {1, 2, 5}, {1, 2, 3, 5}, {1, …, 9} gives a number of ticks closest to
 * `count` (the coarser on a tie); over more than `count` decades every second or third power
 * of ten; over a range too narrow for three such ticks, the linear nice ticks.
 * @example logTicks(0.25, 2.5) // [0.3, 0.5, 1, 2]
 * @example logTicks(0.02, 2.5) // [0.02, 0.05, 0.1, 0.2, 0.5, 1, 2]
 * @example logTicks(0.25, 0.4) // [0.25, 0.3, 0.35, 0.4]
 */
export const logTicks = (lo: number, hi: number, count = 5): readonly number[] => {
  if (!(lo > 0 && hi > 0 && Number.isFinite(lo) && Number.isFinite(hi))) return []
  const [a, b] = widenRatio(Math.min(lo, hi), Math.max(lo, hi))
  const first = Math.floor(Math.log10(a))
  const last = Math.floor(Math.log10(b))
  const inside = (v: number): boolean => v >= a * (1 - 1e-9) && v <= b * (1 + 1e-9)
  const decades = Math.log10(b / a)
  if (decades > count) {
    const every = Math.ceil(decades / count)
    const powers: number[] = []
    for (let k = Math.ceil(first / every) * every; k <= last; k += every) if (inside(times10(1, k))) powers.push(times10(1, k))
    return powers
  }
  let best: readonly number[] = []
  for (const mantissas of LOG_MANTISSAS) {
    const ticks: number[] = []
    for (let k = first; k <= last; k++) for (const m of mantissas) if (inside(times10(m, k))) ticks.push(times10(m, k))
    if (best.length === 0 || Math.abs(ticks.length - count) < Math.abs(best.length - count)) best = ticks
  }
  if (best.length >= 3) return best
  // Linear ticks, worked out on the range scaled to [1, 10) so that tiny values keep their digits.
  return niceTicks(times10(a, -last), times10(b, -last), count)
    .filter((t) => t > 0)
    .map((t) => times10(t, last))
}
