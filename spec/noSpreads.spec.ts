// No spreading into calls anywhere in src/.
//
// `Math.max(...values)`, `out.push(...values)` and `f.apply(null, values)` pass every element
// as an argument on the call stack, so they throw "Maximum call stack size exceeded" once an
// array passes about 125,000 values: a picture of a large layer or a long history would crash
// after a run of minutes. So src/ never spreads into a call's arguments, whatever the value:
//
//   forbidden: `...` directly inside the parentheses of a call or `new` (`f(...x)`, `f(a, ...x)`,
//              `new T(...x)`), and `.apply(` (the same thing by another name);
//   allowed:   rest parameters (`(...args) =>`, `function f(...args) {`), and spreads in array
//              and object literals (`[...a, b]`, `{ ...o }`), which are built element by element
//              without the call stack. Data go through loops (or `concat`, `reduce`) all the same.
//
// The scanner below reads TypeScript as tokens (comments, strings, template literals and
// regular expressions skipped) and tracks the brackets; a parenthesis counts as a declaration's
// parameter list when `=>`, `{` or `:` follows it, and as a call otherwise. It is checked on
// samples first, then run on every .ts file under src/, naming each finding as file:line.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/** A spread into a call (or an `.apply`), by line and column (from 1). */
interface Finding {
  readonly line: number
  readonly column: number
  readonly what: string
}

// Keywords after which a `/` starts a regular expression, not a division.
const BEFORE_REGEX = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await', 'instanceof'])

/** Every spread inside a call's argument list in `source`, and every `.apply(` call. */
const spreadsInCalls = (source: string): Finding[] => {
  const findings: Finding[] = []
  const lineStarts = [0]
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1)
  const at = (index: number, what: string): Finding => {
    let line = 0
    while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= index) line++
    return { line: line + 1, column: index - lineStarts[line]! + 1, what }
  }
  // Open brackets: '(' frames collect their spreads until their ')' tells call from declaration.
  const stack: { readonly open: '(' | '[' | '{' | '${'; readonly spreads: Finding[] }[] = []
  let i = 0
  let previous = '' // the last significant character of code
  let word = '' // the last word of code, if the last token was one
  const n = source.length
  const skipTemplate = (): void => {
    // From just after a backtick or a '}' closing '${': to the closing backtick, or into '${'.
    while (i < n) {
      const c = source[i]
      if (c === '\\') i += 2
      else if (c === '`') {
        i++
        previous = '`'
        return
      } else if (c === '$' && source[i + 1] === '{') {
        stack.push({ open: '${', spreads: [] })
        i += 2
        previous = '{'
        return
      } else i++
    }
  }
  while (i < n) {
    const c = source[i]!
    const next = source[i + 1]
    if (c === '/' && next === '/') {
      while (i < n && source[i] !== '\n') i++
      continue
    }
    if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2)
      i = end < 0 ? n : end + 2
      continue
    }
    if (/\s/.test(c)) {
      i++
      continue
    }
    if (c === '"' || c === "'") {
      i++
      while (i < n && source[i] !== c && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1
      i++
      previous = c
      word = ''
      continue
    }
    if (c === '`') {
      i++
      word = ''
      skipTemplate()
      continue
    }
    if (c === '/' && (previous === '' || '(,=:[!&|?{};+-*%<>~^'.includes(previous) || BEFORE_REGEX.has(word))) {
      // A regular expression: to the closing '/' outside a character class, then its flags.
      i++
      let inClass = false
      while (i < n && (inClass || source[i] !== '/') && source[i] !== '\n') {
        if (source[i] === '\\') i++
        else if (source[i] === '[') inClass = true
        else if (source[i] === ']') inClass = false
        i++
      }
      i++
      while (i < n && /[a-z]/i.test(source[i]!)) i++
      previous = '/'
      word = ''
      continue
    }
    if (/[A-Za-z_$0-9]/.test(c)) {
      const start = i
      while (i < n && /[A-Za-z_$0-9]/.test(source[i]!)) i++
      word = source.slice(start, i)
      previous = 'a'
      continue
    }
    if (source.startsWith('...', i)) {
      const top = stack[stack.length - 1]
      if (top?.open === '(') top.spreads.push(at(i, 'a spread into a call'))
      i += 3
      previous = '.'
      word = ''
      continue
    }
    if (c === '(' && word === 'apply' && source[i - 'apply'.length - 1] === '.') findings.push(at(i - 'apply'.length - 1, '.apply('))
    if (c === '(' || c === '[' || c === '{') stack.push({ open: c, spreads: [] })
    else if (c === ')' || c === ']' || c === '}') {
      const frame = stack.pop()
      if (frame?.open === '${') {
        i++
        skipTemplate()
        continue
      }
      if (frame?.open === '(' && frame.spreads.length > 0) {
        // A parameter list is followed by `=>`, a body `{` or a return type `:`.
        const rest = source.slice(i + 1).replace(/^(\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, '')
        if (!(rest.startsWith('=>') || rest.startsWith('{') || rest.startsWith(':'))) findings.push(...frame.spreads)
      }
    }
    previous = c
    word = ''
    i++
  }
  return findings
}

// Every .ts file under a folder.
const tsFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? tsFiles(path) : entry.name.endsWith('.ts') ? [path] : []
  })

describe('the spread scanner', () => {
  const lines = (source: string) => spreadsInCalls(source).map((f) => f.line)

  it('finds spreads into calls, constructors and .apply', () => {
    expect(lines('const top = Math.max(...values)')).toEqual([1])
    expect(spreadsInCalls('f(a, b, ...rest)')).toEqual([{ line: 1, column: 9, what: 'a spread into a call' }])
    expect(lines('out.push(\n  1,\n  ...more,\n)')).toEqual([3])
    expect(lines('const t = new Float32Array(...parts)')).toEqual([1])
    expect(lines('g(h(...x), [...y])')).toEqual([1])
    expect(lines('f<number>(...xs)')).toEqual([1])
    expect(lines('maybe?.(...xs)')).toEqual([1])
    expect(lines('const s = `top ${Math.max(...xs)} of ${n}`')).toEqual([1])
    expect(lines('const m = Math.max.apply(null, xs)')).toEqual([1])
    expect(lines('// fine\nconst a = 1\nconst b = Math.min(0, ...xs) // bad')).toEqual([3])
  })

  it('leaves rest parameters, literals, strings, comments and regular expressions alone', () => {
    expect(lines('const f = (...args: number[]): number => args.length')).toEqual([])
    expect(lines('const f = (...args) => args')).toEqual([])
    expect(lines('function f(...args: string[]) {\n  return args\n}')).toEqual([])
    expect(lines('type F = (...args: readonly number[]) => void')).toEqual([])
    expect(lines('const o = { m(...a) { return a } }')).toEqual([])
    expect(lines('const a = [...xs, 1]; const o = { ...p, q: 1 }; f([...xs]); g({ ...o })')).toEqual([])
    expect(lines("const s = 'Math.max(...x)' + \"f(...y)\" + `(...z)`")).toEqual([])
    expect(lines('// Math.max(...x)\n/* f(...y) */')).toEqual([])
    expect(lines("const r = /\\((.../g; f(a / b, c)")).toEqual([])
    expect(lines("const x = text.replace(/[(]/g, '(').split('...')")).toEqual([])
  })
})

describe('src/', () => {
  it('spreads into no call', () => {
    const root = join(import.meta.dirname, '..')
    const found = tsFiles(join(root, 'src')).flatMap((file) =>
      spreadsInCalls(readFileSync(file, 'utf8')).map((f) => `${relative(root, file)}:${f.line}: ${f.what}`),
    )
    expect(found).toEqual([])
  })
})
