// Every test digit (being written): the gallery and the confusion matrix.

import type { FlowModel } from './flow.ts'

/** One digit of the shipped test set. */
export interface TestDigit {
  /** 28×28 bytes, 0 = background. */
  readonly pixels: Uint8Array
  readonly label: number
  /** Its position in the shipped test set, from 0. */
  readonly index: number
}

export interface Gallery {
  setModel(model: FlowModel | undefined): void
}

/**
 * The panel in `root`. It also owns the "Show a test digit" button and its note. `show`
 * puts a digit into the pad (and so into every view).
 */
export const createGallery = (root: HTMLElement, sample: HTMLButtonElement, note: HTMLElement, show: (digit: TestDigit) => void): Gallery => {
  root.textContent = ''
  void sample
  void note
  void show
  return { setModel: () => {} }
}
