// The yardstick: an imperative trainer
// ====================================
//
// How much does purity cost? To answer honestly, `npm run bench -- --baseline` also times
// the original network written the way one would write it *without* this project, as a
// careful hand-written loop: a slow yardstick would make the library look good for the
// wrong reason. It trains the same network with the same arithmetic as the pure library
// (one 3×3 kernel without bias, leaky ReLU 0.01, 2×2 max pooling, dense 169→10 with bias,
// softmax cross-entropy with gradient p − onehot, Adam as in optim/adam.ts with η = 0.001,
// one update per sample, float32 storage), and spec/bench/yardstick.spec.ts checks that
// both end with the same parameters. What it does that the library does not:
//
//   - every buffer is allocated once and updated in place; no tensors, no batches;
//   - a pixel becomes a float as the image is read, and each non-zero pixel (a fifth of a
//     digit) adds itself times the kernel to the nine outputs it is part of;
//   - leaky ReLU is fused into the pooling, which keeps the 169 winners of the 676
//     positions and where they are, so the kernel's gradient is a sum over 169 patches,
//     not 676 (the gradient is 0 at the others);
//   - the dense layer skips the features that are 0 (more than half of them on a digit);
//   - the dense layer's backward pass and its Adam step are one loop over the weights, and
//     Adam's bias corrections are two constants per step: one square root and one division
//     per weight.
//
// What V8 (Node 20) likes: the arrays are module constants, not exported, and each hot
// function reads them into local constants first. Without the locals, or through an export,
// every access in a loop checks the array anew, and the dense layer's backward pass and
// Adam step take twice as long. Each hot loop sits in a small function of its own.
//
// It is deliberately the opposite of everything else in src/: mutable module state, one
// trainer at a time, sizes as constants, no checks inside the loops. Read it as a measuring
// stick, not as an example.
// Previous: parallel/worker.ts. Next: bench/measure.ts.

import type { Dataset } from '../data/dataset.ts'

/** The original network's parameters: the 3×3 kernel, the dense weights (10, 169) and bias (10). */
export interface YardstickParams {
  readonly kernel: Float32Array // (1, 1, 3, 3)
  readonly weights: Float32Array // (10, 169)
  readonly bias: Float32Array // (10)
}

// Sizes: a 28×28 image, a 26×26 convolution, 13×13 after pooling, 10 classes.
const SIDE = 28
const PIXELS = 784
const POOLED = 13
const FEATURES = 169
const CLASSES = 10

// Leaky ReLU's slope and Adam's hyperparameters, as in src/optim/adam.ts (which also uses
// 1 − β rather than a literal 0.1: the two differ in the last bit).
const ALPHA = 0.01
const LR = 0.001
const BETA1 = 0.9
const BETA2 = 0.999
const KEEP1 = 1 - BETA1
const KEEP2 = 1 - BETA2
const EPS = 1e-8

// The state
// ---------

const kernel = new Float32Array(9)
const weights = new Float32Array(CLASSES * FEATURES)
const bias = new Float32Array(CLASSES)
const mKernel = new Float32Array(9)
const vKernel = new Float32Array(9)
const mWeights = new Float32Array(CLASSES * FEATURES)
const vWeights = new Float32Array(CLASSES * FEATURES)
const mBias = new Float32Array(CLASSES)
const vBias = new Float32Array(CLASSES)

// The image as floats, and the convolution's 26×26 outputs inside a 30×30 frame, output
// (oh, ow) at (oh + 2)·30 + ow + 2: every pixel then adds to its nine outputs without a
// test for the border (what lands outside the 26×26 is never read).
const x = new Float32Array(PIXELS)
const FRAME = 30
const frame = new Float32Array(FRAME * FRAME)
const FLOAT_OF_BYTE = Float32Array.from({ length: 256 }, (_, b) => b / 255)

const pooled = new Float32Array(FEATURES) //  the 13×13 winners, after leaky ReLU
const corner = new Int32Array(FEATURES) //    where each winner's 3×3 patch starts in x
// The features that are not 0 (on a digit, more than half are): the even ones from the
// start of `nonZero` up, the odd ones from its end down, since the dense layer sums them apart.
const nonZero = new Int32Array(FEATURES)
let evenEnd = 0 //   nonZero[0 … evenEnd): the even ones, in order
let oddStart = 0 //  nonZero[oddStart … 169): the odd ones, last first
const logits = new Float32Array(CLASSES)
const dLogits = new Float32Array(CLASSES) //  softmax(logits) − onehot(label)
const dPooled = new Float32Array(FEATURES)
const dKernel = new Float32Array(9)

// Forward: convolution, leaky ReLU and pooling
// --------------------------------------------

/**
 * Reads the image at `images[at …]` into x (pixel / 255, as a float32) and convolves it:
 * 81% of an MNIST digit is background (exactly 0), so each non-zero pixel adds itself
 * times the kernel to the nine outputs it is part of. Each output is summed in float32, in
 * reading order, as the library's scatter kernel does (kernels/conv2dDirect.ts).
 */
const loadAndConvolve = (images: Uint8Array, at: number): void => {
  const xs = x, y = frame, float = FLOAT_OF_BYTE
  const k0 = kernel[0], k1 = kernel[1], k2 = kernel[2]
  const k3 = kernel[3], k4 = kernel[4], k5 = kernel[5]
  const k6 = kernel[6], k7 = kernel[7], k8 = kernel[8]
  y.fill(0)
  for (let ih = 0; ih < SIDE; ih++) {
    const row = ih * SIDE
    for (let iw = 0; iw < SIDE; iw++) {
      const b = images[at + row + iw]
      const v = float[b]
      xs[row + iw] = v
      if (b !== 0) {
        // Pixel (ih, iw) is tap (kh, kw) of output (ih − kh, iw − kw).
        const o = (ih + 2) * FRAME + iw + 2
        y[o] += k0 * v; y[o - 1] += k1 * v; y[o - 2] += k2 * v
        y[o - FRAME] += k3 * v; y[o - FRAME - 1] += k4 * v; y[o - FRAME - 2] += k5 * v
        y[o - 2 * FRAME] += k6 * v; y[o - 2 * FRAME - 1] += k7 * v; y[o - 2 * FRAME - 2] += k8 * v
      }
    }
  }
}

// Leaky ReLU, rounded to float32 as the library stores it.
const lrelu = (c: number): number => (c > 0 ? c : Math.fround(ALPHA * c))

/**
 * Leaky ReLU and 2×2 max pooling of the convolution: the winners, where their patches
 * start, and which are not 0. Leaky ReLU is monotone, so the winner is the largest output
 * of the window; we compare the values after leaky ReLU all the same, because rounding
 * 0.01·c to float32 can make two different negative outputs tie, and then the library's
 * pooling takes the first one.
 */
const pool = (): void => {
  const y = frame, out = pooled, at = corner, list = nonZero
  let even = 0
  let odd = FEATURES
  for (let ph = 0; ph < POOLED; ph++) {
    for (let pw = 0; pw < POOLED; pw++) {
      const o = (2 * ph + 2) * FRAME + 2 * pw + 2
      const p = 2 * ph * SIDE + 2 * pw
      // The first of the window's four in reading order wins a tie, as in the library.
      let best = p
      let bestValue = lrelu(y[o])
      const a01 = lrelu(y[o + 1])
      if (a01 > bestValue) { bestValue = a01; best = p + 1 }
      const a10 = lrelu(y[o + FRAME])
      if (a10 > bestValue) { bestValue = a10; best = p + SIDE }
      const a11 = lrelu(y[o + FRAME + 1])
      if (a11 > bestValue) { bestValue = a11; best = p + SIDE + 1 }
      const f = ph * POOLED + pw
      out[f] = bestValue
      at[f] = best
      if (bestValue !== 0) {
        if ((f & 1) === 0) list[even++] = f
        else list[--odd] = f
      }
    }
  }
  evenEnd = even
  oddStart = odd
}

// Forward: dense layer and softmax
// --------------------------------

/** logits = W·pooled + b, then dLogits = softmax(logits) − onehot(label). */
const denseAndSoftmax = (label: number): void => {
  const w = weights, b = bias, xs = pooled, z = logits, dz = dLogits, list = nonZero
  const evens = evenEnd, odds = oddStart
  let max = -Infinity
  for (let o = 0; o < CLASSES; o++) {
    const row = o * FEATURES
    // Two partial sums, of the even and of the odd features, as the library's dense kernel
    // does; leaving out the terms w·0 changes neither.
    let even = 0
    for (let k = 0; k < evens; k++) {
      const f = list[k]
      even += w[row + f] * xs[f]
    }
    let odd = 0
    for (let k = FEATURES - 1; k >= odds; k--) {
      const f = list[k]
      odd += w[row + f] * xs[f]
    }
    const zo = Math.fround(b[o] + even + odd)
    z[o] = zo
    if (zo > max) max = zo
  }
  let sum = 0
  for (let o = 0; o < CLASSES; o++) sum += Math.exp(z[o] - max)
  const lse = max + Math.log(sum)
  for (let o = 0; o < CLASSES; o++) dz[o] = Math.fround(Math.exp(z[o] - lse)) - (o === label ? 1 : 0)
}

// Backward and Adam
// -----------------

/**
 * The dense layer's backward pass and its Adam step in one loop: each weight first sends
 * its gradient back to its input (with its old value), then is updated.
 */
const denseBackwardAndAdam = (stepSize: number, invSqrtC2: number): void => {
  const ws = weights, ms = mWeights, vs = vWeights, xs = pooled, dx = dPooled, dz = dLogits
  dx.fill(0)
  for (let o = 0; o < CLASSES; o++) {
    const d = dz[o]
    const row = o * FEATURES
    for (let f = 0; f < FEATURES; f++) {
      const i = row + f
      const w = ws[i]
      dx[f] += d * w
      const g = Math.fround(d * xs[f])
      const m = BETA1 * ms[i] + KEEP1 * g
      const v = BETA2 * vs[i] + KEEP2 * g * g
      ms[i] = m
      vs[i] = v
      ws[i] = w - (stepSize * m) / (Math.sqrt(v) * invSqrtC2 + EPS)
    }
  }
}

/** The kernel's gradient: each winner's gradient times the 3×3 patch it was computed from. */
const kernelGradient = (): void => {
  const xs = x, out = pooled, dOut = dPooled, at = corner, dk = dKernel
  let g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0, g8 = 0
  for (let f = 0; f < FEATURES; f++) {
    // Through leaky ReLU: its slope at the winner (pooled > 0 exactly where the convolution is).
    const d = out[f] > 0 ? dOut[f] : Math.fround(ALPHA * dOut[f])
    const r0 = at[f]
    const r1 = r0 + SIDE
    const r2 = r1 + SIDE
    g0 += d * xs[r0]; g1 += d * xs[r0 + 1]; g2 += d * xs[r0 + 2]
    g3 += d * xs[r1]; g4 += d * xs[r1 + 1]; g5 += d * xs[r1 + 2]
    g6 += d * xs[r2]; g7 += d * xs[r2 + 1]; g8 += d * xs[r2 + 2]
  }
  dk[0] = g0; dk[1] = g1; dk[2] = g2
  dk[3] = g3; dk[4] = g4; dk[5] = g5
  dk[6] = g6; dk[7] = g7; dk[8] = g8
}

/** Adam's step for a small array of parameters (the kernel, the bias). */
const adamSmall = (p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, stepSize: number, invSqrtC2: number): void => {
  for (let i = 0; i < p.length; i++) {
    const gi = g[i]
    const mi = BETA1 * m[i] + KEEP1 * gi
    const vi = BETA2 * v[i] + KEEP2 * gi * gi
    m[i] = mi
    v[i] = vi
    p[i] -= (stepSize * mi) / (Math.sqrt(vi) * invSqrtC2 + EPS)
  }
}

// Training
// --------

/** One sample: the image at `images[at …]` with its label. `t` is Adam's step number, from 1. */
const trainOne = (images: Uint8Array, at: number, label: number, t: number): void => {
  loadAndConvolve(images, at)
  pool()
  denseAndSoftmax(label)
  // Adam's bias corrections, folded: θ −= (η / (1 − β₁ᵗ)) · m / (√v · (1 / √(1 − β₂ᵗ)) + ε).
  const stepSize = LR / (1 - BETA1 ** t)
  const invSqrtC2 = 1 / Math.sqrt(1 - BETA2 ** t)
  denseBackwardAndAdam(stepSize, invSqrtC2)
  kernelGradient()
  adamSmall(kernel, dKernel, mKernel, vKernel, stepSize, invSqrtC2)
  adamSmall(bias, dLogits, mBias, vBias, stepSize, invSqrtC2)
}

// Starts training afresh from copies of `initial`, with Adam's moments at zero.
const reset = (initial: YardstickParams): void => {
  kernel.set(initial.kernel)
  weights.set(initial.weights)
  bias.set(initial.bias)
  for (const a of [mKernel, vKernel, mWeights, vWeights, mBias, vBias]) a.fill(0)
}

// Trains the samples order[from … to) in order; Adam's steps are t0 + 1, t0 + 2, …
const trainRange = (data: Dataset, order: Readonly<Int32Array>, from: number, to: number, t0: number): void => {
  const images = data.images
  const labels = data.labels
  for (let n = from; n < to; n++) {
    const sample = order[n]
    trainOne(images, sample * PIXELS, labels[sample], t0 + n - from + 1)
  }
}

// The loops check nothing, so we check the data once, before them.
const check = (data: Dataset, order: Readonly<Int32Array>): void => {
  if (data.rows !== SIDE || data.cols !== SIDE || data.classes !== CLASSES) {
    throw new RangeError(`the yardstick trains 28×28 images of 10 classes, got ${data.rows}×${data.cols} images of ${data.classes}`)
  }
  for (let n = 0; n < order.length; n++) {
    if (!(order[n] >= 0 && order[n] < data.count)) throw new RangeError(`sample ${order[n]} at position ${n} is not one of the ${data.count} samples`)
  }
}

/**
 * Trains the original network from copies of `initial` (never changed) on the samples
 * `order[0 …]` of a data set of 28×28 images, one Adam update per sample, and returns the
 * final parameters.
 */
export const trainYardstick = (data: Dataset, order: Readonly<Int32Array>, initial: YardstickParams): YardstickParams => {
  check(data, order)
  reset(initial)
  trainRange(data, order, 0, order.length, 0)
  return { kernel: kernel.slice(), weights: weights.slice(), bias: bias.slice() }
}

/** Fixed, deterministic starting parameters for timing (the speed does not depend on them). */
export const yardstickStart = (): YardstickParams => ({
  kernel: Float32Array.from({ length: 9 }, (_, i) => Math.sin(i + 1) * 0.5),
  weights: Float32Array.from({ length: CLASSES * FEATURES }, (_, i) => Math.sin(i + 11) * 0.1),
  bias: new Float32Array(CLASSES),
})

/**
 * Trains `count` samples of `order` (in that order; at most all of them) with per-sample
 * Adam from `yardstickStart()`, after a warm-up on up to 5,000 of them that lets the engine
 * compile the loops, and returns samples per second.
 */
export const imperativeBaseline = (data: Dataset, order: Readonly<Int32Array>, count: number): number => {
  check(data, order)
  const n = Math.min(count, order.length)
  reset(yardstickStart())
  const warmUp = Math.min(n, 5000)
  trainRange(data, order, 0, warmUp, 0)
  const started = performance.now()
  trainRange(data, order, 0, n, warmUp)
  return n / ((performance.now() - started) / 1000)
}
