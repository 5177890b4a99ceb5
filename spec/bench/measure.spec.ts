// The benchmark measures every configuration in a thread of its own (bench/thread.ts): the
// thread trains for real and answers with its speed, and a configuration that cannot be
// built fails with a message that names it instead of a number.

import { describe, expect, it } from 'vitest'
import type { Dataset } from '../../src/data/dataset.ts'
import { benchConfigs, leaveCopies, measure, measureInThread, type BenchConfig } from '../../src/bench/measure.ts'

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

  it('times separate copies of a configuration at the same time and sums their speeds', async () => {
    const one: BenchConfig = { ...benchConfigs(100, 1)[0]!, samples: 100 }
    const perSecond = await measureInThread(tiny(), order, { ...one, copies: 2 })
    expect(Number.isFinite(perSecond)).toBe(true)
    expect(perSecond).toBeGreaterThan(0)
  })

  it('a copy counts itself in after its warm-up and again after its timed samples (here the other copy is done already)', async () => {
    const together = Int32Array.from([1, 1, 2])
    const perSecond = await measure(tiny(), order, { ...benchConfigs(100, 1)[0]!, samples: 100 }, together)
    expect(perSecond).toBeGreaterThan(0)
    expect(Array.from(together)).toEqual([2, 2, 2])
  })

  it('a copy that fails counts itself in at both meeting points, so that no other copy waits for it', () => {
    const together = Int32Array.from([0, 1, 2])
    leaveCopies(together)
    expect(Array.from(together)).toEqual([1, 2, 2])
  })

  it('with copies, lists them beside the threads: N threads and N separate one-thread runs', () => {
    const configs = benchConfigs(1000, 3)
    const threads = configs.find((c) => c.key === 'convnetjs_batch32_3workers')
    const copies = configs.find((c) => c.key === 'convnetjs_batch32_3copies')
    expect(threads?.threads).toBe(3)
    expect(copies).toMatchObject({ arch: threads?.arch, batchSize: threads?.batchSize, samples: threads?.samples, threads: 1, copies: 3 })
    expect(benchConfigs(1000, 1).some((c) => (c.copies ?? 1) > 1)).toBe(false)
  })

  it('copies of a configuration that cannot be built fail with its name, not a sum', async () => {
    const config: BenchConfig = { key: 'broken', label: 'a broken network', arch: 'conv3x3x1-bogus-dense10', batchSize: 1, threads: 1, samples: 10, copies: 2 }
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
