// What every check of the browser test shares
// ===========================================
//
// The browser test (site/tools/browserTest.ts) runs named steps, each defined in a file of
// this folder beside the panel it checks. They share what is here: how a failure is
// reported, a log line, the watcher of page errors, strokes drawn with the mouse, and the
// context a step is given.

import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import { ROOT } from '../paths.ts'
import type { StaticServer } from '../serve.ts'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync']
export const TRAIN_SECONDS = 30

export class Failure extends Error {}
export const fail = (message: string): never => {
  throw new Failure(message)
}
export const log = (line: string): void => {
  process.stdout.write(`${line}\n`)
}

// `npm run bench`'s figure for the original network with per-sample updates (one thread:
// the other configurations are not compared here). Run as npm runs it, with tsx's loader.
export const nodeBench = async (): Promise<{ readonly samplesPerSecond: number; readonly node: string }> => {
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
export const watch = (page: Page, origin: string): string[] => {
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

export const checkClean = (problems: readonly string[], when: string): void => {
  if (problems.length > 0) fail(`${when}:\n  ${problems.join('\n  ')}`)
}

// Drawing with the mouse
// ----------------------

export type Stroke = readonly (readonly [number, number])[] // points in [0, 1]² of the pad

export const ONE: Stroke = Array.from({ length: 24 }, (_, t) => [0.53 - t * 0.004, 0.18 + t * 0.028] as const)
export const ZERO: Stroke = Array.from({ length: 49 }, (_, t) => {
  const a = (t / 48) * 2 * Math.PI * 1.05
  return [0.5 + 0.2 * Math.sin(a), 0.5 - 0.3 * Math.cos(a)] as const
})

export const draw = async (page: Page, stroke: Stroke): Promise<void> => {
  const box = await page.getByTestId('draw-canvas').boundingBox()
  if (box === null) return fail('the drawing canvas is not visible')
  const at = ([x, y]: readonly [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const
  await page.mouse.move(...at(stroke[0]))
  await page.mouse.down()
  for (const point of stroke.slice(1)) await page.mouse.move(...at(point))
  await page.mouse.up()
}

export const predictionAfter = async (page: Page, stroke: Stroke): Promise<string> => {
  await page.getByTestId('clear').click()
  await draw(page, stroke)
  await page.waitForTimeout(300) // the input is recomputed on the next animation frame
  return (await page.getByTestId('prediction').textContent())?.trim() ?? ''
}

// Points at the left stroke of a drawn 0 in the first feature map, for the screenshots.
export const hoverStroke = async (page: Page, map = 1): Promise<void> => {
  const canvas = page.locator('.stage .maps canvas').nth(map)
  const box = await canvas.boundingBox()
  if (box !== null) await canvas.hover({ position: { x: box.width * 0.3, y: box.height * 0.5 } })
}

export const selectModel = async (page: Page, value: string): Promise<void> => {
  await page.selectOption('#model', value)
}


/** What a step is given: the page at 1280 px (loaded, with both models and the digits), the browser, the server. */
export interface StepContext {
  readonly page: Page
  readonly browser: Browser
  readonly server: StaticServer
  /** Where to save screenshots (--screenshots DIR), or undefined. */
  readonly shots: string | undefined
  /** `npm run bench`'s figure for the original network, measured before the browser started (not with --no-bench). */
  readonly bench: { readonly samplesPerSecond: number; readonly node: string } | undefined
  /** Lines to print in the summary at the end (figures measured, not asserted). */
  readonly figures: string[]
}

/** One named check of the page; `npm run test:browser -- --only NAME` runs just the steps named. */
export interface Step {
  readonly name: string
  readonly run: (context: StepContext) => Promise<void>
}
