// Chapter 11's layers against PyTorch, step by step (issue 24)
// ============================================================
//
// Dropout and batch normalisation are checked against central differences in
// spec/beyond/layers.spec.ts; this checks them against PyTorch as they run:
//
//   dropout          (4, 3, 5, 5) with p = 0.3 and (16, 32) with p = 0.5, float32: y = x·mask
//                    and dx = dy·mask with our mask given to torch, and our kept value
//                    1/(1 − p) against the one torch's own F.dropout multiplies by
//   bn, training     conv-shaped (8, 4, 6, 6) and dense-shaped (16, 5), float32: y, dx, dγ, dβ
//                    and the running mean and variance after the step, against
//                    nn.BatchNorm2d / nn.BatchNorm1d in train mode
//   bn, predicting   the same shapes: y, dx, dγ, dβ against eval mode, and our d(running
//                    mean) and d(running variance) against autograd of the formula
//   training         100 steps at batch 32 on MNIST training digits (the same seeded batches
//                    for every run) of PARITY_ARCH below, from the same seeded initial weights,
//                    with Adam (lr 1e-3, β 0.9, 0.999, ε 1e-8) and with SGD with momentum
//                    (lr 0.01, μ 0.9). Every step's dropout masks are captured from the layer
//                    as it runs (and checked to be `dropoutMask`'s for the layer's place and the
//                    step's key); torch multiplies by them in place of nn.Dropout. The final
//                    parameters and running statistics are compared.
//
// Criterion, for every tensor: largest |ours − torch| / largest |torch| ≤ 1e-5, relative to
// the tensor's own scale (rounding errors scale with it; an element-wise relative error means
// nothing where a value is near 0 by cancellation, as many of batch norm's input gradients
// are). scripts/check/parity.py prints for each check the largest absolute and relative
// difference and the criterion, and fails on any check out of it.
//
// Why the training runs are in float64 (plain kernels, torch in float64 too): training is
// chaotic. In float32 the two sides' rounding differs from the first step (about 1e-7), and
// the differences grow about tenfold per step at first. One cause among several: batch norm
// removes any shift of a feature, so the bias of a dense unit whose ReLU is active for every
// sample of the batch (at the first step, units 13 and 17 of dense32) has gradient exactly 0;
// its float32 value (about 2e-8 here) is rounding noise, and Adam, dividing by its root mean
// square, turns the noise into full steps of ±lr. After 100 steps torch's own float32 run is
// 0.4 to 0.8 of each tensor's scale away from the float64 run, so no float32 implementation
// can meet 1e-5 there. In float64 the same steps agree to about 1e-10 (Adam) and 1e-8 (SGD).
// The float32 runs, with the fast kernels as `npm run train` computes (fastKernels,
// arrangeForSpeed, adamFast), are still replayed: they pass when ours ends no further from
// torch's float64 run than 4 times torch's float32 run does (parity.py: FLOAT32_FACTOR).
// (For the same reason the network puts a ReLU between dense32 and bn: a bias directly
// before bn has gradient 0 at every step, and comparing its noise would say nothing.)
//
// The bundle (bundle.json, and tensors.bin: float64, little-endian) goes to a temporary
// directory, or to --keep's, from where `python3 scripts/check/parity.py DIR` reruns torch.
// `.ci/parity-check` runs this; spec/beyond/torch.spec.ts, the layer checks and 5 steps.
//
//     node --import tsx/esm scripts/check/parityCheck.ts [--steps 100] [--all] [--keep DIR]
//
// --all adds the float32 runs with the plain kernels. Bad flags: one `error:` line, exit 2;
// a check out of tolerance: parity.py's `error:` line, exit 1.

import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { batchNorm, type BatchNormCache, type BatchNormParams } from '../../src/beyond/batchNorm.ts'
import { dropout, dropoutMask } from '../../src/beyond/dropout.ts'
import { loadMnist } from '../../src/cli/library.ts'
import type { Floats } from '../../src/core/memory.ts'
import { mapLeaves, type ParamTree } from '../../src/core/params.ts'
import { permutation, seedRng, uniform, type Rng } from '../../src/core/rng.ts'
import { tensor, toFloat64, type Tensor } from '../../src/core/tensor.ts'
import { gatherBatch } from '../../src/data/dataset.ts'
import { adamFast, fastKernels } from '../../src/fast/kernels.ts'
import { arrangeForSpeed } from '../../src/fast/network.ts'
import type { Pass } from '../../src/layers/layer.ts'
import { softmaxCrossEntropy } from '../../src/layers/softmaxCrossEntropy.ts'
import { buildNetwork, referenceKernels } from '../../src/model/arch.ts'
import { trainingPass, withBeyondLayers } from '../../src/model/beyond.ts'
import { initParams, type Network } from '../../src/model/sequential.ts'
import { adam } from '../../src/optim/adam.ts'
import { momentum } from '../../src/optim/momentum.ts'
import type { Optimizer } from '../../src/optim/optimizer.ts'
import { trainStep } from '../../src/train/step.ts'
import { isMain } from '../tools/isMain.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const PARITY_SCRIPT = join(ROOT, 'scripts', 'check', 'parity.py')
export const PYTHON = process.env.PYTHON ?? '/usr/bin/python3'

/** The network of the training runs: conv, bn, dropout and dense all appear. */
export const PARITY_ARCH = 'conv3x3x8p1-bn-relu-pool2-conv3x3x16p1-bn-relu-pool2-dense32-relu-bn-drop0.5-dense10'
export const TOLERANCE = 1e-5
const BATCH = 32
const SEED = 11

// The bundle
// ----------
// Every tensor goes into one float32 buffer; the JSON says where: {shape, offset} (in numbers).

/** Where a tensor lies in tensors.bin. */
export interface Stored { readonly shape: readonly number[]; readonly offset: number }

/** Collects the tensors of a bundle into one float32 buffer. */
export const tensorStore = () => {
  const parts: Float64Array[] = []
  let length = 0
  const put = (shape: readonly number[], data: ArrayLike<number>): Stored => {
    const part = Float64Array.from(data)
    parts.push(part)
    const stored = { shape: [...shape], offset: length }
    length += part.length
    return stored
  }
  const bytes = (): Uint8Array => {
    const all = new Float64Array(length)
    let at = 0
    for (const part of parts) {
      all.set(part, at)
      at += part.length
    }
    return new Uint8Array(all.buffer)
  }
  return { put, putTensor: (t: Tensor) => put(t.shape, t.data), bytes }
}
type Store = ReturnType<typeof tensorStore>

// Seeded float32 numbers in [lo, hi).
const draws = (n: number, rng: Rng, lo: number, hi: number): readonly [Float32Array, Rng] => {
  const out = new Float32Array(n)
  let state = rng
  for (let i = 0; i < n; i++) {
    const [u, next] = uniform(state)
    out[i] = lo + (hi - lo) * u
    state = next
  }
  return [out, state]
}

// Layer checks
// ------------

const passOf = (key: number): Pass => ({ key, layer: 0, first: 0 })

const dropoutCheck = (store: Store, shape: readonly number[], p: number, seed: number) => {
  const size = shape.reduce((a, b) => a * b, 1)
  const [xs, r1] = draws(size, seedRng(seed), -2, 2)
  const [dys] = draws(size, r1, -1, 1)
  const x = tensor(shape, xs)
  const layer = dropout(p)
  const pass = passOf(seed)
  const [y, mask] = layer.forward({}, x, pass)
  if (mask === undefined) throw new Error('dropout gave no mask in training')
  const N = shape[0]!
  const recomputed = dropoutMask(xs, N, size / N, p, pass)
  if (recomputed.some((m, i) => m !== mask[i])) throw new Error('dropoutMask does not give the mask the layer used')
  const [dx] = layer.backward({}, mask, tensor(shape, dys))
  return {
    kind: 'dropout', name: `dropout p=${p} (${shape.join(', ')})`, p, tolerance: TOLERANCE,
    x: store.put(shape, xs), mask: store.put(shape, mask), dy: store.put(shape, dys),
    ours: { y: store.putTensor(y), dx: store.putTensor(dx) },
  }
}

const bnCheck = (store: Store, shape: readonly number[], training: boolean, seed: number) => {
  const size = shape.reduce((a, b) => a * b, 1)
  const C = shape[1]!
  let rng = seedRng(seed)
  const take = (n: number, lo: number, hi: number): Float32Array => {
    const [v, next] = draws(n, rng, lo, hi)
    rng = next
    return v
  }
  // Each channel its own offset and scale, so that the statistics are far from 0 and 1.
  const raw = take(size, -1, 1)
  const offsets = take(C, -3, 3)
  const scales = take(C, 0.2, 4)
  const S = size / (shape[0]! * C)
  const xs = raw.map((v, i) => v * scales[Math.floor(i / S) % C]! + offsets[Math.floor(i / S) % C]!)
  const params: BatchNormParams = {
    gamma: tensor([C], take(C, 0.5, 1.5)), beta: tensor([C], take(C, -1, 1)),
    mean: tensor([C], take(C, -1, 1)), variance: tensor([C], take(C, 0.5, 2)),
  }
  const dys = take(size, -1, 1)
  const layer = batchNorm()
  const [y, cache] = layer.forward(params, tensor(shape, xs), training ? passOf(seed) : undefined)
  const [dx, grads] = layer.backward(params, cache as BatchNormCache, tensor(shape, dys))
  const settled = layer.settle?.(params, cache) ?? {}
  const ours = training
    ? { y: store.putTensor(y), dx: store.putTensor(dx), dgamma: store.putTensor(grads.gamma), dbeta: store.putTensor(grads.beta),
        mean: store.putTensor(settled['mean']!), variance: store.putTensor(settled['variance']!) }
    : { y: store.putTensor(y), dx: store.putTensor(dx), dgamma: store.putTensor(grads.gamma), dbeta: store.putTensor(grads.beta),
        dmean: store.putTensor(grads.mean), dvariance: store.putTensor(grads.variance) }
  return {
    kind: training ? 'bn-train' : 'bn-eval', name: `bn ${training ? 'training' : 'predicting'} (${shape.join(', ')})`, tolerance: TOLERANCE,
    x: store.put(shape, xs), dy: store.put(shape, dys),
    gamma: store.putTensor(params.gamma), beta: store.putTensor(params.beta), mean: store.putTensor(params.mean), variance: store.putTensor(params.variance),
    ours,
  }
}

/** The layer-level checks: dropout with its mask, batch norm training and predicting, conv- and dense-shaped. */
export const layerChecks = (store: Store): readonly object[] => [
  dropoutCheck(store, [4, 3, 5, 5], 0.3, 1),
  dropoutCheck(store, [16, 32], 0.5, 2),
  bnCheck(store, [8, 4, 6, 6], true, 3),
  bnCheck(store, [16, 5], true, 4),
  bnCheck(store, [8, 4, 6, 6], false, 5),
  bnCheck(store, [16, 5], false, 6),
]

// Training runs
// -------------

/** Which training run: the optimizer, the plain or the fast kernels, and the precision of our side. */
export interface RunSpec {
  readonly optimizer: 'adam' | 'sgd'
  readonly kernels: 'reference' | 'fast'
  readonly precision: 'float32' | 'float64'
}

type Mnist = Awaited<ReturnType<typeof loadMnist>>

/** The batches of the training runs, the same for all of them: `steps` batches of 32 training digits, seeded. */
export const batchesOf = (mnist: Mnist, steps: number): readonly { readonly x: Tensor; readonly labels: Uint8Array; readonly indices: Int32Array }[] => {
  const [order] = permutation(mnist.train.length, seedRng(SEED + 1))
  return Array.from({ length: steps }, (_, step) => {
    const indices = Int32Array.from(order.subarray(step * BATCH, (step + 1) * BATCH), (j) => mnist.train[j]!)
    return { ...gatherBatch(mnist.data, indices, 0, BATCH), indices }
  })
}
type Batches = ReturnType<typeof batchesOf>

/** The batches in the bundle: each step's images (float32 values), labels and digit numbers. */
export const storeBatches = (store: Store, batches: Batches) =>
  batches.map(({ x, labels, indices }) => ({ x: store.putTensor(x), labels: Array.from(labels), indices: Array.from(indices) }))

// The network with every dropout layer's mask captured as it runs: masks[i] is layer i's
// mask of the latest training forward pass (the real layer computes it; we only look).
const capturingMasks = (net: Network): { readonly net: Network; readonly masks: Map<number, Floats> } => {
  const masks = new Map<number, Floats>()
  const layers = net.layers.map((layer, i) => /^drop[\d.]+$/.test(layer.name)
    ? {
        ...layer,
        forward: (params: ParamTree[number], x: Tensor, pass?: Pass) => {
          const out = layer.forward(params, x, pass)
          if (out[1] instanceof Float32Array || out[1] instanceof Float64Array) masks.set(i, out[1])
          return out
        },
      }
    : layer)
  return { net: { ...net, layers }, masks }
}

const storeTree = (store: Store, tree: ParamTree) => tree.map((record) => Object.fromEntries(Object.entries(record).map(([name, t]) => [name, store.putTensor(t)])))

/** One training run, ours, written into the bundle: initial parameters, each step's masks and loss, final parameters. */
export const trainingCheck = (store: Store, batches: Batches, run: RunSpec) => {
  const kernels = run.kernels === 'fast' ? fastKernels : withBeyondLayers(referenceKernels)
  const built = buildNetwork(PARITY_ARCH, [1, 28, 28], 10, kernels)
  if (E.isLeft(built)) throw new Error(built.left)
  const [drawn] = initParams(built.right, seedRng(SEED))
  const wide = run.precision === 'float64'
  const initial = wide ? mapLeaves([drawn], ([t]) => toFloat64(t)) : drawn
  const { net, masks } = capturingMasks(run.kernels === 'fast' ? arrangeForSpeed(built.right) : built.right)
  const optimizer = (run.optimizer === 'adam'
    ? (run.kernels === 'fast' ? adamFast : adam)({ lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 })
    : momentum(0.01, 0.9)) as Optimizer<unknown>
  const passes = trainingPass(SEED)
  let params = initial
  let state = optimizer.init(params)
  const steps = []
  const losses: number[] = []
  for (const [step, batch] of batches.entries()) {
    masks.clear()
    const x = wide ? toFloat64(batch.x) : batch.x
    const pass = passes(0, step)
    const stepped = trainStep(net, softmaxCrossEntropy, optimizer, params, state, x, batch.labels, undefined, pass)
    params = stepped.params
    state = stepped.state
    losses.push(stepped.loss)
    steps.push(Object.fromEntries([...masks].map(([i, mask]) => {
      // The captured mask is the one dropoutMask gives for the layer's place and the step's key.
      const p = Number(net.layers[i]!.name.slice('drop'.length))
      const again = dropoutMask(mask, BATCH, mask.length / BATCH, p, { ...pass, layer: i })
      if (again.some((m, j) => m !== mask[j])) throw new Error(`step ${step}: layer ${i + 1}'s mask is not dropoutMask's`)
      return [String(i), store.put([BATCH, mask.length / BATCH], mask)]
    })))
  }
  const optimizerSpec = run.optimizer === 'adam'
    ? { name: 'adam', lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8 }
    : { name: 'sgd', lr: 0.01, momentum: 0.9 }
  return {
    kind: 'train', name: `${batches.length} steps, ${run.optimizer === 'adam' ? 'Adam' : 'SGD+momentum'}, ${run.kernels} kernels, ${run.precision}`,
    arch: PARITY_ARCH, inputShape: [1, 28, 28], optimizer: optimizerSpec, precision: run.precision, tolerance: TOLERANCE,
    initial: storeTree(store, initial), masks: steps, losses, final: storeTree(store, params),
  }
}

// Running Python
// --------------

/** What parity.py reports per check (its last line, PARITY {json}). */
export interface CheckResult {
  readonly name: string
  readonly ok: boolean
  readonly tolerance: number
  readonly max_abs: number
  readonly max_rel: number
  readonly worst: string
}
export interface ParityReport { readonly ok: boolean; readonly torch: string; readonly checks: readonly CheckResult[] }

/** Writes the bundle of `checks` into `dir` and runs parity.py on it: its exit status, output and parsed report. */
export const runParity = async (dir: string, store: Store, checks: readonly object[], batches: readonly object[] = []): Promise<{ status: number | null; stdout: string; stderr: string; report?: ParityReport }> => {
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, 'tensors.bin'), store.bytes())
  await writeFile(join(dir, 'bundle.json'), JSON.stringify({ format: 'annotated-cnn-parity', version: 1, batches, checks }))
  const run = spawnSync(PYTHON, [PARITY_SCRIPT, dir], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } })
  const line = run.stdout.split('\n').find((l) => l.startsWith('PARITY '))
  const base = { status: run.status, stdout: run.stdout, stderr: run.stderr }
  return line === undefined ? base : { ...base, report: JSON.parse(line.slice('PARITY '.length)) as ParityReport }
}

// The command
// -----------

const usage = 'usage: node --import tsx/esm scripts/check/parityCheck.ts [--steps <1..1000>] [--all] [--keep <dir>]'

const parseFlags = (argv: readonly string[]): E.Either<string, { readonly steps: number; readonly all: boolean; readonly keep?: string }> => {
  let steps = 100
  let all = false
  let keep: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    if (flag === '--steps') {
      const value = Number(argv[i + 1])
      if (!(Number.isInteger(value) && value >= 1 && value <= 1000)) return E.left(`--steps must be a whole number from 1 to 1000, got ${argv[i + 1] ?? 'nothing'}`)
      steps = value
      i++
    } else if (flag === '--all') all = true
    else if (flag === '--keep') {
      keep = argv[i + 1]
      if (keep === undefined || keep === '' || keep.startsWith('--')) return E.left(`--keep needs a directory, got ${keep ?? 'nothing'}`)
      i++
    }
    else return E.left(`unknown flag ${flag} (${usage})`)
  }
  return E.right(keep === undefined ? { steps, all } : { steps, all, keep })
}

/** The training runs: the exact ones (float64, plain kernels), then float32 as `npm run train` computes (fast kernels); --all adds float32 with the plain ones. */
export const RUNS: readonly RunSpec[] = [
  { optimizer: 'adam', kernels: 'reference', precision: 'float64' },
  { optimizer: 'sgd', kernels: 'reference', precision: 'float64' },
  { optimizer: 'adam', kernels: 'fast', precision: 'float32' },
  { optimizer: 'sgd', kernels: 'fast', precision: 'float32' },
]
const MORE_RUNS: readonly RunSpec[] = [
  { optimizer: 'adam', kernels: 'reference', precision: 'float32' },
  { optimizer: 'sgd', kernels: 'reference', precision: 'float32' },
]

const main = async (argv: readonly string[]): Promise<number> => {
  const flags = parseFlags(argv)
  if (E.isLeft(flags)) {
    console.error(`error: ${flags.left}`)
    return 2
  }
  const { keep } = flags.right
  if (keep !== undefined) await mkdir(keep, { recursive: true })
  const dir = keep ?? await mkdtemp(join(tmpdir(), 'annotated-cnn-parity-'))
  try {
    const store = tensorStore()
    const mnist = await loadMnist({ split: 'official' })
    const batches = batchesOf(mnist, flags.right.steps)
    const runs = flags.right.all ? RUNS.concat(MORE_RUNS) : RUNS
    const checks = [...layerChecks(store), ...runs.map((r) => trainingCheck(store, batches, r))]
    const result = await runParity(dir, store, checks, storeBatches(store, batches))
    process.stdout.write(result.stdout)
    if (result.status !== 0) {
      console.error(result.stderr.trim().split('\n').at(-1) ?? `error: ${PARITY_SCRIPT} exited with status ${result.status}`)
      return 1
    }
    return 0
  } finally {
    if (keep === undefined) await rm(dir, { recursive: true, force: true })
  }
}

if (isMain(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (status) => (process.exitCode = status),
    (error: unknown) => {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`)
      process.exitCode = 1
    },
  )
}
