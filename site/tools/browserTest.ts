// `npm run test:browser`: the page, tested in a real browser
// ==========================================================
//
// `npm test` runs in Node and needs no browser; this runs the built page (docs/demo/, made
// by `npm run site`) in the system's Chromium, driven by playwright-core, which never
// downloads a browser of its own. It serves docs/ on 127.0.0.1 and checks, as a user would:
//
//   - drawing a 1 and a 0 with the mouse gives the predictions 1 and 0, with both shipped models;
//   - hovering a feature map shows the arithmetic, which arrives at the value shown;
//   - a model file loads with the file picker and by drag and drop, and a broken one is
//     refused with exactly the message `npm run evaluate` prints for it;
//   - one epoch in the page gives the very parameters `npm run train` computes on the same digits;
//   - training the original network for about 30 s gives a test accuracy above 80%, while
//     the page keeps drawing frames; pause stops it, reset clears it;
//   - every control has a label, every link of the page leads to a file, the page fits
//     375 px, and no request leaves the page's origin;
//   - and at every moment: no page error and no console error.
//
// It prints the in-browser training speed of the original network (per-sample updates)
// beside `npm run bench`'s figure for the same configuration, measured just before on
// this machine. Flags: --screenshots DIR saves pictures of the panels at 1280 and 375 px;
// --no-bench skips the Node measurement. The browser is /usr/bin/chromium, or $CHROMIUM_PATH.
// Exit status: 0 passed, 1 failed, 2 bad flags.

import { execFile } from 'node:child_process'
import { access, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import { chromium, type Browser, type Page } from 'playwright-core'
import { parseModel } from '../../src/model/modelFile.ts'
import { fastKernels } from '../../src/fast/kernels.ts'
import { OUT, ROOT } from './paths.ts'
import { serve, type StaticServer } from './serve.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync']
const TRAIN_SECONDS = 30

class Failure extends Error {}
const fail = (message: string): never => {
  throw new Failure(message)
}
const log = (line: string): void => {
  process.stdout.write(`${line}\n`)
}

// `npm run bench`'s figure for the original network with per-sample updates (one thread:
// the other configurations are not compared here). Run as npm runs it, with tsx's loader.
const nodeBench = async (): Promise<{ readonly samplesPerSecond: number; readonly node: string }> => {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx/esm', join(ROOT, 'scripts', 'bench.ts'), '--json', '--workers', '1'], { cwd: ROOT, maxBuffer: 1 << 20 })
    const result = JSON.parse(stdout) as { readonly node: string; readonly batch1_samples_per_s: number }
    return { samplesPerSecond: result.batch1_samples_per_s, node: result.node }
  } catch (error) {
    const text = error instanceof Error ? ((error as Error & { stderr?: string }).stderr || error.message) : String(error)
    return fail(`npm run bench -- --json failed: ${text.trim().split('\n')[0]}`)
  }
}

// Watching a page
// ---------------

// Everything that must not happen, collected from the moment the page opens.
const watch = (page: Page, origin: string): string[] => {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()} (${message.location().url})`)
  })
  page.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) problems.push(`a request left the page's origin: ${url}`)
  })
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`))
  return problems
}

const checkClean = (problems: readonly string[], when: string): void => {
  if (problems.length > 0) fail(`${when}:\n  ${problems.join('\n  ')}`)
}

// Drawing with the mouse
// ----------------------

type Stroke = readonly (readonly [number, number])[] // points in [0, 1]² of the pad

const ONE: Stroke = Array.from({ length: 24 }, (_, t) => [0.53 - t * 0.004, 0.18 + t * 0.028] as const)
const ZERO: Stroke = Array.from({ length: 49 }, (_, t) => {
  const a = (t / 48) * 2 * Math.PI * 1.05
  return [0.5 + 0.2 * Math.sin(a), 0.5 - 0.3 * Math.cos(a)] as const
})

const draw = async (page: Page, stroke: Stroke): Promise<void> => {
  const box = await page.getByTestId('draw-canvas').boundingBox()
  if (box === null) return fail('the drawing canvas is not visible')
  const at = ([x, y]: readonly [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const
  await page.mouse.move(...at(stroke[0]))
  await page.mouse.down()
  for (const point of stroke.slice(1)) await page.mouse.move(...at(point))
  await page.mouse.up()
}

const predictionAfter = async (page: Page, stroke: Stroke): Promise<string> => {
  await page.getByTestId('clear').click()
  await draw(page, stroke)
  await page.waitForTimeout(300) // the input is recomputed on the next animation frame
  return (await page.getByTestId('prediction').textContent())?.trim() ?? ''
}

// Points at the left stroke of a drawn 0 in the first feature map, for the screenshots.
const hoverStroke = async (page: Page, map = 1): Promise<void> => {
  const canvas = page.locator('.stage .maps canvas').nth(map)
  const box = await canvas.boundingBox()
  if (box !== null) await canvas.hover({ position: { x: box.width * 0.3, y: box.height * 0.5 } })
}

const selectModel = async (page: Page, value: string): Promise<void> => {
  await page.selectOption('#model', value)
}

// The checks
// ----------

const checkDrawing = async (page: Page): Promise<void> => {
  for (const model of ['original', 'convnetjs']) {
    await selectModel(page, model)
    const one = await predictionAfter(page, ONE)
    const zero = await predictionAfter(page, ZERO)
    if (one !== '1' || zero !== '0') fail(`with the ${model} model, a drawn 1 was read as "${one}" and a drawn 0 as "${zero}"`)
    log(`ok    draw: a 1 and a 0 drawn with the mouse are read as 1 and 0 by the ${model} model`)
  }
  await page.getByTestId('clear').click()
  if ((await page.getByTestId('prediction').textContent())?.trim() !== '?') fail('after Clear the prediction is not "?"')
  // A digit of the shipped test set, shown on the pad: its label is printed beside it.
  await page.click('#sample')
  await page.waitForFunction(() => (document.querySelector('#sample-note')?.textContent ?? '').includes('labelled'))
  const label = ((await page.locator('#sample-note').textContent()) ?? '').slice(-1)
  const answer = (await page.getByTestId('prediction').textContent())?.trim()
  log(`ok    draw: "Show a test digit" shows a ${label} of the shipped test set; the convnetjs model reads ${answer}`)
}

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
    const title = (await page.locator('#explain .explain-title').textContent()) ?? ''
    const sum = (await page.locator('#explain .arithmetic').textContent()) ?? ''
    const shown = title.slice(title.lastIndexOf(': ') + 2)
    const result = sum.slice(sum.lastIndexOf('= ') + 2)
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
  const links = await page.evaluate(() => Array.from(document.querySelectorAll('a[href]'), (a) => (a as HTMLAnchorElement).href))
  const local = [...new Set(links.map((href) => new URL(href)).filter((u) => u.origin === server.url).map((u) => u.pathname))]
  for (const path of local) {
    const response = await fetch(`${server.url}${path}`)
    if (!response.ok) fail(`the link to ${path} leads nowhere (HTTP ${response.status})`)
  }
  log(`ok    every control has a label; all ${local.length} links of the page lead to files`)
}

// The page trains exactly as `npm run train` does: one epoch of the original network in the
// page, downloaded as model.json, has the very parameters the command line computes from the
// same 10,000 digits (`--limit 10000`, one thread), number for number.
const checkSameAsCli = async (page: Page, batchSize: number): Promise<void> => {
  await page.selectOption('#preset', '0')
  await page.fill('#epochs', '1')
  await page.fill('#batch-size', String(batchSize))
  await page.getByTestId('train-start').click()
  await page.waitForFunction(() => document.querySelector('[data-testid="train-start"]')?.textContent?.trim() === 'Start again', undefined, { timeout: 120_000 })
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')])
  const fromPage = JSON.parse(await readFile(await download.path(), 'utf8')) as { readonly parameters: unknown }
  const out = await mkdtemp(join(tmpdir(), 'annotated-cnn-'))
  const command = ['--epochs', '1', '--batch-size', String(batchSize), '--limit', '10000', '--workers', '1']
  try {
    await promisify(execFile)(process.execPath, ['--import', 'tsx/esm', join(ROOT, 'scripts', 'train.ts'), ...command, '--quiet', '--out', out], { cwd: ROOT, maxBuffer: 1 << 24 })
    const fromCli = JSON.parse(await readFile(join(out, 'model.json'), 'utf8')) as { readonly parameters: unknown }
    if (JSON.stringify(fromPage.parameters) !== JSON.stringify(fromCli.parameters)) fail(`one epoch in the page and \`npm run train -- ${command.join(' ')}\` give different parameters`)
  } finally {
    await rm(out, { recursive: true, force: true })
  }
  await page.click('#reset')
  await page.selectOption('#preset', '0')
  log(`ok    train: one epoch in the page gives, number for number, the parameters of npm run train -- ${command.join(' ')}`)
}

// Training: start, pause, resume, and about 30 s of training in all. The original preset with
// 40 epochs instead of 10: its 10 can be over (about 0.4 s each) before the test pauses them.
const checkTraining = async (page: Page, shots: string | undefined, width: number): Promise<number> => {
  await page.selectOption('#preset', '0')
  await page.fill('#epochs', '40')
  // A probe of responsiveness: the longest gap between two animation frames while training.
  // (Passed as text: tsx would wrap a named inner function in a helper the page lacks.)
  await page.evaluate(`
    window.longestFrame = 0
    let last = performance.now()
    requestAnimationFrame(function tick(now) {
      window.longestFrame = Math.max(window.longestFrame, now - last)
      last = now
      requestAnimationFrame(tick)
    })
  `)
  const started = Date.now()
  await page.getByTestId('train-start').click()
  await page.waitForTimeout(3000)
  if ((await page.locator('#model').inputValue()) !== 'live') fail('while training, the drawing panel does not use the network being trained')
  const live = await predictionAfter(page, ONE)
  if (!/^\d$/.test(live)) fail(`the network being trained answers "${live}" for a drawn 1`)
  await page.click('#pause')
  await page.waitForTimeout(500)
  const pausedAt = await page.locator('#epoch').textContent()
  await page.waitForTimeout(1500)
  if ((await page.locator('#epoch').textContent()) !== pausedAt) fail('training went on after Pause')
  await page.getByTestId('train-start').click() // Resume
  const paused = 2000
  while (Date.now() - started < TRAIN_SECONDS * 1000 + paused) {
    if ((await page.getByTestId('train-start').textContent())?.trim() === 'Start again') break
    await page.waitForTimeout(500)
  }
  const accuracyText = (await page.getByTestId('train-accuracy').textContent())?.trim() ?? ''
  const accuracy = Number(accuracyText.replace('%', ''))
  if (!/^\d+(\.\d)?%$/.test(accuracyText) || !(accuracy > 80)) fail(`after ${TRAIN_SECONDS} s of training the test accuracy shown is "${accuracyText}", expected above 80%`)
  const longest = await page.evaluate(() => (window as unknown as { longestFrame: number }).longestFrame)
  const speed = Number(await page.getByTestId('train-speed').getAttribute('data-average'))
  const epochs = await page.locator('#epoch-rows tr').count()
  log(`ok    train: ${epochs} epochs in about ${Math.round((Date.now() - started - paused) / 1000)} s, test accuracy ${accuracyText}; pause held; the page kept drawing (longest frame ${Math.round(longest)} ms)`)
  if (longest > 500) fail(`the page stopped drawing for ${Math.round(longest)} ms while training`)
  if (shots !== undefined) {
    await predictionAfter(page, ZERO)
    await page.locator('#train').screenshot({ path: join(shots, `train-${width}.png`) })
  }
  await page.click('#reset')
  if ((await page.getByTestId('train-accuracy').textContent())?.trim() !== '–') fail('Reset did not clear the test accuracy')
  return speed
}

const checkNarrow = async (browser: Browser, server: StaticServer, shots: string | undefined): Promise<void> => {
  const page = await browser.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 })
  const problems = watch(page, server.url)
  await page.goto(`${server.url}/demo/`)
  await page.waitForFunction(() => document.querySelectorAll('#model option').length >= 2)
  const one = await predictionAfter(page, ONE)
  if (one !== '1') fail(`at 375 px a drawn 1 is read as "${one}"`)
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth)
  if (overflow > 375) fail(`at 375 px the page is ${overflow} px wide: it scrolls sideways`)
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
  log('ok    375 px: the page fits, and drawing works')
}

// Running it
// ----------

const runBrowserTest = async (argv: readonly string[]): Promise<number> => {
  let options: { screenshots?: string | undefined; 'no-bench'?: boolean | undefined }
  try {
    options = parseArgs({ args: [...argv], options: { screenshots: { type: 'string' }, 'no-bench': { type: 'boolean' } }, strict: true }).values
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`)
    return 2
  }
  try {
    await access(join(OUT, 'index.html'))
  } catch {
    process.stderr.write('error: docs/demo/index.html is missing; build the page first with `npm run site`\n')
    return 1
  }
  try {
    await access(CHROMIUM)
  } catch {
    process.stderr.write(`error: no browser at ${CHROMIUM}; install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH\n`)
    return 1
  }
  const shots = options.screenshots
  if (shots !== undefined) await mkdir(shots, { recursive: true })
  // Node first, while nothing else of ours runs.
  let bench: Awaited<ReturnType<typeof nodeBench>> | undefined
  try {
    bench = options['no-bench'] === true ? undefined : await nodeBench()
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
  if (bench !== undefined) log(`ok    npm run bench (Node ${bench.node}): ${bench.samplesPerSecond.toLocaleString('en-US')} samples/s for the original network, per-sample updates`)
  const server = await serve(join(ROOT, 'docs'))
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const problems = watch(page, server.url)
    await page.goto(`${server.url}/demo/`)
    await page.waitForFunction(() => document.querySelectorAll('#model option').length >= 2 && !(document.querySelector('#sample') as HTMLButtonElement).disabled, undefined, { timeout: 30_000 })
    log(`ok    the page loads in Chromium ${browser.version()}, with both models and the digits`)
    await checkDrawing(page)
    await checkArithmetic(page)
    if (shots !== undefined) {
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
    await checkModelFiles(page)
    await checkLabelsAndLinks(page, server)
    await checkSameAsCli(page, 1)
    await checkSameAsCli(page, 64)
    const speed = await checkTraining(page, shots, 1280)
    checkClean(problems, 'at 1280 px')
    await page.close()
    await checkNarrow(browser, server, shots)
    log('')
    log(`training speed of the original network (conv3x3x1-lrelu-pool2-dense10), per-sample updates:`)
    log(`  in Chromium ${browser.version()} (Web Worker):  ${speed.toLocaleString('en-US')} samples/s`)
    if (bench !== undefined) {
      log(`  npm run bench, Node ${bench.node}:  ${bench.samplesPerSecond.toLocaleString('en-US')} samples/s`)
      log(`  ratio: ${(speed / bench.samplesPerSecond).toFixed(2)}× (aim: at least 0.8×)`)
    }
    if (shots !== undefined) log(`screenshots in ${shots}`)
    log('browser test passed')
    return 0
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Failure ? error.message : error instanceof Error ? error.message : String(error)}\n`)
    return 1
  } finally {
    await browser.close()
    await server.close()
  }
}

process.exitCode = await runBrowserTest(process.argv.slice(2))
