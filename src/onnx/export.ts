// Exporting to ONNX
// =================
//
// A trained model should be able to leave: to run in onnxruntime on a phone or a server,
// in a browser through onnxruntime-web, or be opened in Netron to look at. ONNX is the
// common format for that: a *graph* of standard operators (Conv, MaxPool, Gemm, …) over
// named tensors, with the weights stored inside, all in one protocol buffer message
// (onnx/protobuf.ts writes its bytes). Our layers map one to one onto ONNX operators, and our
// weight layouts are the ones ONNX (and PyTorch) use, so exporting is a matter of naming
// things:
//
//     layer                      ONNX node(s)                        attributes / inputs
//     conv<kH>x<kW>x<K>[p][s][b]  Conv                               kernel_shape [kH, kW], pads [p, p, p, p],
//                                                                    strides [s, s]; W (K, C, kH, kW), B (K) if b
//     pool<n>[s<stride>]         MaxPool                            kernel_shape [n, n], strides [s, s]
//                                                                    (no padding, floor mode: ONNX's defaults)
//     dense<O>                   Flatten (axis 1) if the input has   Gemm: A · Wᵀ + b, transB = 1;
//                                more than one axis, then Gemm       W (O, F), b (O)
//     flatten                    Flatten (axis 1)
//     relu | lrelu[α]            Relu | LeakyRelu                   alpha = α (float32)
//     tanh | sigmoid             Tanh | Sigmoid
//     bn                         BatchNormalization                 epsilon 1e-5; inputs X, scale γ (C), B β (C),
//                                                                    input_mean (C), input_var (C): the running ones
//     drop<p>                    Identity
//
// Chapter 11's two layers are exported as they predict, for that is all an ONNX file is for.
// Batch normalisation then is a fixed affine map per channel, y = γ·(x − mean)/√(var + ε) + β,
// which is ONNX's BatchNormalization in test mode (in opset 13's version, that of opset 9, a
// node whose one output is Y). Its channel axis is axis 1, of (N, C, H, W) after a conv or
// of (N, F) after a dense layer, both of which the operator takes. Dropout, predicting, is
// the identity, so it becomes an Identity node: no computation, but the graph keeps one step
// per layer of the architecture string (named after it), and a dropout that ends the network
// still has a node to write `logits`. onnxruntime drops Identity nodes when it loads the
// graph (docs/onnx.md shows it). ONNX's own Dropout operator would do as well, but would
// write a ratio into the file that does not matter.
//
// The graph's input is `input`, float32 of shape [N, C, H, W] (NCHW; [N, 1, 28, 28] for
// MNIST), N a symbolic batch size, holding pixels scaled to [0, 1] (byte / 255) as
// data/dataset.ts makes them. Its outputs are `logits` [N, classes], the scores our network
// computes, and, unless asked not to, `probabilities` [N, classes], their Softmax (axis 1),
// which is what probabilitiesOf computes. The weights are initializers, float32 stored
// little-endian in `raw_data`. Every intermediate tensor is declared with its shape
// (`value_info`), so that `onnx.checker`'s full check compares our shapes with its own
// inference, and the class names and the architecture string go into `metadata_props`.
//
// Versions: IR version 8 with operator set 13 (default domain). Opset 13 has every operator
// above in its present form (Softmax over one axis), but for BatchNormalization, which opset
// 14 gave a training_mode attribute that an exported network has no use for; and IR 8 is the
// newest that Debian's python3-onnx 1.12 knows; onnxruntime reads both (docs/onnx.md says
// how it was checked).
// Same network and weights, same bytes.
// Previous: onnx/protobuf.ts. Next: cli/io.ts.

import * as E from 'fp-ts/lib/Either.js'
import type { ParamTree } from '../core/params.ts'
import { sameShape, showShape, sizeOf, type Shape } from '../core/shape.ts'
import type { Tensor } from '../core/tensor.ts'
import type { Network } from '../model/sequential.ts'
import { bytesField, concatBytes, float32LE, floatField, intField, messageField, packedIntsField, stringField } from './protobuf.ts'

/** The versions written: ONNX IR version and the default domain's operator set. */
export const ONNX_IR_VERSION = 8
export const ONNX_OPSET = 13

/** The names of the graph's input and outputs. */
export const ONNX_INPUT = 'input'
export const ONNX_LOGITS = 'logits'
export const ONNX_PROBABILITIES = 'probabilities'

/** The symbolic batch dimension of the input and outputs. */
export const ONNX_BATCH = 'N'

/**
 * The ε written into every BatchNormalization: batch normalisation's own (BN_EPSILON of
 * beyond/batchNorm.ts, which this folder may not import; spec/onnx/export.spec.ts checks that
 * the two agree).
 */
export const ONNX_BN_EPSILON = 1e-5

/** What to export: a network and its weights (a loaded model has both, and more). */
export interface OnnxSource {
  readonly net: Network
  readonly params: ParamTree
  /** Class names in label order, stored as metadata (`classes`, a JSON list). */
  readonly classes?: readonly string[]
  /** The architecture string, stored as metadata (`arch`); default: the layers' names joined by dashes. */
  readonly arch?: string
}

/** Choices about the file. */
export interface OnnxOptions {
  /** Add the `probabilities` output, Softmax of the logits over axis 1 (default true; only for a classifier). */
  readonly probabilities?: boolean
  /** Written as the model's producer_version (producer_name is "annotated-cnn"). */
  readonly producerVersion?: string
}

// ONNX's message fields, by the numbers of onnx.proto
// ---------------------------------------------------
// Only the fields we write. The schema is at https://github.com/onnx/onnx/blob/main/onnx/onnx.proto.

const MODEL = { irVersion: 1, producerName: 2, producerVersion: 3, docString: 6, graph: 7, opsetImport: 8, metadataProps: 14 } as const
const OPSET = { domain: 1, version: 2 } as const
const ENTRY = { key: 1, value: 2 } as const
const GRAPH = { node: 1, name: 2, initializer: 5, docString: 10, input: 11, output: 12, valueInfo: 13 } as const
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 } as const
const ATTRIBUTE = { name: 1, f: 2, i: 3, ints: 8, type: 20 } as const
const ATTRIBUTE_TYPE = { float: 1, int: 2, ints: 7 } as const
const TENSOR = { dims: 1, dataType: 2, name: 8, rawData: 9 } as const
const VALUE_INFO = { name: 1, type: 2 } as const
const TYPE = { tensorType: 1 } as const
const TENSOR_TYPE = { elemType: 1, shape: 2 } as const
const SHAPE = { dim: 1 } as const
const DIMENSION = { value: 1, param: 2 } as const
const FLOAT = 1 // TensorProto.DataType.FLOAT

// Messages
// --------

/** A node attribute: a float, an integer or a list of integers. */
type Attribute = readonly [name: string, value: { readonly float: number } | { readonly int: number } | { readonly ints: readonly number[] }]

const attribute = ([name, value]: Attribute): Uint8Array =>
  messageField(NODE.attribute, [
    stringField(ATTRIBUTE.name, name),
    'float' in value
      ? floatField(ATTRIBUTE.f, value.float)
      : 'int' in value
        ? intField(ATTRIBUTE.i, value.int)
        : packedIntsField(ATTRIBUTE.ints, value.ints),
    intField(ATTRIBUTE.type, 'float' in value ? ATTRIBUTE_TYPE.float : 'int' in value ? ATTRIBUTE_TYPE.int : ATTRIBUTE_TYPE.ints),
  ])

/** One operator of the graph: what it reads, what it writes, and its attributes. */
interface Node {
  readonly name: string
  readonly op: string
  readonly inputs: readonly string[]
  readonly output: string
  readonly attributes?: readonly Attribute[]
}

const node = (n: Node): Uint8Array =>
  messageField(
    GRAPH.node,
    n.inputs
      .map((input) => stringField(NODE.input, input))
      .concat([stringField(NODE.output, n.output), stringField(NODE.name, n.name), stringField(NODE.opType, n.op)])
      .concat((n.attributes ?? []).map(attribute)),
  )

/** A weight: its name, shape and float32 values, little-endian in raw_data. */
const initializer = (name: string, t: Tensor): Uint8Array =>
  messageField(GRAPH.initializer, [
    packedIntsField(TENSOR.dims, t.shape),
    intField(TENSOR.dataType, FLOAT),
    stringField(TENSOR.name, name),
    bytesField(TENSOR.rawData, float32LE(t.data)),
  ])

/** A named float32 tensor of shape [N, …sample] (N symbolic), as an input, output or value_info. */
const valueInfo = (field: number, name: string, sample: Shape): Uint8Array => {
  const batch = messageField(SHAPE.dim, [stringField(DIMENSION.param, ONNX_BATCH)])
  const dims = [batch].concat(sample.map((size) => messageField(SHAPE.dim, [intField(DIMENSION.value, size)])))
  return messageField(field, [
    stringField(VALUE_INFO.name, name),
    messageField(VALUE_INFO.type, [messageField(TYPE.tensorType, [intField(TENSOR_TYPE.elemType, FLOAT), messageField(TENSOR_TYPE.shape, dims)])]),
  ])
}

// Layers as nodes
// ---------------
// A layer is known by its name, which is written in the grammar of model/arch.ts; the
// weights' shapes give the rest (a conv's kernel size, whether it has a bias).

/** What one layer adds to the graph: nodes, weights, and intermediate values with their shapes. */
interface Piece {
  readonly nodes: readonly Node[]
  readonly weights: readonly (readonly [string, Tensor])[]
  readonly values: readonly (readonly [string, Shape])[]
}

// The nodes of layer i (from 0), reading `from`, writing `to`; or why it cannot be exported.
const pieceOf = (net: Network, params: ParamTree, i: number, from: string, to: string): E.Either<string, Piece> => {
  const layer = net.layers[i]!
  const inShape = net.shapes[i]!
  const p = params[i]!
  const base = `layer${i + 1}_${layer.name}`
  const simple = (op: string, attributes: readonly Attribute[] = []): E.Either<string, Piece> =>
    E.right({ nodes: [{ name: base, op, inputs: [from], output: to, attributes }], weights: [], values: [] })
  const conv = /^conv\d+x\d+x\d+(?:p(\d+))?(?:s(\d+))?b?$/.exec(layer.name)
  if (conv !== null) {
    const [, pad = '0', stride = '1'] = conv
    const w = p.weights!
    const inputs = p.bias === undefined ? [from, `${base}.weights`] : [from, `${base}.weights`, `${base}.bias`]
    const weights: (readonly [string, Tensor])[] = [[`${base}.weights`, w]]
    if (p.bias !== undefined) weights.push([`${base}.bias`, p.bias])
    const attributes: Attribute[] = [
      ['kernel_shape', { ints: [w.shape[2]!, w.shape[3]!] }],
      ['pads', { ints: [Number(pad), Number(pad), Number(pad), Number(pad)] }],
      ['strides', { ints: [Number(stride), Number(stride)] }],
    ]
    return E.right({ nodes: [{ name: base, op: 'Conv', inputs, output: to, attributes }], weights, values: [] })
  }
  const pool = /^pool(\d+)(?:s(\d+))?$/.exec(layer.name)
  if (pool !== null) {
    const [, size = '1', stride = size] = pool
    return simple('MaxPool', [['kernel_shape', { ints: [Number(size), Number(size)] }], ['strides', { ints: [Number(stride), Number(stride)] }]])
  }
  if (/^dense\d+$/.test(layer.name)) {
    const weights: readonly (readonly [string, Tensor])[] = [[`${base}.weights`, p.weights!], [`${base}.bias`, p.bias!]]
    const gemm = (a: string): Node => ({ name: base, op: 'Gemm', inputs: [a, `${base}.weights`, `${base}.bias`], output: to, attributes: [['transB', { int: 1 }]] })
    if (inShape.length === 1) return E.right({ nodes: [gemm(from)], weights, values: [] })
    const flat = `${base}.flat`
    return E.right({
      nodes: [{ name: `${base}_flatten`, op: 'Flatten', inputs: [from], output: flat, attributes: [['axis', { int: 1 }]] }, gemm(flat)],
      weights,
      values: [[flat, [sizeOf(inShape)]]],
    })
  }
  if (layer.name === 'bn') {
    // In the order of the operator's inputs: scale, B, input_mean, input_var.
    const weights = ['gamma', 'beta', 'mean', 'variance'].map((name): readonly [string, Tensor] => [`${base}.${name}`, p[name]!])
    const names = weights.map(([name]) => name)
    return E.right({
      nodes: [{ name: base, op: 'BatchNormalization', inputs: [from].concat(names), output: to, attributes: [['epsilon', { float: ONNX_BN_EPSILON }]] }],
      weights,
      values: [],
    })
  }
  if (/^drop\d*\.?\d+(?:e-\d+)?$/.test(layer.name)) return simple('Identity')
  if (layer.name === 'flatten') return simple('Flatten', [['axis', { int: 1 }]])
  if (layer.name === 'relu') return simple('Relu')
  if (layer.name === 'tanh') return simple('Tanh')
  if (layer.name === 'sigmoid') return simple('Sigmoid')
  const leaky = /^lrelu(\d*\.?\d+)?$/.exec(layer.name)
  if (leaky !== null) return simple('LeakyRelu', [['alpha', { float: leaky[1] === undefined ? 0.01 : Number(leaky[1]) }]])
  return E.left(`layer ${i + 1} (${layer.name}) is not a kind ONNX export knows; expected conv, pool, dense, relu, lrelu, tanh, sigmoid, flatten, bn or drop`)
}

// The weights against the shapes the network expects, as loading a model file checks them.
const paramsProblem = (net: Network, params: ParamTree): string | undefined => {
  if (!Array.isArray(params) || params.length !== net.layers.length) {
    return `the network has ${net.layers.length} layers but the parameters are ${Array.isArray(params) ? `a list of ${params.length}` : 'not a list'}`
  }
  for (let i = 0; i < net.layers.length; i++) {
    const expected = net.layers[i]!.paramShapes(net.shapes[i]!)
    const given = params[i]!
    const names = Object.keys(expected)
    const extra = Object.keys(given).filter((name) => !Object.hasOwn(expected, name))
    if (extra.length > 0) return `layer ${i + 1} (${net.layers[i]!.name}) has an unexpected tensor "${extra[0]}"`
    for (const name of names) {
      const t = Object.hasOwn(given, name) ? given[name] : undefined
      if (t === undefined) return `layer ${i + 1} (${net.layers[i]!.name}) has no tensor "${name}"`
      if (!sameShape(t.shape, expected[name]!) || t.data.length !== sizeOf(expected[name]!)) {
        return `layer ${i + 1} (${net.layers[i]!.name}): "${name}" has shape ${showShape(t.shape)} and ${t.data.length} values, the network needs ${showShape(expected[name]!)}`
      }
    }
  }
  return undefined
}

// The model
// ---------

/**
 * The ONNX file of a network and its weights, as bytes, or why it cannot be written (a layer
 * kind ONNX export does not know, weights that do not fit the network). Pure and
 * deterministic. A model from loadModel (annotated-cnn/node) can be passed as it is.
 * @example const bytes = exportOnnx(await loadModel('out/model.json')) // right(Uint8Array […])
 * @example exportOnnx({ net, params, classes: ['0', …, '9'] }, { probabilities: false })
 */
export const exportOnnx = (source: OnnxSource, options: OnnxOptions = {}): E.Either<string, Uint8Array> => {
  const { net, params } = source
  const problem = paramsProblem(net, params)
  if (problem !== undefined) return E.left(problem)
  const layers = net.layers.length
  const outShape = net.shapes[layers]!
  const nodes: Node[] = []
  const weights: (readonly [string, Tensor])[] = []
  const values: (readonly [string, Shape])[] = []
  let from = ONNX_INPUT
  for (let i = 0; i < layers; i++) {
    const to = i === layers - 1 ? ONNX_LOGITS : `layer${i + 1}_${net.layers[i]!.name}`
    const piece = pieceOf(net, params, i, from, to)
    if (E.isLeft(piece)) return piece
    for (const n of piece.right.nodes) nodes.push(n)
    for (const w of piece.right.weights) weights.push(w)
    for (const v of piece.right.values) values.push(v)
    if (i < layers - 1) values.push([to, net.shapes[i + 1]!])
    from = to
  }
  const probabilities = (options.probabilities ?? true) && outShape.length === 1
  if (probabilities) nodes.push({ name: 'softmax', op: 'Softmax', inputs: [ONNX_LOGITS], output: ONNX_PROBABILITIES, attributes: [['axis', { int: 1 }]] })
  const inputShape = net.shapes[0]!
  const arch = source.arch ?? net.layers.map((layer) => layer.name).join('-')
  const about =
    `annotated-cnn network ${arch}. Input "${ONNX_INPUT}": float32 ${`[${[ONNX_BATCH].concat(inputShape.map(String)).join(', ')}]`}, ` +
    `NCHW, pixels scaled to [0, 1] (byte / 255). Output "${ONNX_LOGITS}": the scores` +
    (probabilities ? `; "${ONNX_PROBABILITIES}": their softmax over axis 1.` : '.')
  const outputs = [valueInfo(GRAPH.output, ONNX_LOGITS, outShape)]
  if (probabilities) outputs.push(valueInfo(GRAPH.output, ONNX_PROBABILITIES, outShape))
  const graph = messageField(
    MODEL.graph,
    nodes
      .map(node)
      .concat([stringField(GRAPH.name, 'annotated-cnn')])
      .concat(weights.map(([name, t]) => initializer(name, t)))
      .concat([stringField(GRAPH.docString, about), valueInfo(GRAPH.input, ONNX_INPUT, inputShape)])
      .concat(outputs)
      .concat(values.map(([name, shape]) => valueInfo(GRAPH.valueInfo, name, shape))),
  )
  const metadata: (readonly [string, string])[] = [['arch', arch]]
  if (source.classes !== undefined) metadata.push(['classes', JSON.stringify(source.classes)])
  const fields = [intField(MODEL.irVersion, ONNX_IR_VERSION), stringField(MODEL.producerName, 'annotated-cnn')]
  if (options.producerVersion !== undefined) fields.push(stringField(MODEL.producerVersion, options.producerVersion))
  return E.right(
    concatBytes(
      fields.concat([
        stringField(MODEL.docString, about),
        graph,
        messageField(MODEL.opsetImport, [stringField(OPSET.domain, ''), intField(OPSET.version, ONNX_OPSET)]),
      ]).concat(metadata.map(([k, v]) => messageField(MODEL.metadataProps, [stringField(ENTRY.key, k), stringField(ENTRY.value, v)]))),
    ),
  )
}
