// Watch it flow
// =============
//
// The panel that shows a drawn digit going through the loaded network, layer by layer,
// redrawn on every stroke. It runs the network with src/model/trace.ts's `forwardTrace`,
// which returns every layer's output, and draws each as pictures:
//
//     input (1, 28, 28)                         the digit as the network sees it
//     conv, activation, pooling (C, H, W)       one picture per channel (filter): a feature map
//     a hidden dense layer (O)                  a strip of O values
//     the last dense layer (10)                 template matching: for each class, the weights
//                                               folded back to the shape of the layer's input
//                                               (a "template"), the input times the template,
//                                               and their sum plus the bias: the class's score
//     softmax                                   the scores as probabilities, as bars
//
// Hovering (or, with the keyboard, moving through) a map shows how the value under the
// pointer was made, with the window of the previous layer it came from framed
// (arithmetic.ts). Every stage links to the annotated source that explains it.

import type { ParamTree } from '../src/core/params.ts'
import { tensor, type Tensor } from '../src/core/tensor.ts'
import { softmax } from '../src/kernels/softmaxCrossEntropy.ts'
import type { Network } from '../src/model/sequential.ts'
import { forwardTrace } from '../src/model/trace.ts'
import { activationTerms, convTerms, formatTerms, kindOf, num, poolTerms, type LayerKind, type Maps, type Terms } from './arithmetic.ts'
import { divergingScale, greyScale, maxAbs, paintMap, paintMosaic, robustMax, type Scale } from './render.ts'

/** A network with its parameters and class names: what the panel draws. */
export interface FlowModel {
  readonly net: Network
  readonly params: ParamTree
  readonly classes: readonly string[]
}

// Where each kind of stage is explained, relative to docs/demo/: the annotated page, at the
// function that computes the stage when there is one (an activation may be any of four).
const ANNOTATED = '../annotated/'
const explainedIn: Readonly<Record<LayerKind['kind'] | 'input' | 'softmax', readonly [string, string]>> = {
  input: ['data/dataset.html', 'data/dataset.ts'],
  conv: ['layers/conv2d.html#conv2d', 'layers/conv2d.ts'],
  activation: ['layers/activations.html', 'layers/activations.ts'],
  pool: ['layers/maxPool.html#maxPool', 'layers/maxPool.ts'],
  dense: ['layers/dense.html#dense', 'layers/dense.ts'],
  flatten: ['layers/flatten.html#flatten', 'layers/flatten.ts'],
  softmax: ['layers/softmaxCrossEntropy.html#softmaxCrossEntropy', 'layers/softmaxCrossEntropy.ts'],
}

const describe = (kind: LayerKind | undefined): string => {
  if (kind === undefined) return 'the input'
  if (kind.kind === 'conv') return `convolution: ${kind.filters} filter${kind.filters === 1 ? '' : 's'} of ${kind.kH}×${kind.kW}${kind.pad ? `, padding ${kind.pad}` : ''}${kind.stride !== 1 ? `, stride ${kind.stride}` : ''}`
  if (kind.kind === 'activation') return kind.name === 'lrelu' ? `leaky ReLU, max(x, ${kind.alpha}·x)` : kind.name === 'relu' ? 'ReLU, max(x, 0)' : kind.name
  if (kind.kind === 'pool') return `max pooling over ${kind.size}×${kind.size} windows${kind.stride !== kind.size ? `, stride ${kind.stride}` : ''}`
  if (kind.kind === 'dense') return `dense layer to ${kind.outputs} values`
  return 'flatten'
}

const element = <K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = ''): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag)
  if (className) e.className = className
  if (text) e.textContent = text
  return e
}

// One drawn stage of maps: a layer's output (C, H, W), one canvas per channel.
interface MapStage {
  readonly kind: 'maps'
  readonly layer: number // index into net.layers; −1 for the input
  readonly canvases: readonly HTMLCanvasElement[]
  readonly probes: readonly HTMLElement[] // one frame per canvas, to mark a window
  readonly values: HTMLElement
  readonly C: number
  readonly H: number
  readonly W: number
}

interface VectorStage {
  readonly kind: 'vector'
  readonly layer: number
  readonly canvas: HTMLCanvasElement
}

interface TemplateStage {
  readonly kind: 'templates'
  readonly layer: number
  readonly input: HTMLCanvasElement
  readonly rows: readonly { readonly row: HTMLElement; readonly template: HTMLCanvasElement; readonly product: HTMLCanvasElement; readonly score: HTMLElement }[]
}

type Stage = MapStage | VectorStage | TemplateStage

/** The panel: give it a model and an input (28×28 in [0, 1]) and it draws the flow. */
export interface Flow {
  setModel(model: FlowModel | undefined): void
  setInput(input: Float32Array | undefined): void
}

export const createFlow = (root: HTMLElement, explain: HTMLElement, bars: HTMLElement): Flow => {
  let model: FlowModel | undefined
  let input: Float32Array | undefined
  let structure = '' // the architecture the DOM was built for
  let stages: Stage[] = []
  let trace: { readonly x: Tensor; readonly outputs: readonly Tensor[] } | undefined
  let probe: { readonly stage: MapStage; c: number; y: number; x: number } | undefined

  // The value (C, H, W) of a stage's layer for the current trace.
  const mapsOf = (layer: number): Maps | undefined => {
    if (trace === undefined || model === undefined) return undefined
    const t = layer < 0 ? trace.x : trace.outputs[layer]
    const shape = model.net.shapes[layer + 1]
    return { data: t.data, C: shape[0], H: shape[1], W: shape[2] }
  }

  // Building the DOM for a network
  // ------------------------------

  const stageBox = (title: string, kind: keyof typeof explainedIn, what: string, wide = false): { box: HTMLElement; body: HTMLElement } => {
    const box = element('section', wide ? 'stage wide' : 'stage')
    const head = element('header', 'stage-head')
    head.append(element('h3', '', title), element('p', 'stage-what', what))
    const [href, file] = explainedIn[kind]
    const link = element('a', 'stage-link', `explained in ${file}`)
    link.href = ANNOTATED + href
    head.append(link)
    const body = element('div', 'stage-body')
    box.append(head, body)
    root.append(box)
    return { box, body }
  }

  const buildMaps = (layer: number, shape: readonly number[], title: string, kind: keyof typeof explainedIn, what: string): MapStage => {
    const [C, H, W] = shape
    const { box, body } = stageBox(title, kind, what, C > 2)
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
    body.append(grid, values)
    const stage: MapStage = { kind: 'maps', layer, canvases, probes, values, C, H, W }
    if (layer >= 0) {
      // Pointer: the value under it. Keyboard: arrows move, [ and ] change the channel.
      grid.tabIndex = 0
      grid.setAttribute('role', 'group')
      grid.setAttribute('aria-label', `${title}: ${C} map${C === 1 ? '' : 's'} of ${H}×${W}. Arrow keys move through the values, [ and ] change the map; the arithmetic is shown below the panel.`)
      canvases.forEach((canvas, c) => {
        const point = (event: PointerEvent) => {
          const y = Math.min(H - 1, Math.floor((event.offsetY / canvas.clientHeight) * H))
          const x = Math.min(W - 1, Math.floor((event.offsetX / canvas.clientWidth) * W))
          showProbe({ stage, c, y, x })
        }
        canvas.addEventListener('pointermove', point)
        canvas.addEventListener('pointerdown', point) // a tap, on a touch screen
      })
      grid.addEventListener('keydown', (event) => {
        const p = probe?.stage === stage ? probe : { stage, c: 0, y: Math.floor(H / 2), x: Math.floor(W / 2) }
        const moves: Record<string, readonly [number, number, number]> = {
          ArrowUp: [0, -1, 0], ArrowDown: [0, 1, 0], ArrowLeft: [0, 0, -1], ArrowRight: [0, 0, 1], '[': [-1, 0, 0], ']': [1, 0, 0],
        }
        const move = moves[event.key]
        if (move === undefined) return
        event.preventDefault()
        showProbe({ stage, c: (p.c + move[0] + C) % C, y: Math.min(H - 1, Math.max(0, p.y + move[1])), x: Math.min(W - 1, Math.max(0, p.x + move[2])) })
      })
      grid.addEventListener('focus', () => showProbe(probe?.stage === stage ? probe : { stage, c: 0, y: Math.floor(H / 2), x: Math.floor(W / 2) }))
    }
    return stage
  }

  const buildVector = (layer: number, O: number, title: string, what: string): VectorStage => {
    const { body } = stageBox(title, 'dense', what)
    const canvas = element('canvas', 'strip')
    canvas.width = O
    canvas.height = 1
    body.append(canvas)
    return { kind: 'vector', layer, canvas }
  }

  const buildTemplates = (layer: number, inShape: readonly number[], title: string): TemplateStage => {
    const F = inShape.reduce((a, b) => a * b, 1)
    const { body } = stageBox(title, 'dense', `template matching: each class's ${F} weights w, folded back to the ${inShape.join('×')} shape of the layer's input x, are multiplied by x term by term and summed; plus the bias b, that is the class's score`, true)
    const head = element('div', 'tm-head')
    const inputCanvas = element('canvas', 'tm-input')
    head.append(inputCanvas, element('p', 'tm-note', `x, the layer's input (${inShape.join('×')}), is matched against each class's template w: multiplied term by term (w ⊙ x), then summed, plus the bias: Σ + b = score.`))
    const table = element('div', inShape.length === 3 && inShape[0] > 1 ? 'tm-rows many' : 'tm-rows')
    body.append(head, table)
    const rows = (model?.classes ?? []).map((name) => {
      const row = element('div', 'tm-row')
      const template = element('canvas', 'tm-map')
      const product = element('canvas', 'tm-map')
      const score = element('span', 'tm-score')
      row.append(element('span', 'tm-class', name), template, element('span', 'tm-op', '⊙ x ='), product, score)
      table.append(row)
      return { row, template, product, score }
    })
    return { kind: 'templates', layer, input: inputCanvas, rows }
  }

  const build = (m: FlowModel): void => {
    root.replaceChildren()
    stages = []
    probe = undefined
    explain.replaceChildren(element('p', 'muted', 'Point at a pixel of a feature map (or focus a map and use the arrow keys) to see the arithmetic that made it.'))
    const { net } = m
    stages.push(buildMaps(-1, net.shapes[0], `input ${net.shapes[0].join('×')}`, 'input', 'the drawing after MNIST\'s preprocessing; 0 is white, 1 black'))
    net.layers.forEach((layer, i) => {
      const kind = kindOf(layer.name)
      const shape = net.shapes[i + 1]
      const last = i === net.layers.length - 1
      const title = `${i + 1}. ${layer.name} → ${shape.join('×')}`
      if (kind.kind === 'flatten') return
      if (last && kind.kind === 'dense') stages.push(buildTemplates(i, net.shapes[i], title))
      else if (shape.length === 3) stages.push(buildMaps(i, shape, title, kind.kind, describe(kind)))
      else stages.push(buildVector(i, shape[0], title, describe(kind)))
    })
  }

  // Drawing the values
  // ------------------

  const paint = (): void => {
    if (model === undefined) return
    const { net, params } = model
    const x = tensor([1, ...net.shapes[0]], input ?? new Float32Array(net.shapes[0].reduce((a, b) => a * b, 1)))
    trace = { x, outputs: forwardTrace(net, params, x) }
    for (const stage of stages) {
      if (stage.kind === 'maps') {
        const maps = mapsOf(stage.layer)
        if (maps === undefined) continue
        const m = maxAbs(maps.data)
        const scale: Scale = stage.layer < 0 ? greyScale : divergingScale(m)
        stage.canvases.forEach((canvas, c) => paintMap(canvas, maps.data, c * stage.H * stage.W, stage.H, stage.W, scale))
        stage.values.textContent = stage.layer < 0 ? '' : `blue < 0 < red, saturating at ±${num(m)}`
      } else if (stage.kind === 'vector') {
        const v = trace.outputs[stage.layer].data
        paintMap(stage.canvas, v, 0, 1, v.length, divergingScale(maxAbs(v)))
      } else {
        paintTemplates(stage, net, params)
      }
    }
    paintBars()
    if (probe !== undefined) showProbe(probe)
  }

  const paintTemplates = (stage: TemplateStage, net: Network, params: ParamTree): void => {
    if (trace === undefined) return
    const inShape = net.shapes[stage.layer]
    const [C, H, W] = inShape.length === 3 ? inShape : [1, 1, inShape.reduce((a, b) => a * b, 1)]
    const F = C * H * W
    const xIn = stage.layer === 0 ? trace.x.data : trace.outputs[stage.layer - 1].data
    const { weights, bias } = params[stage.layer]
    const w = weights.data
    const b = bias.data
    const columns = Math.ceil(Math.sqrt(C))
    paintMosaic(stage.input, xIn, C, H, W, divergingScale(maxAbs(xIn)), columns)
    const wScale = divergingScale(robustMax(w))
    const products = new Float32Array(stage.rows.length * F)
    for (let j = 0; j < stage.rows.length; j++) for (let f = 0; f < F; f++) products[j * F + f] = w[j * F + f] * xIn[f]
    const pScale = divergingScale(robustMax(products))
    const scores = trace.outputs[stage.layer].data
    let best = 0
    for (let j = 1; j < stage.rows.length; j++) if (scores[j] > scores[best]) best = j
    stage.rows.forEach((row, j) => {
      paintMosaic(row.template, w.subarray(j * F, (j + 1) * F), C, H, W, wScale, columns)
      paintMosaic(row.product, products.subarray(j * F, (j + 1) * F), C, H, W, pScale, columns)
      let sum = 0
      for (let f = 0; f < F; f++) sum += products[j * F + f]
      row.score.replaceChildren(`${num(sum)} + ${b[j] < 0 ? `(${num(b[j])})` : num(b[j])} = `, element('strong', '', num(scores[j])))
      row.row.classList.toggle('best', j === best && input !== undefined)
    })
  }

  const paintBars = (): void => {
    if (trace === undefined || model === undefined) return
    const logits = trace.outputs[trace.outputs.length - 1].data
    const p = softmax(logits, 1, logits.length)
    let best = 0
    for (let j = 1; j < p.length; j++) if (p[j] > p[best]) best = j
    bars.replaceChildren(
      ...model.classes.map((name, j) => {
        const row = element('div', `bar${j === best && input !== undefined ? ' best' : ''}`)
        const fill = element('span', 'bar-fill')
        fill.style.width = `${(p[j] * 100).toFixed(1)}%`
        const track = element('span', 'bar-track')
        track.append(fill)
        row.append(element('span', 'bar-name', name), track, element('span', 'bar-value', `${(p[j] * 100).toFixed(1)}%`))
        return row
      }),
    )
  }

  // The arithmetic of one value
  // ---------------------------

  const showProbe = (next: { readonly stage: MapStage; c: number; y: number; x: number }): void => {
    probe = next
    // On a narrow screen the explanation then docks at the bottom, beside the maps (style.css).
    explain.parentElement?.classList.add('active')
    for (const s of stages) if (s.kind === 'maps') s.probes.forEach((p) => (p.hidden = true))
    if (model === undefined || trace === undefined) return
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
      where = `filter ${c + 1}`
    } else if (kind.kind === 'pool') {
      terms = poolTerms(kind, xIn, c, y, x)
      if (before !== undefined) frame(before.probes[c], before, y * kind.stride, x * kind.stride, kind.size, kind.size)
      where = `channel ${c + 1}`
    } else if (kind.kind === 'activation') {
      terms = activationTerms(kind, xIn.data[(c * xIn.H + y) * xIn.W + x])
      if (before !== undefined) frame(before.probes[c], before, y, x, 1, 1)
      where = `channel ${c + 1}`
    } else {
      return
    }
    renderTerms(terms, `${model.net.layers[stage.layer].name}, ${where}, row ${y + 1}, column ${x + 1}: ${num(out.data[(c * out.H + y) * out.W + x])}`)
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
    }
    parts.push(element('p', 'arithmetic', formatTerms(t)))
    explain.replaceChildren(...parts)
  }

  const labelled = (label: string, content: HTMLElement): HTMLElement => {
    const figure = element('figure', 'explain-figure')
    figure.append(content, element('figcaption', '', label))
    return figure
  }

  return {
    setModel: (next) => {
      model = next
      if (next === undefined) {
        root.replaceChildren()
        stages = []
        structure = ''
        return
      }
      const key = `${next.net.layers.map((l) => l.name).join('-')} ${next.classes.join(',')}`
      if (key !== structure) {
        structure = key
        build(next)
      }
      paint()
    },
    setInput: (next) => {
      input = next
      paint()
    },
  }
}
