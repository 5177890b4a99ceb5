import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, posix, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { readRepository, runDocs, type Repository } from '../../scripts/tools/docs.ts'
import { recorder } from '../../src/cli/io.ts'
import { pageOf, renderSite, SITE_DIR } from '../../scripts/tools/literate.ts'
import { readingOrder } from '../../scripts/tools/readingOrder.ts'
import { DEMO_PAGE, LIVE_VIEWS } from '../../scripts/tools/seeItLive.ts'

// The annotated pages of this very repository, rendered in memory (the committed pages in
// docs/annotated/ are not needed).
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

const sourcesUnder = (dir: string, deep: boolean): readonly string[] =>
  (readdirSync(join(ROOT, dir), { recursive: deep }) as string[])
    .map((path) => posix.join(dir, path.split(sep).join('/')))
    .filter((path) => path.endsWith('.ts'))
    .sort()

let repository: Repository
let order: readonly string[]
let site: ReadonlyMap<string, string>

beforeAll(async () => {
  const read = await readRepository(ROOT)
  if (E.isLeft(read)) throw new Error(read.left)
  repository = read.right
  // With a broken chain the first test fails and lists the problems; the other checks
  // still run, on a stand-in order (the table of contents, then the rest alphabetically).
  const paths = [...repository.files.keys()]
  const standIn = ['src/index.ts', ...paths.filter((p) => p.startsWith('src/') && p !== 'src/index.ts').sort(), ...paths.filter((p) => p.startsWith('scripts/')).sort()]
  order = E.getOrElse((): readonly string[] => standIn)(readingOrder(repository.files))
  site = renderSite({ ...repository, order })
})

describe('the annotated sources of this repository', () => {
  it('chain every file under src/ into one reading order through their headers', () => {
    const result = readingOrder(repository.files)
    expect(E.isLeft(result) ? result.left : 'the chain is whole').toBe('the chain is whole')
  })

  it('give every src/**/*.ts and scripts/*.ts file a page, and index.html to src/index.ts', () => {
    const sources = [...sourcesUnder('src', true), ...sourcesUnder('scripts', false)]
    expect(sources.filter((path) => !site.has(pageOf(path)))).toEqual([])
    expect(site.get('index.html')).toContain('<span class="file">src/index.ts</span>')
    expect(site.has('style.css')).toBe(true)
  })

  it('give the tooling in scripts/tools/ no page', () => {
    expect([...site.keys()].filter((page) => page.startsWith('scripts/tools/') || page.startsWith('tools/'))).toEqual([])
  })

  it('give the syllabus and every derivation in docs/math/ a page, linked from the contents', () => {
    const math = readdirSync(join(ROOT, 'docs/math')).filter((name) => name.endsWith('.md')).map((name) => `docs/math/${name}`)
    expect(repository.documents).toEqual(['docs/README.md', ...math.sort()])
    expect(math.map(pageOf).filter((page) => !site.has(page))).toEqual([])
    expect(site.get('index.html')).toContain('<a href="syllabus.html">syllabus</a>')
    expect(site.get('syllabus.html')).toContain('<span class="file">docs/README.md</span>')
  })

  it('link only to pages, anchors and files that exist', () => {
    const broken: string[] = []
    for (const [page, html] of site) {
      for (const [, raw] of html.matchAll(/href="([^"]*)"/g)) {
        const href = raw!.replace(/&amp;/g, '&')
        if (/^https?:\/\//.test(href)) continue
        const [path, fragment] = href.split('#') as [string, string | undefined]
        // Resolve from the page's place in the repository, docs/annotated/<page>.
        const target = path === '' ? posix.join(SITE_DIR, page) : posix.normalize(posix.join(posix.dirname(posix.join(SITE_DIR, page)), path))
        const inSite = target.startsWith(`${SITE_DIR}/`) ? site.get(target.slice(SITE_DIR.length + 1)) : undefined
        const exists = inSite !== undefined || (!target.startsWith(`${SITE_DIR}/`) && existsSync(join(ROOT, target)))
        // An anchor must be an id in the page it points to (our pages, or another HTML file of the repository).
        const targetText = inSite ?? (exists && target.endsWith('.html') ? readFileSync(join(ROOT, target), 'utf8') : '')
        const anchored = fragment === undefined || targetText.includes(`id="${fragment}"`)
        if (!exists || !anchored) broken.push(`${page}: ${raw}`)
      }
    }
    expect(broken).toEqual([])
  })

  it('give every exported function of a kernel an anchor', () => {
    const conv = site.get('kernels/conv2d.html') ?? ''
    expect(['conv2dForward', 'conv2dBackward', 'ConvGeometry'].filter((name) => !conv.includes(`id="${name}"`))).toEqual([])
  })

  it('send "See it live" only to ids of the built browser page, from every file of the table that exists', () => {
    const demo = readFileSync(join(ROOT, DEMO_PAGE), 'utf8')
    const existing = [...LIVE_VIEWS].filter(([path]) => existsSync(join(ROOT, path)))
    // Files move; the table may name a few that are not there (yet), but not most of them.
    expect(existing.length).toBeGreaterThan(LIVE_VIEWS.size / 2)
    expect(existing.filter(([, view]) => !demo.includes(`id="${view.anchor}"`)).map(([path, view]) => `${path}: #${view.anchor}`)).toEqual([])
    const unlinked = existing.filter(([path, view]) => !(site.get(pageOf(path)) ?? '').includes(`demo/index.html#${view.anchor}"><strong>See it live:</strong>`))
    expect(unlinked.map(([path]) => path)).toEqual([])
  })

  it('are what the browser page links to: rendered pages (no raw Markdown) and anchors that exist', () => {
    // The links of site/index.html, and the pages the flow panel's stages link to (site/flow.ts).
    const html = readFileSync(join(ROOT, 'site/index.html'), 'utf8')
    const flow = readFileSync(join(ROOT, 'site/flow.ts'), 'utf8')
    const hrefs = [
      ...[...html.matchAll(/href="([^"#][^"]*)"/g)].map((m) => m[1]!),
      ...[...flow.matchAll(/\['([\w/]+\.html(?:#[\w$]+)?)', /g)].map((m) => `../annotated/${m[1]!}`),
    ].filter((href) => href.startsWith('../'))
    expect(hrefs).toContain('../annotated/syllabus.html')
    const broken = hrefs.filter((href) => {
      const [path, fragment] = href.split('#') as [string, string | undefined]
      const target = posix.normalize(posix.join('docs/demo', path))
      if (!target.startsWith(`${SITE_DIR}/`)) return !existsSync(join(ROOT, target)) || target.endsWith('.md')
      const page = site.get(target.slice(SITE_DIR.length + 1))
      return page === undefined || (fragment !== undefined && !page.includes(`id="${fragment}"`))
    })
    expect(broken).toEqual([])
  })

  it('render to the same bytes twice', () => {
    expect([...renderSite({ ...repository, order })]).toEqual([...site])
  })
})

// The command itself, on a repository of three files in a temporary directory.
describe('npm run docs', () => {
  let root: string
  const put = async (path: string, text: string): Promise<void> => {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), text)
  }
  const run = async (...argv: string[]): Promise<{ status: number; out: string; err: string }> => {
    const io = { stdout: recorder(), stderr: recorder() }
    const status = await runDocs(argv, io, root)
    return { status, out: io.stdout.text(), err: io.stderr.text() }
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'docs-'))
    await put('src/index.ts', '// Contents\n// ========\n// Next: a.ts.\n\nexport * from \'./a.ts\'\n')
    await put('src/a.ts', '// A\n// =\n// Previous: index.ts. Next: scripts/.\n\nexport const a = 1\n')
    await put('scripts/run.ts', "// Runs it (src/a.ts).\nimport { a } from '../src/a.ts'\n")
    await put('scripts/tools/tool.ts', '// Tooling: no page.\n')
    await put('docs/math/a.md', '# Why a is 1\n\nSee [a](../../src/a.ts).\n')
  })
  afterAll(async () => {
    await rm(root, { recursive: true, force: true })
  })

  it('writes the pages, then finds them up to date, then notices a change', async () => {
    expect(await run()).toEqual({ status: 0, out: 'wrote 4 pages and style.css to docs/annotated\n', err: '' })
    expect(await readFile(join(root, 'docs/annotated/scripts/run.html'), 'utf8')).toContain('<a href="../a.html">src/a.ts</a>')
    expect(await readFile(join(root, 'docs/annotated/math/a.html'), 'utf8')).toContain('<a href="../a.html">a</a>')
    expect(existsSync(join(root, 'docs/annotated/scripts/tools'))).toBe(false)
    expect(await run('--check')).toEqual({ status: 0, out: 'docs/annotated is up to date (4 pages)\n', err: '' })
    await put('src/a.ts', '// A\n// =\n// Previous: index.ts. Next: scripts/.\n\nexport const a = 2\n')
    await put('docs/math/a.md', '# Why a is 1\n\nBecause.\n')
    await put('docs/annotated/old.html', '')
    const checked = await run('--check')
    expect(checked.status).toBe(1)
    expect(checked.err).toBe(
      'error: docs/annotated is out of date (3 files):\n  a.html differs\n  math/a.html differs\n  old.html has no source any more\n' +
        'Run `npm run docs` to render the pages again.\n',
    )
  })

  it('writes nothing when two files would become the same page', async () => {
    const a = await readFile(join(root, 'src/a.ts'), 'utf8')
    await put('src/a.ts', a.replace('Next: scripts/.', 'Next: math/a.ts.'))
    await put('src/math/a.ts', '// Clash\n// Previous: a.ts. Next: scripts/.\n')
    const result = await run('--out', 'elsewhere')
    expect(result.status).toBe(1)
    expect(result.err).toContain('src/math/a.ts and docs/math/a.md would both become math/a.html')
    expect(existsSync(join(root, 'elsewhere'))).toBe(false)
    await put('src/a.ts', a)
    await rm(join(root, 'src/math'), { recursive: true })
  })

  it('writes nothing when the chain is broken, and says why', async () => {
    await put('src/b.ts', '// B\n// =\n// Previous: a.ts.\n')
    const result = await run('--out', 'elsewhere')
    expect(result.status).toBe(1)
    expect(result.err).toContain('src/b.ts: never reached from src/index.ts')
    expect(existsSync(join(root, 'elsewhere'))).toBe(false)
    await rm(join(root, 'src/b.ts'))
  })

  it('rejects unknown flags with status 2', async () => {
    expect((await run('--outt', 'x')).status).toBe(2)
  })
})
