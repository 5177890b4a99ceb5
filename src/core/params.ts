// Parameters as one readonly tree
// ===============================
//
// Each layer names its parameters in a small record of tensors: a dense layer has
// `{ weights, bias }`, a ReLU has `{}`. A whole network's parameters are the list of those
// records, layer by layer: a `ParamTree`. Gradients have *exactly the same type* (llm.c
// does the same with one struct for parameters and gradients), and so do an optimizer's
// moment estimates, which is what lets one small set of tree walkers serve every optimizer
// without knowing anything about layers:
//
//     params  [ { weights: (1,1,3,3) },  {},  {},  { weights: (10,169), bias: (10) } ]
//     grads   [ { weights: (1,1,3,3) },  {},  {},  { weights: (10,169), bias: (10) } ]
//
// Previous: core/init.ts. Next: kernels/dense.ts.

import type { Tensor } from './tensor.ts'

/** A layer's parameters (or their gradients), by name. */
export type Params = { readonly [name: string]: Tensor }

/** A tree of values, one record per layer, with the structure of a network's parameters. */
export type Tree<T> = readonly { readonly [name: string]: T }[]

/** The parameters (or gradients, or moments) of a whole network. */
export type ParamTree = Tree<Tensor>

/** Where a leaf sits in a tree: its layer's position and its name there. */
export interface LeafPath {
  readonly layer: number
  readonly name: string
}

// Walking trees
// -------------

/**
 * Applies `f` to matching leaves of trees that share one structure (the first tree's),
 * and returns the tree of its results.
 */
export const mapLeaves = <T>(
  trees: readonly ParamTree[],
  f: (leaves: readonly Tensor[], path: LeafPath) => T,
): Tree<T> =>
  trees[0].map((record, layer) => {
    const out: { [name: string]: T } = {}
    for (const name of Object.keys(record)) {
      out[name] = f(
        trees.map((tree) => tree[layer][name]),
        { layer, name },
      )
    }
    return out
  })

/** One field of every leaf of a tree of records. */
export const pluck = <T, K extends keyof T>(tree: Tree<T>, key: K): Tree<T[K]> =>
  tree.map((record) => {
    const out: { [name: string]: T[K] } = {}
    for (const name of Object.keys(record)) out[name] = record[name][key]
    return out
  })

/** Every leaf of a tree with its path, in a fixed order (layer by layer, names as declared). */
export const leavesOf = <T>(tree: Tree<T>): readonly (LeafPath & { readonly value: T })[] =>
  tree.flatMap((record, layer) => Object.keys(record).map((name) => ({ layer, name, value: record[name] })))

/** How many numbers a tree of tensors holds. */
export const countParams = (tree: ParamTree): number =>
  leavesOf(tree).reduce((total, { value }) => total + value.data.length, 0)
