// `npm run original`
// ==================
//
// Trains chapter 0, the one-page network of original/network.ts, on the original experiment:
// the 56,000/14,000 split of all 70,000 MNIST digits, Adam with the constant learning rate
// 0.001, one update per image, 10 epochs. It prints each epoch's training loss and accuracy
// and the test accuracy, then the final test accuracy. The initial weights are chapter 0's
// own (Glorot uniform from its small seeded generator, `initialParams`), so with the default
// flags this is the run `npx tsx src/original/network.ts` makes, with times and flags added.
// Previous: cli/bench.ts. Next: cli/main.ts.

import * as E from 'fp-ts/lib/Either.js'
import { ORIGINAL_ARCH } from '../model/arch.ts'
import * as original from '../original/network.ts'
import { loadExperiment } from './experiment.ts'
import { commandLine, helpText, parseFlags, type FlagSpec } from './flags.ts'
import { writeError, type Io } from './io.ts'

const ORIGINAL_FLAGS: readonly FlagSpec[] = [
  { name: 'epochs', kind: { type: 'int', min: 1 }, default: 10, value: 'N', help: 'passes over the training set' },
  { name: 'seed', kind: { type: 'int', min: 0, max: 4294967295 }, default: 1, value: 'N', help: 'seed for the initial weights' },
  { name: 'limit', kind: { type: 'int', min: 1 }, value: 'N', help: 'train on only the first N training samples' },
]

const percent = (x: number): string => `${(100 * x).toFixed(2)}%`

/** Runs `npm run original` (or `annotated-cnn original`: `command` is what --help says); resolves to the exit status. */
export const runOriginal = async (argv: readonly string[], io: Io = process, command = 'npm run original --'): Promise<number> => {
  const parsed = parseFlags(ORIGINAL_FLAGS, argv)
  if (E.isLeft(parsed)) {
    writeError(io, `${parsed.left} (see --help)`)
    return 2
  }
  if (parsed.right.help === true) {
    const examples = [
      { line: commandLine(command, ''), does: 'the original experiment: 10 epochs over 56,000 digits, one update per digit' },
      { line: commandLine(command, '--epochs 1 --limit 5000'), does: 'a quick run: one pass over the first 5,000 digits' },
    ]
    io.stdout.write(helpText(`${command} [options]`, 'Trains the one-page network of chapter 0 (src/original/network.ts) on the original experiment.', ORIGINAL_FLAGS, examples))
    return 0
  }
  const loaded = await loadExperiment({ split: 'sklearn', testFraction: 0.2, limit: parsed.right.limit as number | undefined })
  if (E.isLeft(loaded)) {
    writeError(io, loaded.left)
    return 1
  }
  const { data, train, test } = loaded.right
  let params = original.initialParams(parsed.right.seed as number)
  let memory = original.adamStart()
  const epochs = parsed.right.epochs as number
  let testAccuracy = Number.NaN
  io.stdout.write(`chapter 0: ${ORIGINAL_ARCH} written out on one page; ${train.length.toLocaleString('en-US')} training and ${test.length.toLocaleString('en-US')} test images; Adam, lr 0.001, one update per image\n`)
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const started = performance.now()
    const result = original.trainEpoch(params, memory, data.images, data.labels, train)
    params = result.params
    memory = result.memory
    testAccuracy = original.networkAccuracy(params, data.images, data.labels, test)
    const seconds = (performance.now() - started) / 1000
    io.stdout.write(`epoch ${String(epoch).padStart(2)}/${epochs}  train loss ${result.loss.toFixed(4)}  train acc ${percent(result.accuracy)}  test acc ${percent(testAccuracy)}  ${seconds.toFixed(1)} s\n`)
    if (!Number.isFinite(result.loss)) {
      writeError(io, 'training diverged (the loss is not a finite number)')
      return 1
    }
  }
  io.stdout.write(`test accuracy: ${percent(testAccuracy)}\n`)
  return 0
}
