// Running a command of src/cli in this process, with recorded output streams: what the
// command-line specs (spec/cli/*.spec.ts) share.
import { recorder, type Io } from '../../src/cli/io.ts'

/** What a command did: its exit status and everything it printed. */
export interface Run {
  readonly status: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs `command` with `argv` on recorded streams. */
export const run = async (command: (argv: readonly string[], io: Io) => Promise<number>, argv: readonly string[]): Promise<Run> => {
  const stdout = recorder()
  const stderr = recorder()
  const status = await command(argv, { stdout, stderr })
  return { status, stdout: stdout.text(), stderr: stderr.text() }
}
