// `annotated-cnn`: the command of the package
// ===========================================
//
// The dispatcher runs in this process with recorded output streams: --help and --version,
// each command's own --help under its installed name, and the one-line errors for a missing
// or unknown command. (The installed command itself, compiled and run from a packed
// tarball, is checked by .ci/package-check.)

import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { recorder } from '../../src/cli/io.ts'
import { COMMANDS, runMain } from '../../src/cli/main.ts'

const run = async (argv: readonly string[]) => {
  const stdout = recorder()
  const stderr = recorder()
  const status = await runMain(argv, { stdout, stderr })
  return { status, stdout: stdout.text(), stderr: stderr.text() }
}

describe('annotated-cnn', () => {
  it('--version prints the version in package.json', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    expect(version).toMatch(/^\d+\.\d+\.\d+/)
    for (const flag of ['--version', '-v']) expect(await run([flag])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' })
  })

  it('--help lists every command with a line about it', async () => {
    const result = await run(['--help'])
    expect(result.status).toBe(0)
    expect(result.stderr).toBe('')
    expect(result.stdout).toMatch(/^usage: annotated-cnn <command> \[options\]\n/)
    expect(Object.keys(COMMANDS)).toEqual(['train', 'evaluate', 'plots', 'bench', 'original'])
    for (const name of Object.keys(COMMANDS)) expect(result.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'))
    expect(result.stdout).toContain('  --version')
    expect((await run(['-h'])).stdout).toBe(result.stdout)
  })

  it('passes the rest of the arguments to the command, whose --help names it as installed', async () => {
    for (const name of Object.keys(COMMANDS)) {
      const result = await run([name, '--help'])
      expect(result.status, name).toBe(0)
      expect(result.stdout).toMatch(new RegExp(`^usage: annotated-cnn ${name} \\[options\\]\\n`))
    }
    expect((await run(['train', '--help'])).stdout).toContain('  --classes NAMES')
  })

  it('a command\'s bad flag is that command\'s error, with exit status 2', async () => {
    expect(await run(['train', '--epochs', '-3'])).toEqual({ status: 2, stdout: '', stderr: 'error: --epochs must be a whole number ≥ 1, got "-3" (see --help)\n' })
  })

  it('a missing or unknown command is one error line and exit status 2', async () => {
    const expected = 'expected one of train, evaluate, plots, bench, original (see --help)'
    expect(await run([])).toEqual({ status: 2, stdout: '', stderr: `error: missing command; ${expected}\n` })
    expect(await run(['trian', '--epochs', '3'])).toEqual({ status: 2, stdout: '', stderr: `error: unknown command "trian"; ${expected}\n` })
    expect(await run(['--epochs', '3'])).toEqual({ status: 2, stdout: '', stderr: `error: unknown option "--epochs" before the command; ${expected}\n` })
    // Names of Object.prototype are not commands.
    expect((await run(['constructor'])).status).toBe(2)
  })
})
