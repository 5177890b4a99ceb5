// Appendix B as the package exports it: `annotated-cnn/fast`
// ==========================================================
//
// The appendix computes what the plain kernels compute, faster. A program asks for it by
// name, from a second entry, and hands it to the network it builds:
//
//     import { buildNetwork } from 'annotated-cnn'
//     import { fastKernels } from 'annotated-cnn/fast'
//
//     const net = buildNetwork('conv5x5x8p2-relu-pool2-dense10', [1, 28, 28], 10, fastKernels)
//
// The main entry never imports this one, so a page that only predicts with the plain kernels
// bundles none of it. What it exports:
//
//   - `fastKernels`, the kernel set with the plain ones' signatures (fast/kernels.ts), and
//     `arrangeForSpeed`, which rewrites a network into the fused layers that set can run
//     (a convolution, its activation and its pooling as one layer, fast/network.ts);
//   - `adamFast`, the folded Adam step, and `gatherBatchFast`, a batch cut from slabs;
//   - each fast kernel on its own, for a reader who wants to time or test one against its
//     plain loop (spec/fast/ does, for every one).
//
// How they are built (slab memory, scratch arrays, padding, matrix products, the WebAssembly
// assembler and its modules, kernels compiled from source text) stays inside the appendix.
// Previous: fast/kernels.ts. Next: parallel/threads.ts.

export type {} from './memory.ts'
export type {} from './scratch.ts'
export type {} from './padding.ts'
export { activationKernelsFast, maxPoolKernelsFast } from './activations.ts'
export type {} from './conv2dDirect.ts'
export type {} from './gemm.ts'
export type {} from './conv2dGemm.ts'
export { conv2dBackwardBiasFast, conv2dBackwardInputFast, conv2dBackwardWeightsFast, conv2dForwardFast } from './conv2dFast.ts'
export type {} from './wasm.ts'
export type {} from './denseSimd.ts'
export type {} from './denseBatchSimd.ts'
export { denseBackwardBiasFast, denseBackwardInputFast, denseBackwardWeightsFast, denseForwardFast } from './denseFast.ts'
export type {} from './adamSimd.ts'
export { adamFast, adamUpdateFast } from './adam.ts'
export type {} from './compiled.ts'
export type {} from './convPoolSimd.ts'
export type {} from './convSimd.ts'
export { convPool, type ConvPoolCache, type ConvPoolOptions } from './convPool.ts'
export { arrangeForSpeed, fuseConvPool } from './network.ts'
export { gatherBatchFast } from './gather.ts'
export { fastKernels } from './kernels.ts'
