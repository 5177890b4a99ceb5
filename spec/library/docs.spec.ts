// The examples of docs/library.md run
// ===================================
//
// Every ```js block of docs/library.md is run as a user would run it, with Node, but against
// the sources: its imports of 'annotated-cnn' and 'annotated-cnn/node' are pointed at
// src/index.ts and src/cli/library.ts, and tsx strips the types. Each runs in an empty
// temporary directory (the training script writes out/model.json there) and must exit with
// status 0; a block that the page follows with "It prints" must print exactly the plain ```
// block after it. .ci/package-check runs the training script once more against the installed
// tarball.

import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')).href

/** A code block of the page: its language, its text, and the plain block that "It prints" introduces after it. */
interface Example {
  readonly code: string
  readonly prints: string | undefined
}

/** The ```js blocks of a Markdown page, each with what the page says it prints. */
const examplesOf = (markdown: string): readonly Example[] => {
  const blocks = [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, text: m[2]!, at: m.index, end: m.index + m[0].length }))
  return blocks.flatMap((block, i) => {
    if (block.lang !== 'js') return []
    const next = blocks[i + 1]
    const between = next === undefined ? '' : markdown.slice(block.end, next.at)
    return [{ code: block.text, prints: next !== undefined && next.lang === '' && /It prints/.test(between) ? next.text : undefined }]
  })
}

/** The example with its package imports pointed at the sources. */
const againstSources = (code: string): string =>
  code
    .replaceAll("from 'annotated-cnn/node'", `from '${pathToFileURL(join(ROOT, 'src', 'cli', 'library.ts')).href}'`)
    .replaceAll("from 'annotated-cnn/fast'", `from '${pathToFileURL(join(ROOT, 'src', 'fast', 'index.ts')).href}'`)
    .replaceAll("from 'annotated-cnn/plot'", `from '${pathToFileURL(join(ROOT, 'src', 'plot', 'index.ts')).href}'`)
    .replaceAll("from 'annotated-cnn/exact'", `from '${pathToFileURL(join(ROOT, 'src', 'exact', 'index.ts')).href}'`)
    .replaceAll("from 'annotated-cnn'", `from '${pathToFileURL(join(ROOT, 'src', 'index.ts')).href}'`)

describe('docs/library.md', async () => {
  const examples = examplesOf(await readFile(join(ROOT, 'docs', 'library.md'), 'utf8'))

  it('has a training script that says what it prints', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2)
    const script = examples.find((example) => example.code.includes('saveModel'))
    expect(script?.prints).toBeDefined()
    // The issue asks for a script of about 20 lines.
    expect(script!.code.trimEnd().split('\n').length).toBeLessThanOrEqual(22)
  })

  it.each(examples.map((example, i) => [i + 1, example] as const))('example %i runs and prints what the page says', async (_, example) => {
    const dir = await mkdtemp(join(tmpdir(), 'library-docs-'))
    try {
      await writeFile(join(dir, 'example.mts'), againstSources(example.code))
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', TSX, 'example.mts'], { cwd: dir })
      if (example.prints !== undefined) expect(stdout).toBe(example.prints)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 30_000)
})
