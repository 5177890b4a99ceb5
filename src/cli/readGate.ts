// One gate for every file we read
// ===============================
//
// Every file a command reads comes from outside: a path on the command line, a classes.txt
// beside the data, a model file somebody sent. Any of them may turn out to be something
// other than the small regular file we expect:
//
//     a FIFO (named pipe)     opening it for reading waits for a writer, forever
//     a link to /dev/zero     a device that never ends: a plain readFile grows until memory runs out
//     a directory, a socket   nothing to read as a file
//     a 95 MB classes.txt     a regular file, but a thousand times larger than any real one
//
// So every file goes through this one gate, whatever it holds, and each kind of file states
// the largest size that makes sense for it:
//
//     model files          256 MiB   no network within the memory budget writes more (cli/limits.ts)
//     IDX data files       1 GiB     raw or gzipped; unzipping is bounded too (cli/dataFiles.ts)
//     classes.txt          1 MiB     at most 256 names of at most 40 characters, one a line
//     files of an output   1 GiB     only hashed, in chunks, never held whole (cli/manifest.ts)
//     manifest.json        1 MiB     a line per file of an output set
//     lock files           4 KiB     one line (cli/files.ts)
//
// The gate takes four steps, and refuses with one line that names the file:
//
//   1. Look at the path (`stat`): anything but a regular file is refused by what it is, and
//      so is a file above the bound, before a byte is read.
//   2. Open it with `O_NONBLOCK`: if the path became a FIFO since step 1, opening it must not
//      wait for a writer (a regular file reads as always).
//   3. Look at what was opened (`fstat`): the same checks again, on the file itself.
//   4. Read, and stop as soon as more than the bound has come: a file may grow while we read
//      it, and files under /proc say they hold 0 bytes and then hold more.
//
// Files the user names (a model, the data, classes.txt) may be symbolic links to files, which
// the gate follows. The entries of our own directories (locks, manifests, outputs) are never
// followed: the gate looks at them with `lstat` and opens them with `O_NOFOLLOW`, so that a
// link planted under one of our names cannot make us read, or later remove, a file elsewhere.
// Previous: cli/limits.ts. Next: cli/manifest.ts.

import { createHash } from 'node:crypto'
import { constants, type Stats } from 'node:fs'
import { lstat, open, stat, type FileHandle } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { MODEL_FILE_TOO_LARGE } from './budget.ts'
import { MAX_DATA_FILE_BYTES, MAX_MODEL_FILE_BYTES, showBytes } from './limits.ts'

/** A kind of file: the most bytes it may hold, why, and whether a symbolic link to it is followed. */
export interface FileKind {
  readonly maxBytes: number
  /** Why larger files are refused, for the message. */
  readonly tooLarge: string
  /** Follow a symbolic link (files the user names), or refuse it (entries of our own directories). */
  readonly links: 'follow' | 'refuse'
}

/** A model file (model.json): 256 MiB. */
export const MODEL_FILE: FileKind = {
  maxBytes: MAX_MODEL_FILE_BYTES,
  tooLarge: MODEL_FILE_TOO_LARGE,
  links: 'follow',
}

/** An IDX data file, raw or gzipped: 1 GiB of data, and its header (cli/dataFiles.ts unzips it within the same bound). */
export const DATA_FILE: FileKind = {
  maxBytes: MAX_DATA_FILE_BYTES + 1024,
  tooLarge: 'data files are read whole, so larger ones are refused',
  links: 'follow',
}

/** A classes.txt: 1 MiB, a thousand times what 256 names of 40 characters take. */
export const CLASS_NAMES_FILE: FileKind = {
  maxBytes: 2 ** 20,
  tooLarge: 'a classes.txt holds one short name a line, for at most 256 classes',
  links: 'follow',
}

/** A file of an output set, checked against its manifest: 1 GiB (hashed in chunks, never held whole). */
export const OUTPUT_FILE: FileKind = { maxBytes: 2 ** 30, tooLarge: 'no run writes an output that large', links: 'refuse' }

/** The manifest of an output set: 1 MiB. */
export const MANIFEST_FILE: FileKind = { maxBytes: 2 ** 20, tooLarge: 'a manifest holds a line per file of an output set', links: 'refuse' }

/** A lock file: 4 KiB. */
export const LOCK_FILE: FileKind = { maxBytes: 4096, tooLarge: 'a lock holds one line', links: 'refuse' }

/** Any text file of ours (the scripts' pages and sources): 64 MiB. */
export const TEXT_FILE: FileKind = { maxBytes: 64 * 2 ** 20, tooLarge: 'larger files are not read', links: 'follow' }

/** What a file-system entry is, in words, for messages: "a FIFO (named pipe)", "a directory", … */
export const kindOf = (stats: Stats): string =>
  stats.isFile()
    ? 'a regular file'
    : stats.isDirectory()
      ? 'a directory'
      : stats.isFIFO()
        ? 'a FIFO (named pipe)'
        : stats.isCharacterDevice()
          ? 'a character device'
          : stats.isBlockDevice()
            ? 'a block device'
            : stats.isSocket()
              ? 'a socket'
              : 'a symbolic link'

// The first line of an error's message, and its code.
const reason = (error: unknown): string => (error instanceof Error ? error.message.split('\n')[0]!.slice(0, 300) : String(error).slice(0, 300))
const codeOf = (error: unknown): string | undefined =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined

// Why the gate refused a file; `missing` when there is no such file.
interface Refused {
  readonly message: string
  readonly missing: boolean
}

const refused = (message: string, missing = false): E.Either<Refused, never> => E.left({ message, missing })

// The refusal of a file above the bound: of a known size, or one that grew past it as we read.
type TooBig = (size: number | 'more') => E.Either<Refused, never>

// Steps 1 to 4 around `take`, which reads the opened file (never more than `maxBytes` + 1 bytes:
// `tooBig('more')` says so when it gets there).
const throughGate = async <T>(
  path: string,
  kind: FileKind,
  take: (handle: FileHandle, size: number, tooBig: TooBig) => Promise<E.Either<Refused, T>>,
): Promise<E.Either<Refused, T>> => {
  const notRegular = (stats: Stats) => refused(`${path}: is ${kindOf(stats)}, not a regular file`)
  // Sizes for people (91 MiB), or in bytes where rounding would make a size look like the limit.
  const exact = (size: number) => showBytes(size) === showBytes(kind.maxBytes)
  const bytes = (size: number, inBytes: boolean) => (inBytes ? `${size.toLocaleString('en-US')} bytes` : showBytes(size))
  const tooBig: TooBig = (size) => {
    const inBytes = size !== 'more' && exact(size)
    const what = size === 'more' ? 'holds more than the limit' : `is ${bytes(size, inBytes)}`
    return refused(`${path}: ${what}; ${kind.tooLarge} (the limit is ${bytes(kind.maxBytes, inBytes)})`)
  }
  const follow = kind.links === 'follow'
  try {
    // 1. What the path is.
    const before = follow ? await stat(path) : await lstat(path)
    if (!before.isFile()) return notRegular(before)
    if (before.size > kind.maxBytes) return tooBig(before.size)
    // 2. Open it without waiting (and, for our own entries, without following a link).
    const flags = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY | (follow ? 0 : constants.O_NOFOLLOW)
    const handle = await open(path, flags)
    try {
      // 3. What was opened.
      const opened = await handle.stat()
      if (!opened.isFile()) return notRegular(opened)
      if (opened.size > kind.maxBytes) return tooBig(opened.size)
      // 4. Read, within the bound.
      return await take(handle, opened.size, tooBig)
    } finally {
      await handle.close()
    }
  } catch (error) {
    const code = codeOf(error)
    if (code === 'ENOENT') return refused(`${path}: no such file`, true)
    if (code === 'ELOOP' && !follow) return refused(`${path}: is a symbolic link, not a regular file`)
    return refused(`${path}: cannot read the file (${reason(error)})`)
  }
}

// The whole file, read into one buffer the size fstat gave (plus one byte, to notice growth),
// grown only if the file turns out to be longer.
const readAll = async (handle: FileHandle, size: number, maxBytes: number, tooBig: TooBig): Promise<E.Either<Refused, Uint8Array>> => {
  let bytes = new Uint8Array(Math.min(size, maxBytes) + 1)
  let total = 0
  for (;;) {
    if (total === bytes.length) {
      if (total > maxBytes) return tooBig('more')
      const larger = new Uint8Array(Math.min(Math.max(2 * bytes.length, 65536), maxBytes + 1))
      larger.set(bytes)
      bytes = larger
    }
    const { bytesRead } = await handle.read(bytes, total, bytes.length - total, null)
    if (bytesRead === 0) break
    total += bytesRead
  }
  return total > maxBytes ? tooBig('more') : E.right(bytes.subarray(0, total))
}

const message = <T>(result: E.Either<Refused, T>): E.Either<string, T> => (E.isLeft(result) ? E.left(result.left.message) : result)

/**
 * The bytes of the file at `path`, if it is a regular file of at most `kind.maxBytes` bytes;
 * anything else is refused by name. Never blocks on a special file, never reads more than the
 * bound and one byte.
 * @example await readGated('/dev/zero', CLASS_NAMES_FILE) // left('/dev/zero: is a character device, not a regular file')
 */
export const readGated = async (path: string, kind: FileKind): Promise<E.Either<string, Uint8Array>> =>
  message(await throughGate(path, kind, (handle, size, tooBig) => readAll(handle, size, kind.maxBytes, tooBig)))

/** As `readGated`, but a missing file is `right(undefined)` instead of a refusal. */
export const readGatedIfPresent = async (path: string, kind: FileKind): Promise<E.Either<string, Uint8Array | undefined>> => {
  const result = await throughGate(path, kind, (handle, size, tooBig) => readAll(handle, size, kind.maxBytes, tooBig))
  return E.isLeft(result) && result.left.missing ? E.right(undefined) : message(result)
}

/** A text file (UTF-8) through the gate (64 MiB unless the kind says otherwise). */
export const readText = async (path: string, kind: FileKind = TEXT_FILE): Promise<E.Either<string, string>> => {
  const bytes = await readGated(path, kind)
  return E.isLeft(bytes) ? bytes : E.right(new TextDecoder().decode(bytes.right))
}

/**
 * The package's version, from its package.json, two folders up both from src/cli/ and from
 * dist/cli/ (what `--version` prints and an ONNX file records); undefined if it cannot be read.
 */
export const packageVersion = async (): Promise<string | undefined> => {
  const text = await readText(fileURLToPath(new URL('../../package.json', import.meta.url)))
  if (E.isLeft(text)) return undefined
  try {
    const version = (JSON.parse(text.right) as { readonly version?: unknown }).version
    return typeof version === 'string' ? version : undefined
  } catch {
    return undefined
  }
}

/** A file's size and SHA-256 (hex), read through the gate in chunks of 1 MiB: memory stays small whatever the file. */
export interface Digest {
  readonly bytes: number
  readonly sha256: string
}

/** The SHA-256 of the file at `path`, read through the gate without holding it whole. */
export const hashGated = async (path: string, kind: FileKind): Promise<E.Either<string, Digest>> =>
  message(
    await throughGate(path, kind, async (handle, _size, tooBig) => {
      const hash = createHash('sha256')
      const chunk = new Uint8Array(2 ** 20)
      let total = 0
      for (;;) {
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, null)
        if (bytesRead === 0) break
        total += bytesRead
        if (total > kind.maxBytes) return tooBig('more')
        hash.update(chunk.subarray(0, bytesRead))
      }
      return E.right({ bytes: total, sha256: hash.digest('hex') })
    }),
  )

/** The SHA-256 of bytes in memory (hex), as `hashGated` gives it for a file holding them. */
export const sha256Of = (content: string | Uint8Array): string => createHash('sha256').update(content).digest('hex')
