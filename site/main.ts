// annotated-cnn in the browser
// ============================
//
// The page's entry point, bundled by `npm run site` (site/tools/build.ts) into
// docs/demo/main.js. It connects three panels that share one "current model":
//
//     Draw       draw.ts: a pad, and the 28×28 input MNIST's preprocessing makes of it
//     Flow       flow.ts: that input through every layer of the current model
//     Train      trainPanel.ts + worker.ts: a network trained live, which becomes the
//                current model while it trains
//
// The current model is one of the two shipped with the page (docs/demo/models/), a
// model.json you load (file picker or drag and drop, read by models.ts exactly as the
// command line reads it), or the network being trained. Everything is computed by the
// library in src/, the same code `npm run train` runs; nothing leaves the page.

import * as E from 'fp-ts/lib/Either.js'
import { tensor } from '../src/core/tensor.ts'
import { classify } from '../src/model/predict.ts'
import { createBackward } from './backward.ts'
import { createPad } from './draw.ts'
import { createFlow, type FlowModel } from './flow.ts'
import { createGallery, type TestDigit } from './gallery.ts'
import { fetchModel, readModel, type PageModel } from './models.ts'
import type { FromWorker } from './protocol.ts'
import { greyScale, paintMap } from './render.ts'
import { createTrainPanel } from './trainPanel.ts'

const byId = <T extends HTMLElement>(id: string): T => {
  const e = document.getElementById(id)
  if (e === null) throw new Error(`the page has no #${id}`)
  return e as T
}

const modelMenu = byId<HTMLSelectElement>('model')
const modelInfo = byId('model-info')
const modelError = byId('model-error')
const prediction = byId('prediction')
const seen = byId<HTMLCanvasElement>('seen')
const flow = createFlow(byId('flow-stages'), byId('explain'), byId('bars'))
const backward = createBackward(byId('backward')) // wiring: backward

// The models the menu offers, by the value of their option.
const models = new Map<string, FlowModel & { readonly summary: string }>()
let input: Float32Array | undefined

const current = (): (FlowModel & { readonly summary: string }) | undefined => models.get(modelMenu.value)

// The answer of the current model for the current input.
const predict = (): void => {
  const model = current()
  if (model === undefined || input === undefined) {
    prediction.textContent = '?'
    prediction.setAttribute('aria-label', 'no digit drawn yet')
    return
  }
  const [answer] = classify(model.net, model.params, tensor([1, 1, 28, 28], input))
  prediction.textContent = model.classes[answer]
  prediction.removeAttribute('aria-label')
}

const showModel = (): void => {
  const model = current()
  modelInfo.textContent = model?.summary ?? ''
  flow.setModel(model)
  backward.setModel(model) // wiring: backward
  gallery.setModel(model) // wiring: gallery
  predict()
}

// `label` is the true class when the input is a digit of the test set (the backward view's default target).
const setInput = (next: Float32Array | undefined, label?: number): void => {
  input = next
  backward.setInput(next, label) // wiring: backward
  paintMap(seen, next ?? new Float32Array(784), 0, 28, 28, greyScale)
  flow.setInput(next)
  predict()
}

// Adds a model to the menu (replacing one with the same value) and, if asked, selects it.
const offer = (value: string, model: PageModel | (FlowModel & { readonly label: string; readonly summary: string }), select: boolean): void => {
  models.set(value, model)
  let option = Array.from(modelMenu.options).find((o) => o.value === value)
  if (option === undefined) {
    option = new Option(model.label, value)
    modelMenu.append(option)
  }
  option.textContent = model.label
  if (select) modelMenu.value = value
  if (select || modelMenu.value === value) showModel()
}

modelMenu.addEventListener('change', showModel)

// The drawing pad
// ---------------

// A digit of the test set shown on the pad comes with its label; a drawing has none.
let pendingLabel: number | undefined
const pad = createPad(byId('pad'), (next) => setInput(next, pendingLabel))
byId('clear').addEventListener('click', () => pad.clear())

// The test set: the gallery, and the "Show a test digit" button (wiring: gallery)
const showDigit = (digit: TestDigit): void => {
  pendingLabel = digit.label
  pad.show(digit.pixels)
  pendingLabel = undefined
}
const gallery = createGallery(byId('gallery'), byId<HTMLButtonElement>('sample'), byId('sample-note'), showDigit)
setInput(undefined)

// Loading model files
// -------------------

let loaded = 0
const loadFile = async (file: File): Promise<void> => {
  const result = readModel(await file.text(), file.name, `${file.name} (loaded)`)
  if (E.isLeft(result)) {
    modelError.textContent = result.left
    return
  }
  modelError.textContent = ''
  loaded++
  offer(`file-${loaded}`, result.right, true)
}

const picker = byId<HTMLInputElement>('model-file')
picker.addEventListener('change', () => {
  const file = picker.files?.[0]
  if (file !== undefined) void loadFile(file)
  picker.value = ''
})

// Dropping a file anywhere on the page loads it; the drop zone lights up meanwhile.
const dropZone = byId('drop-zone')
document.addEventListener('dragover', (event) => {
  if (!event.dataTransfer?.types.includes('Files')) return
  event.preventDefault()
  dropZone.classList.add('dragging')
})
document.addEventListener('dragleave', (event) => {
  if (event.relatedTarget === null) dropZone.classList.remove('dragging')
})
document.addEventListener('drop', (event) => {
  event.preventDefault()
  dropZone.classList.remove('dragging')
  const file = event.dataTransfer?.files[0]
  if (file !== undefined) void loadFile(file)
})

// The shipped models
// ------------------

const SHIPPED = [
  { value: 'original', file: 'models/original.json', label: 'the original network (npm run train, 92.26%)' },
  { value: 'convnetjs', file: 'models/convnetjs.json', label: 'the ConvNetJS network (99.06%)' },
] as const

for (const [n, m] of SHIPPED.entries()) {
  void fetchModel(m.file, m.label).then((result) => {
    if (E.isLeft(result)) {
      modelError.textContent = result.left
      return
    }
    offer(m.value, result.right, n === 0 && modelMenu.value === '')
  })
}

// Training
// --------

const worker = new Worker('worker.js')
const panel = createTrainPanel(worker, (live) => {
  if (live === undefined) {
    models.delete('live')
    const option = Array.from(modelMenu.options).find((o) => o.value === 'live')
    const wasSelected = modelMenu.value === 'live'
    option?.remove()
    if (wasSelected) {
      modelMenu.value = SHIPPED[0].value
      showModel()
    }
    return
  }
  const first = !models.has('live')
  offer('live', { net: live.net, params: live.params, classes: Array.from({ length: 10 }, (_, i) => String(i)), label: `being trained: ${live.arch}`, summary: `${live.arch}, being trained in this page` }, first)
})

const dataNote = byId('data-note')
worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
  const m = event.data
  if (m.type === 'ready') {
    dataNote.textContent = `The page trains on ${m.train.toLocaleString('en-US')} MNIST digits and measures on ${m.test.toLocaleString('en-US')} others, shipped with it (${(m.bytes / 1e6).toFixed(1)} MB, gzipped): the first ${m.train.toLocaleString('en-US')} training digits and the first ${m.test.toLocaleString('en-US')} test digits of the original experiment's split. npm run train uses all 56,000 and 14,000.`
  }
  if (m.type === 'failed') console.error(m.message)
  panel.handle(m)
})
worker.addEventListener('error', (event) => console.error(`training worker: ${event.message}`))
byId('clear').addEventListener('click', () => {
  byId('sample-note').textContent = ''
})
