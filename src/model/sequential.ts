// A network is a list of layers
// =============================
//
// `sequential` composes layers into a pipeline. Building it walks the list once with the
// input shape, asking each layer for its output shape: a layer that cannot take what the
// previous one produces stops the build with a message naming the layer and the shapes.
// After that, data can only flow the way the shapes say.
//
//     forward:   x ─▶ layer 1 ─▶ layer 2 ─▶ … ─▶ logits        (collecting each cache)
//     backward:  dx ◀─ layer 1 ◀─ layer 2 ◀─ … ◀─ dlogits       (using the caches in reverse)
//
// The parameters of the whole network are one `ParamTree` (one record per layer) and the
// caches one list; both are ordinary values that the caller holds. Backward is the chain
// rule: each layer turns ∂L/∂(its output) into ∂L/∂(its input), which is exactly the
// ∂L/∂(output) of the layer before it.
// Previous: layers/softmaxCrossEntropy.ts. Next: model/arch.ts.

import * as E from 'fp-ts/lib/Either.js'
import type { ParamTree } from '../core/params.ts'
import type { Rng } from '../core/rng.ts'
import { isValidShape, sameShape, showShape, sizeOf, type Shape } from '../core/shape.ts'
import { sampleShapeOf, type Tensor } from '../core/tensor.ts'
import type { Layer, Pass } from '../layers/layer.ts'

/** Layers and the shape of the data between them, checked to fit. */
export interface Network {
  readonly layers: readonly Layer[]
  /** shapes[0] is one input sample; shapes[i + 1] is what layer i produces. */
  readonly shapes: readonly Shape[]
}

/** The caches of a forward pass, one per layer. */
export type Caches = readonly unknown[]

// Building
// --------

/**
 * Checks that each layer accepts the previous layer's output and records every shape.
 * @example sequential([1, 28, 28], [conv2d(...), leakyRelu(0.01), maxPool(2), dense(10)])
 *          // right({ layers, shapes: [[1,28,28], [1,26,26], [1,26,26], [1,13,13], [10]] })
 */
export const sequential = (inShape: Shape, layers: readonly Layer[]): E.Either<string, Network> => {
  if (!isValidShape(inShape)) return E.left(`input shape ${showShape(inShape)} must be a list of positive integers`)
  if (layers.length === 0) return E.left('a network needs at least one layer')
  const shapes: Shape[] = [inShape]
  for (const [i, layer] of layers.entries()) {
    const out = layer.outShape(shapes[i])
    if (E.isLeft(out)) return E.left(`layer ${i + 1} of ${layers.length} (${layer.name}, input ${showShape(shapes[i])}): ${out.left}`)
    shapes.push(out.right)
  }
  return E.right({ layers, shapes })
}

/** The shape of one output sample (for a classifier: [number of classes]). */
export const outputShapeOf = (net: Network): Shape => net.shapes[net.shapes.length - 1]

/** Fresh parameters for every layer, drawn one layer after another from `rng`. */
export const initParams = (net: Network, rng: Rng): readonly [ParamTree, Rng] => {
  let state = rng
  const params = net.layers.map((layer, i) => {
    const [p, next] = layer.init(net.shapes[i], state)
    state = next
    return p
  })
  return [params, state]
}

// Forward
// -------

/**
 * Runs x (N, …input shape) through every layer, left to right, keeping each cache; a training
 * step passes `pass` on to every layer, with the layer's place in it. Data or parameters that
 * do not fit the network (a short `data`, another network's parameters) are a mistake in the
 * calling code, so they throw, naming what was expected.
 */
export const forward = (net: Network, params: ParamTree, x: Tensor, pass?: Pass): readonly [Tensor, Caches] => {
  if (x.data.length !== sizeOf(x.shape)) throw new RangeError(`forward: x has shape ${showShape(x.shape)}, which holds ${sizeOf(x.shape)} numbers, but its data has ${x.data.length}`)
  if (!sameShape(sampleShapeOf(x), net.shapes[0])) throw new RangeError(`forward: the network takes samples of shape ${showShape(net.shapes[0])}, got ${showShape(sampleShapeOf(x))}`)
  if (params.length !== net.layers.length) throw new RangeError(`forward: the network has ${net.layers.length} layers, but the parameters have ${params.length} records`)
  for (const [i, layer] of net.layers.entries()) {
    const needs = Object.entries(layer.paramShapes(net.shapes[i]))
    const fits = Object.keys(params[i]).length === needs.length && needs.every(([name, shape]) => params[i][name]?.data?.length === sizeOf(shape) && sameShape(params[i][name].shape, shape))
    if (!fits) throw new RangeError(`forward: layer ${i + 1} (${layer.name}) needs {${needs.map(([name, shape]) => ` ${name}: ${sizeOf(shape)} numbers of shape ${showShape(shape)}`).join(',')} }, got {${Object.entries(params[i]).map(([name, t]) => ` ${name}: ${t?.data?.length} numbers of shape ${showShape(t?.shape ?? [])}`).join(',')} }`)
  }
  const caches = new Array<unknown>(net.layers.length)
  let y = x
  for (let i = 0; i < net.layers.length; i++) {
    const [out, cache] = net.layers[i].forward(params[i], y, pass && { ...pass, layer: i })
    caches[i] = cache
    y = out
  }
  return [y, caches]
}

// Backward
// --------

/**
 * ∂L/∂x and ∂L/∂params for every layer, given ∂L/∂(network output): the layers right to
 * left, each turning the gradient of its output into the gradient of its input.
 */
export const backward = (net: Network, params: ParamTree, caches: Caches, dy: Tensor): readonly [Tensor, ParamTree] => {
  const grads = new Array<ParamTree[number]>(net.layers.length)
  let d = dy
  for (let i = net.layers.length - 1; i >= 0; i--) {
    const [dx, dParams] = net.layers[i].backward(params[i], caches[i], d)
    grads[i] = dParams
    d = dx
  }
  return [d, grads]
}
