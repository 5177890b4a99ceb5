// annotated-cnn in the browser
// ============================
//
// The page's entry point, bundled by `npm run site` (site/tools/build.ts) into
// docs/demo/main.js. It connects five panels that share one "current model" and one input:
//
//     Draw       draw.ts: a pad, and the 28×28 input MNIST's preprocessing makes of it
//     Flow       flow.ts: that input through every layer of the current model (forward)
//     Learn      backward.ts: the gradients of the loss for a target class, back to the
//                input, and one step of SGD (backward)
//     Test set   gallery.ts: the current model on every shipped test digit; a digit chosen
//                there becomes the input, with its label
//     Train      trainPanel.ts + worker.ts: a network trained live, which becomes the
//                current model while it trains
//
// The current model is one of the three shipped with the page (docs/demo/models/), a
// model.json you load (file picker or drag and drop, read off this thread by models.ts and
// modelWorker.ts exactly as the command line reads it), or the network being trained.
// Everything is computed by the library in src/, the same code `npm run train` runs;
// nothing leaves the page.

import * as E from 'fp-ts/lib/Either.js'
import { tensor } from '../src/core/tensor.ts'
import { classify } from '../src/model/predict.ts'
import { createBackward } from './backward.ts'
import { byId } from './dom.ts'
import { createPad } from './draw.ts'
import { createFlow, type FlowModel } from './flow.ts'
import { createGallery, type TestDigit } from './gallery.ts'
import { MAX_MODEL_FILE_BYTES } from './modelLimit.ts'
import { fetchModel, readModelFile, type PageModel, type Reading } from './models.ts'
import { greyScale, paintMap } from './render.ts'
import { createTrainPanel } from './trainPanel.ts'


const modelMenu = byId<HTMLSelectElement>('model')
const modelInfo = byId('model-info')
const modelError = byId('model-error')
const modelStatus = byId('model-status')
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
    prediction.title = ''
    prediction.classList.remove('long')
    prediction.setAttribute('aria-label', 'no digit drawn yet')
    return
  }
  const [answer] = classify(model.net, model.params, tensor([1, 1, 28, 28], input))
  prediction.textContent = model.classes[answer]
  prediction.title = model.classes[answer] // the whole name, where a long one is cut short
  prediction.classList.toggle('long', Array.from(model.classes[answer]).length > 2)
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

// Where a model goes in the menu: the shipped ones first, in their order, then the others as they come.
const rank = (value: string): number => {
  const shipped = SHIPPED.findIndex((m) => m.value === value)
  return shipped < 0 ? SHIPPED.length : shipped
}

// Adds a model to the menu (replacing one with the same value) and, if asked, selects it.
// Adding does not choose: while no model is chosen (the default has not arrived yet), none is.
const offer = (value: string, model: PageModel | (FlowModel & { readonly label: string; readonly summary: string }), select: boolean): void => {
  models.set(value, model)
  const before = modelMenu.value
  let option = Array.from(modelMenu.options).find((o) => o.value === value)
  if (option === undefined) {
    option = new Option(model.label, value)
    modelMenu.insertBefore(option, Array.from(modelMenu.options).find((o) => rank(o.value) > rank(value)) ?? null)
  }
  option.textContent = model.label
  if (select) modelMenu.value = value
  else if (before === '') modelMenu.selectedIndex = -1
  if (select || modelMenu.value === value) showModel()
}

modelMenu.addEventListener('change', showModel)

// The drawing pad
// ---------------

// A digit of the test set shown on the pad comes with its label; a drawing has none.
let pendingLabel: number | undefined
const pad = createPad(byId('pad'), (next) => {
  // Drawing over a test digit makes it a drawing: its note no longer applies.
  if (pendingLabel === undefined) byId('sample-note').textContent = ''
  setInput(next, pendingLabel)
})
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

// A file is refused by its size at once, or read in a worker (models.ts): the page keeps
// drawing meanwhile. A file chosen while another is being read replaces it.
let loaded = 0
let reading: Reading | undefined
const loadFile = async (file: File): Promise<void> => {
  reading?.cancel()
  const mine = readModelFile(file, `${file.name} (loaded)`)
  reading = mine
  modelError.textContent = ''
  const large = file.size > 1e6 && file.size <= MAX_MODEL_FILE_BYTES // read for a while (a larger one is refused at once)
  modelStatus.textContent = large ? `Reading ${file.name} (${(file.size / 1e6).toFixed(0)} MB)…` : ''
  const result = await mine.result
  if (reading !== mine) return
  reading = undefined
  modelStatus.textContent = ''
  if (E.isLeft(result)) {
    modelError.textContent = result.left
    return
  }
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
  { value: 'record', file: 'models/record.json', label: 'the 99.5% recipe: batch norm, dropout, augmentation (99.51%)' },
] as const

// The menu lists them in this order (offer() puts them there), and the first is the
// default, whichever file arrives first (or, if it cannot be loaded, the next).
const failed = new Set<string>()
const isDefault = (value: string): boolean => SHIPPED.find((m) => !failed.has(m.value))?.value === value
for (const m of SHIPPED) {
  void fetchModel(m.file, m.label).then((result) => {
    if (E.isLeft(result)) {
      modelError.textContent = result.left
      failed.add(m.value)
      const next = SHIPPED.find((s) => isDefault(s.value) && models.has(s.value))
      if (modelMenu.value === '' && next !== undefined) {
        modelMenu.value = next.value
        showModel()
      }
      return
    }
    offer(m.value, result.right, isDefault(m.value) && modelMenu.value === '')
  })
}

// Training
// --------

// The panel starts its worker (worker.js) on the first Start, and a new one if it fails; it
// also writes the note on the training digits, which the worker fetches then.
createTrainPanel(() => new Worker('worker.js'), (live) => {
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

byId('clear').addEventListener('click', () => {
  byId('sample-note').textContent = ''
})
