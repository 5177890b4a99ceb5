import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { chainLinks, readingOrder } from '../../scripts/tools/readingOrder.ts'

// A source file whose header names its neighbours (either may be left out).
const source = (links: { previous?: string; next?: string }): string =>
  [
    '// A title',
    '// =======',
    '//',
    '// Some prose about the file.',
    `// ${[links.previous === undefined ? '' : `Previous: ${links.previous}.`, links.next === undefined ? '' : `Next: ${links.next}.`].join(' ').trim()}`,
    '',
    'export const x = 1',
    '',
  ].join('\n')

type Links = { previous?: string; next?: string }
const repository = (files: Record<string, Links>): ReadonlyMap<string, string> =>
  new Map(Object.entries(files).map(([path, links]) => [path, source(links)]))

const problemsOf = (files: ReadonlyMap<string, string>): readonly string[] => {
  const order = readingOrder(files)
  if (E.isRight(order)) throw new Error(`expected a broken chain, got ${order.right.join(', ')}`)
  return order.left.split('\n').slice(1).map((line) => line.trim())
}

// A good chain: the table of contents, three files in two folders, and two scripts.
const GOOD = {
  'src/index.ts': { next: 'core/shape.ts' },
  'src/core/shape.ts': { next: 'core/rng.ts' },
  'src/core/rng.ts': { previous: 'core/shape.ts', next: 'kernels/dense.ts' },
  'src/kernels/dense.ts': { previous: 'core/rng.ts', next: 'scripts/' },
  'scripts/train.ts': {},
  'scripts/bench.ts': {},
}

describe('chainLinks', () => {
  it('reads Previous and Next from the header, without their final full stops', () => {
    expect(chainLinks(source({ previous: 'core/params.ts', next: 'scripts/' }))).toEqual({ previous: 'core/params.ts', next: 'scripts/' })
    expect(chainLinks('// Title\n// Next: a.ts.')).toEqual({ previous: undefined, next: 'a.ts' })
  })

  it('ignores examples in indented lines and anything after the header', () => {
    const text = ['// Title', '//', '//     Previous: x.ts. Next: y.ts.', '//', '// Previous: a.ts. Next: b.ts.', '', '// Next: c.ts.'].join('\n')
    expect(chainLinks(text)).toEqual({ previous: 'a.ts', next: 'b.ts' })
    expect(chainLinks('export const x = 1\n// Next: a.ts.')).toEqual({ previous: undefined, next: undefined })
  })
})

describe('readingOrder: good chains', () => {
  it('starts at src/index.ts, follows the Next links, then lists the scripts alphabetically', () => {
    expect(readingOrder(repository(GOOD))).toEqual(
      E.right(['src/index.ts', 'src/core/shape.ts', 'src/core/rng.ts', 'src/kernels/dense.ts', 'scripts/bench.ts', 'scripts/train.ts']),
    )
  })

  it('accepts a last file without a Next, and ignores files that get no page', () => {
    const files = repository({
      'src/index.ts': { next: 'a.ts' },
      'src/a.ts': { previous: 'index.ts' },
      'scripts/nested/tool.ts': {},
      'docs/README.md': {},
    })
    expect(readingOrder(files)).toEqual(E.right(['src/index.ts', 'src/a.ts']))
  })
})

describe('readingOrder: broken chains', () => {
  it('reports a Next that names no file, and everything it leaves unread', () => {
    const files = repository({ ...GOOD, 'src/core/shape.ts': { next: 'core/rgn.ts' } })
    expect(problemsOf(files)).toEqual([
      'src/core/shape.ts: "Next: core/rgn.ts" names no file under src/',
      'src/core/rng.ts: never reached from src/index.ts (it says "Previous: core/shape.ts", but core/shape.ts says "Next: core/rgn.ts")',
      'src/kernels/dense.ts: never reached from src/index.ts (it says "Previous: core/rng.ts", which is not reached either)',
    ])
  })

  it('reports a file the chain never reaches, and where the chain ended', () => {
    const files = repository({ ...GOOD, 'src/kernels/relu.ts': { previous: 'kernels/dense.ts' } })
    expect(problemsOf(files)).toEqual([
      'src/kernels/dense.ts: the chain ends here ("Next: scripts/"), but 1 file(s) under src/ were never reached',
      'src/kernels/relu.ts: never reached from src/index.ts (it says "Previous: kernels/dense.ts", but kernels/dense.ts says "Next: scripts/")',
    ])
  })

  it('reports a Previous that is not the file before, or a missing one', () => {
    const wrong = repository({ ...GOOD, 'src/core/rng.ts': { previous: 'core/tensor.ts', next: 'kernels/dense.ts' } })
    expect(problemsOf(wrong)).toEqual(['src/core/rng.ts: "Previous: core/tensor.ts" but it comes after core/shape.ts'])
    const missing = repository({ ...GOOD, 'src/core/rng.ts': { next: 'kernels/dense.ts' } })
    expect(problemsOf(missing)).toEqual(['src/core/rng.ts: the header has no "Previous:" (it comes after core/shape.ts)'])
  })

  it('reports a loop back to a file already read', () => {
    const files = repository({ ...GOOD, 'src/kernels/dense.ts': { previous: 'core/rng.ts', next: 'core/shape.ts' } })
    expect(problemsOf(files)).toEqual(['src/kernels/dense.ts: "Next: core/shape.ts" goes back to a file already read (a loop)'])
  })

  it('reports a missing table of contents, or one that names no first file', () => {
    expect(problemsOf(repository({ 'src/a.ts': {} }))).toEqual(['src/index.ts: missing; the reading order starts there'])
    expect(problemsOf(repository({ 'src/index.ts': {}, 'src/a.ts': {} }))).toEqual([
      'src/index.ts: the header has no "Next:" naming the first file to read',
      'src/a.ts: never reached from src/index.ts',
    ])
  })

  it('lists every problem in one message, with a count', () => {
    const files = repository({
      ...GOOD,
      'src/core/rng.ts': { previous: 'core/tensor.ts', next: 'kernels/dense.ts' },
      'src/kernels/dense.ts': { previous: 'core/rng.ts', next: 'kernels/relu.ts' },
      'src/layers/dense.ts': {},
    })
    const order = readingOrder(files)
    expect(E.isLeft(order) ? order.left : '').toBe(
      [
        'the reading order is broken (3 problems):',
        '  src/core/rng.ts: "Previous: core/tensor.ts" but it comes after core/shape.ts',
        '  src/kernels/dense.ts: "Next: kernels/relu.ts" names no file under src/',
        '  src/layers/dense.ts: never reached from src/index.ts',
      ].join('\n'),
    )
  })
})
