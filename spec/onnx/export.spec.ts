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
import { runExport, splitPositionals } from '../../src/cli/export.ts'
import { seedRng } from '../../src/core/rng.ts'
import { tensor, type Tensor } from '../../src/core/tensor.ts'
import { buildNetwork } from '../../src/model/arch.ts'
import { serializeModel } from '../../src/model/modelFile.ts'
import { logitsOf, probabilitiesOf } from '../../src/model/predict.ts'
import { initParams, sequential } from '../../src/model/sequential.ts'
import { exportOnnx, ONNX_IR_VERSION, ONNX_OPSET } from '../../src/onnx/export.ts'
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
    const graph = readMessage(bytesOf(only(readMessage(exportFixture(fixture('every-kind-random'))), 7)))
    const nodes = fieldsNumbered(graph, 1).map((f) => readMessage(bytesOf(f)))
    const attributes = (node: readonly WireField[]) =>
      Object.fromEntries(fieldsNumbered(node, 5).map((f) => {
        const a = readMessage(bytesOf(f))
        const name = textOf(only(a, 1))
        const type = intOf(only(a, 20))
        const value = type === 1 ? new DataView((only(a, 2).value as Uint8Array).slice().buffer).getFloat32(0, true) : type === 2 ? intOf(only(a, 3)) : packedInts(bytesOf(only(a, 8)))
        return [name, value]
      }))
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
    expect(E.isLeft(result) && result.left).toMatch(/^layer 2 \(mystery\) is not a kind ONNX export knows/)
  })
})

// The command
// -----------

describe('annotated-cnn export', () => {
  const modelFile = async (): Promise<string> => {
    const path = join(root, 'model.json')
    const model = fixture('every-kind-random')
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
