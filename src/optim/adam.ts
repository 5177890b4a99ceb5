// Adam
// ====
//
// Adam (Kingma & Ba, 2015) gives every parameter its own step size. It keeps two running
// averages per parameter: m, of the gradient (a momentum), and v, of the squared gradient
// (how large the gradients of this parameter usually are), and divides one by the root of
// the other:
//
//     m' = β₁ · m + (1 − β₁) · g                 m̂ = m' / (1 − β₁ᵗ)
//     v' = β₂ · v + (1 − β₂) · g²                v̂ = v' / (1 − β₂ᵗ)
//     θ' = θ − η · m̂ / (√v̂ + ε)
//
// at step t = 1, 2, … . Because m and v start at zero, they are biased towards zero for
// the first steps; dividing by 1 − βᵗ removes that bias (docs/math/adam.md). One
// consequence, checked in the spec: at the first step m̂ = g and v̂ = g², so every parameter
// moves by η·|g|/(|g| + ε) against the sign of its gradient: almost exactly η whenever |g| is
// much larger than ε, whatever the gradient's size.
// Defaults: η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, as in the paper and the original.
// Optionally, decoupled weight decay (AdamW) shrinks every parameter a little each step.
// Previous: optim/momentum.ts. Next: optim/schedule.ts.

import { floatsLike, type Floats, type ReadonlyFloats } from '../core/memory.ts'
import { mapLeaves, pluck, type ParamTree } from '../core/params.ts'
import { tensor, zerosLike } from '../core/tensor.ts'
import { rateAt, showRate, type LearningRate, type Optimizer } from './optimizer.ts'

/** Adam's hyperparameters. */
export interface AdamOptions {
  readonly lr?: LearningRate
  readonly beta1?: number
  readonly beta2?: number
  readonly eps?: number
  /**
   * Decoupled weight decay λ (AdamW, Loshchilov & Hutter 2019): every step also shrinks each
   * parameter by the factor 1 − η·λ, pulling unneeded weights towards 0. Default 0 (plain Adam).
   */
  readonly weightDecay?: number
  /** The update kernel (default: `adamUpdate` above). */
  readonly update?: AdamUpdate
}

/** Adam's state: the step counter and the two moment estimates of every parameter. */
export interface AdamState {
  readonly step: number
  readonly m: ParamTree
  readonly v: ParamTree
}

// The update rule
// ---------------

/** The numbers of one Adam step: the step number t = 1, 2, …, the rate η for it, and the rest. */
export interface AdamStep {
  readonly t: number
  readonly lr: number
  readonly beta1: number
  readonly beta2: number
  readonly eps: number
  readonly weightDecay: number
}

/**
 * One Adam step for one parameter tensor, written as the formulas above read: fresh θ', m',
 * v' from θ, its gradient g and its moments m and v. It is the optimizer's *kernel*: the
 * appendix has a faster one with the same signature (fast/adam.ts), which `adam` can be given.
 */
export const adamUpdate = (
  p: ReadonlyFloats, // θ
  g: ReadonlyFloats, // ∂L/∂θ
  m: ReadonlyFloats, // first moment
  v: ReadonlyFloats, // second moment
  s: AdamStep,
): readonly [Floats, Floats, Floats] => {
  const newP = floatsLike(p, p.length)
  const newM = floatsLike(m, m.length)
  const newV = floatsLike(v, v.length)
  const c1 = 1 - s.beta1 ** s.t // the bias corrections
  const c2 = 1 - s.beta2 ** s.t
  for (let i = 0; i < p.length; i++) {
    newM[i] = s.beta1 * m[i] + (1 - s.beta1) * g[i]
    newV[i] = s.beta2 * v[i] + (1 - s.beta2) * g[i] * g[i]
    const mHat = newM[i] / c1
    const vHat = newV[i] / c2
    newP[i] = p[i] - s.lr * (mHat / (Math.sqrt(vHat) + s.eps) + s.weightDecay * p[i])
  }
  return [newP, newM, newV]
}

/** What any Adam kernel must provide: the signature of the plain one. */
export type AdamUpdate = typeof adamUpdate

// The optimizer
// -------------

/** The Adam optimizer. */
export const adam = (options: AdamOptions = {}): Optimizer<AdamState> => {
  const { lr = 0.001, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0, update = adamUpdate } = options
  return {
    name: `adam(lr=${showRate(lr)}, beta1=${beta1}, beta2=${beta2}, eps=${eps}${weightDecay ? `, weightDecay=${weightDecay}` : ''})`,
    init: (params) => ({
      step: 0,
      m: mapLeaves([params], ([p]) => zerosLike(p)),
      v: mapLeaves([params], ([p]) => zerosLike(p)),
    }),
    step: (params, grads, state) => {
      const s: AdamStep = { t: state.step + 1, lr: rateAt(lr, state.step), beta1, beta2, eps, weightDecay }
      const next = mapLeaves([params, grads, state.m, state.v], ([p, g, m, v]) => {
        const [newP, newM, newV] = update(p.data, g.data, m.data, v.data, s)
        return { param: tensor(p.shape, newP), m: tensor(p.shape, newM), v: tensor(p.shape, newV) }
      })
      return [pluck(next, 'param'), { step: s.t, m: pluck(next, 'm'), v: pluck(next, 'v') }]
    },
  }
}
