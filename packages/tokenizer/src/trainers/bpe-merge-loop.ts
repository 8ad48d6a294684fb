import type { ProgressCallback } from '../types';
import type { BpeTrainerOptions } from './bpe-trainer-options';
import type { BpeWords, Vocabulary } from './bpe-training';
import type { MergeQueue } from './merge-queue';
import { grow, type PairTable } from './pair-table';

/** The merge loop; returns the merged pair ids in order (a pair may repeat). */
export function mergePairs(
  words: BpeWords,
  pairs: PairTable,
  queue: MergeQueue,
  vocab: Vocabulary,
  options: BpeTrainerOptions,
  onProgress: ProgressCallback | undefined,
): number[] {
  const { vocabSize, minFrequency, continuingSubwordPrefix: prefix } = options;
  const maxLength = options.maxTokenLength ?? Number.POSITIVE_INFINITY;
  const { start, length, count, symbols, charLength } = words;
  const lastMerge = new Int32Array(start.length).fill(-1);
  const created = new CreatedPairs();
  const merged: number[] = [];
  const report = (): void => onProgress?.('merges', Math.min(vocab.size, vocabSize), vocabSize);

  while (vocab.size < vocabSize) {
    const entry = queue.pop();
    if (entry < 0) break;
    const pair = queue.pairOf(entry);
    const pairCount = pairs.count[pair]!;
    if (queue.countOf(entry) !== pairCount) {
      queue.reinsert(entry, pairCount); // stale snapshot: requeue with the true count
      continue;
    }
    if (pairCount < 1 || minFrequency > pairCount) break;

    const left = pairs.left[pair]!;
    const right = pairs.right[pair]!;
    const rightToken = vocab.tokens[right]!;
    const rightPart =
      prefix !== undefined && rightToken.startsWith(prefix) ? rightToken.slice(prefix.length) : rightToken;
    const replacement = vocab.add(vocab.tokens[left]! + rightPart);
    const step = merged.length;
    merged.push(pair);

    const wordList = queue.positionsOf(entry);
    queue.release(entry);
    for (let index = 0; index < wordList.length; index++) {
      const word = wordList[index]!;
      if (lastMerge[word] === step) continue;
      lastMerge[word] = step;
      const weight = count[word]!;
      const first = start[word]!;
      const end = first + length[word]!;
      let read = first;
      while (read < end && symbols[read] !== left) read++; // nothing moves before the first candidate
      let write = read;
      // Same walk and same count updates as HF's `Word::merge`, compacting the word in place.
      while (read < end) {
        const symbol = symbols[read]!;
        if (symbol !== left || read + 1 >= end || symbols[read + 1] !== right) {
          symbols[write] = symbol;
          charLength[write++] = charLength[read++]!;
          continue;
        }
        const mergedLength = charLength[read]! + charLength[read + 1]!;
        if (write > first) {
          const previous = symbols[write - 1]!;
          pairs.count[pairs.id(previous, left)]! -= weight;
          if (charLength[write - 1]! + mergedLength < maxLength)
            created.add(pairs, previous, replacement, weight, word);
        }
        symbols[write] = replacement;
        charLength[write++] = mergedLength;
        read += 2;
        if (read < end) {
          const next = symbols[read]!;
          pairs.count[pairs.id(right, next)]! -= weight;
          if (charLength[read]! + mergedLength < maxLength) created.add(pairs, replacement, next, weight, word);
        }
      }
      length[word] = write - first;
    }
    created.flushInto(queue, pairs);
    if (onProgress && step % 1000 === 0) report();
  }
  report();
  return merged;
}

/** HF's `where_to_update`: the words where each pair was created during one merge, queued together afterwards. */
class CreatedPairs {
  private pairList = new Int32Array(1024);
  private wordList = new Int32Array(1024);
  private size = 0;
  private perPair = new Int32Array(1024);
  private touched: number[] = [];
  private ends = new Int32Array(1024);
  private arena = new Int32Array(1 << 16);
  private arenaUsed = 0;

  add(pairs: PairTable, left: number, right: number, weight: number, word: number): void {
    const pair = pairs.id(left, right);
    pairs.count[pair]! += weight;
    if (this.size === this.pairList.length) {
      this.pairList = grow(this.pairList, new Int32Array(this.size * 2));
      this.wordList = grow(this.wordList, new Int32Array(this.size * 2));
    }
    this.pairList[this.size] = pair;
    this.wordList[this.size++] = word;
  }

  /** Queues each created pair whose count is positive, with the words it was created in. */
  flushInto(queue: MergeQueue, pairs: PairTable): void {
    if (this.size === 0) return;
    if (this.perPair.length < pairs.size) this.perPair = grow(this.perPair, new Int32Array(pairs.left.length));
    const { perPair, touched, pairList, wordList } = this;
    for (let index = 0; index < this.size; index++) {
      const pair = pairList[index]!;
      if (perPair[pair]!++ === 0) touched.push(pair);
    }
    // Counting sort by pair: perPair[pair] becomes the end of the pair's slice of `positions`, then its start.
    const positions = this.allocatePositions(this.size);
    if (this.ends.length < touched.length) this.ends = new Int32Array(touched.length * 2);
    const ends = this.ends;
    let offset = 0;
    for (let index = 0; index < touched.length; index++) {
      const pair = touched[index]!;
      offset += perPair[pair]!;
      perPair[pair] = offset;
      ends[index] = offset;
    }
    for (let index = this.size - 1; index >= 0; index--) positions[--perPair[pairList[index]!]!] = wordList[index]!;
    for (let index = 0; index < touched.length; index++) {
      const pair = touched[index]!;
      const begin = perPair[pair]!;
      perPair[pair] = 0;
      const pairCount = pairs.count[pair]!;
      if (pairCount > 0) queue.push(pair, pairCount, positions.subarray(begin, ends[index]!));
    }
    touched.length = 0;
    this.size = 0;
  }

  /** Queue entries keep views of these word lists, so they are carved from shared chunks, never reused. */
  private allocatePositions(size: number): Int32Array {
    if (this.arenaUsed + size > this.arena.length) {
      this.arena = new Int32Array(Math.max(1 << 16, size));
      this.arenaUsed = 0;
    }
    this.arenaUsed += size;
    return this.arena.subarray(this.arenaUsed - size, this.arenaUsed);
  }
}
