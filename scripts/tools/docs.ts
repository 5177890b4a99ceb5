// `npm run docs`
// ==============
//
// Writes the annotated sources: one page per file, prose beside code, into docs/annotated/.
// It reads every .ts file under src/ and directly under scripts/, and the Markdown of the
// syllabus (docs/README.md) and the derivations (docs/math/*.md); puts the sources in reading
// order (readingOrder.ts, which also checks the Previous/Next chain of the headers); renders
// the pages (literate.ts) and writes them, each file atomically. With `--check` it
// writes nothing and only compares: when the pages on disk differ from what the sources
// give, it lists the differences and exits with 1, which is what a CI job wants to know.
// Exit status: 0 written (or up to date), 1 broken chain, stale pages or a failed write, 2 bad flags.
//
// This is repository tooling, not part of the lesson: it lives in scripts/tools/, outside
// the reading order, and gets no page of its own.

import { readdir } from 'node:fs/promises'
import { join, posix, resolve } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { readText, writeFilesAtomic } from '../../src/cli/files.ts'
import { helpText, parseFlags, type FlagSpec } from '../../src/cli/flags.ts'
import type { Io } from '../../src/cli/io.ts'
import { isMain } from './isMain.ts'
import { isDocument, pageCollisions, renderSite, SITE_DIR } from './literate.ts'
import { readingOrder } from './readingOrder.ts'

/** The flags of `npm run docs`. */
export const DOCS_FLAGS: readonly FlagSpec[] = [
  { name: 'out', kind: { type: 'string' }, default: SITE_DIR, value: 'DIR', help: 'where to write the pages' },
  { name: 'check', kind: { type: 'switch' }, help: 'write nothing; exit 1 if the pages in --out differ from what the sources give' },
]

// Reading the repository
// ----------------------

/** Every file under `dir`, as paths from `root` with `/` separators, sorted; none if `dir` does not exist. */
const listFiles = async (root: string, dir: string): Promise<readonly string[]> => {
  const entries = await readdir(join(root, dir), { withFileTypes: true }).catch(() => [])
  const files: string[] = []
  for (const entry of entries) {
    const path = posix.join(dir, entry.name)
    if (entry.isDirectory()) files.push(...(await listFiles(root, path)))
    else if (entry.isFile()) files.push(path)
  }
  return files.sort()
}

/** What the pages are made from: the sources and documents, and the other files their prose may link to. */
export interface Repository {
  /** Text by path: every source and every document. */
  readonly files: ReadonlyMap<string, string>
  /** The Markdown files that get a page, sorted. */
  readonly documents: readonly string[]
  readonly others: ReadonlySet<string>
}

/**
 * Reads every .ts file under src/ and directly under scripts/ (not scripts/tools/, which is
 * tooling), the documents, and lists the files prose may link to: those in docs/ (but not
 * the pages themselves), in spec/, and at the top level.
 */
export const readRepository = async (root: string): Promise<E.Either<string, Repository>> => {
  const isSource = (path: string): boolean => /^(?:src\/.+|scripts\/[^/]+)\.ts$/.test(path)
  const sources = [...(await listFiles(root, 'src')), ...(await listFiles(root, 'scripts'))].filter(isSource)
  const docs = (await listFiles(root, 'docs')).filter((path) => !path.startsWith(`${SITE_DIR}/`))
  const documents = docs.filter(isDocument)
  const files = new Map<string, string>()
  for (const path of [...sources, ...documents]) {
    const text = await readText(join(root, path))
    if (E.isLeft(text)) return text
    files.set(path, text.right)
  }
  const specs = await listFiles(root, 'spec')
  const topLevel = (await readdir(root, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name)
  return E.right({ files, documents, others: new Set([...docs, ...specs, ...topLevel]) })
}

// Checking the pages on disk
// --------------------------

// A page whose source was renamed or deleted would otherwise linger, so we look for those.
const staleFiles = async (out: string, site: ReadonlyMap<string, string>): Promise<readonly string[]> =>
  (await listFiles(out, '.')).filter((path) => /\.(?:html|css)$/.test(path) && !site.has(path))

/** How the pages in `out` differ from `site`: one line per missing, changed or stale file. */
const differences = async (out: string, site: ReadonlyMap<string, string>): Promise<readonly string[]> => {
  const found: string[] = []
  for (const [name, content] of site) {
    const current = await readText(join(out, name))
    if (E.isLeft(current)) found.push(`${name} is missing`)
    else if (current.right !== content) found.push(`${name} differs`)
  }
  return [...found, ...(await staleFiles(out, site)).map((name) => `${name} has no source any more`)]
}

// The command
// -----------

const indented = (lines: readonly string[]): string => lines.map((line) => `  ${line}\n`).join('')

/** Runs `npm run docs` with the given arguments, in the repository at `root`; returns the exit status. */
export const runDocs = async (argv: readonly string[], io: Io = process, root = '.'): Promise<number> => {
  const parsed = parseFlags(DOCS_FLAGS, argv)
  if (E.isLeft(parsed)) {
    io.stderr.write(`error: ${parsed.left} (see --help)\n`)
    return 2
  }
  if (parsed.right.help === true) {
    io.stdout.write(helpText('npm run docs -- [options]', 'Renders the annotated sources, prose beside code, as HTML pages.', DOCS_FLAGS))
    return 0
  }
  const outFlag = String(parsed.right.out)
  const out = resolve(root, outFlag)
  const repository = await readRepository(root)
  if (E.isLeft(repository)) {
    io.stderr.write(`error: ${repository.left}\n`)
    return 1
  }
  const order = readingOrder(repository.right.files)
  if (E.isLeft(order)) {
    io.stderr.write(`error: ${order.left}\nFix the Previous/Next lines of those headers; no pages were written.\n`)
    return 1
  }
  const collisions = pageCollisions([...order.right, ...repository.right.documents])
  if (collisions.length > 0) {
    io.stderr.write(`error: two files would be written to the same page:\n${indented(collisions)}Rename one of them; no pages were written.\n`)
    return 1
  }
  const site = renderSite({ ...repository.right, order: order.right })
  if (parsed.right.check === true) {
    const found = await differences(out, site)
    if (found.length > 0) {
      const count = `${found.length} file${found.length === 1 ? '' : 's'}`
      io.stderr.write(`error: ${outFlag} is out of date (${count}):\n${indented(found)}Run \`npm run docs\` to render the pages again.\n`)
      return 1
    }
    io.stdout.write(`${outFlag} is up to date (${site.size - 1} pages)\n`)
    return 0
  }
  const written = await writeFilesAtomic([...site].map(([name, content]) => [join(out, name), content] as const))
  if (E.isLeft(written)) {
    io.stderr.write(`error: ${written.left}\n`)
    return 1
  }
  io.stdout.write(`wrote ${site.size - 1} pages and style.css to ${outFlag}\n`)
  const stale = await staleFiles(out, site)
  if (stale.length > 0) io.stderr.write(`note: these files in ${outFlag} have no source any more; delete them:\n${indented(stale)}`)
  return 0
}

// `npm run docs` runs this file; a spec that imports it runs nothing.
if (isMain(import.meta.url)) process.exitCode = await runDocs(process.argv.slice(2))
