// Browser checks: the whole test set
// ==================================
//
// Steps of `npm run test:browser` (site/tools/browserTest.ts) for panel 4, the gallery and
// the confusion matrix (gallery.ts, testDigits.ts), and panel 1's "Show a test digit":
//
//   sample    "Show a test digit" puts a digit into the pad and says whether the model
//             read it right; what it says is what the pad's answer shows.
//   gallery   once panel 4 is on screen: 2,000 items, each model's answers equal to those
//             `classify` gives in Node for the same digits one at a time, the wrong items as
//             many as the matrix's cells off the diagonal; a cell's button filters the
//             gallery to its digits; a wrong digit clicked (and one reached with the arrow
//             keys and Enter) goes into the pad, whose answer is the gallery's, not the
//             label; the page does not scroll sideways at 375 px. It reports what one pass
//             over the 2,000 digits costs for both shipped models, and the longest task.
//   gallery-live  while a network trains: the digits are read again about once
//             a second while panel 4 is on screen, and not while it is off screen.

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import * as E from 'fp-ts/lib/Either.js'
import type { Browser, Page } from 'playwright-core'
import { tensor } from '../../../src/core/tensor.ts'
import { fastKernels } from '../../../src/fast/kernels.ts'
import { parseModel } from '../../../src/model/modelFile.ts'
import { classify } from '../../../src/model/predict.ts'
import { OUT } from '../paths.ts'
import type { StaticServer } from '../serve.ts'
import { checkClean, fail, log, selectModel, watch, type Step } from './common.ts'

const TOTAL = 2000

// What Node says
// --------------

// The shipped test digits, read in Node from the files the page fetches.
const testDigits = async (): Promise<{ readonly images: Uint8Array; readonly labels: Uint8Array }> => {
  const images = gunzipSync(await readFile(join(OUT, 'data', 't10k-images-idx3-ubyte.gz'))).subarray(16)
  const labels = gunzipSync(await readFile(join(OUT, 'data', 't10k-labels-idx1-ubyte.gz'))).subarray(8)
  return { images, labels }
}

// A shipped model's answer for every test digit, one digit at a time, as the page computes them.
const nodeAnswers = async (name: string): Promise<Int32Array> => {
  const parsed = parseModel(await readFile(join(OUT, 'models', `${name}.json`), 'utf8'), fastKernels)
  if (E.isLeft(parsed)) return fail(`models/${name}.json: ${parsed.left}`)
  const { net, params } = parsed.right
  const { images } = await testDigits()
  const answers = new Int32Array(TOTAL)
  for (let n = 0; n < TOTAL; n++) {
    const x = new Float32Array(784)
    for (let p = 0; p < 784; p++) x[p] = images[n * 784 + p] / 255
    answers[n] = classify(net, params, tensor([1, 1, 28, 28], x))[0]
  }
  return answers
}

// What the page shows
// -------------------

interface Shown {
  readonly correct: readonly (string | null)[] // each item's data-correct
  readonly labels: readonly string[] // each item's aria-label
  readonly matrix: readonly (readonly [number, number, number])[] // [label, answer, count] of every cell
  readonly status: string
  readonly passMs: number
  readonly busyMs: number
  readonly longestMs: number
}

const shown = (page: Page): Promise<Shown> =>
  page.evaluate(() => {
    const items = Array.from(document.querySelectorAll('[data-testid="gallery-item"]'))
    const cells = Array.from(document.querySelectorAll<HTMLButtonElement>('[data-testid="confusion"] td button'))
    const cost = document.querySelector<HTMLElement>('.gallery-cost')
    return {
      correct: items.map((i) => i.getAttribute('data-correct')),
      labels: items.map((i) => i.getAttribute('aria-label') ?? ''),
      matrix: cells.map((c) => [Number(c.dataset.label), Number(c.dataset.predicted), Number(c.textContent || '0')] as [number, number, number]),
      status: document.querySelector('[data-testid="gallery-accuracy"]')?.textContent ?? '',
      passMs: Number(cost?.dataset.passMs ?? NaN),
      busyMs: Number(cost?.dataset.busyMs ?? NaN),
      longestMs: Number(cost?.dataset.longestMs ?? NaN),
    }
  })

// Waits until every item has its answer and the accuracy is shown.
const waitForPass = async (page: Page): Promise<void> => {
  await page.waitForFunction(
    (total) => {
      const items = document.querySelectorAll('[data-testid="gallery-item"]')
      const status = document.querySelector('[data-testid="gallery-accuracy"]')?.textContent ?? ''
      return items.length === total && document.querySelectorAll('[data-testid="gallery-item"][data-correct]').length === total && / right: /.test(status)
    },
    TOTAL,
    { timeout: 60_000 },
  )
}

// Collects the page's long tasks (over 50 ms) from now on, into window.galleryLongTasks.
const watchLongTasks = (page: Page): Promise<void> =>
  page.evaluate(`
    window.galleryLongTasks = []
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.galleryLongTasks.push(e.duration) }).observe({ type: 'longtask' })
  `)
const longTasks = (page: Page): Promise<number[]> => page.evaluate(() => (window as unknown as { galleryLongTasks: number[] }).galleryLongTasks)

// The answer of the pad, and the note under it.
const padAnswer = async (page: Page): Promise<string> => (await page.getByTestId('prediction').textContent())?.trim() ?? ''

// Checks the page's answers against Node's, and the matrix against the items; returns the number wrong.
const checkAgainstNode = (s: Shown, answers: Int32Array, labels: Uint8Array, name: string): number => {
  const wrongItems = s.correct.filter((c) => c === 'false').length
  if (s.correct.length !== TOTAL) fail(`the gallery holds ${s.correct.length} items, not ${TOTAL}`)
  for (let n = 0; n < TOTAL; n++) {
    const expected = `test digit ${(n + 1).toLocaleString('en-US')}, labelled ${labels[n]}, read as ${answers[n]} (${answers[n] === labels[n] ? 'right' : 'wrong'})`
    if (s.labels[n] !== expected) fail(`with the ${name} model, gallery item ${n} is "${s.labels[n]}"; Node's classify says "${expected}"`)
    if (s.correct[n] !== String(answers[n] === labels[n])) fail(`with the ${name} model, gallery item ${n} has data-correct="${s.correct[n]}"`)
  }
  const total = s.matrix.reduce((sum, [, , n]) => sum + n, 0)
  const offDiagonal = s.matrix.reduce((sum, [t, p, n]) => sum + (t === p ? 0 : n), 0)
  if (total !== TOTAL) fail(`the confusion matrix counts ${total} digits, not ${TOTAL}`)
  if (offDiagonal !== wrongItems) fail(`the confusion matrix has ${offDiagonal} digits off its diagonal, the gallery ${wrongItems} marked wrong`)
  for (const [t, p, n] of s.matrix) {
    let expected = 0
    for (let i = 0; i < TOTAL; i++) if (labels[i] === t && answers[i] === p) expected++
    if (n !== expected) fail(`with the ${name} model, the matrix cell (labelled ${t}, read as ${p}) shows ${n}, Node counts ${expected}`)
  }
  const percent = (((TOTAL - wrongItems) / TOTAL) * 100).toFixed(1)
  if (s.status !== `${(TOTAL - wrongItems).toLocaleString('en-US')} of 2,000 right: ${percent}%`) fail(`the accuracy reads "${s.status}" with ${wrongItems} wrong`)
  return wrongItems
}

// The steps
// ---------

// "Show a test digit": a digit goes into the pad, and the note says whether the pad's answer is its label.
const checkSample = async (page: Page): Promise<void> => {
  await page.evaluate(() => window.scrollTo(0, 0))
  const { labels } = await testDigits()
  for (let k = 0; k < 3; k++) {
    const before = (await page.locator('#sample-note').textContent()) ?? ''
    await page.click('#sample')
    await page.waitForFunction((old) => /^test digit [\d,]+ of 2,000, labelled \d: the model says \S+ \((right|wrong)\)/.test(document.querySelector('#sample-note')?.textContent ?? '') && document.querySelector('#sample-note')?.textContent !== old, before, { timeout: 30_000 })
    const text = (await page.locator('#sample-note').textContent()) ?? ''
    const [, number, label, answer, verdict] = /^test digit ([\d,]+) of 2,000, labelled (\d): the model says (\S+) \((right|wrong)\)/.exec(text) ?? []
    const index = Number(number?.replace(/,/g, '')) - 1
    if (labels[index] !== Number(label)) fail(`"${text}": test digit ${number} is labelled ${labels[index]}`)
    if ((answer === label) !== (verdict === 'right')) fail(`"${text}": the verdict does not follow from the label and the answer`)
    await page.waitForTimeout(200)
    const pad = await padAnswer(page)
    if (pad !== answer) fail(`"${text}", but the pad's answer is "${pad}"`)
    if (k === 0) log(`ok    sample: "Show a test digit" loads the digits on the first click and puts one into the pad: "${text}"`)
  }
}

const checkGallery = async (page: Page, browser: Browser, server: StaticServer, shots: string | undefined, figures: string[]): Promise<void> => {
  const { labels } = await testDigits()
  await selectModel(page, 'original')
  await watchLongTasks(page)
  await page.locator('#test-set').scrollIntoViewIfNeeded()
  await waitForPass(page)
  const original = await shown(page)
  const originalWrong = checkAgainstNode(original, await nodeAnswers('original'), labels, 'original')
  log(`ok    gallery: ${TOTAL} items once panel 4 is seen; with the original model "${original.status}", each answer the one Node's classify gives, and the ${originalWrong} marked wrong are the matrix's cells off the diagonal`)

  // The ConvNetJS network: the pass that costs (about 1 s in Node once warm, 2 s cold).
  await page.evaluate(() => document.querySelector('#draw')?.scrollIntoView())
  await selectModel(page, 'convnetjs')
  await page.waitForTimeout(1000) // the other panels redraw for the new model
  await watchLongTasks(page)
  await page.locator('#test-set').scrollIntoViewIfNeeded()
  await waitForPass(page) // another network's answers are cleared as soon as the menu changes
  const convnet = await shown(page)
  const convnetWrong = checkAgainstNode(convnet, await nodeAnswers('convnetjs'), labels, 'convnetjs')
  const tasks = await longTasks(page)
  log(`ok    gallery: with the ConvNetJS model "${convnet.status}" (${convnetWrong} wrong), each answer the one Node's classify gives`)
  figures.push(`one pass over the ${TOTAL} test digits in the page: original network ${original.passMs} ms (${original.busyMs} ms computing, longest slice ${original.longestMs} ms); ConvNetJS network ${convnet.passMs} ms (${convnet.busyMs} ms computing, longest slice ${convnet.longestMs} ms)`)
  figures.push(`long tasks (> 50 ms) while the ConvNetJS pass ran: ${tasks.length === 0 ? 'none' : `${tasks.length}, the longest ${Math.round(Math.max(...tasks))} ms`}`)

  // A cell of the matrix: the largest count off the diagonal.
  const [t, p, n] = convnet.matrix.filter(([a, b]) => a !== b).reduce((best, cell) => (cell[2] > best[2] ? cell : best))
  await page.locator(`[data-testid="confusion"] button[data-label="${t}"][data-predicted="${p}"]`).click()
  const visible = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('[data-testid="gallery-item"]')).filter((i) => !i.hidden && i.offsetParent !== null).map((i) => i.getAttribute('aria-label') ?? ''))
  if (visible.length !== n) fail(`the cell (labelled ${t}, read as ${p}) says ${n}, and the gallery then shows ${visible.length} digits`)
  const stray = visible.find((label) => !label.endsWith(`labelled ${t}, read as ${p} (wrong)`))
  if (stray !== undefined) fail(`after the cell (labelled ${t}, read as ${p}) was clicked, the gallery shows "${stray}"`)
  const note = (await page.locator('.gallery-filter-note').textContent()) ?? ''
  if (!note.startsWith(`labelled ${t}, read as ${p}: ${n} digit`)) fail(`after the cell was clicked, the gallery says "${note}"`)
  log(`ok    gallery: the matrix cell (labelled ${t}, read as ${p}) filters the gallery to its ${n} digits: "${note}"`)

  // A wrong digit clicked goes into the pad, and the pad reads it as the gallery says.
  const item = page.locator('[data-testid="gallery-item"][data-correct="false"]:visible').first()
  const itemLabel = (await item.getAttribute('aria-label')) ?? ''
  const [, label, answer] = /labelled (\d), read as (\S+) \(wrong\)$/.exec(itemLabel) ?? []
  await item.scrollIntoViewIfNeeded()
  // Where it is on the screen (panel 1 grows when a digit arrives; the browser's scroll anchoring keeps this in place).
  const onScreen = async (): Promise<number> => (await item.boundingBox())?.y ?? Number.NaN
  const before = await onScreen()
  await item.click()
  await page.waitForTimeout(300)
  const pad = await padAnswer(page)
  if (pad !== answer || pad === label) fail(`"${itemLabel}" was clicked; the pad's answer is "${pad}"`)
  const sampleNote = (await page.locator('#sample-note').textContent()) ?? ''
  if (!sampleNote.includes(`labelled ${label}: the model says ${answer} (wrong)`)) fail(`after "${itemLabel}" was clicked the note under the pad says "${sampleNote}"`)
  const after = await onScreen()
  if (!(Math.abs(after - before) <= 4)) fail(`clicking a digit moved it on the screen from y = ${before} to ${after}`)
  log(`ok    gallery: a wrong digit clicked ("${itemLabel}") goes into the pad, which reads it as ${pad}, not ${label}; the page stays where it was`)

  // Only the wrong ones: as many as off the diagonal.
  await page.getByLabel('only the wrong ones').check()
  const wrongShown = await page.locator('[data-testid="gallery-item"]:visible').count()
  if (wrongShown !== convnetWrong) fail(`"only the wrong ones" shows ${wrongShown} digits, ${convnetWrong} are wrong`)

  // With the keyboard: Tab reaches the gallery once, the arrows move, Enter loads.
  const second = page.locator('[data-testid="gallery-item"]:visible').nth(1)
  const secondLabel = (await second.getAttribute('aria-label')) ?? ''
  await page.locator('[data-testid="gallery-item"][tabindex="0"]').focus()
  await page.keyboard.press('Home')
  await page.keyboard.press('ArrowRight')
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '')
  if (focused !== secondLabel) fail(`Home then ArrowRight in the wrong digits lands on "${focused}", not "${secondLabel}"`)
  await page.keyboard.press('Enter')
  await page.waitForTimeout(300)
  const [, , keyAnswer] = /labelled (\d), read as (\S+) \(wrong\)$/.exec(secondLabel) ?? []
  if ((await padAnswer(page)) !== keyAnswer) fail(`Enter on "${secondLabel}" leaves the pad's answer at "${await padAnswer(page)}"`)
  const tabStops = await page.locator('[data-testid="gallery-item"][tabindex="0"]').count()
  if (tabStops !== 1) fail(`${tabStops} gallery items are reached with Tab; one should be`)
  log(`ok    gallery: "only the wrong ones" shows the ${wrongShown}; the arrow keys move between them and Enter loads one; the gallery is one Tab stop`)

  if (shots !== undefined) {
    await page.getByLabel('every digit').check()
    await page.locator('#test-set').screenshot({ path: join(shots, 'gallery-1280.png') })
  }
  await selectModel(page, 'original')

  // At 375 px.
  const narrow = await browser.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 })
  const problems = watch(narrow, server.url)
  const fetched: string[] = []
  narrow.on('request', (request) => {
    if (request.url().includes('/data/t10k-')) fetched.push(request.url())
  })
  await narrow.goto(`${server.url}/demo/`)
  await narrow.waitForFunction(() => document.querySelectorAll('#model option').length >= 2)
  await narrow.waitForTimeout(1000)
  if (fetched.length > 0) fail(`the test digits were fetched with the page, before panel 4 was seen: ${fetched.join(', ')}`)
  await narrow.locator('#test-set').scrollIntoViewIfNeeded()
  await waitForPass(narrow)
  const width = await narrow.evaluate(() => document.documentElement.scrollWidth)
  if (width > 375) fail(`at 375 px, with the gallery shown, the page is ${width} px wide`)
  if (shots !== undefined) {
    await narrow.locator('[data-testid="confusion"] td:not(.diagonal) button:not(:disabled)').first().click()
    await narrow.locator('#test-set').screenshot({ path: join(shots, 'gallery-375.png') })
  }
  checkClean(problems, 'the gallery at 375 px')
  await narrow.close()
  // The page of the other steps again: while another page was in front, it drew no frames
  // (and so its IntersectionObservers and animation frames were still).
  await page.bringToFront()
  log('ok    gallery: the test digits are fetched when panel 4 comes into view, not with the page; at 375 px the panel fits without scrolling sideways')
}

// While a network trains: panel 4 reads the digits again about once a second while it is
// on screen, and not at all while it is not; the page keeps drawing frames.
const checkLive = async (page: Page, figures: string[]): Promise<void> => {
  await page.locator('#train').scrollIntoViewIfNeeded()
  // The original network, whose pass is short: what limits the passes is then the panel's
  // rule of one a second, not their length. (40 epochs, so that the run outlasts the check.)
  await page.selectOption('#preset', '0')
  await page.fill('#epochs', '40')
  await page.getByTestId('train-start').click()
  await page.waitForFunction(() => (document.querySelector('#model') as HTMLSelectElement).value === 'live', undefined, { timeout: 60_000 })
  await page.locator('#test-set').scrollIntoViewIfNeeded()
  await page.evaluate(`
    window.galleryPasses = []
    new MutationObserver(() => {
      const cost = document.querySelector('.gallery-cost').dataset
      window.galleryPasses.push([Number(cost.startedAt), Number(cost.passMs)])
    })
      .observe(document.querySelector('.gallery-cost'), { attributes: true, attributeFilter: ['data-pass-ms'] })
    window.galleryFrame = 0
    let last = performance.now()
    requestAnimationFrame(function tick(now) {
      window.galleryFrame = Math.max(window.galleryFrame, now - last)
      last = now
      requestAnimationFrame(tick)
    })
  `)
  const SECONDS = 10
  await page.waitForTimeout(SECONDS * 1000)
  const passes = await page.evaluate(() => (window as unknown as { galleryPasses: [number, number][] }).galleryPasses)
  const frame = await page.evaluate(() => (window as unknown as { galleryFrame: number }).galleryFrame)
  const status = (await page.getByTestId('gallery-accuracy').textContent()) ?? ''
  const read = await page.evaluate(() => (document.querySelector('.gallery-progress') as HTMLProgressElement | null)?.value ?? 0)
  await page.evaluate(() => document.querySelector('#draw')?.scrollIntoView())
  await page.waitForTimeout(1000) // the panel notices it left the screen
  const hidden = (await page.evaluate(() => (window as unknown as { galleryPasses: unknown[] }).galleryPasses.length))
  await page.waitForTimeout(4000)
  const afterHidden = (await page.evaluate(() => (window as unknown as { galleryPasses: unknown[] }).galleryPasses.length))
  await page.locator('#train').scrollIntoViewIfNeeded()
  await page.click('#reset')
  await page.selectOption('#preset', '0')
  await selectModel(page, 'original')
  if (passes.length < 2) fail(`while the original network trained for ${SECONDS} s with panel 4 on screen, the gallery was read ${passes.length} times (it says "${status}", ${read} digits read in the pass under way)`)
  const starts = passes.map(([t]) => t)
  const gaps = starts.slice(1).map((t, k) => t - starts[k])
  if (Math.min(...gaps) < 990) fail(`two passes of the gallery began ${Math.round(Math.min(...gaps))} ms apart; at most one a second is wanted`)
  if (!/ right: /.test(status)) fail(`while training, the gallery says "${status}"`)
  if (afterHidden !== hidden) fail(`with panel 4 off screen, the gallery was read ${afterHidden - hidden} more times while training went on`)
  const durations = passes.map(([, ms]) => ms)
  log(`ok    gallery: while the original network trains, panel 4 reads the digits again ${passes.length} times in ${SECONDS} s (never twice within a second: ${status}), and not at all while off screen`)
  figures.push(`gallery while the original network trains (${SECONDS} s, panel 4 on screen): ${passes.length} passes of ${Math.min(...durations)}–${Math.max(...durations)} ms each; longest frame ${Math.round(frame)} ms`)
}

export const steps: readonly Step[] = [
  { name: 'sample', run: ({ page }) => checkSample(page) },
  { name: 'gallery', run: ({ page, browser, server, shots, figures }) => checkGallery(page, browser, server, shots, figures) },
  { name: 'gallery-live', run: ({ page, figures }) => checkLive(page, figures) },
]
