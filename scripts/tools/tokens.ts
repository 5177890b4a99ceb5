// Tokens: TypeScript cut into coloured pieces
// ============================================
//
// The annotated pages need to know three things about a line of TypeScript: which parts of
// it are comments (a `//` inside a string or a template is not one), how deep inside
// brackets it sits (a comment inside a function body explains the code around it, so it
// stays in the code column), and what colour each piece gets. All three come from this
// small tokenizer. It does not parse: it only has to know where comments, strings and
// regular expressions begin and end, and what each word is. Joining its tokens gives back
// the source exactly, character for character (a property in spec/scripts/tokens.spec.ts).
//
// Used by literate.ts (sections and the code column) and markdown.ts (fenced code blocks).

// Escaping
// --------
// Everything that comes from a source file passes through here on its way into HTML, so a
// `<` in a comment or a `&&` in the code is shown as it is and never becomes markup.

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }

/** Replaces the four characters that mean something in HTML text and in quoted attributes. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"]/g, (ch) => ENTITIES[ch] ?? ch)

// Tokens
// ------

/** What a piece of source is, which is also how it is coloured. */
export type TokenKind =
  | 'space'
  | 'comment' // `// …` (and a `#!` line)
  | 'block' //   `/* … */`, including `/** … */` doc blocks
  | 'string' //  '…', "…" and the text parts of `…${…}…`
  | 'regex'
  | 'number'
  | 'keyword'
  | 'literal' // true, false, null, undefined, NaN, Infinity
  | 'def' //     the name a const, function, interface or type introduces
  | 'type' //    a capitalised name such as Float32Array or Shape
  | 'name'
  | 'punct'

/** One token: its kind and its exact text. */
export interface Token {
  readonly kind: TokenKind
  readonly text: string
}

const SPACE = /\s+/y
const WORD = /[\p{ID_Start}$_#][\p{ID_Continue}$\u200C\u200D]*/uy
const NUMBER = /(?:0[xXoObB][\da-fA-F_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)n?/y
// Operators and brackets, in runs; braces, quotes and slashes stop a run because they can
// open something (a template's `${`, a string, a comment, a regular expression).
const PUNCT = /[^\s\p{ID_Continue}$#'"`/{}]+|[^]/uy
const REGEX_FLAGS = /[a-z]*/y

// After these words an expression starts, so a `/` opens a regular expression.
const BEFORE_EXPRESSION = new Set('return typeof instanceof in of new delete void throw case do else yield await'.split(' '))

/** Where a regular expression opening at `start` ends, or undefined when the line ends first. */
const regexEnd = (source: string, start: number): number | undefined => {
  let inClass = false
  for (let j = start + 1; j < source.length; j++) {
    const ch = source[j]
    if (ch === '\n') return undefined
    if (ch === '\\') j++
    else if (ch === '[') inClass = true
    else if (ch === ']') inClass = false
    else if (ch === '/' && !inClass) {
      REGEX_FLAGS.lastIndex = j + 1
      REGEX_FLAGS.test(source)
      return REGEX_FLAGS.lastIndex
    }
  }
  return undefined
}

/** Where a '…' or "…" string opening at `start` ends; an unfinished one stops at its line's end. */
const quotedEnd = (source: string, start: number): number => {
  for (let j = start + 1; j < source.length; j++) {
    if (source[j] === '\\') j++
    else if (source[j] === source[start]) return j + 1
    else if (source[j] === '\n') return j
  }
  return source.length
}

/** Where the text of a template literal, from `start`, reaches its closing backtick or a `${`. */
const templateTextEnd = (source: string, start: number): number => {
  let j = start
  while (j < source.length && source[j] !== '`' && !source.startsWith('${', j)) j += source[j] === '\\' ? 2 : 1
  return Math.min(j, source.length)
}

// Space and comments are what compilers call trivia: the program's meaning skips them.
const TRIVIA: ReadonlySet<TokenKind> = new Set(['space', 'comment', 'block'])

/** Whether a token is space or a comment, which the program's meaning skips. */
export const isTrivia = (token: Token): boolean => TRIVIA.has(token.kind)

/** Whether a `/` after this token divides (after a value) or opens a regular expression. */
const divides = (before: Token | undefined): boolean => {
  if (before === undefined) return false
  if (before.kind === 'name') return !BEFORE_EXPRESSION.has(before.text)
  if (before.kind === 'punct') return /[)\]}]$|\+\+$|--$/.test(before.text)
  return true // a number, string or regular expression
}

// The first pass cuts the source into tokens. Template literals nest (`a ${`b ${c}`} d`),
// so we keep a stack with one counter per open `${`: the number of `{` opened inside it,
// which tells whether the next `}` closes an object or returns to the template's text.
const scan = (source: string): readonly Token[] => {
  const tokens: Token[] = []
  const interpolations: number[] = []
  let i = 0
  let before: Token | undefined // the last token that is not trivia
  const emit = (kind: TokenKind, end: number): void => {
    if (end <= i) return
    const token = { kind, text: source.slice(i, end) }
    tokens.push(token)
    if (!isTrivia(token)) before = token
    i = end
  }
  const at = (pattern: RegExp): number => {
    pattern.lastIndex = i
    return pattern.test(source) ? pattern.lastIndex : i
  }
  const endOf = (text: string, from: number, extra: number): number => {
    const found = source.indexOf(text, from)
    return found < 0 ? source.length : found + extra
  }
  const templateText = (from: number): void => {
    const end = templateTextEnd(source, from)
    if (source[end] === '`') return emit('string', end + 1)
    emit('string', end)
    if (end < source.length) {
      emit('punct', end + 2) // `${`
      interpolations.push(0)
    }
  }
  if (source.startsWith('#!')) emit('comment', endOf('\n', 0, 0))
  while (i < source.length) {
    const ch = source[i]!
    const open = interpolations.length - 1
    if (/\s/.test(ch)) {
      emit('space', at(SPACE))
    } else if (source.startsWith('//', i)) {
      emit('comment', endOf('\n', i, 0))
    } else if (source.startsWith('/*', i)) {
      emit('block', endOf('*/', i + 2, 2))
    } else if (ch === '"' || ch === "'") {
      emit('string', quotedEnd(source, i))
    } else if (ch === '`') {
      templateText(i + 1)
    } else if (ch === '{') {
      if (open >= 0) interpolations[open] = interpolations[open]! + 1
      emit('punct', i + 1)
    } else if (ch === '}' && open >= 0 && interpolations[open] === 0) {
      interpolations.pop() // the end of a `${ … }`: back to the template's text
      emit('punct', i + 1)
      templateText(i)
    } else if (ch === '}') {
      if (open >= 0) interpolations[open] = interpolations[open]! - 1
      emit('punct', i + 1)
    } else if (/\d/.test(ch) || (ch === '.' && /\d/.test(source[i + 1] ?? ''))) {
      emit('number', at(NUMBER))
    } else if (ch === '/') {
      const end = divides(before) ? undefined : regexEnd(source, i)
      emit(end === undefined ? 'punct' : 'regex', end ?? i + 1)
    } else if (at(WORD) > i) {
      emit('name', at(WORD))
    } else {
      emit('punct', at(PUNCT))
    }
  }
  return tokens
}

// The second pass names the words. A reserved word is a keyword unless it is a property
// (`x.default`, `{ default: 1 }`); TypeScript's contextual words (type, as, readonly, of, …)
// only when something follows them that they could apply to, so `{ type: 'int' }` stays a
// plain name. Capitalised names are types or classes; single capitals like N are dimensions.
const RESERVED = new Set(
  [
    'break case catch class const continue debugger default delete do else enum export extends finally',
    'for function if import in instanceof interface let new return static super switch this throw try',
    'typeof var void while with yield await implements private protected public',
    'any bigint boolean never number object string symbol unknown', // the primitive types
  ]
    .join(' ')
    .split(' '),
)
const CONTEXTUAL = new Set(
  'abstract as asserts async declare from get infer is keyof namespace of readonly satisfies set type unique'.split(' '),
)
const LITERALS = new Set(['true', 'false', 'null', 'undefined', 'NaN', 'Infinity'])
const DEFINERS = new Set(['const', 'let', 'var', 'function', 'class', 'interface', 'enum', 'type', 'namespace'])
const TYPE_NAME = /^[A-Z][\w$]*[a-z][\w$]*$/

// `before` and `after` are the nearest tokens that are not trivia; `adjacent` is the very
// next token, so that `key: value` (a property) differs from `a ? key : value` (a ternary).
const wordKind = (word: string, before: Token | undefined, after: Token | undefined, adjacent: Token | undefined): TokenKind => {
  const member = before?.kind === 'punct' && before.text.endsWith('.') && !before.text.endsWith('...')
  const key = adjacent?.kind === 'punct' && /^\??:(?!:)/.test(adjacent.text)
  const appliesToNext =
    after !== undefined && (after.kind !== 'punct' || /^[{[]/.test(after.text) || (word === 'async' && after.text.startsWith('(')))
  const defines = before?.kind === 'keyword' && DEFINERS.has(before.text) && (before.text !== 'type' || /^[=<]/.test(after?.text ?? ''))
  if (member) return TYPE_NAME.test(word) ? 'type' : 'name'
  if (LITERALS.has(word) && !key) return 'literal'
  if (RESERVED.has(word) && (!key || word === 'default')) return 'keyword'
  if (CONTEXTUAL.has(word) && !key && appliesToNext) return 'keyword'
  if (defines) return 'def'
  return TYPE_NAME.test(word) ? 'type' : 'name'
}

/** Cuts TypeScript source into tokens whose texts, joined, give back the source exactly. */
export const tokenize = (source: string): readonly Token[] => {
  const tokens = scan(source)
  // For every token, the next one that is not trivia, found in one walk backwards.
  const upcoming: (Token | undefined)[] = []
  for (let at = tokens.length - 1, next: Token | undefined; at >= 0; at--) {
    upcoming[at] = next
    if (!isTrivia(tokens[at]!)) next = tokens[at]
  }
  const named: Token[] = []
  let before: Token | undefined
  tokens.forEach((token, at) => {
    const kind = token.kind === 'name' ? wordKind(token.text, before, upcoming[at], tokens[at + 1]) : token.kind
    const classified = kind === token.kind ? token : { kind, text: token.text }
    named.push(classified)
    if (!isTrivia(classified)) before = classified
  })
  return named
}

// Lines and depth
// ---------------
// The pages work line by line. A token that spans lines (a block comment, a template) is cut
// at the line ends, and each piece keeps its kind. The *depth* of a token is how many
// brackets, `(`, `[`, `{` or a template's `${`, are open where it starts: 0 at the top level
// of a file, more inside a function body, an object or an argument list.

/** The tokens of each line; a token that spans lines (a block comment, a template) is cut at the line ends. */
export const tokenLines = (tokens: readonly Token[]): readonly (readonly Token[])[] => {
  const lines: Token[][] = [[]]
  for (const token of tokens) {
    token.text.split('\n').forEach((piece, k) => {
      if (k > 0) lines.push([])
      if (piece === '') return
      lines[lines.length - 1]!.push(piece === token.text ? token : { kind: token.kind, text: piece })
    })
  }
  return lines
}

/** How many brackets a token opens, minus how many it closes (`)),` is −2, `${` is 1). */
export const nesting = (token: Token): number => {
  if (token.kind !== 'punct') return 0
  let opened = 0
  for (const ch of token.text) opened += ch === '(' || ch === '[' || ch === '{' ? 1 : ch === ')' || ch === ']' || ch === '}' ? -1 : 0
  return opened
}

/** The bracket depth at the start of each line (never below 0, so one stray `}` cannot upset the rest). */
export const lineDepths = (lines: readonly (readonly Token[])[]): readonly number[] => {
  let depth = 0
  return lines.map((line) => {
    const start = depth
    for (const token of line) depth = Math.max(0, depth + nesting(token))
    return start
  })
}

// Colours
// -------
// Each token becomes a span whose class names its kind (the style sheet colours them).
// Module paths in imports, `from './memory.ts'`, link to the page of the imported file.

/** Turns a path (`core/rng.ts`, `'./memory.ts'`) into an href, or says it is not a known file. */
export type Linker = (reference: string) => string | undefined

/** A link around some HTML when there is an href, and the HTML alone when there is none. */
export const linked = (href: string | undefined, html: string): string =>
  href === undefined ? html : `<a href="${escapeHtml(href)}">${html}</a>`

const CLASSES: Partial<Record<TokenKind, string>> = {
  comment: 'c',
  block: 'cb',
  string: 's',
  regex: 'r',
  number: 'n',
  literal: 'n',
  keyword: 'k',
  def: 'd',
  type: 't',
}

/** Highlights one line of code; `importLink` resolves the module path of an import or export. */
export const highlightLine = (line: readonly Token[], importLink: Linker): string => {
  let html = ''
  let before: Token | undefined
  for (const token of line) {
    const cls = CLASSES[token.kind]
    const span = cls === undefined ? escapeHtml(token.text) : `<span class="${cls}">${escapeHtml(token.text)}</span>`
    const isModule = token.kind === 'string' && /^(['"]).*\1$/.test(token.text) && /^(?:from|import)$/.test(before?.text ?? '')
    html += isModule ? linked(importLink(token.text.slice(1, -1)), span) : span
    if (token.kind !== 'space') before = token
  }
  return html
}

// Preformatted lines
// ------------------
// Code and equations must never be cut off at the edge of their column. Each line becomes a
// span of its own. In the code column the style sheet wraps a line that is too long, with a
// hanging indent: the continuation starts four columns to the right of where the line's own
// text starts (`--i` carries the line's indentation), so a wrapped line still reads as one
// line continued. (An equation in the prose is never wrapped; its block scrolls instead.)

/** How many spaces a line starts with. */
export const indentOf = (text: string): number => text.length - text.trimStart().length

/** Lines of HTML as the spans of a `<pre>`; `indent` is each line's own indentation in columns, `id` an anchor on the line. */
export const preformatted = (lines: readonly { readonly html: string; readonly indent: number; readonly id?: string | undefined }[]): string =>
  lines
    .map(({ html, indent, id }) => {
      const anchor = id === undefined ? '' : ` id="${escapeHtml(id)}"`
      return `<span class="line"${anchor}${indent > 0 ? ` style="--i:${indent}"` : ''}>${html === '' ? ' ' : html}</span>`
    })
    .join('')
