// Where the commands write
// ========================
//
// Every command takes its two output streams as an argument instead of reaching for
// `process.stdout` itself, so a test can run a whole command and read what it printed.
// `process` fits this type as it is; a test passes two small recorders.
//
// A failure is reported as one line, `error: …`, that names the flag, file or value and
// says what was expected. Those values come from outside (flags, file names, the insides of
// files), so they can be anything: 100,000 characters, newlines, terminal escape codes. The
// one function that writes an error line, `writeError`, makes it safe to print: control
// characters become visible escapes (`\n`, `\x1b`), every quoted value longer than 60
// characters is cut to an excerpt that says how long it was, and the line is capped.
// Previous: bench/thread.ts. Next: cli/flags.ts.

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

// Safe messages
// -------------

/** Quoted values longer than this are cut to an excerpt. */
export const MAX_QUOTED = 60

// Error lines longer than this are cut (only hostile input gets there).
const MAX_LINE = 1000

const grouped = (n: number): string => n.toLocaleString('en-US')

// The first `max` characters of a text, never splitting a character outside the BMP (or an escape).
const head = (text: string, max: number): string => Array.from(text.slice(0, 2 * max)).slice(0, max).join('').replace(/\\+$/, (s) => s.slice(0, s.length - (s.length % 2)))

// A long text cut to 60 characters: its first 59 and an ellipsis.
const excerpt = (text: string): string => `${head(text, MAX_QUOTED - 1)}…`

/**
 * A value quoted for a message, as JSON writes strings; a long one is cut and says its length.
 * @example quote('conv3x3x1') === '"conv3x3x1"'
 * @example quote('x'.repeat(100000)) === '"xxx…xx…" (100,000 characters)' // 59 x's before the …
 */
export const quote = (text: string): string =>
  text.length <= MAX_QUOTED ? JSON.stringify(text) : `${JSON.stringify(excerpt(text))} (${grouped(text.length)} characters)`

// Characters a terminal would act on instead of showing: C0 and C1 controls, DEL, the line
// and paragraph separators, and the marks that reorder text (bidirectional overrides).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }
const visible = (c: string): string => NAMED[c] ?? (c.charCodeAt(0) < 0x100 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${c.charCodeAt(0).toString(16)}`)

// A double-quoted stretch of a message (with backslash escapes inside).
const QUOTED = /"(?:[^"\\]|\\.)*"/g

/**
 * A message made safe to print on one line: control characters escaped, quoted values
 * longer than 60 characters cut to an excerpt, the whole capped at 1,000 characters.
 * @example oneLine('bad "a\nb"') === 'bad "a\\nb"'
 */
export const oneLine = (message: string): string => {
  const escaped = message.replace(CONTROL, visible)
  const cut = escaped.replace(QUOTED, (q) => (q.length - 2 <= MAX_QUOTED ? q : `"${excerpt(q.slice(1, -1))}" (${grouped(q.length - 2)} characters)`))
  return cut.length <= MAX_LINE ? cut : `${head(cut, MAX_LINE)}…`
}

/** Writes `error: <message>` as one safe line (see `oneLine`). */
export const writeError = (io: Io, message: string): void => {
  io.stderr.write(`error: ${oneLine(message)}\n`)
}
