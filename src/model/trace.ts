// What each layer made of an input
// ================================
//
// The pictures of the next files show what the data looks like after each stage of the
// network: the convolution's feature maps, the same after the activation, after pooling,
// and the final probabilities. `forwardTrace` runs a batch through the network like
// model/sequential.ts's `forward`, but keeps every layer's output instead of its cache.
// Shapes: x (N, …input) → one tensor per layer, outputs[i] (N, …net.shapes[i + 1]).
// Previous: report/metrics.ts. Next: plot/svg.ts.

import type { ParamTree } from '../core/params.ts'
import type { Tensor } from '../core/tensor.ts'
import type { Network } from './sequential.ts'

/**
 * The output of every layer for a batch, in order: what the data looks like after each
 * stage (the pictures of feature maps are made from it).
 */
export const forwardTrace = (net: Network, params: ParamTree, x: Tensor): readonly Tensor[] => {
  const outputs: Tensor[] = []
  let y = x
  for (let i = 0; i < net.layers.length; i++) {
    y = net.layers[i].forward(params[i], y)[0]
    outputs.push(y)
  }
  return outputs
}
