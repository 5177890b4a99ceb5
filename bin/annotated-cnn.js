#!/usr/bin/env node
// The `annotated-cnn` command of the package: src/cli/main.ts, compiled into dist/ by
// `npm run build` (which `npm pack` runs first), so that it runs on plain Node, without tsx.
import { runMain } from '../dist/cli/main.js'

process.exitCode = await runMain(process.argv.slice(2))
