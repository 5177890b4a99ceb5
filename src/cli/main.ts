// `annotated-cnn`: one command for all
// ====================================
//
// The package installs a command, `annotated-cnn` (`npx annotated-cnn train` in a project
// that depends on it), whose first argument names one of the commands above, and passes
// the rest on:
//
//     annotated-cnn train --epochs 3       is   npm run train -- --epochs 3
//     annotated-cnn evaluate | plots | bench | original [options]
//     annotated-cnn --version | --help
//
// In this repository the npm scripts run the sources with tsx's loader (`node --import
// tsx/esm`, see docs/performance.md for why not the `tsx` command); the installed command runs
// the same code compiled into dist/ (`npm run build`), through bin/annotated-cnn.js. A
// missing or unknown command is one `error:` line and exit status 2, like a bad flag, and
// names the closest command (`unknown command "trian"; did you mean train?`). --help gives
// examples and ends with the exit statuses every command shares (docs/failures.md says more).
// Previous: cli/original.ts. Next: scripts/.

import { runBench } from './bench.ts'
import { runEvaluate } from './evaluate.ts'
import { runExport } from './export.ts'
import { closestWords, didYouMean } from './flags.ts'
import { writeError, type Io } from './io.ts'
import { runOriginal } from './original.ts'
import { runPlots } from './plots.ts'
import { packageVersion } from './readGate.ts'
import { runTrain } from './train.ts'

/** A command: how to run it (with the name --help shows) and a line about it. */
interface Command {
  readonly run: (argv: readonly string[], io: Io, command: string) => Promise<number>
  readonly about: string
}

/** The commands, in the order --help lists them. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  train: { run: runTrain, about: 'train a network; print its report; write its model, predictions and pictures' },
  evaluate: { run: runEvaluate, about: 'reload a saved model and print its report again' },
  plots: { run: runPlots, about: 'draw the pictures of a saved model' },
  export: { run: runExport, about: 'write a saved model as an ONNX model, for onnxruntime and other tools' },
  bench: { run: runBench, about: 'measure training speed in samples per second' },
  original: { run: runOriginal, about: 'train chapter 0, the one-page network, on the original experiment' },
}

const NAME = 'annotated-cnn'

/** The top-level --help text. */
export const mainHelp = (): string => {
  const names = Object.keys(COMMANDS)
  const width = names.reduce((most, name) => Math.max(most, name.length), '--version'.length) + 2
  return [
    `usage: ${NAME} <command> [options]`,
    '',
    'A convolutional neural network for MNIST in TypeScript, written to be read.',
    '',
    'commands:',
    ...names.map((name) => `  ${name.padEnd(width)}${COMMANDS[name]!.about}`),
    '',
    'options:',
    `  ${'--version'.padEnd(width)}print the version and exit`,
    `  ${'--help'.padEnd(width)}show this help and exit`,
    '',
    `\`${NAME} <command> --help\` lists the options of a command, with examples.`,
    '',
    'examples:',
    `  ${NAME} train --epochs 1 --limit 2000 --out quick`,
    '      a quick run: one pass over the first 2,000 training digits, written to quick/',
    `  ${NAME} evaluate --model quick/model.json`,
    '      print its report again',
    `  ${NAME} train --help`,
    '      the options of train, with the grammar of --arch',
    '',
    'exit status (of every command):',
    '  0  done',
    '  1  failed while working: bad data or model, a full disk, a diverging run, --out in use',
    '  2  the command line is wrong, and nothing was done',
    '  3  done, every file written, but standard output could not be written (ENOSPC, EIO);',
    '     a reader that stops reading early (EPIPE, as in `| head`) leaves the status as it is',
    '',
  ].join('\n')
}

/** Runs `annotated-cnn` with the given arguments; resolves to the exit status. */
export const runMain = async (argv: readonly string[], io: Io = process): Promise<number> => {
  const [first, ...rest] = argv
  const expected = `expected one of ${Object.keys(COMMANDS).join(', ')} (see --help)`
  if (first === '--help' || first === '-h') {
    io.stdout.write(mainHelp())
    return 0
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${(await packageVersion()) ?? 'unknown'}\n`)
    return 0
  }
  if (first === undefined) {
    writeError(io, `missing command; ${expected}`)
    return 2
  }
  const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined
  if (command === undefined) {
    if (first.startsWith('-')) {
      writeError(io, `unknown option ${JSON.stringify(first)} before the command; ${expected}`)
      return 2
    }
    const close = didYouMean(closestWords(first, Object.keys(COMMANDS)))
    writeError(io, close === '' ? `unknown command ${JSON.stringify(first)}; ${expected}` : `unknown command ${JSON.stringify(first)};${close} (see --help)`)
    return 2
  }
  return command.run(rest, io, `${NAME} ${first}`)
}
