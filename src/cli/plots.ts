// `npm run plots`
// ===============
//
// Draws the pictures of a saved model without training again: it evaluates the model on
// its test split (cli/evaluate.ts) for the data-dependent pictures, takes the curves from
// the metrics stored in the model file, and recomputes the initial weights from the
// recorded seed (initialisation is deterministic, see core/rng.ts) for the "before
// training" kernels. The SVG files go next to the model unless --out says otherwise.
// Previous: cli/evaluate.ts. Next: cli/bench.ts.

import { dirname, join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { seedRng } from '../core/rng.ts'
import { initParams } from '../model/sequential.ts'
import { MODEL_FLAGS, measureModel } from './evaluate.ts'
import { figures } from './figures.ts'
import { writeFilesAtomic } from './files.ts'
import { helpText, parseFlags, type FlagSpec } from './flags.ts'
import type { Io } from './io.ts'

const PLOT_FLAGS: readonly FlagSpec[] = [
  ...MODEL_FLAGS,
  { name: 'out', kind: { type: 'string' }, value: 'DIR', help: 'where to write the SVG files [default: the model\'s directory]' },
]

/** Runs `npm run plots` (or `annotated-cnn plots`: `command` is what --help says); resolves to the exit status. */
export const runPlots = async (argv: readonly string[], io: Io = process, command = 'npm run plots --'): Promise<number> => {
  const parsed = parseFlags(PLOT_FLAGS, argv)
  if (E.isLeft(parsed)) {
    io.stderr.write(`error: ${parsed.left} (see --help)\n`)
    return 2
  }
  if (parsed.right.help === true) {
    io.stdout.write(helpText(`${command} [options]`, 'Draws the SVG pictures of a saved model.', PLOT_FLAGS))
    return 0
  }
  const measured = await measureModel(parsed.right)
  if (E.isLeft(measured)) {
    io.stderr.write(`error: ${measured.left}\n`)
    return 1
  }
  const { model, experiment, evaluation, confusion } = measured.right
  const out = (parsed.right.out as string | undefined) ?? dirname(parsed.right.model as string)
  const pictures = figures({
    arch: model.arch,
    net: model.net,
    initial: initParams(model.net, seedRng(model.seed))[0],
    params: model.params,
    data: experiment.data,
    testIndices: experiment.test,
    evaluation,
    confusion,
    history: model.metrics,
    classNames: model.classes,
  })
  const written = await writeFilesAtomic(pictures.map(([name, svg]) => [join(out, name), svg] as const))
  if (E.isLeft(written)) {
    io.stderr.write(`error: ${written.left}\n`)
    return 1
  }
  io.stdout.write(`wrote ${written.right.join(', ')}\n`)
  return 0
}
