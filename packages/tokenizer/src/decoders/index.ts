export { BpeDecoder } from './bpe-decoder';
export { ByteFallbackDecoder } from './byte-fallback-decoder';
export { ByteLevelDecoder, type ByteLevelOptions } from './byte-level-decoder';
export { decoderFromJSON } from './from-json';
export { FuseDecoder } from './fuse-decoder';
export { ReplaceDecoder, type ReplacePattern } from './replace-decoder';
export { SequenceDecoder } from './sequence-decoder';
export { StripDecoder, type StripOptions } from './strip-decoder';
export { cleanupTokenization, WordPieceDecoder } from './word-piece-decoder';
