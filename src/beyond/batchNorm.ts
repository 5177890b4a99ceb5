// Batch normalisation
// ===================
//
// Deep networks train faster and more reliably when every layer sees inputs of a steady
// scale. Batch normalisation (Ioffe & Szegedy, 2015) makes it so: it standardises each
// channel over the batch, then lets the network choose the scale and offset it wants back:
//
//     μ  = mean of the channel's M values        σ² = their mean squared distance from μ
//     x̂  = (x − μ) / √(σ² + ε)                    y  = γ · x̂ + β          ε = 10⁻⁵
//
// A channel is a convolution's filter (x (N, C, H, W): M = N·H·W values per channel) or a
// dense layer's feature (x (N, F): M = N). γ and β (C each) are learned like weights. The
// backward pass must go through μ and σ² too, since every output depends on every sample of
// the batch; docs/math/batch-norm.md derives it:
//
//     ∂L/∂β = Σ dy      ∂L/∂γ = Σ dy · x̂      ∂L/∂x = γ / (M·√(σ² + ε)) · (M·dy − Σ dy − x̂ · Σ dy·x̂)
//
// Predicting, there is no batch to average over (or a batch of one), so the layer uses
// averages kept from training: after every step, the running mean and variance move a tenth
// of the way towards the batch's (PyTorch's momentum 0.1, with the variance's unbiased
// estimate σ²·M/(M − 1)). Then the layer is a fixed affine map per channel. The running
// averages are parameters like γ and β, so they are saved, loaded, sent to threads and
// exported with the rest, but they are not learned: in training their gradient is 0 (true:
// the loss does not depend on them then, which the gradient check confirms), and the layer's
// `settle` gives their new values after each step, which the step puts in place of the
// optimizer's (train/step.ts). No array is ever updated in place.
//
//     params   gamma (C)  beta (C)  mean (C)  variance (C)      start: 1, 0, 0, 1
//     cache    x̂ (N, C, …), 1/√(σ² + ε) (C), the batch's μ and σ² (C), M, and which mode
//
// With one value per channel (a batch of one sample after a dense layer), σ² is 0, x̂ is 0
// and nothing could be learned; PyTorch refuses to train then and so does this layer.
//
// Sums are taken in double precision, and in a fixed order: first each sample's share of a
// channel (a *row* of C numbers per sample), then the rows in sample order. That order does
// not depend on who computes the rows, which is what lets threads share a batch (appendix B,
// parallel/threads.ts): each thread computes the rows of its samples, and a `share` function
// that the threads' pass carries swaps them for the whole batch's rows, every thread's in
// place, at one meeting point per sum. One thread passes no `share` and uses its own rows.
// Both then add the same numbers in the same order: the same bits.
// Previous: beyond/dropout.ts. Next: beyond/augment.ts.

import * as E from 'fp-ts/lib/Either.js'
import { float32, floatsLike, type Floats, type ReadonlyFloats } from '../core/memory.ts'
import { showShape, sizeOf } from '../core/shape.ts'
import { batchOf, tensor, zeros, type Tensor } from '../core/tensor.ts'
import type { Layer, Pass } from '../layers/layer.ts'

/** The layer's parameters: γ and β, learned; the running mean and variance, settled. */
export type BatchNormParams = { readonly gamma: Tensor; readonly beta: Tensor; readonly mean: Tensor; readonly variance: Tensor }

/** What backward and settle need from forward. */
export interface BatchNormCache {
  readonly training: boolean
  readonly xHat: Floats //             (N, C, S) the standardised input
  readonly invStd: Float64Array //     (C) 1/√(σ² + ε) of the statistics used
  readonly batchMean: Float64Array //  (C) the batch's μ (training only)
  readonly batchVar: Float64Array //   (C) the batch's σ² (training only)
  readonly M: number //                values per channel in the whole batch
  readonly share: Share //             how the backward pass sees the whole batch's rows
}

/** A shard's rows (its samples × k numbers) → the whole batch's rows, in sample order. */
export type Share = (rows: Float64Array) => Float64Array

/** The pass of a thread that computes part of a batch: it can `share` rows with the others. */
export type SharedPass = Pass & { readonly share?: Share }

// One thread: its rows are the batch's.
const alone: Share = (rows) => rows

// Sums of rows (n × k) over n, in order: column j's sum of the n rows.
const sumRows = (rows: Float64Array, k: number): Float64Array => {
  const sums = new Float64Array(k)
  for (let at = 0; at < rows.length; at += k) for (let j = 0; j < k; j++) sums[j] += rows[at + j]!
  return sums
}

/** ε, added to the variance so that a constant channel does not divide by 0. */
export const BN_EPSILON = 1e-5

/** How far the running averages move towards each batch's statistics. */
export const BN_MOMENTUM = 0.1

// The channels and the values per channel of a sample: (C) or (C, H, W).
const channelsOf = (x: Tensor): { readonly N: number; readonly C: number; readonly S: number } => {
  const N = batchOf(x)
  const C = x.shape[1] ?? 1
  return { N, C, S: x.data.length / (N * C) }
}

/**
 * Each channel's mean and (biased) variance over the batch: x (N, C, S) → μ, σ² (C), and the
 * number of values per channel M. Each sample's sums are a row; `share` gives the batch's.
 */
export const channelStats = (x: ReadonlyFloats, N: number, C: number, S: number, share: Share = alone):
  readonly [Float64Array, Float64Array, number] => {
  // Sample n's values of channel c are a run of S numbers from (n·C + c)·S.
  const rows = new Float64Array(N * C)
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const run = (n * C + c) * S
      let sum = 0
      for (let s = 0; s < S; s++) sum += x[run + s]
      rows[n * C + c] = sum
    }
  }
  const all = share(rows)
  const M = (all.length / C) * S
  const mean = sumRows(all, C).map((sum) => sum / M)
  const squares = new Float64Array(N * C)
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const run = (n * C + c) * S
      const mu = mean[c]!
      let sum = 0
      for (let s = 0; s < S; s++) {
        const d = x[run + s] - mu
        sum += d * d
      }
      squares[n * C + c] = sum
    }
  }
  const variance = sumRows(share(squares), C).map((sum) => sum / M)
  return [mean, variance, M]
}

/**
 * Standardises and rescales x (N, C, S) with the given statistics (C):
 * x̂ = (x − μ)·invStd, y = γ·x̂ + β.
 */
export const normalise = (x: ReadonlyFloats, N: number, C: number, S: number, mean: Float64Array, invStd: Float64Array,
  gamma: ReadonlyFloats, beta: ReadonlyFloats): readonly [Floats, Floats] => {
  const xHat = floatsLike(x, x.length)
  const y = floatsLike(x, x.length)
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const run = (n * C + c) * S
      const mu = mean[c]!
      const scale = invStd[c]!
      const g = gamma[c]!
      const b = beta[c]!
      for (let s = 0; s < S; s++) {
        xHat[run + s] = (x[run + s] - mu) * scale
        y[run + s] = g * xHat[run + s] + b
      }
    }
  }
  return [xHat, y]
}

/**
 * The backward pass: ∂L/∂x, ∂L/∂γ, ∂L/∂β, ∂L/∂(running mean), ∂L/∂(running variance) from
 * dy (N, C, S). Training, through the batch's statistics (the running ones play no part, so
 * their gradients are 0); predicting, through the fixed affine map, which they define.
 */
export const batchNormBackward = (dy: ReadonlyFloats, cache: BatchNormCache, gamma: ReadonlyFloats, N: number, C: number, S: number):
  readonly [Floats, Floats, Floats, Floats, Floats] => {
  const { xHat, invStd, M, training } = cache
  // Per sample and channel, Σ dy and Σ dy·x̂ (a row of 2C numbers), then the batch's sums.
  const rows = new Float64Array(N * 2 * C)
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const run = (n * C + c) * S
      let sumDy = 0
      let sumDyXHat = 0
      for (let s = 0; s < S; s++) {
        sumDy += dy[run + s]
        sumDyXHat += dy[run + s] * xHat[run + s]
      }
      rows[n * 2 * C + c] = sumDy
      rows[n * 2 * C + C + c] = sumDyXHat
    }
  }
  // A thread's dy is the gradient of its own shard's mean loss: n/n_w times its part of the
  // batch's (parallel/threads.ts weighs the shards' gradients by n_w/n when it adds them). So
  // its rows are weighed by w = n_w/n before the batch's are added, and the sums by 1/w for
  // this shard's dx. One thread shares nothing: its own sums are the batch's.
  // γ and β get this shard's sums (the threads add the shards' gradients); dx needs the
  // batch's, through μ and σ².
  const own = sumRows(rows, 2 * C)
  const w = (N * S) / M
  const sums = training && cache.share !== alone ? sumRows(cache.share(rows.map((v) => v * w)), 2 * C).map((v) => v / w) : own
  const dx = floatsLike(dy, dy.length)
  const [dGamma, dBeta, dMean, dVariance] = [0, 1, 2, 3].map(() => floatsLike(gamma, C)) as [Floats, Floats, Floats, Floats]
  for (let c = 0; c < C; c++) {
    const sumDy = sums[c]!
    const sumDyXHat = sums[C + c]!
    dBeta[c] = own[c]!
    dGamma[c] = own[C + c]!
    const k = gamma[c] * invStd[c]
    // Training: dx = k/M · (M·dy − Σdy − x̂·Σdy·x̂); predicting: dx = k·dy.
    const [shift, slope] = training ? [(k / M) * sumDy, (k / M) * sumDyXHat] : [0, 0]
    for (let n = 0; n < N; n++) {
      const run = (n * C + c) * S
      for (let s = 0; s < S; s++) dx[run + s] = k * dy[run + s] - shift - slope * xHat[run + s]
    }
    // Predicting, y = γ·(x − mean)·(variance + ε)^(−½) + β: so ∂y/∂mean = −γ·invStd and
    // ∂y/∂variance = −½·γ·x̂·invStd².
    if (!training) {
      dMean[c] = -k * sumDy
      dVariance[c] = -0.5 * k * invStd[c] * sumDyXHat
    }
  }
  return [dx, dGamma, dBeta, dMean, dVariance]
}

/** The running averages after a training step: a tenth of the way to the batch's (variance unbiased). */
export const settledStats = (mean: ReadonlyFloats, variance: ReadonlyFloats, cache: BatchNormCache): readonly [Floats, Floats] => {
  const C = mean.length
  const nextMean = floatsLike(mean, C)
  const nextVariance = floatsLike(variance, C)
  const unbias = cache.M / (cache.M - 1)
  for (let c = 0; c < C; c++) {
    nextMean[c] = (1 - BN_MOMENTUM) * mean[c] + BN_MOMENTUM * cache.batchMean[c]
    nextVariance[c] = (1 - BN_MOMENTUM) * variance[c] + BN_MOMENTUM * cache.batchVar[c] * unbias
  }
  return [nextMean, nextVariance]
}

/**
 * Batch normalisation of a convolution's channels (C, H, W) or a dense layer's features (F).
 * Given a training pass, it standardises with the batch's statistics; otherwise with the
 * running averages it keeps in its parameters.
 * @example batchNorm().outShape([8, 14, 14]) // right([8, 14, 14])
 */
export const batchNorm = (): Layer<BatchNormParams, BatchNormCache> => ({
  name: 'bn',
  outShape: (inShape) =>
    inShape.length === 1 || inShape.length === 3
      ? E.right(inShape)
      : E.left(`batch normalisation takes a dense layer's features (F) or a convolution's channels (C, H, W), got ${showShape(inShape)}`),
  paramShapes: (inShape) => ({ gamma: [inShape[0]!], beta: [inShape[0]!], mean: [inShape[0]!], variance: [inShape[0]!] }),
  init: (inShape, rng) => {
    const C = inShape[0]!
    return [{ gamma: tensor([C], float32(C).fill(1)), beta: zeros([C]), mean: zeros([C]), variance: tensor([C], float32(C).fill(1)) }, rng]
  },
  forward: (params, x, pass?: SharedPass) => {
    const { N, C, S } = channelsOf(x)
    const training = pass !== undefined
    const share = pass?.share ?? alone
    const [batchMean, batchVar, M] = training ? channelStats(x.data, N, C, S, share) : [new Float64Array(C), new Float64Array(C), N * S]
    if (training && M < 2) {
      throw new RangeError(`batch normalisation needs at least 2 values per channel to train, got ${M} (a batch of ${M / S} of shape ${showShape(x.shape.slice(1))})`)
    }
    const variance = training ? batchVar : Float64Array.from(params.variance.data)
    const mean = training ? batchMean : Float64Array.from(params.mean.data)
    const invStd = variance.map((v) => 1 / Math.sqrt(v + BN_EPSILON))
    const [xHat, y] = normalise(x.data, N, C, S, mean, invStd, params.gamma.data, params.beta.data)
    return [tensor(x.shape, y), { training, xHat, invStd, batchMean, batchVar, M, share }]
  },
  backward: (params, cache, dy) => {
    const { N, C, S } = channelsOf(dy)
    const [dx, dGamma, dBeta, dMean, dVariance] = batchNormBackward(dy.data, cache, params.gamma.data, N, C, S)
    return [tensor(dy.shape, dx), { gamma: tensor([C], dGamma), beta: tensor([C], dBeta), mean: tensor([C], dMean), variance: tensor([C], dVariance) }]
  },
  settle: (params, cache) => {
    if (!cache.training) return {}
    const [mean, variance] = settledStats(params.mean.data, params.variance.data, cache)
    return { mean: tensor(params.mean.shape, mean), variance: tensor(params.variance.shape, variance) }
  },
})

/** The number of values per channel a batch of N samples of `inShape` gives batch normalisation. */
export const valuesPerChannel = (inShape: readonly number[], N: number): number => N * (sizeOf(inShape) / inShape[0]!)
