// Helpers for the split specs (spec/data/split.spec.ts, spec/exact/sklearnSplit.spec.ts):
// unwrapping an Either the test expects, and the law every split keeps.
import * as E from 'fp-ts/lib/Either.js'
import type { Split } from '../../src/data/split.ts'

/** The value of a Right; a Left fails the test with its message. */
export const right = <T>(result: E.Either<string, T>): T => {
  if (E.isLeft(result)) throw new Error(`expected Right, got Left: ${result.left}`)
  return result.right
}

/** The message of a Left; a Right fails the test. */
export const left = <T>(result: E.Either<string, T>): string => {
  if (E.isRight(result)) throw new Error('expected Left, got Right')
  return result.left
}

/** A split as plain lists, for toEqual. */
export const lists = (split: Split): { train: number[]; test: number[] } => ({ train: Array.from(split.train), test: Array.from(split.test) })

/** Every index 0 … n − 1 appears exactly once in train and test together. */
export const coversOnce = (split: Split, n: number): boolean => {
  const seen = new Uint8Array(n)
  for (const i of [...split.train, ...split.test]) {
    if (i < 0 || i >= n || seen[i] === 1) return false
    seen[i] = 1
  }
  return seen.every((s) => s === 1)
}
