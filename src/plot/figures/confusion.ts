// Figure: confusion matrix
// ========================
//
// Which digits does the network mix up? Cell (t, p) counts the test images of true class t
// that were predicted as p; a perfect classifier has numbers only on the diagonal.
//
// Most counts sit on the diagonal (about a thousand each) while the interesting errors are
// single digits, so a linear colour scale would leave every error white. We colour by
//
//     t = log(1 + count) / log(1 + max count)
//
// which makes 1, 10 and 100 clearly different shades. Every count is printed as well. The
// column on the right gives each class's recall, the share of its images found:
// recall[t] = count[t, t] / Σ_p count[t, p].
//
// A matrix of more than 30 classes (MOST_CLASSES) would be thousands of px wide with every
// count in its cell; it draws the first 30 classes' rows and columns, and says so. The
// accuracy, the colour scale and each drawn class's recall still count every image.
// Previous: plot/figures/curves.ts. Next: plot/figures/misclassified.ts.

import { colorbar } from '../colorbar.ts'
import { heatmap } from '../heatmap.ts'
import { column, pad, row } from '../layout.ts'
import { blues } from '../palette.ts'
import { element, escapeXml, INK, num, svgDocument, translate, type Block } from '../svg.ts'
import { lineHeight, showNumber, textAt, textBlock, textWidth, verticalText } from '../text.ts'

/** The input of `confusionFigure`: counts (classes × classes), row = true class, column = predicted. */
export interface ConfusionFigureInput {
  readonly title: string
  readonly counts: Readonly<Int32Array> // (classes, classes)
  readonly classNames: readonly string[]
}

const FONT = 11
/** The most classes drawn; a matrix of more draws its first MOST_CLASSES rows and columns. */
export const MOST_CLASSES = 30

// The top-left m × m corner of an n × n matrix.
const firstClasses = (counts: Readonly<Int32Array>, n: number, m: number): Int32Array => {
  const corner = new Int32Array(m * m)
  for (let t = 0; t < m; t++) corner.set(counts.subarray(t * n, t * n + m), t * m)
  return corner
}

/** Where a count sits on the log-ish colour scale: 0 → 0, max → 1. */
export const logPosition = (count: number, max: number): number => (max > 0 ? Math.log1p(Math.max(0, count)) / Math.log1p(max) : 0)

// Ticks of the colour bar: 0, 1, 10, 100, … up to the largest count, and the largest count.
const countTicks = (max: number): readonly number[] => {
  const ticks = [0]
  for (let p = 1; p <= max; p *= 10) ticks.push(p)
  if (ticks[ticks.length - 1] !== max && max > 0) {
    // Leave out a power of ten too close to the maximum to keep its label clear.
    if (logPosition(ticks[ticks.length - 1], max) > 0.9) ticks.pop()
    ticks.push(max)
  }
  return ticks
}

/** The confusion matrix as an annotated heatmap with per-class recall. Returns a complete SVG document. */
export const confusionFigure = (input: ConfusionFigureInput): string => {
  const n = input.classNames.length
  if (input.counts.length !== n * n) {
    throw new RangeError(`confusionFigure: ${n} classes need ${n * n} counts, got ${input.counts.length}`)
  }
  const max = input.counts.reduce((m, c) => Math.max(m, c), 0)
  const total = input.counts.reduce((s, c) => s + c, 0)
  let correct = 0
  for (let t = 0; t < n; t++) correct += input.counts[t * n + t]
  // Many classes: the first MOST_CLASSES of them, rows and columns.
  const shown = Math.min(n, MOST_CLASSES)
  const classNames = input.classNames.slice(0, shown)
  const counts = shown === n ? input.counts : firstClasses(input.counts, n, shown)
  const cell = Math.max(36, textWidth(String(max), FONT) + 10)
  const cells = heatmap({
    rows: shown,
    cols: shown,
    values: counts,
    fill: (c) => blues(logPosition(c, max)),
    cellWidth: cell,
    gap: 1,
    label: (c) => String(c),
    fontSize: FONT,
    className: 'confusion',
    tooltip: (t, p, c) => `true ${classNames[t]}, predicted ${classNames[p]}: ${c}`,
  })
  const pitch = cell + 1

  // Class names: down the left for the true class, along the top for the prediction. Names
  // wider than a column are turned 45° so that they cannot overlap.
  const nameWidth = classNames.reduce((most, name) => Math.max(most, textWidth(name, FONT)), 0)
  const rowNames: Block = {
    width: nameWidth + 6,
    height: cells.height,
    svg: classNames.map((name, t) => textAt(name, nameWidth, t * pitch + cell / 2 + FONT * 0.35, { size: FONT, anchor: 'end' })).join('\n'),
  }
  const turn = nameWidth > cell - 4
  const colNames: Block = turn
    ? {
        width: cells.width,
        height: nameWidth * Math.SQRT1_2 + FONT,
        svg: classNames
          .map((name, p) => {
            const x = p * pitch + cell / 2
            const y = nameWidth * Math.SQRT1_2 + FONT - 2
            return element('text', { x, y, 'font-size': FONT, transform: `rotate(-45 ${num(x)} ${num(y)})` }, escapeXml(name))
          })
          .join('\n'),
      }
    : {
        width: cells.width,
        height: lineHeight(FONT),
        svg: classNames.map((name, p) => textAt(name, p * pitch + cell / 2, FONT, { size: FONT, anchor: 'middle' })).join('\n'),
      }

  // Recall per true class, to the right of its row.
  const recalls = classNames.map((_, t) => {
    let rowTotal = 0
    for (let p = 0; p < n; p++) rowTotal += input.counts[t * n + p]
    return rowTotal === 0 ? '–' : `${showNumber((100 * input.counts[t * n + t]) / rowTotal, 1)}%`
  })
  const recallWidth = recalls.reduce((most, r) => Math.max(most, textWidth(r, FONT)), textWidth('recall', FONT))
  const recall: Block = {
    width: recallWidth + 10,
    height: cells.height,
    svg: recalls.map((r, t) => textAt(r, 10 + recallWidth, t * pitch + cell / 2 + FONT * 0.35, { size: FONT, anchor: 'end' })).join('\n'),
  }

  // Assemble: "predicted" over the column names, "true" beside the row names.
  const top = column([textBlock(['predicted'], { size: 12, weight: 'bold', anchor: 'middle', minWidth: cells.width }), colNames], 2)
  const recallHead = textBlock(['recall'], { size: FONT, weight: 'bold', anchor: 'end', minWidth: recall.width })
  const left = verticalText('true', { size: 12, weight: 'bold' })
  const gridWidth = left.width + 4 + rowNames.width
  const matrix: Block = {
    width: gridWidth + cells.width + recall.width,
    height: top.height + 4 + cells.height,
    svg: [
      translate(top, gridWidth, 0),
      translate(recallHead, gridWidth + cells.width, top.height - recallHead.height),
      translate(left, 0, top.height + 4 + (cells.height - left.height) / 2),
      translate(rowNames, left.width + 4, top.height + 4),
      translate(cells, gridWidth, top.height + 4),
      element('rect', {
        x: gridWidth - 0.5,
        y: top.height + 3.5,
        width: cells.width + 1,
        height: cells.height + 1,
        fill: 'none',
        stroke: INK,
        'stroke-width': 0.5,
      }),
      translate(recall, gridWidth + cells.width, top.height + 4),
    ].join('\n'),
  }
  const bar = colorbar({
    id: 'confusion-scale',
    height: Math.min(240, Math.max(90, cells.height - 30)),
    colourAt: blues,
    ticks: countTicks(max).map((c) => ({ t: logPosition(c, max), label: String(c) })),
    title: 'count (log scale)',
  })
  const accuracy = total === 0 ? '–' : `${showNumber((100 * correct) / total, 2)}%`
  const summary = `Accuracy ${accuracy}: ${correct} of ${total} test images on the diagonal. Rows: true class; columns: predicted class.`
  const drawn = shown === n ? [] : [`Drawn: the first ${shown} of ${n} classes, rows and columns; the accuracy and each recall count every prediction.`]
  const body = column(
    [textBlock([input.title], { size: 18, weight: 'bold' }), textBlock([summary, ...drawn], { size: 12, fill: '#444444' }), row([matrix, bar], 28, 'end')],
    14,
  )
  return svgDocument(input.title, pad(body, 20))
}
