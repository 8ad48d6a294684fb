import { DataError } from '@bert/core';
import type { Encoding, Tokenizer } from '@bert/tokenizer';
import { type AlignOptions, alignTokenLabels, beginToInside, IGNORE_INDEX } from './align-labels';
import { type LabelSet, regressionTarget } from './label-set';
import type { TaggedSentence, TextExample } from './labelled-example';

/**
 * One tokenized example: `[CLS] A [SEP]` or `[CLS] A [SEP] B [SEP]` ids and token types [T], and its label — a class
 * id, a regression target, or one label id per token [T] (-100 on special tokens and non-first pieces).
 * Unlabelled examples (prediction) have label -100 / NaN.
 */
export interface EncodedExample {
  readonly inputIds: Int32Array; // [T]
  readonly tokenTypeIds: Int32Array; // [T]
  readonly label: number | Int32Array; // [] or [T]
  /** Word of each token (token classification; null for special tokens), to map predictions back to words. */
  readonly wordIds?: readonly (number | null)[];
  /** True when the example lost tokens to `maxSeqLength`. */
  readonly truncated: boolean;
}

export interface EncodeTextOptions {
  readonly maxSeqLength: number;
  /** Class labels; omit for regression or unlabelled data. */
  readonly labels?: LabelSet;
  /** Targets are numbers (one output, MSE). */
  readonly regression?: boolean;
  /** Examples have no labels (prediction): label -100 (NaN for regression). */
  readonly unlabelled?: boolean;
}

/** Runs `run` with the tokenizer's truncation and padding off, restoring its own settings afterwards. */
function withPlainTokenizer<T>(tokenizer: Tokenizer, run: () => T): T {
  const truncation = tokenizer.truncation;
  const padding = tokenizer.padding;
  tokenizer.setTruncation(null).setPadding(null);
  try {
    return run();
  } finally {
    tokenizer.setTruncation(truncation ?? null).setPadding(padding ?? null);
  }
}

/**
 * Encodes `input` (and `pair`) whole when it fits in `maxSeqLength` tokens, else again with HF truncation
 * (`longest_first`: the longer of a pair loses tokens first). Only long inputs are encoded twice.
 */
function encodeFitting(
  tokenizer: Tokenizer,
  maxSeqLength: number,
  input: string | readonly string[],
  pair: string | undefined,
): { encoding: Encoding; truncated: boolean } {
  const options = pair === undefined ? {} : { pair };
  const whole = tokenizer.encode(input, options);
  if (whole.length <= maxSeqLength) return { encoding: whole, truncated: false };
  tokenizer.setTruncation({ maxLength: maxSeqLength, strategy: 'longest_first' });
  try {
    return { encoding: tokenizer.encode(input, options), truncated: true };
  } finally {
    tokenizer.setTruncation(null);
  }
}

function checkLength(maxSeqLength: number): void {
  if (!(Number.isInteger(maxSeqLength) && maxSeqLength >= 3)) {
    throw new DataError(`maxSeqLength (${maxSeqLength}) must be an integer ≥ 3 ([CLS] x [SEP])`);
  }
}

/**
 * Tokenizes texts (and text pairs) for sequence classification or regression and maps labels to ids (`labels`) or
 * numbers (`regression`). Labels unseen in training and non-numeric targets are `DataError`s naming file and line.
 *
 * @example encodeTextExamples(examples, tokenizer, { maxSeqLength: 128, labels: LabelSet.fromLabels(['0', '1']) })
 */
export function encodeTextExamples(
  examples: readonly TextExample[],
  tokenizer: Tokenizer,
  options: EncodeTextOptions,
): EncodedExample[] {
  checkLength(options.maxSeqLength);
  return withPlainTokenizer(tokenizer, () =>
    examples.map((example) => {
      const { encoding, truncated } = encodeFitting(tokenizer, options.maxSeqLength, example.text, example.textPair);
      let label: number;
      if (options.unlabelled === true) label = options.regression === true ? Number.NaN : IGNORE_INDEX;
      else if (options.regression === true) label = regressionTarget(example.label, example);
      else if (options.labels !== undefined) label = options.labels.id(example.label, example);
      else throw new DataError('encodeTextExamples: give labels, regression or unlabelled');
      return {
        inputIds: Int32Array.from(encoding.ids),
        tokenTypeIds: Int32Array.from(encoding.typeIds),
        label,
        truncated,
      };
    }),
  );
}

export interface EncodeTaggedOptions extends Omit<AlignOptions, 'beginToInside'> {
  readonly maxSeqLength: number;
  /** Tag labels; omit for unlabelled sentences (prediction). */
  readonly labels?: LabelSet;
}

/**
 * Tokenizes pre-split sentences word by word and aligns word tags to pieces (`alignTokenLabels`: the first piece of
 * each word carries its tag, the rest -100 unless `labelAllTokens`). Tags unseen in training are `DataError`s naming
 * file and line.
 */
export function encodeTaggedSentences(
  sentences: readonly TaggedSentence[],
  tokenizer: Tokenizer,
  options: EncodeTaggedOptions,
): EncodedExample[] {
  checkLength(options.maxSeqLength);
  const inside = options.labels === undefined ? undefined : beginToInside(options.labels.names);
  return withPlainTokenizer(tokenizer, () =>
    sentences.map((sentence) => {
      const { encoding, truncated } = encodeFitting(tokenizer, options.maxSeqLength, sentence.tokens, undefined);
      let label: Int32Array;
      if (options.labels === undefined || sentence.tags === undefined) {
        label = new Int32Array(encoding.length).fill(IGNORE_INDEX);
      } else {
        const labels = options.labels;
        const wordLabels = sentence.tags.map((tag) => labels.id(tag, sentence));
        label = alignTokenLabels(encoding.wordIds, wordLabels, {
          ...(options.labelAllTokens === undefined ? {} : { labelAllTokens: options.labelAllTokens }),
          ...(inside === undefined ? {} : { beginToInside: inside }),
        });
      }
      return {
        inputIds: Int32Array.from(encoding.ids),
        tokenTypeIds: Int32Array.from(encoding.typeIds),
        label,
        wordIds: [...encoding.wordIds],
        truncated,
      };
    }),
  );
}
