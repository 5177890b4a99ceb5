// Running a command as a process
// ==============================
//
// Each of scripts/*.ts is one line, `await main(runTrain)`: run the command with the
// process's arguments and streams, and make its answer the exit status. Two more things
// belong to the process as a whole, and so live here.
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
import { writeError, type Io } from './io.ts'

/** A command: its arguments and streams in, its exit status out. */
export type Command = (argv: readonly string[], io: Io) => Promise<number>

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
  writeError(process, `unexpected failure: ${describe(error)} (please report this)`)
  process.exit(1)
}

/** Runs a command as this process: arguments from the command line, the exit status from its answer. */
export const main = async (command: Command): Promise<void> => {
  process.on('uncaughtException', lastResort)
  process.on('unhandledRejection', lastResort)
  try {
    process.exitCode = await command(process.argv.slice(2), process)
  } catch (error) {
    lastResort(error)
  }
}
