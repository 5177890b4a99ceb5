// Annotated source pages
// ======================
//
// `npm run docs` turns every source file into a web page in the literate style of Docco:
// the comments at the top level of a file become prose on the left, and the code they
// describe sits beside them on the right. The syllabus and the derivations, written in
// Markdown, become pages in the same style. This file is the pure half, text in and HTML out;
// docs.ts reads the files and writes the pages. It works in four steps:
//
// 1. *tokenize* the TypeScript (tokens.ts), so that we know which `//` start a comment and
//    how deep inside brackets each line sits;
// 2. cut the lines into *sections*, each some prose and the code that follows it;
// 3. render the prose as Markdown (markdown.ts), with links that lead to the other pages,
//    and colour the code;
// 4. wrap each file in a page that links to its neighbours, and add one style sheet (style.ts).
//
// Each exported declaration gets an anchor named after it, so that other pages can link
// to a function (`kernels/conv2d.html#conv2dForward`), and a file that the browser page
// shows at work links to it from under its title (seeItLive.ts).
//
// What counts as prose decides how a page reads, so here are the rules:
//
// - a run of whole-line `//` comments at the top level of the file (outside every bracket)
//   is prose, as in Docco;
// - a `/** … */` comment directly above an exported declaration is prose too, beside the
//   declaration it documents, with its `@example` shown as code;
// - every other comment stays in the code column: a comment inside a function body belongs
//   to the loop it explains, an end-of-line comment to its line, and the JSDoc of a field or
//   of a private helper to that field or helper.

import { posix } from 'node:path'
import { blocksOf, NO_LINKS, plainText, renderInline, renderMarkdown, type Links } from './markdown.ts'
import { DEMO_PAGE, LIVE_VIEWS } from './seeItLive.ts'
import { STYLE_CSS } from './style.ts'
import { escapeHtml, highlightLine, indentOf, isTrivia, lineDepths, nesting, preformatted, tokenize, tokenLines, type Linker, type Token } from './tokens.ts'

// Sections
// --------
// Docco's model of a file: a list of sections, each some prose and the code that follows
// it. A line is prose when it holds nothing but a `//` comment and sits at depth 0, outside
// every `(`, `[` and `{`; the tokens tell us that a `//` inside a string, a template or a
// `/* */` block is not a comment at all. Prose loses its `// ` (one space, so deeper
// indentation survives for preformatted blocks). A blank line ends a run of prose just as
// code does, so two comment runs apart are two sections, as in Docco.

/** Prose (Markdown lines, without their `// `) and the token lines of the code that follows it. */
export interface Section {
  readonly prose: readonly string[]
  readonly code: readonly (readonly Token[])[]
}

// `///` lines are TypeScript directives, so they stay code.
const proseOf = (line: readonly Token[]): string | undefined => {
  const solid = line.filter((token) => token.kind !== 'space')
  const only = solid.length === 1 ? solid[0]! : undefined
  if (only?.kind !== 'comment' || !only.text.startsWith('//') || only.text.startsWith('///')) return undefined
  return only.text.slice(2).replace(/^ /, '').trimEnd()
}

const isBlank = (line: readonly Token[]): boolean => line.every((token) => token.kind === 'space')

const trimBlankLines = <T>(lines: readonly T[], blank: (line: T) => boolean): readonly T[] => {
  const first = lines.findIndex((line) => !blank(line))
  const last = lines.findLastIndex((line) => !blank(line))
  return first < 0 ? [] : lines.slice(first, last + 1)
}

// JSDoc as prose
// --------------
// A doc comment is written for editor hovers, so it wears a margin of ` * ` and tags such as
// `@example`. As prose it loses the margin; an example becomes a block of code (a fence
// whose info string `ts example` colours it and labels it), and the other tags become short
// paragraphs: `@param` a list of the parameters, `@returns` a sentence, anything else a
// sentence that starts with the tag's name.

const capitalised = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1)

// An example's lines: the text after `@example`, and the lines below it moved left by as
// much as the first line's text was indented, so that the columns the author lined up stay lined up.
const exampleLines = (first: string, column: number, rest: readonly string[]): readonly string[] => {
  const below = rest.filter((line) => line.trim() !== '')
  const shift = Math.min(first.trim() === '' ? Infinity : column, ...below.map(indentOf))
  const code = [first.trim(), ...rest.map((line) => line.slice(Number.isFinite(shift) ? shift : 0))]
  return trimBlankLines(code, (line) => line.trim() === '')
}

/** The Markdown of a doc comment: its text without the `/**`, `*\/` and ` * ` margins, its tags made readable. */
export const docProse = (comment: string): readonly string[] => {
  const raw = comment.replace(/^\/\*\*/, '').replace(/\*\/$/, '').split('\n')
  const starred = raw.slice(1).every((line) => line.trim() === '' || /^\s*\*/.test(line))
  const indent = Math.min(...raw.slice(1).filter((line) => line.trim() !== '').map(indentOf))
  const lines = raw.map((line, k) =>
    (k === 0 ? line.trimStart() : starred ? line.replace(/^\s*\* ?/, '') : line.slice(Number.isFinite(indent) ? indent : 0)).trimEnd(),
  )
  // The description, then one entry per tag with the lines that belong to it.
  const firstTag = lines.findIndex((line) => /^@\w/.test(line))
  const description = firstTag < 0 ? lines : lines.slice(0, firstTag)
  const tags: { name: string; first: string; column: number; rest: string[] }[] = []
  for (const line of firstTag < 0 ? [] : lines.slice(firstTag)) {
    const tag = /^@(\w+)\s?/.exec(line)
    if (tag !== null) tags.push({ name: tag[1]!, first: line.slice(tag[0].length), column: tag[0].length, rest: [] })
    else tags[tags.length - 1]!.rest.push(line)
  }
  const prose: string[] = [...description]
  let parameters = false
  for (const { name, first, column, rest } of tags) {
    const [text = '', ...more] = [first, ...rest].map((line) => line.trim()).filter((line) => line !== '')
    const below = more.map((line) => `  ${line}`) // continuation lines of a list item or paragraph
    if (name === 'example') {
      prose.push('', '```ts example', ...exampleLines(first, column, rest), '```')
    } else if (name === 'param') {
      const [, parameter = '', about = ''] = /^(?:\{[^}]*\}\s*)?(\S+)\s*(?:-\s+)?(.*)$/.exec(text) ?? []
      if (!parameters) prose.push('', '*Parameters:*')
      prose.push(`- \`${parameter}\`${about === '' ? '' : ` ${about}`}`, ...below)
    } else {
      prose.push('', `*${name === 'return' || name === 'returns' ? 'Returns' : capitalised(name)}:* ${text}`.trimEnd(), ...below)
    }
    parameters = name === 'param'
  }
  return trimBlankLines(prose, (line) => line.trim() === '')
}

// Which doc comments become prose: a `/** … */` that starts a line at depth 0 and is followed,
// on the very next line, by `export` and a declaration (not by `export *` or `export {`, which
// only pass names on). Keyed by the line the comment starts on.
const exportedDocs = (tokens: readonly Token[]): ReadonlyMap<number, { readonly last: number; readonly prose: readonly string[] }> => {
  const docs = new Map<number, { readonly last: number; readonly prose: readonly string[] }>()
  const breaks = (text: string): number => text.split('\n').length - 1
  let line = 0
  let depth = 0
  let startsLine = true // nothing but space since the last line break
  tokens.forEach((token, at) => {
    if (token.kind === 'block' && token.text.startsWith('/**') && token.text !== '/**/' && depth === 0 && startsLine) {
      const [space, word] = [tokens[at + 1], tokens[at + 2]]
      const declaration = tokens.slice(at + 3).find((t) => !isTrivia(t))
      const nextLine = space?.kind === 'space' && /^[ \t]*\n$/.test(space.text)
      if (nextLine && word?.kind === 'keyword' && word.text === 'export' && !/^[*{]/.test(declaration?.text ?? '*')) {
        docs.set(line, { last: line + breaks(token.text), prose: docProse(token.text) })
      }
    }
    depth = Math.max(0, depth + nesting(token))
    line += breaks(token.text)
    startsLine = token.kind === 'space' ? startsLine || breaks(token.text) > 0 : false
  })
  return docs
}

/** Cuts a source file into sections of prose and code, in order. */
export const sectionsOf = (source: string): readonly Section[] => {
  const tokens = tokenize(source.replace(/\r\n?/g, '\n'))
  const lines = tokenLines(tokens)
  const depths = lineDepths(lines)
  const docs = exportedDocs(tokens)
  const sections: Section[] = []
  let prose: string[] = []
  let code: (readonly Token[])[] = []
  const close = (): void => {
    const trimmed = trimBlankLines(code, isBlank)
    if (prose.length > 0 || trimmed.length > 0) sections.push({ prose, code: trimmed })
    prose = []
    code = []
  }
  const addProse = (text: readonly string[]): void => {
    if (code.length > 0) close()
    prose.push(...text)
  }
  for (let k = 0; k < lines.length; k++) {
    const doc = docs.get(k)
    const text = depths[k] === 0 ? proseOf(lines[k]!) : undefined
    if (doc !== undefined) {
      // A doc comment right under `//` prose continues it, as a paragraph of its own.
      addProse(prose.length > 0 && code.length === 0 ? ['', ...doc.prose] : doc.prose)
      k = doc.last
    } else if (text !== undefined) {
      addProse([text])
    } else {
      code.push(lines[k]!)
    }
  }
  close()
  return sections
}

// Anchors
// -------
// A declaration exported at the top level of a file, `export const conv2dForward = …`,
// `export function* train…`, `export interface Dataset`, gets an anchor with its name. Where
// the declaration opens the code of its section, the anchor is the section's prose, so that
// a link lands on the sentences that introduce it (above the code, on a phone); otherwise it
// is the declaration's own line. A name declared twice (a type and a value of the same name)
// keeps its first anchor, and `section-…` can never clash with a name, having a dash.

const DECLARES = new Set(['const', 'let', 'var', 'function', 'class', 'interface', 'type', 'enum'])
const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u

/** The name that the declaration exported on this line introduces, if it is one: `export const conv2dForward = (` → conv2dForward. */
export const exportedName = (line: readonly Token[]): string | undefined => {
  const words = line.filter((token) => !isTrivia(token)).map((token) => token.text)
  if (words[0] !== 'export') return undefined
  let k = 1
  while (words[k] === 'declare' || words[k] === 'async' || words[k] === 'abstract') k++
  if (!DECLARES.has(words[k] ?? '')) return undefined
  k += words[k + 1] === '*' ? 2 : 1 // a generator, `function*`
  const name = words[k]
  return name !== undefined && IDENTIFIER.test(name) ? name : undefined
}

/** The anchors of a file's sections: for each section, its anchored lines by index, each name once. */
export const anchorsOf = (sections: readonly Section[]): readonly ReadonlyMap<number, string>[] => {
  const seen = new Set<string>()
  return sections.map((section) => {
    const anchors = new Map<number, string>()
    section.code.forEach((line, k) => {
      const name = exportedName(line)
      if (name === undefined || seen.has(name)) return
      seen.add(name)
      anchors.set(k, name)
    })
    return anchors
  })
}

// Pages and links
// ---------------
// One page per file, named after its path: src/core/shape.ts becomes core/shape.html,
// scripts/train.ts becomes scripts/train.html, and src/index.ts, the table of contents,
// becomes index.html. Of the Markdown, docs/README.md (the syllabus) becomes
// syllabus.html and docs/math/adam.md becomes math/adam.html. Pages link to each other with
// relative paths, and to other files of the repository (a spec, a picture) as they sit next
// to docs/annotated/, where `npm run docs` writes them. The output depends on nothing but the
// files: no dates, no absolute paths, so the same files always give the same bytes.

/** Where the pages live in the repository; links to other repository files start from here. */
export const SITE_DIR = 'docs/annotated'

/** The syllabus: the chapters of the tutorial and the files to read in each. */
export const SYLLABUS = 'docs/README.md'

/** Whether a Markdown file of the repository gets a page: the syllabus and the derivations in docs/math/. */
export const isDocument = (path: string): boolean => path === SYLLABUS || /^docs\/math\/[^/]+\.md$/.test(path)

/** Everything the pages are made from. */
export interface Site {
  /** Text by repository path: the sources (`src/core/shape.ts`, `scripts/train.ts`) and the documents. */
  readonly files: ReadonlyMap<string, string>
  /** The sources that get a page, in reading order (readingOrder.ts). */
  readonly order: readonly string[]
  /** The Markdown files that get a page (`docs/README.md`, `docs/math/adam.md`). */
  readonly documents: readonly string[]
  /** Other repository files that prose may link to, such as `spec/worked-examples.spec.ts`. */
  readonly others: ReadonlySet<string>
}

/** The page of a file, relative to the site: `src/core/shape.ts` → `core/shape.html`, `docs/math/adam.md` → `math/adam.html`. */
export const pageOf = (path: string): string =>
  path === SYLLABUS ? 'syllabus.html' : path.replace(/^(?:src|docs)\//, '').replace(/\.(?:ts|md)$/, '.html')

/** How the headers name a file: relative to src/ for sources, from the root otherwise. */
export const shortName = (path: string): string => path.replace(/^src\//, '')

/** Files that would be written to the same page (say src/math/adam.ts and docs/math/adam.md), one message per page. */
export const pageCollisions = (paths: readonly string[]): readonly string[] => {
  const byPage = new Map<string, string[]>()
  for (const path of paths) byPage.set(pageOf(path), [...(byPage.get(pageOf(path)) ?? []), path])
  return [...byPage].filter(([, same]) => same.length > 1).map(([page, same]) => `${same.join(' and ')} would ${same.length === 2 ? 'both' : 'all'} become ${page}`)
}

// A relative link from one page to any repository path, both seen from the repository root.
const hrefTo = (page: string, target: string): string => {
  const from = posix.dirname(posix.join(SITE_DIR, page))
  return posix.relative(from, target) || posix.basename(target)
}

// The page made from a repository file, if the site has one. A path into docs/annotated/
// itself (the syllabus links to `annotated/core/shape.html`) is a page when the site makes it.
const pageFinder = (site: Site): ((file: string) => string | undefined) => {
  const pages = new Map([...site.order, ...site.documents].map((path) => [path, pageOf(path)] as const))
  const names = new Set([...pages.values(), 'style.css'])
  return (file) => {
    const inSite = file.startsWith(`${SITE_DIR}/`) ? file.slice(SITE_DIR.length + 1) : undefined
    return pages.get(file) ?? (inSite !== undefined && names.has(inSite) ? inSite : undefined)
  }
}

// Only something with a slash or the extension of a source or document is taken for a path,
// so `x` never links to a file named x.ts.
const LOOKS_LIKE_PATH = /^[\w.-]+(?:\/[\w.-]+)+$|^[\w-]+\.(?:ts|md)$/
// A scheme (https:, mailto:) or a link within the page stays as written.
const ABSOLUTE = /^(?:[a-z][\w+.-]*:|\/\/|#)/i

/**
 * Where the links in the prose of one file lead. A path mentioned in the text is looked up
 * relative to src/ (as the headers write them), to the root, and to docs/; it leads to its
 * page, or to the file itself. A written link is read relative to the file, as an editor
 * would, and sent to the page made from its target when there is one.
 */
export const linksFor = (path: string, site: Site): Links => {
  const pageFor = pageFinder(site)
  const page = pageOf(path)
  const to = (file: string): string => {
    const target = pageFor(file)
    return hrefTo(page, target === undefined ? file : posix.join(SITE_DIR, target))
  }
  const known = (file: string): boolean => pageFor(file) !== undefined || site.others.has(file)
  const mention: Linker = (reference) => {
    if (!LOOKS_LIKE_PATH.test(reference)) return undefined
    const found = [`src/${reference}`, `src/${reference}.ts`, reference, `${reference}.ts`, `docs/${reference}`].find(known)
    return found === undefined ? undefined : to(found)
  }
  const href = (written: string): string => {
    const [, file = '', rest = ''] = /^([^#?]*)([^]*)$/.exec(written) ?? []
    if (file === '' || ABSOLUTE.test(written)) return written
    const target = posix.normalize(file.startsWith('/') ? file.slice(1) : posix.join(posix.dirname(path), file))
    const folder = target.endsWith('/')
    return `${to(folder ? target.slice(0, -1) : target)}${folder ? '/' : ''}${rest}`
  }
  return { mention, href }
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

/** A file's title: the first heading of a source's opening comments, or of a Markdown file. */
export const titleOf = (path: string, text: string): string | undefined => {
  const prose = path.endsWith('.md') ? text.replace(/\r\n?/g, '\n').split('\n') : sectionsOf(text).find((section) => section.prose.length > 0)?.prose
  const heading = blocksOf(prose ?? []).find((block) => block.kind === 'heading')
  return heading?.kind === 'heading' ? plainText(heading.text) : undefined
}

// Rendering
// ---------

// Titles by path; a file without one (a script) goes by its name alone.
type Titles = ReadonlyMap<string, string | undefined>

// A section is a row of two cells; the pilcrow (¶) links to the section itself. `live`, the
// "See it live" line, goes under the section's title.
const renderSection = (section: Section, n: number, links: Links, imports: Linker, anchors: ReadonlyMap<number, string>, live?: string): string => {
  const id = `section-${n}`
  const proseAnchor = section.prose.length > 0 ? anchors.get(0) : undefined
  const code = preformatted(
    section.code.map((line, k) => ({
      html: highlightLine(line, imports),
      indent: indentOf(line.map((token) => token.text).join('')),
      id: proseAnchor === undefined || k > 0 ? anchors.get(k) : undefined,
    })),
  )
  const prose = renderMarkdown(section.prose, links)
  const titled = live === undefined ? prose : prose.includes('</h1>') ? prose.replace('</h1>', () => `</h1>\n${live}`) : `${live}\n${prose}`
  const left = section.prose.length === 0 ? '' : `\n<a class="pilcrow" href="#${id}">¶</a>\n${titled}\n`
  const right = section.code.length === 0 ? '' : `<pre><code>${code}</code></pre>`
  const proseId = proseAnchor === undefined ? '' : ` id="${escapeHtml(proseAnchor)}"`
  return `<section id="${id}">\n<div class="prose"${proseId}>${left}</div>\n<div class="code">${right}</div>\n</section>`
}

// The "See it live" line of a file the browser page shows at work (seeItLive.ts), when the
// repository has that page.
const liveLine = (path: string, site: Site): string | undefined => {
  const view = LIVE_VIEWS.get(path)
  if (view === undefined || !site.others.has(DEMO_PAGE)) return undefined
  const href = `${hrefTo(pageOf(path), DEMO_PAGE)}#${view.anchor}`
  return `<p class="live"><a href="${escapeHtml(href)}"><strong>See it live:</strong> ${renderInline(view.caption, NO_LINKS)}</a></p>`
}

// The table of contents lists every page, so that the command line and the scripts, which
// src/index.ts does not re-export, can be found from it too, and so do the documents.
const contentsSection = (page: string, site: Site, titles: Titles): string => {
  const item = (path: string, name: string): string => {
    const href = escapeHtml(hrefTo(page, posix.join(SITE_DIR, pageOf(path))))
    const title = titles.get(path)
    return `<li><a href="${href}"><code>${escapeHtml(name)}</code></a>${title === undefined ? '' : ` ${escapeHtml(title)}`}</li>`
  }
  const notes = site.documents.filter((path) => path !== SYLLABUS)
  const syllabus = site.documents.includes(SYLLABUS)
    ? [`<p>The <a href="${escapeHtml(hrefTo(page, posix.join(SITE_DIR, pageOf(SYLLABUS))))}">syllabus</a> groups these pages into chapters and says what each one teaches.</p>`]
    : []
  const prose = [
    '<h2>Every page, in reading order</h2>',
    ...syllabus,
    '<ol class="pages">',
    ...site.order.map((path) => item(path, shortName(path))),
    '</ol>',
    ...(notes.length === 0 ? [] : ['<h2>Derivations and notes</h2>', '<ul class="pages">', ...notes.map((path) => item(path, path)), '</ul>']),
  ]
  return ['<section id="all-pages">', '<div class="prose">', ...prose, '</div>', '<div class="code"></div>', '</section>'].join('\n')
}

// The sections of a source, the "See it live" line under the title of the first with prose.
const renderSections = (path: string, text: string, site: Site, links: Links): readonly string[] => {
  const sections = sectionsOf(text)
  const anchors = anchorsOf(sections)
  const imports = importLinker(path, site)
  const live = liveLine(path, site)
  const titled = sections.findIndex((section) => section.prose.length > 0)
  return sections.map((section, k) => renderSection(section, k + 1, links, imports, anchors[k]!, k === titled ? live : undefined))
}

// The reading goes syllabus → table of contents → every source; the other documents are
// asides, reached from the prose that links to them.
const sequenceOf = (site: Site): readonly string[] => [...(site.documents.includes(SYLLABUS) ? [SYLLABUS] : []), ...site.order]

/** The HTML page of one file of the site, a source or a document. */
export const renderPage = (path: string, site: Site, titles: Titles): string => {
  const page = pageOf(path)
  const sequence = sequenceOf(site)
  const at = sequence.indexOf(path)
  const previous = at > 0 ? sequence[at - 1] : undefined
  const next = at >= 0 ? sequence[at + 1] : undefined
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
  const links = linksFor(path, site)
  const text = site.files.get(path) ?? ''
  const document = path.endsWith('.md')
  const main = document
    ? `<article class="prose">\n${renderMarkdown(text.replace(/\r\n?/g, '\n').split('\n'), links)}\n</article>`
    : [...renderSections(path, text, site, links), ...(path === site.order[0] ? [contentsSection(page, site, titles)] : [])].join('\n')
  const syllabus = site.documents.includes(SYLLABUS) ? `\n<a class="contents" href="${href(pageOf(SYLLABUS))}">Syllabus</a>` : ''
  const footer =
    previous === undefined && next === undefined
      ? `<a href="${href('index.html')}"><small>Back to</small> the contents</a>`
      : `${footerLink(previous, 'prev')}\n${footerLink(next, 'next')}`
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title(path) === '' ? '' : `${title(path)} · `}${escapeHtml(path)}</title>
<link rel="stylesheet" href="${href('style.css')}">
</head>
<body${document ? ' class="document"' : ''}>
<header class="bar">
<a class="contents" href="${href('index.html')}">Contents</a>${syllabus}
<span class="file">${escapeHtml(path)}</span>
<nav>${barLink(previous, 'prev')}${barLink(next, 'next')}</nav>
</header>
<main>
${main}
</main>
<footer class="pager">
${footer}
</footer>
</body>
</html>
`
}

// The site
// --------

/** Every file of the site by its path inside it: `style.css`, one page per source in reading order, then the documents. */
export const renderSite = (site: Site): ReadonlyMap<string, string> => {
  const paths = [...site.order, ...site.documents]
  const titles = new Map(paths.map((path) => [path, titleOf(path, site.files.get(path) ?? '')] as const))
  const pages = paths.map((path) => [pageOf(path), renderPage(path, site, titles)] as const)
  return new Map([['style.css', STYLE_CSS] as const, ...pages])
}
