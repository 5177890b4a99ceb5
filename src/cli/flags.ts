// Command-line flags
// ==================
//
// Each command describes its flags once, in a table: name, kind, default and a line of
// help. From that table we get both the parser (Node's own `util.parseArgs` does the
// tokenising) and the `--help` text, so the two can never disagree. Parsing checks every
// value before any work starts and returns an `Either`: a bad flag becomes one line such as
//
//     --epochs must be a whole number ≥ 1, got "-3"
//
// which the command prints before exiting with status 2. A mistyped flag names the closest
// one it knows (`unknown flag --epoch; did you mean --epochs?`), found by edit distance.
// Previous: cli/io.ts. Next: cli/budget.ts.

import { parseArgs } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'

/** How a flag's text becomes a value, and which values are allowed. */
export type FlagKind =
  | { readonly type: 'int'; readonly min: number; readonly max?: number }
  | { readonly type: 'number'; readonly above?: number; readonly atLeast?: number; readonly below?: number }
  | { readonly type: 'string' }
  | { readonly type: 'choice'; readonly choices: readonly string[] }
  | { readonly type: 'switch' }

/** One flag of a command. */
export interface FlagSpec {
  readonly name: string
  readonly kind: FlagKind
  /** The default value, shown in --help; `undefined` for "not set". */
  readonly default?: string | number | boolean
  readonly help: string
  /** A placeholder for the value in --help, such as N or DIR. */
  readonly value?: string
}

/** Parsed flag values by name (switches are booleans; unset flags without default are absent). */
export type FlagValues = { readonly [name: string]: string | number | boolean | undefined }

// Checking one value
// ------------------

/** Checks one flag value given as text: its value, or a message naming the flag and what it must be. */
export const checkFlagValue = (spec: FlagSpec, text: string): E.Either<string, string | number> => {
  const { kind, name } = spec
  switch (kind.type) {
    case 'int': {
      const value = Number(text)
      const range = kind.max === undefined ? `≥ ${kind.min}` : `from ${kind.min} to ${kind.max}`
      return /^[+-]?\d+$/.test(text.trim()) && Number.isSafeInteger(value) && value >= kind.min && (kind.max === undefined || value <= kind.max)
        ? E.right(value)
        : E.left(`--${name} must be a whole number ${range}, got ${JSON.stringify(text)}`)
    }
    case 'number': {
      const value = Number(text)
      const { above, atLeast, below } = kind
      const lower = above !== undefined ? `> ${above}` : atLeast !== undefined ? `≥ ${atLeast}` : ''
      const range = [lower, below === undefined ? '' : `< ${below}`].filter((part) => part !== '').join(' and ')
      const fits = (above === undefined || value > above) && (atLeast === undefined || value >= atLeast) && (below === undefined || value < below)
      return text.trim() !== '' && Number.isFinite(value) && fits
        ? E.right(value)
        : E.left(`--${name} must be a number${range === '' ? '' : ` ${range}`}, got ${JSON.stringify(text)}`)
    }
    case 'choice':
      return kind.choices.includes(text) ? E.right(text) : E.left(`--${name} must be one of ${kind.choices.join(', ')}, got ${JSON.stringify(text)}`)
    case 'string':
      return text === '' ? E.left(`--${name} must not be empty`) : E.right(text)
    case 'switch':
      return E.right(text)
  }
}

// Did you mean
// ------------
//
// The edit distance between two words counts the single-letter edits, insertions,
// deletions, substitutions and swaps of two neighbours, that turn one into the other
// (Damerau's "optimal string alignment" form): `epoch` → `epochs` is 1, `trian` → `train`
// is 1, `batchsize` → `batch-size` is 1. It fills a table row by row, each cell from the
// three or four cells above and to the left.

/** The number of single-letter edits (insert, delete, substitute, swap neighbours) from `a` to `b`. */
export const editDistance = (a: string, b: string): number => {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)]
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      const best = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      const swapped = i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]
      row.push(swapped ? Math.min(best, rows[i - 2]![j - 2]! + 1) : best)
    }
    rows.push(row)
  }
  return rows[a.length]![b.length]!
}

/**
 * The known words a mistyped `word` most likely meant, best first, at most three: those it
 * begins (`--sched` → `--schedule`), else the nearest by edit distance, if that is within a
 * third of the word's length (at least 1), so that a word unlike any gets no suggestion.
 * Case does not count.
 */
export const closestWords = (word: string, known: readonly string[]): readonly string[] => {
  const typed = word.toLowerCase()
  const prefixed = typed.length >= 2 ? known.filter((name) => name.toLowerCase().startsWith(typed)) : []
  if (prefixed.length > 0) return prefixed.slice(0, 3)
  const scored = known.map((name) => ({ name, distance: editDistance(typed, name.toLowerCase()) }))
  const nearest = scored.reduce((least, { distance }) => Math.min(least, distance), Infinity)
  return nearest <= Math.max(1, Math.floor(typed.length / 3)) ? scored.filter(({ distance }) => distance === nearest).map(({ name }) => name).slice(0, 3) : []
}

/** ` did you mean A?`, ` did you mean A or B?`, or '' when there is nothing close. */
export const didYouMean = (suggestions: readonly string[]): string =>
  suggestions.length === 0 ? '' : ` did you mean ${suggestions.length === 1 ? suggestions[0]! : `${suggestions.slice(0, -1).join(', ')} or ${suggestions.at(-1)!}`}?`

// Parsing
// -------

// parseArgs explains unknown flags, missing values and stray arguments in its message, on
// several lines; we keep the first line, quote the argument it is about (so that a long
// one gets cut when printed) and keep its advice for a value that starts with a dash, as
// in `--arch -conv3x3x1-…`, which it reads as a flag: write `--arch=-conv3x3x1-…`.
const parseArgsProblem = (error: unknown, args: readonly string[], known: readonly string[]): string => {
  const message = error instanceof Error ? error.message : String(error)
  const first = message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '')
  // An unknown flag: name it (quoted when long, so that it gets cut) and the closest known flags.
  const unknown = /^Unknown option '([^']*)'/.exec(first)
  if (unknown !== null) {
    const flag = unknown[1]!
    const shown = flag.length > 20 ? JSON.stringify(flag) : flag
    const close = flag.startsWith('--') ? closestWords(flag.slice(2), known).map((name) => `--${name}`) : []
    return close.length === 0 ? `unknown flag ${shown}` : `unknown flag ${shown};${didYouMean(close)}`
  }
  const ambiguous = /^Option '(--[^' ]+)' argument is ambiguous/.exec(first)
  if (ambiguous !== null) {
    const flag = ambiguous[1]!
    const at = args.findIndex((arg, i) => arg === flag && (args[i + 1] ?? '').startsWith('-'))
    const value = args[at + 1] ?? ''
    return `${flag} needs a value, and ${JSON.stringify(value)} reads as a flag; if it is the value, write ${JSON.stringify(`${flag}=${value}`)}`
  }
  // Others, such as "Unexpected argument 'x'": quote the argument as JSON does.
  return first.replace(/'([^']*)'/, (quoted, inner: string) => (inner.length > 20 ? JSON.stringify(inner) : quoted))
}

/** Parses `argv` against the flag table. `--help` is always accepted (as `help: true`). */
export const parseFlags = (specs: readonly FlagSpec[], argv: readonly string[]): E.Either<string, FlagValues> => {
  const options = Object.fromEntries([
    ...specs.map((spec) => [spec.name, { type: spec.kind.type === 'switch' ? 'boolean' : 'string' }] as const),
    ['help', { type: 'boolean', short: 'h' }] as const,
  ])
  // `--epochs -3` would read "-3" as a flag; glue negative numbers to their flag so that
  // they reach the range check below and get its clearer message.
  const takesValue = new Set(specs.filter((spec) => spec.kind.type !== 'switch').map((spec) => `--${spec.name}`))
  const args = argv.flatMap((arg, i) =>
    /^-[\d.]/.test(arg) && takesValue.has(argv[i - 1] ?? '') ? [] : takesValue.has(arg) && /^-[\d.]/.test(argv[i + 1] ?? '') ? [`${arg}=${argv[i + 1]}`] : [arg],
  )
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: false })
  } catch (error) {
    return E.left(parseArgsProblem(error, args, specs.map((spec) => spec.name).concat('help')))
  }
  const values: { [name: string]: string | number | boolean | undefined } = { help: parsed.values.help === true }
  for (const spec of specs) {
    const given = parsed.values[spec.name]
    if (given === undefined) {
      values[spec.name] = spec.default
    } else if (typeof given === 'boolean') {
      values[spec.name] = given
    } else {
      const checked = checkFlagValue(spec, String(given))
      if (E.isLeft(checked)) return checked
      values[spec.name] = checked.right
    }
  }
  return E.right(values)
}

// Help
// ----

/**
 * A command line for an example: the command as the user ran it (`annotated-cnn train`,
 * or `npm run train --` in the repository, whose trailing `--` goes when no flags follow),
 * then the flags.
 */
export const commandLine = (command: string, flags: string): string => (flags === '' ? command.replace(/ --$/, '') : `${command} ${flags}`)

/** A usage example of --help: a whole command line and what it does. */
export interface Example {
  readonly line: string
  readonly does: string
}

/**
 * The `--help` text: usage, then one aligned line per flag with its default, then any notes
 * (lines printed as they are) and examples (each command line, then what it does).
 */
export const helpText = (usage: string, about: string, specs: readonly FlagSpec[], examples: readonly Example[] = [], notes: readonly string[] = []): string => {
  const left = (spec: FlagSpec) => `--${spec.name}${spec.kind.type === 'switch' ? '' : ` ${spec.value ?? 'VALUE'}`}`
  const width = specs.reduce((most, spec) => Math.max(most, left(spec).length), '--help'.length) + 2
  const lines = specs.map((spec) => {
    const choices = spec.kind.type === 'choice' ? ` (${spec.kind.choices.join(' | ')})` : ''
    const fallback = spec.default === undefined || spec.default === false ? '' : ` [default: ${spec.default}]`
    return `  ${left(spec).padEnd(width)}${spec.help}${choices}${fallback}`
  })
  const exampleLines = examples.length === 0 ? [] : ['', 'examples:'].concat(examples.flatMap(({ line, does }) => [`  ${line}`, `      ${does}`]))
  const noteLines = notes.length === 0 ? [] : [''].concat(notes)
  return [`usage: ${usage}`, '', about, '', 'options:', ...lines, `  ${'--help'.padEnd(width)}show this help and exit`, ...noteLines, ...exampleLines, ''].join('\n')
}
