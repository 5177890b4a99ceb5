// Browser checks: watch it flow
// =============================
//
// Steps of `npm run test:browser` (site/tools/browserTest.ts) for panel 2 of the page:
// flow.ts and arithmetic.ts (and the probability bars of panel 1, which flow.ts draws).
//
//     flow          hovering a map of every stage shows arithmetic that arrives at the value
//                   shown; the keyboard moves through the maps
//     flow-every    every conv layer has a picture of its kernels; hovering a class's row
//                   (template matching), a hidden dense layer's strip and a probability bar
//                   shows arithmetic that arrives at the value shown, and the keyboard gets
//                   there too; a blank pad shows a hint, not bars; the panel repaints only
//                   while seen and at most once a second for a model that keeps changing,
//                   and the time of a repaint is reported
//     flow-beyond   chapter 11's layers, in a model loaded from a file: a batch norm's maps
//                   and strip explained with their channel's numbers, from the value one
//                   stage before, arriving at the value shown; dropout said to be off and
//                   its values its input's; their gradients in panel 3 explained too

import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import type { Page } from 'playwright-core'
import { seedRng } from '../../../src/core/rng.ts'
import { fromNumbers } from '../../../src/core/tensor.ts'
import { buildNetwork } from '../../../src/model/arch.ts'
import { beyondKernels } from '../../../src/model/beyond.ts'
import { serializeModel } from '../../../src/model/modelFile.ts'
import { initParams } from '../../../src/model/sequential.ts'
import { draw, fail, hoverStroke, log, predictionAfter, selectModel, ZERO, type Step } from './common.ts'

// What a printed number reads as (the page writes a real minus sign).
const numberOf = (text: string): number => Number(text.replace(/[−]/g, '-').replace(/[()]/g, ''))
// "title …: 1.234" → "1.234"; "… = 1.234" → "1.234"
const afterColon = (text: string): string => text.slice(text.lastIndexOf(': ') + 2).trim()
const afterEquals = (text: string): string => text.slice(text.lastIndexOf('= ') + 2).trim()

const explained = async (page: Page): Promise<{ readonly title: string; readonly sum: string }> => ({
  title: (await page.locator('#explain .explain-title').textContent()) ?? '',
  sum: (await page.locator('#explain .arithmetic').textContent()) ?? '',
})

const checkArithmetic = async (page: Page): Promise<void> => {
  await selectModel(page, 'convnetjs')
  await predictionAfter(page, ZERO)
  // Point at the middle of the first map of each stage after the input.
  const maps = page.locator('.stage .maps canvas')
  const count = await maps.count()
  let checked = 0
  for (let i = 1; i < count; i++) {
    const canvas = maps.nth(i)
    if ((await canvas.evaluate((c) => c.closest('figure')?.querySelector('figcaption')?.textContent ?? '1')) !== '1') continue
    await canvas.hover({ position: { x: 20, y: 20 } })
    const { title, sum } = await explained(page)
    const shown = afterColon(title)
    const result = afterEquals(sum)
    if (shown === '' || shown !== result) fail(`hovering map ${i}: the arithmetic "${sum}" does not arrive at the value shown, "${title}"`)
    checked++
  }
  if (checked < 6) fail(`only ${checked} stages of maps could be hovered`)
  // With the keyboard: focus the first convolution's maps, move right, then to the next map.
  const group = page.locator('.stage .maps[tabindex="0"]').first()
  await group.focus()
  const titles: string[] = []
  for (const key of ['ArrowRight', ']']) {
    await page.keyboard.press(key)
    titles.push((await page.locator('#explain .explain-title').textContent()) ?? '')
  }
  if (!/filter 1, row 15, column 16/.test(titles[0]) || !/filter 2, row 15, column 16/.test(titles[1])) fail(`the arrow keys and ] do not move through the maps: ${titles.join(' / ')}`)
  log(`ok    flow: hovering each of ${checked} stages shows the arithmetic, which arrives at the value shown; the keyboard moves through the maps`)
}

// Every layer seen
// ----------------

// The kernels of every convolution: a picture with a row per filter and a column per input
// channel, painted (not blank), with the bias beside it when the layer has one.
const checkKernels = async (page: Page, model: string): Promise<number> => {
  // (Passed as text: tsx would wrap a named inner function in a helper the page lacks.)
  const stages = (await page.evaluate(`
    Array.from(document.querySelectorAll('#flow-stages .stage'), (box) => {
      const colours = (c) => {
        if (c === null) return 0
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
        const seen = new Set()
        for (let p = 0; p < data.length; p += 4) if (data[p + 3] > 0) seen.add((data[p] << 16) | (data[p + 1] << 8) | data[p + 2])
        return seen.size
      }
      const canvas = box.querySelector('canvas.kv-weights')
      const bias = box.querySelector('canvas.kv-bias')
      return {
        title: box.querySelector('h3')?.textContent ?? '',
        width: canvas?.width ?? 0, height: canvas?.height ?? 0, colours: colours(canvas),
        bias: bias === null ? undefined : colours(bias),
        cssWidth: canvas === null ? 0 : canvas.getBoundingClientRect().width,
      }
    })
  `)) as readonly { readonly title: string; readonly width: number; readonly height: number; readonly colours: number; readonly bias: number | undefined; readonly cssWidth: number }[]
  const convs = stages.filter((s) => /^\d+\. conv/.test(s.title))
  if (convs.length === 0) fail(`the ${model} model shows no convolution`)
  for (const s of convs) {
    const m = /conv(\d+)x(\d+)x(\d+)\S*( →|$)/.exec(s.title)
    if (m === null) return fail(`cannot read the convolution "${s.title}"`)
    const [kH, kW, K] = [Number(m[1]), Number(m[2]), Number(m[3])]
    const before = stages[stages.indexOf(s) - 1]?.title ?? ''
    const C = Number((/(\d+)×\d+×\d+$/.exec(before) ?? ['', '1'])[1])
    if (s.width !== C * (kW + 1) - 1 || s.height !== K * (kH + 1) - 1) fail(`${model}, ${s.title}: the kernels are ${s.width}×${s.height} pixels, not ${K} rows × ${C} columns of ${kH}×${kW}`)
    if (s.colours < Math.min(8, K * C)) fail(`${model}, ${s.title}: the kernels' picture has ${s.colours} colours: it is not painted`)
    if (s.cssWidth < s.width * 2) fail(`${model}, ${s.title}: the kernels are drawn ${s.cssWidth} px wide, less than 2 px per weight`)
    const hasBias = /b( →|$)/.test(s.title.split(' →')[0])
    if (hasBias !== (s.bias !== undefined)) fail(`${model}, ${s.title}: ${hasBias ? 'no bias is shown' : 'a bias is shown for a layer without one'}`)
  }
  return convs.length
}

// Hover class j's row of template matching: the arithmetic arrives at the row's score, and
// the printed terms (largest few, the rest, the bias) add up to it.
const checkDenseSum = (what: string, title: string, sum: string, shown: string, F: number): void => {
  const total = afterEquals(sum)
  if (afterColon(title) !== shown || total !== shown) fail(`${what}: the arithmetic "${sum}" does not arrive at the value shown, ${shown} ("${title}")`)
  const rest = /… \((\d+) more terms, summing to (\S+)\)/.exec(sum)
  if (rest === null) return fail(`${what}: the arithmetic "${sum}" does not sum up the smaller terms`)
  const products = Array.from(sum.matchAll(/(\(?[−\d.]+\)?)·(\(?[−\d.]+\)?)/g), (p) => numberOf(p[1]) * numberOf(p[2]))
  if (products.length + Number(rest[1]) !== F) fail(`${what}: ${products.length} terms shown and ${rest[1]} more make not the ${F} of the layer's input`)
  const bias = numberOf(sum.slice(0, sum.lastIndexOf(' = ')).split(' + ').pop() ?? '')
  const added = products.reduce((a, b) => a + b, 0) + numberOf(rest[2]) + bias
  if (!(Math.abs(added - numberOf(total)) < 0.02)) fail(`${what}: the terms printed add up to ${added.toFixed(4)}, not to ${total}: "${sum}"`)
}

const checkDense = async (page: Page): Promise<void> => {
  const rows = page.locator('#flow-stages .tm-row')
  for (const j of [0, 3, 8]) {
    await rows.nth(j).hover()
    const { title, sum } = await explained(page)
    const shown = ((await rows.nth(j).locator('strong').textContent()) ?? '').trim()
    checkDenseSum(`hovering class ${j}'s row`, title, sum, shown, 256)
  }
  // The keyboard: focus the rows, move down one.
  await page.locator('#flow-stages .tm-rows[tabindex="0"]').focus()
  await page.keyboard.press('Home')
  await page.keyboard.press('ArrowDown')
  const { title } = await explained(page)
  if (!title.includes('class 1, score')) fail(`the arrow keys do not move through the classes' rows: "${title}"`)
}

// Hover (and focus) a probability bar: softmax with the numbers filled in, arriving at the bar's value.
const checkSoftmax = async (page: Page): Promise<void> => {
  const bars = page.locator('#bars .bar')
  for (const j of [0, 4]) {
    await bars.nth(j).hover()
    const value = ((await bars.nth(j).locator('.bar-value').textContent()) ?? '').trim()
    const title = (await page.locator('#bars .softmax-explain .explain-title').textContent()) ?? ''
    const lines = ((await page.locator('#bars .softmax-explain .arithmetic').innerText()) ?? '').split('\n')
    const last = lines[lines.length - 1] ?? ''
    if (afterColon(title) !== value || afterEquals(last) !== value) fail(`hovering bar ${j} (${value}): the softmax "${lines.join(' / ')}" does not arrive at it`)
    if (!lines.some((l) => /^m = max z = /.test(l)) || !lines.some((l) => l.startsWith('Σ_k e^(z[k] − m) = '))) fail(`hovering bar ${j}: the softmax does not show m and the sum: "${lines.join(' / ')}"`)
    const terms = lines.find((l) => l.startsWith('Σ_k'))?.split(' = ')[1]?.split(' + ') ?? []
    if (terms.length !== 10) fail(`hovering bar ${j}: the sum has ${terms.length} terms, not 10`)
  }
  await bars.nth(7).focus()
  const title = (await page.locator('#bars .softmax-explain .explain-title').textContent()) ?? ''
  if (!title.startsWith('softmax, class 7:')) fail(`focusing bar 7 does not explain it: "${title}"`)
}

// A blank pad: a hint where the bars would be.
const checkBlankPad = async (page: Page): Promise<void> => {
  await page.getByTestId('clear').click()
  await page.waitForTimeout(100)
  const hint = page.locator('#bars .bars-hint')
  if (!(await hint.isVisible()) || (await page.locator('#bars .bar').filter({ visible: true }).count()) !== 0) fail('a blank pad does not show the hint instead of the bars')
  if (!/draw a digit/i.test((await hint.textContent()) ?? '')) fail(`the blank pad's hint says "${await hint.textContent()}"`)
  await draw(page, ZERO)
  await page.waitForTimeout(300)
  if ((await hint.isVisible()) || (await page.locator('#bars .bar').filter({ visible: true }).count()) !== 10) fail('after drawing, the bars do not replace the hint')
}

// A model with a hidden dense layer (and a convolution with a bias, and a flatten), its
// weights drawn at random: loaded from a file as a learner would.
const HIDDEN_ARCH = 'conv3x3x2b-relu-pool2-flatten-dense24-tanh-dense10'
const hiddenModel = (): string => {
  const net = buildNetwork(HIDDEN_ARCH, [1, 28, 28], 10)
  if (E.isLeft(net)) return fail(`cannot build ${HIDDEN_ARCH}: ${net.left}`)
  const [params0] = initParams(net.right, seedRng(7))
  // Biases of their own (a fresh layer's are 0), so that they show.
  const params = params0.map((record, i) => (record.bias === undefined ? record : { ...record, bias: fromNumbers(record.bias.shape, Array.from(record.bias.data, (_, k) => 0.05 * Math.sin(3 * k + i))) }))
  return serializeModel({ arch: HIDDEN_ARCH, inputShape: [1, 28, 28], classes: Array.from({ length: 10 }, (_, i) => String(i)), seed: 7, training: {}, metrics: [], params }, net.right)
}

const loadHidden = async (page: Page, name: string): Promise<void> => {
  await page.setInputFiles('#model-file', { name, mimeType: 'application/json', buffer: Buffer.from(hiddenModel()) })
  await page.waitForFunction((n) => (document.querySelector('#model') as HTMLSelectElement).selectedOptions[0]?.textContent?.includes(n), name)
}

const repaints = (page: Page): Promise<readonly number[]> => page.evaluate(() => performance.getEntriesByName('flow repaint').map((e) => e.duration))

const checkHiddenDense = async (page: Page): Promise<void> => {
  // Loaded while the panel is out of sight: it is drawn when it comes into view, not before.
  await page.locator('#train').scrollIntoViewIfNeeded()
  await page.evaluate(() => performance.clearMeasures('flow repaint'))
  await loadHidden(page, 'hidden-dense.json')
  await page.waitForTimeout(400)
  if ((await repaints(page)).length !== 0) fail('the flow panel repainted while out of sight')
  await page.locator('#flow').scrollIntoViewIfNeeded()
  await page.waitForTimeout(400)
  if ((await repaints(page)).length !== 1) fail(`coming into view, the flow panel repainted ${(await repaints(page)).length} times, not once`)
  await checkKernels(page, HIDDEN_ARCH)
  // The strip of the hidden dense layer, pointed at in a few places.
  const strips = page.locator('#flow-stages .strip')
  if ((await strips.count()) !== 2) fail(`${HIDDEN_ARCH} shows ${await strips.count()} strips, not 2 (dense24 and tanh)`)
  const strip = strips.first()
  const box = await strip.boundingBox()
  if (box === null) return fail('the hidden dense layer\'s strip is not visible')
  for (const o of [0, 5, 23]) {
    await strip.hover({ position: { x: ((o + 0.5) / 24) * box.width, y: box.height / 2 } })
    const { title, sum } = await explained(page)
    if (!title.startsWith(`dense24, value ${o + 1}: `)) fail(`pointing at value ${o + 1} of the strip shows "${title}"`)
    checkDenseSum(`pointing at value ${o + 1} of dense24`, title, sum, afterColon(title), 2 * 13 * 13)
  }
  await page.locator('#flow-stages .strip-frame').first().focus()
  await page.keyboard.press('End')
  if (!(await explained(page)).title.startsWith('dense24, value 24: ')) fail('End does not move to the last value of the strip')
  // The activation after it.
  await strips.nth(1).hover({ position: { x: 2, y: box.height / 2 } })
  const tanh = await explained(page)
  if (afterColon(tanh.title) !== afterEquals(tanh.sum) || !tanh.sum.startsWith('tanh(')) fail(`pointing at the tanh strip: "${tanh.sum}" does not arrive at "${tanh.title}"`)
  // A model that keeps changing (the network being trained is offered a few times a second)
  // is repainted at most once a second. Here: two models of the same architecture, chosen in
  // the menu in turn, eight times in a row.
  await loadHidden(page, 'hidden-again.json')
  const values = await page.evaluate(() => Array.from((document.querySelector('#model') as HTMLSelectElement).options).filter((o) => /hidden-(dense|again)\.json/.test(o.textContent ?? '')).map((o) => o.value))
  if (values.length !== 2) fail(`the menu holds ${values.length} of the two models loaded`)
  await page.waitForTimeout(1100)
  await page.evaluate(() => performance.clearMeasures('flow repaint'))
  // (Changed in the page, one change after another: a menu changed through the browser waits
  // for the whole page, panels 3 and 4 included, to follow each time.)
  const spent = await page.evaluate((choices) => {
    const menu = document.querySelector('#model') as HTMLSelectElement
    const start = performance.now()
    for (let n = 0; n < 8; n++) {
      menu.value = choices[n % 2]
      menu.dispatchEvent(new Event('change'))
    }
    return Math.round(performance.now() - start)
  }, values)
  await page.waitForTimeout(1200)
  const times = await repaints(page)
  // One at once, then at most one a second, from the first to the end of the wait.
  const allowed = 1 + Math.floor((spent + 1200) / 1000)
  if (times.length > allowed || times.length < 2) fail(`8 models of the same architecture chosen in ${spent} ms gave ${times.length} repaints, not 2 to ${allowed}`)
  await selectModel(page, 'original')
  log(`ok    flow: ${HIDDEN_ARCH}: drawn only once in sight; its strip's arithmetic arrives at the value shown (pointer and keyboard); 8 models chosen in ${spent} ms, ${times.length} repaints`)
}

const checkEveryLayer = async (page: Page, figures: string[]): Promise<void> => {
  await selectModel(page, 'convnetjs')
  await checkBlankPad(page)
  const convs = await checkKernels(page, 'convnetjs')
  await checkDense(page)
  await page.locator('#draw').scrollIntoViewIfNeeded()
  await checkSoftmax(page)
  log(`ok    flow: the ConvNetJS model's ${convs} conv layers show their kernels; a class's score and a probability explained (pointer and keyboard) arrive at the value shown; a blank pad shows a hint`)
  // The time of a repaint of the ConvNetJS model, with the panel in sight: strokes drawn.
  await page.setViewportSize({ width: 1280, height: 1600 })
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.evaluate(() => performance.clearMeasures('flow repaint'))
  for (let n = 0; n < 3; n++) await predictionAfter(page, ZERO)
  const times = [...(await repaints(page))].sort((a, b) => a - b)
  await page.setViewportSize({ width: 1280, height: 900 })
  if (times.length < 10) fail(`drawing three digits with the panel in sight repainted it only ${times.length} times`)
  const median = times[Math.floor(times.length / 2)]
  const p95 = times[Math.floor(times.length * 0.95)]
  figures.push(`flow repaint, ConvNetJS model, while drawing: median ${median.toFixed(1)} ms, 95th percentile ${p95.toFixed(1)} ms, longest ${times[times.length - 1].toFixed(1)} ms (${times.length} repaints)`)
  await checkHiddenDense(page)
}

// Chapter 11's layers
// -------------------

// Batch norm after a convolution (maps) and after a dense layer (a strip), and dropout, with
// weights drawn at random and batch norm's γ, β, mean and variance moved from their start
// (1, 0, 0, 1), so that each of them shows in the arithmetic.
const BEYOND_ARCH = 'conv3x3x4-bn-relu-pool2-dense16-bn-relu-drop0.5-dense10'
const beyondModel = (): string => {
  const net = buildNetwork(BEYOND_ARCH, [1, 28, 28], 10, beyondKernels)
  if (E.isLeft(net)) return fail(`cannot build ${BEYOND_ARCH}: ${net.left}`)
  const [params0] = initParams(net.right, seedRng(11))
  const wave = (n: number, at: number, scale: number, offset: number) => Array.from({ length: n }, (_, k) => offset + scale * Math.sin(2.3 * k + at))
  const params = params0.map((record, i) => {
    if (net.right.layers[i].name !== 'bn') return record
    const C = record.gamma.data.length
    return {
      gamma: fromNumbers([C], wave(C, i, 0.4, 1.1)), beta: fromNumbers([C], wave(C, i + 1, 0.2, 0)),
      mean: fromNumbers([C], wave(C, i + 2, 0.05, 0.02)), variance: fromNumbers([C], wave(C, i + 3, 0.01, 0.02)),
    }
  })
  return serializeModel({ arch: BEYOND_ARCH, inputShape: [1, 28, 28], classes: Array.from({ length: 10 }, (_, i) => String(i)), seed: 11, training: {}, metrics: [], params }, net.right)
}

// A gradient as the page prints it (backwardArithmetic.ts's gnum): "−1.234·10⁻⁵", "0.5000".
const gradientOf = (text: string): number => {
  const t = text.trim().replace(/−/g, '-')
  const m = /^(-?[0-9.]+)·10([⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/.exec(t)
  if (m === null) return Number(t)
  return Number(m[1]) * 10 ** Number(Array.from(m[2], (ch) => (ch === '⁻' ? '-' : String('⁰¹²³⁴⁵⁶⁷⁸⁹'.indexOf(ch)))).join(''))
}

// The stage (its box) whose title begins "n. name".
const stageNamed = (page: Page, n: number, name: string) => page.locator('#flow-stages .stage').filter({ has: page.locator('h3', { hasText: new RegExp(`^${n}\\. ${name.replace('.', '\\.')} →`) }) })

// Points at value o of a strip of O values.
const hoverStrip = async (page: Page, stage: ReturnType<typeof stageNamed>, o: number, O: number): Promise<void> => {
  const strip = stage.locator('canvas.strip')
  const box = await strip.boundingBox()
  if (box === null) return fail('a strip is not visible')
  await strip.hover({ position: { x: ((o + 0.5) / O) * box.width, y: box.height / 2 } })
}

// Batch norm's line: "(x − mean) / √(variance + 10⁻⁵) · γ + β = x̂ · γ + β = y": x is the
// value of the stage before, and the line arrives at the value shown.
const checkBatchNorm = (what: string, title: string, sum: string, before: string): void => {
  const m = /^\((\S+) − \(?\S+?\)?\) \/ √\((\S+) \+ 10⁻⁵\) · \S+ \+ \S+ = \S+ · \S+ \+ \S+ = (\S+)$/.exec(sum)
  if (m === null) return fail(`${what}: the arithmetic "${sum}" is not (x − mean) / √(variance + ε) · γ + β`)
  if (m[1] !== before) fail(`${what}: the arithmetic starts from x = ${m[1]}, but the value one stage before is ${before}`)
  if (m[3] !== afterColon(title)) fail(`${what}: the arithmetic "${sum}" does not arrive at the value shown, "${title}"`)
}

const checkBeyond = async (page: Page, shots: string | undefined): Promise<void> => {
  await page.setInputFiles('#model-file', { name: 'beyond.json', mimeType: 'application/json', buffer: Buffer.from(beyondModel()) })
  await page.waitForFunction(() => (document.querySelector('#model') as HTMLSelectElement).selectedOptions[0]?.textContent?.includes('beyond.json'))
  await predictionAfter(page, ZERO)
  await page.locator('#flow').scrollIntoViewIfNeeded()
  // Batch norm of the convolution's 4 maps: a few pixels of map 2, against the conv's same pixel.
  const conv = stageNamed(page, 1, 'conv3x3x4')
  const bn = stageNamed(page, 2, 'bn')
  if ((await bn.locator('.maps canvas').count()) !== 4) fail(`${BEYOND_ARCH}: the batch norm after the convolution does not show 4 maps`)
  const what = (await bn.locator('.stage-what').textContent()) ?? ''
  if (!what.includes('(x − mean)/√(variance + ε) · γ + β')) fail(`the batch norm stage says "${what}"`)
  for (const [x, y] of [[20, 20], [60, 45], [5, 70]] as const) {
    await conv.locator('.maps canvas').nth(1).hover({ position: { x, y } })
    const before = afterColon((await explained(page)).title)
    await bn.locator('.maps canvas').nth(1).hover({ position: { x, y } })
    const { title, sum } = await explained(page)
    if (!/^bn, channel 2, row \d+, column \d+: /.test(title)) fail(`pointing at map 2 of the batch norm shows "${title}"`)
    checkBatchNorm(`batch norm, map 2 at (${x}, ${y})`, title, sum, before)
  }
  if ((await page.locator('#explain table.bn-terms tr').count()) !== 6) fail('the batch norm\'s explanation does not list x, mean, variance, x̂, γ and β')
  if (shots !== undefined) {
    await bn.locator('.maps canvas').nth(1).hover({ position: { x: 30, y: 40 } })
    await page.locator('#flow').screenshot({ path: join(shots, 'flow-bn-1280.png') })
  }
  // Batch norm of the dense layer's 16 values, a strip.
  const dense = stageNamed(page, 5, 'dense16')
  const bnStrip = stageNamed(page, 6, 'bn')
  for (const o of [0, 7, 15]) {
    await hoverStrip(page, dense, o, 16)
    const before = afterColon((await explained(page)).title)
    await hoverStrip(page, bnStrip, o, 16)
    const { title, sum } = await explained(page)
    if (!title.startsWith(`bn, value ${o + 1}: `)) fail(`pointing at value ${o + 1} of the batch norm strip shows "${title}"`)
    checkBatchNorm(`batch norm, value ${o + 1}`, title, sum, before)
  }
  // Dropout: off, and said to be; its values are its input's.
  const relu = stageNamed(page, 7, 'relu')
  const drop = stageNamed(page, 8, 'drop0.5')
  const said = (await drop.locator('.stage-what').textContent()) ?? ''
  if (!said.startsWith('dropout 0.5: off when predicting (the identity); in training each value is zeroed with probability 0.5 and the rest scaled by 1/(1−0.5)')) fail(`the dropout stage says "${said}"`)
  for (const o of [2, 11]) {
    await hoverStrip(page, relu, o, 16)
    const before = afterColon((await explained(page)).title)
    await hoverStrip(page, drop, o, 16)
    const { title, sum } = await explained(page)
    if (afterColon(title) !== before || sum !== `y = x = ${before}`) fail(`dropout, value ${o + 1}: "${title}", "${sum}", but its input is ${before}`)
  }
  const note = (await page.locator('#explain p.muted').first().textContent()) ?? ''
  if (!note.startsWith('Dropout 0.5 is off when predicting')) fail(`the dropout's explanation says "${note}"`)
  if (shots !== undefined) await page.locator('#flow').screenshot({ path: join(shots, 'flow-dropout-1280.png') })
  // Panel 3: the gradients through them (conv's output, made by bn's backward; relu's, by dropout's).
  await page.locator('#learn').scrollIntoViewIfNeeded()
  await page.waitForFunction(() => !(document.querySelector('#backward .bw-content') as HTMLElement).hidden)
  for (const [layer, rule] of [['0', /^∂L\/∂y · γ\/√\(variance \+ ε\) = \S+ · \S+\/√\(\S+ \+ 10⁻⁵\) = (\S+)$/], ['4', /^∂L\/∂y · γ\/√\(variance \+ ε\) = \S+ · \S+\/√\(\S+ \+ 10⁻⁵\) = (\S+)$/], ['6', /^∂L\/∂y = (\S+) \(dropout 0\.5 is off when predicting: the identity\)$/]] as const) {
    const canvas = page.locator(`#backward canvas[data-grad="${layer}"]`).first()
    const box = await canvas.boundingBox()
    if (box === null) return fail(`panel 3 does not show the gradient of layer ${Number(layer) + 1}'s output`)
    await canvas.hover({ position: { x: box.width * 0.4, y: box.height / 2 } })
    const title = (await page.locator('#bw-explain .bw-explain-title').textContent()) ?? ''
    const shown = Number(await page.locator('#bw-explain .bw-explain-title').getAttribute('data-value'))
    const sum = (await page.locator('#bw-explain .bw-arithmetic').first().textContent()) ?? ''
    const m = rule.exec(sum)
    // (Recomputed in double precision: it may differ from the float32 value in its last printed digit.)
    if (m === null || !(Math.abs(gradientOf(m[1]) - shown) <= 1e-3 * Math.abs(shown) + 1e-9)) fail(`panel 3, the gradient of layer ${Number(layer) + 1}'s output: "${sum}" does not arrive at "${title}"`)
  }
  if (shots !== undefined) {
    const canvas = page.locator('#backward canvas[data-grad="0"]').first()
    await canvas.hover({ position: { x: 20, y: 20 } })
    await page.locator('#learn').screenshot({ path: join(shots, 'backward-bn-1280.png') })
  }
  await selectModel(page, 'original')
  log(`ok    flow: ${BEYOND_ARCH}: batch norm's maps and strip explained from the value one stage before, with their channel's numbers, arriving at the value shown; dropout off and the identity; their gradients explained in panel 3`)
}

// Pictures of panels 1 and 2 (with --screenshots): a drawn 0, one value explained.
const flowShots = async (page: Page, shots: string): Promise<void> => {
  await selectModel(page, 'original')
  await predictionAfter(page, ZERO)
  await hoverStroke(page)
  for (const id of ['draw', 'flow']) await page.locator(`#${id}`).screenshot({ path: join(shots, `${id}-1280.png`) })
  await selectModel(page, 'convnetjs')
  await hoverStroke(page, 3)
  await page.locator('#flow').screenshot({ path: join(shots, 'flow-convnetjs-1280.png') })
  // The top of the page, for the README: the drawing and the first layers, one value explained.
  await page.setViewportSize({ width: 1280, height: 1320 })
  await page.evaluate(() => window.scrollTo(0, 0))
  await hoverStroke(page, 3)
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.screenshot({ path: join(shots, 'page-1280.png') })
  await page.setViewportSize({ width: 1280, height: 900 })
}

// Pictures of what flow-every checks, at 1280 and 375 px: a blank pad's hint, a probability
// explained, a convolution's kernels, a class's score explained.
const everyShots = async (page: Page, shots: string): Promise<void> => {
  for (const width of [1280, 375]) {
    // Tall enough for panel 1 whole: a screenshot that scrolls would move the bars from under the pointer.
    await page.setViewportSize({ width, height: 1100 })
    await selectModel(page, 'convnetjs')
    await page.getByTestId('clear').click()
    await page.locator('.answer-box').screenshot({ path: join(shots, `flow-blank-${width}.png`) })
    await predictionAfter(page, ZERO)
    await page.locator('#bars .bar').nth(6).hover()
    await page.locator('#draw').screenshot({ path: join(shots, `flow-softmax-${width}.png`) })
    const stages = page.locator('#flow-stages .stage')
    await stages.nth(4).locator('.maps canvas').nth(2).hover()
    await stages.nth(4).screenshot({ path: join(shots, `flow-kernels-${width}.png`) })
    await page.locator('#flow-stages .tm-row').nth(3).hover()
    await page.locator('.explain-box').screenshot({ path: join(shots, `flow-dense-${width}.png`) })
  }
  await page.setViewportSize({ width: 1280, height: 900 })
}

export const steps: readonly Step[] = [
  { name: 'flow', run: async ({ page, shots }) => {
    await checkArithmetic(page)
    if (shots !== undefined) await flowShots(page, shots)
  } },
  { name: 'flow-every', run: async ({ page, shots, figures }) => {
    await checkEveryLayer(page, figures)
    if (shots !== undefined) await everyShots(page, shots)
  } },
  { name: 'flow-beyond', run: async ({ page, shots }) => checkBeyond(page, shots) },
]
