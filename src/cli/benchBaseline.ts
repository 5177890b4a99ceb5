// The yardstick: an imperative trainer
// ====================================
//
// How much does purity cost? To answer honestly, `npm run bench` also times the original
// network written the way one would write it *without* this project: a single function
// with every buffer allocated once and updated in place, every size a constant, the whole
// forward pass, backward pass and Adam step in one place. It is the same arithmetic as the
// pure library (Adam, leaky ReLU 0.01, 2×2 pooling, float32 storage), on the same digits.
//
// It is deliberately the opposite of everything else in src/: mutable module-free state
// inside one closure, no types beyond numbers, no reuse. Read it as a measuring stick,
// not as an example.
// Previous: cli/plots.ts. Next: cli/bench.ts.

import type { Dataset } from '../data/dataset.ts'

/** Trains `count` samples (in the given order) with per-sample Adam; returns samples per second. */
export const imperativeBaseline = (data: Dataset, order: Readonly<Int32Array>, count: number): number => {
  const kernel = new Float32Array(9)
  const weights = new Float32Array(1690)
  const bias = new Float32Array(10)
  for (let i = 0; i < 9; i++) kernel[i] = Math.sin(i + 1) * 0.5
  for (let i = 0; i < 1690; i++) weights[i] = Math.sin(i + 11) * 0.1
  const mK = new Float32Array(9), vK = new Float32Array(9)
  const mW = new Float32Array(1690), vW = new Float32Array(1690)
  const mB = new Float32Array(10), vB = new Float32Array(10)
  const x = new Float32Array(784), conv = new Float32Array(676), act = new Float32Array(676)
  const pool = new Float32Array(169), arg = new Int32Array(169), z = new Float32Array(10)
  const dz = new Float32Array(10), dW = new Float32Array(1690), dPool = new Float32Array(169)
  const dAct = new Float32Array(676), dK = new Float32Array(9)
  let t = 0
  const adam = (p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array): void => {
    const c1 = 1 - 0.9 ** t
    const c2 = 1 - 0.999 ** t
    for (let i = 0; i < p.length; i++) {
      m[i] = 0.9 * m[i] + 0.1 * g[i]
      v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]
      p[i] -= (0.001 * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + 1e-8)
    }
  }
  const step = (sample: number): void => {
    const at = sample * 784
    for (let i = 0; i < 784; i++) x[i] = data.images[at + i] / 255
    for (let oh = 0; oh < 26; oh++) {
      for (let ow = 0; ow < 26; ow++) {
        let sum = 0
        for (let kh = 0; kh < 3; kh++) for (let kw = 0; kw < 3; kw++) sum += kernel[kh * 3 + kw] * x[(oh + kh) * 28 + ow + kw]
        conv[oh * 26 + ow] = sum
        act[oh * 26 + ow] = sum > 0 ? sum : 0.01 * sum
      }
    }
    for (let ph = 0; ph < 13; ph++) {
      for (let pw = 0; pw < 13; pw++) {
        let best = 2 * ph * 26 + 2 * pw
        for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) if (act[(2 * ph + i) * 26 + 2 * pw + j] > act[best]) best = (2 * ph + i) * 26 + 2 * pw + j
        pool[ph * 13 + pw] = act[best]
        arg[ph * 13 + pw] = best
      }
    }
    let max = -Infinity
    for (let o = 0; o < 10; o++) {
      let sum = bias[o]
      for (let f = 0; f < 169; f++) sum += weights[o * 169 + f] * pool[f]
      z[o] = sum
      if (sum > max) max = sum
    }
    let total = 0
    for (let o = 0; o < 10; o++) total += Math.exp(z[o] - max)
    const label = data.labels[sample]
    for (let o = 0; o < 10; o++) dz[o] = Math.exp(z[o] - max) / total - (o === label ? 1 : 0)
    dPool.fill(0)
    for (let o = 0; o < 10; o++) {
      for (let f = 0; f < 169; f++) {
        dW[o * 169 + f] = dz[o] * pool[f]
        dPool[f] += dz[o] * weights[o * 169 + f]
      }
    }
    dAct.fill(0)
    for (let i = 0; i < 169; i++) dAct[arg[i]] = dPool[i] * (conv[arg[i]] > 0 ? 1 : 0.01)
    for (let kh = 0; kh < 3; kh++) {
      for (let kw = 0; kw < 3; kw++) {
        let sum = 0
        for (let oh = 0; oh < 26; oh++) for (let ow = 0; ow < 26; ow++) sum += dAct[oh * 26 + ow] * x[(oh + kh) * 28 + ow + kw]
        dK[kh * 3 + kw] = sum
      }
    }
    t++
    adam(kernel, dK, mK, vK)
    adam(weights, dW, mW, vW)
    adam(bias, dz, mB, vB)
  }
  for (let i = 0; i < Math.min(count, 5000); i++) step(order[i]) // warm-up
  const started = performance.now()
  for (let i = 0; i < count; i++) step(order[i])
  return count / ((performance.now() - started) / 1000)
}
