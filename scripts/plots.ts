// `npm run plots`: draw the SVG pictures of a saved model (src/cli/plots.ts).
// cli/process.ts runs it as this process: exit status, one-line errors even for the unexpected, Ctrl-C.
import { runPlots } from '../src/cli/plots.ts'
import { main } from '../src/cli/process.ts'

await main(runPlots)
