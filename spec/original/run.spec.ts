// Chapter 0 runs when it is the program (`npx tsx src/original/network.ts`), and only then:
// importing it, as `npm run original` and the other specs do, must start nothing. Its one
// borrowing from the library, the data, is replaced here by thirty made-up digits (a bar
// across for 0, a bar down for 1), so that the run it starts as the program is quick.

import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it, vi } from 'vitest'

const NETWORK = '../../src/original/network.ts'
const EXPERIMENT = '../../src/cli/experiment.ts'

const madeUpDigits = () => {
  const labels = Uint8Array.from({ length: 30 }, (_, n) => n % 2)
  const images = new Uint8Array(30 * 28 * 28) // (30, 28, 28)
  for (let n = 0; n < 30; n++) for (let k = 0; k < 28; k++) images[n * 784 + (labels[n] === 0 ? 14 * 28 + k : k * 28 + 14)] = 255
  return { images, labels, train: Int32Array.from({ length: 20 }, (_, i) => i), test: Int32Array.from({ length: 10 }, (_, i) => 20 + i) }
}

// Imports chapter 0 afresh while Node's argv[1] (the program's path) is `program`.
const importAs = async (program: string) => {
  const originalDigits = vi.fn(async () => madeUpDigits())
  vi.doMock(EXPERIMENT, () => ({ originalDigits }))
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
  const saved = process.argv[1]
  process.argv[1] = program
  vi.resetModules()
  try {
    await import(NETWORK)
  } finally {
    process.argv[1] = saved
  }
  return { originalDigits, log }
}

afterEach(() => {
  vi.doUnmock(EXPERIMENT)
  vi.restoreAllMocks()
  vi.resetModules()
})

describe('running chapter 0', () => {
  it('starts nothing when it is imported', async () => {
    const { originalDigits, log } = await importAs(process.argv[1]!) // vitest's own path
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(originalDigits).not.toHaveBeenCalled()
    expect(log).not.toHaveBeenCalled()
  })

  it('trains for ten epochs and prints the test accuracy when it is the program', async () => {
    const { originalDigits, log } = await importAs(fileURLToPath(new URL(NETWORK, import.meta.url)))
    await vi.waitFor(() => expect(log).toHaveBeenCalledTimes(11), { timeout: 30_000, interval: 50 })
    expect(originalDigits).toHaveBeenCalledOnce()
    const lines = log.mock.calls.map(([line]) => String(line))
    lines.slice(0, 10).forEach((line, i) => expect(line).toMatch(new RegExp(String.raw`^epoch ${i + 1}: train loss \d+\.\d{4}, train accuracy \d+\.\d\d%, test accuracy \d+\.\d\d%$`)))
    expect(lines[10]).toMatch(/^test accuracy: \d+\.\d\d%$/)
    // Two bars are easy: the last epoch gets every test digit right.
    expect(lines[10]).toBe('test accuracy: 100.00%')
  }, 60_000)
})
