import { type AddedToken, AddedVocabulary, resolveAddedToken } from './added-vocabulary';
import { Encoding } from './encoding';
import { TokenizerError } from './errors';
import { readLines, readUtf8File, writeFileAtomic } from './files';
import { type PaddingParams, padEncodings, type ResolvedPadding, resolvePadding } from './padding';
import { NormalizedString } from './normalized-string';
import { PreTokenizedString } from './pre-tokenized-string';
import { defaultProcess } from './processors/base-processor';
import { type ResolvedTruncation, resolveTruncation, type TruncationParams, truncateEncodings } from './truncation';
import { parseJsonText, tokenizerFromJSON, tokenizerToJSON } from './tokenizer-json';
import type { Decoder, Model, Normalizer, PostProcessor, PreTokenizer, ProgressCallback, Trainer } from './types';

/** One input: a string, or a list of words when the text is already pre-tokenized (`isPretokenized`). */
export type InputSequence = string | readonly string[];

export interface EncodeOptions {
  /** The second sequence of a pair (`[CLS] A [SEP] B [SEP]`). */
  pair?: InputSequence;
  /** Add the post-processor's special tokens (default true). */
  addSpecialTokens?: boolean;
}

export interface DecodeOptions {
  /** Drop special tokens such as `[CLS]` and `[PAD]` (default true, as HF `tokenizers`). */
  skipSpecialTokens?: boolean;
}

export interface TokenizerComponents {
  model: Model;
  normalizer?: Normalizer;
  preTokenizer?: PreTokenizer;
  postProcessor?: PostProcessor;
  decoder?: Decoder;
}

/**
 * The HF `tokenizers` pipeline: added tokens are split out, the rest goes normalizer → pre-tokenizer → model, then
 * truncation → post-processor → padding. Encodings carry ids, tokens, type ids, masks, word ids and offsets into the
 * original string (UTF-16 code units).
 *
 * ```ts
 * const tokenizer = Tokenizer.fromFile('tokenizer.json');
 * const encoding = tokenizer.encode('Hello world!', { pair: 'How are you?' });
 * encoding.tokens;  // ['[CLS]', 'hello', 'world', '!', '[SEP]', 'how', 'are', 'you', '?', '[SEP]']
 * encoding.typeIds; // [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
 * tokenizer.decode(encoding.ids); // 'hello world! how are you?'
 * ```
 */
export class Tokenizer {
  model: Model;
  preTokenizer: PreTokenizer | undefined;
  postProcessor: PostProcessor | undefined;
  decoder: Decoder | undefined;
  private normalizerValue: Normalizer | undefined;
  private readonly addedVocabulary = new AddedVocabulary();
  private truncationValue: ResolvedTruncation | undefined;
  private paddingValue: ResolvedPadding | undefined;

  constructor(components: TokenizerComponents) {
    this.model = components.model;
    this.normalizerValue = components.normalizer;
    this.preTokenizer = components.preTokenizer;
    this.postProcessor = components.postProcessor;
    this.decoder = components.decoder;
  }

  /** Reads an HF `tokenizer.json`; errors name the file and the field at fault. */
  static fromFile(path: string): Tokenizer {
    return tokenizerFromJSON(parseJsonText(readUtf8File(path), path), path);
  }

  /** Parses the text of an HF `tokenizer.json`. */
  static fromString(json: string, source = 'tokenizer.json'): Tokenizer {
    return tokenizerFromJSON(parseJsonText(json, source), source);
  }

  /** Builds from an already parsed `tokenizer.json` object. */
  static fromJSON(json: unknown, source = 'tokenizer.json'): Tokenizer {
    return tokenizerFromJSON(json, source);
  }

  /** The HF `tokenizer.json` object. */
  toJSON(): Record<string, unknown> {
    return tokenizerToJSON(this);
  }

  toString(pretty = false): string {
    return JSON.stringify(this.toJSON(), null, pretty ? 2 : undefined);
  }

  /** Writes `tokenizer.json` atomically (temporary file, then rename). */
  save(path: string, pretty = true): void {
    writeFileAtomic(path, this.toString(pretty));
  }

  get normalizer(): Normalizer | undefined {
    return this.normalizerValue;
  }

  set normalizer(normalizer: Normalizer | undefined) {
    this.normalizerValue = normalizer;
    this.addedVocabulary.refresh(normalizer);
  }

  get truncation(): ResolvedTruncation | undefined {
    return this.truncationValue;
  }

  get padding(): ResolvedPadding | undefined {
    return this.paddingValue;
  }

  /** Truncate every encoding to `maxLength` tokens (special tokens included); `null` disables. */
  setTruncation(params: TruncationParams | null): this {
    this.truncationValue = params ? resolveTruncation(params) : undefined;
    return this;
  }

  /** Pad encodings (to the batch's longest by default); `null` disables. */
  setPadding(params: PaddingParams | null): this {
    this.paddingValue = params ? resolvePadding(params) : undefined;
    return this;
  }

  /** Adds tokens matched before normalization-free splitting; returns how many got new ids. */
  addTokens(tokens: readonly (AddedToken | string)[]): number {
    return this.addedVocabulary.add(
      tokens.map((token) => resolveAddedToken(token, false)),
      this.model,
      this.normalizer,
    );
  }

  /** Adds special tokens (never normalized, skipped when decoding with `skipSpecialTokens`). */
  addSpecialTokens(tokens: readonly (AddedToken | string)[]): number {
    return this.addedVocabulary.add(
      tokens.map((token) => resolveAddedToken(token, true)),
      this.model,
      this.normalizer,
    );
  }

  /** For deserialization: adds tokens with the ids a tokenizer.json gives them. */
  addTokensWithIds(tokens: readonly { id: number; token: AddedToken }[]): void {
    this.addedVocabulary.add(
      tokens.map(({ token }) => resolveAddedToken(token, token.special ?? false)),
      this.model,
      this.normalizer,
      tokens.map(({ id }) => id),
    );
  }

  /** Added tokens with ids, in id order. */
  getAddedTokens(): Array<{ id: number; token: Required<AddedToken> }> {
    return this.addedVocabulary.entries();
  }

  isSpecialToken(token: string): boolean {
    return this.addedVocabulary.isSpecialToken(token);
  }

  tokenToId(token: string): number | undefined {
    return this.addedVocabulary.tokenToId(token) ?? this.model.tokenToId(token);
  }

  idToToken(id: number): string | undefined {
    return this.addedVocabulary.idToToken(id) ?? this.model.idToToken(id);
  }

  getVocab(withAddedTokens = true): Map<string, number> {
    const vocab = this.model.getVocab();
    if (withAddedTokens) for (const [token, id] of this.addedVocabulary.getVocab()) vocab.set(token, id);
    return vocab;
  }

  getVocabSize(withAddedTokens = true): number {
    return withAddedTokens ? this.getVocab(true).size : this.model.getVocabSize();
  }

  /** Normalizes then pre-tokenizes `text` with added tokens split out; what the model will see. */
  preTokenize(text: string): PreTokenizedString {
    const pretokenized = this.addedVocabulary.extractAndNormalize(this.normalizer, text);
    this.preTokenizer?.preTokenize(pretokenized);
    return pretokenized;
  }

  private encodeSingle(sequence: InputSequence, typeId: number): Encoding {
    const encodeWords = (text: string, wordIndex: number | undefined): Encoding => {
      const pretokenized = this.preTokenize(text);
      if (wordIndex === undefined) this.tokenizeUpToMaxLength(pretokenized);
      else pretokenized.tokenize((normalized) => this.model.tokenize(normalized.normalized));
      return encodingFromSplits(pretokenized, typeId, wordIndex);
    };
    if (typeof sequence === 'string') return encodeWords(sequence, undefined);
    return Encoding.merge(
      sequence.map((word, index) => encodeWords(word, index)),
      false,
    );
  }

  /**
   * HF `tokenizers` 0.23 stops tokenizing a sequence once it has `maxLength` tokens: words are taken from the
   * truncation side until their tokens reach `maxLength` (the word that reaches it is kept whole), the rest are
   * dropped rather than kept as overflow, and words are numbered after the cut. We do the same so ids, word ids and
   * overflowing windows stay identical to HF. It means overflowing windows never reach much past the first
   * `maxLength` tokens of a sequence; for sliding windows over a whole long document, call
   * `Encoding.truncate(length, stride)` on an encoding made without truncation.
   */
  private tokenizeUpToMaxLength(pretokenized: PreTokenizedString): void {
    const truncation = this.truncationValue;
    const tokenize = (split: PreTokenizedString['splits'][number]) => {
      split.tokens ??= this.model.tokenize(split.normalized.normalized);
      return split.tokens.length;
    };
    const splits = pretokenized.splits;
    if (!truncation || truncation.maxLength === 0) {
      for (const split of splits) tokenize(split);
      return;
    }
    const order = truncation.direction === 'right' ? splits : [...splits].reverse();
    let count = 0;
    let kept = 0;
    while (kept < order.length && count < truncation.maxLength) count += tokenize(order[kept++]!);
    if (kept === splits.length) return;
    const remaining = truncation.direction === 'right' ? splits.slice(0, kept) : splits.slice(splits.length - kept);
    splits.splice(0, splits.length, ...remaining);
  }

  /** Encodes one sequence (or a pair with `options.pair`), then truncates, post-processes and pads. */
  encode(sequence: InputSequence, options: EncodeOptions = {}): Encoding {
    const encoding = this.encodeSingle(sequence, 0);
    const pair = options.pair === undefined ? undefined : this.encodeSingle(options.pair, 1);
    return this.postProcess(encoding, pair, options.addSpecialTokens ?? true);
  }

  /** Encodes many inputs; padding (if set) goes to the longest of the batch. */
  encodeBatch(
    inputs: readonly (InputSequence | readonly [InputSequence, InputSequence])[],
    options: Omit<EncodeOptions, 'pair'> & { isPretokenized?: boolean } = {},
  ): Encoding[] {
    const encodings = inputs.map((input) => {
      const isPair = Array.isArray(input) && input.length === 2 && !options.isPretokenized;
      const isPretokenizedPair = options.isPretokenized && Array.isArray(input) && Array.isArray(input[0]);
      if (isPair || isPretokenizedPair) {
        const [first, second] = input as unknown as readonly [InputSequence, InputSequence];
        return this.encodeUnpadded(first, { ...options, pair: second });
      }
      return this.encodeUnpadded(input as InputSequence, options);
    });
    if (this.paddingValue) padEncodings(encodings, this.paddingValue);
    return encodings;
  }

  private encodeUnpadded(sequence: InputSequence, options: EncodeOptions): Encoding {
    const encoding = this.encodeSingle(sequence, 0);
    const pair = options.pair === undefined ? undefined : this.encodeSingle(options.pair, 1);
    return this.postProcess(encoding, pair, options.addSpecialTokens ?? true, false);
  }

  /** Truncation → post-processor → padding, as HF's `post_process`. */
  postProcess(encoding: Encoding, pair: Encoding | undefined, addSpecialTokens = true, pad = true): Encoding {
    if (this.truncationValue) {
      const added = this.postProcessor?.addedTokens(pair !== undefined) ?? 0;
      const params =
        addSpecialTokens && added > 0
          ? { ...this.truncationValue, maxLength: Math.max(0, this.truncationValue.maxLength - added) }
          : this.truncationValue;
      truncateEncodings(encoding, pair, params);
    }
    const processed = this.postProcessor
      ? this.postProcessor.process(encoding, pair, addSpecialTokens)
      : defaultProcess(encoding, pair);
    if (pad && this.paddingValue) padEncodings([processed], this.paddingValue);
    return processed;
  }

  /** Turns ids back into text with the decoder (tokens joined by spaces without one). */
  decode(ids: readonly number[], options: DecodeOptions = {}): string {
    const skip = options.skipSpecialTokens ?? true;
    const tokens: string[] = [];
    for (const id of ids) {
      const token = this.idToToken(id);
      if (token === undefined || (skip && this.addedVocabulary.isSpecialToken(token))) continue;
      tokens.push(token);
    }
    return this.decoder ? this.decoder.decodeChain(tokens).join('') : tokens.join(' ');
  }

  decodeBatch(batch: readonly (readonly number[])[], options: DecodeOptions = {}): string[] {
    return batch.map((ids) => this.decode(ids, options));
  }

  /**
   * Trains the model on `sequences` with `trainer` (each sequence normalized and pre-tokenized by this tokenizer),
   * replaces the model, and registers the trainer's special tokens. Streams: only word counts are kept.
   */
  train(trainer: Trainer, sequences: Iterable<string>, options: { onProgress?: ProgressCallback } = {}): this {
    let words = 0;
    for (const sequence of sequences) {
      const sequenceWords = this.preTokenizeForTraining(sequence);
      words += sequenceWords.length;
      trainer.feed(sequenceWords);
    }
    if (words === 0) throw new TokenizerError('empty training corpus (no words after pre-tokenization)');
    return this.finishTraining(trainer, options);
  }

  /**
   * Trains on text files streamed line by line (line endings kept, as HF does). `onProgress` receives
   * `('read', bytesRead, totalBytes)` while reading, then the trainer's own stages.
   */
  async trainFromFiles(
    trainer: Trainer,
    files: readonly string[],
    options: { onProgress?: ProgressCallback } = {},
  ): Promise<this> {
    if (files.length === 0) throw new TokenizerError('no training files given');
    const { statSync } = await import('node:fs');
    const total = files.reduce((sum, file) => {
      try {
        return sum + statSync(file).size;
      } catch {
        return sum;
      }
    }, 0);
    let done = 0;
    let words = 0;
    for await (const line of readLines(files, (bytes) => {
      done += bytes;
      options.onProgress?.('read', done, total);
    })) {
      const lineWords = this.preTokenizeForTraining(line);
      words += lineWords.length;
      trainer.feed(lineWords);
    }
    if (words === 0)
      throw new TokenizerError(`${files.join(', ')}: empty training corpus (no words after pre-tokenization)`);
    return this.finishTraining(trainer, { onProgress: options.onProgress });
  }

  private finishTraining(trainer: Trainer, options: { onProgress?: ProgressCallback }): this {
    this.model = trainer.train(options);
    this.addSpecialTokens(trainer.specialTokens);
    return this;
  }

  private preTokenizeForTraining(sequence: string): string[] {
    // HF trains on the words of the normalizer + pre-tokenizer only; added tokens are not split out.
    const normalized = new NormalizedString(sequence);
    this.normalizer?.normalize(normalized);
    const pretokenized = new PreTokenizedString(normalized);
    this.preTokenizer?.preTokenize(pretokenized);
    return pretokenized.getSplits().map(([word]) => word);
  }
}

/**
 * Flattens tokenized splits into an `Encoding` (HF `into_encoding`): offsets go back to the original string, word ids
 * are split indices unless the input was pre-tokenized (then the word's index in the input list).
 */
export function encodingFromSplits(
  pretokenized: PreTokenizedString,
  typeId: number,
  wordIndex: number | undefined,
): Encoding {
  const encoding = new Encoding();
  const { ids, tokens, offsets, wordIds, typeIds, specialTokensMask, attentionMask } = encoding;
  const splits = pretokenized.splits;
  for (let splitIndex = 0; splitIndex < splits.length; splitIndex++) {
    const { normalized, tokens: splitTokens } = splits[splitIndex]!;
    if (!splitTokens) continue;
    const shift = normalized.originalShift;
    const length = normalized.length;
    for (const token of splitTokens) {
      const [start, end] = token.offsets;
      ids.push(token.id);
      tokens.push(token.value);
      // HF's convert_offsets: an empty range stays as is; a valid one maps through the alignments.
      if (start === end) offsets.push([shift + start, shift + end]);
      else if (start < end && start >= 0 && end <= length) {
        offsets.push([shift + normalized.alignStart(start), shift + normalized.alignEnd(end - 1)]);
      } else offsets.push([start, end]);
      wordIds.push(wordIndex ?? splitIndex);
      typeIds.push(typeId);
      specialTokensMask.push(0);
      attentionMask.push(1);
    }
  }
  return encoding;
}
