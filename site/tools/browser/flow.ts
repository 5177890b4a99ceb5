// Browser checks: watch it flow
// =============================
//
// Steps of `npm run test:browser` (site/tools/browserTest.ts) for panel 2 of the page:
// flow.ts and arithmetic.ts.

import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { fail, hoverStroke, log, predictionAfter, selectModel, ZERO, type Step } from './common.ts'

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

export const steps: readonly Step[] = [
  { name: 'flow', run: async ({ page, shots }) => {
    await checkArithmetic(page)
    if (shots !== undefined) await flowShots(page, shots)
  } },
]
