// The memory budget of a network (cli/budget.ts), which the command line and the browser page share.
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as budget from '../../src/cli/budget.ts'
import * as limits from '../../src/cli/limits.ts'
import { buildNetwork } from '../../src/model/arch.ts'
import type { Network } from '../../src/model/sequential.ts'

const net = (arch: string): Network => {
  const built = buildNetwork(arch, [1, 28, 28], 10)
  if (E.isLeft(built)) throw new Error(built.left)
  return built.right
}

describe('checkBudget', () => {
  it('accepts the original network, as its example says', () => {
    const original = net('conv3x3x1-lrelu-pool2-dense10')
    expect(budget.checkBudget(original, 128)).toEqual(E.right(original))
  })

  it('refuses dense1000000000-dense10 at its first layer, before counting the rest', () => {
    expect(budget.checkBudget(net('dense1000000000-dense10'), 128)).toEqual(
      E.left('layer 1 of 2 (dense1000000000) has 785,000,000,000 parameters (2.9 TiB as float32), which brings the network to 785,000,000,000; the memory budget allows 10,000,000 parameters in all'),
    )
  })

  it('counts parameters over all layers: two layers under the limit that pass it together', () => {
    // 784·6000 + 6000 = 4,710,000, then 6000·1000 + 1000 = 6,001,000: 10,711,000 in all.
    const result = budget.checkBudget(net('dense6000-dense1000-dense10'), 1)
    expect(E.isLeft(result) && result.left).toBe('layer 2 of 3 (dense1000) has 6,001,000 parameters (23 MiB as float32), which brings the network to 10,711,000; the memory budget allows 10,000,000 parameters in all')
  })

  it('refuses a batch whose activations pass 1 GiB, and accepts the same network with a smaller batch', () => {
    // conv3x3x64p1: 64·28·28 = 50,176 values per image; 6,000 images take 1.1 GiB.
    const wide = net('conv3x3x64p1-dense10')
    expect(budget.checkBudget(wide, 6000)).toEqual(
      E.left('layer 1 of 2 (conv3x3x64p1) produces 50,176 values per image, which brings a batch of 6,000 images to 1.1 GiB of activations; the memory budget for them is 1 GiB'),
    )
    expect(E.isRight(budget.checkBudget(wide, 128))).toBe(true)
  })

  it('is what cli/limits.ts exports, with the same constants', () => {
    expect(limits.checkBudget).toBe(budget.checkBudget)
    expect([limits.MAX_PARAMETERS, limits.MAX_ACTIVATION_BYTES, limits.EVALUATION_BATCH, limits.showBytes]).toEqual([budget.MAX_PARAMETERS, budget.MAX_ACTIVATION_BYTES, budget.EVALUATION_BATCH, budget.showBytes])
  })
})
