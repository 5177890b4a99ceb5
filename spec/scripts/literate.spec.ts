// The annotated pages: which comments become prose, how JSDoc reads as prose, where links
// lead, and what a page and the whole site look like. Worked examples first, then properties.

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  anchorsOf,
  docProse,
  exportedName,
  importLinker,
  linksFor,
  pageCollisions,
  pageOf,
  renderSite,
  sectionsOf,
  titleOf,
  type Section,
  type Site,
} from '../../scripts/tools/literate.ts'
import { renderMarkdown } from '../../scripts/tools/markdown.ts'
import { DEMO_PAGE, LIVE_VIEWS } from '../../scripts/tools/seeItLive.ts'
import { highlightLine, tokenize, tokenLines } from '../../scripts/tools/tokens.ts'

// A tiny source file with everything our comments use: a header with a title, inline code,
// emphasis, a formula block, links to a docs file and to the neighbours; then a heading, an
// exported function with JSDoc and a comment in its body, and a private helper with JSDoc.
const DOUBLE = [
  '// Doubling',
  '// ========',
  '//',
  '// Doubles every value of `x`, which is *all* it does:',
  '//',
  '//     y[i] = 2 · x[i]    for 0 ≤ i < N',
  '//',
  '// The details are in docs/math/double.md; docs/math/missing.md is not written yet.',
  '// Previous: core/shape.ts. Next: kernels/dense.ts.',
  '',
  "import { sizeOf } from '../core/shape.ts'",
  '',
  '// Forward',
  '// -------',
  '// Each output reads **one** input.',
  '/**',
  ' * y = 2·x, element by element.',
  ' * @example double([1, 2]) // [2, 4]',
  ' */',
  'export const double = (x: readonly number[]): number[] => {',
  '  // one multiplication per element',
  '  return x.map((v) => 2 * v) // (N)',
  '}',
  '',
  '/** Not exported, so this stays with the code. */',
  'const half = (v: number): number => v / 2',
  '',
].join('\n')

const siteOf = (files: Record<string, string>, others: readonly string[] = []): Site => {
  const paths = Object.keys(files)
  return {
    files: new Map(Object.entries(files)),
    order: paths.filter((path) => path.endsWith('.ts')),
    documents: paths.filter((path) => path.endsWith('.md')),
    others: new Set(others),
  }
}

const SYLLABUS = [
  '# The syllabus',
  '',
  'Open [`core/shape.ts`](annotated/core/shape.html#section-2) or [its source](../src/core/shape.ts),',
  'the [derivation](math/double.md#why), the [spec](../spec/double.spec.ts) and [the web](https://example.org/a.md).',
].join('\n')

const SITE = siteOf(
  {
    'src/index.ts': '// Contents\n// ========\n// Next: core/shape.ts.\n',
    'src/core/shape.ts': '',
    'src/kernels/double.ts': DOUBLE,
    'src/kernels/dense.ts': '',
    'docs/README.md': SYLLABUS,
    'docs/math/double.md': '# Doubling, derived\n\n*Linked from [`src/kernels/double.ts`](../../src/kernels/double.ts).*\n',
  },
  ['docs/math/double.md', 'spec/double.spec.ts'],
)

// The text of each column: prose as Markdown lines, code as plain lines.
const proseOf = (sections: readonly Section[]): readonly (readonly string[])[] => sections.map((s) => s.prose)
const codeOf = (sections: readonly Section[]): readonly (readonly string[])[] => sections.map((s) => s.code.map((line) => line.map((t) => t.text).join('')))

// Every line of the code column of a page, as plain text again.
const unescapeHtml = (html: string): string =>
  html.replace(/&(lt|gt|quot|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[name] ?? '')
const codeColumn = (page: string): readonly string[] =>
  [...page.matchAll(/<div class="code"><pre><code>([\s\S]*?)<\/code><\/pre><\/div>/g)].flatMap((m) =>
    m[1]!.split(/<span class="line"[^>]*>/).slice(1).map((line) => unescapeHtml(line.replace(/<[^>]*>/g, ''))),
  )
const proseColumns = (page: string): readonly string[] => [...page.matchAll(/<div class="prose"[^>]*>([\s\S]*?)<\/div>/g)].map((m) => m[1]!)

describe('worked example: one small file', () => {
  const sections = sectionsOf(DOUBLE)

  it('splits into the header with its import, the Forward heading, and the documented function with the rest', () => {
    expect(proseOf(sections)).toEqual([
      [
        'Doubling',
        '========',
        '',
        'Doubles every value of `x`, which is *all* it does:',
        '',
        '    y[i] = 2 · x[i]    for 0 ≤ i < N',
        '',
        'The details are in docs/math/double.md; docs/math/missing.md is not written yet.',
        'Previous: core/shape.ts. Next: kernels/dense.ts.',
      ],
      // The JSDoc right under the comment continues its prose, a paragraph apart.
      ['Forward', '-------', 'Each output reads **one** input.', '', 'y = 2·x, element by element.', '', '```ts example', 'double([1, 2]) // [2, 4]', '```'],
    ])
    expect(codeOf(sections)).toEqual([
      ["import { sizeOf } from '../core/shape.ts'"],
      [
        'export const double = (x: readonly number[]): number[] => {',
        '  // one multiplication per element',
        '  return x.map((v) => 2 * v) // (N)',
        '}',
        '',
        '/** Not exported, so this stays with the code. */',
        'const half = (v: number): number => v / 2',
      ],
    ])
  })

  it('renders the header as a title, paragraphs, an exact formula block and links', () => {
    expect(renderMarkdown(sections[0]!.prose, linksFor('src/kernels/double.ts', SITE))).toBe(
      [
        '<h1>Doubling</h1>',
        '<p>Doubles every value of <code>x</code>, which is <em>all</em> it does:</p>',
        '<pre><span class="line">y[i] = 2 · x[i]    for 0 ≤ i &lt; N</span></pre>',
        '<p>The details are in <a href="../math/double.html">docs/math/double.md</a>; docs/math/missing.md is not written yet.</p>',
        '<p class="chain">Previous: <a href="../core/shape.html">core/shape.ts</a>. Next: <a href="dense.html">kernels/dense.ts</a>.</p>',
      ].join('\n'),
    )
  })

  it('renders the JSDoc as prose, its example as coloured code', () => {
    expect(renderMarkdown(sections[1]!.prose, linksFor('src/kernels/double.ts', SITE))).toBe(
      [
        '<h2>Forward</h2>',
        '<p>Each output reads <strong>one</strong> input.</p>',
        '<p>y = 2·x, element by element.</p>',
        '<pre class="code example"><code><span class="line">double([<span class="n">1</span>, <span class="n">2</span>]) <span class="c">// [2, 4]</span></span></code></pre>',
      ].join('\n'),
    )
  })

  it('highlights the code, with the import linked to its page', () => {
    const imports = importLinker('src/kernels/double.ts', SITE)
    expect(sections[0]!.code.map((line) => highlightLine(line, imports))).toEqual([
      `<span class="k">import</span> { sizeOf } <span class="k">from</span> <a href="../core/shape.html"><span class="s">'../core/shape.ts'</span></a>`,
    ])
  })

  it('makes a page with a title, the neighbours, the contents, the syllabus and the style sheet', () => {
    const page = renderSite(SITE).get('kernels/double.html')!
    expect(titleOf('src/kernels/double.ts', DOUBLE)).toBe('Doubling')
    expect(titleOf('scripts/x.ts', '// A script with no heading.\n')).toBeUndefined()
    expect(page).toContain('<title>Doubling · src/kernels/double.ts</title>')
    expect(page).toContain('<link rel="stylesheet" href="../style.css">')
    expect(page).toContain('<a class="contents" href="../index.html">Contents</a>')
    expect(page).toContain('<a class="contents" href="../syllabus.html">Syllabus</a>')
    expect(page).toContain('<a rel="prev" href="../core/shape.html"')
    expect(page).toContain('<a rel="next" href="dense.html"')
    expect(page.match(/<section id="section-\d+">/g)).toEqual(['<section id="section-1">', '<section id="section-2">'])
  })

  it('keeps the comment in the function body in the code column, whole with its loop', () => {
    const page = renderSite(SITE).get('kernels/double.html')!
    expect(codeColumn(page)).toContain('  // one multiplication per element')
    expect(page).toContain('<span class="line" style="--i:2">  <span class="c">// one multiplication per element</span></span>')
    expect(proseColumns(page).join('')).not.toContain('one multiplication')
  })
})

describe('which comments are prose', () => {
  const source = (...lines: string[]): string => lines.join('\n')

  it('takes whole-line // comments at the top level, between declarations too', () => {
    const sections = sectionsOf(source('// one', 'const a = 1', '', '// two', '//   indented text', 'const b = 2'))
    expect(proseOf(sections)).toEqual([['one'], ['two', '  indented text']])
    expect(codeOf(sections)).toEqual([['const a = 1'], ['const b = 2']])
  })

  it('leaves comments inside a function body, an object, an argument list or a template in the code', () => {
    const sections = sectionsOf(
      source(
        'export const f = (xs: number[]) => {',
        '  // for every x',
        '  for (const x of xs) {',
        '    // y += w·x  ⇒  dx += dy·w',
        '  }',
        '}',
        'const o = {',
        '  // a key',
        '  a: 1,',
        '}',
        'g(',
        '  // the argument',
        '  2,',
        ')',
        'const t = `${',
        '  // in a template',
        '  3}`',
        '// prose again',
      ),
    )
    expect(proseOf(sections)).toEqual([[], ['prose again']])
    expect(codeOf(sections)[0]).toHaveLength(17)
  })

  it('takes a JSDoc comment as prose only right above an exported declaration', () => {
    const sections = sectionsOf(
      source(
        '/** An export. */',
        'export function f(): void {}',
        '/** A private helper. */',
        'function g(): void {}',
        '/** A blank line below. */',
        '',
        'export const h = 1',
        'export interface I {',
        '  /** A field. */',
        '  readonly x: number',
        '}',
        '/** Only passes names on. */',
        "export * from './x.ts'",
        'const i = 1 /** at the end of a line */',
        '/** A re-export list. */',
        'export { i }',
        '/** Default. */',
        'export default i',
      ),
    )
    expect(proseOf(sections)).toEqual([['An export.'], ['Default.']])
    expect(codeOf(sections)[0]!.filter((line) => line.includes('/**'))).toEqual([
      '/** A private helper. */',
      '/** A blank line below. */',
      '  /** A field. */',
      '/** Only passes names on. */',
      'const i = 1 /** at the end of a line */',
      '/** A re-export list. */',
    ])
  })

  it('keeps /// directives and comments after code on the same line as code', () => {
    expect(proseOf(sectionsOf('/// <reference types="node" />\nconst a = 1 // why'))).toEqual([[]])
  })
})

describe('anchors', () => {
  const nameOf = (line: string): string | undefined => exportedName(tokenLines(tokenize(line))[0]!)

  it('are the names that exported declarations introduce, and only those', () => {
    const declared = [
      'export const conv2dForward = (',
      'export function* train<S>(config: TrainConfig<S>) {',
      'export function *walk() {',
      'export async function load(): Promise<void> {',
      'export interface Dataset {',
      'export type Labels = Readonly<Uint8Array>',
      'export declare const π: number',
      'export class Rng {',
      'export let $count = 0',
    ]
    expect(declared.map(nameOf)).toEqual(['conv2dForward', 'train', 'walk', 'load', 'Dataset', 'Labels', 'π', 'Rng', '$count'])
    const notDeclared = ["export * from './a.ts'", 'export { a, b }', "export type { T } from './t.ts'", 'export default a', 'const a = 1', '// export const c = 3', "'export const d'"]
    expect(notDeclared.map(nameOf)).toEqual(notDeclared.map(() => undefined))
  })

  it('go on the section\'s prose when the declaration opens its code, on the line otherwise, each name once', () => {
    const source = [
      '/** Doubles. */',
      'export const double = (x: number): number => 2 * x',
      'export type Double = typeof double',
      '',
      'export const Double = 1',
      'const helper = 2',
      'export function half(x: number): number {',
      '  return x / 2',
      '}',
    ].join('\n')
    const sections = sectionsOf(source)
    expect(anchorsOf(sections).map((anchors) => [...anchors])).toEqual([
      [
        [0, 'double'],
        [1, 'Double'],
        [5, 'half'],
      ],
    ])
    const page = renderSite(siteOf({ 'src/index.ts': '', 'src/a.ts': source })).get('a.html')!
    expect(page).toContain('<div class="prose" id="double">')
    expect(page).toContain('<span class="line" id="Double"><span class="k">export</span> <span class="k">type</span>')
    expect(page).toContain('<span class="line" id="half"><span class="k">export</span> <span class="k">function</span>')
    expect(page.match(/ id="(?!section-)[^"]*"/g)).toEqual([' id="double"', ' id="Double"', ' id="half"'])
  })

  it('are on the worked example\'s function', () => {
    expect(renderSite(SITE).get('kernels/double.html')).toContain('<div class="prose" id="double">')
  })
})

describe('"See it live"', () => {
  const withDemo = (files: Record<string, string>): Site => siteOf(files, [DEMO_PAGE])
  const HEADER = '// Convolution\n// ===========\n//\n// It slides.\n\nexport const conv = 1\n'

  it('links a file the browser page shows at work to its panel, right under the title', () => {
    const view = LIVE_VIEWS.get('src/kernels/conv2d.ts')!
    expect(view.anchor).toBe('flow')
    const page = renderSite(withDemo({ 'src/index.ts': '', 'src/kernels/conv2d.ts': HEADER })).get('kernels/conv2d.html')!
    expect(page).toContain(`<h1>Convolution</h1>\n<p class="live"><a href="../../demo/index.html#flow"><strong>See it live:</strong> ${view.caption}</a></p>\n<p>It slides.</p>`)
    expect(page.match(/class="live"/g)).toHaveLength(1)
  })

  it('renders the caption\'s code, and puts the line first when the file has no title', () => {
    const page = renderSite(withDemo({ 'src/index.ts': '', 'src/original/network.ts': '// No title here.\nconst a = 1\n' })).get('original/network.html')!
    expect(page).toContain('<div class="prose">\n<a class="pilcrow" href="#section-1">¶</a>\n<p class="live"><a href="../../demo/index.html#flow">')
    expect(page).toContain('<code>npm run train</code>')
  })

  it('says nothing for a file the page does not show, or in a repository without the page', () => {
    expect(renderSite(withDemo({ 'src/index.ts': '', 'src/core/shape.ts': HEADER })).get('core/shape.html')).not.toContain('class="live"')
    expect(renderSite(siteOf({ 'src/index.ts': '', 'src/kernels/conv2d.ts': HEADER })).get('kernels/conv2d.html')).not.toContain('class="live"')
  })
})

describe('JSDoc as prose', () => {
  it('loses its margins and keeps the indentation that means something', () => {
    expect(docProse('/**\n * A sum:\n *\n *     s = Σ_i x_i\n */')).toEqual(['A sum:', '', '    s = Σ_i x_i'])
    expect(docProse('/** One line. */')).toEqual(['One line.'])
  })

  it('shows an example as a code block, with the columns its author lined up', () => {
    const comment = ['/**', ' * Builds it.', ' * @example build([1, 2],', ' *                [3])', ' *          // right([1, 2, 3])', ' */'].join('\n')
    expect(docProse(comment)).toEqual(['Builds it.', '', '```ts example', 'build([1, 2],', '      [3])', '// right([1, 2, 3])', '```'])
    expect(docProse('/**\n * @example\n *   f(1)\n *   g(2)\n */')).toEqual(['```ts example', 'f(1)', 'g(2)', '```'])
  })

  it('reads the other tags as short paragraphs, the parameters as one list', () => {
    const comment = ['/**', ' * Scales x.', ' * @param {number} x - the value', ' * @param factor how much,', ' *   at least 0', ' * @returns x times factor', ' * @see core/shape.ts', ' */'].join('\n')
    expect(docProse(comment)).toEqual([
      'Scales x.',
      '',
      '*Parameters:*',
      '- `x` the value',
      '- `factor` how much,',
      '  at least 0',
      '',
      '*Returns:* x times factor',
      '',
      '*See:* core/shape.ts',
    ])
  })
})

describe('links', () => {
  it('lead from a source to the pages of the files its prose mentions, or to the files themselves', () => {
    const links = linksFor('src/kernels/double.ts', SITE)
    expect(['core/shape.ts', 'kernels/dense', 'index.ts', 'docs/math/double.md', 'math/double.md', 'spec/double.spec.ts', 'core/nothing.ts', 'and/or', 'shape'].map(links.mention)).toEqual([
      '../core/shape.html',
      'dense.html',
      '../index.html',
      '../math/double.html',
      '../math/double.html',
      '../../../spec/double.spec.ts',
      undefined,
      undefined,
      undefined,
    ])
  })

  it('send written links in a document to the pages made from their targets, keeping fragments', () => {
    const html = renderSite(SITE).get('syllabus.html')!
    expect(html).toContain('<a href="core/shape.html#section-2"><code>core/shape.ts</code></a>')
    expect(html).toContain('<a href="core/shape.html">its source</a>')
    expect(html).toContain('<a href="math/double.html#why">derivation</a>')
    expect(html).toContain('<a href="../../spec/double.spec.ts">spec</a>')
    expect(html).toContain('<a href="https://example.org/a.md">the web</a>')
    expect(renderSite(SITE).get('math/double.html')).toContain('<a href="../kernels/double.html"><code>src/kernels/double.ts</code></a>')
  })

  it('read a written link in a source relative to the source, as an editor would', () => {
    const links = linksFor('src/kernels/double.ts', SITE)
    expect(['../../docs/math/double.md', './dense.ts', '../../README.md', '#section-2', 'mailto:a@b.c'].map(links.href)).toEqual([
      '../math/double.html',
      'dense.html',
      '../../../README.md',
      '#section-2',
      'mailto:a@b.c',
    ])
  })
})

describe('the site', () => {
  it('names the pages after the files', () => {
    expect(['src/index.ts', 'src/core/shape.ts', 'src/plot/figures/curves.ts', 'scripts/train.ts', 'docs/README.md', 'docs/math/adam.md'].map(pageOf)).toEqual([
      'index.html',
      'core/shape.html',
      'plot/figures/curves.html',
      'scripts/train.html',
      'syllabus.html',
      'math/adam.html',
    ])
    expect([...renderSite(SITE).keys()]).toEqual(['style.css', 'index.html', 'core/shape.html', 'kernels/double.html', 'kernels/dense.html', 'syllabus.html', 'math/double.html'])
  })

  it('says which files would be written to the same page', () => {
    expect(pageCollisions(['src/math/adam.ts', 'docs/math/adam.md', 'src/a.ts'])).toEqual(['src/math/adam.ts and docs/math/adam.md would both become math/adam.html'])
    expect(pageCollisions(['src/a.ts', 'docs/math/a.md'])).toEqual([])
  })

  it('links the contents to the syllabus and the derivations, and the syllabus to the contents', () => {
    const site = renderSite(SITE)
    const index = site.get('index.html')!
    expect(index).toContain('The <a href="syllabus.html">syllabus</a> groups these pages')
    expect(index).toContain('<li><a href="math/double.html"><code>docs/math/double.md</code></a> Doubling, derived</li>')
    expect(index).toContain('<a rel="prev" href="syllabus.html"')
    const syllabus = site.get('syllabus.html')!
    expect(syllabus).toContain('<body class="document">')
    expect(syllabus).toContain('<title>The syllabus · docs/README.md</title>')
    expect(syllabus).toContain('<article class="prose">\n<h1>The syllabus</h1>')
    expect(syllabus).toContain('<a rel="next" href="index.html"')
    // A derivation is an aside: no neighbours, a way back.
    expect(site.get('math/double.html')).toContain('<a href="../index.html"><small>Back to</small> the contents</a>')
  })
})

// The properties draw source files line by line: prose lines, and code lines that cannot
// open anything spanning lines (no backtick, no `/*`, no trailing backslash) and hold no
// brackets, so that every line stays at the top level and we know which lines are code.
const CODE_CHARS = ' \tabxyz019=;:,.<>&"\'/\\*+-!?#@$%Σ·→'.split('')
const codeLine = fc
  .string({ unit: fc.constantFrom(...CODE_CHARS), maxLength: 30 })
  .filter((line) => !/^\s*\/\/(?!\/)/.test(line) && !line.includes('/*') && !line.endsWith('\\'))
const proseLine = fc.string({ maxLength: 30 }).map((text) => `// ${text}`)
type Line = { readonly code: string } | { readonly prose: string }
const sourceLines = fc.array(fc.oneof(codeLine.map((text): Line => ({ code: text })), proseLine.map((text): Line => ({ prose: text }))), { maxLength: 25 })
const textOf = (lines: readonly Line[]): string => lines.map((line) => ('code' in line ? line.code : line.prose)).join('\n')
const pageFor = (source: string): string => renderSite(siteOf({ 'src/index.ts': '', 'src/a.ts': source })).get('a.html')!
const solid = (lines: readonly string[]): readonly string[] => lines.filter((line) => /\S/.test(line))

describe('properties', () => {
  it('escapes < > & " wherever they come from', () => {
    // Upper-case text cannot form one of our (lower-case) tags, so whatever tag-like text
    // remains after removing our tags came from the input unescaped.
    const text = fc.string({ unit: fc.constantFrom(...'AB <>&"\'=/{}`'.split('')), maxLength: 20 })
    const lines = fc.array(fc.oneof(text.map((t) => `// ${t}`), text.filter((t) => !/^\s*\/\//.test(t) && !t.includes('/*'))), { maxLength: 8 })
    fc.assert(
      fc.property(lines, (source) => {
        const rest = pageFor(source.join('\n'))
          .replace(/^<!DOCTYPE html>/, '')
          .replace(/<\/?[a-z][a-z0-9]*(?:\s+[a-z-]+="[^"<>]*")*>/g, '')
        expect(rest).not.toMatch(/[<>"]/)
        expect(rest).not.toMatch(/&(?!(?:amp|lt|gt|quot);)/)
      }),
    )
  })

  it('shows every code line exactly once, in order', () => {
    fc.assert(
      fc.property(sourceLines, (lines) => {
        const expected = lines.flatMap((line) => ('code' in line ? [line.code] : []))
        expect(solid(codeColumn(pageFor(textOf(lines))))).toEqual(solid(expected))
      }),
    )
  })

  it('keeps every comment inside brackets in the code column, with the code around it', () => {
    fc.assert(
      fc.property(sourceLines, fc.constantFrom(['{', '}'], ['f(', ')'], ['[', ']']), (lines, [open, close]) => {
        const inside = [`const x = ${open!}`, ...lines.map((line) => ('code' in line ? line.code : `  ${line.prose}`)), close!]
        const page = pageFor(inside.join('\n'))
        expect(solid(codeColumn(page))).toEqual(solid(inside))
        expect(proseColumns(page).every((html) => html === '')).toBe(true)
      }),
    )
  })

  it('renders the same files to the same bytes, in whatever order they were read', () => {
    const entries = [...SITE.files]
    fc.assert(
      fc.property(sourceLines, fc.shuffledSubarray(entries, { minLength: entries.length }), (lines, shuffled) => {
        const files = new Map([...shuffled, ['src/kernels/double.ts', textOf(lines)] as const])
        const site = { ...SITE, files }
        expect([...renderSite(site)]).toEqual([...renderSite({ ...SITE, files: new Map(files) })])
        expect([...renderSite(site)]).toEqual([...renderSite({ ...site, files: new Map([...files].reverse()) })])
      }),
      { numRuns: 30 },
    )
  })
})
