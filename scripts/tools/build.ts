// `npm run build`
// ===============
//
// Compiles the package into dist/: `tsc -p tsconfig.build.json` turns every file of src/ into
// an ES module with its declarations, declaration map and source map. `npm pack` and
// `npm publish` run this first (the `prepack` script), so a package never ships a stale dist/.
//
// One step is ours. The sources import each other with `.ts` (Node's type stripping and tsx
// run them as they are), and `rewriteRelativeImportExtensions` makes the compiler write `.js`
// in the JavaScript it emits, but not in the declarations: dist/index.d.ts would still say
// `export * from './core/shape.ts'` (microsoft/TypeScript#61037, open; TypeScript 7 does
// the same). TypeScript itself reads that, but other tools that follow declarations (some
// editors, bundlers given a `paths` mapping) look for a shape.ts that dist/ does not have.
// So we rewrite `.ts` to `.js` in the relative specifiers of the declarations. The two
// spellings have the same length, so the declaration maps stay exact.
//
// The second step is fp-ts. The sources import it as `fp-ts/lib/Either.js` (CommonJS, what
// Node reads), but a package that depends on fp-ts installs all 4.7 MB of it, and a bundler
// given its CommonJS build keeps most of it. The package uses two of its modules (Either and
// function), so the build puts them *inside* dist/: esbuild bundles fp-ts's ES build of each
// into dist/vendor/fp-ts/ (with fp-ts's licence), and every import in dist/ is rewritten to
// point there. The package then depends on nothing, installs in about 2 MB, and a bundler
// keeps only the few functions a program calls. The declarations need only the `Either` type,
// written out below with fp-ts's exact shape, so a program that uses fp-ts itself can pass our
// results to its functions.
// Exit status: 0 built, 1 the compiler or esbuild failed, or a file in dist/ still imports a
// .ts file or fp-ts.
//
// This is repository tooling, not part of the lesson: it lives in scripts/tools/.

import { spawnSync } from 'node:child_process'
import { copyFile, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isMain } from './isMain.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const DIST = join(ROOT, 'dist')

// A relative module specifier ending in .ts inside `from '…'` (the only form the compiler
// writes in our declarations; `import("…")` types would need the same treatment).
const RELATIVE_TS = /(\bfrom\s+['"])(\.{1,2}\/[^'"]*)\.ts(['"])/g

/** A declaration file's text with its relative `.ts` specifiers rewritten to `.js`. */
export const rewriteDeclaration = (text: string): string => text.replace(RELATIVE_TS, '$1$2.js$3')

// Every file under a directory whose name ends with `suffix`.
const filesUnder = async (dir: string, suffix: string): Promise<readonly string[]> =>
  ((await readdir(dir, { recursive: true })) as string[]).filter((name) => name.endsWith(suffix)).map((name) => join(dir, name))

// fp-ts, inside the package
// -------------------------

const VENDOR = join(DIST, 'vendor', 'fp-ts')

// An import of an fp-ts module as the sources write it: `from 'fp-ts/lib/Either.js'`.
const FP_TS = /(\bfrom\s+['"])fp-ts\/lib\/([A-Za-z]+)\.js(['"])/g

/** The fp-ts modules a text imports (`Either`, `function`). */
export const fpTsModules = (text: string): readonly string[] => [...text.matchAll(FP_TS)].map((m) => m[2]!)

/**
 * A file's text with its fp-ts imports pointing into the package: `vendor` is the relative
 * path from the file's folder to dist/vendor/fp-ts (`../vendor/fp-ts`).
 */
export const rewriteFpTs = (text: string, vendor: string): string => text.replace(FP_TS, `$1${vendor}/$2.js$3`)

// What the declarations need of each module: only the types they name. fp-ts 2.16's Either,
// to the letter (its Left and Right are these interfaces; Either is their union).
const DECLARATIONS: Readonly<Record<string, string>> = {
  Either: [
    '// The `Either` type of fp-ts 2.16 (MIT licence, see LICENSE), as this package\'s declarations',
    '// name it. The JavaScript beside it (Either.js) is fp-ts\'s own, bundled by scripts/tools/build.ts.',
    'export interface Left<E> {',
    "  readonly _tag: 'Left'",
    '  readonly left: E',
    '}',
    'export interface Right<A> {',
    "  readonly _tag: 'Right'",
    '  readonly right: A',
    '}',
    'export type Either<E, A> = Left<E> | Right<A>',
    '',
  ].join('\n'),
}

// The relative path from a file in dist/ to dist/vendor/fp-ts, as an import specifier.
const vendorFrom = (file: string): string => {
  const path = relative(dirname(file), VENDOR).split(sep).join('/')
  return path.startsWith('.') ? path : `./${path}`
}

// Bundles the fp-ts modules the JavaScript imports into dist/vendor/fp-ts/ and points every
// import of fp-ts in dist/ there. Resolves to an error message, or undefined.
const vendorFpTs = async (scripts: readonly string[], declarations: readonly string[]): Promise<string | undefined> => {
  const texts = new Map<string, string>()
  for (const path of [...scripts, ...declarations]) texts.set(path, await readFile(path, 'utf8'))
  const used = [...new Set(scripts.flatMap((path) => fpTsModules(texts.get(path)!)))].sort()
  const typed = [...new Set(declarations.flatMap((path) => fpTsModules(texts.get(path)!)))].sort()
  const untyped = typed.filter((name) => !Object.hasOwn(DECLARATIONS, name))
  if (untyped.length > 0) return `the declarations name fp-ts/lib/${untyped[0]}.js, whose types scripts/tools/build.ts does not write`
  const require = createRequire(import.meta.url)
  const es6 = join(dirname(require.resolve('fp-ts/package.json')), 'es6')
  const { build: bundle } = await import('esbuild')
  // One entry per module, shared code split into a chunk: the functions each module defines
  // exist once, and a bundler that reads these ES modules keeps only what is called.
  const bundled = await bundle({
    entryPoints: Object.fromEntries(used.map((name) => [name, join(es6, `${name}.js`)])),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'neutral',
    outdir: VENDOR,
    banner: { js: '// fp-ts 2.16 (MIT licence, see LICENSE), its ES build bundled by scripts/tools/build.ts.' },
    logLevel: 'silent',
  }).catch((error: unknown) => error)
  if (bundled instanceof Error) return `esbuild could not bundle fp-ts: ${bundled.message.split('\n')[0]}`
  await copyFile(join(dirname(es6), 'LICENSE'), join(VENDOR, 'LICENSE'))
  for (const name of typed) await writeFile(join(VENDOR, `${name}.d.ts`), DECLARATIONS[name]!)
  for (const [path, text] of texts) {
    const rewritten = rewriteFpTs(text, vendorFrom(path))
    if (rewritten !== text) await writeFile(path, rewritten)
  }
  return undefined
}

/** Builds dist/; resolves to the exit status. */
export const build = async (): Promise<number> => {
  await rm(DIST, { recursive: true, force: true })
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc')
  const compiled = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' })
  if (compiled.status !== 0) {
    process.stderr.write(`error: tsc -p tsconfig.build.json failed (exit status ${compiled.status ?? compiled.signal})\n`)
    return 1
  }
  const declarations = await filesUnder(DIST, '.d.ts')
  for (const path of declarations) {
    const text = await readFile(path, 'utf8')
    const rewritten = rewriteDeclaration(text)
    if (rewritten !== text) await writeFile(path, rewritten)
  }
  const vendored = await vendorFpTs(await filesUnder(DIST, '.js'), declarations)
  if (vendored !== undefined) {
    process.stderr.write(`error: ${vendored}\n`)
    return 1
  }
  // Whatever the compiler wrote, no emitted file may still import a .ts file, or fp-ts.
  for (const [wrong, what] of [
    [/\bfrom\s+['"]\.{1,2}\/[^'"]*\.ts['"]/, 'a .ts file'],
    [/\bfrom\s+['"]fp-ts\//, 'fp-ts, which the package does not depend on'],
  ] as const) {
    const left = []
    for (const path of [...(await filesUnder(DIST, '.d.ts')), ...(await filesUnder(DIST, '.js'))]) {
      if (wrong.test(await readFile(path, 'utf8'))) left.push(path)
    }
    if (left.length > 0) {
      process.stderr.write(`error: ${left[0]} still imports ${what} (and ${left.length - 1} more)\n`)
      return 1
    }
  }
  process.stdout.write(`built dist/: ${declarations.length} modules with declarations, declaration maps and source maps\n`)
  return 0
}

if (isMain(import.meta.url)) process.exitCode = await build()
