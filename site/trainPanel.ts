// Train it live
// =============
//
// The controls of the training panel and what it shows while the worker trains
// (worker.ts): the settings, checked the way `npm run train` checks its flags, the
// architecture included, against the command line's memory budget (src/cli/budget.ts), so
// that `dense1000000000-dense10` is refused with the command line's message before anything
// is allocated; start, pause and reset; loss and accuracy curves; the speed; the first
// layer's kernels as they learn; the test accuracy after each pass; and the network being
// trained, handed to the drawing panel once a second so that you can draw while it learns.
//
// Most settings make the run (its network, optimizer, schedule and seed) and are fixed
// until Reset. Two may change during a run, as in ConvNetJS: the learning rate at any time
// (from the next step), and the batch size while paused (from the step after Resume). Each
// change is recorded with the step from which it held, and written into the downloaded
// model's training record, `"changes": "step 1201: lr 0.0005; step 5001: batch-size 32"`.
// The panel also writes the command that runs the same training in Node, and says when
// live changes made a run that the command cannot replay.
//
// The worker is started, and the digits fetched (1.6 MB for training, 0.3 MB for testing),
// on the first Start. A worker that fails (an error it did not catch, a script that did not
// load) shows its error, gives the controls back, and is replaced by a new one at the next
// Start.

import * as E from 'fp-ts/lib/Either.js'
import { checkBudget, EVALUATION_BATCH } from '../src/cli/budget.ts'
import type { ParamTree } from '../src/core/params.ts'
import { fastKernels } from '../src/fast/kernels.ts'
import { buildNetwork } from '../src/model/arch.ts'
import { batchTooSmall } from '../src/model/beyond.ts'
import { serializeModel, type EpochRecord } from '../src/model/modelFile.ts'
import type { Network } from '../src/model/sequential.ts'
import { exportOnnx } from '../src/onnx/export.ts'
import { byId } from './dom.ts'
import type { FromWorker, LiveSetting, RunSettings, ToWorker } from './protocol.ts'
import { divergingScale, drawChart, maxAbs, paintMosaic, type Series } from './render.ts'

/** Architectures to start from: the experiments of docs/experiments.md, with their recipes. */
export const PRESETS: readonly { readonly name: string; readonly settings: Omit<RunSettings, 'seed'> }[] = [
  { name: 'the original: one 3×3 kernel (per-sample Adam)', settings: { arch: 'conv3x3x1-lrelu-pool2-dense10', optimizer: 'adam', lr: 0.001, schedule: 'cosine', batchSize: 1, epochs: 10, shuffle: false } },
  { name: 'softmax regression: no convolution', settings: { arch: 'dense10', optimizer: 'adam', lr: 0.001, schedule: 'cosine', batchSize: 1, epochs: 10, shuffle: false } },
  { name: 'four 3×3 kernels', settings: { arch: 'conv3x3x4-lrelu-pool2-dense10', optimizer: 'adam', lr: 0.001, schedule: 'cosine', batchSize: 1, epochs: 10, shuffle: false } },
  { name: 'two convolutions', settings: { arch: 'conv3x3x8-relu-pool2-conv3x3x16-relu-pool2-dense10', optimizer: 'adam', lr: 0.002, schedule: 'cosine', batchSize: 16, epochs: 10, shuffle: true } },
  { name: 'the ConvNetJS network', settings: { arch: 'conv5x5x8p2-relu-pool2-conv5x5x16p2-relu-pool3-dense10', optimizer: 'adam', lr: 0.002, schedule: 'cosine', batchSize: 32, epochs: 8, shuffle: true } },
]

/** The live network, for the drawing panel. */
export interface LiveModel {
  readonly net: Network
  readonly params: ParamTree
  readonly arch: string
}

/** Where the page's digits are in the repository, and how they are split (site/tools/build.ts writes them). */
export const PAGE_DATA = { data: 'docs/demo/data', split: 'official', train: 10_000, test: 2_000 } as const

/** How often, at most, the drawing panel is handed the network being trained. */
export const LIVE_EVERY_MS = 1000

interface Controls {
  readonly preset: HTMLSelectElement
  readonly arch: HTMLInputElement
  readonly optimizer: HTMLSelectElement
  readonly lr: HTMLInputElement
  readonly batchSize: HTMLInputElement
  readonly epochs: HTMLInputElement
  readonly schedule: HTMLSelectElement
  readonly shuffle: HTMLInputElement
  readonly seed: HTMLInputElement
  readonly start: HTMLButtonElement
  readonly pause: HTMLButtonElement
  readonly reset: HTMLButtonElement
  readonly download: HTMLButtonElement
  readonly downloadOnnx: HTMLButtonElement
  readonly error: HTMLElement
  readonly status: HTMLElement
  readonly command: HTMLElement
  readonly commandNote: HTMLElement
  readonly dataNote: HTMLElement
  readonly epoch: HTMLElement
  readonly speed: HTMLElement
  readonly speedNow: HTMLElement
  readonly accuracy: HTMLElement
  readonly lossChart: HTMLCanvasElement
  readonly accuracyChart: HTMLCanvasElement
  readonly kernels: HTMLCanvasElement
  readonly kernelsCaption: HTMLElement
  readonly epochRows: HTMLElement
}


// A call when the page is next idle (at most 2 s later); browsers without requestIdleCallback wait 100 ms.
const whenIdle = (f: () => void): number =>
  typeof requestIdleCallback === 'function' ? requestIdleCallback(f, { timeout: 2000 }) : window.setTimeout(f, 100)
const cancelIdle = (handle: number): void => {
  if (typeof cancelIdleCallback === 'function') cancelIdleCallback(handle)
  else window.clearTimeout(handle)
}

const grouped = (n: number): string => Math.round(n).toLocaleString('en-US')

// Reading the settings
// --------------------

// A number field, checked; the messages follow those of `npm run train`'s flags (src/cli/flags.ts).
const positiveNumber = (flag: string, text: string): E.Either<string, number> => {
  const v = Number(text)
  return text.trim() !== '' && Number.isFinite(v) && v > 0 ? E.right(v) : E.left(`${flag} must be a number > 0, got "${text}"`)
}
const wholeNumber = (flag: string, text: string, min = 1, max?: number): E.Either<string, number> => {
  const v = Number(text)
  const range = max === undefined ? `≥ ${min}` : `from ${min} to ${max}`
  return /^[+-]?\d+$/.test(text.trim()) && Number.isSafeInteger(v) && v >= min && (max === undefined || v <= max) ? E.right(v) : E.left(`${flag} must be a whole number ${range}, got "${text}"`)
}
const readLr = (text: string) => positiveNumber('learning rate (--lr)', text)
const readBatchSize = (text: string) => wholeNumber('batch size (--batch-size)', text)

/** The network of an architecture for the page's digits, within the command line's memory budget for this batch size. */
export const checkedNetwork = (arch: string, batchSize: number): E.Either<string, Network> => {
  const built = buildNetwork(arch, [1, 28, 28], 10, fastKernels)
  if (E.isLeft(built)) return E.left(`--arch: ${built.left}`)
  // Batch norm after a dense layer cannot train on batches of one (as the command line says).
  const small = batchTooSmall(built.right, batchSize)
  if (small !== undefined) return E.left(`--arch: ${small}`)
  // Training holds a batch's activations; the test pass after each epoch, 128 images'.
  const budget = checkBudget(built.right, Math.max(batchSize, EVALUATION_BATCH))
  return E.isLeft(budget) ? E.left(`--arch: ${budget.left}`) : budget
}

/** The command that trains the same way in Node, on the same training digits. */
export const commandFor = (s: RunSettings, trainCount: number): string =>
  [
    'npm run train --',
    `--arch ${s.arch}`,
    s.optimizer === 'adam' ? '' : `--optimizer ${s.optimizer}`,
    `--lr ${s.lr}`,
    s.schedule === 'cosine' ? '' : `--schedule ${s.schedule}`,
    `--batch-size ${s.batchSize}`,
    `--epochs ${s.epochs}`,
    s.shuffle ? '--shuffle' : '',
    `--seed ${s.seed}`,
    `--limit ${trainCount}`,
    '--workers 1',
  ].filter((part) => part !== '').join(' ')

/** A change made during a run, from the step it took effect. */
export interface Change {
  readonly step: number
  readonly setting: LiveSetting
}

/** The changes as the model file records them: `step 1201: lr 0.0005; step 5001: batch-size 32`. */
export const showChanges = (changes: readonly Change[]): string =>
  changes.map(({ step, setting }) => `step ${step}: ${'lr' in setting ? `lr ${setting.lr}` : `batch-size ${setting.batchSize}`}`).join('; ')

export const createTrainPanel = (makeWorker: () => Worker, onLive: (model: LiveModel | undefined) => void): void => {
  const c: Controls = {
    preset: byId('preset'), arch: byId('arch'), optimizer: byId('optimizer'), lr: byId('lr'), batchSize: byId('batch-size'),
    epochs: byId('epochs'), schedule: byId('schedule'), shuffle: byId('shuffle'), seed: byId('seed'), start: byId('start'), pause: byId('pause'),
    reset: byId('reset'), download: byId('download'), downloadOnnx: byId('download-onnx'), error: byId('train-error'), status: byId('train-status'), command: byId('command'),
    commandNote: byId('command-note'), dataNote: byId('data-note'), epoch: byId('epoch'), speed: byId('speed'), speedNow: byId('speed-now'),
    accuracy: byId('accuracy'), lossChart: byId('loss-chart'), accuracyChart: byId('accuracy-chart'), kernels: byId('kernels'),
    kernelsCaption: byId('kernels-caption'), epochRows: byId('epoch-rows'),
  }
  let state: 'idle' | 'loading' | 'running' | 'paused' | 'finished' = 'idle'
  let counts: { train: number; test: number } = { train: PAGE_DATA.train, test: PAGE_DATA.test }
  let testFingerprint: string | undefined
  let settings: RunSettings | undefined
  let net: Network | undefined
  let params: ParamTree | undefined
  let changes: Change[] = []
  let lossPoints: [number, number][] = []
  let trainAccPoints: [number, number][] = []
  let testAccPoints: [number, number][] = []
  let highestLoss = 0.4
  let lowestAccuracy = 0.8
  let metrics: EpochRecord[] = []
  let lastLive = -Infinity

  // The worker
  // ----------

  let worker: Worker | undefined
  const tell = (message: ToWorker): void => {
    if (worker === undefined) {
      const w = makeWorker()
      w.addEventListener('message', (event: MessageEvent<FromWorker>) => {
        if (w === worker) handle(event.data)
      })
      // An error the worker did not catch, or a script that could not run: it is replaced at the next Start.
      w.addEventListener('error', (event) => {
        event.preventDefault()
        if (w === worker) stopped(event.message || 'its script could not be loaded or run')
      })
      w.addEventListener('messageerror', () => {
        if (w === worker) stopped('a message from it could not be read')
      })
      worker = w
    }
    worker.postMessage(message)
  }
  const stopped = (why: string): void => {
    worker?.terminate()
    worker = undefined
    c.error.textContent = `error: the training worker stopped: ${why}. Press Start to train again with a new one.`
    c.status.textContent = ''
    setState('idle')
  }

  // The settings
  // ------------

  // Enter in a field commits it (a live setting is sent then); it never submits the form.
  c.arch.form?.addEventListener('submit', (event) => event.preventDefault())
  PRESETS.forEach((p, i) => c.preset.append(new Option(p.name, String(i))))
  c.preset.append(new Option('your own (edit the fields)', 'custom'))

  const applyPreset = (i: number): void => {
    const s = PRESETS[i].settings
    c.arch.value = s.arch
    c.optimizer.value = s.optimizer
    c.lr.value = String(s.lr)
    c.schedule.value = s.schedule
    c.batchSize.value = String(s.batchSize)
    c.epochs.value = String(s.epochs)
    c.shuffle.checked = s.shuffle
  }
  applyPreset(0)

  // The settings in the form and the network they make, or the first thing wrong with them.
  const read = (): E.Either<string, { settings: RunSettings; net: Network }> => {
    const lr = readLr(c.lr.value)
    const batchSize = readBatchSize(c.batchSize.value)
    const epochs = wholeNumber('epochs (--epochs)', c.epochs.value)
    const seed = wholeNumber('seed (--seed)', c.seed.value, 0, 4294967295)
    if (E.isLeft(batchSize)) return batchSize
    const built = checkedNetwork(c.arch.value.trim(), batchSize.right)
    if (E.isLeft(built)) return built
    if (E.isLeft(lr)) return lr
    if (E.isLeft(epochs)) return epochs
    if (E.isLeft(seed)) return seed
    const s: RunSettings = {
      arch: c.arch.value.trim(),
      optimizer: c.optimizer.value as RunSettings['optimizer'],
      lr: lr.right,
      schedule: c.schedule.value as RunSettings['schedule'],
      batchSize: batchSize.right,
      epochs: epochs.right,
      shuffle: c.shuffle.checked,
      seed: seed.right,
    }
    return E.right({ settings: s, net: built.right })
  }

  // The command of the run under way or just over; of the form's settings once a field is edited.
  const showCommand = (fromForm = false): void => {
    if (!fromForm && settings !== undefined && state !== 'idle') {
      c.command.textContent = commandFor(settings, counts.train)
      c.commandNote.textContent = changes.length === 0 ? '' : ` — except this run's live changes (${showChanges(changes)}), which npm run train cannot replay: it keeps its settings for the whole run.`
      return
    }
    const r = read()
    c.error.textContent = E.isLeft(r) ? `error: ${r.left}` : ''
    c.command.textContent = E.isRight(r) ? commandFor(r.right.settings, counts.train) : '–'
    c.commandNote.textContent = E.isRight(r) ? '' : ' (once the settings are right)'
  }

  // Fixed for a run: all but the learning rate (always open) and the batch size (open while paused).
  const runFields = [c.preset, c.arch, c.optimizer, c.epochs, c.schedule, c.shuffle, c.seed]
  const setState = (next: typeof state): void => {
    state = next
    const inRun = next === 'loading' || next === 'running' || next === 'paused'
    for (const f of runFields) f.disabled = inRun
    c.batchSize.disabled = next === 'loading' || next === 'running'
    c.start.disabled = next === 'loading' || next === 'running'
    c.start.textContent = next === 'paused' ? 'Resume' : next === 'finished' ? 'Start again' : 'Start'
    c.pause.disabled = next !== 'running'
    c.reset.disabled = next === 'idle' && metrics.length === 0
    c.download.disabled = metrics.length === 0
    c.downloadOnnx.disabled = metrics.length === 0
  }

  c.preset.addEventListener('change', () => {
    if (c.preset.value !== 'custom') applyPreset(Number(c.preset.value))
    showCommand(true)
  })
  for (const f of [c.arch, c.optimizer, c.epochs, c.schedule, c.shuffle, c.seed]) {
    f.addEventListener('input', () => {
      c.preset.value = 'custom'
      showCommand(true)
    })
  }
  // The two live settings: between runs they are settings like the others; during a run
  // they are sent to the worker when the field is committed (Enter, or leaving it).
  const inRun = (): boolean => state === 'loading' || state === 'running' || state === 'paused'
  for (const f of [c.lr, c.batchSize]) {
    f.addEventListener('input', () => {
      if (inRun()) return
      c.preset.value = 'custom'
      showCommand(true)
    })
  }
  c.lr.addEventListener('change', () => {
    if (!inRun()) return
    const lr = readLr(c.lr.value)
    if (E.isLeft(lr)) {
      c.error.textContent = `error: ${lr.left}`
      return
    }
    c.error.textContent = ''
    tell({ type: 'set', setting: { lr: lr.right } })
  })
  c.batchSize.addEventListener('change', () => {
    if (state !== 'paused' || settings === undefined || net === undefined) return
    const batchSize = readBatchSize(c.batchSize.value)
    const small = E.isLeft(batchSize) ? undefined : batchTooSmall(net, batchSize.right)
    const fits = E.isLeft(batchSize) ? batchSize : small !== undefined ? E.left(small) : checkBudget(net, Math.max(batchSize.right, EVALUATION_BATCH))
    if (E.isLeft(fits)) {
      c.error.textContent = `error: ${E.isLeft(batchSize) ? fits.left : `--batch-size: ${fits.left}`}`
      return
    }
    c.error.textContent = ''
    tell({ type: 'set', setting: { batchSize: Number(c.batchSize.value) } })
    c.status.textContent = `paused; batch size ${Number(c.batchSize.value)} from the next step, when you resume`
  })

  // Charts and kernels, drawn at most once a frame
  // ----------------------------------------------

  const drawCharts = (): void => {
    const xMax = Math.max(1, settings?.epochs ?? 1)
    const loss: Series[] = [{ name: 'training loss', colour: '#b2182b', points: lossPoints }]
    // Round axis ends, so that the four grid lines fall on round numbers.
    drawChart(c.lossChart, loss, { yMin: 0, yMax: Math.min(2.4, Math.ceil(highestLoss / 0.4) * 0.4), xMax, yLabel: (v) => v.toFixed(1), xLabel: 'epochs' })
    const accuracy: Series[] = [
      { name: 'training', colour: '#2166ac', points: trainAccPoints },
      { name: 'test', colour: '#1a7f37', points: testAccPoints, dots: true },
    ]
    drawChart(c.accuracyChart, accuracy, { yMin: Math.max(0, Math.floor(lowestAccuracy * 5) / 5), yMax: 1, xMax, yLabel: (v) => `${Math.round(v * 100)}%`, xLabel: 'epochs' })
  }

  // The first layer with weights: a convolution's filters, or a dense layer's templates
  // when it reads the 28×28 image directly.
  const drawKernels = (): void => {
    if (net === undefined || params === undefined) return
    const i = params.findIndex((record) => record.weights !== undefined)
    if (i < 0) return
    const w = params[i].weights
    const name = net.layers[i].name
    if (w.shape.length === 4) {
      const [K, C, kH, kW] = w.shape
      const columns = Math.min(8, K * C)
      paintMosaic(c.kernels, w.data, K * C, kH, kW, divergingScale(maxAbs(w.data)), columns)
      // Up to 40 px a weight, and at most 280 px in all.
      c.kernels.style.width = `${Math.round(columns * (kW + 1) * Math.min(40, 280 / (columns * (kW + 1))))}px`
      c.kernelsCaption.textContent = `the ${K * C === 1 ? 'kernel' : `${K * C} kernels`} of ${name} (${kH}×${kW}${C > 1 ? `, ${C} channels each` : ''}), blue < 0 < red`
    } else if (w.shape[1] === 784) {
      paintMosaic(c.kernels, w.data, w.shape[0], 28, 28, divergingScale(maxAbs(w.data)), 5)
      c.kernels.style.width = '280px'
      c.kernelsCaption.textContent = `the ${w.shape[0]} templates of ${name}, one per class, blue < 0 < red`
    }
  }

  let frame: number | undefined
  let kernelsDirty = false
  const redraw = (kernels: boolean): void => {
    kernelsDirty ||= kernels
    frame ??= requestAnimationFrame(() => {
      frame = undefined
      drawCharts()
      if (kernelsDirty) drawKernels()
      kernelsDirty = false
    })
  }

  // The network being trained, to the drawing panel: at most once a second, and at the end.
  // The panels redraw for it (and the gallery reads its test digits again), so a handover
  // also waits for a moment when the page is idle: on a busy computer they finish what the
  // last one started before the next arrives, instead of piling up.
  let handover: number | undefined
  const give = (): void => {
    handover = undefined
    if (net === undefined || params === undefined || settings === undefined) return
    lastLive = performance.now()
    onLive({ net, params, arch: settings.arch })
  }
  const live = (now: boolean): void => {
    if (net === undefined || params === undefined || settings === undefined) return
    if (now) {
      if (handover !== undefined) cancelIdle(handover)
      give()
      return
    }
    if (handover !== undefined || performance.now() - lastLive < LIVE_EVERY_MS) return
    handover = whenIdle(give)
  }

  const clearAll = (): void => {
    lossPoints = []
    trainAccPoints = []
    testAccPoints = []
    highestLoss = 0.4
    lowestAccuracy = 0.8
    metrics = []
    changes = []
    params = undefined
    lastLive = -Infinity
    if (handover !== undefined) cancelIdle(handover)
    handover = undefined
    c.epoch.textContent = '–'
    c.speed.textContent = '–'
    c.speedNow.textContent = ''
    delete c.speed.dataset.average
    delete c.speed.dataset.samples
    c.accuracy.textContent = '–'
    c.status.textContent = ''
    c.epochRows.replaceChildren()
    c.epochRows.closest('table')?.setAttribute('hidden', '')
    const context = c.kernels.getContext('2d')
    context?.clearRect(0, 0, c.kernels.width, c.kernels.height)
    c.kernelsCaption.textContent = 'the first layer\'s kernels appear here when training starts'
    redraw(false)
  }

  // Buttons
  // -------

  c.start.addEventListener('click', () => {
    if (state === 'paused' && settings !== undefined) {
      tell({ type: 'start', settings })
      c.status.textContent = `training ${settings.arch}…`
      setState('running')
      return
    }
    const r = read()
    if (E.isLeft(r)) {
      showCommand(true)
      return
    }
    c.error.textContent = ''
    clearAll()
    settings = r.right.settings
    net = r.right.net
    showCommand()
    if (worker !== undefined) tell({ type: 'reset' })
    tell({ type: 'start', settings })
    c.status.textContent = `training ${settings.arch}…`
    setState('running')
    showCommand()
  })
  c.pause.addEventListener('click', () => {
    tell({ type: 'pause' })
    setState('paused')
    c.status.textContent = 'paused'
    c.speedNow.textContent = ''
    live(true)
  })
  c.reset.addEventListener('click', () => {
    if (worker !== undefined) tell({ type: 'reset' })
    clearAll()
    settings = undefined
    onLive(undefined)
    setState('idle')
    showCommand()
  })
  // Hands a file to the browser's downloads.
  const save = (name: string, blob: Blob): void => {
    const link = document.createElement('a')
    link.href = URL.createObjectURL(blob)
    link.download = name
    link.click()
    setTimeout(() => URL.revokeObjectURL(link.href), 1000)
  }
  c.download.addEventListener('click', () => {
    if (settings === undefined || net === undefined || params === undefined) return
    const s = settings
    let text: string
    try {
      text = serializeModel(
        {
          arch: s.arch, inputShape: [1, 28, 28], classes: Array.from({ length: 10 }, (_, i) => String(i)), seed: s.seed,
          training: {
            epochs: s.epochs, batchSize: s.batchSize, lr: s.lr, optimizer: s.optimizer, schedule: s.schedule, shuffle: s.shuffle,
            // So that `npm run evaluate -- --model model.json`, run in the repository, measures the same test digits.
            limit: counts.train, data: PAGE_DATA.data, split: PAGE_DATA.split, ...(testFingerprint === undefined ? {} : { testFingerprint }),
            kernels: 'fast', workers: 1,
            ...(changes.length === 0 ? {} : { changes: showChanges(changes) }),
          },
          metrics, params,
        },
        net,
      )
    } catch (error) {
      // serializeModel refuses what no reader would accept, such as weights that overflowed.
      c.status.textContent = `cannot save this model: ${error instanceof Error ? error.message : String(error)}`
      return
    }
    save('model.json', new Blob([text], { type: 'application/json' }))
  })
  // The same network as an ONNX model (src/onnx/export.ts), for onnxruntime or Netron.
  c.downloadOnnx.addEventListener('click', () => {
    if (net === undefined || params === undefined) return
    const bytes = exportOnnx({ net, params, classes: Array.from({ length: 10 }, (_, i) => String(i)) })
    if (E.isLeft(bytes)) {
      c.status.textContent = `cannot export this model: ${bytes.left}`
      return
    }
    save('model.onnx', new Blob([new Uint8Array(bytes.right)], { type: 'application/octet-stream' }))
  })

  // Messages from the worker
  // ------------------------

  const handle = (m: FromWorker): void => {
    if (m.type === 'loading') {
      setState('loading')
      c.status.textContent = 'fetching the digits (1.9 MB)…'
    } else if (m.type === 'ready') {
      counts = { train: m.train, test: m.test }
      testFingerprint = m.testFingerprint
      c.dataNote.textContent = `The page trains on ${m.train.toLocaleString('en-US')} MNIST digits and measures on ${m.test.toLocaleString('en-US')} others, fetched when you first pressed Start (${(m.bytes / 1e6).toFixed(1)} MB, gzipped): the first ${m.train.toLocaleString('en-US')} training digits and the first ${m.test.toLocaleString('en-US')} test digits of the original experiment's split. npm run train uses all 56,000 and 14,000.`
      if (state === 'loading') {
        setState('running')
        c.status.textContent = `training ${settings?.arch ?? ''}…`
      }
      showCommand()
    } else if (m.type === 'progress' && settings !== undefined && net !== undefined) {
      const x = m.samples / counts.train
      lossPoints.push([x, m.loss])
      trainAccPoints.push([x, m.accuracy])
      highestLoss = Math.max(highestLoss, m.loss)
      lowestAccuracy = Math.min(lowestAccuracy, m.accuracy)
      params = m.params
      c.epoch.textContent = `${m.epoch}/${settings.epochs} (${Math.round((m.seen / m.total) * 100)}%)`
      c.speed.textContent = `${grouped(m.averageSamplesPerSecond)} samples/s`
      c.speed.dataset.average = String(m.averageSamplesPerSecond)
      c.speed.dataset.samples = String(m.samples)
      c.speedNow.textContent = `now ${grouped(m.samplesPerSecond)}/s`
      redraw(true)
      live(false)
    } else if (m.type === 'epoch') {
      testAccPoints.push([m.samples / counts.train, m.testAccuracy])
      lowestAccuracy = Math.min(lowestAccuracy, m.testAccuracy)
      metrics.push({ epoch: m.epoch, trainLoss: m.trainLoss, trainAccuracy: m.trainAccuracy, testAccuracy: m.testAccuracy })
      c.accuracy.textContent = `${(m.testAccuracy * 100).toFixed(1)}%`
      const row = document.createElement('tr')
      for (const text of [String(m.epoch), m.trainLoss.toFixed(4), `${(m.trainAccuracy * 100).toFixed(2)}%`, `${(m.testAccuracy * 100).toFixed(2)}%`]) {
        const cell = document.createElement('td')
        cell.textContent = text
        row.append(cell)
      }
      c.epochRows.append(row)
      c.epochRows.closest('table')?.removeAttribute('hidden')
      params = m.params
      c.download.disabled = false
      c.downloadOnnx.disabled = false
      redraw(true)
    } else if (m.type === 'changed') {
      changes.push({ step: m.step, setting: m.setting })
      c.status.textContent = `${'lr' in m.setting ? `learning rate ${m.setting.lr}` : `batch size ${m.setting.batchSize}`} from step ${m.step.toLocaleString('en-US')}`
      showCommand()
    } else if (m.type === 'done') {
      c.status.textContent = m.message
      c.speedNow.textContent = ''
      if (m.outcome === 'diverged') c.error.textContent = `error: ${m.message}`
      setState('finished')
      live(true)
    } else if (m.type === 'failed') {
      c.error.textContent = `error: ${m.message}`
      c.status.textContent = ''
      setState('idle')
    }
  }

  setState('idle')
  clearAll()
  showCommand()
  window.addEventListener('resize', () => redraw(false))
}
