// `npm run plots`: draw the SVG pictures of a saved model (src/cli/plots.ts).
import { runPlots } from '../src/cli/plots.ts'

process.exitCode = await runPlots(process.argv.slice(2))
