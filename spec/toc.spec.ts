// One table of contents
// =====================
//
// Three lists name the files of the tutorial in reading order, and they must agree:
//
//   1. the chain of `Next:` lines in the file headers, followed from src/index.ts
//      (scripts/tools/readingOrder.ts, which `npm run docs` also follows);
//   2. src/index.ts's re-exports, `export … from './x.ts'`, in the order written;
//   3. the file lists of the syllabus, docs/README.md: the links [`core/shape.ts`](annotated/…).
//
// The chain is the reference. index.ts lists every file of the chain except those it cannot
// re-export: the command line (src/cli/) and the Node-only worker threads and benchmark
// (src/parallel/, src/bench/), which the chain visits in their place, at the end, but a
// library for browsers must not import. The syllabus lists every file of the chain, those
// included. Each test names every file that disagrees and how.

import { readFile } from 'node:fs/promises'
import { join, posix } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { readRepository } from '../scripts/tools/docs.ts'
import { pageOf, SITE_DIR, SYLLABUS } from '../scripts/tools/literate.ts'
import { readingOrder, START } from '../scripts/tools/readingOrder.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

// Files the chain reads but src/index.ts cannot re-export.
const NOT_REEXPORTED = /^src\/(?:cli|parallel|bench)\//

// Reading the three lists
// -----------------------

/** The files a source file re-exports, in order, as repository paths (`src/core/shape.ts`). */
const reexportsOf = (text: string, path = START): readonly string[] =>
  [...text.matchAll(/^export\b[^\n]*?\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => posix.join(posix.dirname(path), m[1]!))

/**
 * The files src/index.ts re-exports, in order. A chapter that is an entry of its own
 * (`export type {} from './plot/index.ts'`) counts as the files its index re-exports, then the
 * index itself, which closes the chapter.
 */
const reexports = async (path: string): Promise<readonly string[]> => {
  const files: string[] = []
  for (const file of reexportsOf(await readFile(join(ROOT, path), 'utf8'), path)) {
    if (path === START && file.endsWith('/index.ts')) files.push(...(await reexports(file)))
    files.push(file)
  }
  return files
}

/** A link of the syllabus into the annotated pages: its text and where it leads. */
interface PageLink {
  readonly text: string
  readonly target: string // relative to docs/: annotated/core/shape.html
}

/** Every link of the syllabus whose text is code and whose target is an annotated page. */
const pageLinks = (markdown: string): readonly PageLink[] =>
  [...markdown.matchAll(/\[`([^`]+)`\]\((annotated\/[^)#\s]+)\)/g)].map((m) => ({ text: m[1]!, target: m[2]! }))

/** The files the syllabus lists, in order: the links whose text is a source file. */
const syllabusFiles = (markdown: string): readonly string[] =>
  pageLinks(markdown)
    .filter((link) => link.text.endsWith('.ts'))
    .map((link) => `src/${link.text}`)

// Comparing two lists
// -------------------

// The longest common subsequence of a and b: the files both lists have in the same order.
const inOrder = (a: readonly string[], b: readonly string[]): ReadonlySet<string> => {
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!)
  }
  const kept = new Set<string>()
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      kept.add(a[i]!)
      i++
      j++
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) i++
    else j++
  }
  return kept
}

/**
 * How `actual` differs from `expected`, one line per file: missing, extra, listed twice, or
 * out of order (with the file each list puts before it).
 */
const disagreements = (expected: readonly string[], actual: readonly string[], names: { readonly expected: string; readonly actual: string }): readonly string[] => {
  const short = (path: string | undefined) => (path === undefined ? 'the start' : path.replace(/^src\//, ''))
  const found: string[] = []
  for (const file of expected) if (!actual.includes(file)) found.push(`${short(file)}: in ${names.expected}, missing from ${names.actual}`)
  for (const file of new Set(actual)) {
    if (!expected.includes(file)) found.push(`${short(file)}: in ${names.actual}, not in ${names.expected}`)
    if (actual.indexOf(file) !== actual.lastIndexOf(file)) found.push(`${short(file)}: listed more than once in ${names.actual}`)
  }
  const a = expected.filter((file) => actual.includes(file))
  const b = [...new Set(actual)].filter((file) => expected.includes(file))
  const kept = inOrder(a, b)
  for (const file of a) {
    if (kept.has(file)) continue
    found.push(`${short(file)}: out of order: ${names.expected} has it after ${short(a[a.indexOf(file) - 1])}, ${names.actual} after ${short(b[b.indexOf(file) - 1])}`)
  }
  return found
}

// The checks
// ----------

describe('the table of contents', () => {
  let chain: readonly string[] = [] // the Next chain's files under src/, src/index.ts excepted
  let chainProblem = ''
  let generated: ReadonlySet<string> = new Set() // the pages npm run docs writes, as docs/annotated/…
  let index: readonly string[] = []
  let syllabus = ''

  beforeAll(async () => {
    const repository = await readRepository(ROOT)
    if (E.isLeft(repository)) throw new Error(repository.left)
    const order = readingOrder(repository.right.files)
    if (E.isLeft(order)) chainProblem = order.left
    else {
      chain = order.right.filter((path) => path.startsWith('src/') && path !== START)
      generated = new Set([...order.right, ...repository.right.documents].map((path) => `${SITE_DIR}/${pageOf(path)}`))
    }
    index = await reexports(START)
    syllabus = await readFile(join(ROOT, SYLLABUS), 'utf8')
  }, 30_000)

  it('starts from a Next chain that reaches every file under src/', () => {
    expect(chainProblem).toBe('')
    expect(chain.length).toBeGreaterThan(50)
  })

  it('has src/index.ts re-export the files of the chain in the chain’s order', () => {
    const restricted = chain.filter((path) => index.includes(path))
    expect(disagreements(restricted, index, { expected: 'the Next chain', actual: 'src/index.ts' })).toEqual([])
  })

  it('has src/index.ts re-export every file of the chain but the command line, the threads and the benchmark', () => {
    const expected = chain.filter((path) => !NOT_REEXPORTED.test(path))
    expect(disagreements(expected, index, { expected: 'the Next chain', actual: 'src/index.ts' })).toEqual([])
  })

  it('has the syllabus list every file of the chain, in the chain’s order', () => {
    expect(disagreements(chain, syllabusFiles(syllabus), { expected: 'the Next chain', actual: `${SYLLABUS}` })).toEqual([])
  })

  it('has every file link of the syllabus lead to the page npm run docs writes for that file', () => {
    const wrong = pageLinks(syllabus).flatMap(({ text, target }) => {
      const page = `docs/${target}`
      const own = text.endsWith('.ts') ? `${SITE_DIR}/${pageOf(`src/${text}`)}` : undefined
      return [
        ...(own !== undefined && page !== own ? [`[\`${text}\`](${target}) should lead to ${own.slice('docs/'.length)}`] : []),
        ...(!generated.has(page) ? [`[\`${text}\`](${target}): npm run docs writes no such page`] : []),
      ]
    })
    expect(chainProblem).toBe('')
    expect(wrong).toEqual([])
  })
})

describe('comparing lists', () => {
  it('names the files missing, extra, repeated and out of order', () => {
    const names = { expected: 'chain', actual: 'list' }
    expect(disagreements(['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd'], names)).toEqual([])
    expect(disagreements(['a', 'b', 'c', 'd'], ['a', 'c', 'b', 'd', 'e', 'd'], names)).toEqual([
      'd: listed more than once in list',
      'e: in list, not in chain',
      'b: out of order: chain has it after a, list after c',
    ])
    expect(disagreements(['a', 'b'], ['b'], names)).toEqual(['a: in chain, missing from list'])
  })

  it('reads the re-exports of an index and the file links of a syllabus', () => {
    const index = "// Next: a.ts.\nexport * from './a.ts'\nexport type * as b from './b/c.ts'\nexport { d, type E } from './d.ts'\nexport type {} from './w.ts'\n"
    expect(reexportsOf(index)).toEqual(['src/a.ts', 'src/b/c.ts', 'src/d.ts', 'src/w.ts'])
    const markdown = '[`core/shape.ts`](annotated/core/shape.html) →\n[`scripts/`](annotated/scripts/train.html), [x](annotated/y.html)'
    expect(syllabusFiles(markdown)).toEqual(['src/core/shape.ts'])
    expect(pageLinks(markdown)).toEqual([
      { text: 'core/shape.ts', target: 'annotated/core/shape.html' },
      { text: 'scripts/', target: 'annotated/scripts/train.html' },
    ])
  })
})
