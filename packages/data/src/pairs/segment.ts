import type { Rng } from '../random';
import type { TokenizedSentence } from '../tokenize/tokenize-documents';

/**
 * Tokens of consecutive sentences, growing at the end and truncatable at both ends (a window `[start, end)` over the
 * appended tokens), so `truncateSeqPair` never copies.
 */
export class Segment {
  private readonly ids: number[] = [];
  private readonly starts: number[] = [];
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  append(sentence: TokenizedSentence): void {
    for (let index = 0; index < sentence.ids.length; index++) {
      this.ids.push(sentence.ids[index] ?? 0);
      this.starts.push(sentence.wordStarts[index] ?? 1);
    }
    this.end = this.ids.length;
  }

  /** Appends `sentence.ids[from, to)`: used to cut a single long sentence in two. */
  appendSlice(sentence: TokenizedSentence, from: number, to: number): void {
    this.append({ ids: sentence.ids.subarray(from, to), wordStarts: sentence.wordStarts.subarray(from, to) });
  }

  dropFront(): void {
    this.start++;
  }

  dropBack(): void {
    this.end--;
  }

  toIds(): Int32Array {
    return Int32Array.from(this.ids.slice(this.start, this.end)); // [T]
  }

  toWordStarts(): Uint8Array {
    return Uint8Array.from(this.starts.slice(this.start, this.end)); // [T]
  }
}

/**
 * google-research/bert's `truncate_seq_pair`: while |A| + |B| > maxNumTokens, drop one token from the longer side
 * (B on a tie), from its front or its back with probability ½ each, "to add more randomness and avoid biases".
 */
export function truncateSeqPair(first: Segment, second: Segment, maxNumTokens: number, rng: Rng): void {
  while (first.length + second.length > maxNumTokens) {
    const longer = first.length > second.length ? first : second;
    if (rng.next() < 0.5) longer.dropFront();
    else longer.dropBack();
  }
}

/** Python's `rng.randint(low, high)`: both ends included. */
export function randint(rng: Rng, low: number, high: number): number {
  return low + rng.int(high - low + 1);
}
