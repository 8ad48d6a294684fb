import type { PairMap } from './pair-map';

/** Words up to this many symbols merge by scanning; longer ones (and dropout) use HF's priority queue. */
const LINEAR_SCAN_LIMIT = 48;

/** The merge table of a BPE model: `(left id, right id) → rank`, and the id each rank produces. */
export interface MergeTable {
  readonly ranks: PairMap;
  readonly resultIds: Int32Array;
}

/**
 * One word as a doubly linked list of symbols (token ids) and the merge loop of HF's `Word::merge_all`.
 * The buffers are reused from word to word, so merging allocates nothing once they have grown.
 *
 * Worked example (vocab `u n r e l a t d re at ed un ated rel related unrelated`, merges in rank order
 * `r e`, `a t`, `e d`, `u n`, `at ed`, `re l`, `rel ated`, `un related`), word "unrelated":
 *
 *   u n r e l a t e d      candidate pairs ranked: (r e)=0 at 2, (a t)=1 at 5, (e d)=2 at 7, (u n)=3 at 0
 *   u n re l a t e d       pop (0, pos 2): merge; new pairs (n re) none, (re l)=5 at 2
 *   u n re l at e d        pop (1, pos 5): (l at) none, (at e) none
 *   u n re l at ed         pop (2, pos 7): (at ed)=4 at 5
 *   un re l at ed          pop (3, pos 0): (un re) none
 *   un re l ated           pop (4, pos 5): (l ated) none
 *   un rel ated            pop (5, pos 2): (un rel) none, (rel ated)=6 at 2
 *   un related             pop (6, pos 2): (un related)=7 at 0
 *   unrelated              pop (7, pos 0)
 *
 * The queue is ordered by rank, then by position, so among equal ranks the leftmost pair merges first
 * ("aaa" with merge `a a` gives "aa a", not "a aa").
 */
export class SymbolWord {
  /** Number of symbols pushed, including the ones merged away (their `lengths` are 0). */
  count = 0;
  ids = new Int32Array(64);
  lengths = new Int32Array(64);
  private previous = new Int32Array(64);
  private following = new Int32Array(64);
  private pairRanks = new Int32Array(64);
  // Binary min-heap of (rank, position) pairs.
  private heapRanks = new Int32Array(64);
  private heapPositions = new Int32Array(64);
  private heapSize = 0;
  // Entries popped and skipped by dropout, pushed back after the next merge attempt.
  private skippedRanks: number[] = [];
  private skippedPositions: number[] = [];

  reset(): void {
    this.count = 0;
  }

  push(id: number, length: number): void {
    const index = this.count;
    if (index === this.ids.length) this.growSymbols();
    this.ids[index] = id;
    this.lengths[index] = length;
    this.previous[index] = index - 1;
    this.following[index] = -1;
    if (index > 0) this.following[index - 1] = index;
    this.count = index + 1;
  }

  /**
   * Applies merges until none is left, as HF `Word::merge_all`. With `dropout > 0`, each popped merge is skipped
   * with probability `dropout` (`random() < dropout`); skipped merges come back once another merge is attempted.
   */
  mergeAll(table: MergeTable, dropout: number, random: () => number): void {
    if (dropout > 0 || this.count > LINEAR_SCAN_LIMIT) this.mergeWithQueue(table, dropout, random);
    else this.mergeWithScan(table);
  }

  /**
   * Same result as the queue without dropout, faster on short words: repeatedly merge the lowest-ranked adjacent
   * pair, leftmost first. `pairRanks[i]` caches the rank of the pair starting at symbol i.
   */
  private mergeWithScan(table: MergeTable): void {
    const { ranks, resultIds } = table;
    const ids = this.ids;
    const lengths = this.lengths;
    const previous = this.previous;
    const following = this.following;
    const pairRanks = this.pairRanks;
    const count = this.count;
    if (count < 2) return;
    for (let position = 0; position + 1 < count; position++) {
      pairRanks[position] = ranks.get(ids[position] as number, ids[position + 1] as number);
    }
    pairRanks[count - 1] = -1;
    for (;;) {
      let best = -1;
      let bestRank = 0x7fffffff;
      for (let position = 0; position !== -1; position = following[position] as number) {
        const rank = pairRanks[position] as number;
        if (rank >= 0 && rank < bestRank) {
          bestRank = rank;
          best = position;
        }
      }
      if (best === -1) return;
      const right = following[best] as number;
      const newId = resultIds[bestRank] as number;
      ids[best] = newId;
      lengths[best] = (lengths[best] as number) + (lengths[right] as number);
      lengths[right] = 0;
      const next = following[right] as number;
      following[best] = next;
      if (next !== -1) previous[next] = best;
      pairRanks[best] = next === -1 ? -1 : ranks.get(newId, ids[next] as number);
      const before = previous[best] as number;
      if (before >= 0) pairRanks[before] = ranks.get(ids[before] as number, newId);
    }
  }

  private mergeWithQueue(table: MergeTable, dropout: number, random: () => number): void {
    const { ranks, resultIds } = table;
    const ids = this.ids;
    const lengths = this.lengths;
    const previous = this.previous;
    const following = this.following;
    this.heapSize = 0;
    for (let position = 0; position + 1 < this.count; position++) {
      const rank = ranks.get(ids[position] as number, ids[position + 1] as number);
      if (rank >= 0) this.heapPush(rank, position);
    }
    const skippedRanks = this.skippedRanks;
    const skippedPositions = this.skippedPositions;
    let skipped = 0;

    while (this.heapSize > 0) {
      const rank = this.heapRanks[0] as number;
      const position = this.heapPositions[0] as number;
      this.heapPop();
      if (dropout > 0 && random() < dropout) {
        skippedRanks[skipped] = rank;
        skippedPositions[skipped] = position;
        skipped++;
        continue;
      }
      for (let index = 0; index < skipped; index++) {
        this.heapPush(skippedRanks[index] as number, skippedPositions[index] as number);
      }
      skipped = 0;

      if (lengths[position] === 0) continue; // merged away since it was queued
      const right = following[position] as number;
      if (right === -1) continue;
      // The entry is stale if the pair at `position` changed; HF compares the ids the merges produce.
      const newId = resultIds[rank] as number;
      const currentRank = ranks.get(ids[position] as number, ids[right] as number);
      if (currentRank < 0 || resultIds[currentRank] !== newId) continue;

      ids[position] = newId;
      lengths[position] = (lengths[position] as number) + (lengths[right] as number);
      lengths[right] = 0;
      const next = following[right] as number;
      following[position] = next;
      if (next !== -1) previous[next] = position;

      const before = previous[position] as number;
      if (before >= 0) {
        const newRank = ranks.get(ids[before] as number, newId);
        if (newRank >= 0) this.heapPush(newRank, before);
      }
      if (next !== -1) {
        const newRank = ranks.get(newId, ids[next] as number);
        if (newRank >= 0) this.heapPush(newRank, position);
      }
    }
  }

  private heapPush(rank: number, position: number): void {
    if (this.heapSize === this.heapRanks.length) {
      this.heapRanks = grow(this.heapRanks);
      this.heapPositions = grow(this.heapPositions);
    }
    const ranks = this.heapRanks;
    const positions = this.heapPositions;
    let child = this.heapSize++;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      const parentRank = ranks[parent] as number;
      if (parentRank < rank || (parentRank === rank && (positions[parent] as number) <= position)) break;
      ranks[child] = parentRank;
      positions[child] = positions[parent] as number;
      child = parent;
    }
    ranks[child] = rank;
    positions[child] = position;
  }

  private heapPop(): void {
    const ranks = this.heapRanks;
    const positions = this.heapPositions;
    const size = --this.heapSize;
    if (size === 0) return;
    const rank = ranks[size] as number;
    const position = positions[size] as number;
    let parent = 0;
    for (;;) {
      let child = 2 * parent + 1;
      if (child >= size) break;
      const other = child + 1;
      if (other < size) {
        const childRank = ranks[child] as number;
        const otherRank = ranks[other] as number;
        if (
          otherRank < childRank ||
          (otherRank === childRank && (positions[other] as number) < (positions[child] as number))
        ) {
          child = other;
        }
      }
      const childRank = ranks[child] as number;
      if (rank < childRank || (rank === childRank && position <= (positions[child] as number))) break;
      ranks[parent] = childRank;
      positions[parent] = positions[child] as number;
      parent = child;
    }
    ranks[parent] = rank;
    positions[parent] = position;
  }

  private growSymbols(): void {
    this.ids = grow(this.ids);
    this.lengths = grow(this.lengths);
    this.previous = grow(this.previous);
    this.following = grow(this.following);
    this.pairRanks = grow(this.pairRanks);
  }
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
