import * as tf from '@tensorflow/tfjs';
import { type BertConfig, resolveBertConfig } from '../config.js';
import type { BertInputs } from '../inputs.js';

/** The house test config: vocab 99, hidden 32, 2 layers, 4 heads (intermediate 37, not 4H, to catch transposes). */
export function tinyConfig(overrides: Partial<BertConfig> = {}): BertConfig {
  return resolveBertConfig({
    vocabSize: 99,
    hiddenSize: 32,
    numHiddenLayers: 2,
    numAttentionHeads: 4,
    intermediateSize: 37,
    maxPositionEmbeddings: 40,
    ...overrides,
  });
}

/** Two sequences [B = 2, T = 7]; the second ends with 2 padding tokens (id `pad`, mask 0). */
export function tinyBatch(pad = 0, { positions = true }: { positions?: boolean } = {}): BertInputs {
  return {
    inputIds: tf.tensor2d(
      [
        [2, 17, 45, 3, 88, 61, 5],
        [2, 33, 71, 12, 5, pad, pad],
      ],
      undefined,
      'int32',
    ),
    tokenTypeIds: tf.tensor2d(
      [
        [0, 0, 0, 0, 1, 1, 1],
        [0, 0, 1, 1, 1, 0, 0],
      ],
      undefined,
      'int32',
    ),
    attentionMask: tf.tensor2d(
      [
        [1, 1, 1, 1, 1, 1, 1],
        [1, 1, 1, 1, 1, 0, 0],
      ],
      undefined,
      'int32',
    ),
    maskedPositions: positions
      ? tf.tensor2d(
          [
            [1, 4, 5],
            [3, 2, 1],
          ],
          undefined,
          'int32',
        )
      : undefined,
  };
}

/** Disposes every tensor of a batch or an output object. */
export function disposeAll(...containers: unknown[]): void {
  tf.dispose(containers as tf.TensorContainer[]);
}
