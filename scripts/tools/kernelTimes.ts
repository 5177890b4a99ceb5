// Timing two element-wise kernels side by side
// ============================================
//
// docs/performance.md says that the appendix's leaky ReLU, which picks its slope from a
// two-entry table, beats the plain kernel's `v > 0 ? v : α·v` on a network's values: about
// half positive, in no order, so the processor cannot guess the branch. This script measures
// both kernels in one process, in turn, on the same random values of either sign, and prints
// nanoseconds per value (the best of several rounds, after a warm-up):
//
//     node --import tsx/esm scripts/tools/kernelTimes.ts [--values N] [--rounds R]
//
// Repository tooling, not part of the lesson.

import * as E from 'fp-ts/lib/Either.js'
import { activationKernels, type ActivationKernels } from '../../src/kernels/activations.ts'
import { activationKernelsFast } from '../../src/fast/activations.ts'
import { seedRng, uniform } from '../../src/core/rng.ts'
import { helpText, parseFlags, type FlagSpec } from '../../src/cli/flags.ts'
import type { Io } from '../../src/cli/io.ts'
import { isMain } from './isMain.ts'

/** ns per value of the best of `rounds` rounds of `repeats` calls of `run` on `n` values. */
const best = (n: number, rounds: number, repeats: number, run: () => void): number => {
  let fastest = Infinity
  for (let r = 0; r < rounds; r++) {
    const started = performance.now()
    for (let k = 0; k < repeats; k++) run()
    fastest = Math.min(fastest, (performance.now() - started) / repeats)
  }
  return (fastest * 1e6) / n
}

/** The two kernel sets' leaky ReLU, forward and backward, on `n` random values: ns per value. */
export const leakyReluTimes = (n: number, rounds: number): readonly { readonly kernels: string; readonly forward: number; readonly backward: number }[] => {
  let rng = seedRng(1)
  const random = (): number => {
    const [u, next] = uniform(rng)
    rng = next
    return 2 * u - 1
  }
  const x = Float32Array.from({ length: n }, random)
  const dy = Float32Array.from({ length: n }, random)
  const sets: readonly (readonly [string, ActivationKernels])[] = [['plain (kernels/activations.ts)', activationKernels], ['fast (fast/activations.ts)', activationKernelsFast]]
  const repeats = Math.max(1, Math.round(4e6 / n))
  return sets.map(([kernels, k]) => ({
    kernels,
    forward: best(n, rounds, repeats, () => k.leakyReluForward(x, 0.01)),
    backward: best(n, rounds, repeats, () => k.leakyReluBackward(x, dy, 0.01)),
  }))
}

const FLAGS: readonly FlagSpec[] = [
  { name: 'values', kind: { type: 'int', min: 1 }, default: 401408, value: 'N', help: 'random values per call' },
  { name: 'rounds', kind: { type: 'int', min: 1 }, default: 7, value: 'R', help: 'timed rounds per kernel (the best counts)' },
]

/** Runs the script: prints both kernels' times; resolves to the exit status (2 for bad flags). */
export const runKernelTimes = async (argv: readonly string[], io: Io = process): Promise<number> => {
  const parsed = parseFlags(FLAGS, argv)
  if (E.isLeft(parsed)) {
    io.stderr.write(`error: ${parsed.left} (see --help)\n`)
    return 2
  }
  if (parsed.right.help === true) {
    io.stdout.write(helpText('node --import tsx/esm scripts/tools/kernelTimes.ts [options]', 'Times the plain and the fast leaky ReLU side by side.', FLAGS))
    return 0
  }
  const [n, rounds] = [parsed.right.values as number, parsed.right.rounds as number]
  leakyReluTimes(Math.min(n, 1000), 2) // warm-up: let the engine compile both
  io.stdout.write(`leaky ReLU (α = 0.01) on ${n.toLocaleString('en-US')} random values in [−1, 1), ns per value, best of ${rounds}:\n`)
  for (const t of leakyReluTimes(n, rounds)) io.stdout.write(`  ${t.kernels.padEnd(32)} forward ${t.forward.toFixed(2)}  backward ${t.backward.toFixed(2)}\n`)
  return 0
}

if (isMain(import.meta.url)) process.exitCode = await runKernelTimes(process.argv.slice(2))
