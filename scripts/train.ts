// `npm run train`: train a network and write its model, report and pictures (src/cli/train.ts).
import { runTrain } from '../src/cli/train.ts'

process.exitCode = await runTrain(process.argv.slice(2))
