// Which files are ours: the manifest
// ==================================
//
// A run replaces its output directory as a whole (cli/files.ts), and the old directory goes
// with everything in it. So before a run starts it must be sure that everything there was
// written by a run of ours: the user's own logo.svg in `--out icons/` must not go with the
// old pictures. A name proves nothing (anyone can call a file report.txt or logo.svg), so
// every output set carries a list of its files, each with its size and SHA-256 hash, written
// by the run that wrote them:
//
//     out/manifest.json
//     {
//       "format": "annotated-cnn outputs",
//       "version": 1,
//       "files": [
//         {"name":"confusion.svg","bytes":27175,"sha256":"e91d698a3567…"},
//         {"name":"curves.svg","bytes":8256,"sha256":"6cca22c1f55a…"},
//         …
//       ]
//     }
//
// A directory may be replaced if it is missing or empty, or if it holds a valid manifest and
// otherwise only regular files that the manifest lists, each with the size and hash it
// records. A listed file may be missing (deleting a picture puts nothing at risk). Anything
// else is refused, and the first offender in name order is named: a file the manifest does
// not list, a file changed since, a link, a directory, a manifest this program did not write,
// or any file at all in a directory without a manifest. Earlier versions of this program
// wrote their outputs without one, so a run does not replace those either: nothing tells
// them from the user's own files, and the message says to move or remove them.
//
// What was proved ours is remembered by identity (device, inode, size and modification time),
// so that later steps can check, without hashing again, that each file is still the very
// file that was checked: just before the swap (a file added meanwhile stops the run, and the
// previous outputs stay), and when the previous set is removed after it (only those files go).
// Previous: cli/readGate.ts. Next: cli/files.ts.

import { lstatSync, rmdirSync, unlinkSync, type Stats } from 'node:fs'
import { lstat, readdir, rmdir, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { quote } from './io.ts'
import { hashGated, kindOf, MANIFEST_FILE, OUTPUT_FILE, readGated, sha256Of } from './readGate.ts'

/** The name of the manifest in every output set. */
export const MANIFEST = 'manifest.json'

const FORMAT = 'annotated-cnn outputs'

/** One file of an output set, as its manifest records it. */
export interface ManifestEntry {
  readonly name: string
  readonly bytes: number
  readonly sha256: string
}

/** A file proved to be ours: its manifest entry and the identity of the file found. */
export interface OwnedFile extends ManifestEntry {
  readonly dev: number
  readonly ino: number
  readonly mtimeMs: number
}

// Writing and reading a manifest
// ------------------------------

/**
 * The text of the manifest of `entries`, one line a file, sorted by name.
 * @example manifestText([{ name: 'a.svg', bytes: 0, sha256: sha256Of('') }]) // '{\n  "format": "annotated-cnn outputs", …'
 */
export const manifestText = (entries: readonly ManifestEntry[]): string => {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const lines = sorted.map(({ name, bytes, sha256 }) => `    ${JSON.stringify({ name, bytes, sha256 })}`)
  return `{\n  "format": ${JSON.stringify(FORMAT)},\n  "version": 1,\n  "files": [\n${lines.join(',\n')}\n  ]\n}\n`
}

/** The size in bytes of a file's content as it will be written (UTF-8 for text). */
export const byteLength = (content: string | Uint8Array): number => (typeof content === 'string' ? Buffer.byteLength(content) : content.length)

/** The manifest entry of a file about to be written with `content`. */
export const entryOf = (name: string, content: string | Uint8Array): ManifestEntry => ({ name, bytes: byteLength(content), sha256: sha256Of(content) })

const isObject = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value)

// A plain file name: no path, not `.` or `..`, nothing a terminal would act on.
const isPlainName = (name: unknown): name is string =>
  typeof name === 'string' && name !== '' && name !== '.' && name !== '..' && name !== MANIFEST && !/[/\\\u0000-\u001f\u007f]/.test(name)

/**
 * The entries of a manifest's text, or why it is not a manifest this program wrote.
 * @example parseManifest(manifestText([])) // right([])
 */
export const parseManifest = (text: string): E.Either<string, readonly ManifestEntry[]> => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return E.left('not valid JSON')
  }
  if (!isObject(value) || value.format !== FORMAT) return E.left(`no "format": ${JSON.stringify(FORMAT)}`)
  if (value.version !== 1) return E.left('an unknown version')
  if (!Array.isArray(value.files)) return E.left('no list of "files"')
  const names = new Set<string>()
  for (const entry of value.files as readonly unknown[]) {
    const ok =
      isObject(entry) &&
      isPlainName(entry.name) &&
      Number.isSafeInteger(entry.bytes) &&
      (entry.bytes as number) >= 0 &&
      typeof entry.sha256 === 'string' &&
      /^[0-9a-f]{64}$/.test(entry.sha256)
    if (!ok) return E.left('an entry of "files" is not a name, size and SHA-256')
    if (names.has(entry.name as string)) return E.left(`${quote(entry.name as string)} is listed twice`)
    names.add(entry.name as string)
  }
  return E.right((value.files as readonly ManifestEntry[]).map(({ name, bytes, sha256 }) => ({ name, bytes, sha256 })))
}

// Looking at a directory
// ----------------------

/** Is this the very file that was proved ours (same file, same size, not modified since)? */
export const sameFile = (stats: Stats, file: OwnedFile): boolean =>
  stats.isFile() && stats.dev === file.dev && stats.ino === file.ino && stats.size === file.bytes && stats.mtimeMs === file.mtimeMs

const owned = (entry: ManifestEntry, stats: Stats): OwnedFile => ({ ...entry, dev: stats.dev, ino: stats.ino, mtimeMs: stats.mtimeMs })

/** What a look at a directory found: the files proved ours, and the first entry that is not, in words. */
export interface Survey {
  readonly owned: readonly OwnedFile[]
  readonly foreign: string | undefined
}

/**
 * Looks at every entry of `dir` in name order and proves what it can ours by the manifest
 * (the manifest included). `foreign` describes the first entry that is not ours, such as
 * `"logo.svg", which no run wrote`; with `stopAtForeign` the look ends there. Throws only if
 * the directory itself cannot be listed.
 */
export const survey = async (dir: string, stopAtForeign: boolean): Promise<Survey> => {
  const names = (await readdir(dir)).sort()
  const found: OwnedFile[] = []
  let foreign: string | undefined
  const notOurs = (why: string): boolean => {
    foreign ??= why
    return stopAtForeign
  }
  let listed = new Map<string, ManifestEntry>()
  if (names.includes(MANIFEST)) {
    const path = join(dir, MANIFEST)
    const stats = await lstat(path)
    const text = stats.isFile() ? await readGated(path, MANIFEST_FILE) : E.left(`is ${kindOf(stats)}`)
    const entries = E.isLeft(text) ? text : parseManifest(new TextDecoder().decode(text.right))
    if (E.isLeft(entries)) {
      const why = E.isLeft(text) ? text.left.replace(`${path}: `, '') : entries.left
      return { owned: [], foreign: `${quote(MANIFEST)}, which is not a manifest this program wrote (${why})` }
    }
    if (E.isRight(text)) found.push(owned({ name: MANIFEST, bytes: text.right.length, sha256: sha256Of(text.right) }, stats))
    listed = new Map(entries.right.map((entry) => [entry.name, entry]))
  } else if (names.length > 0) {
    return {
      owned: [],
      foreign: `${quote(names[0]!)}, and no ${MANIFEST} to show that a run wrote it (outputs of versions that wrote no manifest are not replaced either: move them elsewhere or remove them)`,
    }
  }
  for (const name of names) {
    if (name === MANIFEST) continue
    const entry = listed.get(name)
    if (entry === undefined) {
      if (notOurs(`${quote(name)}, which no run wrote`)) break
      continue
    }
    const path = join(dir, name)
    const stats = await lstat(path).catch(() => undefined)
    if (stats === undefined) continue // removed meanwhile: nothing to fear from it
    if (!stats.isFile()) {
      if (notOurs(`${quote(name)}, which is ${kindOf(stats)}, not an output file`)) break
      continue
    }
    const digest = stats.size === entry.bytes ? await hashGated(path, OUTPUT_FILE) : undefined
    if (digest === undefined || E.isLeft(digest) || digest.right.sha256 !== entry.sha256) {
      if (notOurs(`${quote(name)}, which has changed since a run wrote it (its size or SHA-256 is not what ${MANIFEST} records)`)) break
      continue
    }
    found.push(owned(entry, stats))
  }
  return { owned: found, foreign }
}

/**
 * The first entry of `dir` that is not one of the files `owned` proved ours, as they were
 * then, in words; undefined if there is none (files removed since are fine).
 */
export const changedSince = async (dir: string, files: readonly OwnedFile[]): Promise<string | undefined> => {
  const byName = new Map(files.map((file) => [file.name, file]))
  for (const name of (await readdir(dir)).sort()) {
    const file = byName.get(name)
    if (file === undefined) return `${quote(name)}, which no run wrote`
    const stats = await lstat(join(dir, name)).catch(() => undefined)
    if (stats !== undefined && !sameFile(stats, file)) return `${quote(name)}, which has changed since the run began`
  }
  return undefined
}

// Removing a set
// --------------

/**
 * Removes from `dir` the files that are still the very files proved ours, then `dir` if that
 * left it empty; resolves to the names left behind (none when `dir` is gone).
 */
export const removeOwned = async (dir: string, files: readonly OwnedFile[]): Promise<readonly string[]> => {
  for (const file of files) {
    const path = join(dir, file.name)
    const stats = await lstat(path).catch(() => undefined)
    if (stats !== undefined && sameFile(stats, file)) await unlink(path).catch(() => undefined)
  }
  try {
    await rmdir(dir)
    return []
  } catch {
    return (await readdir(dir).catch(() => [] as string[])).sort()
  }
}

/** `removeOwned`, synchronously (for a signal, which cannot wait). */
export const removeOwnedSync = (dir: string, files: readonly OwnedFile[]): void => {
  for (const file of files) {
    try {
      const path = join(dir, file.name)
      if (sameFile(lstatSync(path), file)) unlinkSync(path)
    } catch {
      // gone already
    }
  }
  try {
    rmdirSync(dir)
  } catch {
    // not empty: what is left is not ours to remove
  }
}
