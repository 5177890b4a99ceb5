// Writing output directories safely
// =================================
//
// One promise to the user: a run never damages the results of an earlier one, and never
// touches a file that is not ours. (Reading is the gate's business: cli/readGate.ts.)
//
// **All at once.** The outputs of a run (model.json, metrics.json, report.txt, …) belong
// together: a model.json beside the report of another run is a lie. So a run never writes
// into its output directory. It writes every file into a fresh directory beside it, on the
// same file system, and then swaps the two with two renames:
//
//     out/                       the previous outputs          (left as they are while we write)
//     .out.new-<pid>-<random>/   this run's outputs, written one by one, manifest.json last
//                                then, in one synchronous step:
//     out/  →  .out.old-<pid>-<random>/     the previous outputs, moved aside
//     .out.new-<pid>-<random>/  →  out/     this run's outputs, moved in   ← the commit
//     .out.old-<pid>-<random>/   removed
//
// A rename within a directory is atomic, so anyone looking at out/ sees the old set, the
// new set, or (for the microseconds between the two renames) no out/ at all, never a mix.
// A failure before the commit (a full disk, a file in the way) removes the new directory
// and leaves out/ as it was; nothing after it can fail in a way that matters.
//
// **Only what is ours.** Replacing out/ as a whole removes everything in it, so before any
// work a run proves that everything there was written by a run of ours: its manifest lists
// each file with its SHA-256 (cli/manifest.ts). A directory holding anything else is refused
// (exit 2), naming the first such file. Just before the swap the run looks again, and after
// it removes only the very files it proved ours.
//
// **Beside out/, nothing is followed.** The new and old directories and the lock live in
// out/'s parent, which may be shared (/tmp), so another user may have put anything there
// under our names, a symbolic link to their victim's files above all. So we create our
// entries exclusively (`mkdir`, and files opened with `wx`, which fail on anything already
// there, a link included, and never follow one), with names no one can guess (a random
// part after the process id), and we act on an entry we did not just make only if it has
// our name, is a real directory or file (`lstat`, never `stat`), and belongs to our user. A
// link is never followed, removed or renamed; the note says it was left alone.
//
// **Being killed.** Ctrl-C must stop a run at once, so during the long synchronous work
// (training) nothing listens for signals and the default action ends the process on the
// spot (cli/process.ts explains why). Only while the files are written, which is asynchronous,
// do we listen for SIGINT, SIGTERM and SIGHUP: the listener removes what this run made, or
// if the commit has happened, the old set; then it raises the signal again so that the
// process ends as it would have. A run killed outright (SIGKILL, a power cut, a signal
// during training) may leave `.out.new-*`, `.out.old-*` or its lock behind; the next run
// into out/ repairs that before it starts: it removes unfinished new directories (only
// files with the names of outputs), and if out/ is missing because the kill came between the
// two renames, it moves the previous set back; an old set beside a present out/ goes (only
// the files its manifest proves ours).
//
// **Two runs at once.** The swap cannot mix two runs, but the second would silently replace
// the first. So a run takes a lock first, `.out.lock` beside out/, created exclusively (as a
// hard link to a file of our own, so that it appears complete with its content): the process
// id, host and command. A second run into the same directory fails at once with a message
// naming the first (exit 1). A lock whose process has died (same host, no such process) is
// stale and taken over.
// Previous: cli/manifest.ts. Next: cli/process.ts.

import { randomBytes } from 'node:crypto'
import { lstatSync, readdirSync, renameSync, rmdirSync, unlinkSync, type Stats } from 'node:fs'
import { chmod, link, lstat, mkdir, readdir, realpath, rename, rmdir, stat, unlink, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { basename, dirname, join, parse, resolve, sep } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { oneLine, quote } from './io.ts'
import { changedSince, entryOf, MANIFEST, manifestText, removeOwned, removeOwnedSync, sameFile, survey, type ManifestEntry, type OwnedFile } from './manifest.ts'
import { kindOf, LOCK_FILE, OUTPUT_FILE, readGated, readGatedIfPresent } from './readGate.ts'

/** Reading moved to the gate (cli/readGate.ts); these stay here for the scripts that import them from this file. */
export { kindOf, readText } from './readGate.ts'

// The first line of an error's message, or of anything thrown.
const reason = (error: unknown): string => {
  try {
    return error instanceof Error ? error.message.split('\n')[0]!.slice(0, 300) : String(error).slice(0, 300)
  } catch {
    return 'unknown error'
  }
}

const codeOf = (error: unknown): string | undefined =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined

// A name no one can guess: the process id and 8 random hexadecimal digits.
const unguessable = (): string => `${process.pid}-${randomBytes(4).toString('hex')}`

// Creating directories
// --------------------

// Creates `dir` and the directories above it that are missing, one at a time (Node's own
// `mkdir -p` can spin forever under /proc); returns those it created, outermost first.
const makeDirectories = async (dir: string): Promise<E.Either<string, readonly string[]>> => {
  const { root } = parse(dir)
  const parts = dir.slice(root.length).split(sep).filter((part) => part !== '')
  const created: string[] = []
  let path = root
  for (const part of parts) {
    path = join(path, part)
    try {
      const stats = await stat(path)
      if (!stats.isDirectory()) return E.left(`${path} is ${kindOf(stats)}, not a directory`)
    } catch (error) {
      if (codeOf(error) !== 'ENOENT') return E.left(`cannot look at ${path} (${reason(error)})`)
      try {
        await mkdir(path)
        created.push(path)
      } catch (made) {
        return E.left(`cannot create the directory ${path} (${reason(made)})`)
      }
    }
  }
  return E.right(created)
}

/** Writes `path` atomically (a new temporary file, created exclusively, renamed over it), creating its directory. */
export const writeFileAtomic = async (path: string, content: string | Uint8Array): Promise<E.Either<string, string>> => {
  const temporary = `${path}.${unguessable()}.tmp`
  const made = await makeDirectories(dirname(resolve(path)))
  if (E.isLeft(made)) return E.left(`${path}: cannot write the file (${made.left})`)
  try {
    await writeFile(temporary, content, { flag: 'wx' })
    await rename(temporary, path)
    return E.right(path)
  } catch (error) {
    await unlink(temporary).catch(() => undefined)
    return E.left(`${path}: cannot write the file (${reason(error)})`)
  }
}

/** Writes several files, each atomically (not as a set: see `replaceOutputs`); stops at the first failure. */
export const writeFilesAtomic = async (files: readonly (readonly [string, string | Uint8Array])[]): Promise<E.Either<string, readonly string[]>> => {
  const written: string[] = []
  for (const [path, content] of files) {
    const result = await writeFileAtomic(path, content)
    if (E.isLeft(result)) return result
    written.push(path)
  }
  return E.right(written)
}

// The output directory
// --------------------

/** Which file a lock is: its device and inode. */
interface FileId {
  readonly dev: number
  readonly ino: number
}

/** An output directory claimed by this process: checked, locked and repaired. */
export interface OutputDir {
  /** The directory as the user named it, for messages. */
  readonly named: string
  /** Its real path, and the directory and name it has there. */
  readonly path: string
  readonly parent: string
  readonly base: string
  /** The names of files a run may write there (never proof that a file there is ours: the manifest is). */
  readonly isOutput: (name: string) => boolean
  /** The files of the previous set, proved ours by its manifest (none if there was no set). */
  readonly owned: readonly OwnedFile[]
  /** Our lock file, the text in it, and which file it is. */
  readonly lock: string
  readonly lockText: string
  readonly lockId: FileId
  /** Directories created to hold it (removed again if a failed run leaves them empty). */
  readonly created: readonly string[]
  /** What the repair of an interrupted earlier run did, in words (empty if nothing). */
  readonly repaired: readonly string[]
}

// The directories this process holds, so that the last resort can give them up.
const claims = new Set<OutputDir>()

/** Why a directory cannot be claimed: 2 for a bad path (a flag error), 1 if another run holds it. */
export interface Refusal {
  readonly status: 1 | 2
  readonly message: string
}

// Our entries beside out/: `.out.new-…` and `.out.old-…` directories, and `.out.lock-…`, the
// file a lock is made from. Earlier versions named them with the process id alone.
type EntryKind = 'new' | 'old' | 'lock'

const entryPath = (parent: string, base: string, kind: EntryKind): string => join(parent, `.${base}.${kind}-${unguessable()}`)

const entryKind = (base: string, name: string): EntryKind | undefined => {
  const prefix = `.${base}.`
  const m = name.startsWith(prefix) ? /^(new|old|lock)-(\d+)(?:-[0-9a-f]{8})?$/.exec(name.slice(prefix.length)) : null
  return (m?.[1] as EntryKind | undefined) ?? undefined
}

// Does an entry belong to the user running this process? (Where there are no user ids, all do.)
const ofOurUser = (stats: Stats): boolean => {
  const uid = process.getuid?.()
  return uid === undefined || stats.uid === uid
}

// Is the process with this id alive? (Signal 0 only asks.) EPERM: alive, but not ours.
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return codeOf(error) === 'EPERM'
  }
}

// The text of a lock file: undefined if there is none, '' if it is not a small regular file
// (read through the gate without following a link: a FIFO by that name must not block us,
// and a link by that name is not our lock).
const readLock = async (lock: string): Promise<string | undefined> => {
  const bytes = await readGatedIfPresent(lock, LOCK_FILE)
  if (E.isLeft(bytes)) return ''
  return bytes.right === undefined ? undefined : new TextDecoder().decode(bytes.right)
}

// The pid and host a lock file names, if it is one of ours.
const lockOwner = (text: string): { readonly pid: number; readonly host: string } | undefined => {
  const m = /^annotated-cnn lock: pid (\d+) on ([^\s,]+)/.exec(text)
  return m === null ? undefined : { pid: Number(m[1]), host: m[2]! }
}

// Removes from a new directory of ours the regular files with the names of outputs (and the
// manifest), then the directory if that left it empty; resolves to the names left behind.
const removeUnfinished = async (dir: string, isOutput: (name: string) => boolean): Promise<readonly string[]> => {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const stats = await lstat(join(dir, name)).catch(() => undefined)
    if ((isOutput(name) || name === MANIFEST) && stats?.isFile() === true) await unlink(join(dir, name)).catch(() => undefined)
  }
  try {
    await rmdir(dir)
    return []
  } catch {
    return (await readdir(dir).catch(() => [] as string[])).sort()
  }
}

const removeUnfinishedSync = (dir: string, isOutput: (name: string) => boolean): void => {
  try {
    if (!lstatSync(dir).isDirectory()) return // never through a link, never anything but our directory
    for (const name of readdirSync(dir)) {
      try {
        if ((isOutput(name) || name === MANIFEST) && lstatSync(join(dir, name)).isFile()) unlinkSync(join(dir, name))
      } catch {
        // gone already
      }
    }
    rmdirSync(dir)
  } catch {
    // missing, or not empty: leave it
  }
}

// Creates `lock` holding `text` if nothing by that name exists, and says which file it is
// (undefined if something was there). The lock appears complete or not at all: we write a
// file of our own first, created exclusively under a name no one can guess, and then
// hard-link it to the lock's name, which fails if anything, a link included, is there.
// (Where hard links are not possible we create the lock exclusively and write it.)
const createLock = async (lock: string, text: string): Promise<FileId | undefined> => {
  const mine = `${lock}-${unguessable()}`
  await writeFile(mine, text, { flag: 'wx' })
  try {
    const { dev, ino } = await lstat(mine)
    try {
      await link(mine, lock)
      return { dev, ino }
    } catch (error) {
      if (codeOf(error) === 'EEXIST') return undefined
      if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(codeOf(error) ?? '')) throw error
    }
    try {
      await writeFile(lock, text, { flag: 'wx' })
      const made = await lstat(lock)
      return { dev: made.dev, ino: made.ino }
    } catch (again) {
      if (codeOf(again) === 'EEXIST') return undefined
      throw again
    }
  } finally {
    await unlink(mine).catch(() => undefined)
  }
}

// Takes the lock, or says who holds it. A lock left by a process that has died (on this
// host) is stale: we remove it and try again.
const takeLock = async (lock: string, text: string, named: string, flag: string): Promise<E.Either<Refusal, FileId>> => {
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      const made = await createLock(lock, text)
      if (made !== undefined) return E.right(made)
      const held = await readLock(lock)
      if (held === undefined) continue // removed meanwhile: try again
      const owner = lockOwner(held)
      if (owner !== undefined && owner.host === hostname() && !alive(owner.pid)) {
        await unlink(lock).catch(() => undefined)
        continue
      }
      const message =
        owner === undefined
          ? `${flag} ${named} is locked by ${lock}, which this program did not write; remove it if no run is using ${named}`
          : `${flag} ${named} is in use: another run holds it (${held.trim().replace(/^annotated-cnn lock: /, '')}); wait for that run to end, or if none is running, remove ${lock}`
      return E.left({ status: 1, message })
    }
    return E.left({ status: 1, message: `${flag} ${named} is in use: other runs keep taking its lock ${lock}` })
  } catch (error) {
    return E.left({ status: 2, message: `${flag} ${named}: cannot write to ${dirname(lock)} (${reason(error)})` })
  }
}

// Repairs what runs killed earlier left beside the directory (we hold the lock, so no other
// run is writing), acting only on entries that have our names, are real directories or files
// (never links) and belong to our user: unfinished new directories go; previous outputs moved
// aside come back if the directory is missing (the kill came between the renames), or go if
// it is there; a lock's temporary file goes when its process is gone. What it leaves alone it
// says, in the notes it returns.
const repair = async (parent: string, base: string, isOutput: (name: string) => boolean): Promise<readonly string[]> => {
  const done: string[] = []
  const names = (await readdir(parent).catch(() => [] as string[])).filter((name) => entryKind(base, name) !== undefined).sort()
  for (const name of names) {
    const path = join(parent, name)
    const kind = entryKind(base, name)!
    const stats = await lstat(path).catch(() => undefined)
    if (stats === undefined) continue
    const expected = kind === 'lock' ? stats.isFile() : stats.isDirectory()
    if (!expected || !ofOurUser(stats)) {
      done.push(`left ${quote(name)} alone: it is ${kindOf(stats)}${expected ? ' of another user' : ''}, not one this program made`)
      continue
    }
    if (kind === 'lock') {
      const owner = lockOwner((await readLock(path)) ?? '')
      if (owner !== undefined && owner.host === hostname() && !alive(owner.pid)) await unlink(path).catch(() => undefined)
    } else if (kind === 'new') {
      const left = await removeUnfinished(path, isOutput)
      done.push(left.length === 0 ? `removed ${name}, the unfinished outputs of an interrupted run` : `left ${name}: it holds ${quote(left[0]!)}, which no run wrote`)
    } else if ((await lstat(join(parent, base)).catch(() => undefined)) === undefined) {
      await rename(path, join(parent, base))
      done.push(`restored ${base} from ${name}, where an interrupted run had moved it`)
    } else {
      const { owned, foreign } = await survey(path, false)
      const left = await removeOwned(path, owned)
      done.push(left.length === 0 ? `removed ${name}, the previous outputs of an interrupted run` : `left ${name}: it holds ${foreign ?? quote(left[0]!)}`)
    }
  }
  return done.map(oneLine)
}

/**
 * Claims a directory for a command's outputs before any work starts: checks that it is, or
 * can be created as, a directory of its own that holds nothing but outputs proved ours by
 * their manifest; creates the directories above it; takes the lock; repairs what an
 * interrupted run left. `isOutput` says which names the command writes, `flag` names the
 * directory in messages (`--out`), and `command` goes into the lock (`npm run train`).
 */
export const claimOutputDir = async (named: string, flag: string, command: string, isOutput: (name: string) => boolean): Promise<E.Either<Refusal, OutputDir>> => {
  const bad = (problem: string): E.Either<Refusal, OutputDir> => E.left({ status: 2, message: `${flag} ${named}: ${problem}` })
  let created: readonly string[] = []
  try {
    const absolute = resolve(named)
    if (dirname(absolute) === absolute) return bad('is the root directory; name a directory for the outputs')
    const made = await makeDirectories(dirname(absolute))
    if (E.isLeft(made)) return bad(made.left)
    created = made.right
    // Work with the real path: a symbolic link to a directory stays a link to the new outputs.
    const path = await realpath(absolute).catch(async () => join(await realpath(dirname(absolute)), basename(absolute)))
    const parent = dirname(path)
    const base = basename(path)
    const cwd = process.cwd()
    if (cwd === path || cwd.startsWith(`${path}${sep}`)) return bad('is (or holds) the current directory; each run replaces the directory as a whole, so name one of its own, such as out')
    const lock = join(parent, `.${base}.lock`)
    const lockText = `annotated-cnn lock: pid ${process.pid} on ${hostname()}, ${command}, since ${new Date().toISOString()}\n`
    const before = await stat(path).catch(() => undefined)
    if (before === undefined && (await lstat(path).catch(() => undefined)) !== undefined) return bad('is a symbolic link to nothing; remove it, or name another directory')
    if (before !== undefined && !before.isDirectory()) return bad(`is ${kindOf(before)}, not a directory`)
    if (before !== undefined && before.dev !== (await stat(parent)).dev) return bad('is a mount point, which cannot be replaced as a whole; name a directory inside it')
    const locked = await takeLock(lock, lockText, named, flag)
    if (E.isLeft(locked)) {
      for (const dir of [...created].reverse()) await rmdir(dir).catch(() => undefined)
      return locked
    }
    const claimed: OutputDir = { named, path, parent, base, isOutput, owned: [], lock, lockText, lockId: locked.right, created, repaired: [] }
    try {
      const repaired = await repair(parent, base, isOutput)
      const now = await lstat(path).catch(() => undefined)
      if (now !== undefined && !now.isDirectory()) {
        await release(claimed, false)
        return bad(`is ${kindOf(now)}, not a directory`)
      }
      const found = now === undefined ? { owned: [], foreign: undefined } : await survey(path, true)
      if (found.foreign !== undefined) {
        await release(claimed, false)
        return bad(`holds ${found.foreign}; each run replaces this directory as a whole, so give a new or empty directory, or one that only earlier runs wrote to`)
      }
      const claim = { ...claimed, owned: found.owned, repaired }
      claims.add(claim)
      return E.right(claim)
    } catch (error) {
      await release(claimed, false)
      throw error
    }
  } catch (error) {
    for (const dir of [...created].reverse()) await rmdir(dir).catch(() => undefined)
    return bad(`cannot use it (${reason(error)})`)
  }
}

/**
 * Gives up a claimed directory: removes the lock (if it is still ours) and, unless the run
 * succeeded, the directories made to hold the outputs if they are empty.
 */
export const release = async (out: OutputDir, succeeded: boolean): Promise<void> => {
  claims.delete(out)
  if ((await readLock(out.lock)) === out.lockText) await unlink(out.lock).catch(() => undefined)
  if (!succeeded) for (const dir of [...out.created].reverse()) await rmdir(dir).catch(() => undefined)
}

// The same at once, for a signal: the lock goes if it is still the very file we made.
const releaseSync = (out: OutputDir, succeeded: boolean): void => {
  try {
    const lock = lstatSync(out.lock)
    if (lock.isFile() && lock.dev === out.lockId.dev && lock.ino === out.lockId.ino) unlinkSync(out.lock)
  } catch {
    // gone
  }
  for (const dir of succeeded ? [] : [...out.created].reverse()) {
    try {
      rmdirSync(dir)
    } catch {
      // not empty: leave it
    }
  }
}

// Signals while writing
// ---------------------

// What to undo if the process must end now: one entry per write in progress.
const pending = new Set<() => void>()

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

// The listener: undo, stop listening, and raise the signal again for its default action.
const onSignal = (signal: NodeJS.Signals): void => {
  abandonOutputs()
  process.kill(process.pid, signal)
}

// Listens for the signals (once) while some write is in progress, and not otherwise.
const listen = (): void => {
  for (const signal of SIGNALS) {
    process.removeListener(signal, onSignal)
    if (pending.size > 0) process.on(signal, onSignal)
  }
}

/** Undoes the writes in progress and gives up the directories held, at once (for signals and the last resort). */
export const abandonOutputs = (): void => {
  const steps = [...pending]
  pending.clear()
  listen()
  for (const step of steps) step()
  for (const out of [...claims]) releaseSync(out, false)
  claims.clear()
}

// Carries a file of the previous set into the new directory: a hard link to the very file that
// was proved ours (no copy at all), or where links are not possible a copy read through the
// gate. Undefined if the file has been removed since.
const carry = async (from: string, to: string, file: OwnedFile): Promise<ManifestEntry | undefined> => {
  const source = join(from, file.name)
  const target = join(to, file.name)
  const changed = (): Error => new Error(`${quote(file.name)} changed while the run worked`)
  try {
    await link(source, target)
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined
    const bytes = await readGated(source, OUTPUT_FILE)
    if (E.isLeft(bytes)) throw new Error(bytes.left)
    await writeFile(target, bytes.right, { flag: 'wx' })
    if (entryOf(file.name, bytes.right).sha256 !== file.sha256) throw changed()
    return { name: file.name, bytes: file.bytes, sha256: file.sha256 }
  }
  if (!sameFile(await lstat(target), file)) throw changed()
  return { name: file.name, bytes: file.bytes, sha256: file.sha256 }
}

/**
 * Replaces the claimed directory by one holding `files` (name, content), the files of the
 * previous set for which `keep` says so (carried over as hard links), and their manifest, as
 * described at the top: all at once or, after any failure or a signal before the commit, not
 * at all. Releases the claim.
 */
export const replaceOutputs = async (
  out: OutputDir,
  files: readonly (readonly [string, string | Uint8Array])[],
  keep: (name: string) => boolean = () => false,
): Promise<E.Either<string, readonly string[]>> => {
  const fresh = entryPath(out.parent, out.base, 'new')
  const aside = entryPath(out.parent, out.base, 'old')
  let made = false
  let committed = false
  const undo = (): void => {
    if (committed) removeOwnedSync(aside, out.owned)
    else if (made) removeUnfinishedSync(fresh, out.isOutput)
    releaseSync(out, committed)
  }
  pending.add(undo)
  listen()
  try {
    const previous = await lstat(out.path).catch(() => undefined)
    // `mkdir` fails if anything is there, a link included. The name ends in an unguessable
    // part, so whatever stands under it once mkdir has begun is ours to clean up: a signal that
    // lands while mkdir completes must not leave it behind.
    made = true
    await mkdir(fresh)
    const entries: ManifestEntry[] = []
    const written = new Set<string>()
    for (const [name, content] of files) {
      if (!out.isOutput(name) || name === MANIFEST || name.includes('/') || name.includes(sep)) throw new Error(`${quote(name)} is not the name of an output`)
      await writeFile(join(fresh, name), content, { flag: 'wx' })
      entries.push(entryOf(name, content))
      written.add(name)
    }
    for (const file of out.owned) {
      if (file.name === MANIFEST || written.has(file.name) || !keep(file.name)) continue
      const carried = await carry(out.path, fresh, file)
      if (carried !== undefined) entries.push(carried)
    }
    // The manifest last: a new directory with a manifest is complete.
    await writeFile(join(fresh, MANIFEST), manifestText(entries), { flag: 'wx' })
    if (previous?.isDirectory() === true) await chmod(fresh, previous.mode & 0o7777)
    if ((await readLock(out.lock)) !== out.lockText) throw new Error(`the lock ${out.lock} was taken over by another run`)
    // The last look: everything in out/ must still be the very files proved ours.
    const foreign = previous === undefined ? undefined : await changedSince(out.path, out.owned)
    if (foreign !== undefined) throw new Error(`it now holds ${foreign}`)
    // The commit: two renames in one synchronous step, so nothing runs between them, not
    // even a signal listener (a kill in between is repaired by the next run).
    if (previous !== undefined) renameSync(out.path, aside)
    try {
      renameSync(fresh, out.path)
    } catch (error) {
      if (previous !== undefined) renameSync(aside, out.path)
      throw error
    }
    committed = true
    // Anything else found there now (added in the last microseconds) stays, with the old
    // directory, and the next run says so.
    if (previous !== undefined) await removeOwned(aside, out.owned)
    return E.right([...written])
  } catch (error) {
    if (made && !committed) await removeUnfinished(fresh, out.isOutput)
    return E.left(`${out.named}: cannot write the outputs (${reason(error)}); the previous ones are as they were`)
  } finally {
    // Still listening: a signal now only finds the lock to remove.
    await release(out, committed)
    pending.delete(undo)
    listen()
  }
}
