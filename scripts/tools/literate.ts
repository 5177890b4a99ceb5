// Annotated source pages
// ======================
//
// `npm run docs` turns every source file into a web page in the literate style of Docco:
// the `//` comments become prose on the left, and the code they describe sits beside them
// on the right. This file is the pure half, text in and HTML out; docs.ts reads the
// sources and writes the pages. It works in four steps, one per section below:
//
// 1. *tokenize* the TypeScript, so that we know which `//` start a comment and which sit in a string;
// 2. cut the lines into *sections*: a run of whole-line `//` comments, then the code after it;
// 3. render the prose with the little Markdown our comments use, and highlight the code;
// 4. wrap each file in a page that links to its neighbours, and add one style sheet.
//
// As in Docco, a `/** … */` block and an end-of-line comment stay with the code.

import { posix } from 'node:path'

// Escaping
// --------
// Everything that comes from a source file passes through here on its way into HTML, so a
// `<` in a comment or a `&&` in the code is shown as it is and never becomes markup.

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }

/** Replaces the four characters that mean something in HTML text and in quoted attributes. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"]/g, (ch) => ENTITIES[ch] ?? ch)

// Tokens
// ------
// A small TypeScript tokenizer. It does not parse; it only has to know where comments,
// strings and regular expressions begin and end, and what each word is. Concatenating the
// tokens gives back the source exactly, character for character (a property in the spec).

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
const isTrivia = (token: Token): boolean => TRIVIA.has(token.kind)

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

// Sections
// --------
// Docco's model of a file: a list of sections, each some prose and the code that follows
// it. A line is prose when it holds nothing but a `//` comment; the tokens tell us that a
// `//` inside a string, a template or a `/* */` block is not one. Prose loses its `// `
// (one space, so deeper indentation survives for preformatted blocks). A blank line ends a
// run of prose just as code does, so two comment runs apart are two sections, as in Docco.

/** Prose lines (without their `// `) and the token lines of the code that follows them. */
export interface Section {
  readonly prose: readonly string[]
  readonly code: readonly (readonly Token[])[]
}

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

// `///` lines are TypeScript directives, so they stay code.
const proseOf = (line: readonly Token[]): string | undefined => {
  const solid = line.filter((token) => token.kind !== 'space')
  const only = solid.length === 1 ? solid[0]! : undefined
  if (only?.kind !== 'comment' || !only.text.startsWith('//') || only.text.startsWith('///')) return undefined
  return only.text.slice(2).replace(/^ /, '').trimEnd()
}

const isBlank = (line: readonly Token[]): boolean => line.every((token) => token.kind === 'space')

const trimBlankLines = (lines: readonly (readonly Token[])[]): readonly (readonly Token[])[] => {
  const first = lines.findIndex((line) => !isBlank(line))
  const last = lines.findLastIndex((line) => !isBlank(line))
  return first < 0 ? [] : lines.slice(first, last + 1)
}

/** Cuts a source file into sections of prose and code, in order. */
export const sectionsOf = (source: string): readonly Section[] => {
  const sections: Section[] = []
  let prose: string[] = []
  let code: (readonly Token[])[] = []
  const close = (): void => {
    const trimmed = trimBlankLines(code)
    if (prose.length > 0 || trimmed.length > 0) sections.push({ prose, code: trimmed })
    prose = []
    code = []
  }
  for (const line of tokenLines(tokenize(source.replace(/\r\n?/g, '\n')))) {
    const text = proseOf(line)
    if (text === undefined) {
      code.push(line)
    } else {
      if (code.length > 0) close()
      prose.push(text)
    }
  }
  close()
  return sections
}

// Prose: a little Markdown
// ------------------------
// Only what our comments use. Blocks first: a line underlined with `===` or `---` is a
// heading (as in Backbone); lines indented four more spaces are preformatted, kept exactly,
// which is how formulas and diagrams keep their columns; lines starting with `- ` or `1. `
// make lists; a line starting with `Uses:`, `Previous:` or `Next:` (the end of a header)
// gets a paragraph of its own; everything else gathers into paragraphs.

/** A block of prose. */
export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string; readonly chain: boolean }
  | { readonly kind: 'pre'; readonly lines: readonly string[] }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly start: number; readonly items: readonly string[] }

const BLANK = /^\s*$/
const UNDERLINE = /^ {0,3}(?:={2,}|-{2,})\s*$/
const INDENTED = /^ {4}/
const ITEM = /^ {0,3}(?:-|(\d{1,9})\.) +(?=\S)/
const CHAIN = /^(?:Uses|Previous|Next):/

/** Groups prose lines into headings, paragraphs, preformatted blocks and lists. */
export const blocksOf = (lines: readonly string[]): readonly Block[] => {
  const blocks: Block[] = []
  const line = (k: number): string => lines[k] ?? ''
  // A list may interrupt a paragraph, but a numbered one only from 1, so that a sentence
  // wrapped before "2015. …" stays a sentence (CommonMark's rule).
  const startsList = (k: number): boolean => {
    const item = ITEM.exec(line(k))
    return item !== null && (item[1] === undefined || Number(item[1]) === 1)
  }
  const startsBlock = (k: number): boolean =>
    BLANK.test(line(k)) || INDENTED.test(line(k)) || startsList(k) || CHAIN.test(line(k)) || UNDERLINE.test(line(k + 1))
  let i = 0
  while (i < lines.length) {
    const text = line(i)
    const item = ITEM.exec(text)
    if (BLANK.test(text)) {
      i++
    } else if (UNDERLINE.test(line(i + 1)) && !INDENTED.test(text)) {
      blocks.push({ kind: 'heading', level: line(i + 1).trim().startsWith('=') ? 1 : 2, text: text.trim() })
      i += 2
    } else if (INDENTED.test(text)) {
      // Blank lines between indented ones belong to the block.
      const start = i
      const continues = (k: number): boolean =>
        INDENTED.test(line(k)) || (BLANK.test(line(k)) && k + 1 < lines.length && continues(k + 1))
      while (i < lines.length && continues(i)) i++
      blocks.push({ kind: 'pre', lines: lines.slice(start, i).map((l) => l.slice(4).trimEnd()) })
    } else if (item !== null) {
      // Each item runs on over the lines below it until a blank line, another item or a line
      // indented deeper than the item's text (which starts a preformatted block).
      const ordered = item[1] !== undefined
      const items: string[] = []
      let indent = 0
      while (i < lines.length) {
        const next = ITEM.exec(line(i))
        const lead = line(i).length - line(i).trimStart().length
        if (next !== null && (next[1] !== undefined) === ordered) {
          items.push(line(i).slice(next[0].length).trim())
          indent = next[0].length
        } else if (next !== null || lead > indent || BLANK.test(line(i)) || CHAIN.test(line(i)) || UNDERLINE.test(line(i + 1))) {
          break
        } else {
          items[items.length - 1] += `\n${line(i).trim()}`
        }
        i++
      }
      blocks.push({ kind: 'list', ordered, start: ordered ? Number(item[1]) : 1, items })
    } else {
      const start = i
      i++
      while (i < lines.length && !startsBlock(i)) i++
      const paragraph = lines.slice(start, i).map((l) => l.trim())
      blocks.push({ kind: 'paragraph', text: paragraph.join('\n'), chain: CHAIN.test(text) })
    }
  }
  return blocks
}

// Then the text inside blocks: `code`, **strong**, *emphasis*, web addresses, and paths.
// One regular expression finds the next of them; the text between matches is escaped.
// A path such as core/rng.ts or docs/math/adam.md becomes a link when the linker knows a
// page or a file for it, and stays plain text otherwise, so a link never points nowhere.
// Underscores mean nothing here: our formulas are full of them (Σ_c, x_i).

/** Turns a path mentioned in prose (`core/rng.ts`) into an href, or says it is not a known file. */
export type Linker = (reference: string) => string | undefined

const INLINE = new RegExp(
  [
    /`(?<code>[^`\n]+)`/.source,
    /\*\*(?<strong>\S(?:[^]*?\S)?)\*\*/.source,
    /(?<![\w*])\*(?<em>[^\s*](?:[^*]*?[^\s*])?)\*(?![\w*])/.source,
    /(?<url>https?:\/\/[^\s<>"]*[^\s<>".,;:!?)'\]])/.source,
    /(?<![\w./-])(?<path>[A-Za-z_][\w-]*(?:\/[\w-]+)+(?:\.[\w-]+)*)/.source,
  ].join('|'),
  'g',
)

const anchor = (href: string, html: string): string => `<a href="${escapeHtml(href)}">${html}</a>`

const linked = (href: string | undefined, html: string): string => (href === undefined ? html : anchor(href, html))

/** Renders the inline markup of one block's text. */
export const renderInline = (text: string, link: Linker): string => {
  let html = ''
  let from = 0
  for (const match of text.matchAll(INLINE)) {
    const { code, strong, em, url, path } = match.groups ?? {}
    html += escapeHtml(text.slice(from, match.index))
    if (code !== undefined) html += linked(link(code), `<code>${escapeHtml(code)}</code>`)
    else if (strong !== undefined) html += `<strong>${renderInline(strong, link)}</strong>`
    else if (em !== undefined) html += `<em>${renderInline(em, link)}</em>`
    else if (url !== undefined) html += anchor(url, escapeHtml(url))
    else html += linked(link(path ?? ''), escapeHtml(path ?? ''))
    from = match.index + match[0].length
  }
  return html + escapeHtml(text.slice(from))
}

const renderBlock = (block: Block, link: Linker): string => {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}>${renderInline(block.text, link)}</h${block.level}>`
    case 'paragraph':
      return `<p${block.chain ? ' class="chain"' : ''}>${renderInline(block.text, link)}</p>`
    case 'pre':
      return `<pre>${escapeHtml(block.lines.join('\n'))}</pre>`
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul'
      const start = block.ordered && block.start !== 1 ? ` start="${block.start}"` : ''
      const items = block.items.map((item) => `<li>${renderInline(item, link)}</li>`)
      return [`<${tag}${start}>`, ...items, `</${tag}>`].join('\n')
    }
  }
}

/** Renders prose lines (comments without their `// `) as HTML, one block per line of output. */
export const renderProse = (lines: readonly string[], link: Linker): string =>
  blocksOf(lines)
    .map((block) => renderBlock(block, link))
    .join('\n')

// Code
// ----
// Each token becomes a span whose class names its kind (the style sheet colours them).
// Module paths in imports, `from './memory.ts'`, link to the page of the imported file.

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

// Pages
// -----
// One page per file, named after its path: src/core/shape.ts becomes core/shape.html,
// scripts/train.ts becomes scripts/train.html, and src/index.ts, the table of contents,
// becomes index.html. Pages link to each other with relative paths, and to other files of
// the repository (docs/math/adam.md) as they sit next to docs/annotated/, where
// `npm run docs` writes them. The output depends on nothing but the sources: no dates, no
// absolute paths, so the same sources always give the same bytes.

/** Where the pages live in the repository; links to other repository files start from here. */
export const SITE_DIR = 'docs/annotated'

/** Everything the pages are made from. */
export interface Site {
  /** Source text by repository path (`src/core/shape.ts`, `scripts/train.ts`). */
  readonly files: ReadonlyMap<string, string>
  /** The files that get a page, in reading order (readingOrder.ts). */
  readonly order: readonly string[]
  /** Other repository files that prose may link to, such as `docs/math/adam.md`. */
  readonly others: ReadonlySet<string>
}

/** The page of a source file, relative to the site: `src/core/shape.ts` → `core/shape.html`. */
export const pageOf = (path: string): string => path.replace(/^src\//, '').replace(/\.ts$/, '.html')

/** How the headers name a file: relative to src/ for sources, from the root otherwise. */
export const shortName = (path: string): string => path.replace(/^src\//, '')

// A relative link from one page to any repository path, both seen from the repository root.
const hrefTo = (page: string, target: string): string =>
  posix.relative(posix.dirname(posix.join(SITE_DIR, page)), target)

// Only something with a slash is taken for a path, so `x` never links to a file named x.ts.
const LOOKS_LIKE_PATH = /^[\w.-]+(?:\/[\w.-]+)+$/

/** The linker for the prose of one file. Header paths are relative to src/; others to the root. */
export const proseLinker = (path: string, site: Site): Linker => {
  const pages = new Set(site.order)
  const target = (file: string): string | undefined =>
    pages.has(file) ? posix.join(SITE_DIR, pageOf(file)) : site.others.has(file) ? file : undefined
  return (reference) => {
    if (!LOOKS_LIKE_PATH.test(reference)) return undefined
    const candidates = [`src/${reference}`, `src/${reference}.ts`, reference, `${reference}.ts`]
    const found = candidates.map(target).find((t) => t !== undefined)
    return found === undefined ? undefined : hrefTo(pageOf(path), found)
  }
}

/** The linker for the module paths in one file's imports: relative to that file. */
export const importLinker = (path: string, site: Site): Linker => {
  const pages = new Set(site.order)
  return (specifier) => {
    const file = posix.join(posix.dirname(path), specifier)
    const known = specifier.startsWith('.') && pages.has(file)
    return known ? hrefTo(pageOf(path), posix.join(SITE_DIR, pageOf(file))) : undefined
  }
}

/** A file's title: the first heading of its opening comments (after a `#!` line, if any), if it has one. */
export const titleOf = (source: string): string | undefined => {
  const intro = sectionsOf(source).find((section) => section.prose.length > 0)
  const heading = blocksOf(intro?.prose ?? []).find((block) => block.kind === 'heading')
  return heading?.kind === 'heading' ? heading.text.replace(/[`*]/g, '') : undefined
}

// Titles by source path; a file without one (a script) goes by its name alone.
type Titles = ReadonlyMap<string, string | undefined>

// A section is a row of two cells; the pilcrow (¶) links to the section itself.
const renderSection = (section: Section, n: number, prose: Linker, imports: Linker): string => {
  const id = `section-${n}`
  const code = section.code.map((line) => highlightLine(line, imports)).join('\n')
  const left = section.prose.length === 0 ? '' : `\n<a class="pilcrow" href="#${id}">¶</a>\n${renderProse(section.prose, prose)}\n`
  const right = section.code.length === 0 ? '' : `<pre><code>${code}</code></pre>`
  return `<section id="${id}">\n<div class="prose">${left}</div>\n<div class="code">${right}</div>\n</section>`
}

// The table of contents lists every page, so that the command line and the scripts, which
// src/index.ts does not re-export, can be found from it too.
const contentsSection = (page: string, site: Site, titles: Titles): string => {
  const items = site.order.map((path) => {
    const href = escapeHtml(hrefTo(page, posix.join(SITE_DIR, pageOf(path))))
    const title = titles.get(path)
    const name = `<code>${escapeHtml(shortName(path))}</code>`
    return `<li><a href="${href}">${name}</a>${title === undefined ? '' : ` ${escapeHtml(title)}`}</li>`
  })
  const prose = ['<h2>Every page, in reading order</h2>', '<ol class="pages">', ...items, '</ol>']
  return ['<section id="all-pages">', '<div class="prose">', ...prose, '</div>', '<div class="code"></div>', '</section>'].join('\n')
}

/** The HTML page of one file of the site. */
export const renderPage = (path: string, site: Site, titles: Titles): string => {
  const page = pageOf(path)
  const at = site.order.indexOf(path)
  const previous = at > 0 ? site.order[at - 1] : undefined
  const next = at >= 0 ? site.order[at + 1] : undefined
  const href = (sitePath: string): string => escapeHtml(hrefTo(page, posix.join(SITE_DIR, sitePath)))
  const title = (file: string): string => escapeHtml(titles.get(file) ?? '')
  const name = (file: string): string => escapeHtml(shortName(file))
  // The neighbours twice: by name in the bar at the top, and with their titles in the footer.
  const barLink = (file: string | undefined, rel: 'prev' | 'next'): string => {
    if (file === undefined) return ''
    const text = rel === 'prev' ? `← ${name(file)}` : `${name(file)} →`
    return `<a rel="${rel}" href="${href(pageOf(file))}" title="${title(file) || name(file)}">${text}</a>`
  }
  const footerLink = (file: string | undefined, rel: 'prev' | 'next'): string => {
    if (file === undefined) return '<span></span>'
    const label = rel === 'prev' ? '← Previous' : 'Next →'
    const text = title(file) === '' ? name(file) : `${title(file)} <code>${name(file)}</code>`
    return `<a rel="${rel}" href="${href(pageOf(file))}"><small>${label}</small> ${text}</a>`
  }
  const prose = proseLinker(path, site)
  const imports = importLinker(path, site)
  const source = site.files.get(path) ?? ''
  const sections = sectionsOf(source).map((section, k) => renderSection(section, k + 1, prose, imports))
  const contents = path === 'src/index.ts' ? [contentsSection(page, site, titles)] : []
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title(path) === '' ? '' : `${title(path)} · `}${escapeHtml(path)}</title>
<link rel="stylesheet" href="${href('style.css')}">
</head>
<body>
<header class="bar">
<a class="contents" href="${href('index.html')}">Contents</a>
<span class="file">${escapeHtml(path)}</span>
<nav>${barLink(previous, 'prev')}${barLink(next, 'next')}</nav>
</header>
<main>
${[...sections, ...contents].join('\n')}
</main>
<footer class="pager">
${footerLink(previous, 'prev')}
${footerLink(next, 'next')}
</footer>
</body>
</html>
`
}

// The site
// --------

/** Every file of the site by its path inside it: `style.css`, then one page per source in reading order. */
export const renderSite = (site: Site): ReadonlyMap<string, string> => {
  const titles = new Map(site.order.map((path) => [path, titleOf(site.files.get(path) ?? '')] as const))
  const pages = site.order.map((path) => [pageOf(path), renderPage(path, site, titles)] as const)
  return new Map([['style.css', STYLE_CSS] as const, ...pages])
}

// The style sheet
// ---------------
// Docco's classic look: prose on white at the left, code on a tinted background at the
// right, the two columns split by one background gradient so the code column runs on
// unbroken from section to section. Below 900 pixels the columns stack.

/** The one style sheet all pages share. */
export const STYLE_CSS = `/* Annotated sources: prose on the left, code on the right (written by scripts/tools/literate.ts). */
:root {
  --split: 46%;
  --ink: #26272b;
  --muted: #6b6f78;
  --paper: #ffffff;
  --code-paper: #f6f6fb;
  --rule: #e3e3ec;
  --link: #1f5fae;
  --serif: "Palatino Linotype", Palatino, "Book Antiqua", Georgia, "DejaVu Serif", serif;
  --sans: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
  --mono: ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { background: var(--paper); }
body {
  margin: 0;
  color: var(--ink);
  font: 16px/1.6 var(--serif);
  background: linear-gradient(to right, var(--paper) var(--split), var(--rule) var(--split),
    var(--rule) calc(var(--split) + 1px), var(--code-paper) calc(var(--split) + 1px));
}
a { color: var(--link); text-decoration: none; }
a:hover { text-decoration: underline; }

/* The bar at the top: the contents, the file, its neighbours. */
.bar {
  position: sticky; top: 0; z-index: 1;
  display: flex; align-items: baseline; gap: 1.5em;
  padding: 9px 24px 9px 44px;
  background: rgba(255, 255, 255, 0.97);
  border-bottom: 1px solid var(--rule);
  font: 14px/1.4 var(--sans);
}
.bar .contents { font-weight: 600; }
.bar .file { font: 13px var(--mono); color: var(--muted); }
.bar nav { margin-left: auto; display: flex; gap: 1.5em; font-family: var(--mono); font-size: 13px; }

/* A section: prose and code side by side, their first lines level. */
section { display: flex; position: relative; }
.prose { flex: 0 0 var(--split); max-width: var(--split); min-width: 0; padding: 12px 28px 4px 44px; }
.code { flex: 1 1 0; min-width: 0; padding: 12px 20px 12px 28px; }
.pilcrow { position: absolute; left: 20px; top: 13px; color: var(--muted); opacity: 0; font-size: 14px; }
section:hover .pilcrow { opacity: 0.7; }

/* Prose */
.prose h1 { font-size: 31px; line-height: 1.2; font-weight: normal; margin: 10px 0 18px; }
.prose h2 { font-size: 22px; line-height: 1.3; font-weight: normal; margin: 22px 0 10px; }
.prose h1:first-of-type, .prose h2:first-of-type { margin-top: 4px; }
.prose p, .prose ul, .prose ol { margin: 0 0 12px; }
.prose ul, .prose ol { padding-left: 1.5em; }
.prose li { margin-bottom: 4px; }
.prose p.chain { font: 14px/1.5 var(--sans); color: var(--muted); }
.prose code { font: 0.84em var(--mono); background: var(--code-paper); border: 1px solid var(--rule); border-radius: 3px; padding: 0 3px; }
.prose pre {
  font: 11.5px/1.55 var(--mono);
  background: var(--code-paper); border: 1px solid var(--rule); border-radius: 4px;
  padding: 8px 10px; margin: 0 -12px 14px 0; overflow-x: auto; scrollbar-width: thin;
}
ol.pages li code { border: none; background: none; padding: 0; }

/* Code */
.code pre { margin: 0; padding: 1px 0; font: 12.5px/1.55 var(--mono); overflow-x: auto; scrollbar-width: thin; tab-size: 2; }
.code a { color: inherit; text-decoration: underline dotted; }
.k { color: #954121; font-weight: 600; }
.d { color: #1d3f8f; font-weight: 600; }
.t { color: #0c7075; }
.s { color: #2a7a3a; }
.r { color: #b34d00; }
.n { color: #1b4fc4; }
.c { color: #8a8d96; font-style: italic; }
.cb { color: #74787f; }

/* The footer: where to go next. */
.pager {
  display: flex; justify-content: space-between; gap: 2em;
  padding: 22px 44px 40px; background: var(--paper); border-top: 1px solid var(--rule);
  font: 15px/1.5 var(--sans);
}
.pager a[rel="next"] { text-align: right; margin-left: auto; }
.pager small { display: block; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; }
.pager code { font: 13px var(--mono); color: var(--muted); }

/* Narrow windows: prose above code. */
@media (max-width: 900px) {
  body { background: var(--paper); }
  section { display: block; }
  .prose { max-width: none; padding: 8px 20px 0; }
  .code { padding: 0 20px 12px; }
  .code pre { background: var(--code-paper); border: 1px solid var(--rule); border-radius: 4px; padding: 8px 12px; }
  .pilcrow { display: none; }
  .bar { padding: 9px 20px; flex-wrap: wrap; }
  .pager { padding: 20px; }
}
`
