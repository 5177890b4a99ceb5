// One gate for every file read: issue 21, family 2
// ================================================
//
// Every file a command reads goes through cli/readGate.ts: regular files only, each kind
// within its bound. Each test makes its own fixtures: FIFOs (mkfifo), sockets, links to
// /dev/zero, sparse files of 95 MB and 300 MB, directories where files should be, and a file
// under /proc that says it is empty and is not. The FIFO cases would hang forever without the
// gate, so they run with a timeout and must return long before it.

import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readClassesFile } from '../../src/cli/classes.ts'
import { loadIdxDir } from '../../src/cli/dataFiles.ts'
import { runEvaluate } from '../../src/cli/evaluate.ts'
import {
  CLASS_NAMES_FILE,
  DATA_FILE,
  hashGated,
  LOCK_FILE,
  MANIFEST_FILE,
  MODEL_FILE,
  OUTPUT_FILE,
  readGated,
  readGatedIfPresent,
  readText,
  sha256Of,
  type FileKind,
} from '../../src/cli/readGate.ts'
import { runTrain } from '../../src/cli/train.ts'
import { encodeIdx } from '../../src/data/idxWrite.ts'
import { run, type Run } from '../helpers/commands.ts'

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')



// One line `error: …` with the status; the message.
const oneLineError = (result: Run, status: number): string => {
  expect(result.status, result.stderr).toBe(status)
  expect(result.stderr).toMatch(/^error: [^\n]+\n$/)
  return result.stderr.slice('error: '.length, -1)
}

const left = <T>(result: E.Either<string, T>): string => {
  if (E.isRight(result)) throw new Error('expected a refusal')
  return result.left
}

const mkfifo = (path: string): void => {
  execFileSync('mkfifo', [path])
}

// A tiny data set of 4 classes (8×8 images), in `dir`.
const writeTinyData = async (dir: string): Promise<void> => {
  await mkdir(dir, { recursive: true })
  const labels = (count: number) => Uint8Array.from({ length: count }, (_, i) => i % 4)
  const images = (count: number) => Uint8Array.from({ length: count * 64 }, (_, at) => (at * 37) % 256)
  await writeFile(join(dir, 'train-images-idx3-ubyte'), encodeIdx([40, 8, 8], images(40)))
  await writeFile(join(dir, 'train-labels-idx1-ubyte'), encodeIdx([40], labels(40)))
  await writeFile(join(dir, 't10k-images-idx3-ubyte'), encodeIdx([20, 8, 8], images(20)))
  await writeFile(join(dir, 't10k-labels-idx1-ubyte'), encodeIdx([20], labels(20)))
}

const QUICK = 20_000
let root = ''
let counter = 0
const fresh = (name: string): string => join(root, `${name}-${counter++}`)
let socketPath = ''
let server: Server | undefined

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'read-gate-spec-'))
  socketPath = join(root, 'a-socket')
  server = createServer()
  await new Promise<void>((done) => server!.listen(socketPath, done))
})

afterAll(async () => {
  await new Promise((done) => server?.close(done))
  await rm(root, { recursive: true, force: true })
})

// The gate itself
// ---------------

describe('the gate takes regular files only, and never more than the bound of their kind', () => {
  const small: FileKind = { maxBytes: 100, tooLarge: 'small files only', links: 'follow' }

  it('a regular file, whole; a missing one by name, or as nothing when it may be missing', async () => {
    const path = join(root, `plain-${counter++}`)
    await writeFile(path, 'hello')
    expect(await readText(path, small)).toEqual(E.right('hello'))
    expect(await readGated(join(root, 'missing'), small)).toEqual(E.left(`${join(root, 'missing')}: no such file`))
    expect(await readGatedIfPresent(join(root, 'missing'), small)).toEqual(E.right(undefined))
  })

  it('a FIFO, a device, a directory, a socket: refused by what they are, at once', async () => {
    const fifo = join(root, `fifo-${counter++}`)
    mkfifo(fifo)
    const started = performance.now()
    for (const [path, what] of [
      [fifo, 'a FIFO (named pipe)'],
      ['/dev/zero', 'a character device'],
      [root, 'a directory'],
      [socketPath, 'a socket'],
    ] as const) {
      expect(await readGated(path, small)).toEqual(E.left(`${path}: is ${what}, not a regular file`))
      // A missing file may be fine, anything else is not.
      expect(await readGatedIfPresent(path, small)).toEqual(E.left(`${path}: is ${what}, not a regular file`))
      expect(await hashGated(path, small)).toEqual(E.left(`${path}: is ${what}, not a regular file`))
    }
    expect(performance.now() - started).toBeLessThan(QUICK)
  }, QUICK)

  it('a link is followed for files the user names, and refused for entries of our own', async () => {
    const file = join(root, `target-${counter++}`)
    await writeFile(file, 'ours')
    const link = `${file}-link`
    await symlink(file, link)
    expect(await readText(link, small)).toEqual(E.right('ours'))
    expect(await readGated(link, { ...small, links: 'refuse' })).toEqual(E.left(`${link}: is a symbolic link, not a regular file`))
    const zero = `${file}-zero`
    await symlink('/dev/zero', zero)
    expect(await readGated(zero, small)).toEqual(E.left(`${zero}: is a character device, not a regular file`))
  })

  it('a file above the bound is refused without being read; one that grows past it as it is read, as soon as it does', async () => {
    const big = join(root, `big-${counter++}`)
    await writeFile(big, '')
    await truncate(big, 101)
    expect(await readGated(big, small)).toEqual(E.left(`${big}: is 101 bytes; small files only (the limit is 100 bytes)`))
    expect(await hashGated(big, small)).toEqual(E.left(`${big}: is 101 bytes; small files only (the limit is 100 bytes)`))
    // Files under /proc say they hold 0 bytes; this one holds more than 100.
    if (existsSync('/proc/self/status')) {
      expect(await readGated('/proc/self/status', small)).toEqual(E.left('/proc/self/status: holds more than the limit; small files only (the limit is 100 bytes)'))
      expect(E.isRight(await readText('/proc/self/status'))).toBe(true)
    }
  })

  it('hashes in chunks as sha256 does on the whole', async () => {
    const path = join(root, `hash-${counter++}`)
    const bytes = Uint8Array.from({ length: 3 * 2 ** 20 + 5 }, (_, i) => (i * 31) % 251)
    await writeFile(path, bytes)
    expect(await hashGated(path, OUTPUT_FILE)).toEqual(E.right({ bytes: bytes.length, sha256: sha256Of(bytes) }))
    expect(sha256Of('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })

  it('states a bound for each kind', () => {
    expect([MODEL_FILE, DATA_FILE, CLASS_NAMES_FILE, OUTPUT_FILE, MANIFEST_FILE, LOCK_FILE].map((kind) => [kind.maxBytes, kind.links])).toEqual([
      [256 * 2 ** 20, 'follow'],
      [2 ** 30 + 1024, 'follow'],
      [2 ** 20, 'follow'],
      [2 ** 30, 'refuse'],
      [2 ** 20, 'refuse'],
      [4096, 'refuse'],
    ])
  })
})

// classes.txt, the cases
// ------------------------------

describe('classes.txt goes through the gate: FIFOs, devices, directories and huge files are refused by name', () => {
  // A data directory with classes.txt made by `make`, and the failure of a run on it.
  const trainWith = async (make: (path: string) => Promise<unknown>): Promise<readonly [string, string]> => {
    const dir = fresh('data')
    await writeTinyData(dir)
    const path = join(dir, 'classes.txt')
    await make(path)
    const result = await run(runTrain, ['--data', dir, '--arch', 'dense4', '--epochs', '1', '--quiet', '--out', fresh('out')])
    expect(result.stdout).toBe('')
    return [path, oneLineError(result, 1)]
  }

  it('a FIFO (which hung forever): refused at once, exit 1', async () => {
    const started = performance.now()
    const [path, message] = await trainWith(async (p) => mkfifo(p))
    expect(message).toBe(`${path}: is a FIFO (named pipe), not a regular file`)
    expect(performance.now() - started).toBeLessThan(QUICK)
  }, 2 * QUICK)

  it('a link to /dev/zero (which grew to 600 MB): refused at once, memory untouched', async () => {
    const rss = process.memoryUsage().rss
    const [path, message] = await trainWith((p) => symlink('/dev/zero', p))
    expect(message).toBe(`${path}: is a character device, not a regular file`)
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 2 ** 20)
  }, QUICK)

  it('a 95 MB file (which ended in "unexpected failure"): refused with the bound in the message', async () => {
    const [path, message] = await trainWith(async (p) => {
      await writeFile(p, 'a\nb\nc\nd\n')
      await truncate(p, 95_000_000) // sparse: no disk space, no time
    })
    expect(message).toBe(`${path}: is 91 MiB; a classes.txt holds one short name a line, for at most 256 classes (the limit is 1 MiB)`)
  }, QUICK)

  it('a directory, a socket, a link to a FIFO: each refused by what it is', async () => {
    const [dir, directory] = await trainWith((p) => mkdir(p))
    expect(directory).toBe(`${dir}: is a directory, not a regular file`)
    const [sock, socket] = await trainWith((p) => symlink(socketPath, p))
    expect(socket).toBe(`${sock}: is a socket, not a regular file`)
    const fifo = fresh('fifo')
    mkfifo(fifo)
    const [linked, toFifo] = await trainWith((p) => symlink(fifo, p))
    expect(toFifo).toBe(`${linked}: is a FIFO (named pipe), not a regular file`)
  }, 2 * QUICK)

  it('readClassesFile: a missing file is no names; a file at the bound is read', async () => {
    const dir = fresh('names')
    await mkdir(dir)
    expect(await readClassesFile(dir)).toEqual(E.right(undefined))
    await writeFile(join(dir, 'classes.txt'), `cat\ndog\n${'\n'.repeat(2 ** 20 - 8)}`)
    expect(await readClassesFile(dir)).toEqual(E.right({ names: ['cat', 'dog'], source: join(dir, 'classes.txt') }))
    await writeFile(join(dir, 'classes.txt'), `cat\ndog\n${'\n'.repeat(2 ** 20 - 7)}`)
    expect(left(await readClassesFile(dir))).toBe(`${join(dir, 'classes.txt')}: is 1,048,577 bytes; a classes.txt holds one short name a line, for at most 256 classes (the limit is 1,048,576 bytes)`)
  })
})

// Models and data
// ---------------

describe('models and data go through the same gate', () => {
  it('a directory, a FIFO, a socket or a link to /dev/zero as --model: refused at once, exit 1', async () => {
    const fifo = fresh('model-fifo')
    mkfifo(fifo)
    const zero = fresh('model-zero')
    await symlink('/dev/zero', zero)
    const started = performance.now()
    expect(oneLineError(await run(runEvaluate, ['--model', root]), 1)).toBe(`${root}: is a directory, not a regular file`)
    expect(oneLineError(await run(runEvaluate, ['--model', fifo]), 1)).toBe(`${fifo}: is a FIFO (named pipe), not a regular file`)
    expect(oneLineError(await run(runEvaluate, ['--model', socketPath]), 1)).toBe(`${socketPath}: is a socket, not a regular file`)
    expect(oneLineError(await run(runEvaluate, ['--model', zero]), 1)).toBe(`${zero}: is a character device, not a regular file`)
    expect(performance.now() - started).toBeLessThan(QUICK)
  }, 2 * QUICK)

  it('a FIFO or a link to /dev/zero as a data file', async () => {
    const dir = fresh('fifo-data')
    await writeTinyData(dir)
    await rm(join(dir, 't10k-labels-idx1-ubyte'))
    mkfifo(join(dir, 't10k-labels-idx1-ubyte'))
    expect(await loadIdxDir(dir)).toEqual(E.left(`${join(dir, 't10k-labels-idx1-ubyte')}: is a FIFO (named pipe), not a regular file`))
    await rm(join(dir, 't10k-labels-idx1-ubyte'))
    await symlink('/dev/zero', join(dir, 't10k-labels-idx1-ubyte'))
    expect(await loadIdxDir(dir)).toEqual(E.left(`${join(dir, 't10k-labels-idx1-ubyte')}: is a character device, not a regular file`))
  }, QUICK)

  it('a model file above 256 MiB is refused without being read', async () => {
    const path = fresh('huge.json')
    await writeFile(path, '')
    await truncate(path, 300 * 2 ** 20)
    expect(oneLineError(await run(runEvaluate, ['--model', path]), 1)).toBe(
      `${path}: is 300 MiB; model files are read whole, and no network within the memory budget writes one that large (the limit is 256 MiB)`,
    )
  })
})

// Nothing around the gate
// -----------------------

describe('no file in src/cli reads a file except through the gate', () => {
  // Node's functions that open or read a file by its path.
  const READERS = ['readFile', 'readFileSync', 'createReadStream', 'open', 'openSync', 'read', 'readSync', 'copyFile', 'copyFileSync', 'cp', 'cpSync', 'openAsBlob']
  // cli/main.ts reads the package's own package.json for --version, a file of the installation.
  const EXCEPTIONS: Readonly<Record<string, readonly string[]>> = { 'readGate.ts': ['open'] }

  it('imports Node\'s file readers only in cli/readGate.ts', () => {
    const dir = join(REPO, 'src', 'cli')
    const found: string[] = []
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
      const text = readFileSync(join(dir, file), 'utf8')
      for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'(?:node:)?fs(?:\/promises)?'/g)) {
        for (const name of m[1]!.split(',').map((part) => part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!)) {
          if (READERS.includes(name) && !(EXCEPTIONS[file] ?? []).includes(name)) found.push(`${file}: ${name}`)
        }
      }
      expect(text, file).not.toMatch(/import\s*\*\s*as\s*\w+\s*from\s*'(?:node:)?fs(?:\/promises)?'/)
      expect(text, file).not.toMatch(/\bawait import\(\s*'(?:node:)?fs/)
    }
    expect(found).toEqual([])
  })

  it('and the check itself finds a reader', () => {
    const text = "import { readFile, stat } from 'node:fs/promises'"
    const m = /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'(?:node:)?fs(?:\/promises)?'/.exec(text)
    expect(m?.[1]!.split(',').map((part) => part.trim())).toContain('readFile')
  })

  it('the manifest and the lock are read as entries of our own: no link followed', async () => {
    const dir = fresh('own')
    await mkdir(dir)
    await symlink('/etc/hostname', join(dir, 'manifest.json'))
    expect(await readGated(join(dir, 'manifest.json'), MANIFEST_FILE)).toEqual(E.left(`${join(dir, 'manifest.json')}: is a symbolic link, not a regular file`))
    await symlink('/etc/hostname', join(dir, '.out.lock'))
    expect(await readGated(join(dir, '.out.lock'), LOCK_FILE)).toEqual(E.left(`${join(dir, '.out.lock')}: is a symbolic link, not a regular file`))
  })
})
