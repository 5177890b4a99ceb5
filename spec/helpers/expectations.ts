// Assertions shared by the specs.

import { expect } from 'vitest'
import { showReport, type GradcheckReport } from '../../src/check/gradcheck.ts'
import type { ParamTree } from '../../src/core/params.ts'
import type { Tensor } from '../../src/core/tensor.ts'

/** Passes when a gradient check passed; otherwise fails with the side-by-side report. */
export const expectGradientsCorrect = (report: GradcheckReport): void => {
  expect(report.ok, showReport(report)).toBe(true)
}

/** A deep copy of tensors' data, to check later that nothing was written into them. */
export const snapshotOf = (tensors: readonly Tensor[]): readonly number[][] => tensors.map((t) => Array.from(t.data))

/** Fails if any of the tensors changed since the snapshot, bit for bit. */
export const expectUnchanged = (tensors: readonly Tensor[], snapshot: readonly number[][]): void => {
  tensors.forEach((t, i) => {
    expect(Array.from(t.data).every((v, j) => Object.is(v, snapshot[i]![j])), `tensor ${i} was modified`).toBe(true)
  })
}

/** Every tensor of a parameter tree, in order. */
export const tensorsOf = (tree: ParamTree): readonly Tensor[] => tree.flatMap((record) => Object.values(record))
