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
