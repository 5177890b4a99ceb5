// `npm run original`: chapter 0 trained on the real split, briefly, with its output and its
// one-line errors.

import { describe, expect, it } from 'vitest'
import { recorder } from '../../src/cli/io.ts'
import { runOriginal } from '../../src/cli/original.ts'

const run = async (argv: readonly string[]) => {
  const stdout = recorder()
  const stderr = recorder()
  const status = await runOriginal(argv, { stdout, stderr })
  return { status, stdout: stdout.text(), stderr: stderr.text() }
}

describe('npm run original', () => {
  it('trains the one-page network and prints each epoch and the test accuracy', async () => {
    const result = await run(['--limit', '2000', '--epochs', '1'])
    expect(result.status, result.stderr).toBe(0)
    expect(result.stderr).toBe('')
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^chapter 0: conv3x3x1-lrelu-pool2-dense10 written out on one page; 2,000 training and 14,000 test images/)
    expect(lines[1]).toMatch(/^epoch {2}1\/1 {2}train loss \d\.\d{4} {2}train acc \d+\.\d\d% {2}test acc (\d+\.\d\d)% {2}[\d.]+ s$/)
    const accuracy = Number(/test accuracy: (\d+\.\d\d)%$/.exec(lines[2]!)![1])
    expect(accuracy).toBeGreaterThan(70) // chance is 10%
    expect(lines[1]).toContain(`test acc ${accuracy.toFixed(2)}%`)
  }, 60_000)

  it('refuses bad flags with one line and status 2', async () => {
    const result = await run(['--epochs', '0'])
    expect(result.status).toBe(2)
    expect(result.stderr).toBe('error: --epochs must be a whole number ≥ 1, got "0" (see --help)\n')
    expect(result.stdout).toBe('')
  })

  it('explains itself with --help', async () => {
    const result = await run(['--help'])
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/^usage: npm run original -- \[options\]/)
  })
})
