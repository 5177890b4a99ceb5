// Browser checks: watch it learn
// ==============================
//
// Steps of `npm run test:browser` (site/tools/browserTest.ts) for the backward view: backward.ts and backwardArithmetic.ts.

import type { Step } from './common.ts'

export const steps: readonly Step[] = []
