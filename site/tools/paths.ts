// Where things are, for the Node tools of the page: the repository, and the built site.
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const OUT = join(ROOT, 'docs', 'demo')
