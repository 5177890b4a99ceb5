// Browser checks: drawing, model files, labels and links, the narrow screen
// =======================================================================
//
// Steps of `npm run test:browser` (site/tools/browserTest.ts) for panel 1 of the page:
// draw.ts, preprocess.ts, models.ts, modelWorker.ts and main.ts.
//
//     drawing        a 1 and a 0, and a small 7 and 3 in the pad's corner, read right by both models;
//                    the blank pad's hint comes and goes
//     first-minute   with original.json arriving last, the menu's order and default stay the same
//     model-files    a model.json by the file picker and by drag and drop; a broken one gets the CLI's message
//     model-limits   the command line's limits and messages: a 300 MB file refused at once, a class
//                    name with a right-to-left override, a weight given as a string; a 50 MB file
//                    parsed while the page keeps running
//     labels         every control labelled, every link leads to a file
//     narrow         at 375 px: no sideways scroll, drawing works, the answer beside the pad

import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import type { Browser, JSHandle, Page } from 'playwright-core'
import { loadModel } from '../../../src/cli/evaluate.ts'
import { MODEL_FILE, readGated } from '../../../src/cli/readGate.ts'
import { fastKernels } from '../../../src/fast/kernels.ts'
import { parseModel } from '../../../src/model/modelFile.ts'
import { OUT } from '../paths.ts'
import type { StaticServer } from '../serve.ts'
import { checkClean, fail, hoverStroke, log, ONE, predictionAfter, selectModel, watch, ZERO, type Step, type Stroke } from './common.ts'

// The checks
// ----------

// Digits drawn small: a 7 and a 3 about a quarter of the pad's size, in its top-left corner.
// (Drawn with a fixed 20 px pen and scaled up, as the page did before, they read as 8s.)
const arc = (cx: number, cy: number, rx: number, ry: number, from: number, to: number, n = 24): [number, number][] =>
  Array.from({ length: n + 1 }, (_, t) => {
    const a = from + ((to - from) * t) / n
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)]
  })
const straight = (a: readonly [number, number], b: readonly [number, number], n = 12): [number, number][] =>
  Array.from({ length: n + 1 }, (_, t) => [a[0] + ((b[0] - a[0]) * t) / n, a[1] + ((b[1] - a[1]) * t) / n])
const SEVEN: Stroke = [...straight([0.3, 0.22], [0.72, 0.22]), ...straight([0.72, 0.22], [0.45, 0.85])]
const THREE: Stroke = [...arc(0.48, 0.33, 0.17, 0.15, -0.9 * Math.PI, 0.5 * Math.PI), ...arc(0.48, 0.64, 0.2, 0.17, -0.5 * Math.PI, 0.85 * Math.PI)]
const inCorner = (stroke: Stroke): Stroke => stroke.map(([x, y]) => [0.02 + x * 0.25, 0.02 + y * 0.25] as const)

// Whether the blank pad's hint shows, over the pad.
const hintShown = (page: Page): Promise<boolean> =>
  page.evaluate(() => {
    const hint = document.querySelector('[data-testid="pad-hint"]')
    const pad = document.querySelector('[data-testid="draw-canvas"]')
    if (hint === null || pad === null || getComputedStyle(hint).display === 'none') return false
    const [h, p] = [hint.getBoundingClientRect(), pad.getBoundingClientRect()]
    return h.width > 0 && h.left >= p.left - 1 && h.right <= p.right + 1 && h.top >= p.top - 1 && h.bottom <= p.bottom + 1
  })

const checkDrawing = async (page: Page, shots: string | undefined): Promise<void> => {
  await page.getByTestId('clear').click()
  if (!(await hintShown(page))) fail('the blank pad shows no hint over it')
  for (const model of ['original', 'convnetjs']) {
    await selectModel(page, model)
    const one = await predictionAfter(page, ONE)
    if (await hintShown(page)) fail('the pad\'s hint stays over a drawing')
    const zero = await predictionAfter(page, ZERO)
    if (one !== '1' || zero !== '0') fail(`with the ${model} model, a drawn 1 was read as "${one}" and a drawn 0 as "${zero}"`)
    const seven = await predictionAfter(page, inCorner(SEVEN))
    const three = await predictionAfter(page, inCorner(THREE))
    if (seven !== '7' || three !== '3') fail(`with the ${model} model, a small 7 and 3 drawn in the pad's corner were read as "${seven}" and "${three}"`)
    log(`ok    draw: a 1 and a 0, and a 7 and a 3 drawn a quarter as large in the corner, are read right by the ${model} model`)
  }
  if (shots !== undefined) await page.locator('#draw').screenshot({ path: join(shots, 'draw-corner-1280.png') })
  await page.getByTestId('clear').click()
  if ((await page.getByTestId('prediction').textContent())?.trim() !== '?') fail('after Clear the prediction is not "?"')
  if (!(await hintShown(page))) fail('after Clear the pad shows no hint')
  log('ok    draw: a blank pad says "Draw a digit here"; the hint goes when you draw and comes back with Clear')
}

// A fresh page whose original.json arrives a second after the other models: the menu still
// lists the original network first, and it is the one chosen.
const checkFirstMinute = async (browser: Browser, server: StaticServer): Promise<void> => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  const problems = watch(page, server.url)
  await page.route('**/models/original.json', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    await route.continue()
  })
  await page.goto(`${server.url}/demo/`)
  await page.waitForFunction(() => document.querySelectorAll('#model option').length >= 1)
  const early = await page.evaluate(() => ({ value: (document.querySelector('#model') as HTMLSelectElement).value, answer: document.querySelector('[data-testid="prediction"]')?.textContent }))
  if (early.value !== '') fail(`before the original network arrived, the menu chose "${early.value}"`)
  await page.waitForFunction(() => document.querySelectorAll('#model option').length >= 3)
  const menu = await page.evaluate(() => {
    const select = document.querySelector('#model') as HTMLSelectElement
    return { value: select.value, order: Array.from(select.options, (o) => o.value) }
  })
  if (menu.order.join(',') !== 'original,convnetjs,record' || menu.value !== 'original') {
    fail(`with original.json arriving last, the menu lists ${menu.order.join(', ')} and chose "${menu.value}"`)
  }
  if (!(await hintShown(page))) fail('a fresh page shows no hint over the pad')
  const one = await predictionAfter(page, ONE)
  if (one !== '1') fail(`a drawn 1 is read as "${one}" after a late original.json`)
  checkClean(problems, 'with a late original.json')
  await page.close()
  log('ok    first minute: with original.json a second late, the menu lists the original network first and chooses it')
}

const checkModelFiles = async (page: Page): Promise<void> => {
  const text = await readFile(join(OUT, 'models', 'convnetjs.json'), 'utf8')
  // A good file, with the picker.
  await page.setInputFiles('#model-file', { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(text) })
  await page.waitForFunction(() => (document.querySelector('#model') as HTMLSelectElement).selectedOptions[0]?.textContent?.includes('model.json'))
  const info = (await page.locator('#model-info').textContent()) ?? ''
  const arch = (JSON.parse(text) as { readonly arch: string }).arch
  if (!info.startsWith(`${arch}:`)) fail(`after loading model.json (${arch}) the page describes it as "${info}"`)
  // A broken one, dropped on the page: the message of the command line, word for word.
  // (One more filter in the first layer than the weights in the file have.)
  const broken = text.replace(`"arch": "${arch}"`, `"arch": "${arch.replace(/^conv(\d+)x(\d+)x(\d+)/, (_, h: string, w: string, k: string) => `conv${h}x${w}x${Number(k) + 1}`)}"`)
  const expected = parseModel(broken, fastKernels)
  if (E.isRight(expected)) return fail('the broken model file was accepted by parseModel')
  const dataTransfer = await page.evaluateHandle((content) => {
    const transfer = new DataTransfer()
    transfer.items.add(new File([content], 'broken.json', { type: 'application/json' }))
    return transfer
  }, broken)
  await page.dispatchEvent('body', 'drop', { dataTransfer })
  await page.waitForFunction(() => (document.querySelector('#model-error')?.textContent ?? '') !== '')
  const shown = (await page.locator('#model-error').textContent()) ?? ''
  if (shown !== `error: broken.json: ${expected.left}`) fail(`a broken model file gives "${shown}", the command line says "error: broken.json: ${expected.left}"`)
  // And a good one by drag and drop.
  const good = await page.evaluateHandle((content) => {
    const transfer = new DataTransfer()
    transfer.items.add(new File([content], 'dropped.json', { type: 'application/json' }))
    return transfer
  }, text)
  await page.dispatchEvent('body', 'drop', { dataTransfer: good })
  await page.waitForFunction(() => (document.querySelector('#model') as HTMLSelectElement).selectedOptions[0]?.textContent?.includes('dropped.json'))
  if (((await page.locator('#model-error').textContent()) ?? '') !== '') fail('the error of the broken file stayed after a good file was loaded')
  log(`ok    models: a model.json loads with the file picker and by drag and drop; a broken one gives the command line's message:`)
  log(`      ${shown}`)
}

const checkLabelsAndLinks = async (page: Page, server: StaticServer): Promise<void> => {
  const unlabelled = await page.evaluate(() =>
    Array.from(document.querySelectorAll('input, select, button, textarea'))
      .filter((e) => {
        const control = e as HTMLInputElement
        const named = (control.labels?.length ?? 0) > 0 || control.getAttribute('aria-label') || control.getAttribute('aria-labelledby') || (e.tagName === 'BUTTON' && (e.textContent ?? '').trim() !== '')
        return !named
      })
      .map((e) => e.id || e.outerHTML.slice(0, 60)),
  )
  if (unlabelled.length > 0) fail(`controls without a label: ${unlabelled.join(', ')}`)
  // An id names one element: a label's for=, aria-labelledby and the panels' code all rely on it.
  const duplicated = await page.evaluate(() => {
    const ids = Array.from(document.querySelectorAll('[id]'), (e) => e.id)
    return [...new Set(ids.filter((id, n) => ids.indexOf(id) !== n))]
  })
  if (duplicated.length > 0) fail(`ids used more than once: ${duplicated.join(', ')}`)
  const links = await page.evaluate(() => Array.from(document.querySelectorAll('a[href]'), (a) => (a as HTMLAnchorElement).href))
  const local = [...new Set(links.map((href) => new URL(href)).filter((u) => u.origin === server.url).map((u) => u.pathname))]
  for (const path of local) {
    const response = await fetch(`${server.url}${path}`)
    if (!response.ok) fail(`the link to ${path} leads nowhere (HTTP ${response.status})`)
  }
  log(`ok    every control has a label; all ${local.length} links of the page lead to files`)
}

const checkNarrow = async (browser: Browser, server: StaticServer, shots: string | undefined): Promise<void> => {
  const page = await browser.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 })
  const problems = watch(page, server.url)
  await page.goto(`${server.url}/demo/`)
  await page.waitForFunction(() => document.querySelectorAll('#model option').length >= 2)
  if (shots !== undefined) await page.locator('#draw').screenshot({ path: join(shots, 'draw-blank-375.png') })
  const one = await predictionAfter(page, ONE)
  if (one !== '1') fail(`at 375 px a drawn 1 is read as "${one}"`)
  const seven = await predictionAfter(page, inCorner(SEVEN))
  if (seven !== '7') fail(`at 375 px a small 7 in the pad's corner is read as "${seven}"`)
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth)
  if (overflow > 375) fail(`at 375 px the page is ${overflow} px wide: it scrolls sideways`)
  // With the pad anywhere on the screen, from its top to its bottom, the answer is on it too.
  for (const where of ['top', 'bottom'] as const) {
    // (No functions declared inside page.evaluate: tsx would wrap them in a helper the page lacks.)
    const boxes = await page.evaluate((at) => {
      const pad = document.querySelector('[data-testid="draw-canvas"]')!
      const answer = document.querySelector('[data-testid="prediction"]')!
      const box = pad.getBoundingClientRect()
      window.scrollBy(0, at === 'top' ? box.top : box.bottom - window.innerHeight)
      return { pad: pad.getBoundingClientRect().toJSON() as DOMRect, answer: answer.getBoundingClientRect().toJSON() as DOMRect, height: window.innerHeight, width: window.innerWidth }
    }, where)
    const inView = (r: DOMRect) => r.top >= -0.5 && r.bottom <= boxes.height + 0.5 && r.left >= 0 && r.right <= boxes.width
    const seen = { pad: inView(boxes.pad), answer: inView(boxes.answer) }
    if (!seen.pad || !seen.answer) fail(`at 375 px, with the pad at the ${where} of the screen, the pad is ${seen.pad ? '' : 'not '}in view and the answer is ${seen.answer ? '' : 'not '}`)
  }
  await predictionAfter(page, ZERO)
  if (shots !== undefined) {
    await hoverStroke(page)
    for (const id of ['draw', 'flow']) await page.locator(`#${id}`).screenshot({ path: join(shots, `${id}-375.png`) })
    await page.waitForFunction(() => !(document.querySelector('[data-testid="train-start"]') as HTMLButtonElement).disabled)
    await page.getByTestId('train-start').click()
    await page.waitForTimeout(4000)
    await page.locator('#train').screenshot({ path: join(shots, 'train-375.png') })
    await page.click('#reset')
  }
  checkClean(problems, 'at 375 px')
  await page.close()
  log('ok    375 px: the page fits, drawing works (a small 7 in the corner too), and the answer is beside the pad, on screen while it is')
}


// The command line's limits
// -------------------------

// What the command line says for a file holding `content` at a path ending in `name`,
// with the path replaced by the name (`npm run evaluate -- --model PATH`'s first line).
const cliSays = async (dir: string, name: string, content: string): Promise<string> => {
  const path = join(dir, name)
  await writeFile(path, content)
  const loaded = await loadModel(path, fastKernels)
  if (E.isRight(loaded)) return fail(`the command line accepts ${name}`)
  return `error: ${name}: ${loaded.left.slice(path.length + 2)}`
}

// Drops the file held by `transfer` (a DataTransfer in the page) on the page, and waits
// for the model error it must give (at most 10 s); the time from the drop to the message,
// in the page's clock.
const dropAndWait = async (page: Page, transfer: JSHandle<DataTransfer>): Promise<{ readonly error: string; readonly ms: number }> =>
  page.evaluate(
    (t) =>
      new Promise<{ error: string; ms: number }>((resolve) => {
        const error = document.querySelector('#model-error') as HTMLElement
        error.textContent = ''
        let start = 0
        const observer = new MutationObserver(() => {
          if (error.textContent === '') return
          observer.disconnect()
          resolve({ error: error.textContent ?? '', ms: performance.now() - start })
        })
        observer.observe(error, { childList: true, characterData: true, subtree: true })
        setTimeout(() => resolve({ error: error.textContent ?? '', ms: performance.now() - start }), 10_000)
        start = performance.now()
        document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: t, bubbles: true, cancelable: true }))
      }),
    transfer,
  )

// A DataTransfer in the page holding one file, made there (the text crosses over; the bytes of a big one are made in the page).
const textFile = (page: Page, name: string, content: string): Promise<JSHandle<DataTransfer>> =>
  page.evaluateHandle(([n, c]) => {
    const t = new DataTransfer()
    t.items.add(new File([c], n, { type: 'application/json' }))
    return t
  }, [name, content] as const)
const zeroFile = (page: Page, name: string, mib: number): Promise<JSHandle<DataTransfer>> =>
  page.evaluateHandle(([n, m]) => {
    const t = new DataTransfer()
    t.items.add(new File([new Uint8Array(m * 2 ** 20)], n, { type: 'application/json' }))
    return t
  }, [name, mib] as const)

const checkModelLimits = async (page: Page): Promise<void> => {
  const dir = await mkdtemp(join(tmpdir(), 'page-limits-'))
  try {
    // 1. A 300 MB file: refused by its size, before a byte is read, with the gate's words.
    const big = join(dir, 'big.json')
    const handle = await open(big, 'w')
    await handle.truncate(300 * 2 ** 20) // a sparse file: no disk space used
    await handle.close()
    const gate = await readGated(big, MODEL_FILE)
    if (E.isRight(gate)) return fail('the command line reads a 300 MiB model file')
    const expectedBig = `error: big.json: ${gate.left.slice(big.length + 2)}`
    const refused = await dropAndWait(page, await zeroFile(page, 'big.json', 300))
    if (refused.error !== expectedBig) fail(`a 300 MB model file gives "${refused.error}", the command line says "${expectedBig}"`)
    if (refused.ms > 1000) fail(`a 300 MB model file took ${refused.ms.toFixed(0)} ms to be refused`)
    log(`ok    limits: a 300 MB model file is refused in ${refused.ms.toFixed(0)} ms, before it is read, with the command line's words:`)
    log(`      ${refused.error}`)

    // 2. A class name with a right-to-left override, and 3. a weight given as a string.
    const text = await readFile(join(OUT, 'models', 'original.json'), 'utf8')
    const doc = JSON.parse(text) as { classes: string[]; parameters: { tensors: { [name: string]: { data: unknown[] } } }[] }
    const rtl = JSON.stringify({ ...doc, classes: doc.classes.map((c, i) => (i === 3 ? 'abc\u202edef' : c)) })
    const weights = doc.parameters[3]!.tensors['weights']!.data
    const stringly = JSON.stringify({ ...doc, parameters: doc.parameters.map((p, i) => (i === 3 ? { ...p, tensors: { ...p.tensors, weights: { ...p.tensors['weights'], data: weights.map((w, j) => (j === 4 ? String(w) : w)) } } } : p)) })
    for (const [name, content, what] of [['rtl.json', rtl, 'a class name with a right-to-left override'], ['stringly.json', stringly, 'a weight given as a string']] as const) {
      const expected = await cliSays(dir, name, content)
      const got = await dropAndWait(page, await textFile(page, name, content))
      if (got.error !== expected) fail(`${what} gives "${got.error}", the command line says "${expected}"`)
      log(`ok    limits: ${what} is refused with the command line's message:`)
      log(`      ${got.error}`)
    }
    if (/must have \d+ numbers/.test(await cliSays(dir, 'stringly.json', stringly))) fail('a weight given as a string is reported as a list of the wrong length')

    // 4. A 50 MB file, parsed in the worker: the page's thread stays free meanwhile.
    const huge = join(dir, 'huge.json')
    const n = 6400
    const numbers = (count: number, k: number) => Array.from({ length: count }, (_, j) => (((j * 7919 + k) % 2001) / 1e5 - 0.01).toFixed(5)).join(', ')
    const layers = [
      { layer: `dense${n}`, tensors: { weights: { shape: [n, 784], data: '@W1' }, bias: { shape: [n], data: '@B1' } } },
      { layer: 'dense10', tensors: { weights: { shape: [10, n], data: '@W2' }, bias: { shape: [10], data: '@B2' } } },
    ]
    const header = { ...doc, arch: `dense${n}-dense10`, metrics: [], parameters: layers }
    const hugeText = JSON.stringify(header)
      .replace('"@W1"', `[${numbers(n * 784, 1)}]`).replace('"@B1"', `[${numbers(n, 2)}]`)
      .replace('"@W2"', `[${numbers(10 * n, 3)}]`).replace('"@B2"', `[${numbers(10, 4)}]`)
    await writeFile(huge, hugeText)
    await page.evaluate(() => {
      // Two measures: the longest task the page's thread ran (the browser's "long tasks",
      // 50 ms and more), and the longest gap between ticks of a 10 ms timer, which also
      // counts the time the thread waited for a core on a busy machine.
      const probe = { longestTask: 0, longestGap: 0, ms: 0, done: false }
      ;(window as unknown as { probe: typeof probe }).probe = probe
      const status = document.querySelector('#model-status') as HTMLElement
      const tasks = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) probe.longestTask = Math.max(probe.longestTask, entry.duration)
      })
      tasks.observe({ type: 'longtask' })
      const start = performance.now()
      let last = start
      const timer = setInterval(() => {
        const now = performance.now()
        probe.longestGap = Math.max(probe.longestGap, now - last)
        last = now
      }, 10)
      let seen = false
      new MutationObserver((_, observer) => {
        if (status.textContent !== '') seen = true
        else if (seen) {
          clearInterval(timer)
          for (const entry of tasks.takeRecords()) probe.longestTask = Math.max(probe.longestTask, entry.duration)
          tasks.disconnect()
          probe.ms = performance.now() - start
          probe.done = true
          observer.disconnect()
        }
      }).observe(status, { childList: true, characterData: true, subtree: true })
    })
    await page.setInputFiles('#model-file', huge)
    await page.waitForFunction(() => (window as unknown as { probe: { done: boolean } }).probe.done, undefined, { timeout: 60_000 })
    const probe = await page.evaluate(() => (window as unknown as { probe: { longestTask: number; longestGap: number; ms: number } }).probe)
    const chosen = await page.evaluate(() => (document.querySelector('#model') as HTMLSelectElement).selectedOptions[0]?.textContent ?? '')
    const error = (await page.locator('#model-error').textContent()) ?? ''
    if (error !== '' || !chosen.includes('huge.json')) fail(`the 50 MB model file was not loaded: ${error || `the menu shows "${chosen}"`}`)
    // Parsed on the page's thread, this file was one task of about 2 s (the whole JSON.parse and the checks).
    const mb = (hugeText.length / 1e6).toFixed(0)
    if (probe.longestTask > 1000) fail(`while a ${mb} MB model file was parsed, the page's thread ran a task of ${probe.longestTask.toFixed(0)} ms`)
    log(`ok    limits: a ${mb} MB model file (${(n * 794 + 10).toLocaleString('en-US')} parameters) is read in a worker in ${(probe.ms / 1000).toFixed(1)} s;`)
    log(`      meanwhile the page's longest task took ${probe.longestTask.toFixed(0)} ms, and its 10 ms timer was late by at most ${probe.longestGap.toFixed(0)} ms`)
    await selectModel(page, 'original')
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export const steps: readonly Step[] = [
  { name: 'drawing', run: ({ page, shots }) => checkDrawing(page, shots) },
  { name: 'first-minute', run: ({ browser, server }) => checkFirstMinute(browser, server) },
  { name: 'model-files', run: ({ page }) => checkModelFiles(page) },
  { name: 'model-limits', run: ({ page }) => checkModelLimits(page) },
  { name: 'labels', run: ({ page, server }) => checkLabelsAndLinks(page, server) },
]

/** The page at 375 px, in a page of its own (run after the others). */
export const narrowSteps: readonly Step[] = [
  { name: 'narrow', run: ({ browser, server, shots }) => checkNarrow(browser, server, shots) },
]
