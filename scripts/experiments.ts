// `npm run experiments`: run the architecture experiments and write docs/experiments.md (src/cli/experiments.ts).
import { runExperiments } from '../src/cli/experiments.ts'

process.exitCode = await runExperiments(process.argv.slice(2))
