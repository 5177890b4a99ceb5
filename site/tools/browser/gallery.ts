// Browser checks: the whole test set
// ==================================
//
// Steps of `npm run test:browser` (site/tools/browserTest.ts) for the gallery and the confusion matrix: gallery.ts.

import type { Step } from './common.ts'

export const steps: readonly Step[] = []
