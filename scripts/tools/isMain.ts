// Run as a command, or imported?
// ==============================
//
// The tools in scripts/tools/ are both: `npm run docs` runs scripts/tools/docs.ts, and the
// specs import the same file to test `runDocs`. A tool asks `isMain(import.meta.url)` before
// it does anything, so that importing it runs nothing.

import { realpathSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

/** Whether the module at `moduleUrl` is the script Node was started with (`tsx scripts/tools/docs.ts`). */
export const isMain = (moduleUrl: string): boolean => {
  const script = process.argv[1]
  if (script === undefined) return false
  try {
    return pathToFileURL(realpathSync(script)).href === moduleUrl
  } catch {
    return false
  }
}
