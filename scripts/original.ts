// `npm run original`: train chapter 0, the one-page network, on the original experiment (src/cli/original.ts).
// cli/process.ts runs it as this process: exit status, one-line errors even for the unexpected, Ctrl-C.
import { runOriginal } from '../src/cli/original.ts'
import { main } from '../src/cli/process.ts'

await main(runOriginal)
