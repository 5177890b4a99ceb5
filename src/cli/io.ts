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
// characters is cut to an excerpt that says how long it was, and the line is capped. A
// path or a name in any other line goes through `shown`, which escapes the same characters.
//
// Three more things belong to the streams of a real process (cli/process.ts sets them up):
//
// - **A stream that fails.** `npm run train | head -1` closes standard output after one
//   line, and `> /dev/full` fails every write. Neither may cost the run its model: a
//   `guarded` stream keeps the first error it meets, drops what comes after, and never
//   throws, so the command finishes its work and writes its files.
// - **Escape codes only for a terminal that understands them.** The progress bar redraws
//   itself with a carriage return and "erase to end of line". That is for a terminal, and
//   not for a pipe, a file or a terminal that says `TERM=dumb` (`understandsEscapes`).
//   Nothing here writes colours, so there is nothing for `NO_COLOR` to turn off.
// - **Safe text.** `shown` and `oneLine` above.
// Previous: onnx/export.ts. Next: cli/flags.ts.

import type { Writable } from 'node:stream'

/**
 * Something text can be written to; `terminal` says that a person is watching on a terminal
 * that understands escape codes (absent: it does not, as for `process.stdout` itself).
 */
export interface Output {
  write(text: string): unknown
  readonly terminal?: boolean
}

/** A command's standard output and standard error. */
export interface Io {
  readonly stdout: Output
  readonly stderr: Output
}

/** A recorder for tests: collects everything written to it. */
export const recorder = (terminal = false): Output & { readonly text: () => string } => {
  const chunks: string[] = []
  return {
    terminal,
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
const HAS_CONTROL = new RegExp(CONTROL.source)
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

/**
 * A path or a name for a line of output: as it is when it holds no control character, else
 * quoted, with those characters (and quotes and backslashes) escaped, so that what the
 * terminal shows is what the name is, on one line. A name that starts with a quote is quoted
 * too, so that no name can pass for another one quoted.
 * @example shown('out/run 1') === 'out/run 1'
 * @example shown('out\n\x1b[2J') === '"out\\n\\x1b[2J"'
 */
export const shown = (text: string): string =>
  HAS_CONTROL.test(text) || text.startsWith('"') ? `"${text.replace(/["\\]/g, '\\$&').replace(CONTROL, visible)}"` : text

/** Writes `error: <message>` as one safe line (see `oneLine`). */
export const writeError = (io: Io, message: string): void => {
  io.stderr.write(`error: ${oneLine(message)}\n`)
}

/** Writes `note: <message>` to standard output as one safe line (see `oneLine`). */
export const writeNote = (io: Io, message: string): void => {
  io.stdout.write(`note: ${oneLine(message)}\n`)
}

// Streams of a process
// --------------------

/**
 * Whether escape codes are welcome: only on a terminal, and not one that says it is "dumb"
 * (Emacs's shell, some CI logs). On Unix a terminal names its kind in `TERM`, so without it
 * nothing is sent; Windows consoles set no `TERM` and understand them.
 * @example understandsEscapes(true, { TERM: 'xterm-256color' }, 'linux') === true
 * @example understandsEscapes(true, { TERM: 'dumb' }, 'linux') === false
 */
export const understandsEscapes = (isTTY: boolean | undefined, env: Readonly<Record<string, string | undefined>>, platform: string): boolean => {
  const term = env.TERM ?? ''
  return isTTY === true && term !== 'dumb' && (term !== '' || platform === 'win32')
}

/** A guarded stream: an `Output` that never throws, and remembers why it stopped writing. */
export interface Guarded extends Output {
  /** The first error a write met (EPIPE: the reader closed it; ENOSPC: the disk is full), if any. */
  readonly failure: () => NodeJS.ErrnoException | undefined
  /** Resolves once everything written so far has reached the stream (or failed to). */
  readonly flushed: () => Promise<void>
}

/**
 * A stream of this process made safe to write to. A failed write is reported by Node later,
 * to the write's callback and as an `error` event that would end the process if nobody
 * listened: here somebody does, and the callback keeps the first error. Writes after it are
 * dropped.
 */
export const guarded = (stream: Writable, terminal: boolean): Guarded => {
  let failure: NodeJS.ErrnoException | undefined
  const fail = (error: unknown): void => {
    failure ??= error instanceof Error ? error : new Error(String(error))
  }
  // Each write hears of its own failure through its callback; the event only must not go unheard.
  stream.on('error', () => {})
  const write = (text: string): boolean => {
    try {
      return stream.write(text, (error) => {
        if (error) fail(error)
      })
    } catch (error) {
      fail(error)
      return false
    }
  }
  // Writes reach the stream in order, so an empty one is done when all before it are. (Its
  // own error does not count: it wrote nothing that could be lost.)
  const flushed = (): Promise<void> =>
    new Promise((resolve) => {
      try {
        stream.write('', () => resolve())
      } catch {
        resolve()
      }
    })
  return { terminal, write: (text) => failure === undefined && write(text), failure: () => failure, flushed }
}
