// The test suite's settings: `npm test` runs every spec/**/*.spec.ts.
//
// The suite has to pass on a busy 2-core machine (CI, or a laptop that is also building),
// where a test can take several times as long as alone. Vitest's default limit of 5 s per
// test failed good tests there, so the limit is 60 s for a test and 120 s for a beforeAll:
// six times what the slowest test takes on a quiet machine (10 s, a training run in
// spec/train/recipe.spec.ts), so it stops only a test that hangs. Tests that start training
// runs as child processes set their own limits. The heaviest properties try fewer cases here
// than in `npm run test:deep` (spec/helpers/runs.ts).

import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    // Only a deeper run needs it (it costs each spec file 40 ms).
    setupFiles: process.env.PROPERTY_DEPTH === undefined ? [] : ['spec/helpers/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Vitest keeps a core free (one spec file at a time on 2 cores); much of the suite waits
    // on child processes and on starting each file, so two at a time finish sooner.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
})
