// Every test digit
// ================
//
// Panel 4: the model of panel 1 on all 2,000 test digits the page ships, the digits the
// network never trained on. Three things, made from one pass of the model over the digits
// (testDigits.ts):
//
//     the accuracy            "1,812 of 2,000 right: 90.6%"
//     the confusion matrix    counts[label, answer] (src/report/confusion.ts), an HTML table:
//                             rows the true labels, columns the answers, the diagonal the
//                             right answers; a cell's button shows its digits
//     the gallery             every digit as a small picture, a wrong one framed in red with
//                             its answer in the corner; clicking one (or Enter) loads it into
//                             the pad, and so into every view of the page
//
// It also owns panel 1's "Show a test digit" button and the note under it.
//
// Costs, and how they are kept off the page's back:
//   - The digits (about 0.3 MB gzipped) are fetched the first time they are needed: when this
//     panel comes near the screen, or on the first "Show a test digit". Not with the page.
//   - The pass runs on the page's thread in slices of about 16 ms (testDigits.ts), so frames
//     keep being drawn. A pass for a model that is no longer chosen is dropped.
//   - While a network trains, panel 1 hands us its parameters about once a second. We read
//     the digits again only while this panel is on screen (a pass is dropped when the panel
//     leaves the screen), and start at most one pass a second; a pass under way for the same
//     network finishes first (on the ConvNetJS network one pass takes one or two seconds, so
//     restarting it at every new set of parameters might never finish).
//   - The 2,000 pictures are one image: every digit is drawn once into a sprite sheet of
//     50 × 40 digits, and each item is a button showing its 28×28 part of that sheet as its
//     background, enlarged by CSS with crisp pixels. The items go into the page 100 per
//     frame, as the browser's styling and laying out of 2,000 buttons at once would make one
//     long frame; after a pass only the items whose answer changed are touched, again 100 per
//     frame at most.
//   - The 2,000 buttons are one stop of the Tab key: inside the gallery the arrow keys move
//     (Home, End, Page Up and Page Down too), so that a keyboard reaches panel 5 in one press.

import type { Dataset } from '../src/data/dataset.ts'
import { confusionMatrix, traceOf } from '../src/report/confusion.ts'
import { element } from './dom.ts'
import type { FlowModel } from './flow.ts'
import { accuracyText, cellColour, cellText, classifyAll, classifyDigit, className, itemLabel, loadTestDigits, matrixClasses, passes, PIXELS, sampleNote, SIDE, type Filter } from './testDigits.ts'

/** One digit of the shipped test set. */
export interface TestDigit {
  /** 28×28 bytes, 0 = background. */
  readonly pixels: Uint8Array
  readonly label: number
  /** Its position in the shipped test set, from 0. */
  readonly index: number
}

export interface Gallery {
  setModel(model: FlowModel | undefined): void
}

/** How long one slice of a pass may compute, and the least time between the starts of two passes for the same network (ms). */
const BUDGET_MS = 16
const EVERY_MS = 1000
/** How many items are made or changed, at most, between two frames. */
const PER_FRAME = 100
/** Digits per row of the sprite sheet. */
const SHEET_COLUMNS = 50


// Hands the thread back to the browser: the pass goes on in a new task, queued behind
// whatever waits (a message from the training worker, a click, a frame to draw). A message
// to ourselves, not `setTimeout(0)`, which browsers stretch to 4 ms once timeouts nest, nor
// `scheduler.yield()`, whose continuation jumps the queue and so, in a pass of 2,000
// slices, would keep the worker's messages waiting until the pass is over.
const channel = new MessageChannel()
const waiting: (() => void)[] = []
channel.port1.onmessage = () => waiting.shift()?.()
const pause = (): Promise<void> =>
  new Promise((resolve) => {
    waiting.push(resolve)
    channel.port2.postMessage(null)
  })

const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()))

// Sets a text only when it changes, so that a live region is not read out again for nothing.
const say = (e: HTMLElement, text: string): void => {
  if (e.textContent !== text) e.textContent = text
}

const seconds = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`)

/**
 * The panel in `root`. It also owns the "Show a test digit" button and its note. `show`
 * puts a digit into the pad (and so into every view).
 */
export const createGallery = (root: HTMLElement, sample: HTMLButtonElement, note: HTMLElement, show: (digit: TestDigit) => void): Gallery => {
  // The panel's parts
  // -----------------
  root.replaceChildren()
  root.classList.add('gallery')
  const intro = element('p', 'gallery-intro')
  intro.append(
    'The model chosen in panel 1, on every test digit shipped with the page: digits it never trained on, so what it gets right here is what it has learned, not remembered. ',
    'A digit it reads wrong has a red frame, with its answer in the corner.',
  )
  const status = element('p', 'gallery-status', 'The test digits load when this panel comes into view.')
  status.dataset.testid = 'gallery-accuracy'
  status.setAttribute('aria-live', 'polite')
  const progress = element('progress', 'gallery-progress')
  progress.setAttribute('aria-label', 'Digits read so far')
  progress.hidden = true
  const cost = element('p', 'gallery-cost muted small')

  const table = element('table', 'confusion')
  table.dataset.testid = 'confusion'
  const matrixBox = element('div', 'confusion-box')
  const legend = element('p', 'confusion-legend muted small')
  legend.innerHTML = '<span><span class="key right"></span>right answers (the diagonal)</span> <span><span class="key wrong"></span>mistakes, darker for more</span>'
  matrixBox.append(table, legend)

  const explain = element('div', 'confusion-explain')
  const what = element('p')
  const source = element('a', '', 'confusionMatrix')
  source.href = '../annotated/report/confusion.html#confusionMatrix'
  what.append(
    'A confusion matrix counts, for every pair of a true label and an answer, how many digits have that pair. ',
    'Row 4 holds the digits labelled 4 and column 9 those the model read as 9, so the cell where they cross counts the 4s it took for 9s. ',
    'The diagonal holds the right answers; every cell off it is one kind of mistake. A cell’s button shows its digits. (Counted by ',
    source,
    ', the function behind the report of npm run train.)',
  )
  const filterBox = element('fieldset', 'gallery-filter')
  filterBox.append(element('legend', '', 'Show'))
  const radio = (value: 'all' | 'wrong', text: string): HTMLInputElement => {
    const input = element('input')
    input.type = 'radio'
    input.name = 'gallery-filter'
    input.value = value
    const label = element('label')
    label.append(input, ` ${text}`)
    filterBox.append(label)
    return input
  }
  const allRadio = radio('all', 'every digit')
  const wrongRadio = radio('wrong', 'only the wrong ones')
  allRadio.checked = true
  const filterNote = element('p', 'gallery-filter-note')
  filterNote.setAttribute('aria-live', 'polite')
  const showAll = element('button', 'gallery-show-all', 'Show every digit')
  showAll.type = 'button'
  showAll.hidden = true
  const filterRow = element('div', 'gallery-filter-row')
  filterRow.append(filterNote, showAll)
  explain.append(what, filterBox, filterRow)

  const top = element('div', 'gallery-top')
  top.append(matrixBox, explain)

  const howTo = element('p', 'gallery-how muted small', 'Click a digit (or move to it with the arrow keys and press Enter) to put it into the pad of panel 1: every view above then shows it, so you can see how the network came to its answer. This page stays where it is.')
  const loadedNote = element('p', 'gallery-loaded')
  loadedNote.setAttribute('aria-live', 'polite')
  const grid = element('div', 'gallery-items')
  grid.setAttribute('role', 'group')
  grid.setAttribute('aria-label', 'The test digits')
  root.append(intro, status, progress, cost, top, howTo, loadedNote, grid)

  // State
  // -----
  let data: Dataset | undefined
  let loading: Promise<Dataset | undefined> | undefined
  let model: FlowModel | undefined
  // The answers of the last finished pass, and the model they are for.
  let results: { readonly model: FlowModel; readonly predicted: Int32Array } | undefined
  // The pass under way.
  let running: { readonly model: FlowModel; cancelled: boolean } | undefined
  let lastStart = Number.NEGATIVE_INFINITY
  let lastEnd = Number.NEGATIVE_INFINITY // when the last pass ended, and how long it took (ms)
  let lastWall = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let visible = false
  let filter: Filter = { kind: 'all' }
  let items: HTMLButtonElement[] = []
  let shown: Int32Array = new Int32Array(0) // the answer each item shows, −1 for none
  let shownClasses = '' // the class names the items were written with
  let focusable = 0 // the item the Tab key reaches
  let selected: number | undefined // the item last put into the pad
  let noted: { readonly index: number; readonly fromGallery: boolean } | undefined
  let cells: HTMLButtonElement[] = [] // (K, K), row-major: row = label, column = answer
  let matrixFor: readonly string[] = [] // the column names the table was built for

  // The answers shown: the last pass's, when it was for the current model or for an earlier
  // state of its network (while it trains, the next pass is at most a second or two away).
  const answers = (): Int32Array | undefined =>
    model !== undefined && results !== undefined && results.model.net === model.net ? results.predicted : undefined

  const answerOf = (index: number): number | undefined => {
    if (data === undefined || model === undefined) return undefined
    // Exactly the current parameters: the note must agree with the answer panel 1 shows.
    return results?.model === model ? results.predicted[index] : classifyDigit(model, data.images, index)
  }

  const digitAt = (d: Dataset, index: number): TestDigit => ({ pixels: d.images.subarray(index * PIXELS, (index + 1) * PIXELS), label: d.labels[index], index })

  // The note under the pad, for the digit put there last (rewritten only when it changes, as it is read aloud).
  const writeNote = (): void => {
    if (noted === undefined || data === undefined) return
    const { index, fromGallery } = noted
    const answer = answerOf(index)
    const label = data.labels[index]
    const text = sampleNote(index, data.count, label, answer === undefined || model === undefined ? undefined : className(model, answer), answer === label)
    if (note.firstChild?.textContent === text) return
    note.replaceChildren(text)
    if (fromGallery) {
      const back = element('a', '', 'back to the gallery')
      back.href = '#test-set'
      note.append(' (', back, ')')
    }
  }

  const load = (): Promise<Dataset | undefined> => {
    loading ??= (async () => {
      status.textContent = 'Loading the test digits…'
      try {
        const d = await loadTestDigits(new URL('data/', document.baseURI))
        data = d
        await build(d)
        request()
        return d
      } catch (error) {
        status.textContent = `The test digits could not be loaded: ${error instanceof Error ? error.message : String(error)}`
        loading = undefined
        return undefined
      }
    })()
    return loading
  }

  // The gallery's items
  // -------------------

  // Draws every digit once into one sheet (ink dark on white, as the pad shows it) and
  // makes the items, each showing its part of the sheet.
  const build = async (d: Dataset): Promise<void> => {
    const rows = Math.ceil(d.count / SHEET_COLUMNS)
    const sheet = element('canvas')
    sheet.width = SHEET_COLUMNS * SIDE
    sheet.height = rows * SIDE
    const context = sheet.getContext('2d')
    if (context !== null) {
      const image = context.createImageData(sheet.width, sheet.height)
      const rgba = image.data
      let started = performance.now()
      for (let n = 0; n < d.count; n++) {
        if (n % 50 === 0 && performance.now() - started > BUDGET_MS) {
          await pause()
          started = performance.now()
        }
        const x0 = (n % SHEET_COLUMNS) * SIDE
        const y0 = Math.floor(n / SHEET_COLUMNS) * SIDE
        for (let y = 0; y < SIDE; y++) {
          let at = ((y0 + y) * sheet.width + x0) * 4
          let p = n * PIXELS + y * SIDE
          for (let x = 0; x < SIDE; x++, at += 4, p++) {
            const g = 255 - d.images[p]
            rgba[at] = g
            rgba[at + 1] = g
            rgba[at + 2] = g
            rgba[at + 3] = 255
          }
        }
      }
      context.putImageData(image, 0, 0)
      const blob = await new Promise<Blob | null>((resolve) => sheet.toBlob(resolve))
      if (blob !== null) grid.style.setProperty('--sheet', `url("${URL.createObjectURL(blob)}")`)
    }
    grid.style.setProperty('--sheet-columns', String(SHEET_COLUMNS))
    grid.style.setProperty('--sheet-rows', String(rows))
    items = Array.from({ length: d.count }, (_, n) => {
      const item = element('button', 'digit')
      item.type = 'button'
      item.dataset.testid = 'gallery-item'
      item.dataset.index = String(n)
      item.tabIndex = n === 0 ? 0 : -1
      item.setAttribute('aria-label', itemLabel(n, d.labels[n], undefined, false))
      item.style.setProperty('--col', String(n % SHEET_COLUMNS))
      item.style.setProperty('--row', String(Math.floor(n / SHEET_COLUMNS)))
      return item
    })
    shown = new Int32Array(d.count).fill(-1)
    // A few hundred per frame: the browser styles and lays out new items when it next draws,
    // and 2,000 at once would make that one long frame.
    for (let from = 0; from < items.length; from += PER_FRAME) {
      if (from > 0) await nextFrame()
      const fragment = document.createDocumentFragment()
      for (const item of items.slice(from, from + PER_FRAME)) fragment.append(item)
      grid.append(fragment)
    }
  }

  // Brings the items up to date with the answers shown: only those whose answer (or the
  // class names) changed, PER_FRAME at most before the browser draws (after the first pass,
  // all 2,000 change; while a network trains, a few). A newer call takes over from one under way.
  let itemsRun = 0
  const updateItems = async (d: Dataset): Promise<void> => {
    const run = ++itemsRun
    const m = model
    const predicted = answers()
    const names = (m?.classes ?? []).join('\u0000')
    const renamed = names !== shownClasses
    let changed = 0
    for (let n = 0; n < items.length; n++) {
      const answer = predicted?.[n] ?? -1
      if (answer === shown[n] && !renamed) continue
      if (++changed % PER_FRAME === 0) {
        await nextFrame()
        if (run !== itemsRun) return
      }
      shown[n] = answer
      const item = items[n]
      const label = d.labels[n]
      if (answer < 0 || m === undefined) {
        delete item.dataset.correct
        item.replaceChildren()
        item.setAttribute('aria-label', itemLabel(n, label, undefined, false))
        continue
      }
      const right = answer === label
      item.dataset.correct = String(right)
      item.setAttribute('aria-label', itemLabel(n, label, className(m, answer), right))
      if (right) item.replaceChildren()
      else {
        const badge = element('span', 'answer', className(m, answer))
        badge.setAttribute('aria-hidden', 'true')
        item.replaceChildren(badge)
      }
    }
    shownClasses = names
  }

  // Shows the items the filter lets through, and says how many.
  const applyFilter = (): void => {
    if (data === undefined) return
    const predicted = answers()
    let count = 0
    let first = -1
    for (let n = 0; n < items.length; n++) {
      const hide = !passes(filter, data.labels[n], predicted?.[n])
      if (items[n].hidden !== hide) items[n].hidden = hide
      if (!hide) {
        count++
        if (first < 0) first = n
      }
    }
    if (items[focusable]?.hidden === true && first >= 0) moveFocusable(first, false)
    allRadio.checked = filter.kind === 'all'
    wrongRadio.checked = filter.kind === 'wrong'
    showAll.hidden = filter.kind !== 'cell'
    const f = filter
    const words =
      f.kind === 'all'
        ? `All ${count.toLocaleString('en-US')} digits.`
        : predicted === undefined
          ? 'Waiting for the model’s answers…'
          : f.kind === 'wrong'
            ? count === 0
              ? 'The model reads every digit right.'
              : `The ${count.toLocaleString('en-US')} digit${count === 1 ? '' : 's'} the model reads wrong.`
            : `${cellText(f.label, model === undefined ? String(f.predicted) : className(model, f.predicted), count)}${f.label === f.predicted ? ' (right)' : ''}.`
    say(filterNote, words)
    const K = matrixFor.length
    for (const [k, cell] of cells.entries()) cell.setAttribute('aria-pressed', String(f.kind === 'cell' && k === f.label * K + f.predicted))
  }

  // Roving focus: one item is reachable with Tab, the arrow keys move between the items shown.
  const moveFocusable = (n: number, focus: boolean): void => {
    items[focusable]?.setAttribute('tabindex', '-1')
    focusable = n
    items[n]?.setAttribute('tabindex', '0')
    if (focus) items[n]?.focus()
  }

  grid.addEventListener('keydown', (event) => {
    const item = (event.target as HTMLElement).closest<HTMLButtonElement>('.digit')
    if (item === null) return
    const visibleItems = items.filter((i) => !i.hidden)
    const at = visibleItems.indexOf(item)
    const columns = Math.max(1, getComputedStyle(grid).gridTemplateColumns.split(' ').length)
    const page = columns * Math.max(1, Math.floor(grid.clientHeight / Math.max(1, item.offsetHeight)) - 1)
    const moves: Readonly<Record<string, number>> = { ArrowRight: at + 1, ArrowLeft: at - 1, ArrowDown: at + columns, ArrowUp: at - columns, Home: 0, End: visibleItems.length - 1, PageDown: at + page, PageUp: at - page }
    const to = moves[event.key]
    if (to === undefined) return
    event.preventDefault()
    const target = visibleItems[Math.max(0, Math.min(visibleItems.length - 1, to))]
    if (target !== undefined) moveFocusable(Number(target.dataset.index), true)
  })

  // Puts digit `index` into the pad, and says so.
  const pick = (index: number, fromGallery: boolean): void => {
    if (data === undefined) return
    if (selected !== undefined) items[selected]?.removeAttribute('aria-current')
    selected = index
    items[index]?.setAttribute('aria-current', 'true')
    show(digitAt(data, index))
    noted = { index, fromGallery }
    writeNote()
    if (fromGallery) {
      const go = element('a', '', 'Go to the pad')
      go.href = '#draw'
      loadedNote.replaceChildren(`Test digit ${(index + 1).toLocaleString('en-US')} is in the pad now, and in every view above. `, go)
    }
  }

  grid.addEventListener('click', (event) => {
    const item = (event.target as HTMLElement).closest<HTMLButtonElement>('.digit')
    if (item === null) return
    const index = Number(item.dataset.index)
    moveFocusable(index, false)
    pick(index, true)
  })

  // On a narrow screen the gallery is far below the matrix: bring its top into view when
  // it is out of sight, so that a cell's button visibly does something.
  const revealGallery = (): void => {
    const box = grid.getBoundingClientRect()
    if (box.top < window.innerHeight - 80) return
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches
    window.scrollBy({ top: box.top - window.innerHeight + Math.min(box.height, window.innerHeight * 0.6), behavior: still ? 'auto' : 'smooth' })
  }

  const setFilter = (next: Filter): void => {
    filter = next
    applyFilter()
  }
  allRadio.addEventListener('change', () => setFilter({ kind: 'all' }))
  wrongRadio.addEventListener('change', () => setFilter({ kind: 'wrong' }))
  showAll.addEventListener('click', () => {
    setFilter({ kind: 'all' })
    allRadio.focus()
  })

  // The confusion matrix
  // --------------------

  // The table for K classes: a header row of answers, a header column of labels, a button in every cell.
  const buildMatrix = (K: number, m: FlowModel): void => {
    matrixFor = Array.from({ length: K }, (_, p) => className(m, p))
    table.replaceChildren()
    const caption = element('caption', '', 'The confusion matrix: one row per true label, one column per answer of the model')
    const head = element('thead')
    const over = element('tr')
    const corner = element('td')
    const answers = element('th', 'axis', 'read as →')
    answers.scope = 'colgroup'
    answers.colSpan = K
    over.append(corner, answers)
    const names = element('tr')
    const labelled = element('th', 'axis labels', 'label ↓')
    labelled.scope = 'col'
    names.append(labelled)
    for (let p = 0; p < K; p++) {
      const th = element('th', '', className(m, p))
      th.scope = 'col'
      names.append(th)
    }
    head.append(over, names)
    const body = element('tbody')
    cells = []
    for (let t = 0; t < K; t++) {
      const row = element('tr')
      const th = element('th', '', String(t))
      th.scope = 'row'
      row.append(th)
      for (let p = 0; p < K; p++) {
        const td = element('td', t === p ? 'diagonal' : '')
        const button = element('button')
        button.type = 'button'
        button.dataset.label = String(t)
        button.dataset.predicted = String(p)
        // A second click on the cell shown undoes it.
        button.addEventListener('click', () => {
          setFilter(filter.kind === 'cell' && filter.label === t && filter.predicted === p ? { kind: 'all' } : { kind: 'cell', label: t, predicted: p })
          revealGallery()
        })
        td.append(button)
        row.append(td)
        cells.push(button)
      }
      body.append(row)
    }
    table.append(caption, head, body)
  }

  // Fills the table with the counts of `predicted` (or blanks it, without answers); returns the number right.
  const updateMatrix = (d: Dataset, m: FlowModel, predicted: Int32Array | undefined): number => {
    const K = matrixClasses(m, d)
    if (K > 256) return 0 // labels and answers are bytes for confusionMatrix; no such model reaches the page
    if (K !== matrixFor.length || matrixFor.some((name, p) => name !== className(m, p))) buildMatrix(K, m)
    if (predicted === undefined) {
      for (const [k, button] of cells.entries()) {
        button.textContent = ''
        button.disabled = true
        button.setAttribute('aria-label', `labelled ${Math.floor(k / K)}, read as ${className(m, k % K)}: not counted yet`)
        button.style.backgroundColor = ''
        button.style.color = ''
      }
      return 0
    }
    const cm = confusionMatrix(d.labels, Uint8Array.from(predicted), K)
    let [largestRight, largestWrong] = [0, 0]
    for (let k = 0; k < K * K; k++) {
      if (k % (K + 1) === 0) largestRight = Math.max(largestRight, cm.counts[k])
      else largestWrong = Math.max(largestWrong, cm.counts[k])
    }
    for (let t = 0; t < K; t++) {
      for (let p = 0; p < K; p++) {
        const n = cm.counts[t * K + p]
        const button = cells[t * K + p]
        const { rgb, text } = cellColour(n, t === p ? largestRight : largestWrong, t === p)
        say(button, String(n))
        button.disabled = n === 0
        button.setAttribute('aria-label', cellText(t, className(m, p), n))
        button.style.backgroundColor = `rgb(${rgb.join(' ')})`
        button.style.color = n === 0 ? '' : `rgb(${text.join(' ')})` // an empty cell is a disabled button, greyed by gallery.css
      }
    }
    return traceOf(cm)
  }

  // Showing the results
  // -------------------

  const render = (): void => {
    if (data === undefined) return
    const total = data.count.toLocaleString('en-US')
    const predicted = answers()
    if (model === undefined) say(status, `${total} test digits. Choose a model in panel 1 to see how it reads them.`)
    else {
      const right = updateMatrix(data, model, predicted)
      say(status, predicted !== undefined ? accuracyText(right, data.count) : visible ? `Reading the ${total} digits with the model…` : `${total} test digits, read by the model when this panel is on screen.`)
    }
    applyFilter()
    writeNote()
    void updateItems(data)
  }

  // Passes
  // ------

  // Starts a pass for the current model when one is due: the digits are here, the panel is
  // on screen, the last answers are for another model, no pass for the same network is under
  // way, and (for the same network) a second has gone by since the last one started.
  const request = (): void => {
    if (data === undefined || model === undefined || !visible || results?.model === model) return
    if (running !== undefined) {
      if (running.model.net === model.net) return // it finishes, then asks again
      running.cancelled = true
      running = undefined
    }
    const sameNetwork = results !== undefined && results.model.net === model.net
    // While a network trains, a pass of a bigger model can take a second or more of this
    // thread, which the training worker's core shares on a small machine: rest at least
    // twice as long as the last pass took, so the gallery uses at most a third of the thread.
    const wait = sameNetwork ? Math.max(lastStart + EVERY_MS, lastEnd + 2 * lastWall) - performance.now() : 0
    if (wait > 0) {
      timer ??= setTimeout(() => {
        timer = undefined
        request()
      }, wait)
      return
    }
    void start(data, model)
  }

  const start = async (d: Dataset, m: FlowModel): Promise<void> => {
    const run = { model: m, cancelled: false }
    running = run
    const began = performance.now()
    lastStart = began
    const first = results === undefined || results.model.net !== m.net
    const total = d.count.toLocaleString('en-US')
    if (first) {
      progress.max = d.count
      progress.value = 0
      progress.hidden = false
      render() // says it is reading
    }
    try {
      const pass = await classifyAll(d.count, (n) => classifyDigit(m, d.images, n), {
        budgetMs: BUDGET_MS,
        now: () => performance.now(),
        pause,
        cancelled: () => run.cancelled,
        progress: first
          ? (done) => {
              progress.value = done
              progress.textContent = `${done.toLocaleString('en-US')} of ${total}`
            }
          : undefined,
      })
      if (pass === undefined) return
      progress.hidden = true
      const wallMs = performance.now() - began
      ;[lastEnd, lastWall] = [performance.now(), wallMs]
      running = undefined
      results = { model: m, predicted: pass.predicted }
      cost.textContent = `Read one digit at a time in ${seconds(wallMs)} on this computer, ${BUDGET_MS} ms of work at a time so that the page keeps responding in between.`
      cost.dataset.startedAt = String(Math.round(began)) // for the browser test: when it began, and what it cost
      cost.dataset.passMs = String(Math.round(wallMs))
      cost.dataset.busyMs = String(Math.round(pass.busyMs))
      cost.dataset.longestMs = String(Math.round(pass.longestMs))
      render()
    } catch (error) {
      running = undefined
      progress.hidden = true
      status.textContent = `The model could not read the digits: ${error instanceof Error ? error.message : String(error)}`
      return
    }
    request()
  }

  // When the panel is on screen (or nearly: the digits start loading a little before)
  // ---------------------------------------------------------------------------------

  const section = root.closest('section') ?? root
  new IntersectionObserver(
    (entries) => {
      visible = entries.some((e) => e.isIntersecting)
      if (!visible) {
        // Nobody would see its answers: stop the pass under way (the next look starts a fresh one).
        if (running !== undefined) {
          running.cancelled = true
          running = undefined
          progress.hidden = true
          render()
        }
        return
      }
      if (data === undefined) void load()
      else request()
    },
    { rootMargin: '200px 0px' },
  ).observe(section)

  // "Show a test digit"
  // -------------------

  sample.disabled = false
  sample.addEventListener('click', () => {
    if (data !== undefined) {
      pick(Math.floor(Math.random() * data.count), false)
      return
    }
    sample.disabled = true
    note.textContent = 'Loading the test digits…'
    void load().then((d) => {
      sample.disabled = false
      if (d === undefined) note.textContent = 'The test digits could not be loaded.'
      else pick(Math.floor(Math.random() * d.count), false)
    })
  })

  return {
    setModel: (next) => {
      if (next === model) return
      model = next
      if (model === undefined || (running !== undefined && running.model.net !== model.net)) {
        if (running !== undefined) running.cancelled = true
        running = undefined
        progress.hidden = true
      }
      render()
      request()
    },
  }
}
