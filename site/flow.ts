// Watch it flow
// =============
//
// The panel that shows a drawn digit going through the loaded network, layer by layer,
// redrawn on every stroke. It runs the network with src/model/trace.ts's `forwardTrace`,
// which returns every layer's output, and draws each as pictures:
//
//     input (1, 28, 28)                         the digit as the network sees it
//     conv (K, H, W)                            its kernels W (K, C, kH, kW) as a mosaic, one row
//                                               per filter k and one column per input channel c
//                                               (and the bias, a column of K), beside the K
//                                               feature maps they make: row k makes map k
//     activation, pooling (C, H, W)             one picture per channel: a feature map
//     a hidden dense layer (O)                  a strip of O values
//     the last dense layer (10)                 template matching: for each class, the weights
//                                               folded back to the shape of the layer's input
//                                               (a "template"), the input times the template,
//                                               and their sum plus the bias: the class's score
//     softmax                                   the scores as probabilities, as bars (panel 1)
//     batch norm, dropout (chapter 11)          like an activation: maps, or a strip; predicting,
//                                               batch norm is a fixed scale and shift per channel
//                                               and dropout is off, so its values are its input's
//
// Hovering (or, with the keyboard, moving through) a value shows how it was made
// (arithmetic.ts): a convolution's window and kernel, with the window framed in the previous
// layer and the filter's row framed in the kernels; a batch-normalised value's standardisation
// with its channel's mean, variance, γ and β; a dense output's largest terms
// W[o, f]·x[f], the rest summed, and the bias; a probability's softmax. Every stage links to
// the annotated source that explains it.
//
// Drawing is fast, but not free (a few milliseconds for the ConvNetJS network), so the panel
// draws only what is seen: the maps are repainted only while the panel is on screen (an
// IntersectionObserver; they are brought up to date when it comes into view), and a model
// that changes often, the network being trained, is redrawn at most once a second. A stroke
// on the pad is drawn at once. Each repaint is recorded as a performance measure named
// "flow repaint" (see the browser test).

import type { ParamTree } from '../src/core/params.ts'
import { tensor, type Tensor } from '../src/core/tensor.ts'
import { softmax } from '../src/kernels/softmaxCrossEntropy.ts'
import type { Network } from '../src/model/sequential.ts'
import { forwardTrace } from '../src/model/trace.ts'
import {
  activationTerms, batchNormTerms, convTerms, denseTerms, dropoutTerms, formatSoftmax, formatTerms, kindOf, num, percent, poolTerms, small, softmaxTerms,
  type DenseTerms, type LayerKind, type Maps, type Terms,
} from './arithmetic.ts'
import { ANNOTATED, element, EXPLAINED_IN } from './dom.ts'
import { divergingScale, greyScale, maxAbs, paintMap, paintMosaic, robustMax, type Scale } from './render.ts'

/** A network with its parameters and class names: what the panel draws. */
export interface FlowModel {
  readonly net: Network
  readonly params: ParamTree
  readonly classes: readonly string[]
}

const describe = (kind: LayerKind | undefined): string => {
  if (kind === undefined) return 'the input'
  if (kind.kind === 'conv') return `convolution: ${kind.filters} filter${kind.filters === 1 ? '' : 's'} of ${kind.kH}×${kind.kW}${kind.pad ? `, padding ${kind.pad}` : ''}${kind.stride !== 1 ? `, stride ${kind.stride}` : ''}`
  if (kind.kind === 'activation') return kind.name === 'lrelu' ? `leaky ReLU, max(x, ${kind.alpha}·x)` : kind.name === 'relu' ? 'ReLU, max(x, 0)' : kind.name
  if (kind.kind === 'pool') return `max pooling over ${kind.size}×${kind.size} windows${kind.stride !== kind.size ? `, stride ${kind.stride}` : ''}`
  if (kind.kind === 'dense') return `dense layer to ${kind.outputs} values: y[o] = Σ_f W[o, f]·x[f] + b[o]`
  if (kind.kind === 'bn') return 'batch normalisation, predicting: y = (x − mean)/√(variance + ε) · γ + β per channel, with the mean and variance kept from training'
  if (kind.kind === 'dropout') return `dropout ${kind.p}: off when predicting (the identity); in training each value is zeroed with probability ${kind.p} and the rest scaled by 1/(1−${kind.p})`
  return 'flatten'
}

// How often a model that keeps changing (the one being trained) is redrawn, at most.
const MODEL_REPAINT_MS = 1000

// The stages
// ----------

// A convolution's kernels, drawn as a mosaic: s CSS pixels per weight.
interface KernelView {
  readonly canvas: HTMLCanvasElement
  readonly bias: HTMLCanvasElement | undefined
  readonly mark: HTMLElement // frames the row of the filter being explained
  readonly range: HTMLElement
  readonly K: number
  readonly C: number
  readonly kH: number
  readonly kW: number
  readonly s: number
}

// One drawn stage of maps: a layer's output (C, H, W), one canvas per channel.
interface MapStage {
  readonly kind: 'maps'
  readonly layer: number // index into net.layers; −1 for the input
  readonly canvases: readonly HTMLCanvasElement[]
  readonly probes: readonly HTMLElement[] // one frame per canvas, to mark a window
  readonly values: HTMLElement
  readonly kernels: KernelView | undefined
  readonly C: number
  readonly H: number
  readonly W: number
}

// A layer's output of O values (a hidden dense layer, or an activation after one), as a strip.
interface VectorStage {
  readonly kind: 'vector'
  readonly layer: number
  readonly canvas: HTMLCanvasElement
  readonly mark: HTMLElement
  readonly O: number
}

interface TemplateStage {
  readonly kind: 'templates'
  readonly layer: number
  readonly input: HTMLCanvasElement
  readonly rows: readonly { readonly row: HTMLElement; readonly template: HTMLCanvasElement; readonly product: HTMLCanvasElement; readonly score: HTMLElement }[]
}

type Stage = MapStage | VectorStage | TemplateStage

// The value being explained: a pixel of a map, or an output of a dense layer (or of an activation after one).
type Probe =
  | { readonly kind: 'map'; readonly stage: MapStage; readonly c: number; readonly y: number; readonly x: number }
  | { readonly kind: 'vector'; readonly stage: VectorStage | TemplateStage; readonly o: number }

// One bar of the probabilities.
interface Bar {
  readonly row: HTMLElement
  readonly fill: HTMLElement
  readonly value: HTMLElement
}

/** The panel: give it a model and an input (28×28 in [0, 1]) and it draws the flow. */
export interface Flow {
  setModel(model: FlowModel | undefined): void
  setInput(input: Float32Array | undefined): void
}

/**
 * The shape a layer's input is folded back to for pictures and positions: the shape of layer
 * i's input, or, after a flatten, the (C, H, W) it flattened.
 */
const foldedInput = (net: Network, layer: number): readonly number[] => {
  let i = layer
  while (i > 0 && net.shapes[i].length === 1 && net.layers[i - 1].name === 'flatten') i--
  return net.shapes[i]
}

/** Where value f of a (C, H, W) input is, in words (1-based, as the maps' captions). */
const positionOf = (shape: readonly number[], f: number): string => {
  if (shape.length !== 3) return `${f + 1}`
  const [C, H, W] = shape
  const [c, y, x] = [Math.floor(f / (H * W)), Math.floor(f / W) % H, f % W]
  return C > 1 ? `map ${c + 1}, (${y + 1}, ${x + 1})` : `(${y + 1}, ${x + 1})`
}

export const createFlow = (root: HTMLElement, explain: HTMLElement, bars: HTMLElement): Flow => {
  let model: FlowModel | undefined
  let input: Float32Array | undefined
  let structure = '' // the architecture the DOM was built for
  let stages: Stage[] = []
  let trace: { readonly x: Tensor; readonly outputs: readonly Tensor[] } | undefined
  let probe: Probe | undefined
  let barRows: Bar[] = []
  let barProbe: number | undefined

  // The probabilities' parts, built once: a hint for the blank pad, the bars, their arithmetic.
  const barsHint = element('p', 'bars-hint', 'Draw a digit to see the probabilities the network gives each class.')
  const barList = element('div', 'bar-list')
  const barsExplain = element('div', 'softmax-explain')
  barsExplain.setAttribute('aria-live', 'polite')
  // (In a block of its own: on a phone it is laid over the panel, from where it would be.)
  const barsAnchor = element('div', 'softmax-anchor')
  barsAnchor.append(barsExplain)
  bars.replaceChildren(barsHint, barList, barsAnchor)
  // The explanation of a bar is shown while the pointer (or the focus) is on the bars, and
  // goes when it leaves them, or when a finger taps elsewhere (on a phone it covers what is below).
  const hideSoftmax = (): void => {
    barProbe = undefined
    barRows.forEach((bar) => bar.row.classList.remove('probed'))
    barsExplain.replaceChildren()
  }
  bars.addEventListener('pointerleave', (event) => {
    if (event.pointerType === 'mouse') hideSoftmax()
  })
  document.addEventListener('pointerdown', (event) => {
    if (barProbe !== undefined && !(event.target instanceof Node && bars.contains(event.target))) hideSoftmax()
  })
  barList.addEventListener('focusout', (event) => {
    if (!(event.relatedTarget instanceof Node && barList.contains(event.relatedTarget))) hideSoftmax()
  })

  // The value (C, H, W) of a stage's layer for the current trace.
  const mapsOf = (layer: number): Maps | undefined => {
    if (trace === undefined || model === undefined) return undefined
    const t = layer < 0 ? trace.x : trace.outputs[layer]
    const shape = model.net.shapes[layer + 1]
    return { data: t.data, C: shape[0], H: shape[1], W: shape[2] }
  }

  const inputOf = (layer: number): Tensor['data'] | undefined =>
    trace === undefined ? undefined : layer === 0 ? trace.x.data : trace.outputs[layer - 1].data

  // Building the DOM for a network
  // ------------------------------

  const stageBox = (title: string, kind: keyof typeof EXPLAINED_IN, what: string, wide = false): { box: HTMLElement; body: HTMLElement } => {
    const box = element('section', wide ? 'stage wide' : 'stage')
    const head = element('header', 'stage-head')
    head.append(element('h3', '', title), element('p', 'stage-what', what))
    const [href, file] = EXPLAINED_IN[kind]
    const link = element('a', 'stage-link', `explained in ${file}`)
    link.href = ANNOTATED + href
    head.append(link)
    const body = element('div', 'stage-body')
    box.append(head, body)
    root.append(box)
    return { box, body }
  }

  // The kernels of convolution `layer`, (K, C, kH, kW): a mosaic with a row per filter and a
  // column per input channel, row and column numbers around it, and the bias beside it.
  const buildKernels = (layer: number, kind: Extract<LayerKind, { kind: 'conv' }>, C: number, hasBias: boolean): { figure: HTMLElement; view: KernelView } => {
    const { filters: K, kH, kW } = kind
    const [width, height] = [C * (kW + 1) - 1, K * (kH + 1) - 1]
    // As large as fits 240×400 CSS pixels (a phone's stage is about 300 wide), 16 at most.
    const s = Math.max(1, Math.min(16, Math.floor(240 / width), Math.floor(400 / height)))
    const figure = element('figure', 'kernels-view')
    const grid = element('div', 'kv-grid')
    const canvas = element('canvas', 'kv-weights')
    canvas.width = width
    canvas.height = height
    canvas.style.width = `${width * s}px`
    canvas.style.height = `${height * s}px`
    canvas.setAttribute('role', 'img')
    canvas.setAttribute('aria-label', `The kernels of layer ${layer + 1}: ${K} filter${K === 1 ? '' : 's'} (rows) × ${C} input channel${C === 1 ? '' : 's'} (columns), each ${kH}×${kW} weights`)
    const frame = element('div', 'kv-frame')
    const mark = element('div', 'probe')
    mark.hidden = true
    frame.append(canvas, mark)
    const pitch = (n: number) => `${(n + 1) * s}px`
    // Numbers only where they fit (12 CSS pixels per row or column at least).
    const cols = element('div', 'kv-cols')
    cols.setAttribute('aria-hidden', 'true')
    if (C > 1 && (kW + 1) * s >= 12) {
      cols.style.gridTemplateColumns = `repeat(${C}, ${pitch(kW)})`
      for (let c = 0; c < C; c++) cols.append(element('span', '', `${c + 1}`))
    }
    const rows = element('div', 'kv-rows')
    rows.setAttribute('aria-hidden', 'true')
    if (K > 1 && (kH + 1) * s >= 12) {
      rows.style.gridTemplateRows = `repeat(${K}, ${pitch(kH)})`
      for (let k = 0; k < K; k++) rows.append(element('span', '', `${k + 1}`))
    }
    grid.append(element('span'), cols, element('span', 'kv-bias-head', hasBias ? 'b' : ''), rows, frame)
    let bias: HTMLCanvasElement | undefined
    if (hasBias) {
      bias = element('canvas', 'kv-bias')
      bias.width = 1
      bias.height = height
      bias.style.width = `${Math.max(2, Math.min(kW, 3)) * s}px`
      bias.style.height = `${height * s}px`
      bias.setAttribute('role', 'img')
      bias.setAttribute('aria-label', `The bias of layer ${layer + 1}: one number per filter`)
      grid.append(bias)
    } else {
      grid.append(element('span'))
    }
    const range = element('p', 'stage-range')
    figure.append(
      grid,
      element('figcaption', '', K === 1 && C === 1
        ? `The kernel W, ${kH}×${kW}: it slides over the input and makes the map${hasBias ? '; b is its bias' : ''}.`
        : `The kernels W, ${K}×${C}×${kH}×${kW}: row k is filter k, which makes map k${C > 1 ? '; column c is what it weighs input channel c with (map c of the layer before)' : ''}${hasBias ? '; b is its bias' : ''}.`),
      range,
    )
    // Pointing at a kernel shows its numbers.
    canvas.addEventListener('pointermove', (event) => {
      const k = Math.min(K - 1, Math.floor((event.offsetY / canvas.clientHeight) * (height + 1) / (kH + 1)))
      const c = Math.min(C - 1, Math.floor((event.offsetX / canvas.clientWidth) * (width + 1) / (kW + 1)))
      showKernel(layer, kind, C, k, c)
    })
    return { figure, view: { canvas, bias, mark, range, K, C, kH, kW, s } }
  }

  const buildMaps = (layer: number, shape: readonly number[], title: string, kind: keyof typeof EXPLAINED_IN, what: string, conv?: { readonly kind: Extract<LayerKind, { kind: 'conv' }>; readonly C: number; readonly bias: boolean }): MapStage => {
    const [C, H, W] = shape
    const { box, body } = stageBox(title, kind, what, C > 2 || conv !== undefined)
    if (layer < 0) box.classList.add('input')
    const canvases: HTMLCanvasElement[] = []
    const probes: HTMLElement[] = []
    const grid = element('div', 'maps')
    // One map alone is drawn large; many are drawn smaller, side by side.
    grid.classList.add(C === 1 ? 'one' : C <= 8 ? 'few' : 'many')
    for (let c = 0; c < C; c++) {
      const figure = element('figure', 'map')
      const frame = element('div', 'map-frame')
      const canvas = element('canvas')
      canvas.width = W
      canvas.height = H
      const mark = element('div', 'probe')
      mark.hidden = true
      frame.append(canvas, mark)
      figure.append(frame)
      if (C > 1) figure.append(element('figcaption', '', `${c + 1}`))
      grid.append(figure)
      canvases.push(canvas)
      probes.push(mark)
    }
    const values = element('p', 'stage-range')
    let kernels: KernelView | undefined
    if (conv !== undefined) {
      const built = buildKernels(layer, conv.kind, conv.C, conv.bias)
      kernels = built.view
      const outputs = element('div', 'conv-maps')
      outputs.append(grid, values)
      body.classList.add('conv-body')
      body.append(built.figure, outputs)
    } else {
      body.append(grid, values)
    }
    const stage: MapStage = { kind: 'maps', layer, canvases, probes, values, kernels, C, H, W }
    if (layer >= 0) {
      // Pointer: the value under it. Keyboard: arrows move, [ and ] change the channel.
      grid.tabIndex = 0
      grid.setAttribute('role', 'group')
      grid.setAttribute('aria-label', `${title}: ${C} map${C === 1 ? '' : 's'} of ${H}×${W}. Arrow keys move through the values, [ and ] change the map; the arithmetic is shown below the panel.`)
      canvases.forEach((canvas, c) => {
        const point = (event: PointerEvent) => {
          const y = Math.min(H - 1, Math.floor((event.offsetY / canvas.clientHeight) * H))
          const x = Math.min(W - 1, Math.floor((event.offsetX / canvas.clientWidth) * W))
          showProbe({ kind: 'map', stage, c, y, x })
        }
        canvas.addEventListener('pointermove', point)
        canvas.addEventListener('pointerdown', point) // a tap, on a touch screen
      })
      const here = (): Probe & { kind: 'map' } => (probe?.kind === 'map' && probe.stage === stage ? probe : { kind: 'map', stage, c: 0, y: Math.floor(H / 2), x: Math.floor(W / 2) })
      grid.addEventListener('keydown', (event) => {
        const p = here()
        const moves: Record<string, readonly [number, number, number]> = {
          ArrowUp: [0, -1, 0], ArrowDown: [0, 1, 0], ArrowLeft: [0, 0, -1], ArrowRight: [0, 0, 1], '[': [-1, 0, 0], ']': [1, 0, 0],
        }
        const move = moves[event.key]
        if (move === undefined) return
        event.preventDefault()
        showProbe({ kind: 'map', stage, c: (p.c + move[0] + C) % C, y: Math.min(H - 1, Math.max(0, p.y + move[1])), x: Math.min(W - 1, Math.max(0, p.x + move[2])) })
      })
      grid.addEventListener('focus', () => showProbe(here()))
    }
    return stage
  }

  // Keyboard access to a list of O outputs: the arrow keys (and Home, End) move through them.
  const outputKeys = (target: HTMLElement, stage: VectorStage | TemplateStage, O: number, label: string): void => {
    target.tabIndex = 0
    target.setAttribute('role', 'group')
    target.setAttribute('aria-label', label)
    const current = (): number => (probe?.kind === 'vector' && probe.stage === stage ? probe.o : 0)
    target.addEventListener('keydown', (event) => {
      const steps: Record<string, number> = { ArrowLeft: -1, ArrowUp: -1, ArrowRight: 1, ArrowDown: 1 }
      const o = event.key === 'Home' ? 0 : event.key === 'End' ? O - 1 : steps[event.key] === undefined ? undefined : Math.min(O - 1, Math.max(0, current() + steps[event.key]))
      if (o === undefined) return
      event.preventDefault()
      showProbe({ kind: 'vector', stage, o })
    })
    target.addEventListener('focus', () => showProbe({ kind: 'vector', stage, o: current() }))
  }

  const buildVector = (layer: number, O: number, title: string, kind: LayerKind): VectorStage => {
    const explained = kind.kind === 'activation' || kind.kind === 'bn' || kind.kind === 'dropout' ? kind.kind : 'dense'
    const { body } = stageBox(title, explained, describe(kind))
    const frame = element('div', 'strip-frame')
    const canvas = element('canvas', 'strip')
    canvas.width = O
    canvas.height = 1
    const mark = element('div', 'probe')
    mark.hidden = true
    frame.append(canvas, mark)
    body.append(frame)
    const stage: VectorStage = { kind: 'vector', layer, canvas, mark, O }
    const point = (event: PointerEvent) => showProbe({ kind: 'vector', stage, o: Math.min(O - 1, Math.max(0, Math.floor((event.offsetX / canvas.clientWidth) * O))) })
    canvas.addEventListener('pointermove', point)
    canvas.addEventListener('pointerdown', point)
    outputKeys(frame, stage, O, `${title}: ${O} values. Left and right arrow keys move through them; the arithmetic is shown below the panel.`)
    return stage
  }

  const buildTemplates = (layer: number, inShape: readonly number[], title: string): TemplateStage => {
    const F = inShape.reduce((a, b) => a * b, 1)
    const { body } = stageBox(title, 'dense', `template matching: each class's ${F} weights w, folded back to the ${inShape.join('×')} shape of the layer's input x, are multiplied by x term by term and summed; plus the bias b, that is the class's score`, true)
    const head = element('div', 'tm-head')
    const inputCanvas = element('canvas', 'tm-input')
    head.append(inputCanvas, element('p', 'tm-note', `x, the layer's input (${inShape.join('×')}), is matched against each class's template w: multiplied term by term (w ⊙ x), then summed, plus the bias: Σ + b = score. Point at a row (or focus the rows and use the arrow keys) to see the largest terms of its sum.`))
    const table = element('div', inShape.length === 3 && inShape[0] > 1 ? 'tm-rows many' : 'tm-rows')
    body.append(head, table)
    const classes = model?.classes ?? []
    const stage: { kind: 'templates'; layer: number; input: HTMLCanvasElement; rows: TemplateStage['rows'] } = { kind: 'templates', layer, input: inputCanvas, rows: [] }
    stage.rows = classes.map((name, j) => {
      const row = element('div', 'tm-row')
      const template = element('canvas', 'tm-map')
      const product = element('canvas', 'tm-map')
      const score = element('span', 'tm-score')
      row.append(element('span', 'tm-class', name), template, element('span', 'tm-op', '⊙ x ='), product, score)
      row.addEventListener('pointerenter', () => showProbe({ kind: 'vector', stage, o: j }))
      row.addEventListener('pointerdown', () => showProbe({ kind: 'vector', stage, o: j }))
      table.append(row)
      return { row, template, product, score }
    })
    outputKeys(table, stage, classes.length, `${title}: one row per class. Up and down arrow keys move through the classes; the arithmetic of the score is shown below the panel.`)
    return stage
  }

  const buildBars = (classes: readonly string[]): void => {
    barProbe = undefined
    barsExplain.replaceChildren()
    barRows = classes.map((name, j) => {
      const row = element('div', 'bar')
      row.tabIndex = 0
      const fill = element('span', 'bar-fill')
      const track = element('span', 'bar-track')
      track.append(fill)
      const value = element('span', 'bar-value')
      row.append(element('span', 'bar-name', name), track, value)
      const show = () => showSoftmax(j)
      row.addEventListener('pointerenter', show)
      row.addEventListener('pointerdown', show)
      row.addEventListener('focus', show)
      return { row, fill, value }
    })
    barList.replaceChildren(...barRows.map((b) => b.row))
  }

  const build = (m: FlowModel): void => {
    root.replaceChildren()
    stages = []
    probe = undefined
    explain.replaceChildren(element('p', 'muted', 'Point at a pixel of a feature map, a kernel, a dense layer\'s value or a class\'s row (or focus them and use the arrow keys) to see the arithmetic that made it.'))
    const { net } = m
    stages.push(buildMaps(-1, net.shapes[0], `input ${net.shapes[0].join('×')}`, 'input', 'the drawing after MNIST\'s preprocessing; 0 is white, 1 black'))
    net.layers.forEach((layer, i) => {
      const kind = kindOf(layer.name)
      const shape = net.shapes[i + 1]
      const last = i === net.layers.length - 1
      const title = `${i + 1}. ${layer.name} → ${shape.join('×')}`
      if (kind.kind === 'flatten') return
      if (last && kind.kind === 'dense') stages.push(buildTemplates(i, foldedInput(net, i), title))
      else if (shape.length === 3 && kind.kind === 'conv') stages.push(buildMaps(i, shape, title, 'conv', describe(kind), { kind, C: net.shapes[i][0], bias: m.params[i].bias !== undefined }))
      else if (shape.length === 3) stages.push(buildMaps(i, shape, title, kind.kind, describe(kind)))
      else stages.push(buildVector(i, shape[0], title, kind))
    })
    buildBars(m.classes)
  }

  // Drawing the values
  // ------------------

  // The forward pass, and the probabilities (panel 1 shows them, seen or not).
  const run = (): void => {
    if (model === undefined) return
    const { net, params } = model
    const x = tensor([1, ...net.shapes[0]], input ?? new Float32Array(net.shapes[0].reduce((a, b) => a * b, 1)))
    trace = { x, outputs: forwardTrace(net, params, x) }
    paintBars()
    if (barProbe !== undefined) showSoftmax(barProbe)
  }

  // Every stage's pictures, from the current trace.
  const paintStages = (): void => {
    if (model === undefined || trace === undefined) return
    const { net, params } = model
    for (const stage of stages) {
      if (stage.kind === 'maps') {
        const maps = mapsOf(stage.layer)
        if (maps === undefined) continue
        const m = maxAbs(maps.data)
        const scale: Scale = stage.layer < 0 ? greyScale : divergingScale(m)
        stage.canvases.forEach((canvas, c) => paintMap(canvas, maps.data, c * stage.H * stage.W, stage.H, stage.W, scale))
        stage.values.textContent = stage.layer < 0 ? '' : `blue < 0 < red, saturating at ±${num(m)}`
        if (stage.kernels !== undefined) paintKernels(stage.kernels, params[stage.layer])
      } else if (stage.kind === 'vector') {
        const v = trace.outputs[stage.layer].data
        paintMap(stage.canvas, v, 0, 1, v.length, divergingScale(maxAbs(v)))
      } else {
        paintTemplates(stage, net, params)
      }
    }
    if (probe !== undefined) showProbe(probe)
  }

  // What each picture of weights was last painted from: weights do not change with the
  // input, so a stroke repaints only the pictures that depend on it.
  const paintedFrom = new WeakMap<object, Tensor>()

  const paintKernels = (view: KernelView, layerParams: ParamTree[number]): void => {
    const { weights, bias } = layerParams
    if (paintedFrom.get(view) === weights) return
    paintedFrom.set(view, weights)
    const m = maxAbs(weights.data)
    paintMosaic(view.canvas, weights.data, view.K * view.C, view.kH, view.kW, divergingScale(m), view.C)
    let text = `weights: saturating at ±${num(m)}`
    if (view.bias !== undefined && bias !== undefined) {
      // One column of K cells, each as tall as a kernel, so that bias k sits beside row k.
      const mb = maxAbs(bias.data)
      const column = new Float32Array(view.K * view.kH)
      for (let k = 0; k < view.K; k++) column.fill(bias.data[k], k * view.kH, (k + 1) * view.kH)
      paintMosaic(view.bias, column, view.K, view.kH, 1, divergingScale(mb), 1)
      text += `; bias: ±${num(mb)}`
    }
    view.range.textContent = text
  }

  const paintTemplates = (stage: TemplateStage, net: Network, params: ParamTree): void => {
    const xIn = inputOf(stage.layer)
    if (trace === undefined || xIn === undefined) return
    const inShape = foldedInput(net, stage.layer)
    const [C, H, W] = inShape.length === 3 ? inShape : [1, 1, inShape.reduce((a, b) => a * b, 1)]
    const F = C * H * W
    const { weights, bias } = params[stage.layer]
    const w = weights.data
    const b = bias.data
    const columns = Math.ceil(Math.sqrt(C))
    paintMosaic(stage.input, xIn, C, H, W, divergingScale(maxAbs(xIn)), columns)
    if (paintedFrom.get(stage) !== weights) {
      paintedFrom.set(stage, weights)
      const wScale = divergingScale(robustMax(w))
      stage.rows.forEach((row, j) => paintMosaic(row.template, w.subarray(j * F, (j + 1) * F), C, H, W, wScale, columns))
    }
    const products = new Float32Array(stage.rows.length * F)
    for (let j = 0; j < stage.rows.length; j++) for (let f = 0; f < F; f++) products[j * F + f] = w[j * F + f] * xIn[f]
    const pScale = divergingScale(robustMax(products))
    const scores = trace.outputs[stage.layer].data
    let best = 0
    for (let j = 1; j < stage.rows.length; j++) if (scores[j] > scores[best]) best = j
    stage.rows.forEach((row, j) => {
      paintMosaic(row.product, products.subarray(j * F, (j + 1) * F), C, H, W, pScale, columns)
      let sum = 0
      for (let f = 0; f < F; f++) sum += products[j * F + f]
      row.score.replaceChildren(`${num(sum)} + ${b[j] < 0 ? `(${num(b[j])})` : num(b[j])} = `, element('strong', '', num(scores[j])))
      row.row.classList.toggle('best', j === best && input !== undefined)
    })
  }

  const paintBars = (): void => {
    if (trace === undefined || model === undefined) return
    // A blank pad: no answer yet, so a hint instead of ten probabilities of nothing.
    const blank = input === undefined
    barsHint.hidden = !blank
    barList.hidden = blank
    barsExplain.hidden = blank
    if (blank) return
    const logits = trace.outputs[trace.outputs.length - 1].data
    const p = softmax(logits, 1, logits.length)
    let best = 0
    for (let j = 1; j < p.length; j++) if (p[j] > p[best]) best = j
    barRows.forEach((bar, j) => {
      bar.row.classList.toggle('best', j === best)
      bar.fill.style.width = percent(p[j])
      bar.value.textContent = percent(p[j])
    })
  }

  // When to draw
  // ------------

  // Whether the panel is on screen (until the observer first says, it is taken to be).
  const panel = root.closest('section') ?? root
  let visible = true
  let stale = false // the stages show an older trace than the current one
  let lastModelRepaint = -Infinity
  let timer: ReturnType<typeof setTimeout> | undefined

  const repaint = (): void => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    if (model === undefined) return
    const start = performance.now()
    run()
    if (!visible) {
      stale = true
      return
    }
    paintStages()
    stale = false
    performance.measure('flow repaint', { start, end: performance.now() })
  }

  if (typeof IntersectionObserver !== 'undefined') {
    new IntersectionObserver((entries) => {
      const entry = entries[entries.length - 1]
      if (entry === undefined) return
      visible = entry.isIntersecting
      if (visible && stale && timer === undefined) repaint()
    }).observe(panel)
  }

  // The arithmetic of one value
  // ---------------------------

  const clearMarks = (): void => {
    for (const s of stages) {
      if (s.kind === 'maps') {
        s.probes.forEach((p) => (p.hidden = true))
        if (s.kernels !== undefined) s.kernels.mark.hidden = true
      } else if (s.kind === 'vector') s.mark.hidden = true
      else s.rows.forEach((r) => r.row.classList.remove('probed'))
    }
  }

  const showProbe = (next: Probe): void => {
    probe = next
    // On a narrow screen the explanation then docks at the bottom, beside the maps (style.css).
    explain.parentElement?.classList.add('active')
    clearMarks()
    if (model === undefined || trace === undefined) return
    if (next.kind === 'vector') {
      showOutput(next.stage, next.o)
      return
    }
    const { stage, c, y, x } = next
    const kind = kindOf(model.net.layers[stage.layer].name)
    const before = stages.filter((s): s is MapStage => s.kind === 'maps' && s.layer < stage.layer).pop()
    const xIn = mapsOf(stage.layer - 1)
    const out = mapsOf(stage.layer)
    if (xIn === undefined || out === undefined) return
    frame(stage.probes[c], stage, y, x, 1, 1)
    let terms: Terms
    let where: string
    if (kind.kind === 'conv') {
      const { weights, bias } = model.params[stage.layer]
      terms = convTerms(kind, xIn, weights.data, bias?.data, c, y, x)
      if (before !== undefined) before.probes.forEach((p) => frame(p, before, y * kind.stride - kind.pad, x * kind.stride - kind.pad, kind.kH, kind.kW))
      if (stage.kernels !== undefined) markKernelRow(stage.kernels, c)
      where = `filter ${c + 1}`
    } else if (kind.kind === 'pool') {
      terms = poolTerms(kind, xIn, c, y, x)
      if (before !== undefined) frame(before.probes[c], before, y * kind.stride, x * kind.stride, kind.size, kind.size)
      where = `channel ${c + 1}`
    } else if (kind.kind === 'activation' || kind.kind === 'bn' || kind.kind === 'dropout') {
      // One value in, one value out, at the same place of the same channel.
      const value = xIn.data[(c * xIn.H + y) * xIn.W + x]
      terms = kind.kind === 'activation' ? activationTerms(kind, value) : kind.kind === 'dropout' ? dropoutTerms(kind, value) : batchNormTerms(value, bnParams(stage.layer), c)
      if (before !== undefined) frame(before.probes[c], before, y, x, 1, 1)
      where = `channel ${c + 1}`
    } else {
      return
    }
    renderTerms(terms, `${model.net.layers[stage.layer].name}, ${where}, row ${y + 1}, column ${x + 1}: ${num(out.data[(c * out.H + y) * out.W + x])}`)
  }

  // Output o of a dense layer (a strip or a class's row), or of an activation after one.
  const showOutput = (stage: VectorStage | TemplateStage, o: number): void => {
    if (model === undefined || trace === undefined) return
    const xIn = inputOf(stage.layer)
    if (xIn === undefined) return
    const name = model.net.layers[stage.layer].name
    const kind = kindOf(name)
    const value = trace.outputs[stage.layer].data[o]
    if (stage.kind === 'vector') {
      markStrip(stage, o)
      // One value in, one value out (an activation, batch norm, dropout): its input framed too.
      const before = stages.find((s): s is VectorStage => s.kind === 'vector' && s.layer === stage.layer - 1)
      if (before !== undefined && (kind.kind === 'activation' || kind.kind === 'bn' || kind.kind === 'dropout')) markStrip(before, o)
    } else {
      stage.rows[o]?.row.classList.add('probed')
    }
    const where = stage.kind === 'templates' ? `class ${model.classes[o] ?? o}, score` : `value ${o + 1}`
    const title = `${name}, ${where}: ${num(value)}`
    if (kind.kind === 'activation') {
      renderTerms(activationTerms(kind, xIn[o]), title)
      return
    }
    // After a dense layer, each of its outputs is a channel of its own for batch norm.
    if (kind.kind === 'bn') {
      renderTerms(batchNormTerms(xIn[o], bnParams(stage.layer), o), title)
      return
    }
    if (kind.kind === 'dropout') {
      renderTerms(dropoutTerms(kind, xIn[o]), title)
      return
    }
    if (kind.kind !== 'dense') return
    const { weights, bias } = model.params[stage.layer]
    // Output o is named by its class in template matching, else numbered from 1 as the maps are.
    const label = stage.kind === 'templates' ? model.classes[o] ?? String(o) : String(o + 1)
    renderDense(denseTerms(weights.data, bias.data, xIn, o, 5), title, foldedInput(model.net, stage.layer), label)
  }

  const markStrip = (stage: VectorStage, o: number): void => {
    stage.mark.hidden = false
    stage.mark.style.left = `${(o / stage.O) * 100}%`
    stage.mark.style.width = `${(1 / stage.O) * 100}%`
  }

  // The parameters of batch normalisation `layer`, each (C).
  const bnParams = (layer: number) => {
    const { gamma, beta, mean, variance } = model?.params[layer] ?? {}
    const none = new Float32Array(0)
    return { gamma: gamma?.data ?? none, beta: beta?.data ?? none, mean: mean?.data ?? none, variance: variance?.data ?? none }
  }

  // A kernel of the mosaic: filter k's weights for input channel c.
  const showKernel = (layer: number, kind: Extract<LayerKind, { kind: 'conv' }>, C: number, k: number, c: number): void => {
    if (model === undefined) return
    const { weights, bias } = model.params[layer]
    const n = kind.kH * kind.kW
    const kernel = Array.from(weights.data.subarray((k * C + c) * n, (k * C + c + 1) * n))
    explain.parentElement?.classList.add('active')
    explain.replaceChildren(
      element('p', 'explain-title', `${model.net.layers[layer].name}, filter ${k + 1}${C > 1 ? `, input channel ${c + 1}` : ''}: its ${kind.kH}×${kind.kW} kernel`),
      labelled(`the weights W[${k + 1}, ${c + 1}]`, numberGrid(kernel, kind.kH, kind.kW, divergingScale(maxAbs(weights.data)))),
      element('p', 'muted', `Filter ${k + 1} slides ${C > 1 ? `its ${C} kernels (one per input channel) ` : 'this kernel '}over its input; at each place, the window times the kernel, summed${bias === undefined ? '' : `, plus the bias b[${k + 1}] = ${num(bias.data[k])}`}, is one value of map ${k + 1}.`),
    )
  }

  // The probability of class j, under the pointer or the keyboard's focus.
  const showSoftmax = (j: number): void => {
    if (model === undefined || trace === undefined || input === undefined) return
    barProbe = j
    barRows.forEach((bar, k) => bar.row.classList.toggle('probed', k === j))
    const logits = trace.outputs[trace.outputs.length - 1].data
    const t = softmaxTerms(logits, j)
    const name = model.classes[j] ?? String(j)
    const lines = formatSoftmax(t, model.classes)
    const sum = element('p', 'arithmetic')
    for (const line of [`p[${name}] = e^(z[${name}] − m) / Σ_k e^(z[k] − m)`, ...lines]) sum.append(line, element('br'))
    sum.lastChild?.remove()
    barsExplain.replaceChildren(
      element('p', 'explain-title', `softmax, class ${name}: ${barRows[j]?.value.textContent ?? percent(t.value)}`),
      element('p', 'muted', 'The scores z of the last layer, less their largest m (so that e^z cannot overflow), exponentiated, then shared out so that they sum to 1:'),
      sum,
    )
  }

  const markKernelRow = (view: KernelView, k: number): void => {
    view.mark.hidden = false
    view.mark.style.top = `${k * (view.kH + 1) * view.s}px`
    view.mark.style.left = '0px'
    view.mark.style.height = `${view.kH * view.s}px`
    view.mark.style.width = '100%'
  }

  // Marks rows [top, top + h) × columns [left, left + w) of a stage's map (clipped to it).
  const frame = (mark: HTMLElement, stage: MapStage, top: number, left: number, h: number, w: number): void => {
    const [t, l] = [Math.max(0, top), Math.max(0, left)]
    const [b, r] = [Math.min(stage.H, top + h), Math.min(stage.W, left + w)]
    mark.hidden = false
    mark.style.top = `${(t / stage.H) * 100}%`
    mark.style.left = `${(l / stage.W) * 100}%`
    mark.style.height = `${((b - t) / stage.H) * 100}%`
    mark.style.width = `${((r - l) / stage.W) * 100}%`
  }

  // A small table of numbers, coloured like the maps.
  const numberGrid = (values: readonly number[], rows: number, cols: number, scale: Scale, highlight = -1): HTMLElement => {
    const table = element('div', 'numbers')
    table.style.gridTemplateColumns = `repeat(${cols}, auto)`
    values.slice(0, rows * cols).forEach((v, n) => {
      const cell = element('span', n === highlight ? 'winner' : '', num(v))
      const [r, g, b] = scale(v)
      cell.style.background = `rgb(${r} ${g} ${b})`
      cell.style.color = (r + g + b) / 3 < 128 ? '#fff' : '#111'
      table.append(cell)
    })
    return table
  }

  const renderTerms = (t: Terms, title: string): void => {
    const parts: HTMLElement[] = [element('p', 'explain-title', title)]
    if (t.kind === 'conv') {
      const shown = t.channels.slice(0, 1)
      const grids = element('div', 'explain-grids')
      shown.forEach((ch) => {
        const m = Math.max(maxAbs(ch.window), 1e-6)
        grids.append(
          labelled(`the input window${t.channels.length > 1 ? ', channel 1' : ''}`, numberGrid(ch.window, t.kH, t.kW, divergingScale(m))),
          labelled(`the kernel${t.channels.length > 1 ? ', channel 1' : ''}`, numberGrid(ch.kernel, t.kH, t.kW, divergingScale(maxAbs(ch.kernel)))),
        )
      })
      parts.push(grids)
      if (t.channels.length > 1) {
        parts.push(element('p', 'muted', `The window spans all ${t.channels.length} input channels: each gives a sum of ${t.kH * t.kW} products (channel 1 shown), and the filter adds them up${t.bias === undefined ? '' : ' with its bias'}:`))
      } else {
        parts.push(element('p', 'muted', `Each value of the window times the kernel value at the same place, summed${t.bias === undefined ? '' : ', plus the bias'}:`))
      }
    } else if (t.kind === 'pool') {
      parts.push(labelled(`the ${t.size}×${t.size} window; the largest value wins`, numberGrid(t.window, t.size, t.size, divergingScale(maxAbs(t.window)), t.winner)))
    } else if (t.kind === 'bn') {
      parts.push(bnTable(t))
      parts.push(element('p', 'muted', `Predicting, the channel is standardised with the mean and variance kept from training (not this digit's own), x̂ = (x − mean)/√(variance + ε), ε = 10⁻⁵; then scaled by γ and shifted by β, which were learned:`))
    } else if (t.kind === 'dropout') {
      parts.push(element('p', 'muted', `Dropout ${t.p} is off when predicting: the identity, so this value is the value under the pointer one stage before (x = ${num(t.input)}). In training each value is zeroed with probability ${t.p} and the rest are scaled by 1/(1−${t.p}) = ${num(1 / (1 - t.p))}, so that the sum a layer sees stays the same on average.`))
    }
    parts.push(element('p', 'arithmetic', formatTerms(t)))
    explain.replaceChildren(...parts)
  }

  // A dense output: the formula, the largest terms as a table, then the sum.
  const renderDense = (t: DenseTerms, title: string, inShape: readonly number[], o: string): void => {
    const F = t.top.length + t.rest.count
    const table = element('table', 'dense-terms')
    table.append(element('caption', '', `the ${t.top.length} largest of its ${F} terms W[${o}, f]·x[f]`))
    const head = element('tr')
    for (const h of [inShape.length === 3 ? 'x at' : 'f', 'x[f]', `W[${o}, f]`, 'product']) {
      const th = element('th', '', h)
      th.scope = 'col'
      head.append(th)
    }
    const scale = divergingScale(Math.max(1e-6, ...t.top.map((term) => Math.abs(term.product))))
    const body = t.top.map((term) => {
      const tr = element('tr')
      const cells = [positionOf(inShape, term.f), num(term.x), num(term.w), num(term.product)].map((text) => element('td', '', text))
      const [r, g, b] = scale(term.product)
      cells[3].style.background = `rgb(${r} ${g} ${b})`
      cells[3].style.color = (r + g + b) / 3 < 128 ? '#fff' : '#111'
      tr.append(...cells)
      return tr
    })
    table.append(element('thead'), element('tbody'))
    table.tHead?.append(head)
    table.tBodies[0]?.append(...body)
    explain.replaceChildren(
      element('p', 'explain-title', title),
      element('p', 'muted', `y[${o}] = Σ_f W[${o}, f]·x[f] + b[${o}], over the ${F} values of the layer's input x${inShape.length === 3 ? ` (${inShape.join('×')})` : ''}. Most products are small; the largest, by size:`),
      table,
      element('p', 'muted', `All ${F} products, the others summed, plus the bias b[${o}] = ${num(t.bias)}:`),
      element('p', 'arithmetic', formatTerms(t)),
    )
  }

  // The numbers batch normalisation uses for one value: its input and its channel's four parameters.
  const bnTable = (t: Extract<Terms, { kind: 'bn' }>): HTMLElement => {
    const table = element('table', 'bn-terms')
    table.append(element('caption', '', 'the value and its channel\'s numbers'))
    const rows: readonly (readonly [string, string, string])[] = [
      ['x', num(t.input), 'the value one stage before'],
      ['mean', num(t.mean), 'running mean, from training'],
      ['variance', small(t.variance), 'running variance, from training'],
      ['x̂', num(t.xHat), '(x − mean)/√(variance + ε)'],
      ['γ', num(t.gamma), 'scale, learned'],
      ['β', num(t.beta), 'shift, learned'],
    ]
    const body = element('tbody')
    for (const [name, value, what] of rows) {
      const tr = element('tr')
      const th = element('th', '', name)
      th.scope = 'row'
      tr.append(th, element('td', '', value), element('td', 'muted', what))
      body.append(tr)
    }
    table.append(body)
    return table
  }

  const labelled = (label: string, content: HTMLElement): HTMLElement => {
    const figure = element('figure', 'explain-figure')
    figure.append(content, element('figcaption', '', label))
    return figure
  }

  return {
    setModel: (next) => {
      const previous = model
      model = next
      if (next === undefined) {
        root.replaceChildren()
        stages = []
        structure = ''
        trace = undefined
        barList.replaceChildren()
        barRows = []
        barsHint.hidden = false
        barList.hidden = true
        barsExplain.hidden = true
        return
      }
      const key = `${next.net.layers.map((l) => l.name).join('-')} ${next.classes.join(',')}`
      if (key !== structure) {
        structure = key
        build(next)
        lastModelRepaint = performance.now()
        repaint()
        return
      }
      if (previous === next) return
      // The same network with new parameters (the one being trained): at most once a second.
      const since = performance.now() - lastModelRepaint
      if (since >= MODEL_REPAINT_MS) {
        lastModelRepaint = performance.now()
        repaint()
      } else if (timer === undefined) {
        timer = setTimeout(() => {
          lastModelRepaint = performance.now()
          repaint()
        }, MODEL_REPAINT_MS - since)
      }
    },
    setInput: (next) => {
      input = next
      repaint()
    },
  }
}
