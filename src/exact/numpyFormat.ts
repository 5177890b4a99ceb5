// Printing a matrix the way NumPy does
// ====================================
//
// The original project printed its confusion matrix with Python's `print(matrix)`; we want
// the same text byte for byte, so old and new runs can be compared with `diff`. NumPy 1.24
// (`np.array2string` with its default options) prints a 2-D integer array as
//
//     width    = max(len(str(max)), len(str(min)))     every number right-aligned to it
//     row      = "[" + numbers joined by one space + "]"
//     matrix   = "[" + rows joined by "\n " + "]"       so rows line up under the first
//
// A row that does not fit in 75 characters wraps: a number that would end past column 73
// (one "]" each for the row and the matrix) starts a new line, indented by two spaces. More
// than 1000 numbers are summarised: the first and last 3 rows and columns around "...".
// Previous: exact/sklearnMetrics.ts. Next: exact/classificationReport.ts.

// NumPy's print options
// ---------------------

const LINE_WIDTH = 75 // np.get_printoptions()['linewidth']
const THRESHOLD = 1000 // arrays with more elements than this are summarised
const EDGE_ITEMS = 3 //  numbers kept at each end of a summarised axis
const ELLIPSIS = '...' // stands for the rows or columns left out

// What is printed along an axis of length n: every index, or, when the array is summarised and
// the axis is long enough to need it, the indices at both edges with "..." in the gap.
type Shown = number | typeof ELLIPSIS

const shownIndices = (n: number, summarise: boolean): readonly Shown[] => {
  const all = Array.from({ length: n }, (_, i) => i)
  if (!summarise || n <= 2 * EDGE_ITEMS) return all
  return [...all.slice(0, EDGE_ITEMS), ELLIPSIS, ...all.slice(n - EDGE_ITEMS)]
}

const isIndex = (shown: Shown): shown is number => shown !== ELLIPSIS

// Wrapping a row
// --------------

// Lays out the words of one row (numbers already padded, or "...") as NumPy's `_formatArray`
// does: each line starts with a two-space hanging indent, a word that would reach past the
// limit goes to a new line (unless the line is still empty), and the indent of the very first
// line is then replaced by the row's "[".
const wrapRow = (words: readonly string[]): string => {
  const indent = '  '
  const limit = LINE_WIDTH - 2 // room left after the row's "]" and the matrix's "]"
  let text = ''
  let line = indent
  words.forEach((word, i) => {
    if (line.length + word.length > limit && line.length > indent.length) {
      text += line.trimEnd() + '\n'
      line = indent
    }
    line += word
    if (i < words.length - 1) line += ' '
  })
  return '[' + (text + line).slice(indent.length) + ']'
}

// The matrix
// ----------

/**
 * The exact text of NumPy's `print()` of a rows × cols integer matrix stored row-major.
 * @example formatNumpyMatrix([5, 0, 12, 3], 2, 2) === '[[ 5  0]\n [12  3]]'
 */
export const formatNumpyMatrix = (
  counts: ArrayLike<number>, // (rows, cols), integers
  rows: number,
  cols: number,
): string => {
  if (counts.length !== rows * cols) {
    throw new RangeError(`formatNumpyMatrix: a ${rows}×${cols} matrix holds ${rows * cols} numbers, got ${counts.length}`)
  }
  if (rows * cols === 0) return '[]'
  const summarise = rows * cols > THRESHOLD
  const shownRows = shownIndices(rows, summarise)
  const shownCols = shownIndices(cols, summarise)

  // The width comes from the numbers that are actually printed, as NumPy measures only those.
  const shown = shownRows.filter(isIndex).flatMap((r) => shownCols.filter(isIndex).map((c) => counts[r * cols + c]))
  const [least, most] = shown.reduce(([lo, hi], v) => [Math.min(lo, v), Math.max(hi, v)], [Infinity, -Infinity])
  const width = Math.max(String(most).length, String(least).length)

  const rowText = (r: number): string =>
    wrapRow(shownCols.map((c) => (isIndex(c) ? String(counts[r * cols + c]).padStart(width) : ELLIPSIS)))
  return '[' + shownRows.map((r) => (isIndex(r) ? rowText(r) : ELLIPSIS)).join('\n ') + ']'
}
