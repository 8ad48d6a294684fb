import { describe, expect, it } from 'vitest';
import { isNoDecayParameter, parameterGroups } from './param-groups.js';

describe('no-decay parameter names', () => {
  it.each([
    ['bert.encoder.layer.0.attention.self.query.bias', true],
    ['cls.predictions.bias', true],
    ['bert.embeddings.LayerNorm.weight', true],
    ['bert.encoder.layer.3.output.LayerNorm.weight', true],
    ['distilbert.transformer.layer.0.sa_layer_norm.weight', true],
    ['distilbert.transformer.layer.0.output_layer_norm.weight', true],
    ['model.layer_norm.weight', true],
    ['bert.encoder.layer.0.attention.self.query.weight', false],
    ['bert.embeddings.word_embeddings.weight', false],
    ['cls.seq_relationship.weight', false],
    ['bert.pooler.dense.weight', false],
  ])('%s → %s', (name, expected) => {
    expect(isNoDecayParameter(name)).toBe(expected);
  });

  it('splits names into the two groups in order', () => {
    expect(parameterGroups(['a.weight', 'a.bias', 'LayerNorm.weight', 'b.weight'])).toEqual({
      decay: ['a.weight', 'b.weight'],
      noDecay: ['a.bias', 'LayerNorm.weight'],
    });
  });
});
