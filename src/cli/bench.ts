// `npm run bench`
// ===============
//
// The command of the appendix's speed measurements (bench/measure.ts): it reads the flags,
// loads the bundled MNIST, runs the configurations (and, with `--baseline`, the hand-written
// yardstick of bench/yardstick.ts) and prints a table, or with `--json` one JSON object for
// scripts (keys such as `batch1_samples_per_s`; new keys are added, never renamed).
// Previous: cli/export.ts. Next: cli/original.ts.

import * as E from 'fp-ts/lib/Either.js'
import { benchConfigs, runBenchmarks, type BenchResult } from '../bench/measure.ts'
import { ORIGINAL_ARCH } from '../model/arch.ts'
import { imperativeBaseline } from '../bench/yardstick.ts'
import { loadExperiment } from './experiment.ts'
import { commandLine, helpText, parseFlags, type FlagSpec } from './flags.ts'
import { writeError, type Io } from './io.ts'
import { DEFAULT_WORKERS, MAX_WORKERS } from './limits.ts'

const BENCH_FLAGS: readonly FlagSpec[] = [
  { name: 'samples', kind: { type: 'int', min: 100 }, default: 20000, value: 'N', help: 'samples trained per measurement' },
  { name: 'repeats', kind: { type: 'int', min: 1 }, default: 3, value: 'N', help: 'measurements per configuration (the best counts)' },
  { name: 'workers', kind: { type: 'int', min: 1, max: MAX_WORKERS }, default: DEFAULT_WORKERS, value: 'N', help: `threads for the multi-threaded measurement (at most ${MAX_WORKERS}, see the train command's --help)` },
  { name: 'baseline', kind: { type: 'switch' }, help: 'also time a hand-written imperative trainer of the original network' },
  { name: 'json', kind: { type: 'switch' }, help: 'print one JSON object instead of a table' },
]

/** Runs `npm run bench` (or `annotated-cnn bench`: `command` is what --help says); resolves to the exit status. */
export const runBench = async (argv: readonly string[], io: Io = process, command = 'npm run bench --'): Promise<number> => {
  const parsed = parseFlags(BENCH_FLAGS, argv)
  if (E.isLeft(parsed)) {
    writeError(io, `${parsed.left} (see --help)`)
    return 2
  }
  if (parsed.right.help === true) {
    const examples = [
      { line: commandLine(command, '--samples 2000 --repeats 1'), does: 'a quicker measurement: 2,000 samples, once per configuration' },
      { line: commandLine(command, '--workers 4 --baseline --json'), does: 'with four threads and the hand-written trainer, as one JSON object' },
    ]
    io.stdout.write(helpText(`${command} [options]`, 'Measures training speed (samples per second) on MNIST.', BENCH_FLAGS, examples))
    return 0
  }
  const loaded = await loadExperiment({ split: 'sklearn', testFraction: 0.2 })
  if (E.isLeft(loaded)) {
    writeError(io, loaded.left)
    return 1
  }
  const samples = parsed.right.samples as number
  const repeats = parsed.right.repeats as number
  const configs = benchConfigs(samples, parsed.right.workers as number)
  const baseline = {
    key: 'imperative_batch1',
    label: `${ORIGINAL_ARCH}, hand-written imperative loop`,
    run: () => imperativeBaseline(loaded.right.data, loaded.right.train, samples),
  }
  const results = await runBenchmarks(loaded.right.data, loaded.right.train, configs, repeats, parsed.right.baseline === true ? [baseline] : [])
  const epochSeconds = (r: BenchResult) => loaded.right.train.length / r.samplesPerSecond
  if (parsed.right.json === true) {
    const json = Object.fromEntries(results.flatMap((r) => [
      [`${r.key}_samples_per_s`, Math.round(r.samplesPerSecond)],
      [`${r.key}_epoch_s`, Number(epochSeconds(r).toFixed(2))],
    ]))
    io.stdout.write(`${JSON.stringify({ node: process.version, ...json })}\n`)
  } else {
    io.stdout.write(`training speed on MNIST (best of ${repeats} runs; forward + backward + Adam; Node ${process.version})\n`)
    for (const r of results) {
      io.stdout.write(`  ${r.label.padEnd(62)} ${Math.round(r.samplesPerSecond).toLocaleString('en-US').padStart(8)} samples/s   epoch of ${loaded.right.train.length.toLocaleString('en-US')}: ${epochSeconds(r).toFixed(1).padStart(6)} s\n`)
    }
  }
  return 0
}
