// Browser checks: watch it learn
// ==============================
//
// Steps of `npm run test:browser` (site/tools/browserTest.ts) for the backward view: backward.ts and backwardArithmetic.ts.
//
//   backward   with each shipped model: a drawn 0 and a target class that is not the model's
//              answer; a few gradients the page shows (input pixels and first-layer weights)
//              against the page's own finite differences; the arithmetic of every gradient
//              picture arrives at the value shown, and the arrow keys move through them; one
//              step of SGD raises p(target) and lowers the loss, and "Back to the model" undoes
//              it. Then model files of four other architectures (dense only, tanh, sigmoid,
//              stride, padding, bias, overlapping pooling, flatten, hidden dense layers) with
//              random weights: every picture explained, a pixel checked, a step that lowers the
//              loss. The view is not drawn while off screen; at 375 px it fits the width. It
//              measures how long a repaint takes (trace, pictures and arithmetic, on the page's
//              main thread, from a change of target). With --screenshots: backward-1280.png and
//              backward-375.png, a value explained and checked, after one step.
//
// Tolerance of the finite-difference check: |backprop − fd| ≤ 1% of the larger + 0.002. The
// page's forward pass is float32 with ε = 0.001 (backward.ts says why), so rounding alone
// leaves about 5·10⁻⁴. Where the page finds a kink within ε (the slopes on the two sides of v
// differ: a ReLU input crossing 0, a pooling winner changing), the central difference is not
// a slope at all; such a value passes if backprop equals the slope on one side, and at least
// four of the six values checked per model must be clean agreements.

import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import type { Browser, Page } from 'playwright-core'
import { seedRng } from '../../../src/core/rng.ts'
import { buildNetwork } from '../../../src/model/arch.ts'
import { serializeModel } from '../../../src/model/modelFile.ts'
import { initParams } from '../../../src/model/sequential.ts'
import type { StaticServer } from '../serve.ts'
import { checkClean, draw, fail, log, ONE, predictionAfter, selectModel, watch, ZERO, type Step } from './common.ts'

interface Check {
  readonly what: string
  readonly shown: number
  readonly backprop: number
  readonly fd: number
  readonly left: number
  readonly right: number
  readonly kink: boolean
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 0.01 * Math.max(Math.abs(a), Math.abs(b)) + 2e-3

// Points at mosaic pixel (py, px) of a canvas whose own size is width×height.
const hoverCell = async (page: Page, selector: string, py: number, px: number): Promise<void> => {
  const canvas = page.locator(selector)
  const size = await canvas.evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height, c.clientWidth, c.clientHeight])
  await canvas.hover({ position: { x: ((px + 0.5) / size[0]) * size[2], y: ((py + 0.5) / size[1]) * size[3] } })
}

// A number as the page prints it (backwardArithmetic.ts's gnum): "−1.234·10⁻⁵", "0.5000".
const readNumber = (text: string): number => {
  const t = text.trim().replace(/−/g, '-')
  const m = /^(-?[0-9.]+)·10([⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/.exec(t)
  if (m === null) return Number(t)
  const exponent = Number(Array.from(m[2], (ch) => (ch === '⁻' ? '-' : String('⁰¹²³⁴⁵⁶⁷⁸⁹'.indexOf(ch)))).join(''))
  return Number(m[1]) * 10 ** exponent
}

// Points at the middle of every gradient picture: the arithmetic shown must arrive at the value shown.
const checkEveryPicture = async (page: Page, model: string): Promise<number> => {
  const pictures = page.locator('#backward canvas[data-grad]')
  const count = await pictures.count()
  let checked = 0
  for (let n = 0; n < count; n++) {
    const canvas = pictures.nth(n)
    const [w, h] = await canvas.evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height])
    // The first cell of a mosaic (its middle may be a gap), the middle of a map.
    const isMosaic = ((await canvas.getAttribute('data-grad')) ?? '').startsWith('weights')
    await hoverCell(page, `#backward canvas[data-grad] >> nth=${n}`, isMosaic ? 0 : Math.floor(h / 2), isMosaic ? 0 : Math.floor(w / 2))
    const title = (await page.locator('#bw-explain .bw-explain-title').textContent()) ?? ''
    const sum = (await page.locator('#bw-explain .bw-arithmetic').first().textContent()) ?? ''
    const shown = readNumber(title.slice(title.lastIndexOf(': ') + 2))
    const result = readNumber(sum.slice(Math.max(sum.lastIndexOf('= '), sum.lastIndexOf(': ')) + 2))
    if (!Number.isFinite(shown) || !Number.isFinite(result) || Math.abs(shown - result) > 2e-3 * Math.abs(shown) + 1e-12) {
      fail(`${model}, gradient picture ${n + 1}: the arithmetic "${sum}" does not arrive at the value shown, "${title}"`)
    }
    checked++
  }
  // The keyboard: focus the saliency map and move one to the right.
  await page.locator('#backward .bw-maps:has(canvas[data-grad="input"])').focus()
  await page.keyboard.press('ArrowRight')
  const moved = (await page.locator('#bw-explain .bw-explain-title').textContent()) ?? ''
  if (!/row 15, column 16/.test(moved)) fail(`${model}: the arrow keys do not move through the saliency map: "${moved}"`)
  return checked
}

const shownValue = async (page: Page): Promise<number> => Number(await page.locator('#bw-explain .bw-explain-title').getAttribute('data-value'))

const finiteDifferenceCheck = async (page: Page, what: string): Promise<Check> => {
  const shown = await shownValue(page)
  await page.click('#bw-fd')
  const result = page.locator('#bw-fd-result')
  await result.locator('.bw-fd-numbers').waitFor()
  const read = async (name: string) => Number(await result.getAttribute(`data-${name}`))
  return { what, shown, backprop: await read('backprop'), fd: await read('fd'), left: await read('left'), right: await read('right'), kink: (await result.getAttribute('data-kink')) === 'true' }
}

// Hovers the candidates one by one and keeps the `n` whose gradients are largest (the others
// may be 0, where a check says little).
const largest = async (page: Page, selector: string, candidates: readonly (readonly [number, number])[], n: number): Promise<readonly (readonly [number, number])[]> => {
  const values: { cell: readonly [number, number]; v: number }[] = []
  for (const cell of candidates) {
    await hoverCell(page, selector, cell[0], cell[1])
    values.push({ cell, v: Math.abs(await shownValue(page)) })
  }
  return values.sort((a, b) => b.v - a.v).slice(0, n).map((e) => e.cell)
}

// A drawn 0 with the current model, the panel in view, and a target the model does not
// believe in: a large loss, and gradients worth measuring.
const prepare = async (page: Page): Promise<{ readonly classes: readonly string[]; readonly target: number }> => {
  const answer = await predictionAfter(page, ZERO)
  await page.locator('#learn').scrollIntoViewIfNeeded()
  await page.waitForFunction(() => !(document.querySelector('#backward .bw-content') as HTMLElement).hidden && (document.querySelector('[data-testid="target-prob"]')?.textContent ?? '') !== '')
  const classes = await page.locator('[data-testid="target-class"] option').allTextContents()
  const target = (classes.indexOf(answer) + 6) % classes.length
  await page.selectOption('[data-testid="target-class"]', String(target))
  await page.waitForFunction((t) => (document.querySelector('[data-testid="target-class"]') as HTMLSelectElement).value === String(t), target)
  return { classes, target }
}

// The inked pixels of the input, as the panel shows it beside its gradient.
const inkOf = (page: Page): Promise<[number, number][]> =>
  page.locator('#backward canvas.bw-ink').evaluate((c) => {
    const canvas = c as HTMLCanvasElement
    const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray()
    const cells: [number, number][] = []
    for (let y = 0; y < canvas.height; y++) for (let x = 0; x < canvas.width; x++) if (1 - data[(y * canvas.width + x) * 4] / 255 > 0.5) cells.push([y, x])
    return cells
  })

const checkModel = async (page: Page, model: string): Promise<{ readonly clean: number; readonly kinks: number; readonly pictures: number; readonly before: string; readonly after: string; readonly ms: { readonly median: number; readonly fastest: number } }> => {
  await selectModel(page, model)
  const { classes, target } = await prepare(page)
  // Input pixels: ink of the drawn 0, where no ReLU sits exactly at its kink (blank
  // surroundings give convolution outputs of exactly 0).
  const ink = await inkOf(page)
  if (ink.length < 20) fail(`${model}: the panel's input shows only ${ink.length} inked pixels of the drawn 0`)
  const every = Math.max(1, Math.floor(ink.length / 12))
  const pixels = await largest(page, 'canvas[data-grad="input"]', ink.filter((_, n) => n % every === 0), 3)
  const checks: Check[] = []
  for (const [y, x] of pixels) {
    await hoverCell(page, 'canvas[data-grad="input"]', y, x)
    checks.push(await finiteDifferenceCheck(page, `input pixel (row ${y + 1}, column ${x + 1})`))
  }
  // First-layer weights: a spread of cells of the gradient mosaic.
  const mosaic = '#backward canvas[data-grad="weights-0"]'
  const [width, height] = await page.locator(mosaic).evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height])
  const cells: [number, number][] = []
  const gaps = await page.locator(mosaic).evaluate((c) => {
    // Gap pixels are transparent in the mosaic.
    const canvas = c as HTMLCanvasElement
    return Array.from(canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [], (v, n) => (n % 4 === 3 ? v : 255)).filter((_, n) => n % 4 === 3).map((a) => a === 0)
  })
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (!gaps[y * width + x]) cells.push([y, x])
  const spread = Math.max(1, Math.floor(cells.length / 12))
  const weights = await largest(page, mosaic, cells.filter((_, n) => n % spread === 0), 3)
  for (const [y, x] of weights) {
    await hoverCell(page, mosaic, y, x)
    checks.push(await finiteDifferenceCheck(page, `first-layer weight (mosaic row ${y + 1}, column ${x + 1})`))
  }
  let clean = 0
  let kinks = 0
  for (const c of checks) {
    if (c.shown !== c.backprop) fail(`${model}, ${c.what}: the page shows ${c.shown} but checked ${c.backprop}`)
    if (close(c.backprop, c.fd)) clean++
    else if (c.kink && (close(c.backprop, c.left) || close(c.backprop, c.right))) kinks++
    else fail(`${model}, ${c.what}: backprop ${c.backprop}, finite differences ${c.fd} (one-sided ${c.left} and ${c.right}${c.kink ? ', a kink' : ''})`)
    log(`      ${model}, ${c.what}: backprop ${c.backprop.toPrecision(5)}, finite differences ${c.fd.toPrecision(5)}${c.kink ? ` (a kink within ε: slopes ${c.left.toPrecision(4)} below, ${c.right.toPrecision(4)} above)` : ''}`)
  }
  if (clean < 4) fail(`${model}: only ${clean} of ${checks.length} gradients agree cleanly with finite differences`)
  const pictures = await checkEveryPicture(page, model)

  // How long a repaint takes: a change of target recomputes the trace and repaints at once.
  const ms = await page.evaluate(async (t) => {
    const menu = document.querySelector('[data-testid="target-class"]') as HTMLSelectElement
    const times: number[] = []
    for (let n = 0; n < 7; n++) {
      menu.value = String((t + 1 + (n % 2)) % 10)
      const t0 = performance.now()
      menu.dispatchEvent(new Event('change'))
      times.push(performance.now() - t0)
      await new Promise((resolve) => requestAnimationFrame(resolve))
    }
    menu.value = String(t)
    menu.dispatchEvent(new Event('change'))
    times.sort((a, b) => a - b)
    return { median: times[3], fastest: times[0] }
  }, target)

  // One step of SGD towards the target.
  const prob = async () => (await page.getByTestId('target-prob').textContent()) ?? ''
  const loss = async () => Number(await page.locator('#bw-loss').getAttribute('data-value'))
  const [p0, l0] = [await prob(), await loss()]
  await page.getByTestId('take-step').click()
  await page.locator('#bw-change').waitFor()
  const [p1, l1] = [await prob(), await loss()]
  // The loss is −ln p: it falls exactly when p rises, and it is shown with more digits than p.
  if (!(l1 < l0)) fail(`${model}: one step took the loss from ${l0} to ${l1}`)
  if (!(parseFloat(p1) > parseFloat(p0))) fail(`${model}: one step towards class ${classes[target]} took p(target) from ${p0} to ${p1}`)
  await page.click('#bw-reset')
  if ((await prob()) !== p0) fail(`${model}: "Back to the model" gives p(target) ${await prob()}, not ${p0}`)
  return { clean, kinks, pictures, before: `${p0} (loss ${l0.toFixed(3)})`, after: `${p1} (loss ${l1.toFixed(3)})`, ms }
}

// Any network the page can load: model files of other architectures, with random weights.
const OTHER_ARCHS = ['dense10', 'dense32-tanh-dense10', 'conv3x3x4p1s2b-sigmoid-pool3s2-flatten-dense16-relu-dense10', 'conv5x5x2-lrelu0.2-conv3x3x3p1-relu-pool2-dense10'] as const

const modelFile = (arch: string): string => {
  const net = buildNetwork(arch, [1, 28, 28], 10)
  if (E.isLeft(net)) return fail(`${arch}: ${net.left}`)
  const [params] = initParams(net.right, seedRng(7))
  const classes = Array.from({ length: 10 }, (_, i) => String(i))
  return serializeModel({ arch, inputShape: [1, 28, 28], classes, seed: 7, training: {}, metrics: [], params }, net.right)
}

const checkOtherArchitectures = async (page: Page): Promise<void> => {
  for (const arch of OTHER_ARCHS) {
    const name = `${arch}.json`
    await page.setInputFiles('#model-file', { name, mimeType: 'application/json', buffer: Buffer.from(modelFile(arch)) })
    await page.waitForFunction((n) => (document.querySelector('#model') as HTMLSelectElement).selectedOptions[0]?.textContent?.includes(n), name)
    await prepare(page)
    const pictures = await checkEveryPicture(page, arch)
    const ink = await inkOf(page)
    const [[y, x]] = await largest(page, 'canvas[data-grad="input"]', ink.filter((_, n) => n % Math.max(1, Math.floor(ink.length / 12)) === 0), 1)
    await hoverCell(page, 'canvas[data-grad="input"]', y, x)
    const c = await finiteDifferenceCheck(page, `input pixel (row ${y + 1}, column ${x + 1})`)
    if (!close(c.backprop, c.fd) && !(c.kink && (close(c.backprop, c.left) || close(c.backprop, c.right)))) fail(`${arch}, ${c.what}: backprop ${c.backprop}, finite differences ${c.fd}`)
    const p0 = parseFloat((await page.getByTestId('target-prob').textContent()) ?? '')
    const l0 = Number(await page.locator('#bw-loss').getAttribute('data-value'))
    await page.getByTestId('take-step').click()
    const l1 = Number(await page.locator('#bw-loss').getAttribute('data-value'))
    if (!(l1 < l0)) fail(`${arch}: one step took the loss from ${l0} to ${l1}`)
    log(`ok    backward (${arch}): ${pictures} gradient pictures explained; ${c.what}: backprop ${c.backprop.toPrecision(4)}, finite differences ${c.fd.toPrecision(4)}; one step: loss ${l0.toFixed(3)} → ${l1.toFixed(3)} (p(target) was ${p0}%)`)
  }
  await selectModel(page, 'original')
}

// The panel draws only while it is on screen, and catches up when it comes into view.
const checkOnlyWhenVisible = async (page: Page): Promise<void> => {
  const paints = async () => Number(await page.locator('#backward').getAttribute('data-paints'))
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.waitForTimeout(200)
  const before = await paints()
  await predictionAfter(page, ONE)
  await page.waitForTimeout(500)
  const hidden = await paints()
  if (hidden !== before) fail(`the backward view was drawn ${hidden - before} times while off screen`)
  await page.locator('#learn').scrollIntoViewIfNeeded()
  await page.waitForFunction((n) => Number(document.querySelector('#backward')?.getAttribute('data-paints')) > n, hidden)
  log('ok    backward: the view is not drawn while off screen, and is drawn when it comes into view')
}

// The panel with its arithmetic shown, at 1280 px (with --screenshots) and at 375 px, where
// the page must not scroll sideways with the view drawn.
const narrowAndShots = async (page: Page, browser: Browser, server: StaticServer, shots: string | undefined): Promise<void> => {
  if (shots !== undefined) await wide(page, shots)
  const narrow = await browser.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 })
  const problems = watch(narrow, server.url)
  await narrow.goto(`${server.url}/demo/`)
  await narrow.waitForFunction(() => document.querySelectorAll('#model option').length >= 2)
  await draw(narrow, ZERO)
  await narrow.locator('#learn').scrollIntoViewIfNeeded()
  await narrow.waitForFunction(() => !(document.querySelector('#backward .bw-content') as HTMLElement).hidden)
  await hoverCell(narrow, 'canvas[data-grad="input"]', 9, 9)
  await narrow.getByTestId('take-step').click()
  const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth)
  if (overflow > 375) fail(`at 375 px, with the backward view drawn, the page is ${overflow} px wide`)
  if (shots !== undefined) await narrow.locator('#learn').screenshot({ path: join(shots, 'backward-375.png') })
  checkClean(problems, 'the backward view at 375 px')
  await narrow.close()
  log('ok    backward: at 375 px the view, its arithmetic and a step fit the width')
}

const wide = async (page: Page, shots: string): Promise<void> => {
  await selectModel(page, 'convnetjs')
  await prepare(page)
  await page.getByTestId('take-step').click()
  await hoverCell(page, 'canvas[data-grad="input"]', 9, 9)
  await page.click('#bw-fd')
  await page.locator('#learn').screenshot({ path: join(shots, 'backward-1280.png') })
  await selectModel(page, 'original')
}

export const steps: readonly Step[] = [
  { name: 'backward', run: async ({ page, browser, server, shots, figures }) => {
    for (const model of ['original', 'convnetjs']) {
      const r = await checkModel(page, model)
      log(`ok    backward (${model}): the arithmetic of all ${r.pictures} gradient pictures arrives at the values shown; ${r.clean} gradients agree with the page's finite differences${r.kinks > 0 ? `, ${r.kinks} sit${r.kinks === 1 ? 's' : ''} at a kink and match its slope on one side` : ''}; one step raised p(target) ${r.before} → ${r.after}`)
      figures.push(`backward view, ${model}: a repaint (trace, pictures, arithmetic) takes ${r.ms.median.toFixed(1)} ms (median of 7; fastest ${r.ms.fastest.toFixed(1)} ms)`)
    }
    await checkOtherArchitectures(page)
    await checkOnlyWhenVisible(page)
    await narrowAndShots(page, browser, server, shots)
  } },
]
