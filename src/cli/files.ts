// Reading and writing files safely
// ================================
//
// Two promises to the user: a command never hangs or runs out of memory on a strange file,
// and a run never damages the results of an earlier one.
//
// **Reading.** We read regular files only. A FIFO given as a data file would block the first
// `read` forever, a device such as /dev/zero never ends, and a directory cannot be read; so
// `readRegularFile` looks at what a path is before opening it, opens it without blocking
// (`O_NONBLOCK`), looks again at what it opened (the path may have changed in between),
// and reads at most a stated number of bytes.
//
// **Writing.** The outputs of a run (model.json, metrics.json, report.txt, …) belong
// together: a model.json beside the report of another run is a lie. So a run never writes
// into its output directory. It writes every file into a fresh directory beside it, on the
// same file system, and then swaps the two with two renames:
//
//     out/               the previous outputs           (left as they are while we write)
//     .out.new-<pid>/    this run's outputs, written one by one
//                        then, in one synchronous step:
//     out/  →  .out.old-<pid>/      the previous outputs, moved aside
//     .out.new-<pid>/  →  out/      this run's outputs, moved in   ← the commit
//     .out.old-<pid>/    removed
//
// A rename within a directory is atomic, so anyone looking at out/ sees the old set, the
// new set, or (for the microseconds between the two renames) no out/ at all, never a mix.
// A failure before the commit (a full disk, a file in the way) removes the new directory
// and leaves out/ as it was; nothing after it can fail in a way that matters.
//
// **Being killed.** Ctrl-C must stop a run at once, so during the long synchronous work
// (training) nothing listens for signals and the default action ends the process on the
// spot (cli/process.ts explains why). Only while the files are written, which is asynchronous,
// do we listen for SIGINT, SIGTERM and SIGHUP: the listener removes what this run made, or
// if the commit has happened, the old set; then it raises the signal again so that the
// process ends as it would have. A run killed outright (SIGKILL, a power cut, a signal
// during training) may leave `.out.new-*`, `.out.old-*` or its lock behind; the next run
// into out/ repairs that before it starts: it removes unfinished new directories, and if
// out/ is missing because the kill came between the two renames, it moves the previous set
// back. We never remove what a run did not write: only files with the names of outputs,
// and then the directories they were in, if that left them empty.
//
// **Two runs at once.** The swap cannot mix two runs, but the second would silently replace
// the first. So a run takes a lock first, `.out.lock` beside out/, created exclusively (as a
// hard link, so that it appears complete with its content): the process id, host and
// command. A second run into the same directory fails at once with a message naming the
// first (exit 1). A lock whose process has died (same host, no such process) is stale and
// taken over.
// Previous: cli/limits.ts. Next: cli/process.ts.

import { constants, lstatSync, readdirSync, readFileSync, renameSync, rmdirSync, unlinkSync, type Stats } from 'node:fs'
import { chmod, copyFile, link, lstat, mkdir, open, opendir, readdir, realpath, rename, rmdir, stat, unlink, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { basename, dirname, join, parse, resolve, sep } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { showBytes } from './limits.ts'

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

// Reading
// -------

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

/**
 * The bytes of a regular file of at most `maxBytes` bytes. Anything else is refused by name:
 * a missing file, a FIFO or device or directory, a larger file (`tooLarge` says why there is
 * a limit). Never blocks on a special file and never reads more than `maxBytes` + 1 bytes.
 */
export const readRegularFile = async (path: string, maxBytes: number, tooLarge = 'larger files are not read'): Promise<E.Either<string, Uint8Array>> => {
  const refuse = (stats: Stats) => E.left(`${path}: is ${kindOf(stats)}, not a regular file`)
  const big = (size: number) => E.left(`${path}: is ${showBytes(size)}; ${tooLarge} (the limit is ${showBytes(maxBytes)})`)
  try {
    const before = await stat(path)
    if (!before.isFile()) return refuse(before)
    if (before.size > maxBytes) return big(before.size)
    // O_NONBLOCK: if the path became a FIFO since we looked, opening it must not wait for a writer.
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY)
    try {
      const opened = await handle.stat()
      if (!opened.isFile()) return refuse(opened)
      // Read until the end, which may come after the size we were told (files of /proc say 0).
      let bytes = new Uint8Array(Math.min(opened.size, maxBytes) + 1)
      let total = 0
      for (;;) {
        if (total === bytes.length) {
          if (total > maxBytes) return big(total)
          const larger = new Uint8Array(Math.min(Math.max(2 * bytes.length, 65536), maxBytes + 1))
          larger.set(bytes)
          bytes = larger
        }
        const { bytesRead } = await handle.read(bytes, total, bytes.length - total, null)
        if (bytesRead === 0) break
        total += bytesRead
      }
      return total > maxBytes ? big(total) : E.right(bytes.subarray(0, total))
    } finally {
      await handle.close()
    }
  } catch (error) {
    return E.left(codeOf(error) === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read the file (${reason(error)})`)
  }
}

/** A text file (UTF-8) of at most `maxBytes` bytes (64 MB unless told), or why it cannot be read. */
export const readText = async (path: string, maxBytes = 64 * 2 ** 20, tooLarge?: string): Promise<E.Either<string, string>> => {
  const bytes = await readRegularFile(path, maxBytes, tooLarge)
  return E.isLeft(bytes) ? bytes : E.right(new TextDecoder().decode(bytes.right))
}

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

/** Writes `path` atomically (a temporary file renamed over it), creating its directory. */
export const writeFileAtomic = async (path: string, content: string | Uint8Array): Promise<E.Either<string, string>> => {
  const temporary = `${path}.${process.pid}.tmp`
  const made = await makeDirectories(dirname(resolve(path)))
  if (E.isLeft(made)) return E.left(`${path}: cannot write the file (${made.left})`)
  try {
    await writeFile(temporary, content)
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

/** An output directory claimed by this process: checked, locked and repaired. */
export interface OutputDir {
  /** The directory as the user named it, for messages. */
  readonly named: string
  /** Its real path, and the directory and name it has there. */
  readonly path: string
  readonly parent: string
  readonly base: string
  /** The names of files a run may write there (and so may remove when it replaces them). */
  readonly isOutput: (name: string) => boolean
  /** Our lock file and the text in it. */
  readonly lock: string
  readonly lockText: string
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

const temporary = (parent: string, base: string, kind: 'new' | 'old', pid = process.pid) => join(parent, `.${base}.${kind}-${pid}`)

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
// (read as any other file here: a FIFO by that name must not block us).
const readLock = async (lock: string): Promise<string | undefined> => {
  const bytes = await readRegularFile(lock, 4096)
  if (E.isRight(bytes)) return new TextDecoder().decode(bytes.right)
  return bytes.left.endsWith(': no such file') ? undefined : ''
}

// The pid and host a lock file names, if it is one of ours.
const lockOwner = (text: string): { readonly pid: number; readonly host: string } | undefined => {
  const m = /^annotated-cnn lock: pid (\d+) on ([^\s,]+)/.exec(text)
  return m === null ? undefined : { pid: Number(m[1]), host: m[2]! }
}

// Removes the output files in `dir`, then `dir` itself if that left it empty; never anything else.
const removeOutputs = async (dir: string, isOutput: (name: string) => boolean): Promise<void> => {
  const names = await readdir(dir).catch(() => [] as string[])
  for (const name of names) {
    if (isOutput(name) && (await lstat(join(dir, name)).catch(() => undefined))?.isFile()) await unlink(join(dir, name)).catch(() => undefined)
  }
  await rmdir(dir).catch(() => undefined)
}

const removeOutputsSync = (dir: string, isOutput: (name: string) => boolean): void => {
  try {
    for (const name of readdirSync(dir)) {
      try {
        if (isOutput(name) && lstatSync(join(dir, name)).isFile()) unlinkSync(join(dir, name))
      } catch {
        // gone already, or not ours to remove
      }
    }
    rmdirSync(dir)
  } catch {
    // missing, or not empty: leave it
  }
}

// Creates `lock` holding `text` if no such file exists, and says whether it did. The lock
// appears complete or not at all: we write our own file first and then hard-link it to the
// lock's name, which fails if that exists. (Where hard links are not possible we create the
// lock exclusively and write it.)
const createLock = async (lock: string, text: string): Promise<boolean> => {
  const mine = `${lock}-${process.pid}`
  await writeFile(mine, text)
  try {
    await link(mine, lock)
    return true
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(codeOf(error) ?? '')) throw error
    try {
      await writeFile(lock, text, { flag: 'wx' })
      return true
    } catch (again) {
      if (codeOf(again) === 'EEXIST') return false
      throw again
    }
  } finally {
    await unlink(mine).catch(() => undefined)
  }
}

// Takes the lock, or says who holds it. A lock left by a process that has died (on this
// host) is stale: we remove it and try again.
const takeLock = async (lock: string, text: string, named: string, flag: string): Promise<E.Either<Refusal, void>> => {
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await createLock(lock, text)) return E.right(undefined)
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
// run is writing): unfinished new directories go, and previous outputs moved aside come back
// if the directory is missing (the kill came between the renames), or go if it is there.
const repair = async (parent: string, base: string, isOutput: (name: string) => boolean): Promise<readonly string[]> => {
  const done: string[] = []
  const names = await readdir(parent).catch(() => [] as string[])
  const prefix = `.${base}.`
  for (const name of names.filter((n) => n.startsWith(`${prefix}new-`))) {
    await removeOutputs(join(parent, name), isOutput)
    done.push(`removed ${name}, the unfinished outputs of an interrupted run`)
  }
  const olds = names.filter((n) => n.startsWith(`${prefix}old-`))
  for (const name of olds) {
    const path = join(parent, name)
    const present = await lstat(join(parent, base)).then(() => true, () => false)
    const isDirectory = (await lstat(path).catch(() => undefined))?.isDirectory() === true
    if (!present && isDirectory) {
      await rename(path, join(parent, base))
      done.push(`restored ${base} from ${name}, where an interrupted run had moved it`)
    } else {
      await removeOutputs(path, isOutput)
      done.push(`removed ${name}, the previous outputs of an interrupted run`)
    }
  }
  for (const name of names.filter((n) => /^\..*\.lock-\d+$/.test(n) && n.startsWith(prefix))) {
    if (!alive(Number(name.slice(name.lastIndexOf('-') + 1)))) await unlink(join(parent, name)).catch(() => undefined)
  }
  return done
}

// The first entry of an existing output directory that a run did not write, in words.
const foreignEntry = async (dir: string, isOutput: (name: string) => boolean): Promise<string | undefined> => {
  const entries = await opendir(dir)
  try {
    for await (const entry of entries) {
      if (!isOutput(entry.name)) return `${JSON.stringify(entry.name)}, which no run wrote`
      if (!entry.isFile()) return `${JSON.stringify(entry.name)}, which is ${kindOf(await lstat(join(dir, entry.name)))}, not an output file`
    }
    return undefined
  } finally {
    await entries.close().catch(() => undefined)
  }
}

/**
 * Claims a directory for a command's outputs before any work starts: checks that it is, or
 * can be created as, a directory of its own that holds nothing but outputs (`isOutput`);
 * creates the directories above it; takes the lock; repairs what an interrupted run left.
 * `flag` names it in messages (`--out`); `command` goes into the lock (`npm run train`).
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
    const claimed: OutputDir = { named, path, parent, base, isOutput, lock, lockText, created, repaired: [] }
    try {
      const repaired = await repair(parent, base, isOutput)
      const now = await stat(path).catch(() => undefined)
      const foreign = now === undefined ? undefined : now.isDirectory() ? await foreignEntry(path, isOutput) : `is ${kindOf(now)}`
      if (foreign !== undefined) {
        await release(claimed, false)
        return bad(`holds ${foreign}; each run replaces this directory as a whole, so give a new or empty directory, or one that only earlier runs wrote to`)
      }
      const claim = { ...claimed, repaired }
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

const releaseSync = (out: OutputDir, succeeded: boolean): void => {
  try {
    const lock = lstatSync(out.lock)
    if (lock.isFile() && lock.size < 4096 && readFileSync(out.lock, 'utf8') === out.lockText) unlinkSync(out.lock)
  } catch {
    // not ours, or gone
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

// Copies a file by a hard link (no copy at all), or by copying where links are not possible.
const carry = async (from: string, to: string): Promise<void> => {
  await link(from, to).catch(() => copyFile(from, to, constants.COPYFILE_EXCL))
}

/**
 * Replaces the claimed directory by one holding `files` (name, content) and the current
 * files for which `keep` says so (carried over as hard links), as described at the top: all
 * at once or, after any failure or a signal before the commit, not at all. Releases the claim.
 */
export const replaceOutputs = async (
  out: OutputDir,
  files: readonly (readonly [string, string | Uint8Array])[],
  keep: (name: string) => boolean = () => false,
): Promise<E.Either<string, readonly string[]>> => {
  const fresh = temporary(out.parent, out.base, 'new')
  const aside = temporary(out.parent, out.base, 'old')
  let committed = false
  const undo = (): void => {
    removeOutputsSync(committed ? aside : fresh, out.isOutput)
    releaseSync(out, committed)
  }
  pending.add(undo)
  listen()
  try {
    const previous = await stat(out.path).catch(() => undefined)
    await mkdir(fresh)
    const written = new Set<string>()
    for (const [name, content] of files) {
      if (!out.isOutput(name) || name.includes('/') || name.includes(sep)) throw new Error(`${JSON.stringify(name)} is not the name of an output`)
      await writeFile(join(fresh, name), content, { flag: 'wx' })
      written.add(name)
    }
    if (previous !== undefined) {
      for (const name of await readdir(out.path)) if (keep(name) && !written.has(name)) await carry(join(out.path, name), join(fresh, name))
    }
    if (previous !== undefined) await chmod(fresh, previous.mode & 0o7777)
    if ((await readLock(out.lock)) !== out.lockText) throw new Error(`the lock ${out.lock} was taken over by another run`)
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
    if (previous !== undefined) await removeOutputs(aside, out.isOutput)
    return E.right([...written])
  } catch (error) {
    await removeOutputs(fresh, out.isOutput)
    return E.left(`${out.named}: cannot write the outputs (${reason(error)}); the previous ones are as they were`)
  } finally {
    // Still listening: a signal now only finds the lock to remove.
    await release(out, committed)
    pending.delete(undo)
    listen()
  }
}
