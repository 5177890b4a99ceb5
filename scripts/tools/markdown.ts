// Markdown, the part we use
// =========================
//
// All the prose of this repository is Markdown: the `//` comments of the sources (as in
// Docco), the JSDoc of their exports, the syllabus docs/README.md and the derivations in
// docs/math/. This file turns it into HTML, text in and text out, with one dialect for all
// of them. It reads a small part of CommonMark, in two passes:
//
// 1. *blocks*: headings (`# Title`, or a line underlined with `===` or `---`), paragraphs,
//    lists (`-`, `*`, `1.`), tables, rules (`---` on its own), fenced code, and preformatted
//    blocks (lines indented four spaces: our equations and diagrams);
// 2. *inlines* inside a block: `code`, **strong**, *emphasis*, links, images, web addresses,
//    and paths such as core/rng.ts or index.ts, which become links when a page exists for them.
//
// Two rules differ from CommonMark, because formulas are full of the characters Markdown
// likes: an underscore never means emphasis (Σ_c, x_i), and a star must touch the text it
// emphasises (so 2 * 3 * 4 stays arithmetic). HTML in the text is always escaped, never
// passed through. Where links lead is not decided here: the caller hands over a `Links`
// that knows which pages exist (literate.ts).

import { escapeHtml, highlightLine, indentOf, linked, preformatted, tokenize, tokenLines, type Linker } from './tokens.ts'

// Blocks
// ------
// A block is one of these. Lines are kept as written; inline markup is read when rendering.

/** How a table column is aligned: by its delimiter cell, `:--`, `:-:`, `--:` or `---`. */
export type Align = 'left' | 'center' | 'right' | 'none'

/** A block of prose. */
export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3 | 4 | 5 | 6; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string; readonly chain: boolean }
  | { readonly kind: 'pre'; readonly lines: readonly string[] }
  | { readonly kind: 'code'; readonly info: string; readonly lines: readonly string[] }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly start: number; readonly items: readonly string[] }
  | { readonly kind: 'table'; readonly align: readonly Align[]; readonly head: readonly string[]; readonly rows: readonly (readonly string[])[] }
  | { readonly kind: 'rule' }

const BLANK = /^\s*$/
const UNDERLINE = /^ {0,3}(?:={2,}|-{2,})\s*$/
const RULE = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/
const FENCE = /^( {0,3})(`{3,}|~{3,})[ \t]*([^`]*?)[ \t]*$/
const INDENTED = /^ {4}/
const ITEM = /^ {0,3}(?:[-*+]|(\d{1,9})[.)]) +(?=\S)/
const DELIMITER_ROW = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/
// The end of a source file's header: `Uses: …`, `Previous: …`, `Next: …` get a quieter paragraph.
const CHAIN = /^(?:Uses|Previous|Next):/

// A table row cut into cells at every `|` that is neither escaped (`\|`) nor inside `code`.
const cellsOf = (row: string): readonly string[] => {
  const text = row.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '')
  const cells: string[] = []
  let cell = ''
  let inCode = false
  for (let j = 0; j < text.length; j++) {
    const ch = text[j]!
    if (ch === '\\' && text[j + 1] === '|') {
      cell += '|'
      j++
    } else if (ch === '|' && !inCode) {
      cells.push(cell.trim())
      cell = ''
    } else {
      if (ch === '`') inCode = !inCode
      cell += ch
    }
  }
  return [...cells, cell.trim()]
}

const alignOf = (cell: string): Align =>
  cell.startsWith(':') && cell.endsWith(':') ? 'center' : cell.endsWith(':') ? 'right' : cell.startsWith(':') ? 'left' : 'none'

const isTableStart = (text: string, next: string): boolean => text.includes('|') && next.includes('|') && DELIMITER_ROW.test(next)

/** Groups lines of Markdown into blocks. */
export const blocksOf = (lines: readonly string[]): readonly Block[] => {
  const blocks: Block[] = []
  const line = (k: number): string => lines[k] ?? ''
  // A list may interrupt a paragraph, but a numbered one only from 1, so that a sentence
  // wrapped before "2015. …" stays a sentence (CommonMark's rule).
  const startsList = (k: number): boolean => {
    const item = ITEM.exec(line(k))
    return item !== null && (item[1] === undefined || Number(item[1]) === 1)
  }
  // What ends a paragraph. Unlike CommonMark, an indented line does too: in our comments a
  // formula often follows the sentence that introduces it without a blank line between.
  const startsBlock = (k: number): boolean =>
    [BLANK, FENCE, ATX, RULE, INDENTED, CHAIN].some((pattern) => pattern.test(line(k))) ||
    startsList(k) ||
    isTableStart(line(k), line(k + 1)) ||
    UNDERLINE.test(line(k + 1))
  let i = 0
  while (i < lines.length) {
    const text = line(i)
    const fence = FENCE.exec(text)
    const atx = ATX.exec(text)
    const item = ITEM.exec(text)
    if (BLANK.test(text)) {
      i++
    } else if (fence !== null) {
      // Everything up to the closing fence (the same character, at least as many), kept
      // exactly, less the indentation of the opening fence.
      const [, indent = '', marks = '', info = ''] = fence
      const closes = (k: number): boolean => new RegExp(`^ {0,3}${marks[0] === '`' ? '`' : '~'}{${marks.length},}\\s*$`).test(line(k))
      const start = ++i
      while (i < lines.length && !closes(i)) i++
      const body = lines.slice(start, i).map((l) => l.replace(new RegExp(`^ {0,${indent.length}}`), ''))
      blocks.push({ kind: 'code', info, lines: body })
      i++
    } else if (atx !== null) {
      blocks.push({ kind: 'heading', level: atx[1]!.length as 1 | 2 | 3 | 4 | 5 | 6, text: (atx[2] ?? '').trim() })
      i++
    } else if (UNDERLINE.test(line(i + 1)) && !INDENTED.test(text) && !RULE.test(text)) {
      blocks.push({ kind: 'heading', level: line(i + 1).trim().startsWith('=') ? 1 : 2, text: text.trim() })
      i += 2
    } else if (RULE.test(text)) {
      blocks.push({ kind: 'rule' })
      i++
    } else if (INDENTED.test(text)) {
      // Blank lines between indented ones belong to the block.
      const start = i
      const continues = (k: number): boolean =>
        INDENTED.test(line(k)) || (BLANK.test(line(k)) && k + 1 < lines.length && continues(k + 1))
      while (i < lines.length && continues(i)) i++
      const block = lines.slice(start, i).map((l) => l.slice(4).trimEnd())
      blocks.push({ kind: 'pre', lines: block.slice(0, block.findLastIndex((l) => l !== '') + 1) })
    } else if (isTableStart(text, line(i + 1))) {
      const head = cellsOf(text)
      const align = cellsOf(line(i + 1)).map(alignOf)
      const fit = (cells: readonly string[]): readonly string[] => head.map((_, c) => cells[c] ?? '')
      i += 2
      const rows: (readonly string[])[] = []
      while (i < lines.length && line(i).includes('|') && !BLANK.test(line(i))) rows.push(fit(cellsOf(line(i++))))
      blocks.push({ kind: 'table', align: head.map((_, c) => align[c] ?? 'none'), head, rows })
    } else if (item !== null) {
      // Each item runs on over the lines below it until a blank line, another item or a line
      // indented four spaces deeper than the item's text (which starts a preformatted block).
      // After blank lines, an item of the same kind carries the list on.
      const ordered = item[1] !== undefined
      const sameKind = (k: number): boolean => {
        const next = ITEM.exec(line(k))
        return next !== null && (next[1] !== undefined) === ordered && !RULE.test(line(k))
      }
      const items: string[] = []
      let indent = 0
      while (i < lines.length) {
        const current = line(i)
        const next = ITEM.exec(current)
        const lead = current.length - current.trimStart().length
        if (next !== null && sameKind(i)) {
          items.push(current.slice(next[0].length).trim())
          indent = next[0].length
        } else if (BLANK.test(current)) {
          let k = i
          while (k < lines.length && BLANK.test(line(k))) k++
          if (!sameKind(k)) break
          i = k
          continue
        } else if (next !== null || (INDENTED.test(current) && lead > indent) || [FENCE, ATX, RULE, CHAIN].some((p) => p.test(current)) || UNDERLINE.test(line(i + 1))) {
          break
        } else {
          items[items.length - 1] += `\n${current.trim()}`
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

// Inlines
// -------
// One regular expression finds the next piece of markup; the text between matches is
// escaped. A path in the text, or alone in `code`, is asked about: `Links.mention` answers
// with an href when a page or a file exists for it, and it stays plain text otherwise, so
// such a link never points nowhere. A written link, `[text](href)`, always stays a link,
// but `Links.href` may send it somewhere better: from docs/math/adam.md to its page, say.

/** Where the links in some prose lead. */
export interface Links {
  /** The href for a path mentioned in the text (`core/rng.ts`), or undefined to leave it plain. */
  readonly mention: Linker
  /** The href to use for a written link or image (`math/adam.md` → `math/adam.html`). */
  readonly href: (written: string) => string
}

/** Links that mention nothing and leave written links as they are. */
export const NO_LINKS: Links = { mention: () => undefined, href: (written) => written }

const INLINE = new RegExp(
  [
    /\\(?<escaped>[!-/:-@[-`{-~])/.source,
    /`(?<code>[^`\n]+)`/.source,
    /!\[(?<alt>[^\]\n]*)\]\((?<src>[^\s()]+)(?:\s+"(?<imageTitle>[^"\n]*)")?\)/.source,
    /\[(?<label>(?:`[^`\n]*`|[^\]`])+)\]\((?<href>[^\s()]*)(?:\s+"(?<title>[^"\n]*)")?\)/.source,
    /<(?<auto>https?:\/\/[^\s<>]+)>/.source,
    /\*\*(?<strong>\S(?:[^]*?\S)?)\*\*/.source,
    /(?<![\w*])\*(?<em>[^\s*](?:[^*]*?[^\s*])?)\*(?![\w*])/.source,
    /(?<url>https?:\/\/[^\s<>"]*[^\s<>".,;:!?)'\]])/.source,
    /(?<![\w./-])(?<path>[A-Za-z_][\w-]*(?:(?:\/[\w-]+)+(?:\.[\w-]+)*|\.(?:ts|md)(?![\w-])))/.source,
  ].join('|'),
  'g',
)

const titled = (title: string | undefined): string => (title === undefined ? '' : ` title="${escapeHtml(title)}"`)

/** Renders the inline markup of one block's text. */
export const renderInline = (text: string, links: Links): string => {
  let html = ''
  let from = 0
  for (const match of text.matchAll(INLINE)) {
    const { escaped, code, alt, src, imageTitle, label, href, title, auto, strong, em, url, path } = match.groups ?? {}
    html += escapeHtml(text.slice(from, match.index))
    if (escaped !== undefined) html += escapeHtml(escaped)
    else if (code !== undefined) html += linked(links.mention(code), `<code>${escapeHtml(code)}</code>`)
    else if (src !== undefined) html += `<img src="${escapeHtml(links.href(src))}" alt="${escapeHtml(alt ?? '')}"${titled(imageTitle)}>`
    // A link's own text must not hold another link.
    else if (label !== undefined) html += `<a href="${escapeHtml(links.href(href ?? ''))}"${titled(title)}>${renderInline(label, { ...links, mention: () => undefined })}</a>`
    else if (auto !== undefined) html += linked(auto, escapeHtml(auto))
    else if (strong !== undefined) html += `<strong>${renderInline(strong, links)}</strong>`
    else if (em !== undefined) html += `<em>${renderInline(em, links)}</em>`
    else if (url !== undefined) html += linked(url, escapeHtml(url))
    else html += linked(links.mention(path ?? ''), escapeHtml(path ?? ''))
    from = match.index + match[0].length
  }
  return html + escapeHtml(text.slice(from))
}

/** A heading's text without its markup, for a page title: `` `x` and [y](z) `` → `x and y`. */
export const plainText = (text: string): string => text.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*\\]/g, '')

// Rendering
// ---------
// Preformatted text (an equation, a diagram, an example) keeps its lines as written, one span
// per line (tokens.ts, `preformatted`); the style sheet lets a block wider than its column
// scroll sideways rather than shrink it. Fenced code in TypeScript is coloured like the code
// column; words after the language in the fence's info string (```` ```ts example ````)
// become classes of the block.

const plainLines = (lines: readonly string[]): string => preformatted(lines.map((line) => ({ html: escapeHtml(line), indent: indentOf(line) })))

const LANGUAGES = new Set(['ts', 'typescript', 'js', 'javascript'])

const renderCode = (info: string, lines: readonly string[]): string => {
  const [language = '', ...words] = info.split(/\s+/)
  const classes = ['code', ...words.filter((word) => /^[\w-]+$/.test(word))].join(' ')
  const coloured = (): string => {
    const tokens = tokenLines(tokenize(lines.join('\n')))
    return preformatted(lines.map((line, k) => ({ html: highlightLine(tokens[k] ?? [], () => undefined), indent: indentOf(line) })))
  }
  return `<pre class="${classes}"><code>${LANGUAGES.has(language) ? coloured() : plainLines(lines)}</code></pre>`
}

const alignment = (align: Align): string => (align === 'none' ? '' : ` style="text-align: ${align}"`)

const renderBlock = (block: Block, links: Links): string => {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}>${renderInline(block.text, links)}</h${block.level}>`
    case 'paragraph':
      return `<p${block.chain ? ' class="chain"' : ''}>${renderInline(block.text, links)}</p>`
    case 'pre':
      return `<pre>${plainLines(block.lines)}</pre>`
    case 'code':
      return renderCode(block.info, block.lines)
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul'
      const start = block.ordered && block.start !== 1 ? ` start="${block.start}"` : ''
      const items = block.items.map((item) => `<li>${renderInline(item, links)}</li>`)
      return [`<${tag}${start}>`, ...items, `</${tag}>`].join('\n')
    }
    case 'table': {
      const row = (cells: readonly string[], tag: 'th' | 'td'): string =>
        `<tr>${cells.map((cell, c) => `<${tag}${alignment(block.align[c] ?? 'none')}>${renderInline(cell, links)}</${tag}>`).join('')}</tr>`
      const body = block.rows.length === 0 ? [] : ['<tbody>', ...block.rows.map((cells) => row(cells, 'td')), '</tbody>']
      return ['<table>', '<thead>', row(block.head, 'th'), '</thead>', ...body, '</table>'].join('\n')
    }
    case 'rule':
      return '<hr>'
  }
}

/** Renders lines of Markdown as HTML, one block per line of output. */
export const renderMarkdown = (lines: readonly string[], links: Links): string =>
  blocksOf(lines)
    .map((block) => renderBlock(block, links))
    .join('\n')
