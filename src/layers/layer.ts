// What a layer is
// ===============
//
// A layer is a plain record of pure functions. It holds no weights and remembers nothing
// between calls; weights are a separate value (`P`) that you pass in, and whatever the
// backward pass needs from the forward pass comes back from `forward` as an explicit
// *cache* (`C`) that you hand to `backward` yourself:
//
//     const [y, cache]     = layer.forward(params, x)
//     const [dx, dParams]  = layer.backward(params, cache, dy)
//
// Gradients of the parameters have the same type as the parameters, so an optimizer can
// walk both together (core/params.ts). Shapes are described per sample (without the batch
// axis N) when a network is built, and `outShape` says which input shapes a layer accepts:
// it returns an `Either`, so a bad architecture is an error *value* with a message, not an
// exception.
//
// A layer computes with the kernels it is given when it is made: the plain loops of kernels/
// by default. The appendix offers a faster set with the same signatures (fast/kernels.ts);
// the layer does not know or care which it has.
//
// Every layer of the path computes the same function whether it is training or predicting.
// Chapter 11's layers do not: dropout zeroes random numbers only while training, and batch
// normalisation uses the batch's own statistics then, and averages kept from training
// afterwards. So a training step hands `forward` a third argument, a `Pass`, saying which step
// it is (a random key) and where the batch starts; without it a layer predicts. The layers
// of the path ignore it. Batch normalisation also `settle`s values that training sets rather
// than learns (its running averages): a new value for them after each step, from the cache.
// Previous: kernels/softmaxCrossEntropy.ts. Next: layers/dense.ts.

import type { Either } from 'fp-ts/lib/Either.js'
import type { Params } from '../core/params.ts'
import type { Rng } from '../core/rng.ts'
import type { Shape } from '../core/shape.ts'
import type { Tensor } from '../core/tensor.ts'

/** A training step's forward pass: its random key, the layer's place in the network, and the batch's first sample in the whole batch. */
export type Pass = { readonly key: number; readonly layer: number; readonly first: number }

/** One stage of a network: pure functions over parameters, inputs and caches. */
export interface Layer<P extends Params = Params, C = unknown> {
  /** How the layer is written in an architecture string, e.g. `conv3x3x1` or `pool2`. */
  readonly name: string
  /** The output shape for an input shape (both per sample), or why the input does not fit. */
  outShape(inShape: Shape): Either<string, Shape>
  /** The shape of each parameter tensor for an input shape (`{}` for no parameters). */
  paramShapes(inShape: Shape): { readonly [name: string]: Shape }
  /** Fresh parameters drawn from the generator, and the generator's next state. */
  init(inShape: Shape, rng: Rng): readonly [P, Rng]
  /** y for a batch x (N, …), and the cache that backward will need; training, given a `pass`. */
  forward(params: P, x: Tensor, pass?: Pass): readonly [Tensor, C]
  /** ∂L/∂x and ∂L/∂params, given ∂L/∂y. */
  backward(params: P, cache: C, dy: Tensor): readonly [Tensor, P]
  /** After a training step: new values for the parameters that training sets, not learns. */
  settle?(params: P, cache: C): Params
}

/** The labels of a batch: one class index per sample. */
export type Labels = Readonly<Uint8Array>

/** A loss turns the network's output and the labels into one number to minimise. */
export interface Loss<C = unknown> {
  readonly name: string
  /** The mean loss over the batch, and a cache for backward. */
  forward(logits: Tensor, labels: Labels): readonly [number, C]
  /** ∂(mean loss)/∂logits. */
  backward(cache: C): Tensor
}

/** The empty parameter record of a layer without weights. */
export type NoParams = { readonly [name: string]: never }
