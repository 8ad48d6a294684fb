/**
 * Dense integer ids for symbol pairs `(left, right)` and their running counts, as used by BPE training.
 *
 * A JS `Map` keyed by `left * 2^k + right` would leave the small-integer range once ids pass 2^15 and hash boxed
 * doubles; this open-addressing table on typed arrays keeps the hot loop of training allocation-free.
 *
 * ```ts
 * const pairs = new PairTable();
 * const id = pairs.id(7, 3); // 0: first pair seen
 * pairs.count[id] += 5;
 * pairs.find(7, 3);          // 0; pairs.find(3, 7) === -1
 * ```
 */
export class PairTable {
  /** Left symbol of each pair, by pair id. */
  left = new Int32Array(1024);
  /** Right symbol of each pair, by pair id. */
  right = new Int32Array(1024);
  /** Running count of each pair (sum of the counts of the words it occurs in, per occurrence). */
  count = new Float64Array(1024);
  /** Number of pairs. */
  size = 0;
  /** `pairId + 1` per slot; 0 marks an empty slot. */
  private slots = new Int32Array(2048);
  private mask = 2047;

  /** The id of `(left, right)`, inserting the pair with count 0 when new. */
  id(left: number, right: number): number {
    let slot = hashPair(left, right) & this.mask;
    for (;;) {
      const stored = this.slots[slot]!;
      if (stored === 0) break;
      const pair = stored - 1;
      if (this.left[pair] === left && this.right[pair] === right) return pair;
      slot = (slot + 1) & this.mask;
    }
    const pair = this.size++;
    if (pair === this.left.length) this.growPairs();
    this.left[pair] = left;
    this.right[pair] = right;
    this.count[pair] = 0;
    this.slots[slot] = pair + 1;
    // Keep the load factor under 1/2 so probes stay short.
    if (this.size * 2 > this.mask) this.rehash();
    return pair;
  }

  /** The id of `(left, right)`, or -1 when the pair was never seen. */
  find(left: number, right: number): number {
    let slot = hashPair(left, right) & this.mask;
    for (;;) {
      const stored = this.slots[slot]!;
      if (stored === 0) return -1;
      const pair = stored - 1;
      if (this.left[pair] === left && this.right[pair] === right) return pair;
      slot = (slot + 1) & this.mask;
    }
  }

  private growPairs(): void {
    const capacity = this.left.length * 2;
    this.left = grow(this.left, new Int32Array(capacity));
    this.right = grow(this.right, new Int32Array(capacity));
    this.count = grow(this.count, new Float64Array(capacity));
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let pair = 0; pair < this.size; pair++) {
      let slot = hashPair(this.left[pair]!, this.right[pair]!) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = pair + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function hashPair(left: number, right: number): number {
  let hash = Math.imul(left, 0x9e3779b1) ^ right;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  return hash ^ (hash >>> 13);
}

/** Copies `from` into the larger `to` and returns `to`. */
export function grow<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
