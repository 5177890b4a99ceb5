// `npm run api`
// =============
//
// Writes docs/api.md, the reference of everything the package exports, from the code itself,
// so that it cannot fall behind. The compiler writes the declarations of src/ into a
// temporary folder (`tsc --emitDeclarationOnly`: each export's type, and the `/** … */`
// comment above it); this script then walks the package's entries in order:
//
//   annotated-cnn        src/index.ts          chapter by chapter, as its headings say
//   annotated-cnn/plot   src/plot/index.ts     chapter 10
//   annotated-cnn/exact  src/exact/index.ts    appendix A
//   annotated-cnn/fast   src/fast/index.ts     appendix B
//   annotated-cnn/node   src/cli/library.ts    files, for Node
//
// For each `export … from './file.ts'` of an entry it takes the named exports (all of them for
// `export *`) from that file's declarations and writes, for each, its comment, its type and a
// link to the annotated page of its file. Nothing is written by hand but the entries' one-line
// descriptions below. With `--check` it writes nothing and exits 1 when docs/api.md differs
// from what the code gives (spec/scripts/api.spec.ts runs this in `npm test`).
// Exit status: 0 written (or up to date), 1 stale, or the compiler failed, 2 bad flags.
//
// This is repository tooling, not part of the lesson: it lives in scripts/tools/.

import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, posix } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { readText, writeFileAtomic } from '../../src/cli/files.ts'
import { helpText, parseFlags, type FlagSpec } from '../../src/cli/flags.ts'
import type { Io } from '../../src/cli/io.ts'
import { isMain } from './isMain.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Where the reference is written. */
export const API_PAGE = 'docs/api.md'

/** The flags of `npm run api`. */
export const API_FLAGS: readonly FlagSpec[] = [
  { name: 'check', kind: { type: 'switch' }, help: `write nothing; exit 1 if ${API_PAGE} differs from what the code gives` },
]

/** A package entry: the name a program imports, the source that lists it, and what it is for. */
export interface Entry {
  readonly name: string
  readonly source: string // relative to src/
  readonly about: string
}

export const ENTRIES: readonly Entry[] = [
  { name: 'annotated-cnn', source: 'index.ts', about: 'The library: tensors, kernels, layers, networks, optimizers, data, training, the report, model files, `fit`. No Node built-ins; runs in browsers.' },
  { name: 'annotated-cnn/plot', source: 'plot/index.ts', about: 'Chapter 10: what each layer computed, and pictures of it as SVG (or PNG) text.' },
  { name: 'annotated-cnn/exact', source: 'exact/index.ts', about: "Appendix A: NumPy's and scikit-learn's split and printed report, to the last digit." },
  { name: 'annotated-cnn/fast', source: 'fast/index.ts', about: 'Appendix B: the fast kernels, with the plain ones\' signatures.' },
  { name: 'annotated-cnn/node', source: 'cli/library.ts', about: 'For Node: loading MNIST or any IDX data set, saving and loading model files.' },
]

// Reading declarations
// --------------------

/** One exported declaration of a .d.ts file: its name, its `/** … *\/` comment, its code. */
export interface Declaration {
  readonly name: string
  readonly doc: string
  readonly code: string
}

const DECLARED = /^export (?:declare )?(?:const|function|interface|type|class|abstract class) ([A-Za-z_$][\w$]*)/

/**
 * The exported declarations of a declaration file, in order. The compiler starts each
 * top-level statement (and the comment above it) at column 0 and indents what is inside, so
 * a statement runs from a column-0 line to the next column-0 line that is not a closing
 * bracket. Overloads of one function become one entry.
 */
export const declarationsOf = (text: string): readonly Declaration[] => {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const found: Declaration[] = []
  let doc: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.startsWith('/**')) {
      doc = [line]
      while (!lines[i]!.includes('*/') && i + 1 < lines.length) doc.push(lines[++i]!)
      continue
    }
    const m = DECLARED.exec(line)
    if (m === null) {
      if (line !== '' && !/^\s/.test(line)) doc = []
      continue
    }
    const code = [line]
    while (i + 1 < lines.length && (/^\s/.test(lines[i + 1]!) || /^[)}\]]/.test(lines[i + 1]!))) code.push(lines[++i]!)
    const text = code.join('\n').replace(/^export (?:declare )?/, '').replace(/;$/, '')
    const previous = found.find((d) => d.name === m[1])
    const entry = { name: m[1]!, doc: commentText(doc), code: text }
    if (previous === undefined) found.push(entry)
    else found[found.indexOf(previous)] = { name: previous.name, doc: previous.doc || entry.doc, code: `${previous.code}\n${text}` }
    doc = []
  }
  return found
}

/** The prose of a `/** … *\/` comment: its lines without the stars, `@example`s as code. */
export const commentText = (lines: readonly string[]): string => {
  const body = lines
    .join('\n')
    .replace(/^\s*\/\*\*\s?/, '')
    .replace(/\s*\*\/\s*$/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''))
  const prose: string[] = []
  for (const line of body) {
    const example = /^@example\s+(.*)$/.exec(line)
    prose.push(example === null ? line : `Example: \`${example[1]!.trim()}\``)
  }
  return prose.join('\n').trim()
}

// Reading an entry
// ----------------

/** A part of an entry: a chapter heading, or the exports it takes from one file. */
export type Part =
  | { readonly kind: 'heading'; readonly title: string }
  | { readonly kind: 'file'; readonly file: string; readonly names: readonly string[] | 'all' }
  | { readonly kind: 'namespace'; readonly file: string; readonly name: string }

/**
 * The parts of an entry's source, in order: the headings of its chapters (a `// …` line
 * underlined by `// ---`), and each `export … from` line with the names it exports (type-only
 * empty re-exports, `export type {} from`, add nothing and are left out).
 */
export const partsOf = (source: string, path: string): readonly Part[] => {
  const lines = source.replace(/\r\n?/g, '\n').split('\n')
  const parts: Part[] = []
  lines.forEach((line, i) => {
    if (/^\/\/ -{3,}$/.test(lines[i + 1] ?? '') && line.startsWith('// ')) parts.push({ kind: 'heading', title: line.slice(3) })
    const m = /^export (type )?(\*|\*\s+as\s+(\w+)|\{([^}]*)\}) from '(\.{1,2}\/[^']+)'/.exec(line)
    if (m === null) return
    const file = posix.join(posix.dirname(path), m[5]!)
    if (m[3] !== undefined) parts.push({ kind: 'namespace', file, name: m[3] })
    else if (m[2] === '*') parts.push({ kind: 'file', file, names: 'all' })
    else {
      const names = m[4]!.split(',').map((n) => n.trim().replace(/^type\s+/, '')).filter((n) => n !== '')
      if (names.length > 0) parts.push({ kind: 'file', file, names })
    }
  })
  return parts
}

// Writing the page
// ----------------

// An anchor for an export, or for an entry when `name` is '' (`annotated-cnn-plot`,
// `annotated-cnn-plot-heatmap`). Case is kept: `Tensor` and `tensor` are two exports.
const anchorOf = (entry: string, name: string): string => [entry.replace(/[^\w]+/g, '-'), name].filter((part) => part !== '').join('-')

const pageOf = (file: string): string => `annotated/${file.replace(/\.ts$/, '.html')}`

/** docs/api.md from the entries' parts and the declarations of every file they name. */
export const renderApi = (entries: readonly { readonly entry: Entry; readonly parts: readonly Part[] }[], declarations: (file: string) => readonly Declaration[]): E.Either<string, string> => {
  const out: string[] = [
    '# API reference',
    '',
    `<!-- Generated by \`npm run api\` (scripts/tools/api.ts) from the package's declarations: do not edit. -->`,
    '',
    'Every export of the package, entry by entry, in the order the tutorial reads them: the',
    'comment written above it in the source, its type as the compiler declares it, and the',
    'annotated page of its file. [library.md](library.md) shows how the pieces fit together.',
    '',
    '| import from | what |',
    '| --- | --- |',
    ...entries.map(({ entry }) => `| [\`${entry.name}\`](#${anchorOf(entry.name, '')}) | ${entry.about} |`),
    '',
  ]
  for (const { entry, parts } of entries) {
    out.push(`<a id="${anchorOf(entry.name, '')}"></a>`, '', `## \`${entry.name}\``, '', `${entry.about} Listed by [\`${entry.source}\`](${pageOf(entry.source)}).`, '')
    let count = 0
    for (const part of parts) {
      if (part.kind === 'heading') {
        out.push(`### ${part.title}`, '')
        continue
      }
      if (part.kind === 'namespace') {
        out.push(`#### \`${part.name}\``, '', `The types of [\`${part.file}\`](${pageOf(part.file)}), as a namespace.`, '')
        count++
        continue
      }
      const declared = declarations(part.file)
      const chosen = part.names === 'all' ? declared : part.names.map((name) => declared.find((d) => d.name === name) ?? name)
      const missing = chosen.filter((d): d is string => typeof d === 'string')
      if (missing.length > 0) return E.left(`${entry.source}: ${part.file} declares no export ${missing[0]}`)
      for (const d of chosen as readonly Declaration[]) {
        out.push(`<a id="${anchorOf(entry.name, d.name)}"></a>`, '', `#### \`${d.name}\``, '')
        if (d.doc !== '') out.push(d.doc, '')
        out.push('```ts', d.code, '```', '', `From [\`${part.file}\`](${pageOf(part.file)}).`, '')
        count++
      }
    }
    if (count === 0) return E.left(`${entry.source}: exports nothing`)
  }
  return E.right(`${out.join('\n').trimEnd()}\n`)
}

// The command
// -----------

/** The declarations of src/, written by the compiler into a temporary folder. */
const compileDeclarations = async (): Promise<E.Either<string, { readonly dir: string; readonly done: () => Promise<void> }>> => {
  const dir = await mkdtemp(join(tmpdir(), 'annotated-cnn-api-'))
  const done = () => rm(dir, { recursive: true, force: true })
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc')
  const args = [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--emitDeclarationOnly', '--declarationMap', 'false', '--sourceMap', 'false', '--outDir', dir]
  const compiled = spawnSync(process.execPath, args, { encoding: 'utf8' })
  if (compiled.status !== 0) {
    await done()
    return E.left(`tsc --emitDeclarationOnly failed: ${(compiled.stdout + compiled.stderr).split('\n')[0]}`)
  }
  return E.right({ dir, done })
}

/** Builds the page from the repository; resolves to its text or a one-line problem. */
export const buildApi = async (): Promise<E.Either<string, string>> => {
  const compiled = await compileDeclarations()
  if (E.isLeft(compiled)) return compiled
  try {
    const entries = []
    for (const entry of ENTRIES) {
      const source = await readFile(join(ROOT, 'src', entry.source), 'utf8')
      // An index lists its re-exports; any other entry exports what it declares itself.
      entries.push({ entry, parts: entry.source.endsWith('index.ts') ? partsOf(source, entry.source) : [{ kind: 'file', file: entry.source, names: 'all' } as const] })
    }
    const cache = new Map<string, readonly Declaration[]>()
    for (const { parts } of entries) {
      for (const part of parts) {
        if (part.kind !== 'file' || cache.has(part.file)) continue
        const text = await readFile(join(compiled.right.dir, part.file.replace(/\.ts$/, '.d.ts')), 'utf8')
        cache.set(part.file, declarationsOf(text))
      }
    }
    return renderApi(entries, (file) => cache.get(file) ?? [])
  } finally {
    await compiled.right.done()
  }
}

/** `npm run api`: resolves to the exit status. */
export const runApi = async (argv: readonly string[], io: Io = process): Promise<number> => {
  const parsed = parseFlags(API_FLAGS, argv)
  if (E.isLeft(parsed)) {
    io.stderr.write(`error: ${parsed.left}\n`)
    return 2
  }
  if (parsed.right.help === true) {
    io.stdout.write(helpText('npm run api --', 'Writes docs/api.md, the reference of every export, from the declarations.', API_FLAGS))
    return 0
  }
  const page = await buildApi()
  if (E.isLeft(page)) {
    io.stderr.write(`error: ${page.left}\n`)
    return 1
  }
  const path = join(ROOT, API_PAGE)
  if (parsed.right.check === true) {
    const current = await readText(path)
    if (E.isRight(current) && current.right === page.right) {
      io.stdout.write(`${API_PAGE} is up to date\n`)
      return 0
    }
    io.stderr.write(`error: ${API_PAGE} is not what the code gives: run \`npm run api\`\n`)
    return 1
  }
  const written = await writeFileAtomic(path, page.right)
  if (E.isLeft(written)) {
    io.stderr.write(`error: ${written.left}\n`)
    return 1
  }
  io.stdout.write(`wrote ${API_PAGE}: ${page.right.split('\n#### ').length - 1} exports\n`)
  return 0
}

if (isMain(import.meta.url)) process.exitCode = await runApi(process.argv.slice(2))
