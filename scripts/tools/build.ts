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
// Exit status: 0 built, 1 the compiler failed or a declaration still names a .ts file.
//
// This is repository tooling, not part of the lesson: it lives in scripts/tools/.

import { spawnSync } from 'node:child_process'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
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
  // Whatever the compiler wrote, no emitted file may still import a .ts file.
  const left = []
  for (const path of [...declarations, ...(await filesUnder(DIST, '.js'))]) {
    if (/\bfrom\s+['"]\.{1,2}\/[^'"]*\.ts['"]/.test(await readFile(path, 'utf8'))) left.push(path)
  }
  if (left.length > 0) {
    process.stderr.write(`error: ${left[0]} still imports a .ts file (and ${left.length - 1} more)\n`)
    return 1
  }
  process.stdout.write(`built dist/: ${declarations.length} modules with declarations, declaration maps and source maps\n`)
  return 0
}

if (isMain(import.meta.url)) process.exitCode = await build()
