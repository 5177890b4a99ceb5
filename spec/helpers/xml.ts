// A small, strict XML parser for the plot specs
// =============================================
//
// Every figure must be a well-formed XML document, or a browser refuses to show it at all.
// This parser accepts exactly what our SVG needs (an optional `<?xml …?>` declaration,
// comments, elements, attributes in single or double quotes, text, CDATA, the five named
// entities and numeric character references) and throws, naming the offset, on anything
// malformed: a tag closed by the wrong name, an unescaped `<` or `&`, a duplicate attribute,
// a character XML forbids, text outside the root, a second root. It builds a plain tree
// that the specs search with `descendants`, `byName` and `textOf`.

/** An element: its name, its attributes, and its children in document order. */
export interface XmlElement {
  readonly name: string
  readonly attributes: Readonly<Record<string, string>>
  readonly children: readonly XmlNode[]
}

/** A child of an element: another element, or a run of text with entities resolved. */
export type XmlNode = XmlElement | string

const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

// Characters XML 1.0 allows in a document at all.
const legalChar = (code: number): boolean =>
  code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff)

const NAME_START = /[A-Za-z_:\u00C0-\uFFFD]/
const NAME_CHAR = /[A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFD]/

/** Parses a whole document and returns its root element; throws on malformed input. */
export const parseXml = (source: string): XmlElement => {
  let pos = 0

  const fail = (message: string): never => {
    throw new SyntaxError(`XML: ${message} at offset ${pos}: ${JSON.stringify(source.slice(Math.max(0, pos - 20), pos + 20))}`)
  }
  const startsWith = (s: string): boolean => source.startsWith(s, pos)
  const expect = (s: string): void => {
    if (!startsWith(s)) fail(`expected ${JSON.stringify(s)}`)
    pos += s.length
  }
  const isSpace = (ch: string | undefined): boolean => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r'
  const skipSpace = (): boolean => {
    const start = pos
    while (isSpace(source[pos])) pos++
    return pos > start
  }

  const name = (): string => {
    const start = pos
    if (!NAME_START.test(source[pos] ?? '')) fail('expected a name')
    pos++
    while (NAME_CHAR.test(source[pos] ?? '')) pos++
    return source.slice(start, pos)
  }

  // `&…;` at pos: one of the five named entities or a numeric reference to a legal character.
  const reference = (): string => {
    expect('&')
    const end = source.indexOf(';', pos)
    if (end < 0 || end - pos > 10) fail('unterminated entity reference')
    const body = source.slice(pos, end)
    pos = end + 1
    const numeric = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(body)
    if (numeric !== null) {
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2] ?? '', 10)
      if (!legalChar(code)) fail(`character reference to an illegal character ${body}`)
      return String.fromCodePoint(code)
    }
    const named = NAMED[body]
    if (named === undefined) fail(`unknown entity &${body};`)
    return named ?? ''
  }

  // Checks a raw character before it is taken literally.
  const literal = (): string => {
    const code = source.codePointAt(pos) ?? 0
    if (!legalChar(code)) fail(`illegal character U+${code.toString(16).padStart(4, '0')}`)
    const ch = String.fromCodePoint(code)
    pos += ch.length
    return ch
  }

  const comment = (): void => {
    expect('<!--')
    const end = source.indexOf('--', pos)
    if (end < 0) fail('unterminated comment')
    if (source[end + 2] !== '>') {
      pos = end
      fail('"--" inside a comment')
    }
    while (pos < end) literal()
    pos = end + 3
  }

  const processingInstruction = (): void => {
    expect('<?')
    const target = name()
    if (target.toLowerCase() === 'xml') fail('an XML declaration is only allowed at the very start')
    const end = source.indexOf('?>', pos)
    if (end < 0) fail('unterminated processing instruction')
    pos = end + 2
  }

  // Comments, processing instructions and white space: all that may surround the root.
  const misc = (): void => {
    for (;;) {
      skipSpace()
      if (startsWith('<!--')) comment()
      else if (startsWith('<?')) processingInstruction()
      else return
    }
  }

  const attributeValue = (): string => {
    const quote = source[pos]
    if (quote !== '"' && quote !== "'") fail('expected a quoted attribute value')
    pos++
    let value = ''
    for (;;) {
      const ch = source[pos]
      if (ch === undefined) fail('unterminated attribute value')
      if (ch === quote) break
      if (ch === '<') fail('"<" inside an attribute value')
      value += ch === '&' ? reference() : literal()
    }
    pos++
    return value
  }

  const element = (): XmlElement => {
    expect('<')
    const tag = name()
    const attributes: Record<string, string> = {}
    for (;;) {
      const spaced = skipSpace()
      if (startsWith('/>')) {
        pos += 2
        return { name: tag, attributes, children: [] }
      }
      if (startsWith('>')) {
        pos++
        break
      }
      if (!spaced) fail('expected white space before an attribute')
      const attr = name()
      if (Object.prototype.hasOwnProperty.call(attributes, attr)) fail(`duplicate attribute ${attr}`)
      skipSpace()
      expect('=')
      skipSpace()
      attributes[attr] = attributeValue()
    }
    const children: XmlNode[] = []
    let text = ''
    const flush = (): void => {
      if (text !== '') children.push(text)
      text = ''
    }
    for (;;) {
      if (pos >= source.length) fail(`<${tag}> is never closed`)
      if (startsWith('</')) {
        pos += 2
        const closing = name()
        if (closing !== tag) fail(`</${closing}> closes <${tag}>`)
        skipSpace()
        expect('>')
        flush()
        return { name: tag, attributes, children }
      }
      if (startsWith('<!--')) comment()
      else if (startsWith('<![CDATA[')) {
        pos += 9
        const end = source.indexOf(']]>', pos)
        if (end < 0) fail('unterminated CDATA section')
        while (pos < end) text += literal()
        pos = end + 3
      } else if (startsWith('<?')) processingInstruction()
      else if (startsWith('<')) {
        flush()
        children.push(element())
      } else if (startsWith('&')) text += reference()
      else if (startsWith(']]>')) fail('"]]>" in text')
      else text += literal()
    }
  }

  if (source.startsWith('<?xml')) {
    const end = source.indexOf('?>')
    if (end < 0) fail('unterminated XML declaration')
    if (!/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/.test(source.slice(0, end))) {
      fail('malformed XML declaration')
    }
    pos = end + 2
  }
  misc()
  if (startsWith('<!DOCTYPE')) fail('DOCTYPE is not supported')
  if (!startsWith('<')) fail('expected the root element')
  const root = element()
  misc()
  if (pos !== source.length) fail('content after the root element')
  return root
}

// Searching the tree
// ------------------

/** True for element nodes, false for text. */
export const isElement = (node: XmlNode): node is XmlElement => typeof node !== 'string'

/** The element and every element under it, in document order. */
export const descendants = (root: XmlElement): readonly XmlElement[] => {
  const out: XmlElement[] = []
  const walk = (el: XmlElement): void => {
    out.push(el)
    for (const child of el.children) if (isElement(child)) walk(child)
  }
  walk(root)
  return out
}

/** Every element with this tag name, in document order. */
export const byName = (root: XmlElement, name: string): readonly XmlElement[] => descendants(root).filter((el) => el.name === name)

/** Every element whose `class` attribute contains this class, in document order. */
export const byClass = (root: XmlElement, className: string): readonly XmlElement[] =>
  descendants(root).filter((el) => (el.attributes.class ?? '').split(/\s+/).includes(className))

/** All the text inside an element, entities resolved. */
export const textOf = (el: XmlElement): string => el.children.map((child) => (isElement(child) ? textOf(child) : child)).join('')
