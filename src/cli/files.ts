// Writing files safely
// ====================
//
// An interrupted run (Ctrl-C, a full disk, a crash) must never leave a half-written
// model.json that looks valid. So every output is first written under a temporary name
// in the same directory and then renamed over the real name: on POSIX file systems a
// rename is atomic, so readers see either the old file or the complete new one.
// Previous: cli/flags.ts. Next: cli/progress.ts.

import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'

const reason = (error: unknown): string => (error instanceof Error ? error.message.split('\n')[0]! : String(error))

/** Writes `content` to `path` atomically (temporary file + rename), creating the directory. */
export const writeFileAtomic = async (path: string, content: string | Uint8Array): Promise<E.Either<string, string>> => {
  const temporary = `${path}.${process.pid}.tmp`
  try {
    await mkdir(dirname(path), { recursive: true })
    await writeFile(temporary, content)
    await rename(temporary, path)
    return E.right(path)
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined)
    return E.left(`${path}: cannot write the file (${reason(error)})`)
  }
}

/** Writes several files, each atomically; stops at the first failure. */
export const writeFilesAtomic = async (files: readonly (readonly [string, string | Uint8Array])[]): Promise<E.Either<string, readonly string[]>> => {
  const written: string[] = []
  for (const [path, content] of files) {
    const result = await writeFileAtomic(path, content)
    if (E.isLeft(result)) return result
    written.push(path)
  }
  return E.right(written)
}

/** Reads a text file, or says why it cannot. */
export const readText = async (path: string): Promise<E.Either<string, string>> => {
  try {
    return E.right(await readFile(path, 'utf8'))
  } catch (error) {
    const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT'
    return E.left(missing ? `${path}: no such file` : `${path}: cannot read the file (${reason(error)})`)
  }
}
