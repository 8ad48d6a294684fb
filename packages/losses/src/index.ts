export { type CosineEmbeddingOptions, cosineEmbeddingLoss } from './cosine-embedding-loss.js';
export { assertLossShape, LossShapeError } from './errors.js';
export { type KlDivergenceOptions, klDivergence } from './kl-divergence.js';
export { type CrossEntropyOptions, maskedCrossEntropy } from './masked-cross-entropy.js';
