import type { ProgressCallback } from '../types';
import { mergePairs } from './bpe-merge-loop';
import type { BpeTrainerOptions } from './bpe-trainer-options';
import { MergeQueue } from './merge-queue';
import { PairTable } from './pair-table';

/** What BPE training learns: token → id (ids dense from 0) and the merges in rank order. */
export interface BpeTrainingResult {
  vocab: Map<string, number>;
  merges: Array<[string, string]>;
}

/**
 * Learns a BPE vocabulary from word counts, reproducing HF `tokenizers`' `BpeTrainer` id for id:
 *
 * 1. special tokens get ids 0..k-1;
 * 2. then the alphabet (every character seen, plus `initialAlphabet`, cut to `limitAlphabet`), by code point;
 * 3. each word becomes a list of symbols (characters outside the alphabet are dropped, the prefix and suffix added),
 *    new prefixed/suffixed symbols getting the next ids in order of first appearance;
 * 4. while the vocabulary is smaller than `vocabSize`, the most frequent pair is merged (ties: lowest left id, then
 *    lowest right id) into a new token `left + right` (minus `right`'s continuing prefix), which gets the next id.
 *
 * Worked example (see the tests): words `low` ×5, `lower` ×2, `newest` ×6, `widest` ×3 give the alphabet
 * `d e i l n o r s t w` = ids 0..9. Pair counts: `e s` 9, `s t` 9, `w e` 8, `l o` 7, `o w` 7, … `(e, s)` and `(s, t)`
 * tie at 9; `e` (id 1) < `s` (id 7), so merge 1 is `e s` → `es` (id 10). Then `es t` (9) → `est` (11), then
 * `l o` (7, tied with `o w` but `l` = 3 < `o` = 5) → `lo` (12), then `lo w` (7) → `low` (13), then `e w` (6, tied
 * with `n e` but `e` = 1 < `n` = 4) → `ew` (14)…
 *
 * Where HF iterates a `HashMap` (word order in step 3, equal counts in `limitAlphabet`), its result varies from run
 * to run; here step 3 follows the map's insertion order and `limitAlphabet` drops higher code points first.
 *
 * Merges that repeat a pair (possible when a token can be built two ways) are kept once, at the rank of the last
 * one, as HF's `BPE` model stores them. Each merge visits only the words its pair was seen in (HF's
 * `where_to_update`), and the best pair comes from a max-heap whose stale counts are refreshed lazily.
 */
export function trainBpe(
  wordCounts: ReadonlyMap<string, number>,
  options: BpeTrainerOptions,
  onProgress?: ProgressCallback,
): BpeTrainingResult {
  const vocab = new Vocabulary();
  for (const token of options.specialTokens) vocab.add(token);
  for (const char of computeAlphabet(wordCounts, options.initialAlphabet, options.limitAlphabet)) vocab.add(char);

  const words = tokenizeWords(wordCounts, vocab, options.continuingSubwordPrefix, options.endOfWordSuffix);
  const pairs = new PairTable();
  const queue = countPairs(words, pairs, onProgress);
  const mergedPairs = mergePairs(words, pairs, queue, vocab, options, onProgress);

  // Keep the last occurrence of a repeated pair, as HF's model map (pair → rank) does.
  const seen = new Set<number>();
  const merges: Array<[string, string]> = [];
  for (let index = mergedPairs.length - 1; index >= 0; index--) {
    const pair = mergedPairs[index]!;
    if (seen.has(pair)) continue;
    seen.add(pair);
    merges.push([vocab.tokens[pairs.left[pair]!]!, vocab.tokens[pairs.right[pair]!]!]);
  }
  merges.reverse();
  return { vocab: vocab.ids, merges };
}

/** Token ↔ id, ids dense in order of insertion. */
export class Vocabulary {
  readonly ids = new Map<string, number>();
  readonly tokens: string[] = [];

  get size(): number {
    return this.tokens.length;
  }

  add(token: string): number {
    let id = this.ids.get(token);
    if (id === undefined) {
      id = this.tokens.length;
      this.tokens.push(token);
      this.ids.set(token, id);
    }
    return id;
  }
}

/** The characters to start from, sorted by code point. */
export function computeAlphabet(
  wordCounts: ReadonlyMap<string, number>,
  initialAlphabet: readonly string[],
  limitAlphabet: number | undefined,
): string[] {
  const counts = new Map<string, number>();
  for (const [word, count] of wordCounts) {
    for (const char of word) counts.set(char, (counts.get(char) ?? 0) + count);
  }
  for (const chars of initialAlphabet) {
    const char = firstChar(chars);
    if (char !== undefined) counts.set(char, Number.POSITIVE_INFINITY);
  }
  let kept = [...counts];
  if (limitAlphabet !== undefined && kept.length > limitAlphabet) {
    // Most frequent first; HF breaks equal counts by an unstable sort of a HashMap, here the lower code point wins.
    kept.sort(([charA, countA], [charB, countB]) =>
      countA !== countB ? (countA > countB ? -1 : 1) : charA.codePointAt(0)! - charB.codePointAt(0)!,
    );
    kept = kept.slice(0, limitAlphabet);
  }
  return kept.map(([char]) => char).sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
}

function firstChar(text: string): string | undefined {
  for (const char of text) return char;
  return undefined;
}

/**
 * The corpus as symbol ids: word `w` is `symbols[start[w] .. start[w] + length[w])`, shrinking in place as merges
 * apply. `charLength` is each symbol's length in characters (for `maxTokenLength`); `count` the word's frequency.
 */
export interface BpeWords {
  start: Int32Array;
  length: Int32Array;
  count: Float64Array;
  symbols: Int32Array;
  charLength: Int32Array;
}

function tokenizeWords(
  wordCounts: ReadonlyMap<string, number>,
  vocab: Vocabulary,
  prefix: string | undefined,
  suffix: string | undefined,
): BpeWords {
  let capacity = 0;
  for (const word of wordCounts.keys()) capacity += word.length;
  const words: BpeWords = {
    start: new Int32Array(wordCounts.size),
    length: new Int32Array(wordCounts.size),
    count: new Float64Array(wordCounts.size),
    symbols: new Int32Array(capacity),
    charLength: new Int32Array(capacity).fill(1),
  };
  let cursor = 0;
  let index = 0;
  for (const [word, count] of wordCounts) {
    words.start[index] = cursor;
    words.count[index] = count;
    for (let unit = 0; unit < word.length; ) {
      const width = word.codePointAt(unit)! > 0xffff ? 2 : 1;
      const char = width === 1 ? word[unit]! : word.slice(unit, unit + 2);
      const isFirst = unit === 0;
      unit += width;
      let id = vocab.ids.get(char);
      if (id === undefined) continue; // outside the (limited) alphabet: dropped, as in HF
      if (prefix !== undefined || suffix !== undefined) {
        let symbol = char;
        if (!isFirst && prefix !== undefined) symbol = prefix + symbol;
        if (unit >= word.length && suffix !== undefined) symbol = symbol + suffix;
        id = vocab.add(symbol);
      }
      words.symbols[cursor++] = id;
    }
    words.length[index] = cursor - words.start[index]!;
    index++;
  }
  return words;
}

/** Counts every adjacent pair and queues one entry per pair, listing the words it occurs in. */
function countPairs(words: BpeWords, pairs: PairTable, onProgress: ProgressCallback | undefined): MergeQueue {
  const { start, length, count, symbols } = words;
  const wordTotal = start.length;
  const windowPair = new Int32Array(symbols.length);
  for (let word = 0; word < wordTotal; word++) {
    const first = start[word]!;
    const end = first + length[word]!;
    const weight = count[word]!;
    for (let position = first; position + 1 < end; position++) {
      const pair = pairs.id(symbols[position]!, symbols[position + 1]!);
      pairs.count[pair]! += weight;
      windowPair[position] = pair;
    }
    if (onProgress && word % 10000 === 0) onProgress('count pairs', word, wordTotal);
  }

  // Word lists per pair in one flat array (CSR): a word occurs once in the list of each of its pairs.
  const lastWord = new Int32Array(pairs.size).fill(-1);
  const offsets = new Int32Array(pairs.size + 1);
  forEachDistinctPair(words, windowPair, lastWord, (pair) => offsets[pair + 1]!++);
  for (let pair = 0; pair < pairs.size; pair++) offsets[pair + 1]! += offsets[pair]!;
  const positions = new Int32Array(offsets[pairs.size]!);
  const fill = offsets.slice(0, pairs.size);
  lastWord.fill(-1);
  forEachDistinctPair(words, windowPair, lastWord, (pair, word) => {
    positions[fill[pair]!++] = word;
  });

  const queue = new MergeQueue(pairs);
  for (let pair = 0; pair < pairs.size; pair++) {
    const pairCount = pairs.count[pair]!;
    if (pairCount > 0) queue.append(pair, pairCount, positions.subarray(offsets[pair]!, offsets[pair + 1]!));
  }
  queue.heapify();
  onProgress?.('count pairs', wordTotal, wordTotal);
  return queue;
}

function forEachDistinctPair(
  words: BpeWords,
  windowPair: Int32Array,
  lastWord: Int32Array,
  visit: (pair: number, word: number) => void,
): void {
  for (let word = 0; word < words.start.length; word++) {
    const first = words.start[word]!;
    const end = first + words.length[word]!;
    for (let position = first; position + 1 < end; position++) {
      const pair = windowPair[position]!;
      if (lastWord[pair] === word) continue;
      lastWord[pair] = word;
      visit(pair, word);
    }
  }
}
