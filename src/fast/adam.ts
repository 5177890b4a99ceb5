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
// (1 − ηλ). The results agree with the plain kernel to rounding (spec/fast/adam.spec.ts), and
// the fresh arrays come from slabs (fast/memory.ts). For the original network at one update
// per sample, Adam touches all 1,709 parameters after every image, so this matters.
// Previous: fast/denseFast.ts. Next: fast/kernels.ts.

import type { AdamStep, AdamUpdate } from '../optim/adam.ts'
import { floatsLike } from './memory.ts'

/** The same step as `adamUpdate` of optim/adam.ts, with the bias corrections folded. */
export const adamUpdateFast: AdamUpdate = (p, g, m, v, s: AdamStep) => {
  const n = p.length
  const { beta1, beta2, eps } = s
  const keep1 = 1 - beta1
  const keep2 = 1 - beta2
  const stepSize = s.lr / (1 - beta1 ** s.t) //   η / c₁
  const invSqrtC2 = 1 / Math.sqrt(1 - beta2 ** s.t) // 1 / √c₂
  const shrink = 1 - s.lr * s.weightDecay
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
