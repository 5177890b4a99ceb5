// `npm run evaluate`: reload a saved model and print its report again (src/cli/evaluate.ts).
// cli/process.ts runs it as this process: exit status, one-line errors even for the unexpected, Ctrl-C.
import { runEvaluate } from '../src/cli/evaluate.ts'
import { main } from '../src/cli/process.ts'

await main(runEvaluate)
