// A static file server for the built page
// =======================================
//
// The smallest server the browser test needs: files under one root, on 127.0.0.1 only,
// with the right Content-Type for each kind of file (a module worker, JSON and .gz must not
// be guessed). It serves docs/, so that the page at /demo/ can link to the annotated
// pages at /annotated/ exactly as it will on the repository's pages hosting. It records
// every path asked for, so the test can check that each request was answered.

import { createServer, type Server } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.gz': 'application/gzip',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.md': 'text/markdown; charset=utf-8',
}

export interface StaticServer {
  readonly url: string
  /** Every request: its path and status. */
  readonly requests: { readonly path: string; readonly status: number }[]
  close(): Promise<void>
}

/** Serves `root` on 127.0.0.1 at `port` (by default any free one). */
export const serve = async (root: string, port = 0): Promise<StaticServer> => {
  const requests: { path: string; status: number }[] = []
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname)
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path))
    const answer = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
      requests.push({ path, status })
      response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' })
      response.end(body)
    }
    if (!(file === root || file.startsWith(root + sep))) return answer(403, 'forbidden')
    readFile(file).then(
      (body) => answer(200, body, TYPES[extname(file)] ?? 'application/octet-stream'),
      () => answer(404, 'not found'),
    )
  })
  await new Promise<void>((done, failed) => {
    server.once('error', failed)
    server.listen(port, '127.0.0.1', done)
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('the server has no port')
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () => new Promise<void>((done) => server.close(() => done())),
  }
}
