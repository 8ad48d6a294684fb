/**
 * The dropout seed of micro-batch `microBatch` of step `step`: a hash of (seed, step, micro-batch), so the masks
 * depend only on where training is, never on what ran before in the process — the reason a resumed run draws the
 * same masks as an uninterrupted one. 31 bits, since the model adds the dropout site's index to it.
 *
 * @example dropoutSeed(42, 0, 0) === dropoutSeed(42, 0, 0) // and differs from dropoutSeed(42, 1, 0)
 */
export function dropoutSeed(seed: number, step: number, microBatch: number): number {
  let hash = fmix32((seed >>> 0) ^ 0x9e3779b9);
  hash = fmix32(hash ^ (step >>> 0));
  hash = fmix32(hash ^ Math.imul(microBatch + 1, 0x85ebca6b));
  return hash >>> 1;
}

/** MurmurHash3's 32-bit finalizer: every input bit flips each output bit with probability ≈ 1/2. */
function fmix32(value: number): number {
  let hash = value >>> 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
