// What the page and the training worker say to each other
// =======================================================
//
// Training runs in a Web Worker (worker.ts), a second thread with its own event loop, so
// that the page stays responsive while the worker computes. The two share no memory; they
// exchange messages, which the browser copies (structured cloning). These types are the
// whole conversation:
//
//     page → worker   start (with the settings; also resumes a paused run) · pause · reset ·
//                     set (a new learning rate, or batch size, for the run under way)
//     worker → page   loading (the digits are being fetched: the first Start) · ready (they
//                     are loaded) · progress (a few times a second) · epoch (after each pass,
//                     with the test accuracy) · changed (a setting took effect, at this step) ·
//                     paused · done · failed
//
// The worker fetches the training digits when it is first asked to train, not when the page
// opens. Parameters travel as plain { shape, data } records, which is what a Tensor of
// src/core/tensor.ts is, so the page can use them with the network it builds itself.

import type { ParamTree } from '../src/core/params.ts'

/** The settings of a run, the same names and meanings as the flags of `npm run train`. */
export interface RunSettings {
  readonly arch: string
  readonly optimizer: 'sgd' | 'momentum' | 'adam'
  readonly lr: number
  readonly schedule: 'constant' | 'cosine'
  readonly batchSize: number
  readonly epochs: number
  readonly shuffle: boolean
  readonly seed: number
}

/** A setting changed during a run: the learning rate (at once) or the batch size (while paused). */
export type LiveSetting = { readonly lr: number } | { readonly batchSize: number }

export type ToWorker =
  | { readonly type: 'start'; readonly settings: RunSettings }
  | { readonly type: 'pause' }
  | { readonly type: 'reset' }
  | { readonly type: 'set'; readonly setting: LiveSetting }

export type FromWorker =
  | { readonly type: 'loading' }
  | {
      readonly type: 'ready'
      readonly train: number
      readonly test: number
      readonly bytes: number
      /** The fingerprint of the test digits, in split order (src/data/idxWrite.ts). */
      readonly testFingerprint: string
    }
  | {
      readonly type: 'progress'
      readonly epoch: number
      readonly seen: number
      readonly total: number
      /** Samples trained since the start of the run, over all epochs. */
      readonly samples: number
      /** Mean loss and accuracy over the samples trained since the last progress message. */
      readonly loss: number
      readonly accuracy: number
      /** Training speed: since the last message, and over the whole run (test passes excluded). */
      readonly samplesPerSecond: number
      readonly averageSamplesPerSecond: number
      readonly params: ParamTree
    }
  | {
      readonly type: 'epoch'
      readonly epoch: number
      readonly samples: number
      readonly trainLoss: number
      readonly trainAccuracy: number
      readonly testAccuracy: number
      readonly params: ParamTree
    }
  /** `step` is the number of the first update made with the new setting, counting from 1 over the run. */
  | { readonly type: 'changed'; readonly step: number; readonly setting: LiveSetting }
  | { readonly type: 'paused' }
  | { readonly type: 'done'; readonly outcome: 'trained' | 'diverged'; readonly message: string }
  | { readonly type: 'failed'; readonly message: string }
