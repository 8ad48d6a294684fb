export { BpeTrainer } from './bpe-trainer';
export type { BpeTrainerOptions } from './bpe-trainer-options';
export { WordCounts } from './word-counts';
export { WordLevelTrainer, type WordLevelTrainerOptions } from './word-level-trainer';
export { WordPieceTrainer, type WordPieceTrainerOptions } from './word-piece-trainer';
