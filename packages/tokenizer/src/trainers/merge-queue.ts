import { grow, type PairTable } from './pair-table';

/**
 * The priority queue of candidate merges of BPE training, as HF `tokenizers` keeps it: a binary max-heap of entries
 * `{ pair, count, positions }`, ordered by count (highest first), then by pair ids ascending (`left`, then `right`).
 *
 * Entries are lazy: a pair's true count lives in the `PairTable` and an entry's `count` is only a snapshot, so the
 * trainer re-pushes an entry whose snapshot is stale when it reaches the top. `positions` lists the words (indices)
 * where the pair was seen when the entry was made; the same pair can have several entries, each merged only in its
 * own words, exactly as in HF (where `Merge.pos` is a `HashSet<usize>` per entry). Positions may repeat; the trainer
 * skips repeats.
 *
 * ```ts
 * const queue = new MergeQueue(pairs);
 * queue.push(pairs.id(1, 2), 10, Int32Array.of(0, 3)); // pair (1, 2) seen 10 times, in words 0 and 3
 * queue.push(pairs.id(0, 5), 10, Int32Array.of(1));    // same count, smaller left id: pops first
 * queue.pop(); // entry of (0, 5)
 * ```
 */
export class MergeQueue {
  private heap = new Int32Array(1024);
  private length = 0;
  private entryCount = new Float64Array(1024);
  private entryPair = new Int32Array(1024);
  private entryPositions: Array<Int32Array | undefined> = [];
  private freeEntries: number[] = [];
  private entries = 0;

  constructor(private readonly pairs: PairTable) {}

  get size(): number {
    return this.length;
  }

  /** Adds an entry without restoring heap order; call `heapify()` after a batch of these. */
  append(pair: number, count: number, positions: Int32Array): void {
    const entry = this.allocate(pair, count, positions);
    if (this.length === this.heap.length) this.heap = grow(this.heap, new Int32Array(this.heap.length * 2));
    this.heap[this.length++] = entry;
  }

  /** Restores heap order after `append` calls, in O(n). */
  heapify(): void {
    for (let index = (this.length >> 1) - 1; index >= 0; index--) this.siftDown(index);
  }

  push(pair: number, count: number, positions: Int32Array): void {
    this.append(pair, count, positions);
    this.siftUp(this.length - 1);
  }

  /** Removes the best entry and returns its id (read it with `pairOf`, `countOf`, `positionsOf`), or -1 if empty. */
  pop(): number {
    if (this.length === 0) return -1;
    const top = this.heap[0]!;
    const last = this.heap[--this.length]!;
    if (this.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Puts a popped entry back with a fresh count (HF's lazy update). */
  reinsert(entry: number, count: number): void {
    this.entryCount[entry] = count;
    this.heap[this.length++] = entry;
    this.siftUp(this.length - 1);
  }

  /** Frees a popped entry for reuse. */
  release(entry: number): void {
    this.entryPositions[entry] = undefined;
    this.freeEntries.push(entry);
  }

  pairOf(entry: number): number {
    return this.entryPair[entry]!;
  }

  countOf(entry: number): number {
    return this.entryCount[entry]!;
  }

  positionsOf(entry: number): Int32Array {
    return this.entryPositions[entry]!;
  }

  private allocate(pair: number, count: number, positions: Int32Array): number {
    let entry = this.freeEntries.pop();
    if (entry === undefined) {
      entry = this.entries++;
      if (entry === this.entryPair.length) {
        this.entryPair = grow(this.entryPair, new Int32Array(entry * 2));
        this.entryCount = grow(this.entryCount, new Float64Array(entry * 2));
      }
    }
    this.entryPair[entry] = pair;
    this.entryCount[entry] = count;
    this.entryPositions[entry] = positions;
    return entry;
  }

  /** Whether entry `a` pops before entry `b`. */
  private before(a: number, b: number): boolean {
    const countA = this.entryCount[a]!;
    const countB = this.entryCount[b]!;
    if (countA !== countB) return countA > countB;
    const pairA = this.entryPair[a]!;
    const pairB = this.entryPair[b]!;
    const leftA = this.pairs.left[pairA]!;
    const leftB = this.pairs.left[pairB]!;
    if (leftA !== leftB) return leftA < leftB;
    return this.pairs.right[pairA]! < this.pairs.right[pairB]!;
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    const entry = heap[index]!;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentEntry = heap[parent]!;
      if (!this.before(entry, parentEntry)) break;
      heap[index] = parentEntry;
      index = parent;
    }
    heap[index] = entry;
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    const length = this.length;
    const entry = heap[index]!;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= length) break;
      if (child + 1 < length && this.before(heap[child + 1]!, heap[child]!)) child++;
      const childEntry = heap[child]!;
      if (!this.before(childEntry, entry)) break;
      heap[index] = childEntry;
      index = child;
    }
    heap[index] = entry;
  }
}
