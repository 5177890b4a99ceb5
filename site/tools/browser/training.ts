// Browser checks: train it live
// =============================
//
// Steps of `npm run test:browser` (site/tools/browserTest.ts) for the training panel:
// trainPanel.ts and worker.ts.

import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Page } from 'playwright-core'
import { ROOT } from '../paths.ts'
import { fail, log, ONE, predictionAfter, TRAIN_SECONDS, ZERO, type Step } from './common.ts'

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


export const steps: readonly Step[] = [
  { name: 'same-as-cli', run: async ({ page }) => {
    await checkSameAsCli(page, 1)
    await checkSameAsCli(page, 64)
  } },
  { name: 'training', run: async ({ page, shots, figures, bench }) => {
    const speed = await checkTraining(page, shots, 1280)
    figures.push(`training speed of the original network (conv3x3x1-lrelu-pool2-dense10), per-sample updates:`)
    figures.push(`  in the page (Web Worker):  ${speed.toLocaleString('en-US')} samples/s`)
    if (bench !== undefined) {
      figures.push(`  npm run bench, Node ${bench.node}:  ${bench.samplesPerSecond.toLocaleString('en-US')} samples/s`)
      figures.push(`  ratio: ${(speed / bench.samplesPerSecond).toFixed(2)}× (aim: at least 0.9×)`)
    }
  } },
]
