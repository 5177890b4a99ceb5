// Chapter 0: the whole network on one page
// ========================================
//
// Before the general library, here is the entire original experiment in one file, written
// out by hand for its one fixed shape: forward pass, loss, backward pass, Adam, and the loop
// over the data. Read it top to bottom once; the chapters after it rebuild every piece for
// any shape, with checks, and you will recognise each of them.
//
//     x (28×28) ─conv 3×3─▶ z (26×26) ─leaky ReLU─▶ a (26×26) ─max 2×2─▶ p (13×13 = 169)
//               ─dense─▶ logits (10) ─softmax─▶ probs (10) ─ −ln probs[label] ─▶ loss
//
// One 3×3 kernel without bias, leaky ReLU with α = 0.01, 2×2 max pooling, a dense layer from
// the 169 pooled values to 10 class scores with a bias, softmax cross-entropy, and Adam with
// learning rate 0.001 updating after every single image. Arrays are flat `Float32Array`s read
// row-major: pixel (i, j) of a 28×28 image is x[i·28 + j]. Every function but the last one,
// which runs the experiment, is pure: it takes values and returns fresh ones, and never
// writes into what it was given.
//
// This is real code, and it runs on its own: `npx tsx src/original/network.ts` trains it on
// the original experiment and prints the test accuracy. It draws its own initial weights;
// the one thing it borrows from the library is the data. spec/original/network.spec.ts
// trains it beside the general pipeline (model/sequential.ts with the same layers, from the
// same initial weights) and checks that both end up with the same parameters.
// Previous: index.ts. Next: core/shape.ts.

const SIDE = 28 // the image is 28×28
const KERNEL = 3 // the kernel is 3×3
const CONV = SIDE - KERNEL + 1 // 26: the positions where the kernel fits
const POOLED = CONV / 2 // 13: 2×2 windows per row and column
const FEATURES = POOLED * POOLED // 169
const CLASSES = 10
const ALPHA = 0.01 // leaky ReLU's slope below 0

/** Everything the network learns. Gradients and Adam's moments have the same shape. */
export interface NetworkParams {
  readonly kernel: Float32Array // (3, 3)
  readonly weights: Float32Array // (10, 169)
  readonly bias: Float32Array // (10)
}

/** What the forward pass computed, kept for the loss and the backward pass (the "cache"). */
export interface NetworkCache {
  readonly z: Float32Array // (26, 26) the convolution
  readonly a: Float32Array // (26, 26) after leaky ReLU
  readonly p: Float32Array // (169) after pooling: 13×13 read as one row
  readonly winners: Int32Array // (169) for each window, the index in `a` of its maximum
  readonly logits: Float32Array // (10) the class scores
  readonly logSumExp: number // ln Σ_o e^logits[o]
  readonly probs: Float32Array // (10) the softmax of the class scores
}

// Initial weights
// ---------------
// The weights start small and random, and not all zero: with a zero kernel every p is 0,
// with zero dense weights so is every dp, and then no gradient but the bias's would ever be
// nonzero. Glorot uniform draws each weight from U(−a, a), a = √(6 / (fanIn + fanOut)),
// where fanIn is how many inputs feed one output and fanOut how many outputs one input
// feeds: 9 and 9 for the 3×3 kernel, 169 and 10 for the dense layer. Biases start at 0.

/** The starting weights for a seed: the same seed always gives the same network. */
export const initialParams = (seed: number): NetworkParams => {
  // mulberry32: a 32-bit state steps by an odd constant and its bits are scrambled by
  // multiplies and shifts into a float in [0, 1). A small generator, but plenty for this.
  let state = seed >>> 0
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), state | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
  const glorot = (length: number, fanIn: number, fanOut: number): Float32Array =>
    Float32Array.from({ length }, () => (2 * random() - 1) * Math.sqrt(6 / (fanIn + fanOut)))
  const taps = KERNEL * KERNEL
  return { kernel: glorot(taps, taps, taps), weights: glorot(CLASSES * FEATURES, FEATURES, CLASSES), bias: new Float32Array(CLASSES) }
}

// Forward
// -------

/** Runs one image x (28×28, values in [0, 1]) through the network. */
export const networkForward = (params: NetworkParams, x: Float32Array): NetworkCache => {
  const { kernel, weights, bias } = params
  // z[i,j] = Σ_u Σ_v kernel[u,v] · x[i+u, j+v]: the kernel laid on every 3×3 patch.
  const z = new Float32Array(CONV * CONV) // (26, 26)
  for (let i = 0; i < CONV; i++) {
    for (let j = 0; j < CONV; j++) {
      let sum = 0
      for (let u = 0; u < KERNEL; u++) for (let v = 0; v < KERNEL; v++) sum += kernel[u * KERNEL + v] * x[(i + u) * SIDE + j + v]
      z[i * CONV + j] = sum
    }
  }
  // a = z where z > 0, α·z elsewhere.
  const a = new Float32Array(CONV * CONV) // (26, 26)
  for (let k = 0; k < a.length; k++) a[k] = z[k] > 0 ? z[k] : ALPHA * z[k]
  // p = the largest of each 2×2 window of a; remember which cell won (the first on ties).
  const p = new Float32Array(FEATURES) // (169)
  const winners = new Int32Array(FEATURES) // (169)
  for (let i = 0; i < POOLED; i++) {
    for (let j = 0; j < POOLED; j++) {
      let best = 2 * i * CONV + 2 * j
      for (const cell of [best + 1, best + CONV, best + CONV + 1]) if (a[cell] > a[best]) best = cell
      p[i * POOLED + j] = a[best]
      winners[i * POOLED + j] = best
    }
  }
  // logits[o] = bias[o] + Σ_f weights[o,f] · p[f]: one score per class.
  const logits = new Float32Array(CLASSES) // (10)
  for (let o = 0; o < CLASSES; o++) {
    let sum = bias[o]
    for (let f = 0; f < FEATURES; f++) sum += weights[o * FEATURES + f] * p[f]
    logits[o] = sum
  }
  // probs = softmax(logits), shifted by the largest score so that no e^… can overflow; the
  // log of the sum, ln Σ_o e^logits[o] = top + ln total, is kept for the loss.
  const top = logits.reduce((most, v) => Math.max(most, v))
  let total = 0
  for (let o = 0; o < CLASSES; o++) total += Math.exp(logits[o] - top)
  const probs = new Float32Array(CLASSES) // (10)
  for (let o = 0; o < CLASSES; o++) probs[o] = Math.exp(logits[o] - top) / total
  return { z, a, p, winners, logits, logSumExp: top + Math.log(total), probs }
}

// The loss for label t is −ln probs[t] = ln Σ_o e^logits[o] − logits[t]. We compute the
// right-hand side, whose logarithm the forward pass took in double precision: a float32
// probs[t] can round to 0 when the network is confidently wrong, and −ln 0 = ∞
// (docs/math/softmax-cross-entropy.md).

/** The loss: how surprised the network is by the true label. */
export const networkLoss = (cache: NetworkCache, label: number): number => cache.logSumExp - cache.logits[label]

// Backward
// --------
// The chain rule, from the loss back to each weight. Each step quotes the forward line it
// differentiates, then gives the gradient of the loss with respect to that line's inputs.

/** The gradient of the loss with respect to every parameter, for one image and its label. */
export const networkBackward = (params: NetworkParams, x: Float32Array, f: NetworkCache, label: number): NetworkParams => {
  const { weights } = params
  // loss = −ln probs[label]   ⇒   dlogits[o] = probs[o] − (1 if o is the label, else 0)
  const dlogits = new Float32Array(CLASSES) // (10)
  for (let o = 0; o < CLASSES; o++) dlogits[o] = f.probs[o] - (o === label ? 1 : 0)
  // logits[o] = bias[o] + Σ_f weights[o,f] · p[f]
  //   ⇒   dBias[o] = dlogits[o],   dWeights[o,f] = dlogits[o] · p[f],   dp[f] = Σ_o dlogits[o] · weights[o,f]
  const dBias = dlogits.slice() // (10)
  const dWeights = new Float32Array(CLASSES * FEATURES) // (10, 169)
  const dp = new Float32Array(FEATURES) // (169)
  for (let o = 0; o < CLASSES; o++) {
    for (let k = 0; k < FEATURES; k++) {
      dWeights[o * FEATURES + k] = dlogits[o] * f.p[k]
      dp[k] += dlogits[o] * weights[o * FEATURES + k]
    }
  }
  // p[k] = a[winners[k]]   ⇒   da[winners[k]] = dp[k]; the cells that lost get 0.
  const da = new Float32Array(CONV * CONV) // (26, 26)
  for (let k = 0; k < FEATURES; k++) da[f.winners[k]] = dp[k]
  // a = z if z > 0, else α·z   ⇒   dz = da if z > 0, else α·da
  const dz = new Float32Array(CONV * CONV) // (26, 26)
  for (let k = 0; k < dz.length; k++) dz[k] = f.z[k] > 0 ? da[k] : ALPHA * da[k]
  // z[i,j] = Σ_u Σ_v kernel[u,v] · x[i+u, j+v]   ⇒   dKernel[u,v] = Σ_i Σ_j dz[i,j] · x[i+u, j+v]
  const dKernel = new Float32Array(KERNEL * KERNEL) // (3, 3)
  for (let u = 0; u < KERNEL; u++) {
    for (let v = 0; v < KERNEL; v++) {
      let sum = 0
      for (let i = 0; i < CONV; i++) for (let j = 0; j < CONV; j++) sum += dz[i * CONV + j] * x[(i + u) * SIDE + j + v]
      dKernel[u * KERNEL + v] = sum
    }
  }
  return { kernel: dKernel, weights: dWeights, bias: dBias }
}

// Adam
// ----
// Each weight keeps running averages of its gradient (m) and squared gradient (v) and moves
// by about lr in the direction m says, scaled down where v says gradients are large:
//     m' = β₁m + (1 − β₁)g    v' = β₂v + (1 − β₂)g²    θ' = θ − lr · m̂ / (√v̂ + ε)
// where m̂ = m'/(1 − β₁ᵗ) and v̂ = v'/(1 − β₂ᵗ) undo the pull towards the zeros m and v start at.

/** Adam's memory: the step number t and the two averages, shaped like the parameters. */
export interface AdamMemory {
  readonly t: number
  readonly m: NetworkParams
  readonly v: NetworkParams
}

const zeros = (): NetworkParams => ({ kernel: new Float32Array(KERNEL * KERNEL), weights: new Float32Array(CLASSES * FEATURES), bias: new Float32Array(CLASSES) })

/** The memory before the first step. */
export const adamStart = (): AdamMemory => ({ t: 0, m: zeros(), v: zeros() })

// One array of parameters: fresh θ', m', v'.
const adamArray = (theta: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, t: number, lr: number) => {
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8]
  const newTheta = new Float32Array(theta.length)
  const newM = new Float32Array(theta.length)
  const newV = new Float32Array(theta.length)
  for (let i = 0; i < theta.length; i++) {
    newM[i] = beta1 * m[i] + (1 - beta1) * g[i]
    newV[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
    const mHat = newM[i] / (1 - beta1 ** t)
    const vHat = newV[i] / (1 - beta2 ** t)
    newTheta[i] = theta[i] - (lr * mHat) / (Math.sqrt(vHat) + eps)
  }
  return { theta: newTheta, m: newM, v: newV }
}

/** One Adam step for every parameter: fresh parameters and memory. */
export const adamMove = (params: NetworkParams, grads: NetworkParams, memory: AdamMemory, lr = 0.001): readonly [NetworkParams, AdamMemory] => {
  const t = memory.t + 1
  const step = (name: keyof NetworkParams) => adamArray(params[name], grads[name], memory.m[name], memory.v[name], t, lr)
  const [k, w, b] = [step('kernel'), step('weights'), step('bias')]
  return [
    { kernel: k.theta, weights: w.theta, bias: b.theta },
    { t, m: { kernel: k.m, weights: w.m, bias: b.m }, v: { kernel: k.v, weights: w.v, bias: b.v } },
  ]
}

// Training
// --------

/** Image `index` of a set of 28×28 byte images, as floats in [0, 1]. */
export const imageAt = (images: Uint8Array, index: number): Float32Array => {
  const x = new Float32Array(SIDE * SIDE) // (28, 28)
  for (let k = 0; k < x.length; k++) x[k] = images[index * SIDE * SIDE + k] / 255
  return x
}

// The class with the highest probability (the first on ties).
const argmax = (probs: Float32Array): number => probs.indexOf(probs.reduce((most, v) => Math.max(most, v)))

/** The network's answer for one image. */
export const guessDigit = (params: NetworkParams, x: Float32Array): number => argmax(networkForward(params, x).probs)

/** Forward, backward and an Adam step on one image: the whole of learning. */
export const trainOnImage = (params: NetworkParams, memory: AdamMemory, x: Float32Array, label: number, lr = 0.001) => {
  const f = networkForward(params, x)
  const [next, nextMemory] = adamMove(params, networkBackward(params, x, f, label), memory, lr)
  return { params: next, memory: nextMemory, loss: networkLoss(f, label), correct: argmax(f.probs) === label }
}

/** One epoch: a step on every image of `order`, in that order; also the mean loss and accuracy. */
export const trainEpoch = (params: NetworkParams, memory: AdamMemory, images: Uint8Array, labels: Uint8Array, order: Int32Array, lr = 0.001) => {
  let current = { params, memory }
  let [lossSum, correct] = [0, 0]
  for (const index of order) {
    const stepped = trainOnImage(current.params, current.memory, imageAt(images, index), labels[index], lr)
    current = { params: stepped.params, memory: stepped.memory }
    lossSum += stepped.loss
    correct += stepped.correct ? 1 : 0
  }
  return { ...current, loss: lossSum / order.length, accuracy: correct / order.length }
}

/** The share of the images of `order` the network classifies right. */
export const networkAccuracy = (params: NetworkParams, images: Uint8Array, labels: Uint8Array, order: Int32Array): number => {
  let correct = 0
  for (const index of order) if (guessDigit(params, imageAt(images, index)) === labels[index]) correct++
  return correct / order.length
}

// Running it
// ----------
// `npx tsx src/original/network.ts` runs the original experiment: ten epochs over its 56,000
// training digits, each followed by the share of its 14,000 test digits the network gets
// right. The digits and their split come from the library (cli/experiment.ts), imported only
// here: importing this file, as `npm run original` and the specs do, reads and trains nothing.

const percent = (share: number): string => `${(100 * share).toFixed(2)}%`

const run = async (epochs: number, seed: number): Promise<void> => {
  const { originalDigits } = await import('../cli/experiment.ts')
  const { images, labels, train, test } = await originalDigits()
  let [current, tested] = [{ params: initialParams(seed), memory: adamStart() }, 0]
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const trained = trainEpoch(current.params, current.memory, images, labels, train)
    current = trained
    tested = networkAccuracy(current.params, images, labels, test)
    console.log(`epoch ${epoch}: train loss ${trained.loss.toFixed(4)}, train accuracy ${percent(trained.accuracy)}, test accuracy ${percent(tested)}`)
  }
  console.log(`test accuracy: ${percent(tested)}`)
}

// Run only when this file is the program (its path is Node's argv[1]), not when imported.
if (import.meta.filename !== undefined && import.meta.filename === globalThis.process?.argv[1]) {
  run(10, 1).catch((error: unknown) => {
    console.error(String(error))
    process.exitCode = 1
  })
}
