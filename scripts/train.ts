// `npm run train`: train a network and write its model, report and pictures (src/cli/train.ts).
// cli/process.ts runs it as this process: exit status, one-line errors even for the unexpected, Ctrl-C.
import { runTrain } from '../src/cli/train.ts'
import { main } from '../src/cli/process.ts'

await main(runTrain)
