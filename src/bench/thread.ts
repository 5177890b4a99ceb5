// Appendix: one measurement, in a thread of its own
// =================================================
//
// The other half of bench/measure.ts's `measureInThread`. A thread runs this file for one
// configuration: it trains with `measure` on the data it was handed (the images in shared
// memory, so nothing large is copied) and posts back the samples per second, or an error
// message, then ends. A fresh thread has a fresh JavaScript engine, which has seen no other
// network: what it measures is what `npm run train` gets, which also trains one network per
// process.
// Previous: bench/measure.ts. Next: onnx/protobuf.ts.

import type { Dataset } from '../data/dataset.ts'
import { answerParent, threadInput } from '../parallel/threads.ts'
import { leaveCopies, measure, type BenchConfig } from './measure.ts'

/** What a measuring thread is started with. */
export interface MeasureSetup {
  readonly data: Dataset
  readonly order: Int32Array
  readonly config: BenchConfig
  readonly together?: Int32Array // shared by the copies of one configuration (bench/measure.ts)
}

const { data, order, config, together } = threadInput() as MeasureSetup
try {
  answerParent(await measure(data, order, config, together))
} catch (e) {
  if (together !== undefined) leaveCopies(together)
  answerParent(e instanceof Error ? e.message : String(e))
}
