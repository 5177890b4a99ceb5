// What the page and the training worker say to each other
// =======================================================
//
// Training runs in a Web Worker (worker.ts), a second thread with its own event loop, so
// that the page stays responsive while the worker computes. The two share no memory; they
// exchange messages, which the browser copies (structured cloning). These types are the
// whole conversation:
//
//     page → worker   start (with the settings) · pause · reset · sample (a test digit, please)
//     worker → page   ready (the data is loaded) · progress (a few times a second) ·
//                     epoch (after each pass, with the test accuracy) · paused · done ·
//                     failed · sample (a test digit and its label)
//
// Parameters travel as plain { shape, data } records, which is what a Tensor of
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

export type ToWorker =
  | { readonly type: 'start'; readonly settings: RunSettings }
  | { readonly type: 'pause' }
  | { readonly type: 'reset' }
  | { readonly type: 'sample' }

export type FromWorker =
  | { readonly type: 'ready'; readonly train: number; readonly test: number; readonly bytes: number }
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
  | { readonly type: 'sample'; readonly pixels: Uint8Array; readonly label: number; readonly index: number }
  | { readonly type: 'paused' }
  | { readonly type: 'done'; readonly outcome: 'trained' | 'diverged'; readonly message: string }
  | { readonly type: 'failed'; readonly message: string }
