// Randomness by address
// =====================
//
// Chapter 1's generator is a value passed from draw to draw: the fourth number depends on
// the first three. That suits drawing weights once, but not the randomness of this chapter.
// Dropout wants a fresh mask for every sample of every step, augmentation a fresh shift for
// every image of every epoch, and both must come out the same however the work is cut up:
// one thread or two, this batch size or that, the images in any order.
//
// So here a random number is a pure function of its *address*, the integers that say what
// it is for, with no state at all:
//
//     u = uniformAt(seed, epoch, image, 3)      // the 4th number of this image in this epoch
//
// An address is four integers (use 0 for a word you do not need). Each address word is folded into a 32-bit hash with a multiply-and-rotate step (from
// MurmurHash3), and the result is scrambled by MurmurHash3's finaliser, whose every input
// bit flips each output bit with probability about ½. Neighbouring addresses (image 7 and
// image 8) so give unrelated numbers. A counter-based generator of this kind is what JAX
// (`jax.random.fold_in`) and Philox in cuDNN use for the same reason; ours is smaller and
// weaker in theory, but dropout and augmentation ask only for evenly spread, unrelated bits
// (spec/beyond/random.spec.ts checks means, pairs and neighbours).
//
//     hashAt(a, b, c, d)     32 random bits         uniformAt(a, b, c, d)   a float in [0, 1)
// Previous: plot/index.ts. Next: beyond/dropout.ts.

// One address word into the running hash h (MurmurHash3's block step).
const fold = (h: number, word: number): number => {
  let k = Math.imul(word | 0, 0xcc9e2d51)
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593)
  const mixed = h ^ k
  return (Math.imul((mixed << 13) | (mixed >>> 19), 5) + 0xe6546b64) | 0
}

// MurmurHash3's finaliser: every bit of h reaches every bit of the result.
const finish = (h: number): number => {
  let z = h ^ (h >>> 16)
  z = Math.imul(z, 0x85ebca6b)
  z ^= z >>> 13
  z = Math.imul(z, 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

/**
 * 32 random bits (an unsigned integer) for the address (a, b, c, d); the same address always
 * gives the same bits. Each word counts by its low 32 bits.
 * @example hashAt(1, 2, 3, 0) === hashAt(1, 2, 3, 0) // true; hashAt(1, 2, 4, 0) is unrelated
 */
export const hashAt = (a: number, b: number, c: number, d: number): number => finish(fold(fold(fold(fold(4, a), b), c), d))

/** A number in [0, 1) for the address (a, b, c, d): its 32 random bits over 2³². */
export const uniformAt = (a: number, b: number, c: number, d: number): number => hashAt(a, b, c, d) / 4294967296
