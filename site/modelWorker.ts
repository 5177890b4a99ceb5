// Reading a model file off the page's thread
// ==========================================
//
// A model.json of 50 MB is 50 MB of text to read and about five million numbers to parse
// and check: a second or more of work. Done on the page's own thread, that second would
// freeze drawing, scrolling and every button. So models.ts gives the File to this worker,
// bundled by `npm run site` as docs/demo/modelWorker.js, which
//
//     reads the text       File.text(), here: the page never holds the text at all
//     parses and checks    parseModel, src/model/modelFile.ts, and the memory budget,
//                          src/cli/budget.ts: the checks of `npm run evaluate`, in its order
//     answers              the checked fields and numbers (SavedModel), or the one-line message
//
// The network itself (its layers are functions) cannot be sent between threads, so the
// page rebuilds it from the architecture string. The numbers' buffers are *transferred*,
// not copied: the worker gives them up, and the page stops it after its one answer.

import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { checkBudget, EVALUATION_BATCH } from '../src/cli/budget.ts'
import { parseModel, type SavedModel } from '../src/model/modelFile.ts'
import type { FromModelWorker, ToModelWorker } from './models.ts'

// The worker's global scope, typed by hand: this file is checked with the DOM's types, in
// which `self` is a window.
interface WorkerScope {
  postMessage(message: FromModelWorker, transfer: Transferable[]): void
  addEventListener(type: 'message', listener: (event: MessageEvent<ToModelWorker>) => void): void
}
const scope = self as unknown as WorkerScope

scope.addEventListener('message', (event) => {
  void event.data.file.text().then(
    (text) => {
      const parsed = pipe(parseModel(text), E.chainFirst((m) => checkBudget(m.net, EVALUATION_BATCH)))
      if (E.isLeft(parsed)) return scope.postMessage({ type: 'refused', message: parsed.left }, [])
      const { net: _, ...fields } = parsed.right
      const model: SavedModel = fields
      const buffers = new Set(model.params.flatMap((record) => Object.values(record).map((t) => t.data.buffer as ArrayBuffer)))
      scope.postMessage({ type: 'parsed', model }, [...buffers])
    },
    (error: unknown) => scope.postMessage({ type: 'refused', message: `cannot read the file (${error instanceof Error ? error.message : String(error)})` }, []),
  )
})
