// SGD with momentum
// =================
//
// Plain SGD zig-zags across narrow valleys of the loss and crawls along their floor.
// Momentum keeps a running *velocity*, an exponentially decaying sum of past gradients, and
// steps along that instead: directions that agree from step to step build up speed, and
// directions that flip sign cancel out.
//
//     v' = μ · v + g          θ' = θ − η · v'
//
// with μ (typically 0.9) the fraction of the old velocity kept. This is the form PyTorch
// uses; the velocity starts at zero.
// Previous: optim/sgd.ts. Next: optim/adam.ts.

import { floatsLike } from '../core/memory.ts'
import { mapLeaves, pluck, type ParamTree } from '../core/params.ts'
import { tensor, zerosLike } from '../core/tensor.ts'
import { rateAt, showRate, type LearningRate, type Optimizer } from './optimizer.ts'

/** Momentum's state: the step counter and one velocity per parameter. */
export interface MomentumState {
  readonly step: number
  readonly velocity: ParamTree
}

/** SGD with momentum μ = `beta` (default 0.9). */
export const momentum = (lr: LearningRate, beta = 0.9): Optimizer<MomentumState> => ({
  name: `momentum(lr=${showRate(lr)}, beta=${beta})`,
  init: (params) => ({ step: 0, velocity: mapLeaves([params], ([p]) => zerosLike(p)) }),
  step: (params, grads, state) => {
    const eta = rateAt(lr, state.step)
    const next = mapLeaves([params, grads, state.velocity], ([p, g, v]) => {
      const newP = floatsLike(p.data, p.data.length)
      const newV = floatsLike(v.data, v.data.length)
      for (let i = 0; i < newP.length; i++) {
        const vi = beta * v.data[i] + g.data[i]
        newV[i] = vi
        newP[i] = p.data[i] - eta * vi
      }
      return { param: tensor(p.shape, newP), velocity: tensor(v.shape, newV) }
    })
    return [pluck(next, 'param'), { step: state.step + 1, velocity: pluck(next, 'velocity') }]
  },
})
