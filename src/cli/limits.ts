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
// code is the programmer's business; a flag or a file is anybody's. The first two, which are
// about a network alone, are in cli/budget.ts, which needs nothing of Node, so that the
// browser page checks its architectures with them too; this file re-exports them.
// Previous: cli/budget.ts. Next: cli/readGate.ts.

import { availableParallelism } from 'node:os'
import { MAX_ARCH_LENGTH } from '../model/modelFile.ts'

/** The memory budget of a network, and how bytes are shown (cli/budget.ts). */
export { checkBudget, EVALUATION_BATCH, MAX_ACTIVATION_BYTES, MAX_MODEL_FILE_BYTES, MAX_PARAMETERS, showBytes } from './budget.ts'

/** The longest architecture string that is read (model/modelFile.ts keeps it, for model files). */
export { MAX_ARCH_LENGTH }

/** The largest IDX data file that is read, raw or unzipped (1 GiB). */
export const MAX_DATA_FILE_BYTES = 2 ** 30

/** The most threads a run may use: 8, or the number of cores if that is more. */
export const MAX_WORKERS = Math.max(8, availableParallelism())

/** The default number of threads: one per core, at most 8. */
export const DEFAULT_WORKERS = Math.min(8, availableParallelism())
