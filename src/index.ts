// annotated-cnn: the table of contents
// ====================================
//
// A convolutional neural network for MNIST, written as pure functions over Float32Array
// and meant to be read in this order. Each chapter re-exports its files; open them in the
// order listed (every file also names its Previous and Next at the end of its header).
// docs/README.md tells the same story with a paragraph per chapter. The command line
// (src/cli/, scripts/) is the last chapter and is not re-exported: it is where the pure
// library meets files, flags and the clock.
// Next: core/shape.ts.

// 1. Memory layout and reproducible randomness
// --------------------------------------------
// Tensors are flat arrays read row-major (NCHW); fresh arrays come cheaply from slabs;
// randomness is a value passed in and out; initial weights are drawn from it.

export * from './core/shape.ts'
export * from './core/memory.ts'
export * from './core/tensor.ts'
export * from './core/rng.ts'
export * from './core/init.ts'
export * from './core/params.ts'

// 2. The smallest forward/backward pairs
// --------------------------------------
// A dense layer and the activations: each a forward kernel and the backward kernel that
// differentiates it, over flat arrays.

export * from './kernels/dense.ts'
export * from './kernels/activations.ts'

// 3. Gradient checking
// --------------------
// How we know a backward pass is right: central differences in double precision.

export * from './check/gradcheck.ts'

// 4. Convolution, pooling, softmax cross-entropy
// ----------------------------------------------
// The kernels that make it a CNN, the plain reference loops first, then the fast ones.

export * from './kernels/conv2d.ts'
export * from './kernels/padding.ts'
export * from './kernels/conv2dDirect.ts'
export * from './kernels/gemm.ts'
export * from './kernels/conv2dGemm.ts'
export * from './kernels/conv2dFast.ts'
export * from './kernels/denseFast.ts'
export * from './kernels/maxpool.ts'
export * from './kernels/softmaxCrossEntropy.ts'

// 5. Layers and the pipeline
// --------------------------
// Kernels wrapped as layer records, composed into a checked network, described by a string,
// used for predictions, and saved to and loaded from JSON.

export * from './layers/layer.ts'
export * from './layers/dense.ts'
export * from './layers/activations.ts'
export * from './layers/conv2d.ts'
export * from './layers/maxPool.ts'
export * from './layers/flatten.ts'
export * from './layers/softmaxCrossEntropy.ts'
export * from './model/sequential.ts'
export * from './model/arch.ts'
export * from './model/predict.ts'
export * from './model/modelFile.ts'

// 6. Optimizers
// -------------
// Update rules as pure functions of parameters, gradients and state; learning-rate schedules.

export * from './optim/optimizer.ts'
export * from './optim/sgd.ts'
export * from './optim/momentum.ts'
export * from './optim/adam.ts'
export * from './optim/schedule.ts'

// 7. Data and the split
// ---------------------
// MNIST's IDX files, data sets kept as bytes, and the exact split of the original experiment.

export * from './data/idx.ts'
export * from './data/dataset.ts'
export * from './data/mt19937.ts'
export * from './data/split.ts'

// 8. The training loop
// --------------------
// One step, the loop over epochs, and measuring a network.

export * from './train/step.ts'
export * from './train/loop.ts'
export * from './train/evaluate.ts'

// 9. The report
// -------------
// The confusion matrix and the classification report, character for character as Python prints them.

export * from './report/confusion.ts'
export * from './report/metrics.ts'
export * from './report/numpyFormat.ts'
export * from './report/classificationReport.ts'

// 10. The pictures
// ----------------
// SVG from numbers: primitives, drawing blocks, then six figures.

export * from './plot/svg.ts'
export * from './plot/text.ts'
export * from './plot/layout.ts'
export * from './plot/palette.ts'
export * from './plot/ticks.ts'
export * from './plot/heatmap.ts'
export * from './plot/colorbar.ts'
export * from './plot/imageGrid.ts'
export * from './plot/barChart.ts'
export * from './plot/lineChart.ts'
export * from './plot/figures/kernels.ts'
export * from './plot/figures/weights.ts'
export * from './plot/figures/featureMaps.ts'
export * from './plot/figures/curves.ts'
export * from './plot/figures/confusion.ts'
export * from './plot/figures/misclassified.ts'
