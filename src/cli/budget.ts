// Limits: the memory budget of a network
// ======================================
//
// The part of the command line's limits (cli/limits.ts) that is about a network alone: how
// many parameters it may have and how many values one batch may produce in its layers, and
// so how large a model file can be. It needs nothing of Node, so the browser page
// (site/trainPanel.ts and its worker, site/modelLimit.ts) checks an architecture or a file
// there with these very numbers and messages, before it allocates a byte for it:
//
//     parameters     at most 10 million (40 MB as float32)
//     activations    the values one batch produces in all layers, at most 1 GiB as float32
//     model files    at most 256 MiB
//
// cli/limits.ts says why these numbers, and re-exports everything here.
// Previous: cli/flags.ts. Next: cli/limits.ts.

import * as E from 'fp-ts/lib/Either.js'
import { sizeOf } from '../core/shape.ts'
import type { Network } from '../model/sequential.ts'

/** The most parameters a network may have. */
export const MAX_PARAMETERS = 10_000_000

/** The most bytes the activations of one batch may take, as float32 (1 GiB). */
export const MAX_ACTIVATION_BYTES = 2 ** 30

/** The largest model file that is read (256 MiB): no network within this budget writes a larger one. */
export const MAX_MODEL_FILE_BYTES = 256 * 2 ** 20

/** Why a larger model file is refused, in the refusal's words (cli/readGate.ts, and the page). */
export const MODEL_FILE_TOO_LARGE = 'model files are read whole, and no network within the memory budget writes one that large'

/** The batch size with which the test set is measured (train/evaluate.ts's default). */
export const EVALUATION_BATCH = 128

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
