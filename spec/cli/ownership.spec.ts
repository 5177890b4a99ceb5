// Touching only what is ours: issue 21, family 1
// ==============================================
//
// A run replaces its output directory as a whole, so it must replace only files it can prove
// a run of ours wrote (cli/manifest.ts), and beside the directory it must never follow a link
// planted under the names of its own entries (cli/files.ts). Every test makes its own fixtures:
// a user's logo.svg in --out, outputs changed or added to, the outputs of a version without a
// manifest, someone else's manifest.json, and symbolic links under the names of the staging,
// old-set and lock entries that point at a directory of victim files. The victims must survive
// byte for byte, and the command must fail with one clear line or go on safely.

import { createHash } from 'node:crypto'
import { existsSync, watch } from 'node:fs'
import { chown, cp, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { claimOutputDir, replaceOutputs } from '../../src/cli/files.ts'
import { entryOf, MANIFEST, manifestText, parseManifest } from '../../src/cli/manifest.ts'
import { runPlots } from '../../src/cli/plots.ts'
import { isRunOutput, runTrain } from '../../src/cli/train.ts'
import { encodeIdx } from '../../src/data/idxWrite.ts'
import { run, type Run } from '../helpers/commands.ts'

// Running commands
// ----------------



// One line `error: …` with the status, nothing else on either stream; the message.
const oneLineError = (result: Run, status: number): string => {
  expect(result.status, result.stderr).toBe(status)
  expect(result.stderr).toMatch(/^error: [^\n]+\n$/)
  expect(result.stdout).toBe('')
  return result.stderr.slice('error: '.length, -1)
}

// Fixtures
// --------

// A tiny data set: 8×8 images of 10 classes, 100 for training and 50 for testing.
const writeTinyData = async (dir: string): Promise<void> => {
  await mkdir(dir, { recursive: true })
  const make = (count: number) => {
    const labels = Uint8Array.from({ length: count }, (_, i) => i % 10)
    const images = Uint8Array.from({ length: count * 64 }, (_, at) => ((at % 64) * 7 + labels[Math.floor(at / 64)]! * 13) % 5 === 0 ? 220 : at % 40)
    return { images, labels }
  }
  const train = make(100)
  const test = make(50)
  await writeFile(join(dir, 'train-images-idx3-ubyte'), encodeIdx([100, 8, 8], train.images))
  await writeFile(join(dir, 'train-labels-idx1-ubyte'), encodeIdx([100], train.labels))
  await writeFile(join(dir, 't10k-images-idx3-ubyte'), encodeIdx([50, 8, 8], test.images))
  await writeFile(join(dir, 't10k-labels-idx1-ubyte'), encodeIdx([50], test.labels))
}

// Every entry of a directory with its bytes (a link: where it points; a directory: nothing).
const snapshot = async (dir: string): Promise<ReadonlyMap<string, string>> => {
  const names = (await readdir(dir)).sort()
  const content = async (path: string): Promise<string> => {
    const stats = await lstat(path)
    return stats.isSymbolicLink() ? `-> ${await readlink(path)}` : stats.isDirectory() ? '(directory)' : (await readFile(path)).toString('base64')
  }
  return new Map(await Promise.all(names.map(async (name) => [name, await content(join(dir, name))] as const)))
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

const ARCH = 'conv3x3x2-relu-pool2-dense10'
const SLOW = 60_000
let root = ''
let data = ''
let counter = 0
const fresh = (name: string): string => join(root, `${name}-${counter++}`)
// A quick training run into `out`; a run with `--data` that does not exist shows --out was checked first.
const quick = (out: string, ...more: string[]): string[] => ['--data', data, '--arch', ARCH, '--epochs', '1', '--quiet', '--out', out, ...more]
const noData = (out: string): string[] => ['--data', join(root, 'no-such-data'), '--out', out]

// A directory, in a parent of its own, holding one quick run's outputs.
const trained = async (seed = 1): Promise<string> => {
  const out = join(fresh('set'), 'out')
  const result = await run(runTrain, quick(out, '--seed', String(seed)))
  expect(result.status, result.stderr).toBe(0)
  return out
}

// A directory of files that belong to somebody else, the targets of the planted links.
const victims = async (): Promise<string> => {
  const dir = fresh('victims')
  await mkdir(dir)
  await writeFile(join(dir, 'thesis.txt'), 'five years of work')
  await writeFile(join(dir, 'model.json'), 'not a model of ours')
  await writeFile(join(dir, 'figure.svg'), '<svg/>')
  await writeFile(join(dir, MANIFEST), '{"name": "a web app"}')
  return dir
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ownership-spec-'))
  data = join(root, 'tiny')
  await writeTinyData(data)
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

// The manifest
// ------------

describe('every output set has a manifest naming each file with its SHA-256', () => {
  it('train writes one that lists exactly the other files, with their sizes and hashes', async () => {
    const out = await trained()
    const names = (await readdir(out)).sort()
    expect(names).toContain(MANIFEST)
    const manifest = parseManifest(await readFile(join(out, MANIFEST), 'utf8'))
    if (E.isLeft(manifest)) throw new Error(manifest.left)
    expect(manifest.right.map((entry) => entry.name)).toEqual(names.filter((name) => name !== MANIFEST))
    for (const entry of manifest.right) {
      const bytes = await readFile(join(out, entry.name))
      expect([entry.bytes, entry.sha256], entry.name).toEqual([bytes.length, sha256(bytes)])
    }
  }, SLOW)

  it('plots writes a new one: its pictures, and the model\'s files it carried over', async () => {
    const out = await trained()
    const model = await readFile(join(out, 'model.json'))
    await rm(join(out, 'kernels.svg')) // deleting an output is fine: nothing of anybody's is at risk
    const result = await run(runPlots, ['--model', join(out, 'model.json')])
    expect(result.status, result.stderr).toBe(0)
    const manifest = parseManifest(await readFile(join(out, MANIFEST), 'utf8'))
    if (E.isLeft(manifest)) throw new Error(manifest.left)
    expect(manifest.right.map((entry) => entry.name)).toEqual((await readdir(out)).filter((name) => name !== MANIFEST).sort())
    expect(manifest.right.find((entry) => entry.name === 'model.json')?.sha256).toBe(sha256(model))
    expect(manifest.right.map((entry) => entry.name)).toContain('kernels.svg')
  }, SLOW)

  it('reads back what it writes, and refuses what this program would not write', () => {
    const entries = [entryOf('b.svg', '<svg/>'), entryOf('a.json', new Uint8Array([1, 2]))]
    const text = manifestText(entries)
    expect(parseManifest(text)).toEqual(E.right([entries[1], entries[0]])) // sorted by name
    expect(text.split('\n').filter((line) => line.includes('"name"'))).toHaveLength(2) // one line a file
    const edited = (change: (files: unknown[]) => unknown[]): string => {
      const value = JSON.parse(text) as { files: unknown[] }
      return JSON.stringify({ ...value, files: change(value.files) })
    }
    expect(parseManifest('{"name": "a web app"}')).toEqual(E.left('no "format": "annotated-cnn outputs"'))
    expect(parseManifest('not json')).toEqual(E.left('not valid JSON'))
    expect(parseManifest(edited((files) => [...files, files[0]]))).toEqual(E.left('"a.json" is listed twice'))
    for (const name of ['../thesis.txt', 'sub/file', '.', '..', MANIFEST, 'a\u001b[2J', '']) {
      expect(E.isLeft(parseManifest(edited(() => [{ name, bytes: 0, sha256: sha256(new Uint8Array()) }]))), name).toBe(true)
    }
    expect(E.isLeft(parseManifest(edited(() => [{ name: 'a', bytes: -1, sha256: sha256(new Uint8Array()) }])))).toBe(true)
    expect(E.isLeft(parseManifest(edited(() => [{ name: 'a', bytes: 0, sha256: 'abc' }])))).toBe(true)
  })
})

// Foreign files in --out
// ----------------------

describe('a directory holding anything a run did not write is refused before any work (exit 2), naming the first such file', () => {
  const advice = 'each run replaces this directory as a whole, so give a new or empty directory, or one that only earlier runs wrote to'

  it('the issue\'s case: the user\'s own logo.svg in --out icons/, for train and for plots', async () => {
    const icons = join(fresh('user'), 'icons')
    await mkdir(icons, { recursive: true })
    await writeFile(join(icons, 'logo.svg'), '<svg>my logo</svg>')
    const message = oneLineError(await run(runTrain, noData(icons)), 2)
    expect(message).toBe(
      `--out ${icons}: holds "logo.svg", and no ${MANIFEST} to show that a run wrote it (outputs of versions that wrote no manifest are not replaced either: move them elsewhere or remove them); ${advice}`,
    )
    const model = join(await trained(), 'model.json')
    expect(oneLineError(await run(runPlots, ['--model', model, '--out', icons]), 2)).toBe(message)
    expect(await snapshot(icons)).toEqual(new Map([['logo.svg', Buffer.from('<svg>my logo</svg>').toString('base64')]]))
    expect(await readdir(dirname(icons))).toEqual(['icons']) // no lock, no new directory left beside
  }, SLOW)

  it('outputs of a version without a manifest are refused too, and left as they were', async () => {
    const out = await trained()
    await rm(join(out, MANIFEST))
    const before = await snapshot(out)
    expect(oneLineError(await run(runTrain, noData(out)), 2)).toMatch(/^--out .*: holds "confusion\.svg", and no manifest\.json to show that a run wrote it \(outputs of versions that wrote no manifest are not replaced either: move them elsewhere or remove them\); /)
    expect(await snapshot(out)).toEqual(before)
  }, SLOW)

  it('a file the manifest does not list, a changed output, a link, a directory: each named, nothing touched', async () => {
    const cases: readonly (readonly [string, (out: string) => Promise<unknown>, string])[] = [
      ['a file added', (out) => writeFile(join(out, 'a-notes.txt'), 'mine'), '"a-notes.txt", which no run wrote'],
      ['a picture added', (out) => writeFile(join(out, 'logo.svg'), '<svg/>'), '"logo.svg", which no run wrote'],
      ['an output edited', (out) => writeFile(join(out, 'report.txt'), 'my own report'), `"report.txt", which has changed since a run wrote it (its size or SHA-256 is not what ${MANIFEST} records)`],
      ['an output replaced by a link', async (out) => { await rm(join(out, 'model.json')); await symlink(join(data, 'train-labels-idx1-ubyte'), join(out, 'model.json')) }, '"model.json", which is a symbolic link, not an output file'],
      ['a directory under an output\'s name', async (out) => { await rm(join(out, 'metrics.json')); await mkdir(join(out, 'metrics.json')) }, '"metrics.json", which is a directory, not an output file'],
      ['a control character in a name', (out) => writeFile(join(out, 'b\u001b[2J.svg'), ''), '"b\\u001b[2J.svg", which no run wrote'],
    ]
    for (const [what, make, named] of cases) {
      const out = await trained()
      await make(out)
      const before = await snapshot(out)
      expect(oneLineError(await run(runTrain, quick(out, '--seed', '2')), 2), what).toBe(`--out ${out}: holds ${named}; ${advice}`)
      expect(await snapshot(out), what).toEqual(before)
    }
  }, 4 * SLOW)

  it('a manifest.json that is not ours (a web app\'s) is refused by name', async () => {
    const out = join(fresh('app'), 'out')
    await mkdir(out, { recursive: true })
    await writeFile(join(out, MANIFEST), '{"name": "a web app", "icons": []}')
    await writeFile(join(out, 'model.json'), '{}')
    expect(oneLineError(await run(runTrain, noData(out)), 2)).toBe(
      `--out ${out}: holds "${MANIFEST}", which is not a manifest this program wrote (no "format": "annotated-cnn outputs"); ${advice}`,
    )
    expect(await readFile(join(out, MANIFEST), 'utf8')).toBe('{"name": "a web app", "icons": []}')
  })

  it('an empty directory, or a missing one, is fine', async () => {
    const empty = join(fresh('empty'), 'out')
    await mkdir(empty, { recursive: true })
    expect((await run(runTrain, quick(empty))).status).toBe(0)
    expect((await run(runTrain, quick(join(fresh('missing'), 'out')))).status).toBe(0)
  }, SLOW)

  it('a file added while the run works stops the swap: the previous outputs and the file stay', async () => {
    const out = await trained()
    const claimed = await claimOutputDir(out, '--out', 'a test', isRunOutput)
    if (E.isLeft(claimed)) throw new Error(claimed.left.message)
    await writeFile(join(out, 'late.txt'), 'added during training')
    const before = await snapshot(out)
    const written = await replaceOutputs(claimed.right, [['report.txt', 'new']])
    expect(written).toEqual(E.left(`${out}: cannot write the outputs (it now holds "late.txt", which no run wrote); the previous ones are as they were`))
    expect(await snapshot(out)).toEqual(before)
    expect((await readdir(dirname(out))).sort()).toEqual(['out'])
  }, SLOW)
})

// Links beside --out
// ------------------

describe('entries beside --out are never followed: links planted under our names leave their targets alone', () => {
  const dead = 999_999_999

  it('links under the names of staging, old-set and lock entries, with --out present: victims intact, the run goes on and says what it left', async () => {
    const out = await trained()
    const parent = dirname(out)
    const target = await victims()
    const before = await snapshot(target)
    const planted = [`.out.new-${dead}`, `.out.old-${dead}`, `.out.new-${process.pid}`, `.out.old-${process.pid}-0badc0de`, `.out.lock-${dead}`]
    for (const name of planted) await symlink(name.includes('lock') ? join(target, 'thesis.txt') : target, join(parent, name))
    const result = await run(runTrain, ['--data', data, '--arch', ARCH, '--epochs', '1', '--out', out, '--seed', '2'])
    expect(result.status, result.stderr).toBe(0)
    for (const name of planted) expect(result.stdout).toContain(`note: left "${name}" alone: it is a symbolic link, not one this program made`)
    expect(await snapshot(target)).toEqual(before)
    // The links are left as they were, and the run's own entries are gone.
    expect((await readdir(parent)).sort()).toEqual([...planted, 'out'].sort())
    for (const name of planted) expect((await lstat(join(parent, name))).isSymbolicLink()).toBe(true)
    expect(JSON.parse(await readFile(join(out, 'model.json'), 'utf8')).seed).toBe(2)
  }, SLOW)

  it('an old-set link with --out missing is not "restored": --out becomes a real directory, the victims stay', async () => {
    const parent = fresh('restore')
    await mkdir(parent)
    const target = await victims()
    const before = await snapshot(target)
    await symlink(target, join(parent, `.out.old-${dead}`))
    const out = join(parent, 'out')
    const result = await run(runTrain, quick(out))
    expect(result.status, result.stderr).toBe(0)
    expect((await lstat(out)).isDirectory()).toBe(true)
    expect(await snapshot(target)).toEqual(before)
    expect(existsSync(join(out, 'thesis.txt'))).toBe(false)
  }, SLOW)

  it('a link as the lock (to a file, or to nothing): refused at once, exit 1, nothing written through it', async () => {
    const out = await trained()
    const target = await victims()
    const before = await snapshot(target)
    const lock = join(dirname(out), '.out.lock')
    for (const to of [join(target, 'thesis.txt'), join(target, 'created-by-the-lock')]) {
      await symlink(to, lock)
      expect(oneLineError(await run(runTrain, quick(out, '--seed', '2')), 1)).toBe(`--out ${out} is locked by ${lock}, which this program did not write; remove it if no run is using ${out}`)
      expect(await snapshot(target)).toEqual(before)
      await rm(lock)
    }
  }, SLOW)

  it('a link to a lock of ours whose process is gone is not taken over (never removed through a link)', async () => {
    const out = await trained()
    const elsewhere = join(fresh('elsewhere'), 'lock')
    await mkdir(dirname(elsewhere))
    await writeFile(elsewhere, `annotated-cnn lock: pid ${dead} on ${hostname()}, npm run train, since then\n`)
    const lock = join(dirname(out), '.out.lock')
    await symlink(elsewhere, lock)
    expect(oneLineError(await run(runTrain, quick(out)), 1)).toMatch(/which this program did not write/)
    expect(existsSync(elsewhere)).toBe(true)
  }, SLOW)

  it('a real directory under a staging name, holding a file of the user\'s: only output names go, the rest stays and is named', async () => {
    const out = await trained()
    const staging = join(dirname(out), `.out.new-${dead}`)
    await mkdir(staging)
    await writeFile(join(staging, 'model.json'), '{}')
    await writeFile(join(staging, 'diary.txt'), 'dear diary')
    const result = await run(runTrain, ['--data', data, '--arch', ARCH, '--epochs', '1', '--out', out])
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toContain(`note: left .out.new-${dead}: it holds "diary.txt", which no run wrote`)
    expect(await readdir(staging)).toEqual(['diary.txt'])
  }, SLOW)

  it('an old set beside --out with a changed file: the files proved ours go, the changed one stays', async () => {
    const out = await trained()
    const old = join(dirname(out), `.out.old-${dead}`)
    await cp(out, old, { recursive: true })
    await writeFile(join(old, 'report.txt'), 'edited by hand')
    const result = await run(runTrain, ['--data', data, '--arch', ARCH, '--epochs', '1', '--out', out])
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toContain(`note: left .out.old-${dead}: it holds "report.txt", which has changed since a run wrote it`)
    expect(await readdir(old)).toEqual(['report.txt'])
  }, SLOW)

  it.skipIf(process.getuid?.() !== 0)('a real directory of another user under a staging name is left alone (as root: chown to nobody)', async () => {
    const out = await trained()
    const staging = join(dirname(out), `.out.new-${dead}`)
    await mkdir(staging)
    await writeFile(join(staging, 'model.json'), 'theirs')
    await chown(staging, 65534, 65534)
    const result = await run(runTrain, ['--data', data, '--arch', ARCH, '--epochs', '1', '--out', out])
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toContain(`note: left ".out.new-${dead}" alone: it is a directory of another user, not one this program made`)
    expect(await readFile(join(staging, 'model.json'), 'utf8')).toBe('theirs')
  }, SLOW)

  it('a run\'s own entries are named so that no one can plant them in advance', async () => {
    const out = await trained()
    const seen = new Set<string>()
    const watcher = watch(dirname(out), (_, name) => {
      if (name !== null && name.startsWith('.out.')) seen.add(name)
    })
    const result = await run(runTrain, quick(out, '--seed', '2'))
    // The events may come late on a busy machine: wait for them (at most 10 s).
    for (let waited = 0; waited < 10_000 && ![...seen].some((name) => name.startsWith('.out.old-')); waited += 20) await new Promise((r) => setTimeout(r, 20))
    watcher.close()
    expect(result.status, result.stderr).toBe(0)
    const ours = [...seen].filter((name) => name !== '.out.lock')
    expect(ours.length).toBeGreaterThan(0)
    for (const name of ours) expect(name).toMatch(new RegExp(`^\\.out\\.(new|old|lock)-${process.pid}-[0-9a-f]{8}$`))
    expect(basename(out)).toBe('out')
  }, SLOW)
})
