// `npm run bench`: training speed in samples per second (src/cli/bench.ts).
// cli/process.ts runs it as this process: exit status, one-line errors even for the unexpected, Ctrl-C.
import { runBench } from '../src/cli/bench.ts'
import { main } from '../src/cli/process.ts'

await main(runBench)
