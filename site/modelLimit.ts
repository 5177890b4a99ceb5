// The size limit on model files
// =============================
//
// The command line reads a model file only if it holds at most 256 MiB, and refuses a larger
// one before reading a byte of it, with one line (src/cli/readGate.ts). The page does the
// same with a File's size, which the browser knows without reading the file: a 300 MB file
// is refused at once, where reading it first froze the tab for 9 s. The bound and its reason
// come from src/cli/budget.ts, which both use; the gate itself uses Node (the file system),
// so the line is written here again, and spec/site/modelLimit.spec.ts checks that it agrees
// with the gate's, byte for byte, for files of several sizes.
// Apart from the DOM on purpose, so that the spec can run it in Node. Used by models.ts.

import { MAX_MODEL_FILE_BYTES, MODEL_FILE_TOO_LARGE, showBytes } from '../src/cli/budget.ts'

export { MAX_MODEL_FILE_BYTES }

/**
 * Why a file of `size` bytes called `name` is not read (the command line's line), or
 * undefined when it is small enough. Sizes that would round to the limit are given in bytes.
 * @example tooLarge('big.json', 300 * 2 ** 20) // 'error: big.json: is 300 MiB; model files are read whole, … (the limit is 256 MiB)'
 */
export const tooLarge = (name: string, size: number): string | undefined => {
  if (size <= MAX_MODEL_FILE_BYTES) return undefined
  const inBytes = showBytes(size) === showBytes(MAX_MODEL_FILE_BYTES)
  const bytes = (n: number) => (inBytes ? `${n.toLocaleString('en-US')} bytes` : showBytes(n))
  return `error: ${name}: is ${bytes(size)}; ${MODEL_FILE_TOO_LARGE} (the limit is ${bytes(MAX_MODEL_FILE_BYTES)})`
}
