// Stochastic gradient descent
// ===========================
//
// The plainest rule: move every parameter against its gradient, scaled by the learning
// rate η.
//
//     θ' = θ − η · g
//
// "Stochastic" because g is computed on one sample or a small batch rather than the whole
// data set: a noisy but cheap estimate of the true gradient. The only state is the step
// counter that a learning-rate schedule reads.
// Previous: optim/optimizer.ts. Next: optim/momentum.ts.

import { floatsLike } from '../core/memory.ts'
import { mapLeaves } from '../core/params.ts'
import { tensor } from '../core/tensor.ts'
import { rateAt, showRate, type LearningRate, type Optimizer } from './optimizer.ts'

/** SGD's state: how many steps have been taken. */
export interface SgdState {
  readonly step: number
}

/**
 * Plain SGD with learning rate `lr`.
 * @example sgd(0.1).step([{ w: [1] }], [{ w: [2] }], { step: 0 }) // [[{ w: [0.8] }], { step: 1 }]
 */
export const sgd = (lr: LearningRate): Optimizer<SgdState> => ({
  name: `sgd(lr=${showRate(lr)})`,
  init: () => ({ step: 0 }),
  step: (params, grads, state) => {
    const eta = rateAt(lr, state.step)
    const next = mapLeaves([params, grads], ([p, g]) => {
      const out = floatsLike(p.data, p.data.length)
      for (let i = 0; i < out.length; i++) out[i] = p.data[i] - eta * g.data[i]
      return tensor(p.shape, out)
    })
    return [next, { step: state.step + 1 }]
  },
})
