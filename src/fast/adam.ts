// Appendix: a faster Adam step
// ============================
//
// optim/adam.ts writes one step as the formulas read: m', v', then m̂ = m'/c₁ and
// v̂ = v'/c₂ with c = 1 − βᵗ, then θ' = θ − η · (m̂ / (√v̂ + ε) + λθ). That is three divisions
// per parameter. Both bias corrections fold into two constants computed once per step:
//
//     η · m̂ / (√v̂ + ε)  =  (η / c₁) · m' / (√v' · (1 / √c₂) + ε)
//
// which leaves one square root and one division per parameter; decay becomes one factor
// (1 − ηλ). With one update per image, Adam touches all 1,709 parameters of the original
// network after every image, so this matters, and so does what surrounds the loop:
// `adamFast` is the optimizer of optim/adam.ts with this kernel, its fresh arrays cut from
// slabs (fast/memory.ts), and the three new trees built in one walk over the layers. For
// float32 weights it runs the same arithmetic two weights at a time (fast/adamSimd.ts),
// bit for bit the loop below. The results agree with the plain optimizer to rounding
// (spec/fast/adam.spec.ts).
// Previous: fast/adamSimd.ts. Next: fast/compiled.ts.

import type { ParamTree } from '../core/params.ts'
import { tensor, zerosLike, type Tensor } from '../core/tensor.ts'
import type { AdamOptions, AdamState, AdamStep, AdamUpdate } from '../optim/adam.ts'
import { rateAt, showRate, type Optimizer } from '../optim/optimizer.ts'
import { adamUpdateSimd, foldedConstants } from './adamSimd.ts'
import { float32, float64 } from './memory.ts'

// The update of one tensor into three fresh arrays, one weight at a time, for any kind of float.
const updateLoop = (p: Tensor['data'], g: Tensor['data'], m: Tensor['data'], v: Tensor['data'], s: AdamStep) => {
  const n = p.length
  const { beta1, keep1, beta2, keep2, stepSize, invSqrtC2, eps, shrink } = foldedConstants(s)
  const fresh = p instanceof Float64Array ? float64 : float32
  const newP = fresh(n)
  const newM = fresh(n)
  const newV = fresh(n)
  for (let i = 0; i < n; i++) {
    const gi = g[i]
    const mi = beta1 * m[i] + keep1 * gi
    const vi = beta2 * v[i] + keep2 * gi * gi
    newM[i] = mi
    newV[i] = vi
    newP[i] = shrink * p[i] - (stepSize * mi) / (Math.sqrt(vi) * invSqrtC2 + eps)
  }
  return [newP, newM, newV] as const
}

// For float32 tensors, two weights at a time where WebAssembly SIMD runs: the same bits.
const update = (p: Tensor['data'], g: Tensor['data'], m: Tensor['data'], v: Tensor['data'], s: AdamStep) => {
  const simd = p instanceof Float32Array && g instanceof Float32Array && m instanceof Float32Array && v instanceof Float32Array
    ? adamUpdateSimd(p, g, m, v, s)
    : undefined
  return simd ?? updateLoop(p, g, m, v, s)
}

/** The same step as `adamUpdate` of optim/adam.ts, with the bias corrections folded. */
export const adamUpdateFast: AdamUpdate = (p, g, m, v, s) => update(p, g, m, v, s)

/** The same, always in JavaScript (the yardstick of fast/adamSimd.ts). */
export const adamUpdateLoop: AdamUpdate = (p, g, m, v, s) => updateLoop(p, g, m, v, s)

/** Adam, as `adam` of optim/adam.ts, with the fast update and one walk per step. */
export const adamFast = (options: AdamOptions = {}): Optimizer<AdamState> => {
  const { lr = 0.001, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0 } = options
  return {
    name: `adam(lr=${showRate(lr)}, beta1=${beta1}, beta2=${beta2}, eps=${eps}${weightDecay ? `, weightDecay=${weightDecay}` : ''})`,
    init: (params) => ({
      step: 0,
      m: params.map((record) => Object.fromEntries(Object.entries(record).map(([name, t]) => [name, zerosLike(t)]))),
      v: params.map((record) => Object.fromEntries(Object.entries(record).map(([name, t]) => [name, zerosLike(t)]))),
    }),
    step: (params, grads, state) => {
      const s: AdamStep = { t: state.step + 1, lr: rateAt(lr, state.step), beta1, beta2, eps, weightDecay }
      const newParams: { [name: string]: Tensor }[] = []
      const newM: { [name: string]: Tensor }[] = []
      const newV: { [name: string]: Tensor }[] = []
      for (let layer = 0; layer < params.length; layer++) {
        const [p, g, m, v] = [params[layer]!, grads[layer]!, state.m[layer]!, state.v[layer]!]
        const [np, nm, nv]: { [name: string]: Tensor }[] = [{}, {}, {}]
        for (const name in p) {
          const shape = p[name]!.shape
          const [a, b, c] = update(p[name]!.data, g[name]!.data, m[name]!.data, v[name]!.data, s)
          np[name] = tensor(shape, a)
          nm[name] = tensor(shape, b)
          nv[name] = tensor(shape, c)
        }
        newParams.push(np)
        newM.push(nm)
        newV.push(nv)
      }
      return [newParams as ParamTree, { step: s.t, m: newM, v: newV }]
    },
  }
}
