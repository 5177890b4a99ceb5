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
// Previous: optim/momentum.ts. Next: optim/schedule.ts.

import { floatsLike } from '../core/memory.ts'
import { mapLeaves, pluck, type ParamTree } from '../core/params.ts'
import { tensor, zerosLike } from '../core/tensor.ts'
import { rateAt, showRate, type LearningRate, type Optimizer } from './optimizer.ts'

/** Adam's hyperparameters. */
export interface AdamOptions {
  readonly lr?: LearningRate
  readonly beta1?: number
  readonly beta2?: number
  readonly eps?: number
}

/** Adam's state: the step counter and the two moment estimates of every parameter. */
export interface AdamState {
  readonly step: number
  readonly m: ParamTree
  readonly v: ParamTree
}

/** The Adam optimizer. */
export const adam = (options: AdamOptions = {}): Optimizer<AdamState> => {
  const { lr = 0.001, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 } = options
  return {
    name: `adam(lr=${showRate(lr)}, beta1=${beta1}, beta2=${beta2}, eps=${eps})`,
    init: (params) => ({
      step: 0,
      m: mapLeaves([params], ([p]) => zerosLike(p)),
      v: mapLeaves([params], ([p]) => zerosLike(p)),
    }),
    step: (params, grads, state) => {
      const t = state.step + 1
      const eta = rateAt(lr, state.step)
      // Fold both bias corrections into the step size: η · m̂ / (√v̂ + ε) with
      // m̂ = m'/c₁ and v̂ = v'/c₂ is (η/c₁) · m' / (√v' / √c₂ + ε).
      const c1 = 1 - beta1 ** t
      const sqrtC2 = Math.sqrt(1 - beta2 ** t)
      const stepSize = eta / c1
      const next = mapLeaves([params, grads, state.m, state.v], ([param, grad, m, v]) => {
        const [p, g, m0, v0] = [param.data, grad.data, m.data, v.data]
        const n = p.length
        const newP = floatsLike(p, n)
        const newM = floatsLike(m0, n)
        const newV = floatsLike(v0, n)
        for (let i = 0; i < n; i++) {
          const gi = g[i]
          const mi = beta1 * m0[i] + (1 - beta1) * gi
          const vi = beta2 * v0[i] + (1 - beta2) * gi * gi
          newM[i] = mi
          newV[i] = vi
          newP[i] = p[i] - (stepSize * mi) / (Math.sqrt(vi) / sqrtC2 + eps)
        }
        return { param: tensor(param.shape, newP), m: tensor(param.shape, newM), v: tensor(param.shape, newV) }
      })
      return [pluck(next, 'param'), { step: t, m: pluck(next, 'm'), v: pluck(next, 'v') }]
    },
  }
}
