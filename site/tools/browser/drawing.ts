// Browser checks: drawing, model files, labels and links, the narrow screen
// =======================================================================
//
// Steps of `npm run test:browser` (site/tools/browserTest.ts) for panel 1 of the page:
// draw.ts, preprocess.ts, models.ts and main.ts.

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import type { Browser, Page } from 'playwright-core'
import { fastKernels } from '../../../src/fast/kernels.ts'
import { parseModel } from '../../../src/model/modelFile.ts'
import { OUT } from '../paths.ts'
import type { StaticServer } from '../serve.ts'
import { checkClean, fail, hoverStroke, log, ONE, predictionAfter, selectModel, watch, ZERO, type Step } from './common.ts'

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


export const steps: readonly Step[] = [
  { name: 'drawing', run: ({ page }) => checkDrawing(page) },
  { name: 'model-files', run: ({ page }) => checkModelFiles(page) },
  { name: 'labels', run: ({ page, server }) => checkLabelsAndLinks(page, server) },
]

/** The page at 375 px, in a page of its own (run after the others). */
export const narrowSteps: readonly Step[] = [
  { name: 'narrow', run: ({ browser, server, shots }) => checkNarrow(browser, server, shots) },
]
