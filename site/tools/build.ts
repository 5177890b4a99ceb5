// `npm run site`: build the page into docs/demo/
// ==============================================
//
// The page is static files, committed, so that it works from the repository's pages
// hosting or any static server:
//
//     docs/demo/index.html, *.css          copied from site/
//     docs/demo/main.js, worker.js,        site/main.ts, site/worker.ts and site/modelWorker.ts
//       modelWorker.js                     bundled by esbuild,
//                                          with the library modules of src/ they import (the
//                                          worker's with site/recycledMemory.ts injected)
//     docs/demo/models/*.json              the shipped models, copied from site/models/
//     docs/demo/data/*-ubyte.gz            a subset of MNIST cut from the bundled data: the
//                                          first 10,000 training and 2,000 test digits of the
//                                          original experiment's split, as gzipped IDX files
//
// The build is deterministic (same inputs, same bytes), so `npm run site -- --check`, which
// .ci/run runs, can tell when the committed files no longer match their sources, as
// `npm run docs -- --check` does for the annotated pages. Gzip's bytes may differ between
// zlib versions for the same content, so the data files are compared by their content, and
// an existing file with the right content is left as it is.
// With `--serve` it then serves docs/ on http://127.0.0.1:8000/ until stopped (Ctrl-C), to
// open the page at /demo/ (from a file:// address, browsers refuse to start its worker).
// Exit status: 0 done (or up to date), 1 out of date or failed, 2 bad flags.

import { mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import { gunzipSync, gzipSync } from 'node:zlib'
import { build, type Plugin } from 'esbuild'
import * as E from 'fp-ts/lib/Either.js'
import { writeFilesAtomic } from '../../src/cli/files.ts'
import { loadExperiment } from '../../src/cli/experiment.ts'
import { encodeIdx } from '../../src/data/idxWrite.ts'
import { OUT, ROOT } from './paths.ts'
import { serve } from './serve.ts'

const SITE = join(ROOT, 'site')

/** How many digits the page ships: the first of the split's training and test parts. */
export const TRAIN_DIGITS = 10_000
export const TEST_DIGITS = 2_000

/** The shipped models: file names in site/models/ (and docs/demo/models/). */
export const MODELS = ['original.json', 'convnetjs.json', 'record.json'] as const

// The pieces
// ----------

// main.js and worker.js: each entry point with everything it imports, as one script. Not
// minified, so that a curious reader can follow it in the browser's developer tools; the
// comments esbuild writes name the source file of every part. The library imports fp-ts
// as `fp-ts/lib/…` (CommonJS, what Node reads); for the browser we take the same modules
// from `fp-ts/es6/…`, whose ES module form lets esbuild leave out every function the page
// does not call (about 150 kB less per script).
const fpTsAsModules: Plugin = {
  name: 'fp-ts-es6',
  setup: (b) => {
    b.onResolve({ filter: /^fp-ts\/lib\// }, (args) => b.resolve(args.path.replace('fp-ts/lib/', 'fp-ts/es6/'), { kind: args.kind, resolveDir: args.resolveDir }))
  },
}

/** The scripts of the page: each entry point in site/, and what esbuild injects into it. */
const BUNDLES: readonly (readonly [string, readonly string[]])[] = [
  ['main', []],
  ['worker', ['site/recycledMemory.ts']],
  ['modelWorker', []],
]

const bundles = async (): Promise<Map<string, Uint8Array>> => {
  const files = new Map<string, Uint8Array>()
  // The worker's bundle gets site/recycledMemory.ts in place of the global typed-array
  // constructors (esbuild's `inject`): see that file for why, and for what it keeps true.
  for (const [name, inject] of BUNDLES) {
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: { [name]: `site/${name}.ts` },
      bundle: true,
      format: 'iife',
      target: 'es2022',
      platform: 'browser',
      charset: 'utf8',
      legalComments: 'none',
      inject: [...inject],
      write: false,
      outdir: 'docs/demo',
      logLevel: 'silent',
      plugins: [fpTsAsModules],
      banner: { js: '// Built by `npm run site` from site/*.ts and the library in src/: edit those, not this file.' },
    })
    for (const f of result.outputFiles) files.set(relative(OUT, f.path), f.contents)
  }
  return files
}

// The four IDX files of the subset, gzipped: names as MNIST's, so that the directory is a
// data set `npm run train -- --data docs/demo/data --split official` can read.
const digits = async (): Promise<Map<string, Uint8Array>> => {
  const loaded = await loadExperiment({ split: 'sklearn', testFraction: 0.2 })
  if (E.isLeft(loaded)) throw new Error(loaded.left)
  const { data, train, test } = loaded.right
  const subset = (indices: Readonly<Int32Array>, count: number, prefix: string): [string, Uint8Array][] => {
    const pixels = data.rows * data.cols
    const images = new Uint8Array(count * pixels) // (count, rows, cols)
    const labels = new Uint8Array(count) // (count)
    for (let n = 0; n < count; n++) {
      images.set(data.images.subarray(indices[n] * pixels, (indices[n] + 1) * pixels), n * pixels)
      labels[n] = data.labels[indices[n]]
    }
    return [
      [`data/${prefix}-images-idx3-ubyte.gz`, encodeIdx([count, data.rows, data.cols], images)],
      [`data/${prefix}-labels-idx1-ubyte.gz`, encodeIdx([count], labels)],
    ]
  }
  return new Map([...subset(train, TRAIN_DIGITS, 'train'), ...subset(test, TEST_DIGITS, 't10k')])
}

/** Every file of the site, by its path under docs/demo/; .gz files as their *uncompressed* content. */
export const siteFiles = async (): Promise<Map<string, Uint8Array>> => {
  const files = new Map<string, Uint8Array>()
  // The page and its style sheets: style.css lays out the page, each panel may add its own.
  const sheets = (await readdir(SITE)).filter((name) => name.endsWith('.css')).sort()
  for (const name of ['index.html', ...sheets]) files.set(name, await readFile(join(SITE, name)))
  for (const [name, content] of await bundles()) files.set(name, content)
  for (const name of MODELS) files.set(`models/${name}`, await readFile(join(SITE, 'models', name)))
  for (const [name, content] of await digits()) files.set(name, content)
  return files
}

// Comparing with what is there
// ----------------------------

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && Buffer.compare(a, b) === 0

// The content of a committed file as the build produces it (.gz files unzipped), or undefined.
const committed = async (name: string): Promise<Uint8Array | undefined> => {
  try {
    const bytes = await readFile(join(OUT, name))
    return name.endsWith('.gz') ? gunzipSync(bytes) : bytes
  } catch {
    return undefined
  }
}

// Every file under a directory, relative to it.
const listFiles = async (dir: string, prefix = ''): Promise<string[]> => {
  let entries
  try {
    entries = await readdir(join(dir, prefix), { withFileTypes: true })
  } catch {
    return []
  }
  const names: string[] = []
  for (const e of entries) {
    const name = prefix ? `${prefix}/${e.name}` : e.name
    if (e.isDirectory()) names.push(...(await listFiles(dir, name)))
    else names.push(name)
  }
  return names.sort()
}

/** The files that differ from the build, are missing, or should not be there. */
export const differences = async (files: Map<string, Uint8Array>): Promise<string[]> => {
  const found: string[] = []
  for (const [name, content] of files) {
    const there = await committed(name)
    if (there === undefined) found.push(`${name} (missing)`)
    else if (!sameBytes(there, content)) found.push(`${name} (differs)`)
  }
  for (const name of await listFiles(OUT)) if (!files.has(name)) found.push(`${name} (not made by the build)`)
  return found
}

// Running it
// ----------

const runSite = async (argv: readonly string[]): Promise<number> => {
  let check = false
  let serveToo = false
  try {
    const { values } = parseArgs({ args: [...argv], options: { check: { type: 'boolean' }, serve: { type: 'boolean' }, help: { type: 'boolean' } }, strict: true })
    if (values.help === true) {
      process.stdout.write('usage: npm run site -- [--check | --serve]\n\nBuilds the browser page into docs/demo/ from site/ and src/.\n  --check  write nothing; exit 1 if docs/demo/ differs from what the sources give\n  --serve  then serve docs/ on http://127.0.0.1:8000/ (the page is at /demo/)\n')
      return 0
    }
    check = values.check === true
    serveToo = values.serve === true
    if (check && serveToo) throw new Error('--check and --serve do not go together')
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)} (see --help)\n`)
    return 2
  }
  let files: Map<string, Uint8Array>
  try {
    files = await siteFiles()
  } catch (error) {
    process.stderr.write(`error: cannot build the site: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`)
    return 1
  }
  const found = await differences(files)
  if (check) {
    if (found.length > 0) {
      process.stderr.write(`error: docs/demo is out of date (${found.length} file${found.length === 1 ? '' : 's'}):\n${found.map((f) => `  ${f}\n`).join('')}Run \`npm run site\` to build it again.\n`)
      return 1
    }
    process.stdout.write(`docs/demo is up to date (${files.size} files)\n`)
    return 0
  }
  // Write what changed; gzip the data files (an unchanged one keeps its bytes).
  const changed = found.filter((f) => !f.endsWith('(not made by the build)')).map((f) => f.slice(0, f.lastIndexOf(' (')))
  const writes = changed.map((name) => {
    const content = files.get(name)!
    return [join(OUT, name), name.endsWith('.gz') ? gzipSync(content, { level: 9 }) : content] as const
  })
  for (const [path] of writes) await mkdir(dirname(path), { recursive: true })
  const written = await writeFilesAtomic(writes)
  if (E.isLeft(written)) {
    process.stderr.write(`error: ${written.left}\n`)
    return 1
  }
  // Files the build no longer makes are removed: docs/demo/ holds only the build's output.
  const stale = found.filter((f) => f.endsWith('(not made by the build)')).map((f) => f.slice(0, f.lastIndexOf(' (')))
  for (const name of stale) await rm(join(OUT, name))
  let bytes = 0
  for (const name of files.keys()) bytes += (await readFile(join(OUT, name))).length
  process.stdout.write(`wrote docs/demo: ${files.size} files, ${(bytes / 1e6).toFixed(2)} MB (${writes.length} changed${stale.length ? `, ${stale.length} removed` : ''})\n`)
  if (serveToo) {
    let server
    try {
      server = await serve(join(ROOT, 'docs'), 8000)
    } catch (error) {
      process.stderr.write(`error: cannot serve on 127.0.0.1:8000 (${error instanceof Error ? error.message : String(error)})\n`)
      return 1
    }
    process.stdout.write(`serving docs/ at ${server.url}: open ${server.url}/demo/ (Ctrl-C stops)\n`)
    await new Promise(() => {}) // until the process is stopped
  }
  return 0
}

process.exitCode = await runSite(process.argv.slice(2))
