// The reading order
// =================
//
// The annotated pages follow the tutorial: src/index.ts (the table of contents) first, then
// every file under src/ in the order the file headers give, then the scripts alphabetically.
// Each header ends with a line such as
//
//     Previous: core/shape.ts. Next: core/rng.ts.
//
// (paths relative to src/), so the headers form a chain a reader can follow in an editor too.
// We follow it from src/index.ts and check it on the way: every Next must name a file, every
// Previous the file that came before, and every file must be reached exactly once. A Next
// that leaves src/ (`Next: scripts/.`) ends the chain. Problems are collected, not thrown,
// so that one run lists them all. (This file is tooling in scripts/tools/, so it is not in
// the chain itself; scripts/tools/ gets no pages.)

import * as E from 'fp-ts/lib/Either.js'

/** The file the reading starts with. */
export const START = 'src/index.ts'

/** The Previous and Next a header names, relative to src/ as written (`core/shape.ts`). */
export interface ChainLinks {
  readonly previous: string | undefined
  readonly next: string | undefined
}

// The header is the opening run of `//` lines. Indented lines are examples (like the one
// above), so they do not count, and when a label appears twice the last one wins.
const lastLabel = (header: string, label: 'Previous' | 'Next'): string | undefined =>
  [...header.matchAll(new RegExp(`\\b${label}:\\s*(\\S+)`, 'g'))].at(-1)?.[1]?.replace(/\.$/, '')

/** Reads the `Previous:` and `Next:` of a file's header. */
export const chainLinks = (source: string): ChainLinks => {
  const lines = source.replace(/\r\n?/g, '\n').split('\n')
  const opening = lines.slice(lines[0]?.startsWith('#!') === true ? 1 : 0)
  const end = opening.findIndex((line) => !line.trimStart().startsWith('//'))
  const header = (end < 0 ? opening : opening.slice(0, end)).filter((line) => !/^\s*\/\/ {5}/.test(line)).join('\n')
  return { previous: lastLabel(header, 'Previous'), next: lastLabel(header, 'Next') }
}

// `Next: scripts/.` (or anything outside src/) means: this is the last file of src/.
const leavesSrc = (next: string): boolean => /^(?:\.\.\/|scripts(?:\/|$))/.test(next)

const short = (path: string): string => path.replace(/^src\//, '')

/**
 * The files in reading order: src/index.ts, the chain of Next links from its header, then
 * scripts/*.ts alphabetically. Keys of `files` are repository paths (`src/core/shape.ts`).
 * A broken chain gives one message that lists every problem found, one per line.
 */
export const readingOrder = (files: ReadonlyMap<string, string>): E.Either<string, readonly string[]> => {
  const paths = [...files.keys()].sort()
  const sources = paths.filter((path) => path.startsWith('src/') && path.endsWith('.ts'))
  const scripts = paths.filter((path) => /^scripts\/[^/]+\.ts$/.test(path))
  const links = (path: string): ChainLinks => chainLinks(files.get(path) ?? '')
  const problems: string[] = []
  const chain: string[] = []
  if (!files.has(START)) {
    problems.push(`${START}: missing; the reading order starts there`)
  } else {
    // Walk the Next links; stop at the end of src/ or at the first link we cannot follow.
    chain.push(START)
    let broken = false
    for (let current = START; ; ) {
      const { next } = links(current)
      if (next === undefined && current === START) {
        problems.push(`${START}: the header has no "Next:" naming the first file to read`)
        broken = true
        break
      }
      if (next === undefined || leavesSrc(next)) break
      const target = `src/${next}`
      const wrong = !files.has(target) ? 'names no file under src/' : chain.includes(target) ? 'goes back to a file already read (a loop)' : undefined
      if (wrong !== undefined) {
        problems.push(`${current}: "Next: ${next}" ${wrong}`)
        broken = true
        break
      }
      // The file right after the table of contents needs no Previous; all others do.
      const { previous } = links(target)
      if (previous === undefined && current !== START) {
        problems.push(`${target}: the header has no "Previous:" (it comes after ${short(current)})`)
      } else if (previous !== undefined && previous !== short(current)) {
        problems.push(`${target}: "Previous: ${previous}" but it comes after ${short(current)}`)
      }
      chain.push(target)
      current = target
    }
    const unreached = sources.filter((path) => !chain.includes(path))
    const last = chain[chain.length - 1]!
    if (!broken && unreached.length > 0) {
      const { next } = links(last)
      problems.push(`${last}: the chain ends here${next === undefined ? '' : ` ("Next: ${next}")`}, but ${unreached.length} file(s) under src/ were never reached`)
    }
    // Saying where a lost file thinks it belongs points at the link to fix.
    for (const path of unreached) {
      const { previous } = links(path)
      const before = previous === undefined ? undefined : links(`src/${previous}`).next
      const hint =
        previous === undefined
          ? ''
          : unreached.includes(`src/${previous}`)
            ? ` (it says "Previous: ${previous}", which is not reached either)`
            : before !== undefined && before !== short(path)
              ? ` (it says "Previous: ${previous}", but ${previous} says "Next: ${before}")`
              : ` (it says "Previous: ${previous}")`
      problems.push(`${path}: never reached from ${START}${hint}`)
    }
  }
  return problems.length === 0
    ? E.right([...chain, ...scripts])
    : E.left([`the reading order is broken (${problems.length} problem${problems.length === 1 ? '' : 's'}):`, ...problems.map((p) => `  ${p}`)].join('\n'))
}
