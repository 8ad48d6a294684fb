import { DataError } from '@bert/core';
import { collateRows, type PretrainingBatch } from '../batching/pretraining-batch';
import type { Rng } from '../random';
import type { SpecialTokenIds } from '../tokenize/special-token-ids';
import { requireInteger, requireProbability, roundHalfEven } from '../validate';

export interface CourseBatchOptions {
  /** B, even: half the rows have B = A's next line (the course's `batch_size`, 6). */
  readonly batchSize: number;
  /** T: every row is padded to this length (the course's `maxlen`, 30). */
  readonly maxLength: number;
  /** P: prediction slots per row (the course's `max_pred`, 5). */
  readonly maxPredictions: number;
  /** Default 0.15. */
  readonly mlmProbability?: number;
  /** `[CLS] [SEP] [MASK] [PAD]` ids and V; random replacements are drawn from all of [0, V), as the course does. */
  readonly specialTokens: Pick<SpecialTokenIds, 'cls' | 'sep' | 'mask' | 'pad' | 'vocabSize'>;
  readonly rng: Rng;
}

/** One row of the course's batch, with the slots in the course's (shuffled) order and without padding. */
export interface CourseExample {
  /** Line indices of A and B. */
  readonly sentenceA: number;
  readonly sentenceB: number;
  /** B is the line right after A (`b = a + 1`): the course's `isNext`; `nextSentenceLabel` 0 in the batch. */
  readonly isNext: boolean;
  readonly inputIds: Int32Array; //        [L] `[CLS] A [SEP] B [SEP]` after masking, no padding
  readonly maskedPositions: Int32Array; // [M] in the order the course drew them, M ≤ P
  readonly maskedIds: Int32Array; //       [M] the original ids there
}

export interface CourseBatch {
  /** Rows in the order the course appends them; padded to `maxLength`. */
  readonly batch: PretrainingBatch;
  readonly examples: readonly CourseExample[];
}

/**
 * The course's `make_batch`: draw two random lines a and b (with replacement) until the batch holds B/2 pairs with
 * b = a + 1 (isNext) and B/2 others, skipping draws whose kind is already full. Each row `[CLS] A [SEP] B [SEP]` is
 * masked before that check, as in the course: n = min(P, max(1, round(0.15 · length))) positions other than
 * `[CLS]`/`[SEP]` are shuffled and taken; each becomes `[MASK]` with probability 0.8, else a random id of the whole
 * vocabulary with probability 0.5, else stays. Rows are padded to `maxLength` with `[PAD]` (segment 0).
 *
 * As a `PretrainingBatch`: unused prediction slots have position 0, id 0 and weight 0 (the course gives them the
 * label `[PAD]` = 0 and trains on them; real BERT weighs them 0), and `nextSentenceLabel` follows HF (0 = isNext).
 *
 * @example
 * const tokenizer = courseTokenizer(COURSE_TEXT); // [PAD] [CLS] [SEP] [MASK] hello how are you … (29 tokens)
 * const lines = courseSentences().map((line) => tokenizeSentence(line, tokenizer).ids);
 * const { batch, examples } = courseBatch(lines, { batchSize: 6, maxLength: 30, maxPredictions: 5,
 *   specialTokens: { cls: 1, sep: 2, mask: 3, pad: 0, vocabSize: 29 }, rng: new Rng(0) });
 * examples[0]; // lines 0 and 4 (not next): inputIds [1, 3, 5, 6, 7, 8, 9, 10, 2, 3, 27, 14, 2],
 *              // maskedPositions [9, 1], maskedIds [26, 4] ('oh', 'hello')
 */
export function courseBatch(sentences: readonly Int32Array[], options: CourseBatchOptions): CourseBatch {
  const caller = 'courseBatch';
  const B = requireInteger(`${caller}: batchSize`, options.batchSize, 2);
  if (B % 2 !== 0) throw new DataError(`${caller}: batchSize (${B}) must be even (half isNext, half not)`);
  const T = requireInteger(`${caller}: maxLength`, options.maxLength, 5);
  const P = requireInteger(`${caller}: maxPredictions`, options.maxPredictions, 1);
  const probability = requireProbability(`${caller}: mlmProbability`, options.mlmProbability ?? 0.15, {
    openAtZero: true,
  });
  const { cls, sep, mask, pad, vocabSize } = options.specialTokens;
  requireInteger(`${caller}: vocabSize`, vocabSize, 1);
  if (sentences.length < 2) {
    throw new DataError(
      `${caller}: needs at least 2 lines (isNext pairs are consecutive lines), got ${sentences.length}`,
    );
  }
  sentences.forEach((sentence, index) => {
    if (sentence.length === 0) throw new DataError(`${caller}: line ${index + 1} has no tokens`);
  });
  const longest = [...sentences].map((sentence) => sentence.length).sort((a, b) => b - a);
  const worst = (longest[0] ?? 0) * 2 + 3; // a line may pair with itself
  if (worst > T) {
    throw new DataError(
      `${caller}: maxLength (${T}) is shorter than the longest pair [CLS] A [SEP] A [SEP] (${worst} tokens)`,
    );
  }

  const { rng } = options;
  const examples: CourseExample[] = [];
  let positive = 0;
  let negative = 0;
  while (positive < B / 2 || negative < B / 2) {
    const a = rng.int(sentences.length);
    const b = rng.int(sentences.length);
    const tokensA = sentences[a] as Int32Array;
    const tokensB = sentences[b] as Int32Array;
    const inputIds = Int32Array.from([cls, ...tokensA, sep, ...tokensB, sep]); // [L]
    const budget = Math.min(P, Math.max(1, roundHalfEven(inputIds.length * probability)));
    const candidates: number[] = [];
    inputIds.forEach((id, position) => {
      if (id !== cls && id !== sep) candidates.push(position);
    });
    rng.shuffle(candidates);
    const chosen = candidates.slice(0, budget);
    const maskedIds = Int32Array.from(chosen, (position) => inputIds[position] ?? 0);
    for (const position of chosen) {
      if (rng.next() < 0.8) inputIds[position] = mask;
      else if (rng.next() < 0.5) inputIds[position] = rng.int(vocabSize);
    }
    const isNext = a + 1 === b;
    if (isNext ? positive >= B / 2 : negative >= B / 2) continue;
    if (isNext) positive++;
    else negative++;
    examples.push({
      sentenceA: a,
      sentenceB: b,
      isNext,
      inputIds,
      maskedPositions: Int32Array.from(chosen),
      maskedIds,
    });
  }
  return { batch: collate(examples, T, P, pad, sentences), examples };
}

function collate(
  examples: readonly CourseExample[],
  T: number,
  P: number,
  pad: number,
  sentences: readonly Int32Array[],
): PretrainingBatch {
  const rows = examples.map((example) => ({
    inputIds: example.inputIds,
    maskedPositions: example.maskedPositions,
    maskedIds: example.maskedIds,
    typeOneStart: (sentences[example.sentenceA]?.length ?? 0) + 2,
    nextSentenceLabel: example.isNext ? 0 : 1,
  }));
  return collateRows(rows, T, P, pad);
}
