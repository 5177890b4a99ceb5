// Train it live
// =============
//
// The controls of the training panel and what it shows while the worker trains
// (worker.ts): the settings, checked the way `npm run train` checks its flags; start, pause
// and reset; loss and accuracy curves; the speed; the first layer's kernels as they learn;
// the test accuracy after each pass; and the network being trained, handed to the drawing
// panel a few times a second so that you can draw while it learns.
//
// Settings are fixed for a run (they make the run's optimizer and schedule); change them
// after Reset. The panel also writes the command that runs the same training in Node.

import * as E from 'fp-ts/lib/Either.js'
import type { ParamTree } from '../src/core/params.ts'
import { fastKernels } from '../src/fast/kernels.ts'
import { buildNetwork } from '../src/model/arch.ts'
import { serializeModel, type EpochRecord } from '../src/model/modelFile.ts'
import type { Network } from '../src/model/sequential.ts'
import type { FromWorker, RunSettings, ToWorker } from './protocol.ts'
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

interface Controls {
  readonly preset: HTMLSelectElement
  readonly arch: HTMLInputElement
  readonly optimizer: HTMLSelectElement
  readonly lr: HTMLInputElement
  readonly batchSize: HTMLInputElement
  readonly epochs: HTMLInputElement
  readonly schedule: HTMLSelectElement
  readonly shuffle: HTMLInputElement
  readonly start: HTMLButtonElement
  readonly pause: HTMLButtonElement
  readonly reset: HTMLButtonElement
  readonly download: HTMLButtonElement
  readonly error: HTMLElement
  readonly status: HTMLElement
  readonly command: HTMLElement
  readonly epoch: HTMLElement
  readonly speed: HTMLElement
  readonly accuracy: HTMLElement
  readonly lossChart: HTMLCanvasElement
  readonly accuracyChart: HTMLCanvasElement
  readonly kernels: HTMLCanvasElement
  readonly kernelsCaption: HTMLElement
  readonly epochs_: HTMLElement
}

const byId = <T extends HTMLElement>(id: string): T => {
  const e = document.getElementById(id)
  if (e === null) throw new Error(`the page has no #${id}`)
  return e as T
}

const SEED = 1

// Reading the settings
// --------------------

// A number field, checked; the messages follow those of `npm run train`'s flags.
const positiveNumber = (flag: string, text: string): E.Either<string, number> => {
  const v = Number(text)
  return text.trim() !== '' && Number.isFinite(v) && v > 0 ? E.right(v) : E.left(`${flag} must be a number > 0, got "${text}"`)
}
const wholeNumber = (flag: string, text: string): E.Either<string, number> => {
  const v = Number(text)
  return text.trim() !== '' && Number.isSafeInteger(v) && v >= 1 ? E.right(v) : E.left(`${flag} must be a whole number ≥ 1, got "${text}"`)
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
    `--limit ${trainCount}`,
    '--workers 1',
  ].filter((part) => part !== '').join(' ')

export const createTrainPanel = (worker: Worker, onLive: (model: LiveModel | undefined) => void): { readonly handle: (message: FromWorker) => void } => {
  const c: Controls = {
    preset: byId('preset'), arch: byId('arch'), optimizer: byId('optimizer'), lr: byId('lr'), batchSize: byId('batch-size'),
    epochs: byId('epochs'), schedule: byId('schedule'), shuffle: byId('shuffle'), start: byId('start'), pause: byId('pause'),
    reset: byId('reset'), download: byId('download'), error: byId('train-error'), status: byId('train-status'), command: byId('command'),
    epoch: byId('epoch'), speed: byId('speed'), accuracy: byId('accuracy'), lossChart: byId('loss-chart'),
    accuracyChart: byId('accuracy-chart'), kernels: byId('kernels'), kernelsCaption: byId('kernels-caption'), epochs_: byId('epoch-rows'),
  }
  const tell = (message: ToWorker): void => worker.postMessage(message)
  let state: 'loading' | 'idle' | 'running' | 'paused' | 'finished' = 'loading'
  let counts = { train: 0, test: 0 }
  let settings: RunSettings | undefined
  let net: Network | undefined
  let params: ParamTree | undefined
  let lossPoints: [number, number][] = []
  let trainAccPoints: [number, number][] = []
  let testAccPoints: [number, number][] = []
  let metrics: EpochRecord[] = []

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

  // The settings in the form, or the first thing wrong with them.
  const read = (): E.Either<string, { settings: RunSettings; net: Network }> => {
    const lr = positiveNumber('learning rate (--lr)', c.lr.value)
    const batchSize = wholeNumber('batch size (--batch-size)', c.batchSize.value)
    const epochs = wholeNumber('epochs (--epochs)', c.epochs.value)
    const built = buildNetwork(c.arch.value, [1, 28, 28], 10, fastKernels)
    if (E.isLeft(built)) return E.left(`--arch: ${built.left}`)
    if (E.isLeft(lr)) return lr
    if (E.isLeft(batchSize)) return batchSize
    if (E.isLeft(epochs)) return epochs
    const s: RunSettings = {
      arch: c.arch.value.trim(),
      optimizer: c.optimizer.value as RunSettings['optimizer'],
      lr: lr.right,
      schedule: c.schedule.value as RunSettings['schedule'],
      batchSize: batchSize.right,
      epochs: epochs.right,
      shuffle: c.shuffle.checked,
      seed: SEED,
    }
    return E.right({ settings: s, net: built.right })
  }

  const showCommand = (): void => {
    const r = read()
    c.error.textContent = E.isLeft(r) ? `error: ${r.left}` : ''
    if (E.isRight(r)) c.command.textContent = commandFor(r.right.settings, counts.train)
  }

  const fields = [c.preset, c.arch, c.optimizer, c.lr, c.batchSize, c.epochs, c.schedule, c.shuffle]
  const setState = (next: typeof state): void => {
    state = next
    const locked = next === 'running' || next === 'paused'
    for (const f of fields) f.disabled = locked || next === 'loading'
    c.start.disabled = next === 'loading' || next === 'running'
    c.start.textContent = next === 'paused' ? 'Resume' : next === 'finished' ? 'Start again' : 'Start'
    c.pause.disabled = next !== 'running'
    c.reset.disabled = next === 'loading' || next === 'idle'
    c.download.disabled = metrics.length === 0
  }

  c.preset.addEventListener('change', () => {
    if (c.preset.value !== 'custom') applyPreset(Number(c.preset.value))
    showCommand()
  })
  for (const f of fields.slice(1)) {
    f.addEventListener('input', () => {
      c.preset.value = 'custom'
      showCommand()
    })
  }

  // Charts and kernels
  // ------------------

  const drawCharts = (): void => {
    const xMax = Math.max(1, settings?.epochs ?? 1)
    const loss: Series[] = [{ name: 'training loss', colour: '#b2182b', points: lossPoints }]
    // Round axis ends, so that the four grid lines fall on round numbers.
    const highest = Math.max(0.4, ...lossPoints.map(([, y]) => y))
    drawChart(c.lossChart, loss, { yMin: 0, yMax: Math.min(2.4, Math.ceil(highest / 0.4) * 0.4), xMax, yLabel: (v) => v.toFixed(1), xLabel: 'epochs' })
    const accuracy: Series[] = [
      { name: 'training', colour: '#2166ac', points: trainAccPoints },
      { name: 'test', colour: '#1a7f37', points: testAccPoints, dots: true },
    ]
    const lowest = Math.min(0.8, ...trainAccPoints.map(([, y]) => y), ...testAccPoints.map(([, y]) => y))
    drawChart(c.accuracyChart, accuracy, { yMin: Math.max(0, Math.floor(lowest * 5) / 5), yMax: 1, xMax, yLabel: (v) => `${Math.round(v * 100)}%`, xLabel: 'epochs' })
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

  const clearAll = (): void => {
    lossPoints = []
    trainAccPoints = []
    testAccPoints = []
    metrics = []
    params = undefined
    c.epoch.textContent = '–'
    c.speed.textContent = '–'
    c.accuracy.textContent = '–'
    c.status.textContent = ''
    c.epochs_.replaceChildren()
    c.epochs_.closest('table')?.setAttribute('hidden', '')
    const context = c.kernels.getContext('2d')
    context?.clearRect(0, 0, c.kernels.width, c.kernels.height)
    c.kernelsCaption.textContent = 'the first layer\'s kernels appear here when training starts'
    drawCharts()
  }

  // Buttons
  // -------

  c.start.addEventListener('click', () => {
    if (state === 'paused') {
      tell({ type: 'start', settings: settings! })
      setState('running')
      return
    }
    const r = read()
    if (E.isLeft(r)) {
      c.error.textContent = `error: ${r.left}`
      return
    }
    clearAll()
    settings = r.right.settings
    net = r.right.net
    c.command.textContent = commandFor(settings, counts.train)
    tell({ type: 'reset' })
    tell({ type: 'start', settings })
    c.status.textContent = `training ${settings.arch}…`
    setState('running')
  })
  c.pause.addEventListener('click', () => {
    tell({ type: 'pause' })
    setState('paused')
  })
  c.reset.addEventListener('click', () => {
    tell({ type: 'reset' })
    clearAll()
    onLive(undefined)
    setState('idle')
  })
  c.download.addEventListener('click', () => {
    if (settings === undefined || net === undefined || params === undefined) return
    const s = settings
    let text: string
    try {
      text = serializeModel(
        {
          arch: s.arch, inputShape: [1, 28, 28], classes: Array.from({ length: 10 }, (_, i) => String(i)), seed: s.seed,
          training: { epochs: s.epochs, batchSize: s.batchSize, lr: s.lr, optimizer: s.optimizer, schedule: s.schedule, shuffle: s.shuffle, limit: counts.train, data: 'the page\'s MNIST subset', kernels: 'fast', workers: 1 },
          metrics, params,
        },
        net,
      )
    } catch (error) {
      // serializeModel refuses what no reader would accept, such as weights that overflowed.
      c.status.textContent = `cannot save this model: ${error instanceof Error ? error.message : String(error)}`
      return
    }
    const link = document.createElement('a')
    link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
    link.download = 'model.json'
    link.click()
    setTimeout(() => URL.revokeObjectURL(link.href), 1000)
  })

  // Messages from the worker
  // ------------------------

  const handle = (m: FromWorker): void => {
    if (m.type === 'ready') {
      counts = { train: m.train, test: m.test }
      setState('idle')
      showCommand()
      drawCharts()
    } else if (m.type === 'progress' && settings !== undefined && net !== undefined) {
      const x = m.samples / counts.train
      lossPoints.push([x, m.loss])
      trainAccPoints.push([x, m.accuracy])
      params = m.params
      c.epoch.textContent = `${m.epoch}/${settings.epochs} (${Math.round((m.seen / m.total) * 100)}%)`
      c.speed.textContent = `${Math.round(m.samplesPerSecond).toLocaleString('en-US')} samples/s`
      c.speed.dataset.average = String(Math.round(m.averageSamplesPerSecond))
      drawCharts()
      drawKernels()
      onLive({ net, params, arch: settings.arch })
    } else if (m.type === 'epoch') {
      testAccPoints.push([m.samples / counts.train, m.testAccuracy])
      metrics.push({ epoch: m.epoch, trainLoss: m.trainLoss, trainAccuracy: m.trainAccuracy, testAccuracy: m.testAccuracy })
      c.accuracy.textContent = `${(m.testAccuracy * 100).toFixed(1)}%`
      const row = document.createElement('tr')
      for (const text of [String(m.epoch), m.trainLoss.toFixed(4), `${(m.trainAccuracy * 100).toFixed(2)}%`, `${(m.testAccuracy * 100).toFixed(2)}%`]) {
        const cell = document.createElement('td')
        cell.textContent = text
        row.append(cell)
      }
      c.epochs_.append(row)
      c.epochs_.closest('table')?.removeAttribute('hidden')
      params = m.params
      c.download.disabled = false
      drawCharts()
    } else if (m.type === 'done') {
      c.status.textContent = m.message
      if (m.outcome === 'diverged') c.error.textContent = `error: ${m.message}`
      setState('finished')
    } else if (m.type === 'failed') {
      c.error.textContent = `error: ${m.message}`
      setState(state === 'loading' ? 'loading' : 'idle')
    }
  }

  setState('loading')
  clearAll()
  window.addEventListener('resize', () => drawCharts())
  return { handle }
}
