// The benchmark measures every configuration in a thread of its own (bench/thread.ts): the
// thread trains for real and answers with its speed, and a configuration that cannot be
// built fails with a message that names it instead of a number.

import { describe, expect, it } from 'vitest'
import type { Dataset } from '../../src/data/dataset.ts'
import { benchConfigs, measureInThread, type BenchConfig } from '../../src/bench/measure.ts'

// 300 small random "digits" with labels 0–9: enough for a warm-up and a timed run.
const tiny = (): Dataset => {
  const count = 300
  const images = new Uint8Array(count * 28 * 28)
  let s = 12345
  for (let i = 0; i < images.length; i++) images[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10)
  return { images, labels, count, rows: 28, cols: 28, classes: 10 }
}
const order = Int32Array.from({ length: 300 }, (_, i) => i)

describe('measureInThread', () => {
  it('trains in a new thread and answers with samples per second', async () => {
    const config: BenchConfig = { ...benchConfigs(100, 1)[0]!, samples: 100 }
    const perSecond = await measureInThread(tiny(), order, config)
    expect(Number.isFinite(perSecond)).toBe(true)
    expect(perSecond).toBeGreaterThan(0)
  })

  it('a configuration that cannot be built fails with its name, not a number', async () => {
    const config: BenchConfig = { key: 'broken', label: 'a broken network', arch: 'conv3x3x1-bogus-dense10', batchSize: 1, threads: 1, samples: 10 }
    await expect(measureInThread(tiny(), order, config)).rejects.toThrow(/the measurement of a broken network failed: /)
  })

  it('leaves the data it was given as it was (the images move to shared memory as a copy)', async () => {
    const data = tiny()
    const before = data.images.slice()
    await measureInThread(data, order, { ...benchConfigs(50, 1)[0]!, samples: 50 })
    expect(data.images.buffer).toBeInstanceOf(ArrayBuffer)
    expect(data.images).toEqual(before)
  })
})
