#!/usr/bin/env node
// The `annotated-cnn` command of the package: src/cli/main.ts, compiled into dist/ by
// `npm run build` (which `npm pack` runs first), so that it runs on plain Node, without tsx.
import { existsSync } from 'node:fs'

const main = new URL('../dist/cli/main.js', import.meta.url)
if (existsSync(main)) {
  const { runMain } = await import(main.href)
  process.exitCode = await runMain(process.argv.slice(2))
} else {
  // Only in a clone of the repository that was never built.
  process.stderr.write('error: dist/ is missing: run `npm run build` first (in the repository, `npm run train` and the other scripts need no build)\n')
  process.exitCode = 1
}
