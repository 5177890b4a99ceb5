// Standard output that goes away, terminals that want no escape codes, names that are not text
// =============================================================================================
//
// Family 4 of issue 21. `npm run train | head -1` and `npm run train > /dev/full` used to end
// the run with "unexpected failure: write EPIPE" and no model. Here the same runs are made as
// child processes, started as `npm run` starts them (`node --import tsx/esm scripts/train.ts`,
// one thread, one epoch; on a tiny data set of 8×8 images where the real digits are not
// needed): one whose reader closes the pipe after the first line, one whose reader has
// closed it before the first, and one whose standard output is /dev/full. Each
// must write every output file and end with the status docs/failures.md promises: EPIPE
// keeps the command's own (0) and says nothing, ENOSPC turns 0 into 3 and says so. The same run in this process, with a
// newline and an escape code in its --out, is the reference for the files and shows the
// path escaped. A pseudo-terminal (util-linux `script`, where it exists) shows that
// `TERM=dumb` gets no escape code and `TERM=xterm` does; the decision itself is a pure
// function, checked on its own.

import { execFileSync, spawn, type StdioOptions } from 'node:child_process'
import { closeSync, existsSync, openSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { guarded, recorder, shown, understandsEscapes, writeNote } from '../../src/cli/io.ts'
import { runEvaluate } from '../../src/cli/evaluate.ts'
import { runPlots } from '../../src/cli/plots.ts'
import { finalStatus, lostOutputLine, OUTPUT_LOST } from '../../src/cli/process.ts'
import { runTrain } from '../../src/cli/train.ts'
import { encodeIdx } from '../../src/data/idxWrite.ts'

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
// What a terminal would act on: every C0 and C1 control, DEL, and the marks that reorder text.
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/

// A tiny MNIST-like data set: 8×8 images of 10 classes (a pattern per class and a little
// noise), 200 for training and 100 for testing, as raw IDX files.
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
  const [train, test] = [make(200, 1), make(100, 2)]
  await writeFile(join(dir, 'train-images-idx3-ubyte'), encodeIdx([200, 8, 8], train.images))
  await writeFile(join(dir, 'train-labels-idx1-ubyte'), encodeIdx([200], train.labels))
  await writeFile(join(dir, 't10k-images-idx3-ubyte'), encodeIdx([100, 8, 8], test.images))
  await writeFile(join(dir, 't10k-labels-idx1-ubyte'), encodeIdx([100], test.labels))
}

let root = ''
// The flags of every training run here: one epoch of the tiny data, one thread.
let TRAIN: readonly string[] = []
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cnn-streams-'))
  await writeTinyData(join(root, 'data'))
  TRAIN = ['--data', join(root, 'data'), '--arch', 'conv3x3x2-relu-pool2-dense10', '--epochs', '1', '--workers', '1']
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

// Safe names
// ----------

describe('shown: a path or a name for a line of output', () => {
  it('leaves an ordinary path as it is', () => {
    for (const path of ['out', 'out/run 1', '/tmp/résumé/ü', 'a"b', 'back\\slash', '数字']) expect(shown(path)).toBe(path)
  })

  it('quotes a name with a control character and escapes it, and quotes and backslashes with it', () => {
    expect(shown('out\n\x1b[2J')).toBe('"out\\n\\x1b[2J"')
    expect(shown('a\rb\tc\u0000d\u007f\u009b')).toBe('"a\\rb\\tc\\x00d\\x7f\\x9b"')
    expect(shown('evil\u202etxt.svg')).toBe('"evil\\u202etxt.svg"')
    expect(shown('say "hi"\\\n')).toBe('"say \\"hi\\"\\\\\\n"')
  })

  it('quotes a name that starts with a quote, so that no name looks like another one quoted', () => {
    expect(shown('"out\\n"')).toBe('"\\"out\\\\n\\""')
    expect(shown('"out\\n"')).not.toBe(shown('out\n'))
  })

  it('always gives one printable line, and different names never look alike', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '"', '\\', 'n', 'x', '\n', '\x1b', '\u009b', '\u202e', '/', ' ') })
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(shown(a)).not.toMatch(RAW_CONTROL)
        if (a !== b) expect(shown(a)).not.toBe(shown(b))
      }),
    )
  })

  it('writeNote writes one safe note line to standard output', () => {
    const stdout = recorder()
    const stderr = recorder()
    writeNote({ stdout, stderr }, 'removed .out\n\x1b[2J.new-7')
    expect(stdout.text()).toBe('note: removed .out\\n\\x1b[2J.new-7\n')
    expect(stderr.text()).toBe('')
  })
})

// Escape codes
// ------------

describe('understandsEscapes: escape codes only for a terminal that wants them', () => {
  it('a terminal with a TERM gets them; a dumb one, one without TERM, a pipe or a file does not', () => {
    expect(understandsEscapes(true, { TERM: 'xterm-256color' }, 'linux')).toBe(true)
    expect(understandsEscapes(true, { TERM: 'screen' }, 'darwin')).toBe(true)
    expect(understandsEscapes(true, { TERM: 'dumb' }, 'linux')).toBe(false)
    expect(understandsEscapes(true, { TERM: 'dumb' }, 'win32')).toBe(false)
    expect(understandsEscapes(true, {}, 'linux')).toBe(false)
    expect(understandsEscapes(true, { TERM: '' }, 'linux')).toBe(false)
    expect(understandsEscapes(false, { TERM: 'xterm' }, 'linux')).toBe(false)
    expect(understandsEscapes(undefined, { TERM: 'xterm' }, 'linux')).toBe(false)
  })

  it('a Windows console sets no TERM and understands them', () => {
    expect(understandsEscapes(true, {}, 'win32')).toBe(true)
    expect(understandsEscapes(false, {}, 'win32')).toBe(false)
  })
})

// Guarded streams and the exit status
// -----------------------------------

// A stream whose every write fails with `code`, as Node reports it: through the callback and
// an 'error' event, a moment later.
const failing = (code: string) =>
  new Writable({
    write: (_chunk, _encoding, done) => done(Object.assign(new Error(`${code}: write failed`), { code })),
  })

describe('guarded: a stream that fails keeps its first error and never throws', () => {
  it('a write that fails later (EPIPE) is remembered, and what comes after is dropped', async () => {
    const stream = failing('EPIPE')
    const out = guarded(stream, false)
    expect(out.terminal).toBe(false)
    out.write('first\n')
    out.write('second\n')
    await out.flushed()
    expect(out.failure()?.code).toBe('EPIPE')
    expect(out.write('third\n')).toBe(false)
    // Without the guard, this 'error' event would have ended the process.
    expect(stream.listenerCount('error')).toBeGreaterThan(0)
  })

  it('a write that throws at once is caught', async () => {
    const stream = new Writable({ write: () => {} })
    stream.write = () => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
    }
    const out = guarded(stream, true)
    expect(out.terminal).toBe(true)
    expect(() => out.write('text\n')).not.toThrow()
    await out.flushed()
    expect(out.failure()?.code).toBe('ENOSPC')
  })

  it('a stream that works passes everything on, in order, and reports no failure', async () => {
    const chunks: string[] = []
    const out = guarded(new Writable({ write: (chunk: Buffer, _encoding, done) => (chunks.push(chunk.toString()), done()) }), false)
    out.write('a\n')
    out.write('b\n')
    await out.flushed()
    expect(chunks.join('')).toBe('a\nb\n')
    expect(out.failure()).toBeUndefined()
  })

  it('the exit status: EPIPE keeps the command\'s own, any other failure turns 0 into 3 and says so', () => {
    expect(OUTPUT_LOST).toBe(3)
    expect(finalStatus(0, undefined)).toBe(0)
    expect(finalStatus(0, 'EPIPE')).toBe(0)
    expect(finalStatus(0, 'ENOSPC')).toBe(3)
    expect(finalStatus(0, 'EIO')).toBe(3)
    for (const status of [1, 2]) for (const code of [undefined, 'EPIPE', 'ENOSPC']) expect(finalStatus(status, code)).toBe(status)
    expect(lostOutputLine('ENOSPC', 3)).toBe('error: could not write to standard output (ENOSPC); the command went on without it, and exits with status 3')
    expect(lostOutputLine('ENOSPC', 1)).toBe('error: could not write to standard output (ENOSPC); the command went on without it')
  })
})

// Real runs
// ---------

interface Exit {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

// `npm run train -- …` as a child process. `closeAfter`: the reader closes the pipe once it
// has this many lines (0: before anything arrives); `stdout` may instead be a file descriptor.
const spawnTrain = (args: readonly string[], options: { readonly closeAfter?: number; readonly stdout?: number }): Promise<Exit> =>
  new Promise((done) => {
    const stdio: StdioOptions = ['ignore', options.stdout ?? 'pipe', 'pipe']
    const child = spawn(process.execPath, ['--import', 'tsx/esm', join(REPO, 'scripts', 'train.ts'), ...args], { cwd: REPO, stdio })
    let stdout = ''
    let stderr = ''
    if (child.stdout !== null) {
      if (options.closeAfter === 0) child.stdout.destroy()
      else
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString()
          if (options.closeAfter !== undefined && stdout.split('\n').length > options.closeAfter) child.stdout!.destroy()
        })
    }
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }))
  })

const filesOf = async (dir: string): Promise<readonly string[]> => (await readdir(dir)).sort()

// What a run learned and drew: its model, report, predictions and pictures (metrics.json also
// records how long it took, and so may differ from run to run).
const contentsOf = async (dir: string): Promise<Readonly<Record<string, string>>> => {
  const learned = (await filesOf(dir)).filter((name) => /^model\.json$|\.(txt|csv|svg)$/.test(name))
  return Object.fromEntries(await Promise.all(learned.map(async (name) => [name, await readFile(join(dir, name), 'utf8')] as const)))
}

describe('train writes all its outputs whatever becomes of standard output', () => {
  // The reference: the same run in this process, into an --out whose name holds a newline and
  // an escape code (which must come out escaped).
  const hostile = 'run\n\x1b[2J\u202e'
  let reference: readonly string[] = []
  let contents: Readonly<Record<string, string>> = {}
  let printed = ''
  let out = ''
  beforeAll(async () => {
    out = join(root, hostile)
    const stdout = recorder()
    const stderr = recorder()
    expect(await runTrain([...TRAIN, '--out', out], { stdout, stderr }), stderr.text()).toBe(0)
    printed = stdout.text()
    reference = await filesOf(out)
    contents = await contentsOf(out)
  }, 120_000)

  // Every file there, and (same flags, same seed) the same as the reference run's.
  const expectAllOutputs = async (dir: string): Promise<void> => {
    expect(await filesOf(dir)).toEqual(reference)
    expect(await contentsOf(dir)).toEqual(contents)
  }

  it('a path with a newline, an escape code and a reordering mark is echoed escaped, by train and plots', async () => {
    expect(reference).toEqual(expect.arrayContaining(['model.json', 'metrics.json', 'report.txt', 'predictions.csv', 'kernels.svg']))
    expect(printed).toContain(` from ${join(root, 'data')}\n`)
    expect(printed).toContain(` to ${shown(out)}/ (`)
    expect(shown(out)).toMatch(/"$/)
    for (const line of printed.split('\n')) expect(line).not.toMatch(RAW_CONTROL)
    const stdout = recorder()
    const stderr = recorder()
    expect(await runPlots(['--model', join(out, 'model.json')], { stdout, stderr }), stderr.text()).toBe(0)
    expect(stdout.text()).toMatch(new RegExp(`^wrote .+ to ${shown(out).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}/\\n$`))
    expect(stdout.text().slice(0, -1)).not.toMatch(RAW_CONTROL)
  }, 120_000)

  describe.concurrent('as child processes', () => {
    // On the bundled MNIST (500 training images, 14,000 test images, one thread), so that
    // more than a second of work lies between the first line and the next ones: the reader
    // is gone by then, as `head -1` would be.
    it('| head -1: the reader closes the pipe after one line; every file is written, exit status 0', async () => {
      const dir = join(root, 'head-1')
      const exit = await spawnTrain(['--epochs', '1', '--limit', '500', '--workers', '1', '--out', dir], { closeAfter: 1 })
      expect(exit).toMatchObject({ code: 0, signal: null, stderr: '' })
      expect(exit.stdout).toMatch(/^network /)
      expect(await filesOf(dir)).toEqual(reference)
      // The model is whole: evaluating it prints the report the run wrote.
      const stdout = recorder()
      const stderr = recorder()
      expect(await runEvaluate(['--model', join(dir, 'model.json')], { stdout, stderr }), stderr.text()).toBe(0)
      expect(stdout.text()).toBe(await readFile(join(dir, 'report.txt'), 'utf8'))
    }, 120_000)

    it('| true: the reader is gone before the first line; every file is written, exit status 0', async () => {
      const dir = join(root, 'closed')
      const exit = await spawnTrain([...TRAIN, '--out', dir], { closeAfter: 0 })
      expect(exit).toMatchObject({ code: 0, signal: null, stderr: '' })
      await expectAllOutputs(dir)
    }, 120_000)

    it.skipIf(!existsSync('/dev/full'))('> /dev/full: every write fails with ENOSPC; every file is written, exit status 3', async () => {
      const dir = join(root, 'full')
      const full = openSync('/dev/full', 'w')
      try {
        const exit = await spawnTrain([...TRAIN, '--out', dir], { stdout: full })
        expect(exit.stderr).toBe('error: could not write to standard output (ENOSPC); the command went on without it, and exits with status 3\n')
        expect(exit).toMatchObject({ code: 3, signal: null })
        await expectAllOutputs(dir)
      } finally {
        closeSync(full)
      }
    }, 120_000)

    it('a failure of its own still wins: a bad flag with a closed standard output is exit status 2', async () => {
      const exit = await spawnTrain(['--epochs', '0'], { closeAfter: 0 })
      expect(exit.code).toBe(2)
      expect(exit.stderr).toMatch(/^error: --epochs must be a whole number ≥ 1, got "0" \(see --help\)\n$/)
    }, 120_000)
  })
})

// A pseudo-terminal
// -----------------

// util-linux `script` runs a command on a pseudo-terminal and copies what it prints.
const hasScript = (() => {
  try {
    return execFileSync('script', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes('util-linux')
  } catch {
    return false
  }
})()

const onTerminal = (term: string | undefined, dir: string): Promise<Exit> =>
  new Promise((done) => {
    const sh = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`
    const command = [process.execPath, '--import', 'tsx/esm', join(REPO, 'scripts', 'train.ts'), ...TRAIN, '--out', dir].map(sh).join(' ')
    const env: NodeJS.ProcessEnv = { ...process.env }
    delete env.TERM
    if (term !== undefined) env.TERM = term
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }))
  })

describe.skipIf(!hasScript).concurrent('on a pseudo-terminal (util-linux script)', () => {
  it('TERM=xterm redraws the progress bar with escape codes', async () => {
    const exit = await onTerminal('xterm', join(root, 'tty-xterm'))
    expect(exit.code, exit.stdout).toBe(0)
    expect(exit.stdout).toContain('\x1b[K')
  }, 120_000)

  it('TERM=dumb, and no TERM at all, get no escape code, only the summary lines', async () => {
    for (const term of ['dumb', undefined]) {
      const exit = await onTerminal(term, join(root, `tty-${term ?? 'none'}`))
      expect(exit.code, exit.stdout).toBe(0)
      expect(exit.stdout).toMatch(/^epoch 1\/1 {2}train loss/m)
      expect(exit.stdout).not.toContain('\x1b')
    }
  }, 120_000)
})
