// Pipeline and outputs
export { type AddedToken, AddedVocabulary } from './added-vocabulary';
export { BYTES_TO_UNICODE, UNICODE_TO_BYTES } from './byte-level-alphabet';
// Decoders
export {
  BpeDecoder,
  ByteFallbackDecoder,
  ByteLevelDecoder,
  cleanupTokenization,
  decoderFromJSON,
  FuseDecoder,
  ReplaceDecoder,
  SequenceDecoder,
  StripDecoder,
  WordPieceDecoder,
} from './decoders';
export { type Direction, Encoding, type EncodingFields } from './encoding';
export { TokenizerError } from './errors';
// Models
export {
  assertHasToken,
  BPE,
  type BpeOptions,
  modelFromJSON,
  parseVocabText,
  readVocabFile,
  type VocabInput,
  WordLevel,
  type WordLevelOptions,
  WordPiece,
  type WordPieceOptions,
} from './models';
export { NormalizedString, type Pattern, type SplitDelimiterBehavior } from './normalized-string';
// Normalizers
export {
  BertNormalizer,
  type BertNormalizerOptions,
  courseNormalizer,
  Lowercase,
  NFC,
  NFD,
  NFKC,
  NFKD,
  normalizerFromJSON,
  Prepend,
  regexFromOnig,
  Replace,
  type ReplaceOptions,
  SequenceNormalizer,
  Strip,
  StripAccents,
  type StripOptions,
  SUPPORTED_NORMALIZERS,
} from './normalizers';
export type { PaddingParams, ResolvedPadding } from './padding';
// Ready-made pipelines
export {
  BERT_SPECIAL_TOKENS,
  type BertWordPieceOptions,
  bertWordPieceTokenizer,
  byteLevelBpeTokenizer,
  courseTokenizer,
  createTrainingPipeline,
  finishBertPipeline,
  fromVocabFile,
  ROBERTA_SPECIAL_TOKENS,
  type TrainableModel,
  type TrainingPipelineOptions,
} from './pipelines';
export { type PreTokenizedSplit, PreTokenizedString } from './pre-tokenized-string';
// Pre-tokenizers
export {
  BertPreTokenizer,
  ByteLevel,
  type ByteLevelOptions,
  CharDelimiterSplit,
  Digits,
  Metaspace,
  type MetaspaceOptions,
  Punctuation,
  preTokenizerFromJSON,
  SequencePreTokenizer,
  Split,
  type SplitOptions,
  SUPPORTED_PRE_TOKENIZERS,
  Whitespace,
  WhitespaceSplit,
} from './pre-tokenizers';
// Post-processors
export {
  BertProcessing,
  ByteLevelProcessing,
  type Piece,
  postProcessorFromJSON,
  RobertaProcessing,
  SequenceProcessing,
  TemplateProcessing,
  type TemplateSpecialToken,
} from './processors';
export {
  type DecodeOptions,
  type EncodeOptions,
  type InputSequence,
  Tokenizer,
  type TokenizerComponents,
} from './tokenizer';
// Trainers
export {
  BpeTrainer,
  type BpeTrainerOptions,
  WordCounts,
  WordLevelTrainer,
  type WordLevelTrainerOptions,
  WordPieceTrainer,
  type WordPieceTrainerOptions,
} from './trainers';
export type { ResolvedTruncation, TruncationParams, TruncationStrategy } from './truncation';
export type {
  ComponentJson,
  Decoder,
  Model,
  Normalizer,
  Offsets,
  PostProcessor,
  PreTokenizer,
  ProgressCallback,
  Token,
  Trainer,
} from './types';
