// Learning-rate schedules
// =======================
//
// A large learning rate makes fast progress early but keeps bouncing around a minimum;
// a small one settles but crawls. Schedules start large and shrink. Each is a pure function
// of the number of optimizer steps already taken, t = 0, 1, …, T − 1 (see optim/optimizer.ts):
//
//     constant   η(t) = η₀
//     step       η(t) = η₀ · γ^⌊t / every⌋                        (drop by γ every few steps)
//     cosine     η(t) = η_min + (η₀ − η_min) · (1 + cos(π t / T)) / 2   (glide from η₀ to η_min)
//
// The command line counts `every` in epochs and converts it to steps. Past the end (t ≥ T)
// the cosine stays at η_min.
// Previous: optim/adam.ts. Next: data/dataset.ts.

import type { Schedule } from './optimizer.ts'

/** The schedules the command line offers. */
export type ScheduleName = 'constant' | 'step' | 'cosine'

/**
 * η₀ · γ^⌊t / every⌋.
 * @example stepDecay(0.1, 100, 0.5)(250) === 0.025
 */
export const stepDecay = (lr: number, every: number, gamma: number): Schedule => (t) =>
  lr * gamma ** Math.floor(t / every)

/**
 * Half a cosine wave from η₀ at t = 0 down to η_min at t = T.
 * @example cosine(0.1, 100)(50) === 0.05
 */
export const cosine = (lr: number, total: number, min = 0): Schedule => (t) =>
  t >= total ? min : min + ((lr - min) * (1 + Math.cos((Math.PI * t) / total))) / 2
