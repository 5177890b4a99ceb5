// Run before every spec file when PROPERTY_DEPTH is set (vitest.config.ts): properties that
// name no count of cases try fast-check's 100, times PROPERTY_DEPTH (spec/helpers/runs.ts).

import fc from 'fast-check'
import { runs } from './runs.ts'

fc.configureGlobal({ numRuns: runs(100) })
