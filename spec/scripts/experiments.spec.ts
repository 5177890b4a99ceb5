// `npm run experiments` without the training
// ==========================================
//
// Training every experiment takes half an hour, so these tests give the command the outputs
// of earlier runs (a metrics.json and a few pictures per experiment, made up here) and run it
// with --table-only: it must build docs/experiments.md from exactly those numbers, copy the
// pictures it links to, and refuse clearly when a run's outputs are missing.

import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commandOf, EXPERIMENTS, experimentsMarkdown, MAX_PICTURE_BYTES, runExperiments, type Outcome } from '../../scripts/tools/experiments.ts'
import { recorder } from '../../src/cli/io.ts'

const ALL_PICTURES = ['kernels.svg', 'weights.svg', 'feature-maps.svg', 'curves.svg', 'confusion.svg', 'misclassified.svg']

// Made-up results: experiment i scored 0.9 + i/100 in 10 + i seconds.
const accuracyOf = (i: number): number => 0.9 + i / 100
const secondsOf = (i: number): number => 10 + i

let root = ''
let count = 0

// An --out folder with the outputs of every experiment except those in `skip`.
const earlierRuns = async (skip: readonly string[] = []): Promise<{ readonly out: string; readonly docs: string }> => {
  const base = join(root, `case-${count++}`)
  const out = join(base, 'out')
  for (const [i, e] of EXPERIMENTS.entries()) {
    if (skip.includes(e.name)) continue
    const dir = join(out, e.name)
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'metrics.json'), JSON.stringify({ testAccuracy: accuracyOf(i), totalSeconds: secondsOf(i) }))
    // The baseline has no convolution, hence no kernels to draw; the 99% network's weights
    // are too big a picture to commit.
    for (const file of ALL_PICTURES) {
      if (e.name === 'baseline' && file === 'kernels.svg') continue
      const padding = e.name === 'recipe-99' && file === 'weights.svg' ? ' '.repeat(MAX_PICTURE_BYTES) : ''
      await writeFile(join(dir, file), `<svg><!-- ${e.name} ${file} -->${padding}</svg>`)
    }
  }
  return { out, docs: join(base, 'docs') }
}

const run = async (argv: readonly string[]) => {
  const stdout = recorder()
  const stderr = recorder()
  const status = await runExperiments(argv, { stdout, stderr })
  return { status, stdout: stdout.text(), stderr: stderr.text() }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'experiments-spec-'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('experimentsMarkdown', () => {
  const outcome = (name: string, accuracy: number): Outcome => {
    const experiment = EXPERIMENTS.find((e) => e.name === name)
    if (experiment === undefined) throw new Error(name)
    return { experiment, accuracy, seconds: 42.4, pictures: ['curves.svg'] }
  }

  it('has one row per outcome with its command, accuracy, time and picture links', () => {
    const text = experimentsMarkdown([outcome('baseline', 0.92564), outcome('original', 0.92257)], 'a test machine')
    const rows = text.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| experiment'))
    expect(rows).toHaveLength(2)
    expect(rows[0]).toContain('`npm run train -- --arch dense10`')
    expect(rows[0]).toContain('| 92.56% | 42 s |')
    expect(rows[0]).toContain('[curves](experiments/baseline/curves.svg)')
    expect(rows[1]).toContain('`npm run train`')
    expect(rows[1]).toContain('| 92.26% |')
    expect(text).toContain('a test machine.')
  })

  it('gives the record\'s seeds their peak memory and their mean and range, and no such section without them', () => {
    const record = (seed: number, accuracy: number, seconds: number, peakMemoryMB: number): Outcome => {
      const experiment = EXPERIMENTS.find((e) => e.name === `record-seed${seed}`)
      if (experiment === undefined) throw new Error(`record-seed${seed}`)
      return { experiment, accuracy, seconds, pictures: [], peakMemoryMB }
    }
    const text = experimentsMarkdown([outcome('baseline', 0.92), record(1, 0.9954, 600, 300), record(2, 0.9951, 660, 330), record(3, 0.9960, 720, 270)], 'm')
    expect(text.split('\n').find((line) => line.startsWith('| record-seed2 |'))).toContain('| 99.51% | 660 s | 330 MB |')
    expect(text.split('\n').find((line) => line.startsWith('| baseline |'))).toContain('| 92.00% | 42 s |  |')
    expect(text).toContain('test accuracy 99.55% (99.51% to 99.60%)')
    expect(text).toContain('in 11.0 min (10.0 min to 12.0 min) of wall time, with a peak memory of 300 MB (270 MB to 330 MB)')
    expect(experimentsMarkdown([outcome('baseline', 0.92)], 'm')).not.toContain('## Beyond 99.5%')
  })

  it('says honestly whether the one-kernel network beats the baseline', () => {
    expect(experimentsMarkdown([outcome('baseline', 0.93), outcome('original', 0.92)], 'm')).toContain('92.00%: below the baseline')
    expect(experimentsMarkdown([outcome('baseline', 0.91), outcome('original', 0.92)], 'm')).toContain('92.00%: above the baseline')
  })
})

describe('npm run experiments -- --table-only', () => {
  it('writes the table from the recorded runs and copies the pictures it links to', async () => {
    const { out, docs } = await earlierRuns()
    const result = await run(['--table-only', '--out', out, '--docs', docs])
    expect(result.status, result.stderr).toBe(0)
    const table = await readFile(join(docs, 'experiments.md'), 'utf8')
    for (const [i, e] of EXPERIMENTS.entries()) {
      const row = table.split('\n').find((line) => line.startsWith(`| ${e.name} |`))
      expect(row, e.name).toBeDefined()
      expect(row).toContain(`\`${commandOf(e)}\``)
      expect(row).toContain(`| ${(100 * accuracyOf(i)).toFixed(2)}% | ${secondsOf(i)} s |`)
      for (const link of row?.match(/\]\(([^)]+)\)/g) ?? []) expect(existsSync(join(docs, link.slice(2, -1))), link).toBe(true)
    }
    expect(existsSync(join(docs, 'experiments', 'baseline', 'kernels.svg'))).toBe(false)
    expect(existsSync(join(docs, 'experiments', 'recipe-99', 'weights.svg'))).toBe(false)
    expect(existsSync(join(docs, 'experiments', 'recipe-99', 'curves.svg'))).toBe(true)
    for (const file of ALL_PICTURES) {
      expect(await readFile(join(docs, 'pictures', file), 'utf8')).toContain(`original ${file}`)
    }
  })

  it('leaves no picture of an earlier run behind', async () => {
    const { out, docs } = await earlierRuns()
    const stale = join(docs, 'experiments', 'recipe-99', 'weights.svg')
    await mkdir(join(docs, 'experiments', 'recipe-99'), { recursive: true })
    await writeFile(stale, '<svg/>')
    expect((await run(['--table-only', '--out', out, '--docs', docs])).status).toBe(0)
    expect(existsSync(stale)).toBe(false)
  })

  it('stops with one line naming the missing metrics.json', async () => {
    const { out, docs } = await earlierRuns(['relu'])
    const result = await run(['--table-only', '--out', out, '--docs', docs])
    expect(result.status).toBe(1)
    expect(result.stderr).toBe(`error: ${join(out, 'relu', 'metrics.json')}: cannot read the results of experiment "relu" (run it first)\n`)
    expect(existsSync(join(docs, 'experiments.md'))).toBe(false)
  })

  it('stops with one line when a metrics.json lacks the numbers', async () => {
    const { out, docs } = await earlierRuns()
    const file = join(out, 'two-conv', 'metrics.json')
    await writeFile(file, JSON.stringify({ testAccuracy: '98%' }))
    const result = await run(['--table-only', '--out', out, '--docs', docs])
    expect(result.status).toBe(1)
    expect(result.stderr).toBe(`error: ${file}: expected the numbers testAccuracy and totalSeconds\n`)
    await writeFile(file, 'null')
    expect((await run(['--table-only', '--out', out, '--docs', docs])).stderr).toBe(`error: ${file}: expected the numbers testAccuracy and totalSeconds\n`)
    await writeFile(file, '{"testAccuracy": 0.98,')
    expect((await run(['--table-only', '--out', out, '--docs', docs])).stderr).toBe(
      `error: ${file}: not valid JSON (run experiment "two-conv" again)\n`,
    )
    expect(existsSync(join(docs, 'experiments.md'))).toBe(false)
  })

  it('rejects unknown experiment names before doing anything', async () => {
    const result = await run(['--only', 'original,wide', '--table-only'])
    expect(result.status).toBe(2)
    expect(result.stderr).toBe('error: --only: no experiment named wide (see --help)\n')
  })
})
