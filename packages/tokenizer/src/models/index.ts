export { BPE, type BpeOptions } from './bpe';
export { modelFromJSON } from './from-json';
export { assertHasToken, parseVocabText, readVocabFile } from './vocab-file';
export type { VocabInput } from './vocab';
export { WordLevel, type WordLevelOptions } from './word-level';
export { WordPiece, type WordPieceOptions } from './word-piece';
