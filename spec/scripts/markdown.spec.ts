// The Markdown of the annotated pages, by worked examples: a small document with every kind
// of block, then each rule on its own, then properties.

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { blocksOf, NO_LINKS, plainText, renderInline, renderMarkdown, type Links } from '../../scripts/tools/markdown.ts'

const render = (text: string, links: Links = NO_LINKS): string => renderMarkdown(text.split('\n'), links)
const kindsOf = (text: string): readonly string[] => blocksOf(text.split('\n')).map((block) => block.kind)

// Links for the examples: `core/rng.ts` is a page, and written links to .md files go to .html.
const LINKS: Links = {
  mention: (path) => (path === 'core/rng.ts' ? '../core/rng.html' : undefined),
  href: (written) => written.replace(/\.md(?=#|$)/, '.html'),
}

describe('worked example: a small derivation', () => {
  const DOCUMENT = [
    '# Adam, briefly',
    '',
    '*Linked from [`src/optim/adam.ts`](../../src/optim/adam.md).*',
    '',
    'Two moving averages of the gradient `g_t`:',
    '',
    '    m_t = β₁ · m_{t−1} + (1 − β₁) · g_t',
    '    v_t = β₂ · v_{t−1} + (1 − β₂) · g_t²',
    '',
    '## The defaults',
    '',
    '| symbol | value | why |',
    '|:--|--:|:-:|',
    '| η | 0.001 | the paper |',
    '| ε | 1e-8 | no 0/0 \\| ever |',
    '',
    '- first item,',
    '  running on;',
    '- second, with core/rng.ts',
    '',
    '```ts',
    "const eta = 0.001 // 'η'",
    '```',
    '',
    '---',
    '',
    '![a curve](pictures/curves.svg "loss")',
  ].join('\n')

  it('reads the blocks', () => {
    expect(kindsOf(DOCUMENT)).toEqual(['heading', 'paragraph', 'paragraph', 'pre', 'heading', 'table', 'list', 'code', 'rule', 'paragraph'])
  })

  it('renders them', () => {
    expect(render(DOCUMENT, LINKS)).toBe(
      [
        '<h1>Adam, briefly</h1>',
        '<p><em>Linked from <a href="../../src/optim/adam.html"><code>src/optim/adam.ts</code></a>.</em></p>',
        '<p>Two moving averages of the gradient <code>g_t</code>:</p>',
        '<pre><span class="line">m_t = β₁ · m_{t−1} + (1 − β₁) · g_t</span><span class="line">v_t = β₂ · v_{t−1} + (1 − β₂) · g_t²</span></pre>',
        '<h2>The defaults</h2>',
        '<table>',
        '<thead>',
        '<tr><th style="text-align: left">symbol</th><th style="text-align: right">value</th><th style="text-align: center">why</th></tr>',
        '</thead>',
        '<tbody>',
        '<tr><td style="text-align: left">η</td><td style="text-align: right">0.001</td><td style="text-align: center">the paper</td></tr>',
        '<tr><td style="text-align: left">ε</td><td style="text-align: right">1e-8</td><td style="text-align: center">no 0/0 | ever</td></tr>',
        '</tbody>',
        '</table>',
        '<ul>',
        '<li>first item,\nrunning on;</li>',
        '<li>second, with <a href="../core/rng.html">core/rng.ts</a></li>',
        '</ul>',
        `<pre class="code"><code><span class="line"><span class="k">const</span> <span class="d">eta</span> = <span class="n">0.001</span> <span class="c">// 'η'</span></span></code></pre>`,
        '<hr>',
        '<p><img src="pictures/curves.svg" alt="a curve" title="loss"></p>',
      ].join('\n'),
    )
  })
})

describe('blocks', () => {
  it('makes headings of # lines and of lines underlined with === or ---, ending the paragraph before them', () => {
    expect(render('### Three ###\ntext\nTitle\n-----\nmore')).toBe('<h3>Three</h3>\n<p>text</p>\n<h2>Title</h2>\n<p>more</p>')
    expect(render('Big\n===')).toBe('<h1>Big</h1>')
    expect(render('#hashtag')).toBe('<p>#hashtag</p>')
  })

  it('tells a rule (--- after a blank line) from an underline', () => {
    expect(render('a\n\n---\n\nb')).toBe('<p>a</p>\n<hr>\n<p>b</p>')
    expect(render('* * *')).toBe('<hr>')
  })

  it('makes lists, with items running on over their lines, and loose items in one list', () => {
    const lines = ['Three steps:', '', '1. first,', '   still the first;', '2. second.', '', '- a', '- b', 'lazily b', '', '- c after a blank line']
    expect(render(lines.join('\n'))).toBe(
      ['<p>Three steps:</p>', '<ol>', '<li>first,\nstill the first;</li>', '<li>second.</li>', '</ol>', '<ul>', '<li>a</li>', '<li>b\nlazily b</li>', '<li>c after a blank line</li>', '</ul>'].join('\n'),
    )
    expect(render('3. from three\n4. on')).toBe('<ol start="3">\n<li>from three</li>\n<li>on</li>\n</ol>')
    expect(render('* star\n+ plus')).toBe('<ul>\n<li>star</li>\n<li>plus</li>\n</ul>')
  })

  it('lets only a list from 1 interrupt a paragraph', () => {
    expect(kindsOf('Published in\n2015. It works.')).toEqual(['paragraph'])
    expect(kindsOf('Steps:\n1. one')).toEqual(['paragraph', 'list'])
  })

  it('keeps a preformatted block exact, blank lines and all, even right after a sentence', () => {
    expect(render('Where\n    a  →  b\n\n      ⌊x⌋ & y\nafter')).toBe(
      '<p>Where</p>\n<pre><span class="line">a  →  b</span><span class="line"> </span><span class="line" style="--i:2">  ⌊x⌋ &amp; y</span></pre>\n<p>after</p>',
    )
  })

  it('ends a list item at a line indented four spaces deeper, which starts a preformatted block', () => {
    expect(kindsOf('- the rule:\n      y = 2·x\n- next')).toEqual(['list', 'pre', 'list'])
  })

  it('keeps fenced code exact, colours TypeScript only, and turns extra info words into classes', () => {
    expect(render('```\n<b>\n  x\n```')).toBe('<pre class="code"><code><span class="line">&lt;b&gt;</span><span class="line" style="--i:2">  x</span></code></pre>')
    expect(render('~~~ts example\nf(1) // 2\n~~~')).toBe(
      '<pre class="code example"><code><span class="line">f(<span class="n">1</span>) <span class="c">// 2</span></span></code></pre>',
    )
    // An unclosed fence runs to the end.
    expect(kindsOf('```\n# not a heading')).toEqual(['code'])
  })

  it('reads a table only with a delimiter row, and pads short rows', () => {
    expect(kindsOf('a | b\nc | d')).toEqual(['paragraph'])
    expect(render('a | b\n--|--\n| 1 |\nno pipe, no row')).toBe('<table>\n<thead>\n<tr><th>a</th><th>b</th></tr>\n</thead>\n<tbody>\n<tr><td>1</td><td></td></tr>\n</tbody>\n</table>\n<p>no pipe, no row</p>')
    expect(render('| `a|b` | c |\n|---|---|')).toBe('<table>\n<thead>\n<tr><th><code>a|b</code></th><th>c</th></tr>\n</thead>\n</table>')
  })

  it('gives the end of a source header, Uses/Previous/Next, a paragraph of its own', () => {
    expect(render('Some text.\nPrevious: a.ts. Next: b.ts.')).toBe('<p>Some text.</p>\n<p class="chain">Previous: a.ts. Next: b.ts.</p>')
  })
})

describe('inlines', () => {
  it('renders code, strong, emphasis, links, images and web addresses', () => {
    expect(renderInline('`a<b` **bold *and* more** *em* [see `x`](y.md "t") ![i](p.svg) <https://a.org/x> https://b.org/c.', NO_LINKS)).toBe(
      '<code>a&lt;b</code> <strong>bold <em>and</em> more</strong> <em>em</em> <a href="y.md" title="t">see <code>x</code></a> <img src="p.svg" alt="i"> ' +
        '<a href="https://a.org/x">https://a.org/x</a> <a href="https://b.org/c">https://b.org/c</a>.',
    )
  })

  it('leaves underscores, spaced stars and backslash-escaped characters alone', () => {
    expect(renderInline('Σ_c x_i · 2 * 3 * 4 and \\*not em\\*', NO_LINKS)).toBe('Σ_c x_i · 2 * 3 * 4 and *not em*')
  })

  it('links a mentioned path only when the links know it, and never inside a link', () => {
    expect(renderInline('core/rng.ts, `core/rng.ts`, core/other.ts, and/or, [core/rng.ts](z)', LINKS)).toBe(
      '<a href="../core/rng.html">core/rng.ts</a>, <a href="../core/rng.html"><code>core/rng.ts</code></a>, core/other.ts, and/or, <a href="z">core/rng.ts</a>',
    )
  })

  it('sends written links through Links.href, keeping the fragment', () => {
    expect(renderInline('[a](math/adam.md#bias) ![b](b.md)', LINKS)).toBe('<a href="math/adam.html#bias">a</a> <img src="b.html" alt="b">')
  })

  it('gives a heading its plain text for a title', () => {
    expect(plainText('`npm run docs` and [the *syllabus*](README.md)')).toBe('npm run docs and the syllabus')
  })
})

describe('properties', () => {
  // Upper-case text cannot form one of our (lower-case) tags, so whatever tag-like text
  // remains after removing our tags came from the input unescaped.
  const OUR_TAGS = /<\/?[a-z][a-z0-9]*(?:\s+[a-z-]+="[^"<>]*")*>/g
  const line = fc.string({ unit: fc.constantFrom(...'AB <>&"\'=/`*_#|-:[]()!\\ 1.'.split('')), maxLength: 24 })

  it('escapes < > & " wherever they come from', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 10 }), (lines) => {
        const rest = renderMarkdown(lines, NO_LINKS).replace(OUR_TAGS, '')
        expect(rest).not.toMatch(/[<>"]/)
        expect(rest).not.toMatch(/&(?!(?:amp|lt|gt|quot|#39);)/)
      }),
    )
  })

  it('keeps every character of a preformatted block', () => {
    const text = fc.string({ unit: fc.constantFrom(...'ab <>&·Σ_*`'.split('')), maxLength: 20 })
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 6 }), (lines) => {
        const html = renderMarkdown(['Before:', ...lines.map((l) => `    ${l}`)], NO_LINKS)
        const spans = [...html.matchAll(/<span class="line"(?: style="--i:\d+")?>([^]*?)<\/span>/g)].map((m) => m[1]!)
        const unescape = (s: string): string => s.replace(/&(lt|gt|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', amp: '&' })[name] ?? '')
        // A block keeps its blank lines between lines, but none before the first or after the last.
        const kept = lines.map((l) => l.trimEnd())
        const first = kept.findIndex((l) => l !== '')
        expect(spans.map(unescape).map((s) => (s === ' ' ? '' : s))).toEqual(first < 0 ? [] : kept.slice(first, kept.findLastIndex((l) => l !== '') + 1))
      }),
    )
  })
})
