// Our parameters in torch.nn
// ==========================
//
// docs/library.md says that a model file's tensors are already in PyTorch's layouts (conv
// weights (K, C, kH, kW), dense weights (O, F)) and that scripts/torch/load_model.py builds
// the same network as a torch.nn.Sequential. This checks it on real MNIST test digits: for a
// few architectures that use every kind of layer of the grammar (bias and stride in a
// convolution, a pooling stride whose last window does not fit, tanh, sigmoid, lrelu0.2, an
// explicit and an implicit flatten, two dense layers), random weights and biases are saved
// with saveModel, our logits are written beside them, and the script must give the same
// logits to 1e-5 and the same class for every digit. A trained model of the page
// (docs/demo/models/convnetjs.json), whose logits are larger, must agree to 1e-5 of
// max(1, |logit|), the script's own criterion. The script must also fail, with one `error:`
// line, when the logits differ, and refuse a bad flag with exit status 2.
//
// It needs /usr/bin/python3 with torch (Debian: apt-get install python3-torch) and is skipped,
// saying so, where that is missing. Every Python process imports torch (1.4 s here), so the
// three random models go through one, which uses the script as a module (`load`, `check`),
// and the trained model through the command itself.

import { execFile, spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadMnist, loadModel, saveModel } from '../../src/cli/library.ts'
import { mapLeaves, type ParamTree } from '../../src/core/params.ts'
import { seedRng, uniform, type Rng } from '../../src/core/rng.ts'
import { tensor, type Tensor } from '../../src/core/tensor.ts'
import { gatherBatch } from '../../src/data/dataset.ts'
import { buildNetwork, ORIGINAL_ARCH } from '../../src/model/arch.ts'
import { logitsOf } from '../../src/model/predict.ts'
import { initParams } from '../../src/model/sequential.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const SCRIPT = join(ROOT, 'scripts', 'torch', 'load_model.py')
const PYTHON = '/usr/bin/python3'
const run = promisify(execFile)

const torchMissing = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0
const SKIP_REASON = `${PYTHON} cannot import torch (Debian: apt-get install python3-torch)`

const ARCHS = [
  ORIGINAL_ARCH,
  'conv5x5x8p2-relu-pool2-conv5x5x16p2-relu-pool3-dense10', // ConvNetJS's network: pool3 drops a row of 7
  'conv3x3x6p1s2b-tanh-pool3s2-conv3x3x4b-lrelu0.2-flatten-dense32-sigmoid-dense10',
] as const
const IMAGES = 32

// The run's weights: the layers' own initial weights, with every bias (zero at first) drawn
// from [−0.5, 0.5) so that a bias lost on the way would show.
const randomParams = (arch: string, seed: number) => {
  const built = buildNetwork(arch, [1, 28, 28], 10)
  if (E.isLeft(built)) throw new Error(built.left)
  const [initial, rng] = initParams(built.right, seedRng(seed))
  let state: Rng = rng
  const params: ParamTree = mapLeaves([initial], ([t], { name }): Tensor => {
    if (name !== 'bias') return t
    const data = new Float32Array(t.data.length)
    for (let i = 0; i < data.length; i++) {
      const [u, next] = uniform(state)
      data[i] = u - 0.5
      state = next
    }
    return tensor(t.shape, data)
  })
  return { net: built.right, params }
}

/** The check file the script reads: images and our logits, as the model file writes tensors. */
const checkFile = (x: Tensor, logits: Tensor): string =>
  JSON.stringify({
    images: { shape: x.shape, data: Array.from(x.data) },
    logits: { shape: logits.shape, data: Array.from(logits.data) },
  })

// The script used as docs/library.md shows, from Python: `load` each model, `check` it.
const MODULE_USE = [
  'import json, sys',
  `sys.path.insert(0, ${JSON.stringify(join(ROOT, 'scripts', 'torch'))})`,
  'from load_model import load, check',
  'print(json.dumps([check(load(m)[0], c) for m, c in zip(sys.argv[1::2], sys.argv[2::2])]))',
].join('\n')

/** Runs the script; its exit status, stdout and stderr (execFile rejects on a nonzero status). */
const script = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await run(PYTHON, [SCRIPT, ...args], { timeout: 60_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}

/** The JSON of the script's last line, `CHECK {json}`. */
interface Summary {
  readonly images: number
  readonly max_abs_diff: number
  readonly max_scaled_diff: number // |torch − ours| / max(1, |ours|)
  readonly same_class: number
  readonly ok: boolean
}
const summaryOf = (stdout: string): Summary => {
  const last = stdout.trim().split('\n').at(-1) ?? ''
  expect(last.startsWith('CHECK ')).toBe(true)
  return JSON.parse(last.slice('CHECK '.length)) as Summary
}

let dir: string
let x: Tensor // (32, 1, 28, 28): the first digits of MNIST's test file

describe.skipIf(torchMissing)(`scripts/torch/load_model.py (skipped where ${SKIP_REASON})`, () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'torch-'))
    const mnist = await loadMnist({ split: 'official' })
    x = gatherBatch(mnist.data, mnist.test, 0, IMAGES).x
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('gives our logits for every architecture to 1e-5, used as a module (load and check)', async () => {
    const pairs: string[] = []
    for (const [i, arch] of ARCHS.entries()) {
      const { net, params } = randomParams(arch, 7 + i)
      const model = join(dir, `model${i}.json`)
      const check = join(dir, `check${i}.json`)
      await saveModel(model, { arch, net, params })
      await writeFile(check, checkFile(x, logitsOf(net, params, x)))
      pairs.push(model, check)
    }
    // One Python process for all of them: each import of torch takes a second or more.
    const { stdout } = await run(PYTHON, ['-c', MODULE_USE, ...pairs], { timeout: 60_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } })
    const found = JSON.parse(stdout) as Summary[]
    expect(found.map((f) => f.images)).toEqual(ARCHS.map(() => IMAGES))
    for (const [i, f] of found.entries()) {
      expect({ arch: ARCHS[i], diff: f.max_abs_diff <= 1e-5, sameClass: f.same_class }).toEqual({ arch: ARCHS[i], diff: true, sameClass: IMAGES })
    }
  }, 60_000)

  it("gives a trained model's logits (up to about 40) to 1e-5 of max(1, |logit|), as a command", async () => {
    const path = join(ROOT, 'docs', 'demo', 'models', 'convnetjs.json')
    const { net, params } = await loadModel(path)
    const check = join(dir, 'trained.check.json')
    await writeFile(check, checkFile(x, logitsOf(net, params, x)))
    const result = await script(path, '--check', check)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const summary = summaryOf(result.stdout)
    expect(summary.images).toBe(IMAGES)
    expect(summary.ok).toBe(true)
    expect(summary.max_scaled_diff).toBeLessThanOrEqual(1e-5)
    expect(summary.same_class).toBe(IMAGES)
  }, 60_000)

  it('fails with one error line when the logits differ', async () => {
    const { net, params } = randomParams(ORIGINAL_ARCH, 7)
    const model = join(dir, 'wrong.json')
    const check = join(dir, 'wrong.check.json')
    await saveModel(model, { arch: ORIGINAL_ARCH, net, params })
    const logits = logitsOf(net, params, x)
    const moved = Float32Array.from(logits.data, (v, i) => (i === 37 ? v + 1e-3 : v))
    await writeFile(check, checkFile(x, tensor(logits.shape, moved)))
    const result = await script(model, '--check', check)
    expect(result.code).toBe(1)
    expect(summaryOf(result.stdout).max_abs_diff).toBeGreaterThan(1e-4)
    expect(result.stderr).toMatch(/^error: .*wrong\.json: the logits differ by 0\.001\d* of max\(1, \|logit\|\), more than the tolerance 1e-05\n$/)
  }, 60_000)

  it('refuses a bad flag with exit status 2, in one error line', async () => {
    const result = await script(join(dir, 'model0.json'), '--tolerence', '1')
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^error: unrecognized arguments: --tolerence 1 \(see --help\)\n$/)
  })
})
