// Our parameters in torch.nn: the figures of docs/library.md ("In PyTorch")
// =========================================================================
//
// For the models .ci/onnx-check exports (four architectures with seeded random weights,
// between them every layer kind, and the trained models of the browser page), this saves each
// as a model file, computes our logits for the first 1,000 digits of MNIST's test file, and
// runs scripts/torch/load_model.py --check on both: PyTorch rebuilds the network from the
// file, runs the digits, and compares. Prints one line per model (largest |torch − ours|, the
// same relative to max(1, |logit|), and how many digits get the same class) and fails if a
// logit differs by more than 1e-5 × max(1, |ours|). `.ci/torch-check` runs it; it needs
// /usr/bin/python3 with Debian's python3-torch.
//
//     node --import tsx/esm scripts/check/torchCheck.ts

import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { saveModel } from '../../src/cli/library.ts'
import { logitsOf } from '../../src/model/predict.ts'
import { isMain } from '../tools/isMain.ts'
import { fixtures, testDigits } from './onnxFixtures.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const PYTHON = process.env.PYTHON ?? '/usr/bin/python3'
const DIGITS = 1000

const main = async (): Promise<number> => {
  const dir = await mkdtemp(join(tmpdir(), 'annotated-cnn-torch-'))
  try {
    const x = await testDigits(DIGITS)
    let failed = 0
    for (const fixture of await fixtures()) {
      const model = join(dir, `${fixture.name}.json`)
      const check = join(dir, `${fixture.name}.check.json`)
      await saveModel(model, { arch: fixture.arch, net: fixture.net, params: fixture.params, classes: fixture.classes })
      const logits = logitsOf(fixture.net, fixture.params, x)
      const tensorOf = (shape: readonly number[], data: ArrayLike<number>) => ({ shape, data: Array.from(data) })
      await writeFile(check, JSON.stringify({ images: tensorOf(x.shape, x.data), logits: tensorOf(logits.shape, logits.data) }))
      const run = spawnSync(PYTHON, [join(ROOT, 'scripts', 'torch', 'load_model.py'), model, '--check', check], { encoding: 'utf8', maxBuffer: 1 << 26 })
      const line = run.stdout.split('\n').find((l) => l.startsWith('CHECK '))
      if (run.status !== 0 || line === undefined) {
        failed++
        console.log(`${fixture.name.padEnd(18)} ${fixture.arch}: ${run.stderr.trim().split('\n').at(-1) ?? `exit status ${run.status}`}`)
        continue
      }
      const found = JSON.parse(line.slice('CHECK '.length)) as { readonly images: number; readonly max_abs_diff: number; readonly max_scaled_diff: number; readonly same_class: number; readonly torch: string }
      console.log(
        `${fixture.name.padEnd(18)} ${fixture.arch}: torch ${found.torch}, largest |Δ logit| ${found.max_abs_diff.toExponential(2)} ` +
          `(scaled ${found.max_scaled_diff.toExponential(2)}, tolerance 1e-5), the same class for ${found.same_class.toLocaleString('en-US')} of ${found.images.toLocaleString('en-US')} digits`,
      )
    }
    return failed === 0 ? 0 : 1
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

if (isMain(import.meta.url)) {
  main().then(
    (status) => (process.exitCode = status),
    (error: unknown) => {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`)
      process.exitCode = 1
    },
  )
}
