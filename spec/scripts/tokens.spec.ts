// The tokenizer of the annotated pages: comments told from strings, bracket depth, colours,
// and lines that wrap instead of being cut off.

import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { escapeHtml, highlightLine, indentOf, lineDepths, nesting, preformatted, tokenize, tokenLines, type Token } from '../../scripts/tools/tokens.ts'

const kinds = (source: string): readonly string[] => tokenize(source).filter((t) => t.kind !== 'space').map((t) => `${t.kind}:${t.text}`)
const depthsOf = (source: string): readonly number[] => lineDepths(tokenLines(tokenize(source)))

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

describe('depth', () => {
  it('counts the brackets a token opens and closes', () => {
    const counted = tokenize('f(a[0], { b: `${c}` }))').flatMap((token) => (nesting(token) === 0 ? [] : [`${token.text} ${nesting(token)}`]))
    expect(counted).toEqual(['( 1', '[ 1', '], -1', '{ 1', '${ 1', '} -1', '} -1', ')) -2'])
  })

  it('is 0 at the top level and grows inside function bodies, objects and argument lists', () => {
    const source = [
      '// top', //                           0
      'export const f = (', //               0
      '  x: number, // a parameter', //      1
      ') => {', //                           1
      '  // inside the body', //             1
      '  for (;;) {', //                     1
      '    // inside the loop', //           2
      '  }', //                              2
      '}', //                                1
      'const s = `${', //                    0
      '  // inside a template', //           1
      '}`', //                               1
      '// top again', //                     0
    ].join('\n')
    expect(depthsOf(source)).toEqual([0, 0, 1, 1, 1, 1, 2, 2, 1, 0, 1, 1, 0])
  })

  it('ignores brackets in strings, comments and regular expressions, and never goes below 0', () => {
    expect(depthsOf("const a = '{(['\n// {\nconst r = /[{]/\n/* { */\nx")).toEqual([0, 0, 0, 0, 0])
    expect(depthsOf('}\n}\n{\nx')).toEqual([0, 0, 0, 1])
  })
})

describe('colours and lines', () => {
  it('wraps each token in a span named after its kind, and links an import to its page', () => {
    const [line] = tokenLines(tokenize("import { a } from './a.ts' // why"))
    expect(highlightLine(line!, (path) => (path === './a.ts' ? 'a.html' : undefined))).toBe(
      '<span class="k">import</span> { a } <span class="k">from</span> <a href="a.html"><span class="s">\'./a.ts\'</span></a> <span class="c">// why</span>',
    )
  })

  it('makes one span per line, carrying its indentation, and shows an empty line as a space', () => {
    const lines = ['for (;;) {', '  x += 1 // < 2', '', '}']
    expect(preformatted(lines.map((line) => ({ html: escapeHtml(line), indent: indentOf(line) })))).toBe(
      '<span class="line">for (;;) {</span><span class="line" style="--i:2">  x += 1 // &lt; 2</span><span class="line"> </span><span class="line">}</span>',
    )
  })

  it('escapes the characters that mean something in HTML', () => {
    expect(escapeHtml('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;')
  })
})
