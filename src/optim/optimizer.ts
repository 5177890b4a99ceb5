// What an optimizer is
// ====================
//
// Training repeats one move: compute the gradient of the loss, then step the parameters a
// little way downhill. An optimizer is the rule for that step, written as a pure function
//
//     step(params, grads, state) → [params', state']
//
// where `state` is whatever the rule remembers between steps (a step counter, a running
// velocity, Adam's moment estimates). It is a value you pass in and get back, never a
// field hidden inside the optimizer, so a training run is a fold over batches and two runs
// from the same state are identical.
//
// The learning rate can be a number or a *schedule*: a function of the number of steps
// already taken, for rates that decay during training (optim/schedule.ts).
// Previous: check/layers.ts. Next: optim/sgd.ts.

import type { ParamTree } from '../core/params.ts'

/** A learning rate that may change with the number of steps taken so far (0, 1, 2, …). */
export type Schedule = (step: number) => number

/** A fixed learning rate or a schedule. */
export type LearningRate = number | Schedule

/** The learning rate to use at a step. */
export const rateAt = (lr: LearningRate, step: number): number => (typeof lr === 'number' ? lr : lr(step))

/** An update rule with its own state type S. */
export interface Optimizer<S = unknown> {
  /** A short description, such as `adam(lr=0.001)`. */
  readonly name: string
  /** The state before the first step. */
  init(params: ParamTree): S
  /** New parameters and state from the current ones and the gradients. */
  step(params: ParamTree, grads: ParamTree, state: S): readonly [ParamTree, S]
}

/** Describes a learning rate for an optimizer's name. */
export const showRate = (lr: LearningRate): string => (typeof lr === 'number' ? `${lr}` : 'scheduled')
