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
// The network is rebuilt with the fast kernels of the appendix, as the command line does
// by default. The drawing panel also needs the input to be one 28×28 grey image; a model
// for other data (`--data` can be any IDX set) is refused with a message saying so.

import * as E from 'fp-ts/lib/Either.js'
import { countParams } from '../src/core/params.ts'
import { fastKernels } from '../src/fast/kernels.ts'
import { parseModel, type LoadedModel } from '../src/model/modelFile.ts'

/** A model the page can show: the loaded file, and where it came from. */
export interface PageModel extends LoadedModel {
  /** The name shown in the model menu. */
  readonly label: string
  /** One line about it: architecture, parameters, test accuracy. */
  readonly summary: string
}

/** How a model file's test accuracy is described: its last epoch's. */
const accuracyOf = (m: LoadedModel): string => {
  const last = m.metrics[m.metrics.length - 1]
  return last === undefined ? 'no recorded accuracy' : `${(last.testAccuracy * 100).toFixed(2)}% on its test split after ${last.epoch} epoch${last.epoch === 1 ? '' : 's'}`
}

/**
 * The model in `text`, read from the file `name`; or the line the command line would print
 * for it (`error: name: why`).
 */
export const readModel = (text: string, name: string, label = name): E.Either<string, PageModel> => {
  const parsed = parseModel(text, fastKernels)
  if (E.isLeft(parsed)) return E.left(`error: ${name}: ${parsed.left}`)
  const m = parsed.right
  if (m.inputShape.join('×') !== '1×28×28') {
    return E.left(`error: ${name}: this page draws 1×28×28 digits, but the model takes inputs of shape [${m.inputShape.join(', ')}]`)
  }
  const summary = `${m.arch}: ${countParams(m.params).toLocaleString('en-US')} parameters, ${accuracyOf(m)}`
  return E.right({ ...m, label, summary })
}

/** Reads a model the page ships (docs/demo/models/). */
export const fetchModel = async (file: string, label: string): Promise<E.Either<string, PageModel>> => {
  const response = await fetch(file)
  if (!response.ok) return E.left(`error: ${file}: HTTP ${response.status}`)
  return readModel(await response.text(), file, label)
}
