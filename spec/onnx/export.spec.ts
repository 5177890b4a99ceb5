// ONNX export (onnx/export.ts and the `export` command, cli/export.ts).
//
// The test that matters: each exported model runs in onnxruntime-node, a separate
// implementation of ONNX, and gives our logits and probabilities on real test digits (the
// first 48 of MNIST's t10k file) to 1e-5, for several architectures between them having every
// layer kind (scripts/check/onnxFixtures.ts lists them), with random weights and trained ones.
// Logits are compared as |Δ| / max(1, |ours|): float32 knows a logit of 58 only to 4e-6, and
// onnxruntime, which sums in float32, differs from ours (which sums in float64) by up to
// 1.1e-5 there; probabilities, all below 1, absolutely. Then the file's structure as our own
// reader sees it, determinism, the errors, and the command.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BN_EPSILON } from '../../src/beyond/batchNorm.ts'
import { runExport, splitPositionals } from '../../src/cli/export.ts'
import { seedRng } from '../../src/core/rng.ts'
import { tensor, type Tensor } from '../../src/core/tensor.ts'
import { buildNetwork } from '../../src/model/arch.ts'
import { serializeModel } from '../../src/model/modelFile.ts'
import { logitsOf, probabilitiesOf } from '../../src/model/predict.ts'
import { beyondKernels } from '../../src/model/beyond.ts'
import { forward, initParams, sequential } from '../../src/model/sequential.ts'
import { exportOnnx, ONNX_BN_EPSILON, ONNX_IR_VERSION, ONNX_OPSET } from '../../src/onnx/export.ts'
import {
  ARCHITECTURES, exportFixture, fixtures, largestDifference, runOnnxruntime, scaledDifference, testDigits, TOLERANCE, type Fixture,
} from '../../scripts/check/onnxFixtures.ts'
import { run } from '../helpers/commands.ts'
import { bytesOf, fieldsNumbered, intOf, packedInts, readMessage, textOf, type WireField } from './wire.ts'

let models: readonly Fixture[] = []
let digits: Tensor
let root = ''

beforeAll(async () => {
  models = await fixtures()
  digits = await testDigits()
  root = await mkdtemp(join(tmpdir(), 'onnx-export-'))
})

afterAll(async () => {
  if (root !== '') await rm(root, { recursive: true, force: true })
})

const fixture = (name: string): Fixture => {
  const found = models.find((m) => m.name === name)
  if (found === undefined) throw new Error(`no fixture ${name}`)
  return found
}

describe('onnxruntime-node gives our outputs on real test digits', () => {
  it('has random-weight models of every architecture, and the trained demo models', () => {
    expect(models.map((m) => m.name)).toEqual(expect.arrayContaining(ARCHITECTURES.map(([name]) => `${name}-random`).concat(['original-trained', 'convnetjs-trained'])))
    expect(digits.shape).toEqual([48, 1, 28, 28])
  })

  for (const name of ARCHITECTURES.map(([n]) => `${n}-random`).concat(['original-trained', 'convnetjs-trained'])) {
    it(name, async () => {
      const model = fixture(name)
      const ours = logitsOf(model.net, model.params, digits).data
      const ourProbabilities = probabilitiesOf(model.net, model.params, digits).data
      const ort = await runOnnxruntime(exportFixture(model), digits)
      expect(scaledDifference(ort.logits, ours)).toBeLessThanOrEqual(TOLERANCE)
      expect(largestDifference(ort.probabilities, ourProbabilities)).toBeLessThanOrEqual(TOLERANCE)
      // Random weights give logits below 1 or so: there the tolerance is absolute.
      if (name.endsWith('-random')) expect(largestDifference(ort.logits, ours)).toBeLessThanOrEqual(TOLERANCE)
    }, 60_000)
  }

  it('the batch size is free: one digit alone gives the same logits as in the batch of 48', async () => {
    const model = fixture('every-kind-random')
    const one = tensor([1, 1, 28, 28], digits.data.slice(784 * 5, 784 * 6))
    const alone = await runOnnxruntime(exportFixture(model), one)
    const batch = logitsOf(model.net, model.params, digits).data.slice(50, 60)
    expect(largestDifference(alone.logits, batch)).toBeLessThanOrEqual(TOLERANCE)
  }, 60_000)
})

// The file as our reader sees it
// ------------------------------

const only = (fields: readonly WireField[], n: number): WireField => {
  const found = fieldsNumbered(fields, n)
  expect(found.length).toBe(1)
  return found[0]!
}

// A ValueInfoProto: its name and dims (symbolic ones as their name).
const valueInfo = (f: WireField): { readonly name: string; readonly dims: readonly (string | number)[] } => {
  const info = readMessage(bytesOf(f))
  const tensorType = readMessage(bytesOf(only(readMessage(bytesOf(only(info, 2))), 1)))
  expect(intOf(only(tensorType, 1))).toBe(1) // FLOAT
  const dims = fieldsNumbered(readMessage(bytesOf(only(tensorType, 2))), 1).map((d) => {
    const dim = readMessage(bytesOf(d))[0]!
    return dim.field === 2 ? textOf(dim) : intOf(dim)
  })
  return { name: textOf(only(info, 1)), dims }
}

// A NodeProto's attributes, by name: a float, an integer or a list of integers.
const attributes = (node: readonly WireField[]) =>
  Object.fromEntries(fieldsNumbered(node, 5).map((f) => {
    const a = readMessage(bytesOf(f))
    const name = textOf(only(a, 1))
    const type = intOf(only(a, 20))
    const value = type === 1 ? new DataView((only(a, 2).value as Uint8Array).slice().buffer).getFloat32(0, true) : type === 2 ? intOf(only(a, 3)) : packedInts(bytesOf(only(a, 8)))
    return [name, value]
  }))

// The graph's nodes, each as its fields.
const nodesOf = (bytes: Uint8Array): readonly (readonly WireField[])[] =>
  fieldsNumbered(readMessage(bytesOf(only(readMessage(bytes), 7))), 1).map((f) => readMessage(bytesOf(f)))

// A TensorProto's raw_data as float32 numbers.
const floatsOf = (t: readonly WireField[]): readonly number[] => {
  const raw = bytesOf(only(t, 9))
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength)
  return Array.from({ length: raw.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true))
}

describe('the ModelProto', () => {
  it('declares IR 8, opset 13, the input, the outputs, the weights and the metadata', () => {
    const model = fixture('original-trained')
    const top = readMessage(exportFixture(model))
    expect(intOf(only(top, 1))).toBe(ONNX_IR_VERSION)
    expect(textOf(only(top, 2))).toBe('annotated-cnn')
    const opset = readMessage(bytesOf(only(top, 8)))
    expect([textOf(only(opset, 1)), intOf(only(opset, 2))]).toEqual(['', ONNX_OPSET])
    const metadata = fieldsNumbered(top, 14).map((f) => {
      const entry = readMessage(bytesOf(f))
      return [textOf(only(entry, 1)), textOf(only(entry, 2))]
    })
    expect(metadata).toEqual([['arch', 'conv3x3x1-lrelu-pool2-dense10'], ['classes', JSON.stringify(model.classes)]])
    const graph = readMessage(bytesOf(only(top, 7)))
    expect(fieldsNumbered(graph, 11).map(valueInfo)).toEqual([{ name: 'input', dims: ['N', 1, 28, 28] }])
    expect(fieldsNumbered(graph, 12).map(valueInfo)).toEqual([{ name: 'logits', dims: ['N', 10] }, { name: 'probabilities', dims: ['N', 10] }])
    const ops = fieldsNumbered(graph, 1).map((f) => textOf(only(readMessage(bytesOf(f)), 4)))
    expect(ops).toEqual(['Conv', 'LeakyRelu', 'MaxPool', 'Flatten', 'Gemm', 'Softmax'])
    // The weights: shape in dims, FLOAT, raw_data holding our float32 numbers, little-endian.
    const weights = fieldsNumbered(graph, 5).map((f) => readMessage(bytesOf(f)))
    expect(weights.map((t) => textOf(only(t, 8)))).toEqual(['layer1_conv3x3x1.weights', 'layer4_dense10.weights', 'layer4_dense10.bias'])
    const conv = weights[0]!
    expect(packedInts(bytesOf(only(conv, 1)))).toEqual([1, 1, 3, 3])
    expect(intOf(only(conv, 2))).toBe(1)
    const raw = bytesOf(only(conv, 9))
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength)
    expect(Array.from({ length: 9 }, (_, i) => view.getFloat32(i * 4, true))).toEqual(Array.from(model.params[0]!.weights!.data))
  })

  it('gives LeakyRelu its slope, Conv its padding and stride, MaxPool its stride', () => {
    const nodes = nodesOf(exportFixture(fixture('every-kind-random')))
    const byOp = (op: string) => nodes.filter((n) => textOf(only(n, 4)) === op).map(attributes)
    expect(byOp('Conv')).toEqual([
      { kernel_shape: [3, 3], pads: [1, 1, 1, 1], strides: [2, 2] },
      { kernel_shape: [3, 3], pads: [0, 0, 0, 0], strides: [1, 1] },
    ])
    expect(byOp('MaxPool')).toEqual([{ kernel_shape: [3, 3], strides: [2, 2] }])
    expect(byOp('LeakyRelu')).toEqual([{ alpha: Math.fround(0.2) }])
    // flatten is a Flatten; the dense after it needs none; the dense after dense neither.
    expect(byOp('Flatten')).toEqual([{ axis: 1 }])
    expect(byOp('Gemm')).toEqual([{ transB: 1 }, { transB: 1 }])
  })

  it('is deterministic, and does not change the weights it is given', () => {
    const model = fixture('convnetjs-trained')
    const before = model.params.map((layer) => Object.fromEntries(Object.entries(layer).map(([k, t]) => [k, Array.from(t.data)])))
    expect(exportFixture(model)).toEqual(exportFixture(model))
    expect(model.params.map((layer) => Object.fromEntries(Object.entries(layer).map(([k, t]) => [k, Array.from(t.data)])))).toEqual(before)
  })

  it('leaves out "probabilities" when asked, and for a network that does not end with one score per class', async () => {
    const model = fixture('original-random')
    const bytes = exportOnnx(model, { probabilities: false })
    if (E.isLeft(bytes)) throw new Error(bytes.left)
    const graph = readMessage(bytesOf(only(readMessage(bytes.right), 7)))
    expect(fieldsNumbered(graph, 12).map(valueInfo)).toEqual([{ name: 'logits', dims: ['N', 10] }])
    const features = sequential([1, 28, 28], buildLayers('conv3x3x2-relu-pool2'))
    if (E.isLeft(features)) throw new Error(features.left)
    const [params] = initParams(features.right, seedRng(2))
    const maps = exportOnnx({ net: features.right, params })
    if (E.isLeft(maps)) throw new Error(maps.left)
    const mapsGraph = readMessage(bytesOf(only(readMessage(maps.right), 7)))
    expect(fieldsNumbered(mapsGraph, 12).map(valueInfo)).toEqual([{ name: 'logits', dims: ['N', 2, 13, 13] }])
  })
})

// Chapter 11's layers
// -------------------
// Exported as they predict: bn is BatchNormalization on the running averages, drop<p> an
// Identity. The fixture bn-dropout-random (run in onnxruntime above) has a bn after a conv and
// one after a dense layer, with random γ, β, mean and variance.

describe('batch normalisation and dropout', () => {
  it('the fixture\'s bn layers are not the identity a fresh one is', () => {
    const model = fixture('bn-dropout-random')
    const bns = model.params.filter((_, i) => model.net.layers[i]!.name === 'bn')
    expect(bns.length).toBe(2)
    for (const bn of bns) {
      expect(Array.from(bn.gamma!.data).some((v) => Math.abs(v - 1) > 0.1)).toBe(true)
      expect(Array.from(bn.beta!.data).some((v) => Math.abs(v) > 0.1)).toBe(true)
      expect(Array.from(bn.mean!.data).some((v) => Math.abs(v) > 0.1)).toBe(true)
      expect(Array.from(bn.variance!.data).some((v) => Math.abs(v - 1) > 0.1)).toBe(true)
      expect(Math.min(...Array.from(bn.variance!.data))).toBeGreaterThan(0)
    }
  })

  it('bn is a BatchNormalization with ε 1e-5 reading γ, β, the running mean and variance; drop<p> an Identity', () => {
    const model = fixture('bn-dropout-random')
    const bytes = exportFixture(model)
    const nodes = nodesOf(bytes)
    expect(nodes.map((n) => textOf(only(n, 4)))).toEqual(
      ['Conv', 'BatchNormalization', 'Relu', 'MaxPool', 'Flatten', 'Gemm', 'BatchNormalization', 'Relu', 'Identity', 'Gemm', 'Softmax'])
    const bns = nodes.filter((n) => textOf(only(n, 4)) === 'BatchNormalization')
    expect(ONNX_BN_EPSILON).toBe(BN_EPSILON)
    expect(bns.map(attributes)).toEqual([{ epsilon: Math.fround(BN_EPSILON) }, { epsilon: Math.fround(BN_EPSILON) }])
    expect(bns.map((n) => fieldsNumbered(n, 1).map(textOf))).toEqual([
      ['layer1_conv3x3x4p1', 'layer2_bn.gamma', 'layer2_bn.beta', 'layer2_bn.mean', 'layer2_bn.variance'],
      ['layer5_dense16', 'layer6_bn.gamma', 'layer6_bn.beta', 'layer6_bn.mean', 'layer6_bn.variance'],
    ])
    const identity = nodes.find((n) => textOf(only(n, 4)) === 'Identity')!
    expect([fieldsNumbered(identity, 1).map(textOf), textOf(only(identity, 2)), attributes(identity)]).toEqual([['layer7_relu'], 'layer8_drop0.5', {}])
    // The initializers hold our numbers; the bn after the dense layer works on (N, 16).
    const graph = readMessage(bytesOf(only(readMessage(bytes), 7)))
    const weights = new Map(fieldsNumbered(graph, 5).map((f) => readMessage(bytesOf(f))).map((t) => [textOf(only(t, 8)), t]))
    for (const [i, name] of [[1, 'layer2_bn'], [5, 'layer6_bn']] as const) {
      for (const p of ['gamma', 'beta', 'mean', 'variance']) {
        const t = weights.get(`${name}.${p}`)!
        expect(packedInts(bytesOf(only(t, 1)))).toEqual(model.params[i]![p]!.shape)
        expect(floatsOf(t)).toEqual(Array.from(model.params[i]![p]!.data))
      }
    }
    const shapes = Object.fromEntries(fieldsNumbered(graph, 13).map(valueInfo).map(({ name, dims }) => [name, dims]))
    expect([shapes['layer2_bn'], shapes['layer5_dense16'], shapes['layer6_bn']]).toEqual([['N', 4, 28, 28], ['N', 16], ['N', 16]])
  })

  it('onnxruntime predicts: dropout keeps every unit, bn uses the running averages, not the batch\'s', async () => {
    const model = fixture('bn-dropout-random')
    const ort = await runOnnxruntime(exportFixture(model), digits)
    const predicting = logitsOf(model.net, model.params, digits).data
    expect(largestDifference(ort.logits, predicting)).toBeLessThanOrEqual(TOLERANCE)
    // A training pass (dropout's masks, the batch's statistics) computes something else.
    const training = forward(model.net, model.params, digits, { key: 7, layer: 0, first: 0 })[0].data
    expect(largestDifference(ort.logits, training)).toBeGreaterThan(0.1)
    // Without bn's ε, the outputs would move beyond the tolerance: the variances are small enough for ε to show.
    const noEpsilon = model.params.map((layer, i) => model.net.layers[i]!.name === 'bn'
      ? { ...layer, variance: tensor(layer.variance!.shape, layer.variance!.data.map((v) => Math.fround(v - Math.fround(1e-5)))) }
      : layer)
    expect(largestDifference(ort.logits, logitsOf(model.net, noEpsilon, digits).data)).toBeGreaterThan(TOLERANCE)
  }, 60_000)

  it('a dropout that ends the network still writes the logits', async () => {
    const net = orThrow(buildNetwork('conv3x3x2-relu-pool2-dense10-drop0.3', [1, 28, 28], 10, beyondKernels))
    const [params] = initParams(net, seedRng(3))
    const bytes = orThrow(exportOnnx({ net, params }))
    expect(nodesOf(bytes).map((n) => [textOf(only(n, 4)), textOf(only(n, 2))]).slice(-2)).toEqual([['Identity', 'logits'], ['Softmax', 'probabilities']])
    const ort = await runOnnxruntime(bytes, digits)
    expect(largestDifference(ort.logits, logitsOf(net, params, digits).data)).toBeLessThanOrEqual(TOLERANCE)
  }, 60_000)
})

const orThrow = <T>(e: E.Either<string, T>): T => {
  if (E.isLeft(e)) throw new Error(e.left)
  return e.right
}

// The layers of an architecture string, through buildNetwork's parser.
const buildLayers = (arch: string) => {
  const built = buildNetwork(`${arch}-dense1`, [1, 28, 28], 1)
  if (E.isLeft(built)) throw new Error(built.left)
  return built.right.layers.slice(0, -1)
}

describe('what cannot be exported is a message, not a broken file', () => {
  it('weights that do not fit the network, or too few of them', () => {
    const model = fixture('original-random')
    const wrongShape = model.params.map((layer, i) => (i === 0 ? { weights: tensor([1, 1, 2, 2], new Float32Array(4)) } : layer))
    expect(exportOnnx({ net: model.net, params: wrongShape })).toEqual(E.left('layer 1 (conv3x3x1): "weights" has shape [1, 1, 2, 2] and 4 values, the network needs [1, 1, 3, 3]'))
    expect(exportOnnx({ net: model.net, params: model.params.slice(0, 2) })).toEqual(E.left('the network has 4 layers but the parameters are a list of 2'))
    const extra = model.params.map((layer, i) => (i === 1 ? { stray: tensor([1], new Float32Array(1)) } : layer))
    expect(exportOnnx({ net: model.net, params: extra })).toEqual(E.left('layer 2 (lrelu) has an unexpected tensor "stray"'))
  })

  it('a layer of a kind the grammar does not have', () => {
    const model = fixture('original-random')
    const mystery = { ...model.net.layers[1]!, name: 'mystery' }
    const net = { layers: model.net.layers.map((layer, i) => (i === 1 ? mystery : layer)), shapes: model.net.shapes }
    const result = exportOnnx({ net, params: model.params })
    expect(E.isLeft(result) && result.left).toBe('layer 2 (mystery) is not a kind ONNX export knows; expected conv, pool, dense, relu, lrelu, tanh, sigmoid, flatten, bn or drop')
  })
})

// The command
// -----------

describe('annotated-cnn export', () => {
  const modelFile = async (name: string = 'every-kind-random'): Promise<string> => {
    const path = join(root, `${name}.json`)
    const model = fixture(name)
    const text = serializeModel({ arch: model.arch, inputShape: [1, 28, 28], classes: model.classes, seed: 1, training: {}, metrics: [], params: model.params }, model.net)
    await writeFile(path, text)
    return path
  }

  it('writes a file that onnxruntime loads and runs, and says what it wrote in one line', async () => {
    const model = await modelFile()
    const onnx = join(root, 'out', 'model.onnx')
    const result = await run(runExport, [model, '--onnx', onnx])
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    const bytes = await readFile(onnx)
    expect(result.stdout).toBe(
      `wrote ${onnx} (${bytes.length.toLocaleString('en-US')} bytes, ONNX IR 8, opset 13): input "input" float32 [N, 1, 28, 28] (NCHW, pixels / 255), outputs "logits" and "probabilities" [N, 10]\n`,
    )
    const f = fixture('every-kind-random')
    const ort = await runOnnxruntime(new Uint8Array(bytes), digits)
    expect(largestDifference(ort.logits, logitsOf(f.net, f.params, digits).data)).toBeLessThanOrEqual(TOLERANCE)
    // --model says the same as the argument; --logits-only leaves out the softmax.
    const again = await run(runExport, ['--model', model, '--onnx', join(root, 'logits.onnx'), '--logits-only'])
    expect(again.status).toBe(0)
    expect(again.stdout).toMatch(/output "logits" \[N, 10\]\n$/)
  }, 60_000)

  it('exports a model file with bn and dropout as onnxruntime predicts it', async () => {
    const model = await modelFile('bn-dropout-random')
    const onnx = join(root, 'bn-dropout.onnx')
    const result = await run(runExport, [model, '--onnx', onnx])
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    const f = fixture('bn-dropout-random')
    const ort = await runOnnxruntime(new Uint8Array(await readFile(onnx)), digits)
    expect(largestDifference(ort.logits, logitsOf(f.net, f.params, digits).data)).toBeLessThanOrEqual(TOLERANCE)
  }, 60_000)

  it('a wrong command line is one error line and status 2, before anything is read', async () => {
    const model = await modelFile()
    const cases: readonly (readonly [readonly string[], RegExp])[] = [
      [[model], /^error: --onnx FILE is required/],
      [[model, '--onx', 'x.onnx'], /^error: unknown flag --onx; did you mean --onnx\?/],
      [[model, 'other.json', '--onnx', 'x.onnx'], /^error: expected one model file, got 2 arguments/],
      [[model, '--model', model, '--onnx', 'x.onnx'], /^error: the model file is given twice/],
      [[model, '--onnx', model], /^error: --onnx .* is the model file itself/],
      [['--onnx'], /^error: .*--onnx/],
    ]
    for (const [argv, message] of cases) {
      const result = await run(runExport, argv)
      expect(result.status, argv.join(' ')).toBe(2)
      expect(result.stderr).toMatch(message)
      expect(result.stderr).toMatch(/^error: [^\n]+\n$/)
      expect(result.stdout).toBe('')
    }
  })

  it('a bad model file or an unwritable path is one error line and status 1, leaving an earlier file as it was', async () => {
    const target = join(root, 'kept.onnx')
    await writeFile(target, 'an earlier export')
    const notJson = join(root, 'bad.json')
    await writeFile(notJson, '{ "format": "annotated-cnn-model", ')
    const notModel = join(root, 'package.json')
    await writeFile(notModel, '{ "name": "x" }')
    const model = await modelFile()
    await writeFile(join(root, 'plain-file'), '')
    const cases: readonly (readonly [readonly string[], RegExp])[] = [
      [[notJson, '--onnx', target], /^error: .*bad\.json: not valid JSON/],
      [[notModel, '--onnx', target], /^error: .*package\.json: not a model file/],
      [[join(root, 'missing.json'), '--onnx', target], /^error: .*missing\.json: no such file/],
      [[model, '--onnx', join(root, 'plain-file', 'x.onnx')], /^error: .*plain-file.*cannot write the file/],
      [[model, '--onnx', root], /^error: .*cannot write the file/],
    ]
    for (const [argv, message] of cases) {
      const result = await run(runExport, argv)
      expect(result.status, argv.join(' ')).toBe(1)
      expect(result.stderr).toMatch(message)
      expect(result.stderr).toMatch(/^error: [^\n]+\n$/)
      expect(result.stdout).toBe('')
    }
    expect(await readFile(target, 'utf8')).toBe('an earlier export')
  })

  it('--help gives the usage, the input and outputs, and examples', async () => {
    const result = await run(runExport, ['--help'])
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/^usage: npm run export -- \[options\]\n/)
    expect(result.stdout).toContain('`npm run export -- MODEL --onnx FILE`')
    expect(result.stdout).toMatch(/"input", float32 \[N, C, H, W\]/)
    expect(result.stdout).toMatch(/examples:\n {2}npm run export -- --onnx model\.onnx\n/)
  })

  it('tells the model argument from the flags and their values', () => {
    expect(splitPositionals(['m.json', '--onnx', 'm.onnx'])).toEqual({ positionals: ['m.json'], flags: ['--onnx', 'm.onnx'] })
    expect(splitPositionals(['--onnx=m.onnx', 'm.json', '--logits-only'])).toEqual({ positionals: ['m.json'], flags: ['--onnx=m.onnx', '--logits-only'] })
    expect(splitPositionals(['--onnx', 'x', '--', '-odd.json'])).toEqual({ positionals: ['-odd.json'], flags: ['--onnx', 'x'] })
  })
})
