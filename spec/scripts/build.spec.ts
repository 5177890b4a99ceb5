// The build's two steps of its own: relative `.ts` specifiers in the emitted declarations
// become `.js` (the compiler rewrites them in JavaScript only, microsoft/TypeScript#61037),
// with the same length, so that the declaration maps stay exact; and imports of fp-ts point
// at the copy of its ES modules inside dist/vendor/fp-ts/.

import { describe, expect, it } from 'vitest'
import { fpTsModules, rewriteDeclaration, rewriteFpTs } from '../../scripts/tools/build.ts'

describe('rewriteDeclaration', () => {
  it('rewrites relative .ts specifiers of imports and re-exports, keeping every length', () => {
    const before = [
      "import { type Shape } from '../core/shape.ts';",
      "export * from './core/tensor.ts';",
      'export * as original from "./original/network.ts";',
      "export { a, type B } from './ab.ts';",
    ].join('\n')
    const after = rewriteDeclaration(before)
    expect(after).toBe(
      [
        "import { type Shape } from '../core/shape.js';",
        "export * from './core/tensor.js';",
        'export * as original from "./original/network.js";',
        "export { a, type B } from './ab.js';",
      ].join('\n'),
    )
    expect(after.length).toBe(before.length)
  })

  it('leaves packages, .js specifiers and other text alone', () => {
    const text = [
      "import * as E from 'fp-ts/lib/Either.js';",
      "import { x } from './already.js';",
      'export declare const FILE = "model.ts";',
      "/** Reads 'notes.ts' from disk. */",
    ].join('\n')
    expect(rewriteDeclaration(text)).toBe(text)
  })
})

describe('rewriteFpTs', () => {
  it('points every import of an fp-ts module at the vendored copy, and lists the modules', () => {
    const text = [
      "import * as E from 'fp-ts/lib/Either.js';",
      'import { pipe } from "fp-ts/lib/function.js";',
      "import { x } from '../core/x.js';",
      "const note = 'fp-ts/lib/Option.js is not imported here';",
    ].join('\n')
    expect(fpTsModules(text)).toEqual(['Either', 'function'])
    expect(rewriteFpTs(text, '../vendor/fp-ts')).toBe(
      [
        "import * as E from '../vendor/fp-ts/Either.js';",
        'import { pipe } from "../vendor/fp-ts/function.js";',
        "import { x } from '../core/x.js';",
        "const note = 'fp-ts/lib/Option.js is not imported here';",
      ].join('\n'),
    )
  })
})
