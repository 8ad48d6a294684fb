import { ByteLevelDecoder } from './decoders/byte-level-decoder';
import { WordPieceDecoder } from './decoders/word-piece-decoder';
import { TokenizerError } from './errors';
import { BPE } from './models/bpe';
import { modelFromJSON } from './models/from-json';
import { assertHasToken, readVocabFile } from './models/vocab-file';
import { WordLevel } from './models/word-level';
import { WordPiece } from './models/word-piece';
import { BertNormalizer } from './normalizers/bert-normalizer';
import { courseNormalizer } from './normalizers/course-normalizer';
import { BertPreTokenizer } from './pre-tokenizers/bert-pre-tokenizer';
import { ByteLevel } from './pre-tokenizers/byte-level';
import { WhitespaceSplit } from './pre-tokenizers/whitespace-split';
import { BertProcessing } from './processors/bert-processing';
import { ByteLevelProcessing } from './processors/byte-level-processing';
import { RobertaProcessing } from './processors/roberta-processing';
import { Tokenizer } from './tokenizer';
import { BpeTrainer } from './trainers/bpe-trainer';
import { WordLevelTrainer } from './trainers/word-level-trainer';
import { WordPieceTrainer } from './trainers/word-piece-trainer';
import type { Trainer } from './types';

/** BERT's special tokens, in the order they get ids 0–4 when a vocabulary is trained here. */
export const BERT_SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
/** RoBERTa's special tokens for byte-level BPE, ids 0–4 when trained here. */
export const ROBERTA_SPECIAL_TOKENS = ['<s>', '<pad>', '</s>', '<unk>', '<mask>'] as const;

export interface BertWordPieceOptions {
  vocab: Map<string, number> | Record<string, number>;
  lowercase?: boolean;
  /** Defaults to `lowercase`, as in BERT. */
  stripAccents?: boolean;
  handleChineseChars?: boolean;
  cleanText?: boolean;
  unkToken?: string;
  clsToken?: string;
  sepToken?: string;
  padToken?: string;
  maskToken?: string;
  wordpiecesPrefix?: string;
}

function attachBertSpecials(tokenizer: Tokenizer, tokens: readonly string[]): void {
  tokenizer.addSpecialTokens(tokens.filter((token) => tokenizer.model.tokenToId(token) !== undefined));
}

/** The `bert-base-uncased` pipeline (HF's `BertWordPieceTokenizer`) around a WordPiece vocabulary. */
export function bertWordPieceTokenizer(options: BertWordPieceOptions): Tokenizer {
  const unkToken = options.unkToken ?? '[UNK]';
  const cls = options.clsToken ?? '[CLS]';
  const sep = options.sepToken ?? '[SEP]';
  const model = new WordPiece({
    vocab: options.vocab,
    unkToken,
    continuingSubwordPrefix: options.wordpiecesPrefix ?? '##',
  });
  const clsId = model.tokenToId(cls);
  const sepId = model.tokenToId(sep);
  if (clsId === undefined || sepId === undefined) {
    throw new TokenizerError(`the vocabulary has no ${clsId === undefined ? cls : sep} token`);
  }
  const tokenizer = new Tokenizer({
    model,
    normalizer: new BertNormalizer({
      cleanText: options.cleanText ?? true,
      handleChineseChars: options.handleChineseChars ?? true,
      stripAccents: options.stripAccents,
      lowercase: options.lowercase ?? true,
    }),
    preTokenizer: new BertPreTokenizer(),
    postProcessor: new BertProcessing({ sep: [sep, sepId], cls: [cls, clsId] }),
    decoder: new WordPieceDecoder({ prefix: options.wordpiecesPrefix ?? '##' }),
  });
  attachBertSpecials(tokenizer, [options.padToken ?? '[PAD]', unkToken, cls, sep, options.maskToken ?? '[MASK]']);
  return tokenizer;
}

/**
 * Loads a BERT `vocab.txt` (one token per line, line number = id) as a full BERT tokenizer, e.g.
 * `fromVocabFile('bert-base-uncased/vocab.txt', { lowercase: true })`.
 */
export function fromVocabFile(path: string, options: Omit<BertWordPieceOptions, 'vocab'> = {}): Tokenizer {
  const vocab = readVocabFile(path);
  assertHasToken(vocab, options.unkToken ?? '[UNK]', path);
  return bertWordPieceTokenizer({ ...options, vocab });
}

/**
 * The course's tokenizer in one line: lowercase, delete `.,!?-`, split on whitespace, and a word-level vocabulary
 * `[PAD]=0 [CLS]=1 [SEP]=2 [MASK]=3` followed by the words of `text` in order of first appearance (the course used a
 * Python set, whose order is arbitrary). Words outside the text have no id (the course has no `[UNK]`).
 */
export function courseTokenizer(text: string): Tokenizer {
  const normalizer = courseNormalizer();
  const preTokenizer = new WhitespaceSplit();
  const vocab = new Map<string, number>([
    ['[PAD]', 0],
    ['[CLS]', 1],
    ['[SEP]', 2],
    ['[MASK]', 3],
  ]);
  for (const line of text.split('\n')) {
    for (const [word] of preTokenizer.preTokenizeString(normalizer.normalizeString(line))) {
      if (!vocab.has(word)) vocab.set(word, vocab.size);
    }
  }
  const tokenizer = new Tokenizer({
    model: new WordLevel({ vocab, unkToken: '[UNK]' }),
    normalizer,
    preTokenizer,
    postProcessor: new BertProcessing({ cls: ['[CLS]', 1], sep: ['[SEP]', 2] }),
  });
  tokenizer.addSpecialTokens(['[PAD]', '[CLS]', '[SEP]', '[MASK]']);
  return tokenizer;
}

export type TrainableModel = 'bpe' | 'wordpiece' | 'wordlevel';

export interface TrainingPipelineOptions {
  model: TrainableModel;
  vocabSize?: number;
  minFrequency?: number;
  lowercase?: boolean;
  /** GPT-2/RoBERTa byte-level BPE instead of BERT-style `##` BPE (bpe only). */
  byteLevel?: boolean;
  /** Defaults to BERT's (or RoBERTa's for byte-level) five special tokens. */
  specialTokens?: readonly string[];
  limitAlphabet?: number;
}

/**
 * An untrained tokenizer and its trainer, ready for `tokenizer.train(trainer, lines)` or `trainFromFiles`: the BERT
 * pipeline (BERT normalizer and pre-tokenizer, `[CLS] A [SEP]` template) around a BPE with `##` continuation pieces,
 * a WordPiece or a WordLevel model; or, with `byteLevel`, RoBERTa's byte-level BPE pipeline.
 */
export function createTrainingPipeline(options: TrainingPipelineOptions): { tokenizer: Tokenizer; trainer: Trainer } {
  const vocabSize = options.vocabSize ?? 30000;
  const minFrequency = options.minFrequency ?? 2;
  if (options.byteLevel) {
    if (options.model !== 'bpe') throw new TokenizerError(`byte-level is only available for bpe, not ${options.model}`);
    const specialTokens = [...(options.specialTokens ?? ROBERTA_SPECIAL_TOKENS)];
    const trainer = new BpeTrainer({
      vocabSize,
      minFrequency,
      specialTokens,
      initialAlphabet: ByteLevel.alphabet(),
    });
    const tokenizer = new Tokenizer({
      model: new BPE({ vocab: new Map(), merges: [] }),
      // RoBERTa's own tokenizer.json uses add_prefix_space false: decode(encode(text)) gives text back exactly.
      preTokenizer: new ByteLevel({ addPrefixSpace: false }),
      postProcessor: new RobertaProcessing({ sep: ['</s>', 2], cls: ['<s>', 0], addPrefixSpace: false }),
      decoder: new ByteLevelDecoder(),
    });
    return { tokenizer, trainer };
  }
  const specialTokens = [...(options.specialTokens ?? BERT_SPECIAL_TOKENS)];
  const common = { vocabSize, minFrequency, specialTokens };
  const trainer =
    options.model === 'bpe'
      ? new BpeTrainer({ ...common, continuingSubwordPrefix: '##', limitAlphabet: options.limitAlphabet })
      : options.model === 'wordpiece'
        ? new WordPieceTrainer({ ...common, limitAlphabet: options.limitAlphabet })
        : new WordLevelTrainer(common);
  const tokenizer = new Tokenizer({
    model: new WordLevel({ vocab: new Map(), unkToken: '[UNK]' }),
    normalizer: new BertNormalizer({ lowercase: options.lowercase ?? true }),
    preTokenizer: new BertPreTokenizer(),
    decoder: options.model === 'wordlevel' ? undefined : new WordPieceDecoder({ prefix: '##' }),
  });
  return { tokenizer, trainer };
}

/**
 * After training a BERT-style pipeline: the model learns `[UNK]` as its unknown token (HF keeps the untrained model's
 * `unk_token`; ours is rebuilt) and the `[CLS] A [SEP]` template points at the trained ids.
 */
export function finishBertPipeline(tokenizer: Tokenizer): Tokenizer {
  if (tokenizer.postProcessor) return tokenizer;
  const cls = tokenizer.tokenToId('[CLS]');
  const sep = tokenizer.tokenToId('[SEP]');
  if (cls === undefined || sep === undefined) {
    throw new TokenizerError('the trained vocabulary lacks [CLS] or [SEP]; keep them in the special tokens');
  }
  const model = tokenizer.model.toJSON();
  const unk = model.unk_token;
  const unkKnown = typeof unk === 'string' && tokenizer.model.tokenToId(unk) !== undefined;
  if (tokenizer.model.tokenToId('[UNK]') !== undefined && !unkKnown) {
    tokenizer.model = modelFromJSON({ ...model, unk_token: '[UNK]' });
  }
  tokenizer.postProcessor = new BertProcessing({ cls: ['[CLS]', cls], sep: ['[SEP]', sep] });
  return tokenizer;
}

/**
 * GPT-2 style byte-level BPE (HF's `ByteLevelBPETokenizer`): ByteLevel pre-tokenizer and decoder, offsets trimmed of
 * the leading space. With GPT-2's `encoder.json` and `vocab.bpe` it gives GPT-2's ids.
 */
export function byteLevelBpeTokenizer(options: {
  vocab: Map<string, number> | Record<string, number>;
  merges: Array<[string, string]>;
  addPrefixSpace?: boolean;
  trimOffsets?: boolean;
}): Tokenizer {
  const addPrefixSpace = options.addPrefixSpace ?? false;
  return new Tokenizer({
    model: new BPE({ vocab: options.vocab, merges: options.merges }),
    preTokenizer: new ByteLevel({ addPrefixSpace }),
    postProcessor: new ByteLevelProcessing({ addPrefixSpace, trimOffsets: options.trimOffsets ?? true }),
    decoder: new ByteLevelDecoder(),
  });
}
