// The API reference, docs/api.md, is generated from the declarations (scripts/tools/api.ts):
// reading a declaration file and an entry's re-exports, and the committed page being what
// the code gives today.

import { describe, expect, it } from 'vitest'
import { declarationsOf, partsOf, runApi } from '../../scripts/tools/api.ts'
import { recorder } from '../../src/cli/io.ts'

describe('declarationsOf', () => {
  it('reads each export with its comment and its whole body, and joins overloads', () => {
    const text = [
      "import type { Shape } from './shape.ts';",
      '/** The number of elements. */',
      'export declare const sizeOf: (shape: Shape) => number;',
      '/**',
      ' * A record.',
      ' * @example ok({ a: 1 })',
      ' */',
      'export interface Thing {',
      '    readonly a: number;',
      '}',
      'declare const hidden = 1;',
      'export declare function f(a: number): number;',
      'export declare function f(a: string): string;',
      'export {};',
    ].join('\n')
    expect(declarationsOf(text)).toEqual([
      { name: 'sizeOf', doc: 'The number of elements.', code: 'const sizeOf: (shape: Shape) => number' },
      { name: 'Thing', doc: 'A record.\nExample: `ok({ a: 1 })`', code: 'interface Thing {\n    readonly a: number;\n}' },
      { name: 'f', doc: '', code: 'function f(a: number): number\nfunction f(a: string): string' },
    ])
  })
})

describe('partsOf', () => {
  it('reads chapter headings and re-exports, leaving out empty type-only ones', () => {
    const source = [
      '// 1. Shapes',
      '// ---------',
      "export * from './core/shape.ts'",
      "export { a, type B } from './core/ab.ts'",
      "export type * as original from './original/network.ts'",
      "export type {} from './plot/index.ts'",
    ].join('\n')
    expect(partsOf(source, 'index.ts')).toEqual([
      { kind: 'heading', title: '1. Shapes' },
      { kind: 'file', file: 'core/shape.ts', names: 'all' },
      { kind: 'file', file: 'core/ab.ts', names: ['a', 'B'] },
      { kind: 'namespace', file: 'original/network.ts', name: 'original' },
    ])
    expect(partsOf("export { x } from '../model/trace.ts'", 'plot/index.ts')).toEqual([{ kind: 'file', file: 'model/trace.ts', names: ['x'] }])
  })
})

describe('docs/api.md', () => {
  it('is what npm run api writes from the code today', async () => {
    const stdout = recorder()
    const stderr = recorder()
    const status = await runApi(['--check'], { stdout, stderr })
    expect(stderr.text(), 'run `npm run api` and commit docs/api.md').toBe('')
    expect(status).toBe(0)
  }, 60_000)
})
