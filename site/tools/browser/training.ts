// Browser checks: train it live
// =============================
//
// Steps of `npm run test:browser` (site/tools/browserTest.ts) for the training panel:
// trainPanel.ts and worker.ts.
//
//     same-as-cli      one epoch in the page = `npm run train`, number for number
//     training         start, pause, resume, 30 s of training; the frame times while training
//                      the original network and the ConvNetJS one, and the speed beside `npm run bench`
//     live-settings    the learning rate changed while running, the batch size while paused,
//                      a seed: all in the downloaded model's training record
//     train-limits     a network beyond the command line's memory budget refused before any work
//     worker-failure   a worker that fails shows its error, frees the controls, and is replaced
//     evaluate-page-model   `npm run evaluate` on a model downloaded from the page gives the page's accuracy

import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import type { Page } from 'playwright-core'
import { loadModel, measureModel } from '../../../src/cli/evaluate.ts'
import { fastKernels } from '../../../src/fast/kernels.ts'
import { logitsOf } from '../../../src/model/predict.ts'
import { largestDifference, runOnnxruntime, scaledDifference, testDigits, TOLERANCE } from '../../../scripts/check/onnxFixtures.ts'
import { ROOT } from '../paths.ts'
import { checkClean, fail, log, ONE, predictionAfter, TRAIN_SECONDS, watch, ZERO, type Step } from './common.ts'

const run = promisify(execFile)

interface PageModel {
  readonly seed: number
  readonly parameters: unknown
  readonly training: { readonly [key: string]: string | number | boolean | null }
  readonly metrics: readonly { readonly testAccuracy: number }[]
}

const download = async (page: Page): Promise<{ readonly path: string; readonly model: PageModel }> => {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#download')])
  const path = await file.path()
  return { path, model: JSON.parse(await readFile(path, 'utf8')) as PageModel }
}

// While these steps train, the drawing panel (and the gallery, which re-reads the 2,000 test
// digits with every new model) is given back a shipped model, as a learner may choose in
// the menu: the network being trained is then still offered there, but not redrawn everywhere.
const backToShippedModel = async (page: Page): Promise<void> => {
  await page.waitForFunction(() => (document.querySelector('#model') as HTMLSelectElement | null)?.value === 'live', undefined, { timeout: 60_000 })
  await page.selectOption('#model', 'original')
}

const startText = async (page: Page): Promise<string> => (await page.getByTestId('train-start').textContent())?.trim() ?? ''
const waitForStartAgain = (page: Page, timeout = 120_000) =>
  page.waitForFunction(() => document.querySelector('[data-testid="train-start"]')?.textContent?.trim() === 'Start again', undefined, { timeout })

// "Download model.onnx" gives the network just trained as an ONNX model: onnxruntime-node
// computes from it, for 48 test digits, the logits our code computes from the model.json
// downloaded beside it (to 1e-5, relative above 1, as .ci/onnx-check states).
const checkOnnxDownload = async (page: Page, modelJson: string): Promise<void> => {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#download-onnx')])
  if (file.suggestedFilename() !== 'model.onnx') fail(`the ONNX download is named ${file.suggestedFilename()}`)
  const bytes = await readFile(await file.path())
  const model = await loadModel(modelJson, fastKernels)
  if (E.isLeft(model)) return fail(`the downloaded model.json does not load: ${model.left}`)
  const { net, params } = model.right
  const x = await testDigits()
  const ours = logitsOf(net, params, x).data
  const theirs = (await runOnnxruntime(bytes, x)).logits
  const scaled = scaledDifference(theirs, ours)
  if (scaled > TOLERANCE) fail(`onnxruntime's logits from the downloaded model.onnx differ from ours by ${scaled} (scaled), beyond ${TOLERANCE}`)
  log(`ok    train: the downloaded model.onnx (${bytes.length.toLocaleString('en-US')} bytes) runs in onnxruntime-node with our logits on 48 test digits (largest |Δ| ${largestDifference(theirs, ours).toExponential(2)})`)
}

// The page trains exactly as `npm run train` does: one epoch of the original network in the
// page, downloaded as model.json, has the very parameters the command line computes from the
// same 10,000 digits (`--limit 10000`, one thread), number for number.
const checkSameAsCli = async (page: Page, batchSize: number): Promise<void> => {
  await page.selectOption('#preset', '0')
  await page.fill('#epochs', '1')
  await page.fill('#batch-size', String(batchSize))
  await page.getByTestId('train-start').click()
  await waitForStartAgain(page)
  const saved = await download(page)
  const fromPage = saved.model
  if (batchSize === 1) await checkOnnxDownload(page, saved.path)
  const out = await mkdtemp(join(tmpdir(), 'annotated-cnn-'))
  const command = ['--epochs', '1', '--batch-size', String(batchSize), '--limit', '10000', '--workers', '1']
  try {
    await run(process.execPath, ['--import', 'tsx/esm', join(ROOT, 'scripts', 'train.ts'), ...command, '--quiet', '--out', out], { cwd: ROOT, maxBuffer: 1 << 24 })
    const fromCli = JSON.parse(await readFile(join(out, 'model.json'), 'utf8')) as { readonly parameters: unknown }
    if (JSON.stringify(fromPage.parameters) !== JSON.stringify(fromCli.parameters)) fail(`one epoch in the page and \`npm run train -- ${command.join(' ')}\` give different parameters`)
  } finally {
    await rm(out, { recursive: true, force: true })
  }
  await page.click('#reset')
  await page.selectOption('#preset', '0')
  log(`ok    train: one epoch in the page gives, number for number, the parameters of npm run train -- ${command.join(' ')}`)
}

// Frame times
// -----------

// Starts recording, in the page, the time between animation frames and every long task
// (PerformanceObserver 'longtask': a task of the main thread over 50 ms). Passed as text:
// tsx would wrap a named inner function in a helper the page lacks.
const startFrameProbe = (page: Page): Promise<void> =>
  page.evaluate(`
    window.frameProbe = { deltas: [], tasks: [], on: true }
    let last = performance.now()
    requestAnimationFrame(function tick(now) {
      if (!window.frameProbe.on) return
      window.frameProbe.deltas.push(now - last)
      last = now
      requestAnimationFrame(tick)
    })
    window.frameProbe.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.frameProbe.tasks.push(entry.duration)
    })
    window.frameProbe.observer.observe({ type: 'longtask' })
  `)

interface Frames {
  readonly count: number
  readonly p95: number
  readonly longestFrame: number
  readonly longestTask: number
  readonly tasks: number
}

const stopFrameProbe = async (page: Page): Promise<Frames> => {
  const { deltas, tasks } = (await page.evaluate(`
    window.frameProbe.on = false;
    window.frameProbe.observer.disconnect();
    ({ deltas: window.frameProbe.deltas, tasks: window.frameProbe.tasks })
  `)) as { deltas: number[]; tasks: number[] }
  const sorted = [...deltas].sort((a, b) => a - b)
  const p95 = sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))]!
  return { count: deltas.length, p95, longestFrame: sorted.at(-1) ?? 0, longestTask: Math.max(0, ...tasks), tasks: tasks.length }
}

const showFrames = (f: Frames): string =>
  `95th-percentile frame ${Math.round(f.p95)} ms, longest frame ${Math.round(f.longestFrame)} ms, longest task ${Math.round(f.longestTask)} ms (${f.tasks} tasks over 50 ms, ${f.count} frames)`

// Training
// --------

// Start, pause, resume, and about 30 s of training in all. The original preset with 40 epochs
// instead of 10: its 10 can be over (about 0.4 s each) before the test pauses them.
// The run's samples so far and its average speed, as the panel holds them.
const speedSnapshot = (page: Page): Promise<{ readonly samples: number; readonly average: number }> =>
  page.getByTestId('train-speed').evaluate((e) => ({ samples: Number((e as HTMLElement).dataset.samples), average: Number((e as HTMLElement).dataset.average) }))

const checkTraining = async (page: Page, shots: string | undefined, width: number): Promise<{ readonly speed: number; readonly afterWarmUp: number; readonly early: number; readonly frames: Frames }> => {
  await page.selectOption('#preset', '0')
  await page.fill('#epochs', '40')
  await startFrameProbe(page)
  const started = Date.now()
  await page.getByTestId('train-start').click()
  // The digits are fetched first; the network then reaches the drawing panel within a few seconds.
  await page.waitForTimeout(3000)
  await page.waitForFunction(() => (document.querySelector('#model') as HTMLSelectElement | null)?.value === 'live', undefined, { timeout: 20_000 }).catch(() =>
    fail('while training, the drawing panel does not use the network being trained'))
  // Where the run stands after its first seconds (the engine has compiled the hot code by then).
  const early = await speedSnapshot(page)
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
    if ((await startText(page)) === 'Start again') break
    await page.waitForTimeout(500)
  }
  const frames = await stopFrameProbe(page)
  const accuracyText = (await page.getByTestId('train-accuracy').textContent())?.trim() ?? ''
  const accuracy = Number(accuracyText.replace('%', ''))
  if (!/^\d+(\.\d)?%$/.test(accuracyText) || !(accuracy > 80)) fail(`after ${TRAIN_SECONDS} s of training the test accuracy shown is "${accuracyText}", expected above 80%`)
  if (!(await page.locator('#pause').isDisabled())) await page.click('#pause') // (a run not over yet: the speed stays still while it is read)
  const [speedText, average] = await page.getByTestId('train-speed').evaluate((e) => [e.textContent?.trim() ?? '', (e as HTMLElement).dataset.average ?? ''])
  const speed = Math.round(Number(average))
  const late = await speedSnapshot(page)
  // The average from the first snapshot on: samples over training time (samples / average), without the first seconds.
  const afterWarmUp = Math.round((late.samples - early.samples) / (late.samples / late.average - early.samples / early.average))
  if (speedText !== `${speed.toLocaleString('en-US')} samples/s`) fail(`the speed shown is "${speedText}", not the run's average of ${speed.toLocaleString('en-US')} samples/s`)
  const epochs = await page.locator('#epoch-rows tr').count()
  log(`ok    train: ${epochs} epochs in about ${Math.round((Date.now() - started - paused) / 1000)} s, test accuracy ${accuracyText}; pause held; the page kept drawing (${showFrames(frames)})`)
  if (shots !== undefined) {
    await predictionAfter(page, ZERO)
    await page.locator('#train').screenshot({ path: join(shots, `train-${width}.png`) })
  }
  if (frames.longestFrame > 500) fail(`the page stopped drawing for ${Math.round(frames.longestFrame)} ms while training`)
  await page.click('#reset')
  if ((await page.getByTestId('train-accuracy').textContent())?.trim() !== '–') fail('Reset did not clear the test accuracy')
  return { speed, afterWarmUp, early: early.samples, frames }
}

// The frames while the ConvNetJS network trains (10 s), with the current instantaneous rate shown beside the average.
// Its preset's 8 epochs of 10,000 digits can end within 10 s since the SIMD kernels, so the run is made longer.
const checkConvNetJsFrames = async (page: Page): Promise<Frames> => {
  await page.selectOption('#preset', '4')
  await page.fill('#epochs', '40')
  await startFrameProbe(page)
  await page.getByTestId('train-start').click()
  await page.waitForTimeout(10_000)
  const frames = await stopFrameProbe(page)
  const now = (await page.locator('#speed-now').textContent())?.trim() ?? ''
  if (!/^now [\d,]+\/s$/.test(now)) fail(`while training, the instantaneous speed reads "${now}", expected "now N/s"`)
  await page.click('#pause')
  await page.click('#reset')
  await page.selectOption('#preset', '0')
  log(`ok    train: the ConvNetJS network trained for 10 s (${showFrames(frames)})`)
  return frames
}

// Live settings
// -------------

// The learning rate changed while training and while paused, the batch size while paused, a
// seed of 7: each change reported with its step, and all of them in the downloaded model.
const checkLiveSettings = async (page: Page): Promise<void> => {
  await page.selectOption('#preset', '0')
  await page.fill('#epochs', '20')
  await page.fill('#seed', '-1')
  const seedError = (await page.locator('#train-error').textContent())?.trim()
  if (seedError !== 'error: seed (--seed) must be a whole number from 0 to 4294967295, got "-1"') fail(`a seed of -1 gives "${seedError}"`)
  await page.fill('#seed', '7')
  await page.getByTestId('train-start').click()
  await backToShippedModel(page)
  await page.waitForFunction(() => /^\d+\/20 /.test(document.querySelector('#epoch')?.textContent ?? ''), undefined, { timeout: 60_000 })
  const lr = page.getByTestId('lr-live')
  if (await lr.isDisabled()) fail('the learning rate cannot be changed while training')
  if (!(await page.locator('#batch-size').isDisabled())) fail('the batch size can be changed while training (only while paused)')
  await lr.fill('0.0005')
  await lr.press('Enter')
  await page.waitForFunction(() => /^learning rate 0\.0005 from step [\d,]+$/.test(document.querySelector('#train-status')?.textContent ?? ''), undefined, { timeout: 10_000 })
  await page.click('#pause')
  if (await lr.isDisabled()) fail('the learning rate cannot be changed while paused')
  if (await page.locator('#batch-size').isDisabled()) fail('the batch size cannot be changed while paused')
  if (!(await page.locator('#arch').isDisabled())) fail('the architecture can be changed while paused')
  await page.fill('#batch-size', '8')
  await page.locator('#batch-size').press('Enter')
  await lr.fill('0.0003')
  await lr.press('Enter')
  await page.getByTestId('train-start').click() // Resume
  await waitForStartAgain(page)
  const epochs = await page.locator('#epoch-rows tr td:first-child').allTextContents()
  if (epochs.join(',') !== Array.from({ length: 20 }, (_, i) => i + 1).join(',')) fail(`after a change of batch size, the epochs listed are ${epochs.join(', ')}; expected 1 to 20`)
  const note = (await page.locator('#command-note').textContent()) ?? ''
  if (!note.includes('cannot replay')) fail(`after live changes the command line says "${note}", not that npm run train cannot replay them`)
  const { model } = await download(page)
  const changes = String(model.training.changes)
  const match = /^step (\d+): lr 0\.0005; step (\d+): lr 0\.0003; step (\d+): batch-size 8$/.exec(changes)
  if (match === null) fail(`the downloaded model records the changes as ${JSON.stringify(model.training.changes)}`)
  const [a, b, c] = match!.slice(1).map(Number) as [number, number, number]
  // Paused after step b − 1: the new rate holds from the next step, and so does the new batch size.
  if (!(a > 1 && a < b && b === c)) fail(`the changes' steps ${a}, ${b}, ${c} are not in the order they were made`)
  if (model.seed !== 7 || model.training.lr !== 0.001 || model.training.batchSize !== 1) fail(`the model records seed ${model.seed}, lr ${model.training.lr}, batch size ${model.training.batchSize}; expected 7, 0.001 and 1`)
  await page.click('#reset')
  await page.fill('#seed', '1')
  await page.selectOption('#preset', '0')
  log(`ok    live settings: lr 0.0005 from step ${a} while training, lr 0.0003 and batch size 8 from step ${b} after a pause, seed 7: all recorded in the downloaded model ("${changes}")`)
}

// Limits and failures
// -------------------

// A network of 785 billion parameters: refused with the command line's message, with
// nothing fetched and no worker started (a fresh page, so that nothing has been before).
const checkHugeArchitecture = async ({ browser, server }: Parameters<Step['run']>[0]): Promise<void> => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  const problems = watch(page, server.url)
  const fetched: string[] = []
  page.on('request', (request) => {
    if (/\/(?:worker\.js|data\/train-)/.test(request.url())) fetched.push(request.url())
  })
  try {
    await page.goto(`${server.url}/demo/`)
    await page.fill('#arch', 'dense1000000000-dense10')
    await page.getByTestId('train-start').click()
    await page.waitForTimeout(500)
    const error = (await page.locator('#train-error').textContent())?.trim() ?? ''
    const expected = 'error: --arch: layer 1 of 2 (dense1000000000) has 785,000,000,000 parameters (2.9 TiB as float32), which brings the network to 785,000,000,000; the memory budget allows 10,000,000 parameters in all'
    if (error !== expected) fail(`a network of 785 billion parameters gives "${error}"`)
    if ((await startText(page)) !== 'Start' || (await page.getByTestId('train-start').isDisabled())) fail('after refusing a network, Start is not ready again')
    if (fetched.length > 0) fail(`refusing a network, the page still fetched ${fetched.join(', ')}`)
    checkClean(problems, 'refusing a huge network')
  } finally {
    await page.close()
  }
  log('ok    limits: dense1000000000-dense10 refused with the command line\'s budget message, before any work (no worker, no data fetched)')
}

// A worker that fails. The failure is a real one the page can meet: the worker's script
// arrives cut off (a dropped connection, a damaged cache), so it cannot run, and the Worker
// object receives an 'error' event instead of messages. The page must say so, give back the
// controls, and start a new worker at the next Start, which then trains.
const checkWorkerFailure = async ({ browser, server }: Parameters<Step['run']>[0]): Promise<void> => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  const problems = watch(page, server.url)
  let cut = true
  await page.route('**/demo/worker.js', async (route) => {
    if (!cut) return route.continue()
    const response = await route.fetch()
    const text = await response.text()
    await route.fulfill({ response, body: text.slice(0, Math.floor(text.length / 2)) })
  })
  try {
    await page.goto(`${server.url}/demo/`)
    await page.getByTestId('train-start').click()
    await page.waitForFunction(() => (document.querySelector('#train-error')?.textContent ?? '') !== '', undefined, { timeout: 30_000 })
    const error = (await page.locator('#train-error').textContent())?.trim() ?? ''
    if (!error.startsWith('error: the training worker stopped: ')) fail(`a worker whose script is cut off gives "${error}"`)
    const status = (await page.locator('#train-status').textContent()) ?? ''
    if ((await page.getByTestId('train-start').isDisabled()) || status.includes('training') || !(await page.locator('#pause').isDisabled())) {
      fail(`after the worker failed, the controls are not free: Start ${(await page.getByTestId('train-start').isDisabled()) ? 'disabled' : 'enabled'}, status "${status}"`)
    }
    cut = false
    await page.getByTestId('train-start').click()
    await page.waitForFunction(() => /^\d/.test(document.querySelector('[data-testid="train-speed"]')?.textContent ?? ''), undefined, { timeout: 60_000 })
    if ((await page.locator('#train-error').textContent()) !== '') fail('training again after a failed worker still shows the error')
    await page.click('#pause')
    // The cut script's own complaint is expected; nothing else may go wrong.
    checkClean(problems.filter((p) => !/SyntaxError|Unexpected end of input|worker\.js/.test(p)), 'after a failed worker')
    log(`ok    failures: a worker whose script arrived cut off shows "${error.slice(0, 80)}…", frees the controls, and the next Start trains with a new worker`)
  } finally {
    await page.close()
  }
}

// A model downloaded from the page, measured by `npm run evaluate` run in the repository:
// the very accuracy the page measured. With --split sklearn (other test digits) it refuses.
const checkEvaluate = async (page: Page): Promise<void> => {
  await page.selectOption('#preset', '0')
  await page.fill('#epochs', '2')
  await page.getByTestId('train-start').click()
  await backToShippedModel(page)
  await waitForStartAgain(page)
  const shown = (await page.locator('#epoch-rows tr:last-child td:last-child').textContent())?.trim() ?? ''
  const { path, model } = await download(page)
  const script = join(ROOT, 'scripts', 'evaluate.ts')
  const { stdout } = await run(process.execPath, ['--import', 'tsx/esm', script, '--model', path], { cwd: ROOT, maxBuffer: 1 << 24 })
  const printed = /^test accuracy: ([\d.]+%)$/m.exec(stdout)?.[1]
  if (printed !== shown) fail(`npm run evaluate on the page's model prints test accuracy ${printed}; the page showed ${shown}`)
  // The same to the last bit, through the function the command runs.
  const measured = await measureModel({ model: path, kernels: 'fast' })
  if (E.isLeft(measured)) return fail(measured.left)
  const pageAccuracy = model.metrics.at(-1)?.testAccuracy
  if (measured.right.evaluation.accuracy !== pageAccuracy) fail(`evaluate measures ${measured.right.evaluation.accuracy}, the page recorded ${pageAccuracy}`)
  const refused = await run(process.execPath, ['--import', 'tsx/esm', script, '--model', path, '--split', 'sklearn'], { cwd: ROOT }).then(
    () => fail('npm run evaluate --split sklearn measured the page\'s model on other test digits'),
    (error: { readonly stderr: string }) => error.stderr,
  )
  if (!/^error: [^\n]*--split changed the test digits[^\n]*\n$/.test(refused)) fail(`npm run evaluate --split sklearn says ${JSON.stringify(refused)}`)
  await page.click('#reset')
  log(`ok    evaluate: npm run evaluate -- --model page-model.json prints the page's test accuracy, ${shown} (${model.training.testFingerprint}); with --split sklearn it refuses`)
}

export const steps: readonly Step[] = [
  { name: 'same-as-cli', run: async ({ page }) => {
    await checkSameAsCli(page, 1)
    await checkSameAsCli(page, 64)
  } },
  { name: 'training', run: async ({ page, shots, figures, bench }) => {
    const { speed, afterWarmUp, early, frames } = await checkTraining(page, shots, 1280)
    const convnetjs = await checkConvNetJsFrames(page)
    figures.push('frames while training, at 1280 px (requestAnimationFrame deltas; long tasks from PerformanceObserver):')
    figures.push(`  the original network:  ${showFrames(frames)}`)
    figures.push(`  the ConvNetJS network: ${showFrames(convnetjs)}`)
    figures.push(`training speed of the original network (conv3x3x1-lrelu-pool2-dense10), per-sample updates:`)
    figures.push(`  in the page (Web Worker), the run's average:  ${speed.toLocaleString('en-US')} samples/s`)
    figures.push(`  the same run after its first ${early.toLocaleString('en-US')} samples (bench also leaves out its warm-up):  ${afterWarmUp.toLocaleString('en-US')} samples/s`)
    if (bench !== undefined) {
      figures.push(`  npm run bench, Node ${bench.node}:  ${bench.samplesPerSecond.toLocaleString('en-US')} samples/s`)
      figures.push(`  ratio: ${(speed / bench.samplesPerSecond).toFixed(2)}× for the run's average, ${(afterWarmUp / bench.samplesPerSecond).toFixed(2)}× after the warm-up (aim: at least 0.9×)`)
    }
  } },
  { name: 'live-settings', run: ({ page }) => checkLiveSettings(page) },
  { name: 'train-limits', run: (context) => checkHugeArchitecture(context) },
  { name: 'worker-failure', run: (context) => checkWorkerFailure(context) },
  { name: 'evaluate-page-model', run: ({ page }) => checkEvaluate(page) },
]
