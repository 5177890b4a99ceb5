// `annotated-cnn export`
// ======================
//
// Writes a saved model as an ONNX file, for onnxruntime, Netron, or any other tool that
// reads ONNX (onnx/export.ts builds the bytes; docs/onnx.md says what is in them):
//
//     annotated-cnn export out/model.json --onnx model.onnx
//     wrote model.onnx (8,318 bytes, ONNX IR 8, opset 13): input "input" float32 [N, 1, 28, 28] …
//
// The model file is the one argument that is not a flag (`--model FILE` says the same, as
// for evaluate and plots; default out/model.json); --onnx is required. The model is read
// with evaluate's checked loader, so a file that is not a model, or does not fit its own
// architecture, is one `error:` line naming it (exit 1), as is a file that cannot be
// written. The ONNX file is written atomically (cli/files.ts): a failed export leaves
// whatever was at that path as it was. A command line that is wrong (no --onnx, two model
// files, --onnx naming the model itself) is exit 2, before anything is read.
// Previous: cli/plots.ts. Next: cli/bench.ts.

import { resolve } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { outputShapeOf } from '../model/sequential.ts'
import { exportOnnx, ONNX_INPUT, ONNX_IR_VERSION, ONNX_LOGITS, ONNX_OPSET, ONNX_PROBABILITIES } from '../onnx/export.ts'
import { writeFileAtomic } from './files.ts'
import { commandLine, helpText, parseFlags, type FlagSpec } from './flags.ts'
import { writeError, type Io } from './io.ts'
import { packageVersion } from './readGate.ts'
import { loadModel } from './evaluate.ts'

const DEFAULT_MODEL = 'out/model.json'

/** The flags of the export command (the model file may also come as the one positional argument). */
export const EXPORT_FLAGS: readonly FlagSpec[] = [
  { name: 'onnx', kind: { type: 'string' }, value: 'FILE', help: 'where to write the ONNX model (required)' },
  { name: 'model', kind: { type: 'string' }, value: 'FILE', help: `the model file written by the train command, unless given as the argument [default: ${DEFAULT_MODEL}]` },
  { name: 'logits-only', kind: { type: 'switch' }, help: `write only the "${ONNX_LOGITS}" output, without "${ONNX_PROBABILITIES}" (their softmax)` },
]

// The flags that take a value, as written on the command line.
const TAKES_VALUE = new Set(EXPORT_FLAGS.filter((spec) => spec.kind.type !== 'switch').map((spec) => `--${spec.name}`))

/**
 * The command line split into the arguments that are not flags and the rest, for parseFlags.
 * A flag's value (`--onnx x.onnx`) stays with its flag; after `--`, everything is an argument.
 * @example splitPositionals(['m.json', '--onnx', 'm.onnx']) // { positionals: ['m.json'], flags: ['--onnx', 'm.onnx'] }
 */
export const splitPositionals = (argv: readonly string[]): { readonly positionals: readonly string[]; readonly flags: readonly string[] } => {
  const positionals: string[] = []
  const flags: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') {
      for (const rest of argv.slice(i + 1)) positionals.push(rest)
      break
    }
    if (arg.startsWith('-') && arg !== '-') {
      flags.push(arg)
      if (TAKES_VALUE.has(arg) && i + 1 < argv.length) flags.push(argv[++i]!)
    } else {
      positionals.push(arg)
    }
  }
  return { positionals, flags }
}

/** Runs `annotated-cnn export` (`command` is what --help says); resolves to the exit status. */
export const runExport = async (argv: readonly string[], io: Io = process, command = 'npm run export --'): Promise<number> => {
  const { positionals, flags } = splitPositionals(argv)
  const parsed = parseFlags(EXPORT_FLAGS, flags)
  if (E.isLeft(parsed)) {
    writeError(io, `${parsed.left} (see --help)`)
    return 2
  }
  const values = parsed.right
  if (values.help === true) {
    const examples = [
      { line: commandLine(command, '--onnx model.onnx'), does: 'write out/model.json, the model the train command wrote, as model.onnx' },
      { line: commandLine(command, 'quick/model.json --onnx quick.onnx --logits-only'), does: 'write quick/model.json as quick.onnx, with the scores as its only output' },
    ]
    const notes = [
      `The ONNX model's input is "${ONNX_INPUT}", float32 [N, C, H, W] (NCHW, N any batch size, [N, 1, 28, 28]`,
      `for MNIST) holding pixels scaled to [0, 1] (byte / 255); its outputs are "${ONNX_LOGITS}" [N, classes],`,
      `the scores, and "${ONNX_PROBABILITIES}" [N, classes], their softmax. The class names are in its metadata.`,
    ]
    const about = `Writes a saved model as an ONNX model (IR 8, opset 13). The model file may be given as the one\nargument, as in \`${commandLine(command, 'MODEL --onnx FILE')}\`, or by --model.`
    io.stdout.write(helpText(`${command} [options]`, about, EXPORT_FLAGS, examples, notes))
    return 0
  }
  if (positionals.length > 1) {
    writeError(io, `expected one model file, got ${positionals.length} arguments: ${positionals.map((p) => JSON.stringify(p)).join(', ')} (see --help)`)
    return 2
  }
  if (positionals.length === 1 && values.model !== undefined) {
    writeError(io, `the model file is given twice, as ${JSON.stringify(positionals[0])} and by --model; give one (see --help)`)
    return 2
  }
  const onnx = values.onnx as string | undefined
  if (onnx === undefined) {
    writeError(io, '--onnx FILE is required: where to write the ONNX model (see --help)')
    return 2
  }
  const model = positionals[0] ?? (values.model as string | undefined) ?? DEFAULT_MODEL
  if (resolve(onnx) === resolve(model)) {
    writeError(io, `--onnx ${onnx} is the model file itself; name another file for the ONNX model, such as model.onnx`)
    return 2
  }
  const loaded = await loadModel(model)
  if (E.isLeft(loaded)) {
    writeError(io, loaded.left)
    return 1
  }
  const probabilities = values['logits-only'] !== true
  const version = await packageVersion()
  const bytes = exportOnnx(loaded.right, version === undefined ? { probabilities } : { probabilities, producerVersion: version })
  if (E.isLeft(bytes)) {
    writeError(io, `${model}: cannot export it to ONNX: ${bytes.left}`)
    return 1
  }
  const written = await writeFileAtomic(onnx, bytes.right)
  if (E.isLeft(written)) {
    writeError(io, written.left)
    return 1
  }
  const net = loaded.right.net
  const input = `[N, ${net.shapes[0]!.join(', ')}]`
  const out = `[N, ${outputShapeOf(net).join(', ')}]`
  const outputs = probabilities && outputShapeOf(net).length === 1 ? `outputs "${ONNX_LOGITS}" and "${ONNX_PROBABILITIES}" ${out}` : `output "${ONNX_LOGITS}" ${out}`
  io.stdout.write(
    `wrote ${onnx} (${bytes.right.length.toLocaleString('en-US')} bytes, ONNX IR ${ONNX_IR_VERSION}, opset ${ONNX_OPSET}): ` +
      `input "${ONNX_INPUT}" float32 ${input} (NCHW, pixels / 255), ${outputs}\n`,
  )
  return 0
}
