import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  blocksOf,
  escapeHtml,
  highlightLine,
  importLinker,
  pageOf,
  proseLinker,
  renderInline,
  renderProse,
  renderSite,
  sectionsOf,
  titleOf,
  tokenize,
  type Site,
  type Token,
} from '../../scripts/tools/literate.ts'

// A tiny source file with everything our comments use: a header with a title, inline code,
// emphasis, a formula block, links to a docs file and to the neighbours, then a heading and
// some code.
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
  '',
  '/** y = 2·x */',
  'export const double = (x: readonly number[]): number[] => x.map((v) => 2 * v) // (N)',
  '',
].join('\n')

const siteOf = (files: Record<string, string>, others: readonly string[] = []): Site => ({
  files: new Map(Object.entries(files)),
  order: Object.keys(files),
  others: new Set(others),
})

const SITE = siteOf(
  { 'src/index.ts': '', 'src/core/shape.ts': '', 'src/kernels/double.ts': DOUBLE, 'src/kernels/dense.ts': '' },
  ['docs/math/double.md'],
)

const noLinks = (): undefined => undefined
const kinds = (source: string): readonly string[] => tokenize(source).filter((t) => t.kind !== 'space').map((t) => `${t.kind}:${t.text}`)

// Everything between <div class="code"><pre><code> and </code>, as plain text again.
const unescapeHtml = (html: string): string =>
  html.replace(/&(lt|gt|quot|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[name] ?? '')
const codeColumn = (page: string): readonly string[] =>
  [...page.matchAll(/<div class="code"><pre><code>([\s\S]*?)<\/code><\/pre><\/div>/g)].flatMap((m) => unescapeHtml(m[1]!.replace(/<[^>]*>/g, '')).split('\n'))

describe('worked example: one small file', () => {
  const sections = sectionsOf(DOUBLE)

  it('splits into the header with its import, and the Forward section with its code', () => {
    expect(sections.map((s) => s.prose)).toEqual([
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
      ['Forward', '-------', 'Each output reads **one** input.'],
    ])
    expect(sections.map((s) => s.code.map((line) => line.map((t) => t.text).join('')))).toEqual([
      ["import { sizeOf } from '../core/shape.ts'"],
      ['/** y = 2·x */', 'export const double = (x: readonly number[]): number[] => x.map((v) => 2 * v) // (N)'],
    ])
  })

  it('renders the header as a title, paragraphs, an exact formula block and links', () => {
    expect(renderProse(sections[0]!.prose, proseLinker('src/kernels/double.ts', SITE))).toBe(
      [
        '<h1>Doubling</h1>',
        '<p>Doubles every value of <code>x</code>, which is <em>all</em> it does:</p>',
        '<pre>y[i] = 2 · x[i]    for 0 ≤ i &lt; N</pre>',
        '<p>The details are in <a href="../../math/double.md">docs/math/double.md</a>; docs/math/missing.md is not written yet.</p>',
        '<p class="chain">Previous: <a href="../core/shape.html">core/shape.ts</a>. Next: <a href="dense.html">kernels/dense.ts</a>.</p>',
      ].join('\n'),
    )
    expect(renderProse(sections[1]!.prose, noLinks)).toBe('<h2>Forward</h2>\n<p>Each output reads <strong>one</strong> input.</p>')
  })

  it('highlights the code, with the import linked to its page', () => {
    const imports = importLinker('src/kernels/double.ts', SITE)
    const [header, forward] = sections.map((s) => s.code.map((line) => highlightLine(line, imports)))
    expect(header).toEqual([
      `<span class="k">import</span> { sizeOf } <span class="k">from</span> <a href="../core/shape.html"><span class="s">'../core/shape.ts'</span></a>`,
    ])
    expect(forward).toEqual([
      '<span class="cb">/** y = 2·x */</span>',
      '<span class="k">export</span> <span class="k">const</span> <span class="d">double</span> = (x: <span class="k">readonly</span> ' +
        '<span class="k">number</span>[]): <span class="k">number</span>[] =&gt; x.map((v) =&gt; <span class="n">2</span> * v) ' +
        '<span class="c">// (N)</span>',
    ])
  })

  it('makes a page with a title, the neighbours and the style sheet', () => {
    const page = renderSite(SITE).get('kernels/double.html')!
    expect(titleOf(DOUBLE)).toBe('Doubling')
    expect(titleOf('// A script with no heading.\n')).toBeUndefined()
    expect(page).toContain('<title>Doubling · src/kernels/double.ts</title>')
    expect(page).toContain('<link rel="stylesheet" href="../style.css">')
    expect(page).toContain('<a class="contents" href="../index.html">Contents</a>')
    expect(page).toContain('<a rel="prev" href="../core/shape.html"')
    expect(page).toContain('<a rel="next" href="dense.html"')
    expect(page.match(/<section id="section-\d+">/g)).toEqual(['<section id="section-1">', '<section id="section-2">'])
  })

  it('names the pages after the sources', () => {
    expect(['src/index.ts', 'src/core/shape.ts', 'src/plot/figures/curves.ts', 'scripts/train.ts'].map(pageOf)).toEqual([
      'index.html',
      'core/shape.html',
      'plot/figures/curves.html',
      'scripts/train.html',
    ])
    expect([...renderSite(SITE).keys()]).toEqual(['style.css', 'index.html', 'core/shape.html', 'kernels/double.html', 'kernels/dense.html'])
  })
})

describe('tokens', () => {
  it('knows a `//` in a string from a comment', () => {
    expect(kinds("const url = 'http://x' // real")).toEqual(['keyword:const', 'def:url', 'punct:=', "string:'http://x'", 'comment:// real'])
  })

  it('tells a regular expression from a division', () => {
    expect(kinds('a / b / c')).toEqual(['name:a', 'punct:/', 'name:b', 'punct:/', 'name:c'])
    expect(kinds('x = /a\\/b[/]/g.test(y)')).toEqual(['name:x', 'punct:=', 'regex:/a\\/b[/]/g', 'punct:.', 'name:test', 'punct:(', 'name:y', 'punct:)'])
    expect(kinds('return /x/')).toEqual(['keyword:return', 'regex:/x/'])
  })

  it('follows templates into their ${…} and back, however deep', () => {
    expect(kinds('`a ${b + `c ${d}`} e`')).toEqual(['string:`a ', 'punct:${', 'name:b', 'punct:+', 'string:`c ', 'punct:${', 'name:d', 'punct:}', 'string:`', 'punct:}', 'string: e`'])
    expect(kinds('`${ { a: 1 }.a }`')).toEqual(['string:`', 'punct:${', 'punct:{', 'name:a', 'punct::', 'number:1', 'punct:}', 'punct:.', 'name:a', 'punct:}', 'string:`'])
  })

  it('reads contextual words as keywords only where they act as keywords', () => {
    expect(kinds("import { type Shape } from './shape.ts'")).toEqual(['keyword:import', 'punct:{', 'keyword:type', 'type:Shape', 'punct:}', 'keyword:from', "string:'./shape.ts'"])
    expect(kinds("{ type: 'int', default: 3 }")).toEqual(['punct:{', 'name:type', 'punct::', "string:'int'", 'punct:,', 'keyword:default', 'punct::', 'number:3', 'punct:}'])
    expect(kinds('kind.type === x ? null : E.left')).toEqual(['name:kind', 'punct:.', 'name:type', 'punct:===', 'name:x', 'punct:?', 'literal:null', 'punct::', 'name:E', 'punct:.', 'name:left'])
    expect(kinds('type Pair = readonly [N, Float32Array]')).toEqual(['keyword:type', 'def:Pair', 'punct:=', 'keyword:readonly', 'punct:[', 'name:N', 'punct:,', 'type:Float32Array', 'punct:]'])
  })

  it('keeps `//` lines inside templates and block comments out of the prose', () => {
    const source = ['const t = `', '// not prose', '`', '/*', '// not prose either', '*/', '// prose'].join('\n')
    expect(sectionsOf(source).map((s) => [s.prose, s.code.length])).toEqual([
      [[], 6],
      [['prose'], 0],
    ])
  })

  it('gives back the source exactly when the tokens are joined', () => {
    const piece = fc.oneof(
      fc.constantFrom('`', '${', '}', '{', '/', '//', '/*', '*/', "'", '"', '\\', '\n', ' ', 'a', '1.5e3', 'x.y', 'return', '/re/g', '#!', 'Σ'),
      fc.string({ maxLength: 8 }),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const source = pieces.join('')
        return tokenize(source).map((t: Token) => t.text).join('') === source
      }),
    )
  })
})

describe('prose', () => {
  it('makes lists, with items running on over indented lines', () => {
    const lines = ['Three steps:', '', '1. first,', '   still the first;', '2. second.', '', '- a', '- b', 'lazily b']
    expect(renderProse(lines, noLinks)).toBe(
      ['<p>Three steps:</p>', '<ol>', '<li>first,\nstill the first;</li>', '<li>second.</li>', '</ol>', '<ul>', '<li>a</li>', '<li>b\nlazily b</li>', '</ul>'].join('\n'),
    )
    expect(renderProse(['3. from three', '4. on'], noLinks)).toBe('<ol start="3">\n<li>from three</li>\n<li>on</li>\n</ol>')
  })

  it('lets only a list from 1 interrupt a paragraph', () => {
    expect(blocksOf(['Published in', '2015. It works.']).map((b) => b.kind)).toEqual(['paragraph'])
    expect(blocksOf(['Steps:', '1. one']).map((b) => b.kind)).toEqual(['paragraph', 'list'])
  })

  it('keeps a preformatted block exact, blank lines and all', () => {
    expect(renderProse(['    a  →  b', '', '      ⌊x⌋ & y', 'after'], noLinks)).toBe('<pre>a  →  b\n\n  ⌊x⌋ &amp; y</pre>\n<p>after</p>')
  })

  it('reads a line above === or --- as a heading, ending the paragraph before it', () => {
    expect(renderProse(['text', 'Title', '-----', 'more'], noLinks)).toBe('<p>text</p>\n<h2>Title</h2>\n<p>more</p>')
  })

  it('links only the paths it knows, and leaves underscores and lone stars alone', () => {
    const link = proseLinker('src/kernels/double.ts', SITE)
    expect(renderInline('see `core/shape.ts`, kernels/dense and and/or', link)).toBe(
      'see <a href="../core/shape.html"><code>core/shape.ts</code></a>, <a href="dense.html">kernels/dense</a> and and/or',
    )
    expect(renderInline('Σ_c x_i · 2 * 3 * 4', link)).toBe('Σ_c x_i · 2 * 3 * 4')
    expect(renderInline('https://example.org/a_b.', link)).toBe('<a href="https://example.org/a_b">https://example.org/a_b</a>.')
  })
})

// The properties draw source files line by line: prose lines, and code lines that cannot
// open anything spanning lines (no backtick, no `/*`, no trailing backslash), so that we
// know which lines are code.
const CODE_CHARS = ' \tabxyz019=;:,.(){}[]<>&"\'/\\*+-!?#@$%Σ·→'.split('')
const codeLine = fc
  .string({ unit: fc.constantFrom(...CODE_CHARS), maxLength: 30 })
  .filter((line) => !/^\s*\/\/(?!\/)/.test(line) && !line.includes('/*') && !line.endsWith('\\'))
const proseLine = fc.string({ maxLength: 30 }).map((text) => `// ${text}`)
const sourceLines = fc.array(fc.oneof(codeLine.map((text) => ({ code: text })), proseLine.map((text) => ({ prose: text }))), { maxLength: 25 })
const textOf = (lines: readonly ({ code: string } | { prose: string })[]): string => lines.map((line) => ('code' in line ? line.code : line.prose)).join('\n')
const pageFor = (source: string): string => renderSite(siteOf({ 'src/a.ts': source })).get('a.html')!

describe('properties', () => {
  it('escapes < > & " wherever they come from', () => {
    // Upper-case text cannot form one of our (lower-case) tags, so whatever tag-like text
    // remains after removing our tags came from the input unescaped.
    const text = fc.string({ unit: fc.constantFrom(...'AB <>&"\'=/'.split('')), maxLength: 20 })
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
    expect(escapeHtml('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;')
  })

  it('shows every code line exactly once, in order', () => {
    fc.assert(
      fc.property(sourceLines, (lines) => {
        const expected = lines.flatMap((line) => ('code' in line ? [line.code] : [])).filter((line) => /\S/.test(line))
        expect(codeColumn(pageFor(textOf(lines))).filter((line) => /\S/.test(line))).toEqual(expected)
      }),
    )
  })

  it('renders the same sources to the same bytes, in whatever order the files were read', () => {
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
