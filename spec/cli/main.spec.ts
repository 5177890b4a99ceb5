// `annotated-cnn`: the command of the package
// ===========================================
//
// The dispatcher runs in this process with recorded output streams: --help and --version,
// each command's own --help under its installed name (with examples that parse, and no path
// the package does not ship), and the one-line errors for a missing or unknown command or
// flag, naming the closest one. (The installed command itself, compiled and run from a packed
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
    expect(Object.keys(COMMANDS)).toEqual(['train', 'evaluate', 'plots', 'export', 'bench', 'original'])
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

  it('--help of every command speaks of the installed command and points only to what ships', async () => {
    const shipped = (JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { files: string[] }).files
    for (const argv of [['--help'], ...Object.keys(COMMANDS).map((name) => [name, '--help'])]) {
      const { stdout } = await run(argv)
      expect(stdout, argv.join(' ')).not.toMatch(/npm run|npx tsx/)
      // No path it names (a word with a slash) is in a folder the package leaves out, and it
      // names no Markdown file: the docs stay in the repository.
      const paths = stdout.match(/(?<![\w/.:-])[\w.-]+\/[\w./-]*/g) ?? []
      for (const path of paths.filter((p) => /^(docs|scripts|spec|site|bench|\.ci)\//.test(p))) expect.fail(`${argv.join(' ')} names ${path}, which the package does not ship (${shipped.join(', ')})`)
      expect(stdout.match(/\.md\b/g), `${argv.join(' ')} names a Markdown file`).toBeNull()
    }
  })

  it('--help gives examples, each a command line whose flags the command accepts', async () => {
    const lines = (await run(['--help'])).stdout.split('\n').filter((line) => line.startsWith('  annotated-cnn '))
    expect(lines.length).toBeGreaterThanOrEqual(2)
    for (const name of Object.keys(COMMANDS)) {
      const { stdout } = await run([name, '--help'])
      const examples = stdout.split('\n').filter((line) => line.startsWith(`  annotated-cnn ${name}`))
      expect(examples.length, name).toBeGreaterThanOrEqual(2)
      lines.push(...examples)
    }
    // --help stops a command right after its flags are checked: status 0 means they parse.
    for (const line of lines) {
      const argv = line.trim().split(' ').slice(1)
      const result = await run(argv.includes('--help') ? argv : [...argv, '--help'])
      expect(result.status, line).toBe(0)
      expect(result.stderr, line).toBe('')
    }
  })

  it('in the repository, --help speaks of npm run', async () => {
    for (const [name, command] of Object.entries(COMMANDS)) {
      const recorded = recorder()
      expect(await command.run(['--help'], { stdout: recorded, stderr: recorder() }, `npm run ${name} --`)).toBe(0)
      expect(recorded.text()).toMatch(new RegExp(`^usage: npm run ${name} -- \\[options\\]\n`))
      expect(recorded.text()).toMatch(new RegExp(`^  npm run ${name}( -- --\\S.*)?$`, 'm'))
      expect(recorded.text()).not.toContain('annotated-cnn')
    }
  })

  it('a command\'s bad flag is that command\'s error, with exit status 2', async () => {
    expect(await run(['train', '--epoch', '3'])).toEqual({ status: 2, stdout: '', stderr: 'error: unknown flag --epoch; did you mean --epochs? (see --help)\n' })
    expect(await run(['evaluate', '--modle', 'out/model.json'])).toEqual({ status: 2, stdout: '', stderr: 'error: unknown flag --modle; did you mean --model? (see --help)\n' })
    expect(await run(['train', '--epochs', '-3'])).toEqual({ status: 2, stdout: '', stderr: 'error: --epochs must be a whole number ≥ 1, got "-3" (see --help)\n' })
  })

  it('a missing or unknown command is one error line and exit status 2', async () => {
    const expected = 'expected one of train, evaluate, plots, export, bench, original (see --help)'
    expect(await run([])).toEqual({ status: 2, stdout: '', stderr: `error: missing command; ${expected}\n` })
    expect(await run(['trian', '--epochs', '3'])).toEqual({ status: 2, stdout: '', stderr: 'error: unknown command "trian"; did you mean train? (see --help)\n' })
    expect(await run(['eval'])).toEqual({ status: 2, stdout: '', stderr: 'error: unknown command "eval"; did you mean evaluate? (see --help)\n' })
    expect(await run(['Plots'])).toEqual({ status: 2, stdout: '', stderr: 'error: unknown command "Plots"; did you mean plots? (see --help)\n' })
    expect(await run(['fit'])).toEqual({ status: 2, stdout: '', stderr: `error: unknown command "fit"; ${expected}\n` })
    expect(await run(['--epochs', '3'])).toEqual({ status: 2, stdout: '', stderr: `error: unknown option "--epochs" before the command; ${expected}\n` })
    // Names of Object.prototype are not commands.
    expect((await run(['constructor'])).status).toBe(2)
  })
})
