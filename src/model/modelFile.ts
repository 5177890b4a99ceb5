// Saving and loading a model
// ==========================
//
// A trained model is saved as one self-describing JSON document (docs/model-format.md):
//
//     { "format": "annotated-cnn-model", "version": 1,
//       "arch": "conv3x3x1-lrelu-pool2-dense10", "inputShape": [1, 28, 28],
//       "classes": ["0", …, "9"], "seed": 1, "training": { …flags… },
//       "metrics": [ { "epoch": 1, "trainLoss": …, "trainAccuracy": …, "testAccuracy": …, "testLoss": … }, … ],
//       "parameters": [ { "layer": "conv3x3x1", "tensors": { "weights": { "shape": [1, 1, 3, 3], "data": [ … ] } } }, … ] }
//
// The architecture string and input shape are enough to rebuild the network; loading then
// checks every tensor against the shape that network expects, so a file edited by hand or
// written for another architecture is an error naming the layer and tensor, not a crash.
// Numbers are written in the shortest decimal that reads back as the same float32, so the
// same model always gives the same bytes. Wall-clock times are *not* stored here (they
// live in metrics.json): the same flags and seed must give a byte-identical model.json.
// Writing refuses what reading would refuse (a NaN weight, a loss of Infinity, a class name
// that reorders text): it runs the very checks of reading on the model before it writes a
// byte, so a file this module writes always loads again.
// Previous: model/beyond.ts. Next: data/idx.ts.

import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { float32 } from '../core/memory.ts'
import type { ParamTree } from '../core/params.ts'
import { sameShape, showShape, sizeOf, type Shape } from '../core/shape.ts'
import { tensor } from '../core/tensor.ts'
import { beyondKernels } from './beyond.ts'
import { parseArch, type Kernels } from './arch.ts'
import { sequential, type Network } from './sequential.ts'

/** The name and version written into every model file. */
export const MODEL_FORMAT = 'annotated-cnn-model'
export const MODEL_VERSION = 1

/** One epoch's numbers, as saved. */
export interface EpochRecord {
  readonly epoch: number
  readonly trainLoss: number
  readonly trainAccuracy: number
  readonly testAccuracy: number
  /** The mean loss on the test set (files written before it was recorded have none). */
  readonly testLoss?: number
}

/** Everything a model file holds, in memory. */
export interface SavedModel {
  readonly arch: string
  readonly inputShape: Shape
  readonly classes: readonly string[]
  readonly seed: number
  /** The training flags, as given (see cli/args.ts). */
  readonly training: { readonly [flag: string]: string | number | boolean | null }
  readonly metrics: readonly EpochRecord[]
  readonly params: ParamTree
}

/** A model file read back: the saved fields and the network rebuilt from them. */
export interface LoadedModel extends SavedModel {
  readonly net: Network
}

// Class names
// -----------
//
// Class names go into the printed report, predictions.csv, the pictures and this file. One
// rule, here, says which are allowed: `npm run train` checks its --classes and classes.txt
// with it (cli/classes.ts), and reading a model file checks "classes" with it, so whatever a
// run writes, evaluate reads again. A name is 1 to 40 characters long (Unicode code points),
// holds no control character (C0, DEL, C1), no line or paragraph separator (U+2028, U+2029)
// and none of the invisible marks that change the direction text is shown in (U+061C,
// U+200E, U+200F, U+202A–U+202E, U+2066–U+2069): a name with one of those can make a line
// of the report read differently from what it says. Names differ from one another, and
// there are at most 256, because labels are bytes (data/dataset.ts).

/** The most classes a model may name: labels are bytes. */
export const MAX_CLASSES = 256

/** The longest class name, in characters (Unicode code points). */
export const MAX_CLASS_NAME = 40

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u
const SEPARATOR = /[\u2028\u2029]/u
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u
const LONE_SURROGATE = /\p{Cs}/u

// A character as people look it up: U+202E.
const codePoint = (c: string): string => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`

/**
 * What is wrong with one class name, in words that follow the name in a message; undefined
 * when nothing is.
 * @example classNameProblem('T-shirt/top') === undefined
 * @example classNameProblem('a\u202eb') === 'contains U+202E, a mark that changes the direction of text'
 */
export const classNameProblem = (name: string): string | undefined => {
  const length = Array.from(name).length
  if (length === 0) return 'is empty'
  if (length > MAX_CLASS_NAME) return `has ${length} characters; at most ${MAX_CLASS_NAME} are allowed`
  if (CONTROL.test(name)) return 'contains a control character'
  const mark = SEPARATOR.exec(name) ?? BIDI.exec(name)
  if (mark !== null) return `contains ${codePoint(mark[0])}, ${SEPARATOR.test(mark[0]) ? 'a line or paragraph separator' : 'a mark that changes the direction of text'}`
  if (LONE_SURROGATE.test(name)) return 'contains half of a surrogate pair (it is not valid Unicode)'
  return undefined
}

/**
 * What is wrong with a list of class names in label order, if anything: too many, a name
 * that breaks the rule, or a name given twice. `where(i)` says where name i was written.
 * @example classNamesProblem(['cat', 'dog', 'cat']) === '"cat" is both the name of label 0 and the name of label 2; names must differ'
 */
export const classNamesProblem = (names: readonly string[], where: (i: number) => string = (i) => `the name of label ${i}`): string | undefined => {
  if (names.length > MAX_CLASSES) return `${names.length} names, but labels are bytes, so there are at most ${MAX_CLASSES} classes`
  const seen = new Map<string, number>()
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!
    const problem = classNameProblem(name)
    if (problem === 'is empty') return `${where(i)} is empty`
    if (problem !== undefined) return `${where(i)}, ${JSON.stringify(name)}, ${problem}`
    const before = seen.get(name)
    if (before !== undefined) return `${JSON.stringify(name)} is both ${where(before)} and ${where(i)}; names must differ`
    seen.set(name, i)
  }
  return undefined
}

// Writing
// -------

/**
 * The shortest decimal text that reads back as exactly this float32 value:
 * 0.1f is 0.100000001490116…, written "0.1".
 * @example shortestFloat32(Math.fround(0.1)) === '0.1'
 */
export const shortestFloat32 = (value: number): string => {
  if (Object.is(value, -0)) return '-0' // String(-0) is "0", which would lose the sign
  for (let digits = 1; digits < 9; digits++) {
    const text = value.toPrecision(digits)
    if (Math.fround(Number(text)) === value) return String(Number(text))
  }
  return String(Number(value.toPrecision(9)))
}

// Arrays of float32 numbers are written on one line each, with the shortest spelling.
const floatList = (values: ArrayLike<number>): string => `[${Array.from(values, shortestFloat32).join(', ')}]`

/**
 * The JSON text of a model, ending with a newline. Deterministic: same model, same bytes.
 * A model that reading would refuse (see `parseModel`) is a mistake in the calling code, so
 * it throws, saying what reading would say.
 */
export const serializeModel = (model: SavedModel, net: Network): string => {
  const header = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    arch: model.arch,
    inputShape: model.inputShape,
    classes: model.classes,
    seed: model.seed,
    training: model.training,
    metrics: model.metrics,
  }
  const json = JSON.stringify(header, null, 2)
  // Reading's checks, on what reading would see: the header as JSON gives it back (a NaN
  // loss comes back as null) and the parameters as numbers (their text reads back the same).
  const parameters = model.params.map((record, i) => ({
    layer: net.layers[i]?.name ?? null,
    tensors: Object.fromEntries(Object.entries(record).map(([name, t]) => [name, { shape: t.shape, data: Array.from(t.data) }])),
  }))
  const checked = modelFromJson({ ...(JSON.parse(json) as JsonRecord), parameters }, beyondKernels)
  if (E.isLeft(checked)) throw new RangeError(`serializeModel: the model would not load again: ${checked.left}`)
  // JSON.stringify for the small fields (with short lists such as the input shape kept on
  // one line), then the parameters by hand so that each tensor's numbers stay on one line.
  const head = json
    .replace(/\[\n\s*([^[\]{}]*?)\n\s*\]/g, (_, items: string) => `[${items.split(/,\n\s*/).join(', ')}]`)
    .replace(/\n}$/, '')
  const layers = model.params.map((record, i) => {
    const tensors = Object.entries(record).map(
      ([name, t]) => `        ${JSON.stringify(name)}: { "shape": [${t.shape.join(', ')}], "data": ${floatList(t.data)} }`,
    )
    return `    { "layer": ${JSON.stringify(net.layers[i].name)}, "tensors": {${tensors.length ? `\n${tensors.join(',\n')}\n      ` : ''}} }`
  })
  return `${head},\n  "parameters": [\n${layers.join(',\n')}\n  ]\n}\n`
}

// Reading
// -------
//
// A model file may come from anywhere, so reading it trusts nothing: every field is checked
// before it is used, object keys are looked up as the file's *own* properties (a tensor
// named `constructor` or `__proto__` is not one that every object inherits), numbers must
// fit a float32 (1e300 would become Infinity), and a message about a value quotes a short,
// flat description of it (a list nested 100,000 deep must not overflow the stack on its way
// into a message).

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json }
type JsonRecord = { readonly [key: string]: Json }

/** The longest architecture string a model file may hold (the parser is not meant for more). */
export const MAX_ARCH_LENGTH = 1000

const isRecord = (v: Json | undefined): v is JsonRecord => typeof v === 'object' && v !== null && !Array.isArray(v)
const isNumberList = (v: Json | undefined): v is readonly number[] => Array.isArray(v) && v.every((x) => typeof x === 'number')

// The value of one of the record's own keys (undefined for inherited ones such as `constructor`).
const own = (record: JsonRecord, key: string): Json | undefined => (Object.hasOwn(record, key) ? record[key] : undefined)

// A value as a message may quote it: strings (cut) and numbers as JSON writes them, lists
// and objects by their kind and size, never by their contents.
const describe = (v: Json | undefined): string =>
  v === undefined
    ? 'missing'
    : typeof v === 'string'
      ? v.length <= 60 ? JSON.stringify(v) : `${JSON.stringify(`${v.slice(0, 60)}…`)} (${v.length.toLocaleString('en-US')} characters)`
      : Array.isArray(v)
        ? `a list of ${v.length.toLocaleString('en-US')}`
        : isRecord(v)
          ? 'an object'
          : String(v)

// A field that must be present with a given check, or a message naming it.
const field = <T extends Json>(doc: JsonRecord, key: string, ok: (v: Json | undefined) => v is T, expected: string): E.Either<string, T> => {
  const value = own(doc, key)
  return ok(value) ? E.right(value) : E.left(`"${key}" must be ${expected}`)
}

const isArch = (v: Json | undefined): v is string => typeof v === 'string' && v.length <= MAX_ARCH_LENGTH
const isSeed = (v: Json | undefined): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff
const isFiniteNumber = (v: Json | undefined): v is number => typeof v === 'number' && Number.isFinite(v)
const isStringList = (v: Json | undefined): v is readonly string[] => Array.isArray(v) && v.every((x) => typeof x === 'string')
const isList = (v: Json | undefined): v is readonly Json[] => Array.isArray(v)
const isFlags = (v: Json | undefined): v is SavedModel['training'] & Json =>
  isRecord(v) && Object.values(v).every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x))
const isFraction = (v: Json | undefined): boolean => isFiniteNumber(v) && v >= 0 && v <= 1
const isEpochRecord = (v: Json): v is EpochRecord & Json => {
  if (!isRecord(v)) return false
  const epoch = own(v, 'epoch')
  const loss = own(v, 'trainLoss')
  const testLoss = own(v, 'testLoss')
  return (
    typeof epoch === 'number' && Number.isInteger(epoch) && epoch >= 1 && isFiniteNumber(loss) && loss >= 0 &&
    isFraction(own(v, 'trainAccuracy')) && isFraction(own(v, 'testAccuracy')) && (testLoss === undefined || (isFiniteNumber(testLoss) && testLoss >= 0))
  )
}
const isMetrics = (v: Json | undefined): v is readonly (EpochRecord & Json)[] => isList(v) && v.every(isEpochRecord)

// The class names, checked by the rule above.
const classesOf = (doc: JsonRecord): E.Either<string, readonly string[]> => {
  const names = own(doc, 'classes')
  if (!isStringList(names)) return E.left('"classes" must be a list of class names')
  const problem = classNamesProblem(names)
  return problem === undefined ? E.right(names) : E.left(`"classes": ${problem}`)
}

// The per-epoch metrics; a bad one is named by its position.
const metricsOf = (doc: JsonRecord): E.Either<string, readonly EpochRecord[]> => {
  const metrics = own(doc, 'metrics')
  if (isMetrics(metrics)) return E.right(metrics)
  const which = isList(metrics) ? ` (entry ${metrics.findIndex((m) => !isEpochRecord(m)) + 1} is not)` : ''
  return E.left(`"metrics" must be a list of { epoch, trainLoss, trainAccuracy, testAccuracy[, testLoss] } (epochs from 1, losses ≥ 0, accuracies from 0 to 1)${which}`)
}

// The position of the first number that became ±Infinity as a float32, if any.
const firstOverflow = (asFloat32: Readonly<Float32Array>): number | undefined => {
  for (let i = 0; i < asFloat32.length; i++) if (!Number.isFinite(asFloat32[i])) return i
  return undefined
}

// The parameters of layer i, checked against the shapes the rebuilt network expects.
const readLayer = (net: Network, i: number, entry: Json): E.Either<string, ParamTree[number]> => {
  const layer = net.layers[i]
  const expected = layer.paramShapes(net.shapes[i])
  const where = `parameters of layer ${i + 1} (${layer.name})`
  const tensors = isRecord(entry) ? own(entry, 'tensors') : undefined
  if (!isRecord(entry) || !isRecord(tensors)) return E.left(`${where}: expected { "layer": …, "tensors": { … } }`)
  if (own(entry, 'layer') !== layer.name) return E.left(`${where}: the file says this layer is ${describe(own(entry, 'layer'))}`)
  const names = Object.keys(expected)
  const extra = Object.keys(tensors).filter((name) => !Object.hasOwn(expected, name))
  if (extra.length > 0) return E.left(`${where}: unexpected tensor ${describe(extra[0])}`)
  const out: { [name: string]: ReturnType<typeof tensor> } = {}
  for (const name of names) {
    const t = own(tensors, name)
    const shape = expected[name]
    if (!isRecord(t)) return E.left(`${where}: missing tensor "${name}"`)
    const given = own(t, 'shape')
    if (!isNumberList(given) || !sameShape(given, shape)) {
      return E.left(`${where}: "${name}" has shape ${isNumberList(given) && given.length <= 8 ? showShape(given) : describe(given)}, the architecture needs ${showShape(shape)}`)
    }
    // The count first, then each entry: a list of the right length with a string in it is
    // one bad number, named by its position, not a list of the wrong length.
    const values = own(t, 'data')
    const count = sizeOf(shape)
    if (!isList(values)) return E.left(`${where}: "${name}" must have ${count} numbers in "data", but "data" is ${describe(values)}`)
    if (values.length !== count) return E.left(`${where}: "${name}" must have ${count} numbers in "data", but it has ${values.length.toLocaleString('en-US')}`)
    if (!isNumberList(values)) {
      const bad = values.findIndex((v) => typeof v !== 'number')
      return E.left(`${where}: "${name}" number ${bad + 1} is ${describe(values[bad])}, not a number`)
    }
    const notFinite = values.findIndex((v) => !Number.isFinite(v))
    if (notFinite >= 0) return E.left(`${where}: "${name}" number ${notFinite + 1} is ${values[notFinite]}, not a finite number`)
    const data = float32(values.length)
    data.set(values)
    const bad = firstOverflow(data)
    if (bad !== undefined) return E.left(`${where}: "${name}" number ${bad + 1} is ${values[bad]}, beyond the largest float32 (about 3.4e38)`)
    out[name] = tensor(shape, data)
  }
  return E.right(out)
}

/**
 * Reads and checks a model file's text, and rebuilds its network computed by `kernels`
 * (default: the plain ones); every problem is a one-line message.
 */
export const parseModel = (text: string, kernels: Kernels = beyondKernels): E.Either<string, LoadedModel> => {
  let doc: Json
  try {
    doc = JSON.parse(text) as Json
  } catch (error) {
    return E.left(`not valid JSON (${error instanceof Error ? error.message : String(error)})`)
  }
  return modelFromJson(doc, kernels)
}

// The checks of reading, on a parsed document.
const modelFromJson = (doc: Json, kernels: Kernels): E.Either<string, LoadedModel> => {
  if (!isRecord(doc)) return E.left('not a model file (expected a JSON object)')
  if (own(doc, 'format') !== MODEL_FORMAT) return E.left(`not a model file ("format" must be "${MODEL_FORMAT}")`)
  if (own(doc, 'version') !== MODEL_VERSION) return E.left(`unsupported model version ${describe(own(doc, 'version'))} (this program reads version ${MODEL_VERSION})`)
  return pipe(
    E.Do,
    E.apS('arch', field(doc, 'arch', isArch, `an architecture string of at most ${MAX_ARCH_LENGTH.toLocaleString('en-US')} characters`)),
    E.apS('inputShape', field(doc, 'inputShape', isNumberList, 'a list of numbers')),
    E.apS('classes', classesOf(doc)),
    E.apS('seed', field(doc, 'seed', isSeed, 'a whole number from 0 to 4294967295')),
    E.apS('training', field(doc, 'training', isFlags, 'an object of flag values')),
    E.apS('metrics', metricsOf(doc)),
    E.apS('parameters', field(doc, 'parameters', isList, 'a list')),
    E.bind('net', ({ arch, inputShape }) => pipe(parseArch(arch, kernels), E.chain((layers) => sequential(inputShape, layers)))),
    E.chain((m) => {
      const out = m.net.shapes[m.net.shapes.length - 1]
      if (out.length !== 1 || out[0] !== m.classes.length) {
        return E.left(`the network gives ${showShape(out)} outputs per sample but the file lists ${m.classes.length} classes`)
      }
      if (m.parameters.length !== m.net.layers.length) {
        return E.left(`"parameters" has ${m.parameters.length} entries but the architecture has ${m.net.layers.length} layers`)
      }
      return pipe(
        m.parameters.map((entry, i) => readLayer(m.net, i, entry)),
        E.sequenceArray,
        E.map((params): LoadedModel => ({
          arch: m.arch,
          inputShape: m.inputShape,
          classes: m.classes,
          seed: m.seed,
          training: m.training,
          metrics: m.metrics,
          params,
          net: m.net,
        })),
      )
    }),
  )
}
