// Chapter 11's layers against PyTorch
// ===================================
//
// The quick part of .ci/parity-check (scripts/check/parityCheck.ts and parity.py): dropout
// with our mask, and batch normalisation training and predicting, conv- and dense-shaped,
// against torch in float32 to 1e-5 of each tensor's largest value; 5 training steps of a
// network with conv, bn, dropout and dense layers, with Adam and with SGD with momentum, in
// float64 against torch in float64, to the same tolerance; the comparison fails, in one
// `error:` line, when a number of ours is moved. And scripts/torch/load_model.py, which
// now reads `drop<p>` and `bn`, gives our logits for a saved model with both (in eval mode:
// the running averages, no dropout).
//
// It needs /usr/bin/python3 with torch (Debian: apt-get install python3-torch) and is skipped,
// saying so, where that is missing.

import { execFile, spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadMnist, saveModel } from '../../src/cli/library.ts'
import { mapLeaves } from '../../src/core/params.ts'
import { tensor, type Tensor } from '../../src/core/tensor.ts'
import { gatherBatch } from '../../src/data/dataset.ts'
import { buildNetwork } from '../../src/model/arch.ts'
import { beyondKernels } from '../../src/model/beyond.ts'
import { logitsOf } from '../../src/model/predict.ts'
import { initParams } from '../../src/model/sequential.ts'
import { seedRng } from '../../src/core/rng.ts'
import { batchesOf, layerChecks, PARITY_SCRIPT, runParity, storeBatches, tensorStore, trainingCheck } from '../../scripts/check/parityCheck.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const PYTHON = '/usr/bin/python3'
const run = promisify(execFile)
const TIMEOUT = 60_000

const torchMissing = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0
const SKIP_REASON = `${PYTHON} cannot import torch (Debian: apt-get install python3-torch)`

let dir: string
let mnist: Awaited<ReturnType<typeof loadMnist>>
let passed: Awaited<ReturnType<typeof runParity>> // the layer checks and the 5-step runs, in one Python process

describe.skipIf(torchMissing)(`chapter 11's layers against PyTorch (skipped where ${SKIP_REASON})`, () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parity-'))
    mnist = await loadMnist({ split: 'official' })
    // Every Python process imports torch (about 2 s): the checks that pass share one.
    const store = tensorStore()
    const batches = batchesOf(mnist, 5)
    const checks = [
      ...layerChecks(store),
      trainingCheck(store, batches, { optimizer: 'adam', kernels: 'reference', precision: 'float64' }),
      trainingCheck(store, batches, { optimizer: 'sgd', kernels: 'reference', precision: 'float64' }),
    ]
    passed = await runParity(join(dir, 'passing'), store, checks, storeBatches(store, batches))
  }, TIMEOUT)
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('dropout and batch norm (training, predicting; conv- and dense-shaped) agree with torch to 1e-5 of each tensor', () => {
    expect(passed.stderr).toBe('')
    expect(passed.status).toBe(0)
    const layers = passed.report!.checks.slice(0, 6)
    expect(layers.map((c) => c.name)).toEqual([
      'dropout p=0.3 (4, 3, 5, 5)', 'dropout p=0.5 (16, 32)',
      'bn training (8, 4, 6, 6)', 'bn training (16, 5)', 'bn predicting (8, 4, 6, 6)', 'bn predicting (16, 5)',
    ])
    for (const c of layers) expect({ name: c.name, ok: c.ok, within: c.max_rel <= 1e-5 }).toEqual({ name: c.name, ok: true, within: true })
    // x·mask is one float32 product on both sides: exactly equal, and the kept value too.
    expect(layers.slice(0, 2).map((c) => c.max_abs)).toEqual([0, 0])
  })

  it('5 training steps (conv, bn, dropout, dense; Adam and SGD with momentum) end on torch\'s parameters and running statistics, in float64', () => {
    expect(passed.status).toBe(0)
    const runs = passed.report!.checks.slice(6)
    expect(runs.map((c) => c.name)).toEqual(['5 steps, Adam, reference kernels, float64', '5 steps, SGD+momentum, reference kernels, float64'])
    for (const c of runs) expect({ name: c.name, ok: c.ok, within: c.max_rel <= 1e-5 }).toEqual({ name: c.name, ok: true, within: true })
  })

  it('fails, with one error line naming the check and the tensor, when one number of ours is off', async () => {
    const store = tensorStore()
    const [, , bn] = layerChecks(store) as [object, object, { ours: { dx: { offset: number } } }]
    // Move our first input gradient of the conv-shaped batch norm by 1e-3: after the bundle
    // is written, through the store's numbers.
    const bytes = store.bytes()
    const numbers = new Float64Array(bytes.buffer)
    numbers[bn.ours.dx.offset] = numbers[bn.ours.dx.offset]! + 1e-3
    const moved = { put: store.put, putTensor: store.putTensor, bytes: () => bytes }
    const result = await runParity(join(dir, 'moved'), moved, [bn])
    expect(result.status).toBe(1)
    expect(result.report?.checks[0]?.worst).toBe('dx')
    expect(result.stderr).toMatch(/^error: bn training \(8, 4, 6, 6\): dx differs from torch by [\d.e-]+ of its scale, more than the tolerance 1e-05\n$/)
  }, TIMEOUT)

  it('refuses a bad flag with exit status 2, and a missing bundle with 1, in one error line', async () => {
    const status = async (...args: string[]) => {
      try {
        await run(PYTHON, [PARITY_SCRIPT, ...args], { timeout: TIMEOUT })
        return { code: 0, stderr: '' }
      } catch (error) {
        const failed = error as { code?: number; stderr?: string }
        return { code: failed.code ?? -1, stderr: failed.stderr ?? '' }
      }
    }
    const flag = await status(dir, '--treads', '2')
    expect(flag.code).toBe(2)
    expect(flag.stderr).toMatch(/^error: unrecognized arguments: --treads 2 \(see --help\)\n$/)
    const missing = await status(join(dir, 'nowhere'))
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^error: .*nowhere: cannot read the bundle: No such file or directory: .*bundle\.json\n$/)
  }, TIMEOUT)

  it('load_model.py reads drop<p> and bn: a saved model with both gives our logits in eval mode', async () => {
    const arch = 'conv3x3x4p1-bn-relu-pool2-dense16-bn-relu-drop0.5-dense10'
    const built = buildNetwork(arch, [1, 28, 28], 10, beyondKernels)
    if (E.isLeft(built)) throw new Error(built.left)
    const [initial] = initParams(built.right, seedRng(5))
    // Batch norm's four tensors away from their starting 1, 0, 0, 1, so that a tensor copied
    // to the wrong place in torch would show.
    const params = mapLeaves([initial], ([t], { name }): Tensor => {
      const wave = (i: number) => Math.sin(i * 1.7 + name.length)
      const values = { gamma: (i: number) => 1 + 0.3 * wave(i), beta: (i: number) => 0.2 * wave(i), mean: (i: number) => 0.1 * wave(i), variance: (i: number) => 0.5 + 0.4 * wave(i) ** 2 }[name]
      return values === undefined ? t : tensor(t.shape, Float32Array.from(t.data, (_, i) => values(i)))
    })
    const model = join(dir, 'beyond.json')
    const check = join(dir, 'beyond.check.json')
    await saveModel(model, { arch, net: built.right, params })
    const { x } = gatherBatch(mnist.data, mnist.test, 0, 32)
    const logits = logitsOf(built.right, params, x)
    await writeFile(check, JSON.stringify({ images: { shape: x.shape, data: Array.from(x.data) }, logits: { shape: logits.shape, data: Array.from(logits.data) } }))
    const { stdout } = await run(PYTHON, [join(ROOT, 'scripts', 'torch', 'load_model.py'), model, '--check', check], { timeout: TIMEOUT })
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!.slice('CHECK '.length)) as { ok: boolean; max_scaled_diff: number; same_class: number }
    expect(summary.ok).toBe(true)
    expect(summary.max_scaled_diff).toBeLessThanOrEqual(1e-5)
    expect(summary.same_class).toBe(32)
  }, TIMEOUT)
})
