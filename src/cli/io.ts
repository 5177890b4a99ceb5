// Where the commands write
// ========================
//
// Every command takes its two output streams as an argument instead of reaching for
// `process.stdout` itself, so a test can run a whole command and read what it printed.
// `process` fits this type as it is; a test passes two small recorders.
// Previous: bench/measure.ts. Next: cli/flags.ts.

/** Something text can be written to; `isTTY` says whether a person is watching. */
export interface Output {
  write(text: string): unknown
  readonly isTTY?: boolean
}

/** A command's standard output and standard error. */
export interface Io {
  readonly stdout: Output
  readonly stderr: Output
}

/** A recorder for tests: collects everything written to it. */
export const recorder = (isTTY = false): Output & { readonly text: () => string } => {
  const chunks: string[] = []
  return {
    isTTY,
    write: (text: string) => chunks.push(text),
    text: () => chunks.join(''),
  }
}
