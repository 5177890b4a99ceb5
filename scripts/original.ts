// `npm run original`: train chapter 0, the one-page network, on the original experiment (src/cli/original.ts).
import { runOriginal } from '../src/cli/original.ts'

process.exitCode = await runOriginal(process.argv.slice(2))
