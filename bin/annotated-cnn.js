#!/usr/bin/env node
// The `annotated-cnn` command of the package: src/cli/main.ts, compiled into dist/ by
// `npm run build` (which `npm pack` runs first), so that it runs on plain Node, without tsx.
import { existsSync } from 'node:fs'

const entry = new URL('../dist/cli/main.js', import.meta.url)
if (existsSync(entry)) {
  // cli/process.ts runs the command as this process: exit status, one-line errors even for
  // the unexpected, Ctrl-C.
  const [{ runMain }, { main }] = await Promise.all([import(entry.href), import(new URL('../dist/cli/process.js', import.meta.url).href)])
  await main(runMain)
} else {
  // Only in a clone of the repository that was never built.
  process.stderr.write('error: dist/ is missing: run `npm run build` first (in the repository, `npm run train` and the other scripts need no build)\n')
  process.exitCode = 1
}
