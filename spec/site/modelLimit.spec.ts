// The page's limit on model files (site/modelLimit.ts) against the command line's
// (src/cli/limits.ts, src/cli/readGate.ts): the same bound, and word for word the same
// refusal, for files of several sizes. The page cannot import those modules (they use
// Node), so this is what keeps the two from drifting apart. The files are sparse: they
// take no room on disk, and the gate refuses them by their size before reading a byte.

import { mkdtemp, open, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_MODEL_FILE_BYTES as CLI_LIMIT } from '../../src/cli/limits.ts'
import { MODEL_FILE, readGated } from '../../src/cli/readGate.ts'
import { MAX_MODEL_FILE_BYTES, tooLarge } from '../../site/modelLimit.ts'

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'page-models-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

// What `npm run evaluate -- --model NAME` prints for a file of `size` bytes, as the page writes it.
const cliSays = async (name: string, size: number): Promise<string> => {
  const path = join(dir, name)
  const handle = await open(path, 'w')
  await handle.truncate(size)
  await handle.close()
  const read = await readGated(path, MODEL_FILE)
  await rm(path)
  if (E.isRight(read)) throw new Error(`the gate read a file of ${size} bytes`)
  return `error: ${name}: ${read.left.slice(path.length + 2)}`
}

describe('the size limit on model files', () => {
  it('is the command line\'s', () => {
    expect(MAX_MODEL_FILE_BYTES).toBe(CLI_LIMIT)
  })

  it('refuses a larger file with the command line\'s words', async () => {
    for (const size of [300 * 2 ** 20, MAX_MODEL_FILE_BYTES + 1, 2 ** 31 + 12_345]) {
      const page = tooLarge('big.json', size)
      expect(page).toBe(await cliSays('big.json', size))
    }
    expect(tooLarge('big.json', 300 * 2 ** 20)).toBe(
      'error: big.json: is 300 MiB; model files are read whole, and no network within the memory budget writes one that large (the limit is 256 MiB)',
    )
    // Just above the limit, sizes in MiB would both say "256 MiB": in bytes instead.
    expect(tooLarge('m.json', MAX_MODEL_FILE_BYTES + 1)).toContain('is 268,435,457 bytes;')
  })

  it('lets a file of at most the limit through', () => {
    expect(tooLarge('model.json', MAX_MODEL_FILE_BYTES)).toBeUndefined()
    expect(tooLarge('model.json', 0)).toBeUndefined()
  })
})
