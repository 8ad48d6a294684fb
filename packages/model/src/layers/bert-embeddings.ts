import * as tf from '@tensorflow/tfjs';
import { type BertConfig, maxSequenceLength } from '../config.js';
import { ShapeError } from '../errors.js';
import type { ParamScope } from '../params/param-scope.js';
import { LayerNorm } from './layer-norm.js';
import type { RunContext } from './run-context.js';

/**
 * HF `BertEmbeddings`: word + token type + position embeddings (summed in HF's order), LayerNorm, dropout.
 * Word embeddings are [V, E] and double as the tied MLM decoder. Like `nn.Embedding(padding_idx=padTokenId)`,
 * the padding row starts at zero and receives no gradient. RoBERTa numbers positions from `padTokenId + 1` and gives
 * padding `padTokenId` (also a frozen row); DistilBERT (`typeVocabSize` 0) has no token-type table.
 */
export class BertEmbeddings {
  readonly wordEmbeddings: tf.Variable; // [V, E]
  readonly positionEmbeddings: tf.Variable; // [P, E]
  readonly tokenTypeEmbeddings: tf.Variable | null; // [typeVocabSize, E]
  readonly layerNorm: LayerNorm;

  constructor(
    readonly config: BertConfig,
    scope: ParamScope,
  ) {
    const { vocabSize, embeddingSize: E, maxPositionEmbeddings, typeVocabSize, padTokenId } = config;
    this.wordEmbeddings = scope.embedding('word_embeddings.weight', vocabSize, E, padTokenId);
    const positionPadding = config.modelType === 'roberta' ? padTokenId : undefined;
    this.positionEmbeddings = scope.embedding('position_embeddings.weight', maxPositionEmbeddings, E, positionPadding);
    this.tokenTypeEmbeddings =
      typeVocabSize > 0 ? scope.embedding('token_type_embeddings.weight', typeVocabSize, E) : null;
    this.layerNorm = new LayerNorm(scope.child('LayerNorm'), E, config.layerNormEps);
  }

  /**
   * inputIds [B, T] int32; tokenTypeIds [B, T] int32 (zeros when absent; ignored without a token-type table)
   * → [B, T, E] float32.
   */
  forward(inputIds: tf.Tensor2D, tokenTypeIds: tf.Tensor2D | undefined, context: RunContext): tf.Tensor3D {
    const [batch, tokens] = inputIds.shape;
    if (tokens > maxSequenceLength(this.config)) {
      throw new ShapeError(
        `inputIds: ${tokens} tokens exceed the ${maxSequenceLength(this.config)} positions of the model`,
      );
    }
    return tf.tidy(() => {
      const { padTokenId } = this.config;
      const isPad = tf.equal(inputIds, padTokenId) as tf.Tensor2D; // [B, T]
      let embeddings = embedWithFrozenRows(this.wordEmbeddings, inputIds, isPad); // [B, T, E]
      if (this.tokenTypeEmbeddings !== null) {
        const types = tokenTypeIds ?? tf.zeros([batch, tokens], 'int32');
        embeddings = tf.add(embeddings, tf.gather(this.tokenTypeEmbeddings, types)); // [B, T, E]
      }
      if (this.config.modelType === 'roberta') {
        const positionIds = robertaPositionIds(inputIds, padTokenId); // [B, T]
        embeddings = tf.add(embeddings, embedWithFrozenRows(this.positionEmbeddings, positionIds, isPad)); // [B, T, E]
      } else {
        const positions = tf.gather(this.positionEmbeddings, tf.range(0, tokens, 1, 'int32')); // [T, E]
        embeddings = tf.add(embeddings, positions); // [B, T, E]
      }
      return context.dropout(this.layerNorm.forward(embeddings), this.config.hiddenDropoutProb);
    });
  }
}

/**
 * HF `create_position_ids_from_input_ids`: cumulative count of non-padding tokens, offset by `padTokenId`;
 * padding keeps `padTokenId`. [B, T] int32 → [B, T] int32.
 */
export function robertaPositionIds(inputIds: tf.Tensor2D, padTokenId: number): tf.Tensor2D {
  return tf.tidy(() => {
    const real = tf.cast(tf.notEqual(inputIds, padTokenId), 'float32'); // [B, T]
    const counted = tf.mul(tf.cumsum(real, 1), real); // [B, T]
    return tf.cast(tf.add(counted, padTokenId), 'int32') as tf.Tensor2D;
  });
}

/** Gather whose gradient skips the rows looked up where `frozen` is true (PyTorch's `padding_idx`). */
const embedWithFrozenRows = (table: tf.Variable, ids: tf.Tensor2D, frozen: tf.Tensor2D): tf.Tensor3D => {
  const keep = tf.expandDims(tf.cast(tf.logicalNot(frozen), 'float32'), -1); // [B, T, 1]
  return blockGradient(tf.gather(table, ids), keep) as tf.Tensor3D; // [B, T, E]
};

const blockGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [values, keep, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([keep]);
  return {
    value: tf.clone(values),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const kept = saved[0] as tf.Tensor;
      return [tf.mul(dy, kept), tf.zerosLike(kept)];
    },
  };
}) as (values: tf.Tensor, keep: tf.Tensor) => tf.Tensor;
