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
// Previous: plot/figures/misclassified.ts. Next: data/idx.ts.

import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { float32 } from '../core/memory.ts'
import type { ParamTree } from '../core/params.ts'
import { sameShape, showShape, sizeOf, type Shape } from '../core/shape.ts'
import { tensor } from '../core/tensor.ts'
import { parseArch, referenceKernels, type Kernels } from './arch.ts'
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

/** The JSON text of a model, ending with a newline. Deterministic: same model, same bytes. */
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
  // JSON.stringify for the small fields (with short lists such as the input shape kept on
  // one line), then the parameters by hand so that each tensor's numbers stay on one line.
  const head = JSON.stringify(header, null, 2)
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
// Class names are printed in the report, so they must be short and free of control characters.
const isClassName = (v: Json): boolean => typeof v === 'string' && v.length >= 1 && v.length <= 40 && !/[\u0000-\u001f\u007f-\u009f]/.test(v)
const isClassList = (v: Json | undefined): v is readonly string[] => Array.isArray(v) && v.every(isClassName)
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
    const values = own(t, 'data')
    if (!isNumberList(values) || values.length !== sizeOf(shape)) {
      return E.left(`${where}: "${name}" must have ${sizeOf(shape)} numbers in "data"`)
    }
    if (!values.every(Number.isFinite)) return E.left(`${where}: "${name}" contains a number that is not finite`)
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
export const parseModel = (text: string, kernels: Kernels = referenceKernels): E.Either<string, LoadedModel> => {
  let doc: Json
  try {
    doc = JSON.parse(text) as Json
  } catch (error) {
    return E.left(`not valid JSON (${error instanceof Error ? error.message : String(error)})`)
  }
  if (!isRecord(doc)) return E.left('not a model file (expected a JSON object)')
  if (own(doc, 'format') !== MODEL_FORMAT) return E.left(`not a model file ("format" must be "${MODEL_FORMAT}")`)
  if (own(doc, 'version') !== MODEL_VERSION) return E.left(`unsupported model version ${describe(own(doc, 'version'))} (this program reads version ${MODEL_VERSION})`)
  return pipe(
    E.Do,
    E.apS('arch', field(doc, 'arch', isArch, `an architecture string of at most ${MAX_ARCH_LENGTH.toLocaleString('en-US')} characters`)),
    E.apS('inputShape', field(doc, 'inputShape', isNumberList, 'a list of numbers')),
    E.apS('classes', field(doc, 'classes', isClassList, 'a list of class names (each 1 to 40 characters, no control characters)')),
    E.apS('seed', field(doc, 'seed', isSeed, 'a whole number from 0 to 4294967295')),
    E.apS('training', field(doc, 'training', isFlags, 'an object of flag values')),
    E.apS('metrics', field(doc, 'metrics', isMetrics, 'a list of { epoch, trainLoss, trainAccuracy, testAccuracy[, testLoss] } (epochs from 1, losses ≥ 0, accuracies from 0 to 1)')),
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
