// `npm run docs`: render the annotated sources, prose beside code, into docs/annotated/ (src/cli/docs.ts).
import { runDocs } from '../src/cli/docs.ts'

process.exitCode = await runDocs(process.argv.slice(2))
