// Limits: bounded memory
// ======================
//
// No input may make a command exhaust the machine's memory: not a gigabyte of gzipped
// zeros given as data, not a model file of 500 MB, not `--arch …-dense1000000000-…`, not
// `--workers 256`. So every command checks its inputs against the limits below before it
// allocates for them, and says which limit a refused input broke and why it exists.
//
//     parameters     at most 10 million (40 MB as float32). Training holds about five copies
//                    (weights, gradients, Adam's two moments, the update), and model.json
//                    spends up to about 17 characters per number, so it stays below 200 MB.
//     activations    the values one batch produces in all layers, at most 1 GiB as float32.
//                    Training keeps them for the backward pass; measuring the test set runs
//                    batches of 128 images on every thread. Per image that is about 537,000
//                    values; the original network produces 1,531.
//     model files    at most 256 MiB: reading a file needs several times its size (the text,
//                    then the parsed numbers), and no model within the budget is that large.
//     data files     at most 1 GiB per IDX file, raw or unzipped (MNIST's largest is 47 MB);
//                    a gzipped file is unzipped only up to the size its IDX header announces.
//     --arch         at most 1,000 characters (the longest sensible network is a tenth of that).
//     --workers      at most 8 threads, or one per core on a machine with more: every thread
//                    holds its own copy of the program and network (about 50 MB: a run of
//                    `--batch-size 16 --limit 2000 --epochs 1` peaks at 340 MB with 2 threads and
//                    641 MB with 8), and threads beyond the cores only wait for each other.
//                    Eight keep a run recorded on an 8-core machine reproducible on a smaller one.
//
// The checks live here, in the command line, and not in the library: a network built in
// code is the programmer's business; a flag or a file is anybody's.
// Previous: cli/flags.ts. Next: cli/readGate.ts.

import { availableParallelism } from 'node:os'
import * as E from 'fp-ts/lib/Either.js'
import { sizeOf } from '../core/shape.ts'
import { MAX_ARCH_LENGTH } from '../model/modelFile.ts'
import type { Network } from '../model/sequential.ts'

/** The longest architecture string that is read (model/modelFile.ts keeps it, for model files). */
export { MAX_ARCH_LENGTH }

/** The most parameters a network may have. */
export const MAX_PARAMETERS = 10_000_000

/** The most bytes the activations of one batch may take, as float32 (1 GiB). */
export const MAX_ACTIVATION_BYTES = 2 ** 30

/** The batch size with which the test set is measured (train/evaluate.ts's default). */
export const EVALUATION_BATCH = 128

/** The largest model file that is read (256 MiB). */
export const MAX_MODEL_FILE_BYTES = 256 * 2 ** 20

/** The largest IDX data file that is read, raw or unzipped (1 GiB). */
export const MAX_DATA_FILE_BYTES = 2 ** 30

/** The most threads a run may use: 8, or the number of cores if that is more. */
export const MAX_WORKERS = Math.max(8, availableParallelism())

/** The default number of threads: one per core, at most 8. */
export const DEFAULT_WORKERS = Math.min(8, availableParallelism())

const grouped = (n: number): string => n.toLocaleString('en-US')

/** A number of bytes for people, in powers of 1024: 1.4 GiB, 676 MiB, 12 KiB. */
export const showBytes = (bytes: number): string => {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']
  let value = bytes
  let unit = 0
  while (value >= 1023.5 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${grouped(bytes)} bytes` : `${value >= 99.5 ? value.toFixed(0) : Number(value.toPrecision(2))} ${units[unit]}`
}

/**
 * Checks a network against the budget when it computes `batch` images at once: the
 * parameters of all layers, and the values all layers produce for the batch. A refusal
 * names the layer at which the total passes the limit, with its own size.
 * @example checkBudget(originalNet, 128) // right(originalNet): 1,709 parameters, under 1 MB of activations
 */
export const checkBudget = (net: Network, batch: number): E.Either<string, Network> => {
  const count = net.layers.length
  let parameters = 0
  let values = 0
  for (let i = 0; i < count; i++) {
    const layer = net.layers[i]
    const where = `layer ${i + 1} of ${count} (${layer.name})`
    const own = Object.values(layer.paramShapes(net.shapes[i])).reduce((sum, shape) => sum + sizeOf(shape), 0)
    parameters += own
    if (parameters > MAX_PARAMETERS) {
      return E.left(
        `${where} has ${grouped(own)} parameters (${showBytes(4 * own)} as float32), which brings the network to ${grouped(parameters)}; ` +
          `the memory budget allows ${grouped(MAX_PARAMETERS)} parameters in all`,
      )
    }
    const out = sizeOf(net.shapes[i + 1])
    values += out
    if (4 * values * batch > MAX_ACTIVATION_BYTES) {
      return E.left(
        `${where} produces ${grouped(out)} values per image, which brings a batch of ${grouped(batch)} images to ${showBytes(4 * values * batch)} of activations; ` +
          `the memory budget for them is ${showBytes(MAX_ACTIVATION_BYTES)}`,
      )
    }
  }
  return E.right(net)
}
