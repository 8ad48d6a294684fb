// Corpora
export {
  type BrownDocument,
  type BrownSentence,
  brownCorpusDirectory,
  detokenizeBrown,
  loadBrownCorpus,
  parseBrownLine,
} from './brown-corpus';
export { brownDocuments } from './corpus/brown-documents';
export { COURSE_TEXT, courseSentences } from './corpus/course-text';
export { type CorpusDocument, documentBytes } from './corpus/corpus-document';
export { readDocumentsFile } from './corpus/documents-file';
export {
  type CorpusFormat,
  listCorpusFiles,
  loadCorpus,
  type ReadCorpusOptions,
  readCorpus,
  readCorpusShards,
  shardDocuments,
} from './corpus/read-corpus';
export { type NumberedLine, readLines } from './corpus/read-lines';
export { splitSentences } from './corpus/sentence-splitter';
export { readTextFile, type TextDocumentUnit } from './corpus/text-file';
// Tokenized documents
export { type SpecialTokenIds, specialTokenIds } from './tokenize/special-token-ids';
export {
  type TokenizedDocument,
  type TokenizedSentence,
  tokenizeDocuments,
  tokenizeSentence,
} from './tokenize/tokenize-documents';
// Sentence pairs
export { type CourseBatch, type CourseBatchOptions, type CourseExample, courseBatch } from './pairs/course-batch';
export { type FullSentenceOptions, createFullSentenceInstances } from './pairs/full-sentence-instances';
export type { PairObjective } from './pairs/instances-from-document';
export { createNspInstances, createSopInstances } from './pairs/pair-instances';
export type { PairOptions } from './pairs/pair-options';
export { instanceLength, NO_PAIR_LABEL, type TrainingInstance } from './pairs/training-instance';
// Masking
export {
  createMasker,
  type MaskedInstance,
  type Masker,
  maskInstance,
  predictionBudget,
} from './masking/mask-instance';
export {
  type MaskingOptions,
  type ResolvedMasking,
  resolveMaskingOptions,
  type SpanMaskingOptions,
} from './masking/masking-options';
export { expectedSpanLength, sampleSpanLength } from './masking/span-length';
// Batching
export { planBatches } from './batching/batch-plan';
export { maskedLabels, type PretrainingBatch, paddingFraction } from './batching/pretraining-batch';
export { PretrainingDataset, type PretrainingDatasetOptions } from './batching/pretraining-dataset';
export { splitTrainEval } from './batching/split-train-eval';
// Randomness
export { type MutableArrayLike, Rng } from './random';
// Labelled data for fine-tuning
export { alignTokenLabels, beginToInside, firstTokenOfWords, IGNORE_INDEX } from './labelled/align-labels';
export { BadRowError } from './labelled/bad-rows';
export type { ColumnSpec } from './labelled/column-spec';
export {
  collateExamples,
  type FinetuneBatch,
  FinetuneDataset,
  type FinetuneDatasetOptions,
} from './labelled/finetune-batches';
export {
  type EncodedExample,
  type EncodeTaggedOptions,
  type EncodeTextOptions,
  encodeTaggedSentences,
  encodeTextExamples,
} from './labelled/finetune-features';
export { LabelSet, regressionTarget } from './labelled/label-set';
export type { BadRowOptions, ReadResult, SourceLine, TaggedSentence, TextExample } from './labelled/labelled-example';
export { readTaggedSentences, type TaggedSentenceOptions } from './labelled/read-tagged-sentences';
export {
  readTextExamples,
  TEXT_FORMATS,
  type TextExampleOptions,
  type TextFormat,
  textFormatOf,
} from './labelled/read-text-examples';
export { detectTagScheme, iob1ToIob2, TAG_SCHEMES, type TagScheme, tagProblem } from './labelled/tag-scheme';
