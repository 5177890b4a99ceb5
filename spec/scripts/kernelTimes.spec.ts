// scripts/tools/kernelTimes.ts: it times both kernel sets' leaky ReLU, and bad flags get one
// line and status 2 before any timing.

import { describe, expect, it } from 'vitest'
import { leakyReluTimes, runKernelTimes } from '../../scripts/tools/kernelTimes.ts'
import { run } from '../helpers/commands.ts'

describe('kernelTimes', () => {
  it('times the plain and the fast kernel, forward and backward, in nanoseconds per value', () => {
    const times = leakyReluTimes(2000, 1)
    expect(times.map((t) => t.kernels)).toEqual(['plain (kernels/activations.ts)', 'fast (fast/activations.ts)'])
    for (const t of times) for (const ns of [t.forward, t.backward]) expect(ns > 0 && Number.isFinite(ns)).toBe(true)
  })

  it('prints both lines for the values and rounds it is given', async () => {
    const { status, stdout, stderr } = await run(runKernelTimes, ['--values', '1500', '--rounds', '1'])
    expect([status, stderr]).toEqual([0, ''])
    expect(stdout).toContain('on 1,500 random values')
    expect(stdout.split('\n').filter((line) => /forward \d+\.\d\d {2}backward \d+\.\d\d$/.test(line))).toHaveLength(2)
  })

  for (const [argv, message] of [
    [['--bogus'], 'error: unknown flag --bogus (see --help)\n'],
    [['--values', 'abc'], 'error: --values must be a whole number ≥ 1, got "abc" (see --help)\n'],
    [['--rounds', '0'], 'error: --rounds must be a whole number ≥ 1, got "0" (see --help)\n'],
  ] as const) {
    it(`refuses ${argv.join(' ')} with one line and status 2, timing nothing`, async () => {
      expect(await run(runKernelTimes, argv)).toEqual({ status: 2, stdout: '', stderr: message })
    })
  }
})
