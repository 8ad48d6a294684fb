import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BertForPreTraining } from '../heads/bert-for-pre-training.js';
import { tinyConfig } from '../testing/tiny.js';
import { predictPretraining } from './predict-pretraining.js';

describe('predictPretraining', () => {
  it('returns the argmax id per masked slot and the argmax NSP class, without leaking', async () => {
    const model = new BertForPreTraining(tinyConfig(), { seed: 3 });
    // Biases big enough to decide the argmax whatever the input: token 42, and class 1 ("not next").
    model.cls.predictions.bias.assign(tf.tidy(() => tf.oneHot(42, 99).cast('float32').mul(50)));
    const nsp = model.namedParameters().get('cls.seq_relationship.bias') as tf.Variable;
    nsp.assign(tf.tensor1d([0, 50]));
    const inputs = {
      inputIds: tf.tensor2d(
        [
          [1, 3, 6, 2, 7, 2],
          [1, 5, 3, 2, 3, 2],
        ],
        undefined,
        'int32',
      ),
      tokenTypeIds: tf.tensor2d(
        [
          [0, 0, 0, 0, 1, 1],
          [0, 0, 0, 0, 1, 1],
        ],
        undefined,
        'int32',
      ),
      attentionMask: tf.tensor2d(
        [
          [1, 1, 1, 1, 1, 1],
          [1, 1, 1, 1, 1, 1],
        ],
        undefined,
        'int32',
      ),
      maskedPositions: tf.tensor2d(
        [
          [1, 0, 0],
          [2, 4, 0],
        ],
        undefined,
        'int32',
      ),
    };
    const before = tf.memory().numTensors;
    const prediction = await predictPretraining(model, inputs);
    expect(tf.memory().numTensors).toBe(before);
    expect(prediction).toEqual({
      maskedIds: [
        [42, 42, 42],
        [42, 42, 42],
      ],
      nextSentence: [1, 1],
    });
    nsp.assign(tf.tensor1d([50, 0]));
    expect((await predictPretraining(model, inputs)).nextSentence).toEqual([0, 0]);
    tf.dispose(Object.values(inputs));
    model.dispose();
  });

  it('agrees with the argmax of the logits the forward pass returns', async () => {
    const model = new BertForPreTraining(tinyConfig(), { seed: 4 });
    const inputs = {
      inputIds: tf.tensor2d([[1, 3, 9, 2, 11, 3, 2]], undefined, 'int32'),
      maskedPositions: tf.tensor2d([[1, 5]], undefined, 'int32'),
    };
    const [ids, classes] = tf.tidy(() => {
      const outputs = model.forward(inputs, { training: false });
      return [tf.argMax(outputs.prediction_logits, -1), tf.argMax(outputs.seq_relationship_logits, -1)];
    });
    const expectedIds = (await ids.array()) as number[][];
    const expectedClass = (await classes.array()) as number[];
    tf.dispose([ids, classes]);
    const prediction = await predictPretraining(model, inputs);
    expect(prediction).toEqual({ maskedIds: expectedIds, nextSentence: expectedClass });
    tf.dispose(Object.values(inputs));
    model.dispose();
  });
});
