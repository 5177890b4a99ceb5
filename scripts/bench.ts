// `npm run bench`: training speed in samples per second (src/cli/bench.ts).
import { runBench } from '../src/cli/bench.ts'

process.exitCode = await runBench(process.argv.slice(2))
