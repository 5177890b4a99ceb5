// Gradient checks for layers and networks
// =======================================
//
// check/gradcheck.ts compares a claimed gradient with central differences for any function
// of named tensors. Now that layers and networks exist, two wrappers put them in that form:
//
//     checkLayer     L = Σ layer.forward(params, x) ⊙ r      for a fixed random r, so that
//                    layer.backward(params, cache, r) must give ∂L/∂x and ∂L/∂params
//     checkNetwork   L = loss(network(params, x), labels)     the real loss, end to end
//
// Both move every number into Float64 first, so the very code that trains in float32 is
// checked in double precision. spec/layers/gradients.spec.ts runs checkLayer on every layer
// over random shapes; spec/check/gradcheck.spec.ts runs checkNetwork on the original network.
// Previous: model/predict.ts. Next: optim/optimizer.ts.

import type { ParamTree } from '../core/params.ts'
import { tensor, toFloat64, type Tensor } from '../core/tensor.ts'
import type { Labels, Layer, Loss } from '../layers/layer.ts'
import { backward, forward, type Network } from '../model/sequential.ts'
import { checkGradient, named64, project, randomDirection, type GradcheckOptions, type GradcheckReport, type Named } from './gradcheck.ts'

// Checking a layer
// ----------------

/**
 * Checks a layer's backward (input and every parameter) at `params` and `x`, through the
 * scalar L = Σ y ⊙ r for a fixed random r.
 */
export const checkLayer = (layer: Layer, params: Named, x: Tensor, options: GradcheckOptions = {}): GradcheckReport => {
  const point: Named = { x: toFloat64(x), ...named64(params) }
  const split = (p: Named): readonly [Named, Tensor] => {
    const { x: input, ...rest } = p
    return [rest, input!]
  }
  const [p0, x0] = split(point)
  const [y0, cache] = layer.forward(p0, x0)
  const r = tensor(y0.shape, randomDirection(y0.data.length, options.seed ?? 0))
  const f = (p: Named): number => {
    const [ps, xs] = split(p)
    return project(layer.forward(ps, xs)[0].data, r.data)
  }
  const [dx, dParams] = layer.backward(p0, cache, r)
  return checkGradient(f, point, { x: dx, ...dParams }, options)
}

// Checking a whole network
// ------------------------

// Parameters of a network as flat names, "2:dense10.weights", and back.
const nameOf = (net: Network, layer: number, param: string): string => `${layer + 1}:${net.layers[layer].name}.${param}`

const namedParams = (net: Network, tree: ParamTree): Named =>
  Object.fromEntries(tree.flatMap((record, i) => Object.entries(record).map(([k, v]) => [nameOf(net, i, k), v])))

const paramTreeOf = (net: Network, point: Named, like: ParamTree): ParamTree =>
  like.map((record, i) => Object.fromEntries(Object.keys(record).map((k) => [k, point[nameOf(net, i, k)]])))

/**
 * Checks a whole network plus its loss: the gradient of the loss with respect to the input
 * and to every parameter of every layer.
 */
export const checkNetwork = (net: Network, loss: Loss, params: ParamTree, x: Tensor, labels: Labels, options: GradcheckOptions = {}): GradcheckReport => {
  const point: Named = { x: toFloat64(x), ...named64(namedParams(net, params)) }
  const f = (p: Named): number => loss.forward(forward(net, paramTreeOf(net, p, params), p.x!)[0], labels)[0]
  const params64 = paramTreeOf(net, point, params)
  const [logits, caches] = forward(net, params64, point.x!)
  const [, lossCache] = loss.forward(logits, labels)
  const [dx, grads] = backward(net, params64, caches, loss.backward(lossCache))
  return checkGradient(f, point, { x: dx, ...namedParams(net, grads) }, options)
}
