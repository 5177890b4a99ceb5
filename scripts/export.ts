// `npm run export`: write a saved model as an ONNX model (src/cli/export.ts).
// cli/process.ts runs it as this process: exit status, one-line errors even for the unexpected, Ctrl-C.
import { runExport } from '../src/cli/export.ts'
import { main } from '../src/cli/process.ts'

await main(runExport)
