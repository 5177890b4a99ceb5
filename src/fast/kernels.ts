// Appendix: the fast kernel set
// =============================
//
// Everything in this appendix comes together here, as one value of the type `Kernels`
// (model/arch.ts) that `parseArch` and `buildNetwork` accept: the same signatures as the
// plain loops of kernels/, computing the same sums to rounding, faster. `npm run train` uses
// it unless told `--kernels reference`; with it go Adam's fast step (`adamFast`), the fast
// batch cutter (`gatherBatchFast`) and the network arranged for speed (fast/network.ts).
//
//     conv2d        fast/conv2dFast.ts (direct gather, sparse scatter, or matrix product)
//     dense         fast/denseFast.ts  (blocked matrix products for batches)
//     maxPool       fast/activations.ts
//     activations   fast/activations.ts
//
// Every fast kernel has a spec under spec/fast/ that compares it with the plain one.
// Previous: fast/gather.ts. Next: fast/index.ts.

import { beyondLayers } from '../model/beyond.ts'
import type { Kernels } from '../model/arch.ts'
import { activationKernelsFast, maxPoolKernelsFast } from './activations.ts'
import { conv2dBackwardBiasFast, conv2dBackwardInputFast, conv2dBackwardWeightsFast, conv2dForwardFast } from './conv2dFast.ts'
import { denseBackwardBiasFast, denseBackwardInputFast, denseBackwardWeightsFast, denseForwardFast } from './denseFast.ts'

export { adamFast, adamUpdateFast } from './adam.ts'

/** The fast kernels, one per kind of layer. */
export const fastKernels: Kernels = {
  conv2d: {
    forward: conv2dForwardFast,
    backward: (g, dy, x, weights, N) => [conv2dBackwardInputFast(g, dy, weights, N), conv2dBackwardWeightsFast(g, dy, x, N)],
    backwardBias: conv2dBackwardBiasFast,
  },
  dense: {
    forward: denseForwardFast,
    backward: (dy, x, weights, N, F, O) => [denseBackwardInputFast(dy, weights, N, F, O), denseBackwardWeightsFast(dy, x, N, F, O), denseBackwardBiasFast(dy, N, O)],
  },
  maxPool: maxPoolKernelsFast,
  activations: activationKernelsFast,
  // Dropout and batch norm (chapter 11) compute with their own plain loops: they are cheap
  // beside the convolutions around them.
  moreLayers: beyondLayers,
}
