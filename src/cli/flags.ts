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
// which the command prints before exiting with status 2.
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

// Parsing
// -------

// parseArgs explains unknown flags, missing values and stray arguments in its message, on
// several lines; we keep the first line, quote the argument it is about (so that a long
// one gets cut when printed) and keep its advice for a value that starts with a dash, as
// in `--arch -conv3x3x1-…`, which it reads as a flag: write `--arch=-conv3x3x1-…`.
const parseArgsProblem = (error: unknown, args: readonly string[]): string => {
  const message = error instanceof Error ? error.message : String(error)
  const first = message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '')
  const ambiguous = /^Option '(--[^' ]+)' argument is ambiguous/.exec(first)
  if (ambiguous !== null) {
    const flag = ambiguous[1]!
    const at = args.findIndex((arg, i) => arg === flag && (args[i + 1] ?? '').startsWith('-'))
    const value = args[at + 1] ?? ''
    return `${flag} needs a value, and ${JSON.stringify(value)} reads as a flag; if it is the value, write ${JSON.stringify(`${flag}=${value}`)}`
  }
  // "Unknown option '--x'", "Unexpected argument 'x'": quote the argument as JSON does.
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
    return E.left(parseArgsProblem(error, args))
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

/** The `--help` text: usage, then one aligned line per flag with its default. */
export const helpText = (usage: string, about: string, specs: readonly FlagSpec[]): string => {
  const left = (spec: FlagSpec) => `--${spec.name}${spec.kind.type === 'switch' ? '' : ` ${spec.value ?? 'VALUE'}`}`
  const width = specs.reduce((most, spec) => Math.max(most, left(spec).length), '--help'.length) + 2
  const lines = specs.map((spec) => {
    const choices = spec.kind.type === 'choice' ? ` (${spec.kind.choices.join(' | ')})` : ''
    const fallback = spec.default === undefined || spec.default === false ? '' : ` [default: ${spec.default}]`
    return `  ${left(spec).padEnd(width)}${spec.help}${choices}${fallback}`
  })
  return [`usage: ${usage}`, '', about, '', 'options:', ...lines, `  ${'--help'.padEnd(width)}show this help and exit`, ''].join('\n')
}
