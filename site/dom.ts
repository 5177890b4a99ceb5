// What the panels share
// =====================
//
// Small pieces every panel of the page needs, kept once: finding an element of index.html
// by its id (a missing one is a bug of the page, so it throws at load, not later), making
// an element with a class and a text, and where each kind of stage is explained in the
// annotated sources: the page at the function that computes it, relative to docs/demo/.
// Used by main.ts and the panels.

import type { LayerKind } from './arithmetic.ts'

/** The element of the page with this id. */
export const byId = <T extends HTMLElement>(id: string): T => {
  const e = document.getElementById(id)
  if (e === null) throw new Error(`the page has no #${id}`)
  return e as T
}

/** A new element, with a class name and a text when given. */
export const element = <K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = ''): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag)
  if (className) e.className = className
  if (text) e.textContent = text
  return e
}

/** The annotated sources, from docs/demo/. */
export const ANNOTATED = '../annotated/'

/**
 * Where each kind of stage is explained: [the annotated page (at the function, when there is
 * one: an activation may be any of four), the source file's name].
 */
export const EXPLAINED_IN: Readonly<Record<LayerKind['kind'] | 'input' | 'softmax', readonly [string, string]>> = {
  input: ['data/dataset.html', 'data/dataset.ts'],
  conv: ['layers/conv2d.html#conv2d', 'layers/conv2d.ts'],
  activation: ['layers/activations.html', 'layers/activations.ts'],
  pool: ['layers/maxPool.html#maxPool', 'layers/maxPool.ts'],
  dense: ['layers/dense.html#dense', 'layers/dense.ts'],
  flatten: ['layers/flatten.html#flatten', 'layers/flatten.ts'],
  softmax: ['layers/softmaxCrossEntropy.html#softmaxCrossEntropy', 'layers/softmaxCrossEntropy.ts'],
  bn: ['beyond/batchNorm.html#batchNorm', 'beyond/batchNorm.ts'],
  dropout: ['beyond/dropout.html#dropout', 'beyond/dropout.ts'],
}
