// Activation kernels
// ==================
//
// Without a non-linearity between them, a stack of linear layers is still one linear map.
// An activation bends each number on its own, so its shape is whatever comes in:
// x (N, …) → y (N, …), element by element.
//
//     leaky ReLU   y = x          if x > 0          dy/dx = 1
//                  y = α·x        otherwise         dy/dx = α     (ReLU is α = 0)
//     tanh         y = tanh x                       dy/dx = 1 − y²
//     sigmoid      y = 1 / (1 + e^(−x))             dy/dx = y · (1 − y)
//
// Backward multiplies the incoming gradient by the local slope: dx = dy · dy/dx. For leaky
// ReLU the slope is a mask of 1s and αs that depends only on the sign of x, so its cache is
// just x. At exactly x = 0 we use the slope α (any value in [α, 1] is a valid subgradient).
// For tanh and sigmoid the slope is cheapest from the output y, so their cache is y.
// Previous: kernels/dense.ts. Next: check/gradcheck.ts.

import { floatsLike, type Floats, type ReadonlyFloats } from '../core/memory.ts'

// One loop each way
// -----------------
// Every activation applies one function to each number, so every kernel is the same loop:
// over x going forward, over the cache and dy together going back. We write the two loops
// once; each kernel then is its formula. (Fresh arrays of the input's kind, as always.)

const eachOf = (x: ReadonlyFloats, f: (v: number) => number): Floats => {
  const y = floatsLike(x, x.length)
  for (let i = 0; i < x.length; i++) y[i] = f(x[i])
  return y
}

const eachPair = (cached: ReadonlyFloats, dy: ReadonlyFloats, f: (v: number, d: number) => number): Floats => {
  const dx = floatsLike(dy, dy.length)
  for (let i = 0; i < dy.length; i++) dx[i] = f(cached[i], dy[i])
  return dx
}

// The kernels
// -----------

/**
 * y = x where x > 0, α·x elsewhere.
 * @example leakyReluForward([-2, 0, 3], 0.01) // [-0.02, 0, 3]
 */
export const leakyReluForward = (x: ReadonlyFloats, alpha: number): Floats => eachOf(x, (v) => (v > 0 ? v : alpha * v))

/**
 * dx = dy · (1 where x > 0, α elsewhere): the slope mask applied to the gradient.
 * @example leakyReluBackward([-2, 0, 3], [1, 1, 1], 0.01) // [0.01, 0.01, 1]
 */
export const leakyReluBackward = (x: ReadonlyFloats, dy: ReadonlyFloats, alpha: number): Floats => eachPair(x, dy, (v, d) => (v > 0 ? d : alpha * d))

/** y = tanh x. */
export const tanhForward = (x: ReadonlyFloats): Floats => eachOf(x, Math.tanh)

/** dx = dy · (1 − y²), using the forward output y. */
export const tanhBackward = (y: ReadonlyFloats, dy: ReadonlyFloats): Floats => eachPair(y, dy, (v, d) => d * (1 - v * v))

/** y = 1 / (1 + e^(−x)), written as e^x / (1 + e^x) below 0 so that no e^… can overflow. */
export const sigmoidForward = (x: ReadonlyFloats): Floats => eachOf(x, (v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))))

/** dx = dy · y · (1 − y), using the forward output y. */
export const sigmoidBackward = (y: ReadonlyFloats, dy: ReadonlyFloats): Floats => eachPair(y, dy, (v, d) => d * v * (1 - v))

/** The activation kernels as one value (layers/activations.ts); fast/kernels.ts has a faster set. */
export const activationKernels = { leakyReluForward, leakyReluBackward, tanhForward, tanhBackward, sigmoidForward, sigmoidBackward }

/** What any set of activation kernels must provide: the signatures of the plain ones. */
export type ActivationKernels = typeof activationKernels
