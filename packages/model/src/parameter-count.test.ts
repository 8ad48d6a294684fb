import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BertModel } from './bert-model.js';
import { bertPreset } from './config.js';
import { BertForPreTraining } from './heads/bert-for-pre-training.js';
import { countParameters } from './pretrained-model.js';

// Counts of the reference PyTorch parameter lists (see golden/golden-parity.test.ts for how they were produced).
const reference = JSON.parse(readFileSync(new URL('./golden/golden.json', import.meta.url), 'utf8'))
  .parameter_counts as Record<string, number>;

describe('countParameters (variables created as zeros: skipInit)', () => {
  it('bert-base BertModel with pooler has 109,482,240 parameters, like HF', () => {
    const before = tf.memory().numTensors;
    const model = new BertModel(bertPreset('base'), { skipInit: true });
    expect(countParameters(model)).toBe(109_482_240);
    expect(reference['base BertModel']).toBe(109_482_240);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the course seed preset (vocab 29 from its Romeo/Juliet text) matches the PyTorch count for the same config', () => {
    const model = new BertForPreTraining(bertPreset('seed', { vocabSize: 29 }), { skipInit: true });
    expect(countParameters(model)).toBe(reference['seed BertForPreTraining (vocab 29)']);
    expect(countParameters(model)).toBe(43_759_903);
    expect(countParameters(model.bert)).toBe(reference['seed BertModel (vocab 29)']);
    model.dispose();
  });
});
