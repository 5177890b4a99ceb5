// Appendix A as the package exports it: `annotated-cnn/exact`
// ===========================================================
//
// The original experiment split MNIST with scikit-learn and printed its results with NumPy
// and scikit-learn. This appendix reproduces both to the last character, and a program that
// wants the same split or the same printed report imports it from a second entry:
//
//     import { sklearnSplit, classificationReport, formatNumpyMatrix } from 'annotated-cnn/exact'
//
// (the main entry's `loadMnist` in 'annotated-cnn/node' already splits this way). What it
// exports, in the appendix's order:
//
//   - NumPy's Mersenne Twister and its legacy permutation, the randomness under the split;
//   - `sklearnSplit`, scikit-learn's `train_test_split(…, test_size=0.2, random_state=42)`;
//   - the report's averages summed in NumPy's order (`metricsOf`, `numpySum`);
//   - NumPy's print of a matrix, and scikit-learn's classification report, with Python's
//     rounding of a number to fixed decimals (`formatFixed`).
//
// The textbook precision, recall and F1 stay in the main entry (report/metrics.ts): these
// differ from them only in the last bits that decide how a number rounds.
// Previous: exact/classificationReport.ts. Next: fast/memory.ts.

export { legacyPermutation, nextMtUint32, randomInterval, seedMt19937, type Mt19937 } from './mt19937.ts'
export { sklearnSplit } from './sklearnSplit.ts'
export { macroAverage, metricsOf, microAverage, numpySum, weightedAverage, type Metrics } from './sklearnMetrics.ts'
export { formatNumpyMatrix } from './numpyFormat.ts'
export { classificationReport, formatFixed, formatReport, type ReportOptions } from './classificationReport.ts'
