import type { Encoding } from './encoding';
import type { NormalizedString } from './normalized-string';
import type { PreTokenizedString } from './pre-tokenized-string';

/**
 * A `[start, end)` span. Offsets returned to users point into the **original** input string and count **UTF-16 code
 * units** (JavaScript string indices: `text.slice(start, end)` gives the token's source). HF `tokenizers` in Python
 * and its Node binding count Unicode code points instead; the two differ only after astral characters such as emoji.
 */
export type Offsets = [number, number];

/** A token produced by a model; `offsets` are relative to the string the model was given. */
export interface Token {
  id: number;
  value: string;
  offsets: Offsets;
}

/** The JSON form of any pipeline component: an object tagged by HF's `type`. */
export interface ComponentJson {
  type: string;
  [key: string]: unknown;
}

/** Stage 1: rewrites the text in place while keeping track of where each character came from. */
export interface Normalizer {
  normalize(normalized: NormalizedString): void;
  toJSON(): ComponentJson;
}

/** Stage 2: splits the (normalized) text into words, each keeping its alignment to the original. */
export interface PreTokenizer {
  preTokenize(pretokenized: PreTokenizedString): void;
  toJSON(): ComponentJson;
}

/** Stage 3: turns one word into tokens from a vocabulary. */
export interface Model {
  /** Tokens of one word. Models may return cached arrays: callers must not mutate the result. */
  tokenize(sequence: string): Token[];
  tokenToId(token: string): number | undefined;
  idToToken(id: number): string | undefined;
  /** Token → id, without added tokens. */
  getVocab(): Map<string, number>;
  getVocabSize(): number;
  toJSON(): ComponentJson;
}

/** Stage 4: adds special tokens (`[CLS] A [SEP] B [SEP]`), type ids and the special-tokens mask. */
export interface PostProcessor {
  /** How many special tokens `process` adds for a single sequence or a pair. */
  addedTokens(isPair: boolean): number;
  process(encoding: Encoding, pair: Encoding | undefined, addSpecialTokens: boolean): Encoding;
  toJSON(): ComponentJson;
}

/** Stage 5 (decode): turns tokens back into text pieces that are concatenated. */
export interface Decoder {
  decodeChain(tokens: string[]): string[];
  toJSON(): ComponentJson;
}

/** Progress callback for long operations (training): `done` out of `total` units of `stage`. */
export type ProgressCallback = (stage: string, done: number, total: number) => void;

/**
 * Trainers are kept apart from models, as in HF `tokenizers`: feed them the pre-tokenized words of every sequence,
 * then `train()` builds a model from the counts. Only word counts are held in memory, so corpora of any size stream.
 */
export interface Trainer {
  /** Counts the words of one pre-tokenized sequence. */
  feed(words: Iterable<string>): void;
  /** Builds the model from the words counted so far. */
  train(options?: { onProgress?: ProgressCallback }): Model;
  /** Tokens the trained tokenizer must register as special added tokens, in id order. */
  readonly specialTokens: readonly string[];
}
