// The test suite's settings: `npm test` runs every spec/**/*.spec.ts.
//
// The suite has to pass on a busy 2-core machine (CI, or a laptop that is also building),
// where a test that takes 2 s alone can take 10. Vitest's default limit of 5 s per test
// failed good tests there, so the limit is 60 s for a test and 120 s for a beforeAll: far
// above what any test needs on a quiet machine (the slowest take about 5 s), so it only
// stops one that hangs. Tests that start whole training runs as child processes set their
// own, longer limits. The heaviest properties try fewer cases here than in `npm run
// test:deep` (spec/helpers/runs.ts).

import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    setupFiles: ['spec/helpers/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
