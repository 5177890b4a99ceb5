// The Mersenne Twister, for NumPy-compatible shuffles
// ===================================================
//
// Our own generator (core/rng.ts) is all we need for training. But to split MNIST into
// *exactly* the same training and test images as a Python experiment did, we must draw
// exactly the same random numbers, and NumPy's `RandomState` uses MT19937 (Matsumoto &
// Nishimura, 1998). Its state is 624 words of 32 bits and a position in them:
//
//     seed      w[0] = seed,  w[i] = 1812433253 · (w[i−1] ⊕ (w[i−1] ≫ 30)) + i   (mod 2³²)
//     twist     once all 624 words are used, regenerate them all from the old ones
//     output    y = w[index], then "temper" it with four shift-and-xor steps
//
// As in core/rng.ts the state is a value: `nextMtUint32` returns the number and the next
// state, and a twist fills a fresh array. `legacyPermutation` is NumPy's permutation.
// Previous: train/fit.ts. Next: exact/sklearnSplit.ts.

/** The generator's state: 624 words and the position of the next one to use (624 = twist first). */
export interface Mt19937 {
  readonly words: Readonly<Uint32Array> // (624)
  readonly index: number
}

// The constants of MT19937: N words of state, the middle offset M used by the twist, the
// twist matrix's last row A, and the masks splitting a word into its top bit and the rest.
const N = 624
const M = 397
const MATRIX_A = 0x9908b0df
const UPPER_MASK = 0x80000000
const LOWER_MASK = 0x7fffffff

// Seeding
// -------

/**
 * The classic `init_genrand(seed)`, which NumPy's `RandomState(seed)` uses for an integer
 * seed; the low 32 bits of `seed` are used.
 * @example nextMtUint32(seedMt19937(5489))[0] === 3499211612
 */
export const seedMt19937 = (seed: number): Mt19937 => {
  const words = new Uint32Array(N)
  words[0] = seed >>> 0
  for (let i = 1; i < N; i++) {
    const prev = words[i - 1]
    // Math.imul multiplies modulo 2³², as C's unsigned arithmetic does.
    words[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0
  }
  return { words, index: N }
}

// Drawing numbers
// ---------------

// The twist: each new word mixes the top bit of word k with the low 31 bits of word k + 1,
// then xors in word k + M (which, past the middle, is already a *new* word; the reference
// code updates in place, so we do too, but in a copy we own).
const twist = (old: Readonly<Uint32Array>): Uint32Array => {
  const w = Uint32Array.from(old) // (624)
  for (let k = 0; k < N; k++) {
    const y = (w[k] & UPPER_MASK) | (w[(k + 1) % N] & LOWER_MASK)
    w[k] = w[(k + M) % N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)
  }
  return w
}

// Tempering improves how evenly the bits of consecutive outputs are spread.
const temper = (word: number): number => {
  let y = word
  y ^= y >>> 11
  y ^= (y << 7) & 0x9d2c5680
  y ^= (y << 15) & 0xefc60000
  y ^= y >>> 18
  return y >>> 0
}

/**
 * The next unsigned 32-bit output and the state after it.
 * @example nextMtUint32(seedMt19937(5489))[0] === 3499211612
 */
export const nextMtUint32 = (state: Mt19937): readonly [number, Mt19937] => {
  const words = state.index >= N ? twist(state.words) : state.words
  const index = state.index >= N ? 0 : state.index
  return [temper(words[index]), { words, index: index + 1 }]
}

/**
 * A uniform integer in [0, max] exactly as NumPy's legacy `random_interval` draws it:
 * mask each output down to the smallest all-ones mask covering `max`, and draw again
 * while the result is too large. `max` must be an integer in [0, 2³²).
 * @example randomInterval(seedMt19937(42), 9)[0] // 6, since 1608637542 & 15 = 6
 */
export const randomInterval = (state: Mt19937, max: number): readonly [number, Mt19937] => {
  if (max === 0) return [0, state]
  let mask = max
  mask |= mask >>> 1
  mask |= mask >>> 2
  mask |= mask >>> 4
  mask |= mask >>> 8
  mask |= mask >>> 16
  let current = state
  for (;;) {
    const [bits, next] = nextMtUint32(current)
    current = next
    const value = (bits & mask) >>> 0
    if (value <= max) return [value, current]
  }
}

// NumPy's permutation
// -------------------

// `RandomState(seed).permutation(n)` is `arange(n)` shuffled by Fisher–Yates from the end:
// for i = n − 1 down to 1, swap position i with a position j drawn uniformly from [0, i].
// It is the same algorithm as `permutation` in core/rng.ts; only the generator differs.

/**
 * `np.random.RandomState(seed).permutation(n)`: the numbers 0 … n − 1 in NumPy's shuffled
 * order. `n` must be an integer in [0, 2³¹); otherwise this throws a `RangeError`.
 * @example legacyPermutation(10, 42) // [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]
 */
export const legacyPermutation = (n: number, seed: number): Int32Array => {
  if (!(Number.isInteger(n) && n >= 0 && n <= 0x7fffffff)) {
    throw new RangeError(`legacyPermutation: n must be an integer in [0, 2^31), got ${n}`)
  }
  const order = new Int32Array(n) // (n)
  for (let i = 0; i < n; i++) order[i] = i
  let state = seedMt19937(seed)
  for (let i = n - 1; i > 0; i--) {
    const [j, next] = randomInterval(state, i)
    state = next
    const tmp = order[i]
    order[i] = order[j]
    order[j] = tmp
  }
  return order
}
