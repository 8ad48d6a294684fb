/**
 * Streaming word counts: the only state a trainer keeps while a corpus is fed, so a 100 MB corpus costs memory in
 * proportion to its distinct words, not its size.
 *
 * ```ts
 * const counts = new WordCounts();
 * counts.add(['low', 'low', 'lower']);
 * counts.add(['low']);
 * counts.get(); // Map { 'low' => 3, 'lower' => 1 }, in order of first appearance
 * ```
 *
 * The map keeps insertion order (first appearance in the corpus), which the trainers use wherever HF `tokenizers`
 * iterates its word `HashMap` in an unspecified order: the result is deterministic for a given corpus.
 */
export class WordCounts {
  private readonly counts = new Map<string, number>();
  private total = 0;

  /** Counts the words of one pre-tokenized sequence. */
  add(words: Iterable<string>): void {
    const counts = this.counts;
    for (const word of words) {
      counts.set(word, (counts.get(word) ?? 0) + 1);
      this.total++;
    }
  }

  /** Adds `count` occurrences of `word` at once (merging counts computed elsewhere). */
  addCount(word: string, count: number): void {
    this.counts.set(word, (this.counts.get(word) ?? 0) + count);
    this.total += count;
  }

  /** Word → number of occurrences, in order of first appearance. Live view: do not mutate. */
  get(): ReadonlyMap<string, number> {
    return this.counts;
  }

  /** Number of distinct words. */
  get size(): number {
    return this.counts.size;
  }

  /** Number of words fed, with repetitions. */
  get totalWords(): number {
    return this.total;
  }
}
