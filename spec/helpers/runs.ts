// How many cases a property tries
// ===============================
//
// `npm test` has to pass on a busy 2-core machine, where a second of work can take several,
// so the heaviest properties try a modest number of cases there. `npm run test:deep` sets
// PROPERTY_DEPTH=10 and tries ten times as many: `runs(50)` is 50 cases in the default suite
// and 500 in the deep one. Properties that name no count try fast-check's 100, scaled the
// same way (spec/helpers/setup.ts). A failure prints its `seed` and `path`; given to its
// `fc.assert` as options, they replay it at any depth.

/** How much deeper than the default suite this run goes (PROPERTY_DEPTH, 1 by default). */
export const DEPTH = ((text: string | undefined): number => {
  if (text === undefined || text === '') return 1
  const depth = Number(text)
  if (!(depth > 0) || !Number.isFinite(depth)) throw new Error(`PROPERTY_DEPTH must be a number > 0, got ${JSON.stringify(text)}`)
  return depth
})(process.env.PROPERTY_DEPTH)

/** The number of cases for a property that tries `n` in the default suite. */
export const runs = (n: number): number => Math.max(1, Math.round(n * DEPTH))
