// The strict XML parser the plot specs rely on (spec/helpers/xml.ts): it must accept what
// we write and reject what a browser would refuse, or every other check means little.

import { describe, expect, it } from 'vitest'
import { byName, parseXml, textOf } from '../helpers/xml.ts'

describe('parseXml: accepts', () => {
  it('elements, attributes in both quotes, text, self-closing tags, entities and comments', () => {
    const root = parseXml(`<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -->
<svg a="1" b='two &amp; &quot;three&quot;'><g><rect x="0"/><text>&lt;7&gt; &#8594; &#x31;</text></g><![CDATA[<raw>]]></svg>
`)
    expect(root.name).toBe('svg')
    expect(root.attributes).toEqual({ a: '1', b: 'two & "three"' })
    expect(byName(root, 'rect')).toHaveLength(1)
    expect(textOf(byName(root, 'text')[0] ?? root)).toBe('<7> → 1')
    expect(root.children.at(-1)).toBe('<raw>')
  })
})

describe('parseXml: rejects', () => {
  const bad: readonly (readonly [string, string])[] = [
    ['a tag closed by another name', '<a><b></a></b>'],
    ['an unclosed element', '<a><b/>'],
    ['an unescaped < in text', '<a>1 < 2</a>'],
    ['an unescaped & in text', '<a>R&D</a>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['an unescaped < in an attribute', '<a b="<"/>'],
    ['an unquoted attribute', '<a b=1/>'],
    ['a duplicate attribute', '<a b="1" b="2"/>'],
    ['attributes without space between them', '<a b="1"c="2"/>'],
    ['two roots', '<a/><b/>'],
    ['text after the root', '<a/>x'],
    ['no root at all', '  '],
    ['a control character', '<a>\u0001</a>'],
    ['a reference to an illegal character', '<a>&#0;</a>'],
    ['"--" inside a comment', '<a><!-- a -- b --></a>'],
    ['a late XML declaration', '<a><?xml version="1.0"?></a>'],
    ['a malformed XML declaration', '<?xml encoding="UTF-8"?><a/>'],
  ]
  it.each(bad)('%s', (_, source) => {
    expect(() => parseXml(source)).toThrow(SyntaxError)
  })
})
