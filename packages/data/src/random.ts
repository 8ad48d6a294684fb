import { DataError } from '@bert/core';

const TWO_TO_32 = 4294967296;

/** A writable array-like: plain arrays and every typed array. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

/** SplitMix32 step: the usual way to spread a small seed over xoshiro's 128-bit state. */
function splitMix32(state: number): [next: number, output: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/** MurmurHash3's 32-bit finalizer: a bijection with full avalanche, used to derive independent streams. */
function fmix32(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function rotl(value: number, shift: number): number {
  return (value << shift) | (value >>> (32 - shift));
}

/**
 * A seeded xoshiro128** generator (Blackman & Vigna): four 32-bit state words, period 2^128 − 1, fast in JS because
 * every step is 32-bit integer arithmetic. Every random choice of @bert/data goes through an `Rng` passed in, so the
 * same seed gives the same data, and `getState()` saved in a checkpoint resumes the exact same stream.
 *
 * ```ts
 * const rng = new Rng(42);
 * rng.int(6);                       // 0…5
 * const saved = rng.getState();     // [w0, w1, w2, w3]
 * const a = rng.next();
 * Rng.fromState(saved).next() === a // true
 * ```
 */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** `seed` is any safe integer; both its 32-bit halves feed the state. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new DataError(`Rng seed (${seed}) must be a safe integer`);
    let mix = (seed | 0) ^ fmix32(Math.floor(seed / TWO_TO_32));
    const words: number[] = [];
    for (let index = 0; index < 4; index++) {
      const [next, output] = splitMix32(mix);
      mix = next;
      words.push(output);
    }
    this.setState(words);
  }

  /** A generator continuing from a state returned by `getState()`. */
  static fromState(state: readonly number[]): Rng {
    const rng = new Rng(0);
    rng.setState(state);
    return rng;
  }

  /** The four state words (unsigned 32-bit integers); JSON-safe, for checkpoints. */
  getState(): number[] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  setState(state: readonly number[]): void {
    const valid = state.length === 4 && state.every((word) => Number.isInteger(word) && word >= 0 && word < TWO_TO_32);
    if (!valid) throw new DataError(`Rng state (${JSON.stringify(state)}) must be four unsigned 32-bit integers`);
    if (state.every((word) => word === 0))
      throw new DataError('Rng state must not be all zeros (xoshiro never leaves it)');
    [this.s0, this.s1, this.s2, this.s3] = state.map((word) => word | 0) as [number, number, number, number];
  }

  /** The next 32-bit output as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** A float in [0, 1) with 32 random bits. */
  next(): number {
    return this.nextUint32() / TWO_TO_32;
  }

  /** A uniform integer in [0, n), without modulo bias (rejection sampling); n ≤ 2^32. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > TWO_TO_32)
      throw new DataError(`Rng.int(n): n (${n}) must be an integer in [1, 2^32]`);
    const limit = TWO_TO_32 - (TWO_TO_32 % n);
    let value = this.nextUint32();
    while (value >= limit) value = this.nextUint32();
    return value % n;
  }

  /** Shuffles `array` in place (Fisher–Yates) and returns it; works on plain and typed arrays. */
  shuffle<A extends MutableArrayLike<unknown>>(array: A): A {
    for (let index = array.length - 1; index > 0; index--) {
      const other = this.int(index + 1);
      const held = array[index];
      array[index] = array[other];
      array[other] = held;
    }
    return array;
  }

  /**
   * Number of Bernoulli(p) trials up to and including the first success: support {1, 2, …}, mean 1/p. Inversion
   * (one draw) rather than counting trials, so the cost does not grow as p shrinks.
   */
  geometric(p: number): number {
    if (!(p > 0 && p <= 1)) throw new DataError(`Rng.geometric(p): p (${p}) must be in (0, 1]`);
    if (p === 1) return 1;
    return Math.floor(Math.log(1 - this.next()) / Math.log(1 - p)) + 1;
  }

  /** A new generator seeded from this one's next four outputs (advances this one). */
  fork(): Rng {
    const words = [this.nextUint32(), this.nextUint32(), this.nextUint32(), this.nextUint32()];
    if (!words.some((word) => word !== 0)) words[0] = 1;
    return Rng.fromState(words);
  }

  /**
   * An independent generator keyed by `keys` (e.g. epoch, batch index), computed from this state without advancing
   * it: `derive(3, 7)` is the same stream whenever and however often it is asked for, which lets a dataset jump to
   * any epoch or batch on resume.
   */
  derive(...keys: number[]): Rng {
    const words = this.getState();
    keys.forEach((key, keyIndex) => {
      if (!Number.isSafeInteger(key))
        throw new DataError(`Rng.derive: key ${keyIndex} (${key}) must be a safe integer`);
      const low = key >>> 0;
      const high = Math.floor(key / TWO_TO_32) >>> 0;
      for (let word = 0; word < 4; word++) {
        const salt = fmix32((keyIndex * 4 + word + 1) * 0x9e3779b9);
        words[word] = fmix32((words[word] ?? 0) ^ fmix32(low ^ salt) ^ fmix32(high + salt));
      }
      // Chain the lanes (a bijection, like a Feistel round) so that a key change reaches all four words.
      for (let word = 0; word < 4; word++) words[word] = fmix32((words[word] ?? 0) ^ (words[(word + 3) % 4] ?? 0));
    });
    if (!words.some((word) => word !== 0)) words[0] = 1;
    return Rng.fromState(words);
  }
}
