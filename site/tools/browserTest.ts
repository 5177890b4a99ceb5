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
// --only NAME,NAME runs just those steps (after loading the page); the steps and their
// names are in site/tools/browser/, one file per panel.
// Exit status: 0 passed, 1 failed, 2 bad flags.

import { access, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'
import * as backward from './browser/backward.ts'
import { ARGS, CHROMIUM, checkClean, Failure, log, nodeBench, watch, type Step, type StepContext } from './browser/common.ts'
import * as drawing from './browser/drawing.ts'
import * as flow from './browser/flow.ts'
import * as gallery from './browser/gallery.ts'
import * as training from './browser/training.ts'
import { OUT, ROOT } from './paths.ts'
import { serve } from './serve.ts'

/** Every step, in the order they run: the panels top to bottom, then the page at 375 px. */
const STEPS: readonly Step[] = [...drawing.steps, ...flow.steps, ...backward.steps, ...gallery.steps, ...training.steps]
const NARROW: readonly Step[] = drawing.narrowSteps

// Running it
// ----------

const runBrowserTest = async (argv: readonly string[]): Promise<number> => {
  let options: { screenshots?: string | undefined; 'no-bench'?: boolean | undefined; only?: string | undefined }
  try {
    options = parseArgs({ args: [...argv], options: { screenshots: { type: 'string' }, 'no-bench': { type: 'boolean' }, only: { type: 'string' } }, strict: true }).values
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`)
    return 2
  }
  const names = [...STEPS, ...NARROW].map((step) => step.name)
  const only = options.only?.split(',').map((name) => name.trim())
  const unknown = only?.find((name) => !names.includes(name))
  if (unknown !== undefined) {
    process.stderr.write(`error: --only: no step is called "${unknown}"; the steps are ${names.join(', ')}\n`)
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
  // Node first, while nothing else of ours runs (only when the training step runs).
  let bench: Awaited<ReturnType<typeof nodeBench>> | undefined
  try {
    bench = options['no-bench'] === true || (only !== undefined && !only.includes('training')) ? undefined : await nodeBench()
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
    await page.waitForFunction(() => document.querySelectorAll('#model option').length >= 3, undefined, { timeout: 30_000 })
    log(`ok    the page loads in Chromium ${browser.version()}, with its three models`)
    const figures: string[] = []
    const context: StepContext = { page, browser, server, shots, bench, figures }
    const chosen = (step: Step) => only === undefined || only.includes(step.name)
    for (const step of STEPS.filter(chosen)) await step.run(context)
    checkClean(problems, 'at 1280 px')
    await page.close()
    for (const step of NARROW.filter(chosen)) await step.run(context)
    if (figures.length > 0) {
      log('')
      log(`figures (measured, not asserted), in Chromium ${browser.version()}:`)
      for (const line of figures) log(`  ${line}`)
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
