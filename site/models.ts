// Models on the page
// ==================
//
// A model is what `npm run train` saves: one model.json (docs/model-format.md). The page
// reads it with the library's own `parseModel` (src/model/modelFile.ts), the function behind
// `npm run evaluate -- --model FILE`, so a file the command line rejects is rejected here
// with the same one-line message, written the way the command line writes it:
//
//     error: model.json: parameters of layer 4 (dense10): "weights" has shape [10, 168], the architecture needs [10, 169]
//
// A file you load is read the way the command line reads one, within the same limits:
//
//   1. Its size, before a byte is read: above 256 MiB it is refused at once, with the
//      command line's words (modelLimit.ts). A model within the memory budget never
//      writes a file that large, and reading one needs several times its size.
//   2. Its text is read and parsed in a worker of its own (modelWorker.ts), so that the page
//      keeps drawing while a 50 MB file is parsed, and its network is checked against the
//      memory budget (src/cli/budget.ts), as `npm run evaluate` does; the worker sends back
//      the checked fields and the numbers (not the network: functions do not travel between
//      threads), and then it is stopped, which frees everything it held.
//   3. The page rebuilds the network from the architecture string, with the fast kernels
//      of the appendix, as the command line does by default.
//
// Class names are checked by parseModel itself (the rule of src/model/modelFile.ts, which
// `npm run train` applies to --classes too): 1 to 40 characters, no control characters and
// no marks that change the direction of text. The drawing panel also needs the input to be
// one 28×28 grey image; a model for other data (`--data` can be any IDX set) is refused
// with a message saying so. The models shipped with the page are ours, and
// are parsed where they arrive.

import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { countParams } from '../src/core/params.ts'
import { fastKernels } from '../src/fast/kernels.ts'
import { parseArch } from '../src/model/arch.ts'
import { parseModel, type LoadedModel, type SavedModel } from '../src/model/modelFile.ts'
import { sequential } from '../src/model/sequential.ts'
import { tooLarge } from './modelLimit.ts'

/** A model the page can show: the loaded file, and where it came from. */
export interface PageModel extends LoadedModel {
  /** The name shown in the model menu. */
  readonly label: string
  /** One line about it: architecture, parameters, test accuracy. */
  readonly summary: string
}

// From the fields of a file to a model on the page
// ------------------------------------------------

/** How a model file's test accuracy is described: its last epoch's. */
const accuracyOf = (m: SavedModel): string => {
  const last = m.metrics[m.metrics.length - 1]
  return last === undefined ? 'no recorded accuracy' : `${(last.testAccuracy * 100).toFixed(2)}% on its test split after ${last.epoch} epoch${last.epoch === 1 ? '' : 's'}`
}

// A checked model as the page shows it, or why the page cannot draw for it.
const pageModel = (m: LoadedModel, name: string, label: string): E.Either<string, PageModel> => {
  if (m.inputShape.join('×') !== '1×28×28') {
    return E.left(`error: ${name}: this page draws 1×28×28 digits, but the model takes inputs of shape [${m.inputShape.join(', ')}]`)
  }
  const summary = `${m.arch}: ${countParams(m.params).toLocaleString('en-US')} parameters, ${accuracyOf(m)}`
  return E.right({ ...m, label, summary })
}

/**
 * The model in `text`, read from the file `name`; or the line the command line would print
 * for it (`error: name: why`).
 */
export const readModel = (text: string, name: string, label = name): E.Either<string, PageModel> => {
  const parsed = parseModel(text, fastKernels)
  return E.isLeft(parsed) ? E.left(`error: ${name}: ${parsed.left}`) : pageModel(parsed.right, name, label)
}

/** Reads a model the page ships (docs/demo/models/). */
export const fetchModel = async (file: string, label: string): Promise<E.Either<string, PageModel>> => {
  const response = await fetch(file)
  if (!response.ok) return E.left(`error: ${file}: HTTP ${response.status}`)
  return readModel(await response.text(), file, label)
}

// Reading a file in the model worker
// ----------------------------------

/** What the page asks the model worker: read and check this file. */
export interface ToModelWorker {
  readonly file: File
}

/** What the model worker answers: the checked fields of the file, or parseModel's message. */
export type FromModelWorker =
  | { readonly type: 'parsed'; readonly model: SavedModel }
  | { readonly type: 'refused'; readonly message: string }

/** A file being read: the answer to come, and a way to give up on it (it stops the worker). */
export interface Reading {
  readonly result: Promise<E.Either<string, PageModel>>
  readonly cancel: () => void
}

/**
 * Reads the model file `file` as the command line would: refused by its size before any
 * byte is read, else parsed and checked in a worker (modelWorker.js), and its network rebuilt here.
 */
export const readModelFile = (file: File, label: string): Reading => {
  const refusal = tooLarge(file.name, file.size)
  if (refusal !== undefined) return { result: Promise.resolve(E.left(refusal)), cancel: () => {} }
  const worker = new Worker('modelWorker.js')
  let settle: (result: E.Either<string, PageModel>) => void = () => {}
  const result = new Promise<E.Either<string, PageModel>>((resolve) => {
    settle = (answer) => {
      worker.terminate()
      resolve(answer)
    }
  })
  worker.addEventListener('message', (event: MessageEvent<FromModelWorker>) => {
    const m = event.data
    if (m.type === 'refused') return settle(E.left(`error: ${file.name}: ${m.message}`))
    // The fields were checked in the worker against the network their architecture
    // describes; the same string builds the same network here, with the fast kernels.
    const rebuilt = pipe(parseArch(m.model.arch, fastKernels), E.chain((layers) => sequential(m.model.inputShape, layers)))
    settle(E.isLeft(rebuilt) ? E.left(`error: ${file.name}: ${rebuilt.left}`) : pageModel({ ...m.model, net: rebuilt.right }, file.name, label))
  })
  // A worker that fails (out of memory on a huge file, say) ends the reading with its message.
  worker.addEventListener('error', (event) => {
    event.preventDefault()
    settle(E.left(`error: ${file.name}: the page could not read it (${event.message || 'the reading worker stopped'})`))
  })
  const request: ToModelWorker = { file }
  worker.postMessage(request)
  return { result, cancel: () => worker.terminate() }
}
