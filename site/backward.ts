// Watch it learn (being written): the backward pass made visible.

import type { FlowModel } from './flow.ts'

/** The panel: give it a model and an input (28×28 in [0, 1]), and the true label when it is a test digit. */
export interface Backward {
  setModel(model: FlowModel | undefined): void
  setInput(input: Float32Array | undefined, label: number | undefined): void
}

export const createBackward = (root: HTMLElement): Backward => {
  root.textContent = ''
  return { setModel: () => {}, setInput: () => {} }
}
