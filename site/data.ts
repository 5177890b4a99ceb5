// The digits shipped with the page
// ================================
//
// The page trains on a subset of MNIST that `npm run site` cuts from the bundled data
// (site/tools/build.ts): the first 10,000 training digits and the first 2,000 test digits of
// the original experiment's split, written as four ordinary gzipped IDX files with MNIST's
// own names in docs/demo/data/. So they are read exactly as `npm run train -- --data DIR`
// reads a directory (src/cli/dataFiles.ts): unzipped when they start with gzip's magic bytes
// 1f 8b, parsed by src/data/idx.ts, checked by src/data/dataset.ts. Unzipping uses the
// browser's own `DecompressionStream`, so no library is needed.
// Used by worker.ts, which fetches all four files when the first run starts (not when the
// page opens), and by testDigits.ts (`loadHalf`), which fetches the test digits alone.

import * as E from 'fp-ts/lib/Either.js'
import type { Dataset } from '../src/data/dataset.ts'
import { concatDatasets, datasetOf, parseIdx } from '../src/data/idx.ts'
import { officialSplit } from '../src/data/split.ts'

/** The shipped digits: all of them as one data set, training samples first, and the split. */
export interface Digits {
  readonly data: Dataset
  readonly train: Int32Array
  readonly test: Int32Array
  /** How many bytes were downloaded for them. */
  readonly bytes: number
}

// The bytes of a file, gunzipped when they are gzip data (a server may also have sent them
// with `Content-Encoding: gzip`, in which case the browser has already unzipped them).
export const fetchBytes = async (url: URL): Promise<readonly [Uint8Array, number]> => {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`)
  const bytes = new Uint8Array(await response.arrayBuffer())
  if (!(bytes[0] === 0x1f && bytes[1] === 0x8b)) return [bytes, bytes.length]
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))
  return [new Uint8Array(await new Response(stream).arrayBuffer()), bytes.length]
}

const orThrow = <T>(either: E.Either<string, T>): T => {
  if (E.isLeft(either)) throw new Error(either.left)
  return either.right
}

/** Reads one half (train or t10k) from the folder `base`, and how many bytes were downloaded. */
export const loadHalf = async (base: URL, prefix: 'train' | 't10k'): Promise<readonly [Dataset, number]> => {
  const names = { images: `${prefix}-images-idx3-ubyte.gz`, labels: `${prefix}-labels-idx1-ubyte.gz` }
  const [[images, a], [labels, b]] = await Promise.all([fetchBytes(new URL(names.images, base)), fetchBytes(new URL(names.labels, base))])
  return [orThrow(datasetOf(orThrow(parseIdx(images, names.images)), orThrow(parseIdx(labels, names.labels)), names)), a + b]
}

/** The shipped digits from the folder `base` (a URL ending in /). */
export const loadDigits = async (base: URL): Promise<Digits> => {
  const [[train, a], [test, b]] = await Promise.all([loadHalf(base, 'train'), loadHalf(base, 't10k')])
  const split = orThrow(officialSplit(train.count, test.count))
  return { data: orThrow(concatDatasets(train, test)), ...split, bytes: a + b }
}
