// Watch it learn
// ==============
//
// The backward pass made visible. For the digit in the pad and a target class t (the true
// label of a test digit, the model's own answer for a drawing, or any class you pick), the
// loss is L = −ln p_t, and learning means moving every number of the network against its
// gradient: how much L would change per unit change of that number. This panel runs
// src/model/trace.ts's `backwardTrace` (the layers' own backward functions, the ones
// `npm test` gradient-checks) and draws, from the end of the network back to its input:
//
//     ∂L/∂logits = p − onehot(t)        a row of one number per class
//     ∂L/∂(each layer's output)         maps like the forward ones (C, H, W), strips for vectors
//     ∂L/∂x, the input's gradient       a saliency map: which pixels would change L most
//     ∂L/∂(weights)                     each kernel's and each template's gradient, beside the weights
//
// Pointing at a value (or moving through a picture with the arrow keys) shows the chain-rule
// arithmetic that made it (backwardArithmetic.ts), and, for a pixel or a weight, a check by
// finite differences: the loss recomputed with that one number nudged up and down.
// "Take one step" applies one step of plain SGD (src/optim/sgd.ts) from this digit and shows
// what it changed; the stepped weights stay in this panel.
//
// Chapter 11's layers are differentiated as they predict, which is how the page runs them:
// batch norm is a fixed scale and shift per channel (∂L/∂x = ∂L/∂y · γ/√(variance + ε)) and
// dropout is off (∂L/∂x = ∂L/∂y). A step moves batch norm's γ and β, not its running mean and
// variance, which training sets from its batches rather than learns.
//
// Drawing costs time, so the panel repaints only while it is on screen (IntersectionObserver),
// and at most about once a second while a model being trained keeps arriving.

import type { ParamTree } from '../src/core/params.ts'
import { tensor, type Tensor } from '../src/core/tensor.ts'
import type { PoolCache } from '../src/layers/maxPool.ts'
import { softmaxCrossEntropy } from '../src/layers/softmaxCrossEntropy.ts'
import { sgd } from '../src/optim/sgd.ts'
import { backwardTrace, forwardTrace, type BackwardTrace } from '../src/model/trace.ts'
import { kindOf, type LayerKind, type Maps } from './arithmetic.ts'
import {
  activationBackTerms, batchNormBackTerms, convInputTerms, dropoutBackTerms, convWeightTerms, denseInputTerms, denseWeightTerms, finiteDifference, formatBackTerms,
  gnum, poolBackTerms, slopeText, softmaxBackTerms, sumOf, type BackTerms,
} from './backwardArithmetic.ts'
import { ANNOTATED, element, EXPLAINED_IN } from './dom.ts'
import type { FlowModel } from './flow.ts'
import { divergingScale, greyScale, paintMap, paintMosaic, robustMax, type Scale } from './render.ts'

/** The panel: give it a model and an input (28×28 in [0, 1]), and the true label when it is a test digit. */
export interface Backward {
  setModel(model: FlowModel | undefined): void
  setInput(input: Float32Array | undefined, label: number | undefined): void
}

/** The learning rate of "Take one step": moves the shipped networks' probabilities visibly without overshooting. */
const DEFAULT_LR = 0.01
/**
 * The nudge of the finite-difference check. The forward pass computes in float32, whose
 * logits (about ±20) are good to about 10⁻⁶, so the difference of two losses is too, and
 * dividing by 2ε = 0.002 leaves an error near 5·10⁻⁴. A smaller ε would magnify that
 * rounding; a larger one would more often cross a kink (a ReLU input passing 0, a pooling
 * winner changing) and see the loss's curvature.
 */
const EPS = 1e-3
/** Repaints for a model that keeps changing (one being trained) come at most this often. */
const MODEL_INTERVAL_MS = 1000
/** Repaints for a drawing that keeps changing come at most this often. */
const INPUT_INTERVAL_MS = 100

// How each kind of layer's backward turns ∂L/∂(its output) into ∂L/∂(its input), in words.
const backwardRule = (kind: LayerKind): string => {
  if (kind.kind === 'conv') {
    const p = kind.pad > 0 ? `+${kind.pad}` : ''
    return `each input value collects ∂L/∂y times the weight that joined them, over every filter and kernel position: ∂L/∂x[c,h,w] = Σ_k Σ_(u,v) ∂L/∂y[k, h−u${p}, w−v${p}]·w[k,c,u,v]${kind.stride !== 1 ? ` (stride ${kind.stride}: only where a window started, (h−u${p})/${kind.stride} whole)` : ''}`
  }
  if (kind.kind === 'activation') {
    if (kind.name === 'tanh') return '∂L/∂x = ∂L/∂y · (1 − y²), tanh\'s slope'
    if (kind.name === 'sigmoid') return '∂L/∂x = ∂L/∂y · y(1 − y), the sigmoid\'s slope'
    return `∂L/∂x = ∂L/∂y · (1 where x > 0, else ${kind.alpha}): the gradient passes where the unit was on${kind.alpha > 0 ? ' and shrinks where it was off' : ' and stops where it was off'}`
  }
  if (kind.kind === 'pool') return 'each window\'s gradient goes to the value that won it; the others get 0'
  if (kind.kind === 'dense') return '∂L/∂x_f = Σ_o ∂L/∂y_o · W[o,f]: every output sends back its gradient along its weight'
  if (kind.kind === 'bn') return '∂L/∂x = ∂L/∂y · γ/√(variance + ε): predicting, batch normalisation is a fixed scale and shift per channel (its mean and variance kept from training), so the gradient is scaled by the channel\'s slope'
  if (kind.kind === 'dropout') return `∂L/∂x = ∂L/∂y: dropout ${kind.p} is off when predicting (the identity), so the gradient passes unchanged`
  return 'the same numbers, read back in the shape before flattening'
}

const percent = (p: number): string => `${(p * 100).toFixed(1)}%`
// Two probabilities with as many decimals as it takes to tell them apart (up to `most`): a
// step may move 99.95% to 99.97%, which one decimal would show as no change at all.
const percents = (a: number, b: number, most: number): readonly [string, string] => {
  for (let d = 1; d <= most; d++) if ((a * 100).toFixed(d) !== (b * 100).toFixed(d)) return [`${(a * 100).toFixed(d)}%`, `${(b * 100).toFixed(d)}%`]
  return [percent(a), percent(b)]
}
// How many CSS pixels a weight of a mosaic `width` weights wide gets: about 260 px in all,
// at least 3 per weight (the picture may then shrink to fit a phone) and at most 24.
const zoomOf = (width: number): number => Math.max(3, Math.min(24, Math.floor(260 / width)))
const fixed = (v: number, digits = 3): string => v.toFixed(digits).replace('-', '−')
const zerosLike = (t: Tensor): Tensor => tensor(t.shape, new Float32Array(t.data.length))

// What one picture shows, and how its cells are addressed.
// A map stage: the gradient of layer `layer`'s output (−1: the input), C maps of H×W.
interface MapStage {
  readonly kind: 'maps'
  readonly layer: number
  readonly canvases: readonly HTMLCanvasElement[]
  readonly probes: readonly HTMLElement[]
  readonly range: HTMLElement
  readonly C: number
  readonly H: number
  readonly W: number
  readonly ink: HTMLCanvasElement | undefined // the input itself, beside its gradient
}

// A weight picture: the weights of layer `layer` and their gradient, as mosaics of
// `count` cells of h×w in rows of `columns` (conv: one row per filter, one column per input
// channel; dense: each output's weights folded to the shape of the layer's input).
interface WeightStage {
  readonly kind: 'weights'
  readonly layer: number
  readonly weights: HTMLCanvasElement
  readonly grads: HTMLCanvasElement
  readonly probe: HTMLElement
  readonly count: number
  readonly channels: number // cells per output: C (conv) or the input's channels (dense)
  readonly h: number
  readonly w: number
  readonly columns: number
  readonly range: HTMLElement
}

interface LogitStage {
  readonly kind: 'logits'
  readonly layer: number
  readonly cells: readonly { readonly cell: HTMLElement; readonly p: HTMLElement; readonly d: HTMLElement }[]
}

type Stage = MapStage | WeightStage | LogitStage

// What the pointer (or the keyboard) is on.
type Probe =
  | { readonly stage: MapStage; readonly c: number; readonly y: number; readonly x: number }
  | { readonly stage: WeightStage; readonly py: number; readonly px: number }
  | { readonly stage: LogitStage; readonly j: number }

// One step taken: what the panel shows under "what changed".
interface StepRecord {
  readonly lr: number
  readonly target: number
  readonly before: ParamTree
  readonly after: ParamTree
  readonly probsBefore: ArrayLike<number>
  readonly probsAfter: ArrayLike<number>
  readonly lossBefore: number
  readonly lossAfter: number
}

const isPoolCache = (cache: unknown): cache is PoolCache => typeof cache === 'object' && cache !== null && 'argmax' in cache

export const createBackward = (root: HTMLElement): Backward => {
  let model: FlowModel | undefined
  let params: ParamTree | undefined // the model's, or stepped by this panel
  let steps = 0
  let input: Float32Array | undefined
  let target = 0
  let picked = false // the learner chose the target (else: the label, or the model's answer)
  let label: number | undefined
  let structure = ''
  let stages: Stage[] = []
  let trace: BackwardTrace | undefined
  let x: Tensor | undefined
  let probe: Probe | undefined
  let lastStep: StepRecord | undefined
  let lastModelAt = -Infinity // when setModel last gave a new model

  // The panel's fixed parts
  // -----------------------

  root.replaceChildren()
  root.classList.add('bw')
  const intro = element('p', 'bw-intro')
  intro.append(
    'Learning moves every number of the network a little way downhill. For the digit in the pad and a target class, the loss is ',
    element('em', '', 'L = −ln p'), ' (p: the probability the model gives the target), and the ', element('strong', '', 'gradient'),
    ' of a number is how much the loss would change per unit change of that number. The backward pass computes all of them at once, from the end of the network to its input, by the chain rule. Red means increasing that number would ',
    element('em', '', 'raise'), ' the loss, blue that it would lower it; white, that it hardly matters. A step of learning subtracts a small multiple of each gradient.',
  )
  const hint = element('p', 'bw-hint muted', 'Draw a digit in panel 1 (or show a test digit) to see the gradients it gives.')
  const content = element('div', 'bw-content')
  content.hidden = true

  const controls = element('div', 'bw-controls')
  const targetLabel = element('label', 'bw-target')
  targetLabel.htmlFor = 'bw-target'
  targetLabel.textContent = 'Target class'
  const targetMenu = element('select')
  targetMenu.id = 'bw-target'
  targetMenu.dataset.testid = 'target-class'
  const targetNote = element('span', 'bw-target-note muted small')
  const lossLine = element('p', 'bw-loss-line')
  const targetProb = element('strong')
  targetProb.dataset.testid = 'target-prob'
  const lossValue = element('strong')
  lossValue.id = 'bw-loss'
  lossLine.append('p(target) = ', targetProb, ', loss L = −ln p = ', lossValue)
  const targetBox = element('div', 'bw-target-box')
  targetBox.append(targetLabel, targetMenu, targetNote)
  controls.append(targetBox, lossLine)

  // One step of SGD.
  const stepBox = element('div', 'bw-step')
  const lrLabel = element('label', '', 'Learning rate η')
  lrLabel.htmlFor = 'bw-lr'
  const lrInput = element('input')
  lrInput.id = 'bw-lr'
  lrInput.type = 'text'
  lrInput.inputMode = 'decimal'
  lrInput.autocomplete = 'off'
  lrInput.value = String(DEFAULT_LR)
  lrInput.size = 6
  const stepButton = element('button', 'primary', 'Take one step')
  stepButton.type = 'button'
  stepButton.dataset.testid = 'take-step'
  const resetButton = element('button', '', 'Back to the model')
  resetButton.type = 'button'
  resetButton.id = 'bw-reset'
  resetButton.disabled = true
  const stepState = element('span', 'bw-step-state muted small')
  stepState.setAttribute('aria-live', 'polite')
  const stepError = element('p', 'error')
  stepError.setAttribute('role', 'alert')
  const stepRow = element('div', 'bw-step-row')
  stepRow.append(lrLabel, lrInput, stepButton, resetButton, stepState)
  const stepNote = element('p', 'muted small', 'One step of plain SGD (')
  const sgdLink = element('a', '', 'optim/sgd.ts')
  sgdLink.href = `${ANNOTATED}optim/sgd.html#sgd`
  stepNote.append(sgdLink, ') from this digit alone: every weight w becomes w − η·∂L/∂w. The stepped weights stay in this panel; the other panels keep the model.')
  const change = element('div', 'bw-change')
  change.id = 'bw-change'
  change.hidden = true
  stepBox.append(stepRow, stepNote, stepError, change)

  const grid = element('div', 'bw-grid')
  const stagesBox = element('div', 'bw-stages')
  const explainBox = element('aside', 'bw-explain-box')
  const explainTitle = element('h3', '', 'How this gradient was made')
  explainTitle.id = 'bw-explain-title'
  explainBox.setAttribute('aria-labelledby', explainTitle.id)
  const explain = element('div', 'bw-explain')
  explain.id = 'bw-explain'
  explain.setAttribute('aria-live', 'polite')
  explainBox.append(explainTitle, explain)
  grid.append(stagesBox, explainBox)
  content.append(controls, stepBox, grid)
  root.append(intro, hint, content)

  // Building the pictures for a network
  // -----------------------------------

  const stageBox = (title: string, what: string, kind: Exclude<keyof typeof EXPLAINED_IN, 'input'> | undefined, linkText = ''): HTMLElement => {
    const box = element('section', 'bw-stage')
    const head = element('header', 'bw-stage-head')
    head.append(element('h3', '', title), element('p', 'bw-stage-what', what))
    if (kind !== undefined) {
      const [href, file] = EXPLAINED_IN[kind]
      const link = element('a', 'bw-stage-link', linkText || `explained in ${file}`)
      link.href = ANNOTATED + href
      head.append(link)
    }
    box.append(head)
    stagesBox.append(box)
    return box
  }

  // The next layer after `layer` that is not a flatten (flatten only reshapes).
  const consumerOf = (layer: number): number => {
    if (model === undefined) return layer + 1
    let j = layer + 1
    while (j < model.net.layers.length && model.net.layers[j].name === 'flatten') j++
    return j
  }

  const buildMaps = (box: HTMLElement, layer: number, shape: readonly number[], name: string, withInk: boolean): MapStage => {
    const [C, H, W] = shape
    const canvases: HTMLCanvasElement[] = []
    const probes: HTMLElement[] = []
    const maps = element('div', `bw-maps ${H === 1 ? 'strip' : C === 1 ? 'one' : C <= 8 ? 'few' : 'many'}`)
    let ink: HTMLCanvasElement | undefined
    if (withInk) {
      const figure = element('figure', 'bw-map')
      ink = element('canvas', 'bw-ink')
      ink.width = W
      ink.height = H
      ink.setAttribute('aria-hidden', 'true')
      figure.append(ink, element('figcaption', '', 'the input'))
      maps.append(figure)
    }
    for (let c = 0; c < C; c++) {
      const figure = element('figure', 'bw-map')
      const frame = element('div', 'bw-map-frame')
      const canvas = element('canvas')
      canvas.width = W
      canvas.height = H
      canvas.dataset.grad = layer < 0 ? 'input' : String(layer)
      const mark = element('div', 'bw-probe')
      mark.hidden = true
      frame.append(canvas, mark)
      figure.append(frame)
      if (C > 1) figure.append(element('figcaption', '', `${c + 1}`))
      else if (withInk) figure.append(element('figcaption', '', '∂L/∂x'))
      maps.append(figure)
      canvases.push(canvas)
      probes.push(mark)
    }
    const range = element('p', 'bw-range')
    box.append(maps, range)
    const stage: MapStage = { kind: 'maps', layer, canvases, probes, range, C, H, W, ink }
    maps.tabIndex = 0
    maps.setAttribute('role', 'group')
    maps.setAttribute('aria-label', `Gradient of ${name}: ${C} map${C === 1 ? '' : 's'} of ${H}×${W}. Arrow keys move through the values, [ and ] change the map; the arithmetic is shown beside the maps.`)
    canvases.forEach((canvas, c) => {
      const point = (event: PointerEvent) => {
        const y = Math.min(H - 1, Math.max(0, Math.floor((event.offsetY / canvas.clientHeight) * H)))
        const x = Math.min(W - 1, Math.max(0, Math.floor((event.offsetX / canvas.clientWidth) * W)))
        showProbe({ stage, c, y, x })
      }
      canvas.addEventListener('pointermove', point)
      canvas.addEventListener('pointerdown', point)
    })
    const start = (): Probe => (probe !== undefined && probe.stage === stage ? probe : { stage, c: 0, y: Math.floor(H / 2), x: Math.floor(W / 2) })
    maps.addEventListener('keydown', (event) => {
      const p = start()
      if (p.stage.kind !== 'maps') return
      const moves: Record<string, readonly [number, number, number]> = {
        ArrowUp: [0, -1, 0], ArrowDown: [0, 1, 0], ArrowLeft: [0, 0, -1], ArrowRight: [0, 0, 1], '[': [-1, 0, 0], ']': [1, 0, 0],
      }
      const move = moves[event.key]
      if (move === undefined || !('c' in p)) return
      event.preventDefault()
      showProbe({ stage, c: (p.c + move[0] + C) % C, y: Math.min(H - 1, Math.max(0, p.y + move[1])), x: Math.min(W - 1, Math.max(0, p.x + move[2])) })
    })
    maps.addEventListener('focus', () => showProbe(start()))
    return stage
  }

  const buildWeights = (box: HTMLElement, layer: number, name: string): WeightStage | undefined => {
    if (model === undefined) return undefined
    const kind = kindOf(model.net.layers[layer].name)
    const inShape = model.net.shapes[layer]
    let count: number
    let channels: number
    let h: number
    let w: number
    let what: string
    if (kind.kind === 'conv') {
      channels = inShape[0]
      count = kind.filters * channels
      ;[h, w] = [kind.kH, kind.kW]
      what = channels > 1 ? `one row per filter, one column per input channel (${kind.filters}×${channels} kernels of ${h}×${w})` : `the ${kind.filters} kernel${kind.filters === 1 ? '' : 's'} of ${h}×${w}`
    } else if (kind.kind === 'dense') {
      const [C, H, W] = inShape.length === 3 ? inShape : [1, 1, inShape.reduce((a, b) => a * b, 1)]
      channels = C
      count = kind.outputs * C
      ;[h, w] = [H, W]
      what = `each output's ${C * H * W} weights folded back to the ${inShape.join('×')} shape of the layer's input (a template)${C > 1 ? ': one row per output, one column per input channel' : ''}`
    } else {
      return undefined
    }
    const columns = channels > 1 ? channels : Math.min(count, 10)
    const sub = element('div', 'bw-weights')
    sub.append(element('p', 'bw-weights-what', `${name}'s weights and their gradient: ${what}.`))
    const pair = element('div', 'bw-weight-pair')
    const figure = (canvas: HTMLCanvasElement, caption: string): HTMLElement => {
      const f = element('figure', 'bw-weight-figure')
      f.append(canvas, element('figcaption', '', caption))
      return f
    }
    const weights = element('canvas', 'bw-mosaic')
    weights.setAttribute('aria-hidden', 'true')
    const grads = element('canvas', 'bw-mosaic')
    grads.dataset.grad = `weights-${layer}`
    const frame = element('div', 'bw-mosaic-frame')
    const mark = element('div', 'bw-probe')
    mark.hidden = true
    frame.append(grads, mark)
    const gradFigure = element('figure', 'bw-weight-figure')
    gradFigure.append(frame, element('figcaption', '', '∂L/∂w, their gradient for this digit'))
    pair.append(figure(weights, 'w, the weights'), gradFigure)
    const range = element('p', 'bw-range')
    sub.append(pair, range)
    box.append(sub)
    const stage: WeightStage = { kind: 'weights', layer, weights, grads, probe: mark, count, channels, h, w, columns, range }
    // Sizes in mosaic pixels, one pixel of gap between cells.
    const rows = Math.ceil(count / columns)
    const [width, height] = [columns * (w + 1) - 1, rows * (h + 1) - 1]
    for (const c of [weights, grads]) {
      c.width = width
      c.height = height
      c.style.width = `${width * zoomOf(width)}px`
    }
    frame.tabIndex = 0
    frame.setAttribute('role', 'group')
    frame.setAttribute('aria-label', `Gradient of ${name}'s weights: ${rows} row${rows === 1 ? '' : 's'} of ${columns} cells of ${h}×${w}. Arrow keys move through the weights; the arithmetic and a finite-difference check are shown beside.`)
    const isGap = (py: number, px: number) => py % (h + 1) === h || px % (w + 1) === w || Math.floor(py / (h + 1)) * columns + Math.floor(px / (w + 1)) >= count
    grads.addEventListener('pointermove', (event) => {
      const py = Math.min(height - 1, Math.max(0, Math.floor((event.offsetY / grads.clientHeight) * height)))
      const px = Math.min(width - 1, Math.max(0, Math.floor((event.offsetX / grads.clientWidth) * width)))
      if (!isGap(py, px)) showProbe({ stage, py, px })
    })
    grads.addEventListener('pointerdown', (event) => {
      const py = Math.min(height - 1, Math.max(0, Math.floor((event.offsetY / grads.clientHeight) * height)))
      const px = Math.min(width - 1, Math.max(0, Math.floor((event.offsetX / grads.clientWidth) * width)))
      if (!isGap(py, px)) showProbe({ stage, py, px })
    })
    const start = (): Probe => (probe !== undefined && probe.stage === stage ? probe : { stage, py: 0, px: 0 })
    frame.addEventListener('keydown', (event) => {
      const moves: Record<string, readonly [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }
      const move = moves[event.key]
      const p = start()
      if (move === undefined || !('py' in p)) return
      event.preventDefault()
      let [py, px] = [p.py, p.px]
      // Step over the gaps between cells; stay put at an edge.
      for (let n = 0; n < 3; n++) {
        const [ny, nx] = [py + move[0], px + move[1]]
        if (ny < 0 || ny >= height || nx < 0 || nx >= width) break
        ;[py, px] = [ny, nx]
        if (!isGap(py, px)) {
          showProbe({ stage, py, px })
          return
        }
      }
    })
    frame.addEventListener('focus', () => showProbe(start()))
    return stage
  }

  const buildLogits = (box: HTMLElement, layer: number): LogitStage => {
    const row = element('div', 'bw-logits')
    row.tabIndex = 0
    row.setAttribute('role', 'group')
    row.setAttribute('aria-label', 'The gradient of each class score. Arrow keys move through the classes; the arithmetic is shown beside.')
    const cells = (model?.classes ?? []).map((name, j) => {
      const cell = element('div', 'bw-logit')
      const p = element('span', 'bw-logit-p')
      const d = element('span', 'bw-logit-d')
      cell.append(element('span', 'bw-logit-class', name), p, d)
      cell.addEventListener('pointermove', () => showProbe({ stage, j }))
      cell.addEventListener('pointerdown', () => showProbe({ stage, j }))
      row.append(cell)
      return { cell, p, d }
    })
    const key = element('p', 'bw-range', 'Each column: the class, its probability p, and ∂L/∂z = p − [class = target].')
    box.append(row, key)
    const stage: LogitStage = { kind: 'logits', layer, cells }
    row.addEventListener('keydown', (event) => {
      const dj = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0
      if (dj === 0) return
      event.preventDefault()
      const j = probe !== undefined && probe.stage === stage && 'j' in probe ? probe.j : target
      showProbe({ stage, j: Math.min(cells.length - 1, Math.max(0, j + dj)) })
    })
    row.addEventListener('focus', () => showProbe(probe !== undefined && probe.stage === stage ? probe : { stage, j: target }))
    return stage
  }

  const build = (m: FlowModel): void => {
    stagesBox.replaceChildren()
    stages = []
    probe = undefined
    explain.replaceChildren(element('p', 'muted', 'Point at a gradient (or focus a picture and use the arrow keys) to see the chain-rule arithmetic that made it. For an input pixel or a weight you can also check it by finite differences.'))
    targetMenu.replaceChildren(...m.classes.map((name, j) => new Option(name, String(j))))
    const { net } = m
    const L = net.layers.length
    for (let i = L - 1; i >= -1; i--) {
      if (i >= 0 && net.layers[i].name === 'flatten') continue
      const shape = net.shapes[i + 1]
      const name = i < 0 ? 'the input' : `${i + 1}. ${net.layers[i].name}`
      const consumer = consumerOf(i)
      if (i === L - 1) {
        const box = stageBox(`∂L/∂logits, the output of ${name} (${shape.join('×')})`, 'where the backward pass starts: softmax and cross-entropy together have the gradient p − onehot(target): the target\'s score is pushed up, every other class\'s down in proportion to its probability', 'softmax', 'explained in layers/softmaxCrossEntropy.ts')
        stages.push(buildLogits(box, i))
        const w = buildWeights(box, i, name)
        if (w !== undefined) stages.push(w)
        continue
      }
      const by = kindOf(net.layers[consumer].name)
      const via = consumer > i + 1 ? ' (through flatten, which only reshapes)' : ''
      const title = i < 0 ? `∂L/∂x, the input's gradient (${shape.join('×')}): a saliency map` : `∂L/∂(output of ${name}), ${shape.join('×')}`
      const what = `made by ${consumer + 1}. ${net.layers[consumer].name}'s backward${via}: ${backwardRule(by)}`
      const box = stageBox(title, what, by.kind, `explained in ${EXPLAINED_IN[by.kind][1]}`)
      if (shape.length === 3) stages.push(buildMaps(box, i, shape, name, i < 0))
      else stages.push(buildMaps(box, i, [1, 1, shape[0]], name, false))
      if (i >= 0) {
        const w = buildWeights(box, i, name)
        if (w !== undefined) stages.push(w)
      }
    }
  }

  // Computing
  // ---------

  const lossAt = (p: ParamTree, xs: Tensor, t: number): readonly [number, ArrayLike<number>] => {
    if (model === undefined) return [NaN, []]
    const outputs = forwardTrace(model.net, p, xs)
    const [loss, cache] = softmaxCrossEntropy.forward(outputs[outputs.length - 1], Uint8Array.of(t))
    return [loss, cache.probs.data]
  }

  const argmax = (v: ArrayLike<number>): number => {
    let best = 0
    for (let j = 1; j < v.length; j++) if (v[j] > v[best]) best = j
    return best
  }

  const compute = (): void => {
    if (model === undefined || params === undefined || input === undefined) {
      trace = undefined
      return
    }
    if (target >= model.classes.length) {
      // A model with fewer classes than the target chosen for the last one.
      target = 0
      picked = false
    }
    x = tensor([1, ...model.net.shapes[0]], input)
    trace = backwardTrace(model.net, params, x, Uint8Array.of(target))
    if (!picked && label === undefined) {
      // The default target is the model's own answer: recompute if this trace's target was not it.
      const answer = argmax(trace.probs?.data ?? [])
      if (answer !== target) {
        target = answer
        trace = backwardTrace(model.net, params, x, Uint8Array.of(target))
      }
    }
  }

  // Drawing
  // -------

  const dataOf = (layer: number): ArrayLike<number> | undefined => (trace === undefined ? undefined : layer < 0 ? trace.dInput.data : trace.dOutputs[layer].data)

  let paints = 0
  const paint = (): void => {
    lastPaint = performance.now()
    dirty = false
    root.dataset.paints = String(++paints) // for the browser test: how often the panel was drawn
    if (model === undefined) return
    compute()
    content.hidden = trace === undefined
    hint.hidden = trace !== undefined
    if (trace === undefined || x === undefined) return
    const probs = trace.probs?.data ?? []
    targetMenu.value = String(target)
    targetNote.textContent = picked ? 'your choice' : label !== undefined ? 'the true label of this test digit' : 'the model\'s own answer'
    targetProb.textContent = percent(probs[target])
    lossValue.textContent = gnum(trace.loss ?? NaN)
    lossValue.dataset.value = String(trace.loss)
    for (const stage of stages) {
      if (stage.kind === 'logits') paintLogits(stage)
      else if (stage.kind === 'maps') paintMaps(stage)
      else paintWeights(stage)
    }
    resetButton.disabled = steps === 0
    stepState.textContent = steps === 0 ? 'The model\'s own weights.' : `Weights after ${steps} step${steps === 1 ? '' : 's'} taken here.`
    paintChange()
    if (probe !== undefined) showProbe(probe)
  }

  const paintLogits = (stage: LogitStage): void => {
    const d = dataOf(stage.layer)
    const probs = trace?.probs?.data
    if (d === undefined || probs === undefined) return
    const scale = divergingScale(1)
    stage.cells.forEach(({ cell, p, d: dCell }, j) => {
      p.textContent = percent(probs[j])
      dCell.textContent = Math.abs(d[j]) >= 1e-3 || d[j] === 0 ? fixed(d[j]) : d[j].toExponential(1).replace(/-/g, '−')
      const [r, g, b] = scale(d[j])
      dCell.style.background = `rgb(${r} ${g} ${b})`
      dCell.style.color = (r + g + b) / 3 < 128 ? '#fff' : '#111'
      cell.classList.toggle('target', j === target)
    })
  }

  const paintMaps = (stage: MapStage): void => {
    const d = dataOf(stage.layer)
    if (d === undefined || x === undefined) return
    const m = robustMax(d, 0.99)
    const scale = divergingScale(m)
    stage.canvases.forEach((canvas, c) => paintMap(canvas, d, c * stage.H * stage.W, stage.H, stage.W, scale))
    if (stage.ink !== undefined) paintMap(stage.ink, x.data, 0, stage.H, stage.W, greyScale)
    stage.range.textContent = `blue < 0 < red, saturating at ±${gnum(m)} (99% of the values are smaller)`
  }

  const paintWeights = (stage: WeightStage): void => {
    if (params === undefined || trace === undefined) return
    const w = params[stage.layer].weights.data
    const g = trace.grads[stage.layer].weights.data
    const [wm, gm] = [robustMax(w), robustMax(g)]
    paintMosaic(stage.weights, w, stage.count, stage.h, stage.w, divergingScale(wm), stage.columns)
    paintMosaic(stage.grads, g, stage.count, stage.h, stage.w, divergingScale(gm), stage.columns)
    stage.range.textContent = `w saturates at ±${gnum(wm)}, ∂L/∂w at ±${gnum(gm)}. A step moves each weight against its gradient: red ones down, blue ones up.`
  }

  // What the last step changed: the first layer with weights, and the probabilities.
  const paintChange = (): void => {
    const s = lastStep
    if (s === undefined || model === undefined) {
      change.hidden = true
      return
    }
    change.hidden = false
    const first = s.before.findIndex((record) => record.weights !== undefined)
    const parts: HTMLElement[] = []
    const sideBySide = element('div', 'bw-change-body')
    const line = element('p', 'bw-change-line')
    const [pBefore, pAfter] = percents(s.probsBefore[s.target], s.probsAfter[s.target], 6)
    line.append(
      `After the step (η = ${s.lr}): p(${model.classes[s.target]}) `, element('strong', '', pBefore), ' → ',
      element('strong', '', pAfter), `, loss ${gnum(s.lossBefore)} → ${gnum(s.lossAfter)}. Every other class moved too:`,
    )
    parts.push(line)
    if (first >= 0) {
      const layer = model.net.layers[first]
      const kind = kindOf(layer.name)
      const inShape = model.net.shapes[first]
      const before = s.before[first].weights.data
      const after = s.after[first].weights.data
      const delta = new Float32Array(before.length)
      for (let n = 0; n < delta.length; n++) delta[n] = after[n] - before[n]
      let count: number
      let channels: number
      let h: number
      let w: number
      if (kind.kind === 'conv') {
        ;[channels, h, w] = [inShape[0], kind.kH, kind.kW]
        count = kind.filters * channels
      } else {
        const [C, H, W] = inShape.length === 3 ? inShape : [1, 1, inShape.reduce((a, b) => a * b, 1)]
        ;[channels, h, w] = [C, H, W]
        count = before.length / (H * W)
      }
      const columns = channels > 1 ? channels : Math.min(count, 10)
      const wScale = divergingScale(robustMax(before))
      const dm = robustMax(delta)
      const pictures = element('div', 'bw-change-pictures')
      pictures.append(element('p', 'bw-change-what', `What the step did to the first layer's weights, ${first + 1}. ${layer.name}:`))
      const picture = (values: ArrayLike<number>, scale: Scale, caption: string): HTMLElement => {
        const f = element('figure', 'bw-weight-figure')
        const c = element('canvas', 'bw-mosaic')
        paintMosaic(c, values, count, h, w, scale, columns)
        c.style.width = `${c.width * Math.min(16, zoomOf(c.width))}px`
        c.setAttribute('aria-hidden', 'true')
        f.append(c, element('figcaption', '', caption))
        return f
      }
      pictures.append(
        picture(before, wScale, 'before'),
        element('span', 'bw-op', '+'),
        picture(delta, divergingScale(dm), `the step −η·∂L/∂w (its own scale, ±${gnum(dm)})`),
        element('span', 'bw-op', '='),
        picture(after, wScale, 'after (the same scale as before)'),
      )
      sideBySide.append(pictures)
    }
    const table = element('table', 'bw-probs')
    const caption = element('caption', '', 'Every class\'s probability, before and after the step')
    const head = element('tr')
    for (const h of ['class', 'before', 'after']) {
      const th = element('th', '', h)
      th.scope = 'col'
      head.append(th)
    }
    const thead = element('thead')
    thead.append(head)
    const tbody = element('tbody')
    table.append(caption, thead, tbody)
    model.classes.forEach((name, j) => {
      const tr = element('tr', j === s.target ? 'target' : '')
      const th = element('th', '', name)
      th.scope = 'row'
      const [before, after] = percents(s.probsBefore[j], s.probsAfter[j], 4)
      const up = s.probsAfter[j] - s.probsBefore[j]
      const mark = up > 0 && before !== after ? '▲' : up < 0 && before !== after ? '▼' : ''
      tr.append(th, element('td', '', before), element('td', mark === '▲' ? 'up' : mark === '▼' ? 'down' : '', `${after} ${mark}`))
      tbody.append(tr)
    })
    sideBySide.prepend(table)
    parts.push(sideBySide)
    change.replaceChildren(...parts)
  }

  // The arithmetic of one gradient
  // ------------------------------

  // What a probed value is, for the finite-difference check: an input pixel or a weight.
  type Nudgeable = { readonly what: 'input'; readonly index: number } | { readonly what: 'weight'; readonly layer: number; readonly index: number }
  let nudgeable: Nudgeable | undefined

  const showProbe = (next: Probe): void => {
    probe = next
    explainBox.classList.add('active')
    for (const s of stages) {
      if (s.kind === 'maps') s.probes.forEach((p) => (p.hidden = true))
      else if (s.kind === 'weights') s.probe.hidden = true
      else s.cells.forEach(({ cell }) => cell.classList.remove('probed'))
    }
    if (model === undefined || trace === undefined || params === undefined || x === undefined) return
    nudgeable = undefined
    const { net } = model
    let terms: BackTerms
    let title: string
    let value: number
    let note = ''
    if (next.stage.kind === 'logits') {
      const { j } = next as { j: number }
      next.stage.cells[j].cell.classList.add('probed')
      const logits = trace.outputs[net.layers.length - 1].data
      terms = softmaxBackTerms(logits, target, j)
      value = trace.dOutputs[next.stage.layer].data[j]
      title = `∂L/∂z for class ${model.classes[j]}`
      note = j === target ? 'The target: its score should go up, so its gradient is negative (p − 1).' : 'Not the target: its score should go down, by as much as the model believes in it (p − 0).'
    } else if (next.stage.kind === 'maps') {
      const { stage, c, y, x: col } = next as { stage: MapStage; c: number; y: number; x: number }
      const f = (c * stage.H + y) * stage.W + col
      frame(stage.probes[c], stage.H, stage.W, y, col, 1, 1)
      const consumer = consumerOf(stage.layer)
      const layer = net.layers[consumer]
      const kind = kindOf(layer.name)
      const dy = trace.dOutputs[consumer].data
      const shapeOut = net.shapes[consumer + 1]
      const dyMaps: Maps = shapeOut.length === 3 ? { data: dy, C: shapeOut[0], H: shapeOut[1], W: shapeOut[2] } : { data: dy, C: 1, H: 1, W: dy.length }
      const xIn = stage.layer < 0 ? x.data : trace.outputs[stage.layer].data
      const later = stages.find((s): s is MapStage => s.kind === 'maps' && s.layer === consumer)
      if (kind.kind === 'dense') {
        terms = denseInputTerms(dy, params[consumer].weights.data, xIn.length, f)
      } else if (kind.kind === 'activation') {
        terms = activationBackTerms(kind, xIn[f], trace.outputs[consumer].data[f], dy[f])
        if (later !== undefined) frame(later.probes[c], later.H, later.W, y, col, 1, 1)
      } else if (kind.kind === 'pool') {
        const cache = trace.caches[consumer]
        terms = poolBackTerms(kind, dyMaps, isPoolCache(cache) ? cache.argmax : [], stage.H, stage.W, c, y, col)
        const ws = (terms as { windows: readonly { i: number; j: number }[] }).windows
        if (later !== undefined && ws.length > 0) {
          const [i0, j0] = [Math.min(...ws.map((w) => w.i)), Math.min(...ws.map((w) => w.j))]
          const [i1, j1] = [Math.max(...ws.map((w) => w.i)), Math.max(...ws.map((w) => w.j))]
          frame(later.probes[c], later.H, later.W, i0, j0, i1 - i0 + 1, j1 - j0 + 1)
        }
      } else if (kind.kind === 'bn') {
        // Channel c of maps, or feature f of a vector.
        const channel = shapeOut.length === 3 ? c : f
        terms = batchNormBackTerms(dy[f], params[consumer].gamma.data[channel], params[consumer].variance.data[channel])
        if (later !== undefined) frame(later.probes[c], later.H, later.W, y, col, 1, 1)
      } else if (kind.kind === 'dropout') {
        terms = dropoutBackTerms(kind.p, dy[f])
        if (later !== undefined) frame(later.probes[c], later.H, later.W, y, col, 1, 1)
      } else if (kind.kind === 'conv') {
        terms = convInputTerms(kind, dyMaps, params[consumer].weights.data, stage.C, c, y, col)
        if (later !== undefined) later.probes.forEach((p) => frame(p, later.H, later.W, Math.ceil((y + kind.pad - kind.kH + 1) / kind.stride), Math.ceil((col + kind.pad - kind.kW + 1) / kind.stride), Math.ceil(kind.kH / kind.stride), Math.ceil(kind.kW / kind.stride)))
      } else {
        terms = { kind: 'flatten', index: f, value: dy[f] }
      }
      value = (stage.layer < 0 ? trace.dInput.data : trace.dOutputs[stage.layer].data)[f]
      const where = stage.H === 1 && stage.C === 1 ? `value ${col + 1}` : `${stage.C > 1 ? `map ${c + 1}, ` : ''}row ${y + 1}, column ${col + 1}`
      title = `${stage.layer < 0 ? '∂L/∂x, the input pixel at' : `∂L/∂(output of ${stage.layer + 1}. ${net.layers[stage.layer].name}),`} ${where}`
      note = `Made by ${consumer + 1}. ${layer.name}'s backward from ∂L/∂(its output)${later !== undefined ? ' (framed in its maps)' : ''}: ${backwardRule(kind)}.`
      if (stage.layer < 0) {
        nudgeable = { what: 'input', index: f }
        note += ` The input pixel is ${fixed(x.data[f])}; red here means more ink would raise the loss.`
      }
    } else {
      const { stage, py, px } = next as { stage: WeightStage; py: number; px: number }
      const [row, col] = [Math.floor(py / (stage.h + 1)), Math.floor(px / (stage.w + 1))]
      const [u, v] = [py % (stage.h + 1), px % (stage.w + 1)]
      const m = row * stage.columns + col
      const [o, c] = [Math.floor(m / stage.channels), m % stage.channels]
      const index = (m * stage.h + u) * stage.w + v
      frame(stage.probe, stage.grads.height, stage.grads.width, py, px, 1, 1)
      const layer = net.layers[stage.layer]
      const kind = kindOf(layer.name)
      const dy = trace.dOutputs[stage.layer].data
      const xIn = stage.layer === 0 ? x.data : trace.outputs[stage.layer - 1].data
      const inShape = net.shapes[stage.layer]
      if (kind.kind === 'conv') {
        const out = net.shapes[stage.layer + 1]
        terms = convWeightTerms(kind, { data: dy, C: out[0], H: out[1], W: out[2] }, { data: xIn, C: inShape[0], H: inShape[1], W: inShape[2] }, o, c, u, v)
        title = `∂L/∂w of ${stage.layer + 1}. ${layer.name}, filter ${o + 1}, input channel ${c + 1}, row ${u + 1}, column ${v + 1}`
        note = `This weight met every position of the input channel: its gradient sums ∂L/∂y (the filter's output gradient) times the input under the weight, over all ${out[1] * out[2]} positions. The weight is ${fixed(params[stage.layer].weights.data[index], 4)}.`
      } else {
        const F = xIn.length
        const f = index - o * F
        terms = denseWeightTerms(dy, xIn, o, f)
        title = `∂L/∂W of ${stage.layer + 1}. ${layer.name}, output ${net.layers.length - 1 === stage.layer ? `(class ${model.classes[o]})` : o + 1}, input ${f + 1}`
        note = `∂L/∂y of the output times the input value this weight multiplies: a template's gradient is the input itself, scaled by p − onehot. The weight is ${fixed(params[stage.layer].weights.data[index], 4)}.`
      }
      value = trace.grads[stage.layer].weights.data[index]
      nudgeable = { what: 'weight', layer: stage.layer, index }
    }
    renderTerms(terms, title, value, note)
  }

  // Marks rows [top, top + h) × columns [left, left + w) of an H×W picture (clipped to it).
  const frame = (mark: HTMLElement, H: number, W: number, top: number, left: number, h: number, w: number): void => {
    const [t, l] = [Math.max(0, top), Math.max(0, left)]
    const [b, r] = [Math.min(H, top + h), Math.min(W, left + w)]
    if (b <= t || r <= l) return
    mark.hidden = false
    mark.style.top = `${(t / H) * 100}%`
    mark.style.left = `${(l / W) * 100}%`
    mark.style.height = `${((b - t) / H) * 100}%`
    mark.style.width = `${((r - l) / W) * 100}%`
  }

  const renderTerms = (t: BackTerms, title: string, value: number, note: string): void => {
    const head = element('p', 'bw-explain-title', `${title}: ${gnum(value)}`)
    head.dataset.value = String(value)
    const parts: HTMLElement[] = [head]
    if (t.kind === 'conv-input' && t.filters.length > 1) {
      parts.push(element('p', 'muted', `A sum over ${t.filters.length} filters, each of ∂L/∂y[k, …]·w[k, c, u, v] over the kernel positions that reached this value; the filters' sums:`))
    } else if (t.kind === 'conv-weight') {
      parts.push(element('p', 'muted', `Σ over the output positions of ∂L/∂y · x (${t.products.length} products; the ones that are 0, where the gradient or the input is 0, are counted, not listed):`))
    } else if (t.kind === 'dense-input') {
      parts.push(element('p', 'muted', `Σ over the ${t.products.length} outputs of ∂L/∂y_o · W[o, f]:`))
    } else if (t.kind === 'activation') {
      parts.push(element('p', 'muted', `∂L/∂y · f′(x), with x = ${gnum(t.x)}${t.name === 'tanh' || t.name === 'sigmoid' ? ` and y = ${gnum(t.y)}` : ''}: the slope is ${slopeText(t)}.`))
    } else if (t.kind === 'pool') {
      const won = t.windows.filter((w) => w.won).length
      parts.push(element('p', 'muted', won === 0 ? `This value lost every window it was in (${t.windows.length}): the forward pass did not use it, so its gradient is 0.` : `This value won ${won} of its ${t.windows.length} window${t.windows.length === 1 ? '' : 's'}, so it receives ${won === 1 ? 'that window\'s' : 'those windows\''} gradient:`))
    }
    const sum = element('p', 'bw-arithmetic', formatBackTerms(t))
    parts.push(sum)
    if (t.kind === 'conv-input' && t.filters.length > 1) {
      // One filter's sum written out: the one that contributes most.
      const biggest = t.filters.reduce((a, b) => (Math.abs(b.sum) > Math.abs(a.sum) ? b : a))
      parts.push(element('p', 'muted', `The largest, filter ${biggest.k + 1}, term by term (∂L/∂y · w):`), element('p', 'bw-arithmetic', `${sumOf(biggest.products, 25)} = ${gnum(biggest.sum)}`))
    }
    parts.push(element('p', 'bw-note', note))
    if (nudgeable !== undefined) {
      const check = element('div', 'bw-fd')
      const button = element('button', '', 'Check with finite differences')
      button.type = 'button'
      button.id = 'bw-fd'
      const result = element('p', 'bw-fd-result')
      result.id = 'bw-fd-result'
      result.setAttribute('aria-live', 'polite')
      const target = nudgeable
      button.addEventListener('click', () => checkByNudging(target, value, result))
      check.append(button, element('p', 'muted small', `Recomputes the loss with this one number v nudged by ε = ${EPS} up and down, with the network's own forward pass: (L(v+ε) − L(v−ε)) / 2ε. Why ${EPS}: the forward pass computes in float32, so each loss is good to about 10⁻⁶ and the estimate to about 5·10⁻⁴; a smaller ε would magnify that rounding, a larger one would see the loss curve, or cross a kink.`), result)
      parts.push(check)
    }
    explain.replaceChildren(...parts)
  }

  const checkByNudging = (what: Nudgeable, backprop: number, result: HTMLElement): void => {
    if (model === undefined || params === undefined || x === undefined) return
    const base = x
    const p = params
    const at = (d: number): number => {
      if (what.what === 'input') {
        const data = Float32Array.from(base.data)
        data[what.index] += d
        return lossAt(p, tensor(base.shape, data), target)[0]
      }
      const w = p[what.layer].weights
      const data = Float32Array.from(w.data)
      data[what.index] += d
      const nudged = p.map((record, i) => (i === what.layer ? { ...record, weights: tensor(w.shape, data) } : record))
      return lossAt(nudged, base, target)[0]
    }
    const fd = finiteDifference(at(EPS), at(0), at(-EPS), EPS)
    const diff = Math.abs(fd.central - backprop)
    const relative = diff / Math.max(Math.abs(backprop), Math.abs(fd.central), 1e-12)
    result.dataset.backprop = String(backprop)
    result.dataset.fd = String(fd.central)
    result.dataset.left = String(fd.left)
    result.dataset.right = String(fd.right)
    result.dataset.kink = String(fd.kink)
    const lines = [
      `finite differences: ${gnum(fd.central)}`,
      `backprop:           ${gnum(backprop)}`,
      `difference ${gnum(diff)} (${(relative * 100).toFixed(2)}% of the larger)`,
    ]
    result.replaceChildren(element('span', 'bw-fd-numbers', lines.join('\n')))
    if (fd.kink) {
      result.append(element('span', 'bw-fd-kink', `The slopes on the two sides differ (${gnum(fd.left)} below, ${gnum(fd.right)} above): a kink lies within ε, a ReLU input crossing 0 or a pooling window changing its winner. There the loss has no single slope; backprop gives the one at v itself.`))
    }
  }

  // When to paint
  // -------------

  let visible = typeof IntersectionObserver === 'undefined'
  let dirty = false
  let lastPaint = -Infinity
  let timer: ReturnType<typeof setTimeout> | undefined
  let frameQueued = false

  const schedule = (interval: number): void => {
    dirty = true
    if (!visible || timer !== undefined || frameQueued) return
    const wait = Math.max(0, lastPaint + interval - performance.now())
    const go = () => {
      timer = undefined
      frameQueued = true
      requestAnimationFrame(() => {
        frameQueued = false
        if (visible && dirty) paint()
      })
    }
    if (wait === 0) go()
    else timer = setTimeout(go, wait)
  }

  if (!visible) {
    new IntersectionObserver((entries) => {
      visible = entries.some((e) => e.isIntersecting)
      if (visible && dirty) schedule(0)
    }).observe(root)
  }

  // Controls
  // --------

  targetMenu.addEventListener('change', () => {
    target = Number(targetMenu.value)
    picked = true
    lastStep = undefined
    if (visible) paint()
    else dirty = true
  })

  stepButton.addEventListener('click', () => {
    const lr = Number(lrInput.value.trim())
    if (!Number.isFinite(lr) || lr <= 0 || lrInput.value.trim() === '') {
      stepError.textContent = `The learning rate must be a number above 0, got "${lrInput.value}".`
      return
    }
    stepError.textContent = ''
    if (model === undefined || params === undefined || x === undefined) return
    // The gradients of the weights as they are now (a model being trained may have moved on).
    compute()
    if (trace === undefined) return
    const optimizer = sgd(lr)
    // Batch norm's running mean and variance are set by training's batches, not learned (in
    // training their gradient is 0): the step leaves them as they are, and moves γ and β.
    const net = model.net
    const grads = trace.grads.map((g, i) => (net.layers[i].name === 'bn' ? { ...g, mean: zerosLike(g.mean), variance: zerosLike(g.variance) } : g))
    const [after] = optimizer.step(params, grads, optimizer.init(params))
    const [lossAfter, probsAfter] = lossAt(after, x, target)
    lastStep = { lr, target, before: params, after, probsBefore: trace.probs?.data ?? [], probsAfter, lossBefore: trace.loss ?? NaN, lossAfter }
    params = after
    steps++
    picked = true // the target stays while you take steps towards it
    paint()
  })

  resetButton.addEventListener('click', () => {
    params = model?.params
    steps = 0
    lastStep = undefined
    paint()
  })

  return {
    setModel: (next) => {
      const same = next !== undefined && model !== undefined && next.net === model.net && next.params === model.params
      model = next
      if (next === undefined) {
        stagesBox.replaceChildren()
        stages = []
        structure = ''
        params = undefined
        content.hidden = true
        return
      }
      if (same) return
      params = next.params
      steps = 0
      lastStep = undefined
      const key = `${next.net.layers.map((l) => l.name).join('-')} ${next.classes.join(',')}`
      if (key !== structure) {
        structure = key
        build(next)
        schedule(0)
      } else {
        // New weights for the same network: a model being trained, up to a few times a second.
        const often = performance.now() - lastModelAt < MODEL_INTERVAL_MS
        schedule(often ? MODEL_INTERVAL_MS : 0)
      }
      lastModelAt = performance.now()
    },
    setInput: (next, trueLabel) => {
      input = next
      label = trueLabel
      if (trueLabel !== undefined) {
        target = trueLabel
        picked = false
      }
      if (next === undefined) picked = false
      schedule(INPUT_INTERVAL_MS)
    },
  }
}
