// annotated-cnn: the table of contents
// ====================================
//
// A convolutional neural network for MNIST, written as pure functions over Float32Array
// and meant to be read in this order. Each chapter re-exports its files; open them in the
// order listed (every file also names its Previous and Next at the end of its header).
//
// This file is also the package's main entry, `import … from 'annotated-cnn'`: the learner's
// vocabulary of tensors, layers, networks, optimizers, data, training and saved models.
// Chapter 10 and the first two appendices are entries of their own, each listed by its own
// index file and named in its heading below; reading files is Node's ('annotated-cnn/node',
// cli/library.ts). A helper that only builds its chapter (a checksum, an SVG element, a
// matrix product) is not exported: read it in its file. docs/api.md, generated from these
// lists, is the reference of every export.
// docs/README.md, the syllabus, tells the same story with a paragraph per chapter, and
// spec/toc.spec.ts checks that this list, the Next: chain and the syllabus agree.
//
// The learner's path is chapters 0 to 9: the ideas, on plain loops you can check by eye.
// After them a reader has seen everything `npm run train` does except reading files and
// printing (chapter 8 ends with the default run itself, train/recipe.ts). Chapter 10 draws
// what was learned; chapter 11 goes beyond 99% with dropout, batch normalisation and
// augmentation; chapter 12 saves what was learned, and chapter 13 runs it all from code. Two
// appendices follow, for readers who want them: A matches NumPy and scikit-learn to the last
// digit (the original experiment's exact split and report), B makes training fast
// (src/fast/, src/parallel/, src/bench/); each fast kernel computes what a plain one does,
// and a spec checks that it does. C writes a trained network as an ONNX model (src/onnx/). The command line (src/cli/,
// scripts/) is read at the very end and is not re-exported: it is where the pure library
// meets files, flags and the clock. Neither are the worker threads and the benchmark, which
// need Node.
// Next: original/network.ts.

// 0. The whole network on one page
// --------------------------------
// The original experiment written out by hand for its one shape: forward, backward, Adam,
// the loop. Everything after it is the same, for any shape. It is a program of its own
// (`npx tsx src/original/network.ts` trains it), not part of the library, so only its types
// are listed here.

export type * as original from './original/network.ts'

// 1. Memory layout and reproducible randomness
// --------------------------------------------
// Tensors are flat arrays read row-major (NCHW); kernels return fresh arrays; randomness is
// a value passed in and out; initial weights are drawn from it; a network's parameters are
// one tree.

export * from './core/shape.ts'
export * from './core/memory.ts'
export * from './core/tensor.ts'
export { nextUint32, normal, permutation, randomInt, seedRng, uniform, type Rng } from './core/rng.ts'
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
// The kernels that make it a CNN, as plain loops that follow their formulas.

export * from './kernels/conv2d.ts'
export * from './kernels/maxpool.ts'
export * from './kernels/softmaxCrossEntropy.ts'

// 5. Layers and the pipeline
// --------------------------
// Kernels wrapped as layer records, composed into a checked network, described by a string,
// used for predictions, and gradient-checked end to end.

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
export * from './check/layers.ts'

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
// Data sets kept as bytes, cut into float batches, and split into training and test samples.

export * from './data/dataset.ts'
export * from './data/split.ts'

// 8. The training loop
// --------------------
// One step, measuring a network, the loop over epochs, and the default run that
// `npm run train` runs: architecture, seed, weights, optimizer, schedule and loop together.

export * from './train/step.ts'
export * from './train/evaluate.ts'
export * from './train/loop.ts'
export * from './train/recipe.ts'

// 9. The report
// -------------
// The confusion matrix, and precision, recall and F1 read off it.

export * from './report/confusion.ts'
export * from './report/metrics.ts'

// 10. The pictures: 'annotated-cnn/plot'
// ---------------------------------------
// What each layer computed for some images, then SVG from numbers: primitives, drawing
// blocks, then six figures. A chapter most programs do not need, so the package exports it
// from a second entry, 'annotated-cnn/plot' (plot/index.ts lists what it offers); the line
// below only keeps it in this table of contents.

export type {} from './plot/index.ts'

// 11. Beyond 99%: dropout, batch normalisation, augmentation
// ----------------------------------------------------------
// An extension of the path: what takes a small CNN from 99.0% to 99.5%. Two layers that
// train differently from how they predict, driven by a `Pass` per step; randomness that is a
// pure function of its address, so that masks and moved images come out the same in any
// thread count; and seeded image augmentation. The grammar learns `drop<p>` and `bn`.

export * from './beyond/random.ts'
export * from './beyond/dropout.ts'
export * from './beyond/batchNorm.ts'
export * from './beyond/augment.ts'
export * from './model/beyond.ts'

// 12. Files: saving a model, reading and writing data
// ---------------------------------------------------
// A trained network as one self-describing JSON file, checked tensor by tensor on loading;
// MNIST's IDX format, parsed and checked byte by byte, and written.

export { MAX_ARCH_LENGTH, MAX_CLASSES, MAX_CLASS_NAME, MODEL_FORMAT, MODEL_VERSION, parseModel, serializeModel, type EpochRecord, type LoadedModel, type SavedModel } from './model/modelFile.ts'
export * from './data/idx.ts'
export * from './data/idxWrite.ts'

// 13. Training from code
// ----------------------
// The default run of chapter 8 behind one call, `fit(net, data, options, callbacks)`, as
// TensorFlow.js's `model.fit` made familiar. Loading MNIST and saving and loading a model
// from code touch files, so they are Node's: cli/library.ts, imported as 'annotated-cnn/node'.

export * from './train/fit.ts'

// Appendix A: matching NumPy and scikit-learn to the last digit: 'annotated-cnn/exact'
// -------------------------------------------------------------------------------------
// The original experiment split MNIST with scikit-learn and printed NumPy's and
// scikit-learn's report. To compare with it digit for digit, the default run reproduces both
// exactly: NumPy's Mersenne Twister and the same split, the report's sums in NumPy's order,
// NumPy's matrix print and scikit-learn's report layout, rounded as Python rounds. Exported
// from 'annotated-cnn/exact' (exact/index.ts).

export type {} from './exact/index.ts'

// Appendix B: making it fast: 'annotated-cnn/fast'
// ------------------------------------------------
// Fresh arrays from slabs, scratch memory for what never leaves a call; convolution by
// direct, sparse and matrix-product loops; blocked dense products; a folded Adam step;
// convolution, pooling and activation fused into one layer; all gathered into one kernel set
// with the signatures of the plain ones, exported from 'annotated-cnn/fast' (fast/index.ts).
// Worker threads, parallel/, and the benchmark, bench/, follow in the reading order but need
// Node, so no entry exports them.

export type {} from './fast/index.ts'

// Appendix C: leaving for other tools, ONNX
// -----------------------------------------
// A trained network written as a standard ONNX model, to run in onnxruntime or open in
// Netron: the protocol buffer format written by hand (its bytes are the lesson), then the
// graph of standard operators our layers map onto. The writer stays inside; the export is
// exported here, since a program that saves a model may want it too.

export type {} from './onnx/protobuf.ts'
export { exportOnnx, ONNX_BATCH, ONNX_INPUT, ONNX_IR_VERSION, ONNX_LOGITS, ONNX_OPSET, ONNX_PROBABILITIES, type OnnxOptions, type OnnxSource } from './onnx/export.ts'
