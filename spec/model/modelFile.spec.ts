// Model files: what is written reads back bit for bit, the same model always gives the same
// bytes, and every way a file can be wrong is a one-line `Left` that says what and where.

import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { leavesOf, mapLeaves, type ParamTree } from '../../src/core/params.ts'
import { seedRng } from '../../src/core/rng.ts'
import type { Shape } from '../../src/core/shape.ts'
import { tensor } from '../../src/core/tensor.ts'
import { parseArch } from '../../src/model/arch.ts'
import { classNameProblem, MODEL_FORMAT, MODEL_VERSION, parseModel, serializeModel, shortestFloat32, type SavedModel } from '../../src/model/modelFile.ts'
import { initParams, sequential, type Network } from '../../src/model/sequential.ts'

const right = <T>(result: E.Either<string, T>): T => {
  if (E.isLeft(result)) throw new Error(`expected Right, got Left: ${result.left}`)
  return result.right
}

const left = <T>(result: E.Either<string, T>): string => {
  if (E.isRight(result)) throw new Error('expected Left, got Right')
  return result.left
}

const build = (arch: string, inputShape: Shape): E.Either<string, Network> => E.flatMap(parseArch(arch), (layers) => sequential(inputShape, layers))

// True when two parameter trees have the same structure, shapes and bit-identical numbers.
const expectSameParams = (actual: ParamTree, expected: ParamTree): void => {
  expect(actual.map((record) => Object.keys(record))).toEqual(expected.map((record) => Object.keys(record)))
  leavesOf(expected).forEach(({ layer, name, value }) => {
    const got = actual[layer]![name]!
    expect(got.shape, `${layer}.${name}`).toEqual(value.shape)
    expect(got.data).toBeInstanceOf(Float32Array)
    const differs = Array.from(value.data).findIndex((v, i) => !Object.is(v, got.data[i]))
    const show = (v: number | undefined) => (Object.is(v, -0) ? '-0' : String(v))
    expect(differs, `${layer}.${name}[${differs}]: wrote ${show(value.data[differs])}, read ${show(got.data[differs])}`).toBe(-1)
  })
}

// Generated models
// ----------------

// A small architecture over a small input: image layers, then optionally a hidden dense
// layer, then the output layer. Conv and pool sizes that do not fit are filtered out.
const convToken = fc
  .record({ kH: fc.integer({ min: 1, max: 3 }), kW: fc.integer({ min: 1, max: 3 }), K: fc.integer({ min: 1, max: 3 }), pad: fc.integer({ min: 0, max: 1 }), stride: fc.integer({ min: 1, max: 2 }), bias: fc.boolean() })
  .map(({ kH, kW, K, pad, stride, bias }) => `conv${kH}x${kW}x${K}${pad ? `p${pad}` : ''}${stride > 1 ? `s${stride}` : ''}${bias ? 'b' : ''}`)
const poolToken = fc.tuple(fc.integer({ min: 1, max: 2 }), fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }))
  .map(([size, stride]) => `pool${size}${stride === undefined ? '' : `s${stride}`}`)
const activation = fc.constantFrom('relu', 'lrelu', 'lrelu0.2', 'tanh', 'sigmoid')

interface ArchCase {
  readonly arch: string
  readonly inputShape: Shape
  readonly net: Network
}

const archCase: fc.Arbitrary<ArchCase> = fc
  .record({
    inputShape: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 3, max: 6 }), fc.integer({ min: 3, max: 6 })),
    image: fc.array(fc.oneof(convToken, poolToken, activation), { maxLength: 3 }),
    hidden: fc.option(fc.tuple(fc.integer({ min: 1, max: 4 }).map((o) => `dense${o}`), activation), { nil: undefined }),
    flatten: fc.boolean(),
    outputs: fc.integer({ min: 1, max: 5 }),
  })
  .map(({ inputShape, image, hidden, flatten, outputs }) => {
    const arch = [...image, ...(flatten ? ['flatten'] : []), ...(hidden ?? []), `dense${outputs}`].join('-')
    return { arch, inputShape, built: build(arch, inputShape) }
  })
  .filter(({ built }) => E.isRight(built))
  .map(({ arch, inputShape, built }) => ({ arch, inputShape, net: right(built) }))

// Any finite float32 but −0 (see the BUG test below), from the tiniest subnormal to the largest.
const float32Values = (n: number): fc.Arbitrary<Float32Array> =>
  fc.float32Array({ minLength: n, maxLength: n, noNaN: true, noDefaultInfinity: true }).map((a) => a.map((v) => (Object.is(v, -0) ? 0 : v)))

// Parameters of the network's shapes, with arbitrary float32 values.
const paramsFor = (net: Network, seed: number): fc.Arbitrary<ParamTree> => {
  const [shaped] = initParams(net, seedRng(seed))
  const leaves = leavesOf(shaped)
  return fc.tuple(...leaves.map(({ value }) => float32Values(value.data.length))).map((arrays) => {
    let i = 0
    return mapLeaves([shaped], ([t]) => tensor(t!.shape, arrays[i++]!))
  })
}

// Finite doubles for the small fields. JSON.stringify itself writes −0 as 0, so −0 is left out.
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v))
// Losses are at least 0 and accuracies fractions, as the loader checks.
const fraction = fc.double({ min: 0, max: 1, noNaN: true })
const metricsArb = fc.array(
  fc.record({ epoch: fc.integer({ min: 1, max: 100 }), trainLoss: finite.map(Math.abs), trainAccuracy: fraction, testAccuracy: fraction }),
  { maxLength: 3 },
)
const trainingArb = fc.dictionary(
  fc.stringMatching(/^[a-z][a-zA-Z-]{0,8}$/),
  fc.oneof(fc.string(), finite, fc.boolean(), fc.constant(null)),
  { maxKeys: 4 },
)

const modelCase: fc.Arbitrary<{ readonly model: SavedModel; readonly net: Network }> = archCase.chain(({ arch, inputShape, net }) =>
  fc
    .record({
      params: fc.nat().chain((seed) => paramsFor(net, seed)),
      // Class names as the rule allows them (model/modelFile.ts classNameProblem), all different.
      classes: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6, unit: 'grapheme' }).filter((name) => classNameProblem(name) === undefined), { minLength: net.shapes.at(-1)![0]!, maxLength: net.shapes.at(-1)![0]! }),
      seed: fc.integer({ min: 0, max: 0xffffffff }),
      training: trainingArb,
      metrics: metricsArb,
    })
    .map(({ params, classes, seed, training, metrics }) => ({ model: { arch, inputShape, classes, seed, training, metrics, params }, net })),
)

describe('shortestFloat32', () => {
  it('reads back as the same float32, for any float32', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = shortestFloat32(x)
        expect(Math.fround(Number(text)) === x, `${x} was written ${text}`).toBe(true)
        // And it is a valid JSON number.
        expect(JSON.parse(text)).toBe(Number(text))
      }),
      { numRuns: 2000 },
    )
  })

  it('writes the short decimal a person would', () => {
    expect(shortestFloat32(Math.fround(0.1))).toBe('0.1')
    expect(shortestFloat32(Math.fround(-1 / 3))).toBe('-0.33333334')
    expect(shortestFloat32(1)).toBe('1')
    expect(shortestFloat32(0)).toBe('0')
    expect(shortestFloat32(Math.fround(1e-45))).toBe('1e-45') // the smallest subnormal
    expect(shortestFloat32(Math.fround(3.4028234663852886e38))).toBe('3.4028235e+38') // the largest float32
    expect(shortestFloat32(16777217 - 1)).toBe('16777216')
  })

  it('never needs more than 9 significant digits', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (x) => {
        // The mantissa's digits without sign, point, exponent, or leading and trailing zeros.
        const digits = shortestFloat32(x).replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '')
        expect(digits.length).toBeLessThanOrEqual(9)
      }),
    )
  })
})

describe('serializeModel and parseModel', () => {
  it('read back what was written: every field, and every parameter bit for bit', () => {
    fc.assert(
      fc.property(modelCase, ({ model, net }) => {
        const text = serializeModel(model, net)
        const loaded = right(parseModel(text))
        expect(loaded.arch).toBe(model.arch)
        expect(loaded.inputShape).toEqual(model.inputShape)
        expect(loaded.classes).toEqual(model.classes)
        expect(loaded.seed).toBe(model.seed)
        expect(loaded.training).toEqual(model.training)
        expect(loaded.metrics).toEqual(model.metrics)
        expect(loaded.net.shapes).toEqual(net.shapes)
        expect(loaded.net.layers.map((layer) => layer.name)).toEqual(net.layers.map((layer) => layer.name))
        expectSameParams(loaded.params, model.params)
      }),
      { numRuns: 150 },
    )
  })

  it('give the same bytes every time: serializing twice, or again after reading back', () => {
    fc.assert(
      fc.property(modelCase, ({ model, net }) => {
        const text = serializeModel(model, net)
        expect(serializeModel(model, net)).toBe(text)
        const loaded = right(parseModel(text))
        expect(serializeModel(loaded, loaded.net)).toBe(text)
        // The text is plain JSON ending with a newline.
        expect(text.endsWith('}\n')).toBe(true)
        expect(() => JSON.parse(text)).not.toThrow()
      }),
      { numRuns: 150 },
    )
  })

  it('write the format, the version and one line of numbers per tensor', () => {
    const net = right(build('conv2x2x1-relu-pool2-dense3', [1, 4, 4]))
    const [params] = initParams(net, seedRng(1))
    const text = serializeModel({ arch: 'conv2x2x1-relu-pool2-dense3', inputShape: [1, 4, 4], classes: ['a', 'b', 'c'], seed: 1, training: {}, metrics: [], params }, net)
    const doc = JSON.parse(text) as { readonly format: string; readonly version: number }
    expect(doc.format).toBe(MODEL_FORMAT)
    expect(doc.version).toBe(MODEL_VERSION)
    expect(text).toContain('"inputShape": [1, 4, 4],')
    expect(text).toContain('"classes": ["a", "b", "c"],')
    expect(text).toMatch(/^ {8}"weights": \{ "shape": \[1, 1, 2, 2\], "data": \[[^\n]*\] \}$/m)
    expect(text).toContain('{ "layer": "relu", "tensors": {} },')
  })

  // −0 must come back as −0 (String(-0) is "0", so it needs care when writing).
  it('keeps the sign of a zero weight', () => {
    const net = right(build('dense2', [3]))
    const weights = Float32Array.of(-0, 0, 1, -0, 2, -1)
    const params: ParamTree = [{ weights: tensor([2, 3], weights), bias: tensor([2], Float32Array.of(-0, 0)) }]
    const text = serializeModel({ arch: 'dense2', inputShape: [3], classes: ['x', 'y'], seed: 1, training: {}, metrics: [], params }, net)
    expectSameParams(right(parseModel(text)).params, params)
  })
})

// Broken files
// ------------

// A valid file of the original network, for 8×8 images, to break in one place at a time.
const ARCH = 'conv3x3x1-lrelu-pool2-dense10'
const NET = right(build(ARCH, [1, 8, 8]))
const VALID = serializeModel(
  {
    arch: ARCH,
    inputShape: [1, 8, 8],
    classes: Array.from({ length: 10 }, (_, i) => String(i)),
    seed: 7,
    training: { epochs: 1, optimizer: 'adam', limit: null },
    metrics: [{ epoch: 1, trainLoss: 0.5, trainAccuracy: 0.875, testAccuracy: 0.9, testLoss: 0.25 }],
    params: initParams(NET, seedRng(7))[0],
  },
  NET,
)

// The message parseModel gives for the valid file with `from` replaced by `to` (once).
const problemWith = (from: string | RegExp, to: string): string => {
  const broken = VALID.replace(from, to)
  expect(broken, `the edit ${String(from)} did not apply`).not.toBe(VALID)
  const message = left(parseModel(broken))
  expect(message).not.toContain('\n')
  return message
}

describe('parseModel on broken files', () => {
  it('accepts the unbroken file', () => {
    expect(right(parseModel(VALID)).arch).toBe(ARCH)
  })

  it('text that is not JSON', () => {
    expect(left(parseModel('{ "format": '))).toMatch(/^not valid JSON \(.+\)$/)
    expect(left(parseModel(''))).toMatch(/^not valid JSON \(.+\)$/)
    expect(left(parseModel(VALID.slice(0, 200)))).toMatch(/^not valid JSON \(.+\)$/)
  })

  it('JSON that is not a model file', () => {
    expect(left(parseModel('[1, 2, 3]'))).toBe('not a model file (expected a JSON object)')
    expect(left(parseModel('null'))).toBe('not a model file (expected a JSON object)')
    expect(problemWith('"format": "annotated-cnn-model"', '"format": "keras"')).toBe('not a model file ("format" must be "annotated-cnn-model")')
    expect(left(parseModel('{}'))).toBe('not a model file ("format" must be "annotated-cnn-model")')
  })

  it('another version of the format', () => {
    expect(problemWith('"version": 1', '"version": 2')).toBe('unsupported model version 2 (this program reads version 1)')
    expect(problemWith('"version": 1', '"version": "1"')).toBe('unsupported model version "1" (this program reads version 1)')
  })

  it('missing or mistyped fields, by name', () => {
    expect(problemWith(`"arch": "${ARCH}"`, '"arch": 3')).toBe('"arch" must be an architecture string of at most 1,000 characters')
    expect(problemWith('"inputShape": [1, 8, 8]', '"inputShape": "1x8x8"')).toBe('"inputShape" must be a list of numbers')
    expect(problemWith('"classes": [', '"classes": [1, ')).toBe('"classes" must be a list of class names')
    expect(problemWith('"seed": 7', '"seed": "seven"')).toBe('"seed" must be a whole number from 0 to 4294967295')
    expect(problemWith('"optimizer": "adam"', '"optimizer": ["adam"]')).toBe('"training" must be an object of flag values')
    expect(problemWith('"testLoss": 0.25', '"testLoss": -1')).toMatch(/^"metrics" must be a list of .* \(entry 1 is not\)$/)
    // Files from before the test loss was recorded have none, and still load.
    expect(E.isRight(parseModel(VALID.replace(/,\s*"testLoss": 0\.25/, '')))).toBe(true)
    expect(VALID).toMatch(/"testLoss": 0\.25/)
    expect(problemWith('"trainLoss": 0.5', '"trainLoss": "low"')).toBe(
      '"metrics" must be a list of { epoch, trainLoss, trainAccuracy, testAccuracy[, testLoss] } (epochs from 1, losses ≥ 0, accuracies from 0 to 1) (entry 1 is not)',
    )
    expect(problemWith('"parameters": [', '"parameters": {}, "x": [')).toBe('"parameters" must be a list')
  })

  it('an architecture that cannot be read, or does not fit the input shape', () => {
    expect(problemWith(`"arch": "${ARCH}"`, '"arch": "conv3x3x1-bogus-dense10"')).toMatch(
      /^cannot read architecture "conv3x3x1-bogus-dense10": "bogus" is not a layer; expected /,
    )
    expect(problemWith('"inputShape": [1, 8, 8]', '"inputShape": [1, 2, 2]')).toMatch(/^layer 1 of 4 \(conv3x3x1, input \[1, 2, 2\]\): /)
  })

  it('classes that do not match the output size', () => {
    expect(problemWith('"classes": ["0", ', '"classes": [')).toBe('the network gives [10] outputs per sample but the file lists 9 classes')
    expect(problemWith('"classes": [', '"classes": ["extra", ')).toBe('the network gives [10] outputs per sample but the file lists 11 classes')
  })

  it('too few (or too many) parameter entries', () => {
    const doc = JSON.parse(VALID) as { parameters: unknown[] }
    const withLayers = (n: number) => JSON.stringify({ ...doc, parameters: doc.parameters.slice(0, n) })
    expect(left(parseModel(withLayers(3)))).toBe('"parameters" has 3 entries but the architecture has 4 layers')
    expect(left(parseModel(withLayers(0)))).toBe('"parameters" has 0 entries but the architecture has 4 layers')
    expect(left(parseModel(JSON.stringify({ ...doc, parameters: [...doc.parameters, {}] })))).toBe('"parameters" has 5 entries but the architecture has 4 layers')
  })

  it('a tensor of the wrong shape, naming the layer, the tensor and both shapes', () => {
    expect(problemWith('"shape": [1, 1, 3, 3]', '"shape": [1, 1, 2, 2]')).toBe(
      'parameters of layer 1 (conv3x3x1): "weights" has shape [1, 1, 2, 2], the architecture needs [1, 1, 3, 3]',
    )
    expect(problemWith('"shape": [10, 9]', '"shape": [9, 10]')).toBe(
      'parameters of layer 4 (dense10): "weights" has shape [9, 10], the architecture needs [10, 9]',
    )
    expect(problemWith('"shape": [10]', '"shape": "ten"')).toBe('parameters of layer 4 (dense10): "bias" has shape "ten", the architecture needs [10]')
  })

  it('a missing tensor, an extra one, or one without the right count of numbers', () => {
    expect(problemWith(/,\n\s*"bias": \{[^\n]*\}/, '')).toBe('parameters of layer 4 (dense10): missing tensor "bias"')
    expect(problemWith('"bias":', '"offset":')).toBe('parameters of layer 4 (dense10): unexpected tensor "offset"')
    expect(problemWith(/"data": \[[^\]\n]*\]/, '"data": [1, 2]')).toBe('parameters of layer 1 (conv3x3x1): "weights" must have 9 numbers in "data", but it has 2')
    expect(problemWith(/"data": \[[^\]\n]*\]/, '"data": "1, 2, 3"')).toBe('parameters of layer 1 (conv3x3x1): "weights" must have 9 numbers in "data", but "data" is "1, 2, 3"')
    expect(problemWith(/, "data": \[[^\]\n]*\]/, '')).toBe('parameters of layer 1 (conv3x3x1): "weights" must have 9 numbers in "data", but "data" is missing')
  })

  it('an entry of the right count that is not a number, named by its position', () => {
    // Nine entries, one of them a string: not "must have 9 numbers".
    expect(problemWith(/"data": \[([^\]\n]*)\]/, '"data": [1, 2, 3, 4, 5, 6, 7, 8, "9"]')).toBe(
      'parameters of layer 1 (conv3x3x1): "weights" number 9 is "9", not a number',
    )
    expect(problemWith(/"data": \[[^,\]\n]*/, '"data": [null')).toBe('parameters of layer 1 (conv3x3x1): "weights" number 1 is null, not a number')
    expect(problemWith(/"data": \[[^,\]\n]*/, '"data": [[0.5]')).toBe('parameters of layer 1 (conv3x3x1): "weights" number 1 is a list of 1, not a number')
  })

  it('a number that is not finite (JSON reads 1e999 as Infinity)', () => {
    expect(problemWith(/"data": \[[^,\]\n]*/, '"data": [1e999')).toBe('parameters of layer 1 (conv3x3x1): "weights" number 1 is Infinity, not a finite number')
    expect(problemWith(/"data": \[([^,\]\n]*), [^,\]\n]*/, '"data": [$1, -1e999')).toBe('parameters of layer 1 (conv3x3x1): "weights" number 2 is -Infinity, not a finite number')
  })

  it('an entry that names another layer, or is not an entry at all', () => {
    expect(problemWith('"layer": "conv3x3x1"', '"layer": "conv5x5x1"')).toBe('parameters of layer 1 (conv3x3x1): the file says this layer is "conv5x5x1"')
    expect(problemWith('{ "layer": "pool2", "tensors": {} }', '[]')).toBe('parameters of layer 3 (pool2): expected { "layer": …, "tensors": { … } }')
  })
})
