// `npm run evaluate`: reload a saved model and print its report again (src/cli/evaluate.ts).
import { runEvaluate } from '../src/cli/evaluate.ts'

process.exitCode = await runEvaluate(process.argv.slice(2))
