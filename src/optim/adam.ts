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
// moves by almost exactly η against the sign of its gradient, whatever the gradient's size.
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
}

/** Adam's state: the step counter and the two moment estimates of every parameter. */
export interface AdamState {
  readonly step: number
  readonly m: ParamTree
  readonly v: ParamTree
}

// The update of one parameter tensor, as a plain function of arrays and numbers so that
// the engine compiles one tight loop for it. Returns fresh θ', m', v'.
const adamUpdate = (
  p: ReadonlyFloats, //  θ
  g: ReadonlyFloats, //  ∂L/∂θ
  m: ReadonlyFloats, //  first moment
  v: ReadonlyFloats, //  second moment
  beta1: number,
  beta2: number,
  stepSize: number, //   η / (1 − β₁ᵗ)
  invSqrtC2: number, // 1 / √(1 − β₂ᵗ)
  eps: number,
  shrink: number, //    1 − η·λ, the weight decay
): readonly [Floats, Floats, Floats] => {
  const n = p.length
  const keep1 = 1 - beta1
  const keep2 = 1 - beta2
  const newP = floatsLike(p, n)
  const newM = floatsLike(m, n)
  const newV = floatsLike(v, n)
  for (let i = 0; i < n; i++) {
    const gi = g[i]
    const mi = beta1 * m[i] + keep1 * gi
    const vi = beta2 * v[i] + keep2 * gi * gi
    newM[i] = mi
    newV[i] = vi
    newP[i] = shrink * p[i] - (stepSize * mi) / (Math.sqrt(vi) * invSqrtC2 + eps)
  }
  return [newP, newM, newV]
}

/** The Adam optimizer. */
export const adam = (options: AdamOptions = {}): Optimizer<AdamState> => {
  const { lr = 0.001, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0 } = options
  return {
    name: `adam(lr=${showRate(lr)}, beta1=${beta1}, beta2=${beta2}, eps=${eps}${weightDecay ? `, weightDecay=${weightDecay}` : ''})`,
    init: (params) => ({
      step: 0,
      m: mapLeaves([params], ([p]) => zerosLike(p)),
      v: mapLeaves([params], ([p]) => zerosLike(p)),
    }),
    step: (params, grads, state) => {
      const t = state.step + 1
      const eta = rateAt(lr, state.step)
      // Fold both bias corrections into constants: η · m̂ / (√v̂ + ε) with m̂ = m'/c₁ and
      // v̂ = v'/c₂ is (η/c₁) · m' / (√v' · (1/√c₂) + ε): one division per parameter, not three.
      const stepSize = eta / (1 - beta1 ** t)
      const invSqrtC2 = 1 / Math.sqrt(1 - beta2 ** t)
      const next = mapLeaves([params, grads, state.m, state.v], ([p, g, m, v]) => {
        const [newP, newM, newV] = adamUpdate(p.data, g.data, m.data, v.data, beta1, beta2, stepSize, invSqrtC2, eps, 1 - eta * weightDecay)
        return { param: tensor(p.shape, newP), m: tensor(p.shape, newM), v: tensor(p.shape, newV) }
      })
      return [pluck(next, 'param'), { step: t, m: pluck(next, 'm'), v: pluck(next, 'v') }]
    },
  }
}
