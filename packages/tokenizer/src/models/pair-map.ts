/**
 * `(left id, right id) → value` for non-negative int32 ids and values, as an open-addressing hash table over typed
 * arrays. BPE looks a pair up for every adjacent symbol pair of every word, so lookups must not allocate: a
 * `Map<number, …>` keyed by `left * V + right` would box keys above 2^30 on every call.
 *
 *   const ranks = new PairMap(2);
 *   ranks.set(7, 9, 0);
 *   ranks.get(7, 9); // 0
 *   ranks.get(9, 7); // -1 (absent)
 */
export class PairMap {
  /** Entries of four int32: left (-1 = empty slot), right, value, padding; one probe reads one cache line. */
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expectedSize: number) {
    let capacity = 16;
    while (capacity < expectedSize * 2) capacity *= 2; // load factor ≤ 0.5 keeps probe chains short
    this.slots = emptySlots(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The value stored for `(left, right)`, or -1. */
  get(left: number, right: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = hashPair(left, right) & mask;
    for (;;) {
      const base = slot << 2;
      const stored = slots[base] as number;
      if (stored === left && slots[base + 1] === right) return slots[base + 2] as number;
      if (stored === -1) return -1;
      slot = (slot + 1) & mask;
    }
  }

  /** Inserts or overwrites. */
  set(left: number, right: number, value: number): void {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    const slots = this.slots;
    let slot = hashPair(left, right) & this.mask;
    for (;;) {
      const base = slot << 2;
      const stored = slots[base] as number;
      if (stored === -1) {
        slots[base] = left;
        slots[base + 1] = right;
        slots[base + 2] = value;
        this.count++;
        return;
      }
      if (stored === left && slots[base + 1] === right) {
        slots[base + 2] = value;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.slots = emptySlots(capacity);
    this.mask = capacity - 1;
    this.count = 0;
    for (let base = 0; base < old.length; base += 4) {
      const left = old[base] as number;
      if (left !== -1) this.set(left, old[base + 1] as number, old[base + 2] as number);
    }
  }
}

function emptySlots(capacity: number): Int32Array {
  const slots = new Int32Array(capacity * 4);
  for (let base = 0; base < slots.length; base += 4) slots[base] = -1;
  return slots;
}

function hashPair(left: number, right: number): number {
  let hash = Math.imul(left, 0x9e3779b1) ^ Math.imul(right + 0x7f4a7c15, 0x85ebca6b);
  hash ^= hash >>> 15;
  return Math.imul(hash, 0x2c1b3c6d) ^ (hash >>> 12);
}
