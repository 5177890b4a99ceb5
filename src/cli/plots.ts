// `npm run plots`
// ===============
//
// Draws the pictures of a saved model without training again: it evaluates the model on
// its test split (cli/evaluate.ts) for the data-dependent pictures, takes the curves from
// the metrics stored in the model file, and recomputes the initial weights from the
// recorded seed (initialisation is deterministic, see core/rng.ts) for the "before
// training" kernels. The SVG files go next to the model unless --out says otherwise. Like a
// training run, plots claims that directory first (cli/files.ts) and replaces it as a whole:
// a new directory with the new pictures and the model's other files carried over as hard
// links, so model.json and its friends are never touched and the pictures change at once.
// So the directory must hold only files that its manifest proves a run wrote (cli/manifest.ts):
// the outputs of a run, or of an earlier plots, and nothing of the user's.
// Previous: cli/evaluate.ts. Next: cli/export.ts.

import { dirname } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { seedRng } from '../core/rng.ts'
import { initParams } from '../model/sequential.ts'
import { MODEL_FLAGS, measureModel } from './evaluate.ts'
import { figures } from './figures.ts'
import { claimOutputDir, release, replaceOutputs } from './files.ts'
import { commandLine, helpText, parseFlags, type FlagSpec } from './flags.ts'
import { shown, writeError, writeNote, type Io } from './io.ts'
import { isRunOutput, RUN_FILES } from './train.ts'

const PLOT_FLAGS: readonly FlagSpec[] = [
  ...MODEL_FLAGS,
  { name: 'out', kind: { type: 'string' }, value: 'DIR', help: 'where to write the SVG files: a directory of outputs, whose pictures are replaced all at once [default: the model\'s directory]' },
]

/** Runs `npm run plots` (or `annotated-cnn plots`: `command` is what --help says); resolves to the exit status. */
export const runPlots = async (argv: readonly string[], io: Io = process, command = 'npm run plots --'): Promise<number> => {
  const parsed = parseFlags(PLOT_FLAGS, argv)
  if (E.isLeft(parsed)) {
    writeError(io, `${parsed.left} (see --help)`)
    return 2
  }
  if (parsed.right.help === true) {
    const examples = [
      { line: commandLine(command, '--model quick/model.json'), does: 'draw the pictures again, beside the model in quick/' },
      { line: commandLine(command, '--model out/model.json --out pictures'), does: 'draw them into pictures/ instead' },
    ]
    io.stdout.write(helpText(`${command} [options]`, 'Draws the SVG pictures of a saved model.', PLOT_FLAGS, examples))
    return 0
  }
  const given = parsed.right.out as string | undefined
  const dir = given ?? dirname(parsed.right.model as string)
  const claimed = await claimOutputDir(dir, given === undefined ? "the model's directory" : '--out', command.replace(/ --$/, ''), isRunOutput)
  if (E.isLeft(claimed)) {
    writeError(io, `${claimed.left.message}${given === undefined && claimed.left.status === 2 ? '; or give the pictures a directory with --out' : ''}`)
    return claimed.left.status
  }
  const out = claimed.right
  try {
    for (const note of out.repaired) writeNote(io, note)
    const measured = await measureModel(parsed.right)
    if (E.isLeft(measured)) {
      writeError(io, measured.left)
      return 1
    }
    const { model, experiment, evaluation, confusion } = measured.right
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
    // The model's own files stay (as hard links); old pictures go with the old directory.
    const written = await replaceOutputs(out, pictures, (name) => RUN_FILES.includes(name))
    if (E.isLeft(written)) {
      writeError(io, written.left)
      return 1
    }
    io.stdout.write(`wrote ${written.right.join(', ')} to ${shown(dir)}/\n`)
    return 0
  } finally {
    await release(out, false)
  }
}
