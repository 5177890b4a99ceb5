// Running a command as a process
// ==============================
//
// Each of scripts/*.ts is one line, `await main(runTrain)`: run the command with the
// process's arguments and streams, and make its answer the exit status. Three more things
// belong to the process as a whole, and so live here.
//
// **Standard output that goes away.** `npm run train | head -1` closes the pipe after one
// line; `npm run train > /dev/full` fails every write. Either used to end a run of minutes
// with "unexpected failure: write EPIPE" and no model. The command now writes to guarded
// streams (cli/io.ts): a failed write is remembered, what follows is dropped, and the run
// goes on to write its files. At the end, the exit status says whether anything was lost:
//
// - the reader closed the pipe (EPIPE): it stopped reading on purpose and lost nothing it
//   asked for, so the status is the command's own (0 when it did its work), and nothing is
//   said, as `git log | head -1` says nothing;
// - any other failure (ENOSPC on a full disk, EIO): text meant to be kept is lost, so a
//   command that did its work exits with 3 instead of 0, after one line on standard error.
//   Its files are all written; 1 and 2 keep their meaning and win over 3.
//
// A failing standard error changes nothing: there is nowhere left to say so.
//
// **The last resort.** Every command turns bad input into one `error:` line, and no input
// should get past those checks. If something does throw anyway (a bug, a worker thread that
// fails, a promise nobody waited for), the user still gets one line, not a stack trace:
//
//     error: unexpected failure: RangeError: Maximum call stack size exceeded (please report this)
//
// and the exit status 1, after any half-written outputs are removed (cli/files.ts).
//
// **Ctrl-C.** It must stop every command at once, so nothing here listens for it. A signal
// listener written in JavaScript runs only when the thread is idle, and training keeps the
// thread busy for minutes: with a listener for SIGINT, Ctrl-C would wait for the end of the
// run. The default action ends the process on the spot instead; what a killed run leaves
// behind is cleaned up by the next one, and only while outputs are written, which is
// asynchronous, does cli/files.ts listen, to clean up itself. (`npm run …` starts Node itself,
// with tsx's loader, so the signal reaches this process directly. Under the `tsx` command
// instead, tsx relays the signal and, if this process cannot answer within 60 ms because it
// is busy, ends it with SIGKILL: just as prompt.)
// Previous: cli/files.ts. Next: cli/progress.ts.

import { abandonOutputs } from './files.ts'
import { guarded, understandsEscapes, writeError, type Guarded, type Io } from './io.ts'

/** A command: its arguments and streams in, its exit status out. */
export type Command = (argv: readonly string[], io: Io) => Promise<number>

/** The exit status of a command that did its work but could not write all of its standard output. */
export const OUTPUT_LOST = 3

/**
 * The exit status once the command has answered `status` and standard output met `failure`
 * (see above): EPIPE keeps the command's status, any other failure turns 0 into 3.
 * @example finalStatus(0, undefined) === 0
 * @example finalStatus(0, 'EPIPE') === 0
 * @example finalStatus(0, 'ENOSPC') === 3
 * @example finalStatus(1, 'ENOSPC') === 1
 */
export const finalStatus = (status: number, failure: string | undefined): number =>
  status === 0 && failure !== undefined && failure !== 'EPIPE' ? OUTPUT_LOST : status

/** The line on standard error that says standard output failed (not for EPIPE), and what that means. */
export const lostOutputLine = (code: string, status: number): string =>
  `error: could not write to standard output (${code}); the command went on without it${status === OUTPUT_LOST ? ', and exits with status 3' : ''}`

// This process's own streams, guarded once (each adds a listener), when first needed.
let streams: { readonly stdout: Guarded; readonly stderr: Guarded } | undefined
const processIo = (): { readonly stdout: Guarded; readonly stderr: Guarded } =>
  (streams ??= {
    stdout: guarded(process.stdout, understandsEscapes(process.stdout.isTTY, process.env, process.platform)),
    stderr: guarded(process.stderr, false),
  })

// What went wrong, as one line: the error's class and the first line of its message.
const describe = (error: unknown): string => {
  try {
    if (error instanceof Error) return `${error.name}: ${error.message.slice(0, 2000).split('\n')[0]}`
    return String(error).slice(0, 2000)
  } catch {
    return 'an error that cannot be described'
  }
}

/** The last resort: undo any write in progress, print one line, exit 1. */
export const lastResort = (error: unknown): never => {
  abandonOutputs()
  writeError(processIo(), `unexpected failure: ${describe(error)} (please report this)`)
  process.exit(1)
}

/** Runs a command as this process: arguments from the command line, the exit status from its answer. */
export const main = async (command: Command): Promise<void> => {
  process.on('uncaughtException', lastResort)
  process.on('unhandledRejection', lastResort)
  const io = processIo()
  try {
    const status = await command(process.argv.slice(2), io)
    // A failed write is reported a moment later: wait for every write to land first.
    await io.stdout.flushed()
    const failure = io.stdout.failure()
    const code = failure === undefined ? undefined : (failure.code ?? failure.name)
    const final = finalStatus(status, code)
    if (code !== undefined && code !== 'EPIPE') io.stderr.write(`${lostOutputLine(code, final)}\n`)
    process.exitCode = final
  } catch (error) {
    lastResort(error)
  }
}
