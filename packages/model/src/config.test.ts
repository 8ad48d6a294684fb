import { describe, expect, it } from 'vitest';
import { BERT_PRESETS, bertPreset, maxSequenceLength, resolveBertConfig } from './config.js';
import { ConfigError } from './errors.js';

describe('resolveBertConfig', () => {
  it('starts from HF BertConfig defaults and freezes the result', () => {
    const config = resolveBertConfig();
    expect(config).toMatchObject({
      modelType: 'bert',
      vocabSize: 30522,
      hiddenSize: 768,
      embeddingSize: 768,
      numHiddenLayers: 12,
      numHiddenGroups: 12,
      initializerRange: 0.02,
      layerNormEps: 1e-12,
      hiddenAct: 'gelu',
      typeVocabSize: 2,
      padTokenId: 0,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { hiddenSize: number }).hiddenSize = 1;
    }).toThrow(TypeError);
  });

  it('lets embeddingSize and numHiddenGroups follow hiddenSize and numHiddenLayers', () => {
    expect(resolveBertConfig({ hiddenSize: 64, numAttentionHeads: 4, numHiddenLayers: 3 })).toMatchObject({
      embeddingSize: 64,
      numHiddenGroups: 3,
    });
  });

  it.each([
    [{ hiddenSize: 250, numAttentionHeads: 12 }, 'hiddenSize (250) must be divisible by numAttentionHeads (12)'],
    [{ vocabSize: 0 }, 'vocabSize (0) must be a positive integer'],
    [{ hiddenDropoutProb: 1 }, 'hiddenDropoutProb (1) must be in [0, 1)'],
    [{ padTokenId: 99, vocabSize: 99 }, 'padTokenId (99) must be an id in [0, vocabSize (99))'],
    [{ hiddenAct: 'swish' as never }, 'hiddenAct ("swish") must be one of gelu, gelu_new, relu'],
    [{ embeddingSize: 128 }, 'embeddingSize (128) must equal hiddenSize (768) unless modelType is "albert"'],
    [{ typeVocabSize: 0 }, 'typeVocabSize (0) is only valid for modelType "distilbert", got "bert"'],
    [{ numLabels: 3, id2label: ['a', 'b'] }, 'id2label has 2 labels but numLabels is 3'],
    [{ modelType: 'gpt2' as never }, 'modelType ("gpt2") must be one of bert, roberta, distilbert, albert'],
    [{ hidden_size: 3 } as never, 'unknown config field "hidden_size"'],
    [
      { modelType: 'albert', numHiddenLayers: 3, numHiddenGroups: 2 } as const,
      'numHiddenLayers (3) must be divisible by numHiddenGroups (2)',
    ],
  ])('rejects %j with a message quoting the values', (overrides, message) => {
    expect(() => resolveBertConfig(overrides)).toThrow(new ConfigError(message));
  });

  it('expresses the variants: RoBERTa, DistilBERT and ALBERT defaults', () => {
    expect(resolveBertConfig({ modelType: 'roberta' })).toMatchObject({
      padTokenId: 1,
      maxPositionEmbeddings: 514,
      typeVocabSize: 1,
    });
    expect(maxSequenceLength(resolveBertConfig({ modelType: 'roberta' }))).toBe(512);
    expect(resolveBertConfig({ modelType: 'distilbert' })).toMatchObject({ typeVocabSize: 0, numHiddenLayers: 6 });
    expect(resolveBertConfig({ modelType: 'albert', hiddenSize: 64, numAttentionHeads: 4 })).toMatchObject({
      embeddingSize: 128,
      numHiddenGroups: 1,
      hiddenAct: 'gelu_new',
    });
  });
});

describe('presets', () => {
  it.each([
    ['tiny', 2, 128, 2],
    ['mini', 4, 256, 4],
    ['small', 4, 512, 8],
    ['medium', 8, 512, 8],
    ['base', 12, 768, 12],
  ] as const)('%s is %i layers, H %i, %i heads, intermediate 4H, 512 positions', (name, layers, hidden, heads) => {
    expect(bertPreset(name)).toMatchObject({
      numHiddenLayers: layers,
      hiddenSize: hidden,
      numAttentionHeads: heads,
      intermediateSize: 4 * hidden,
      maxPositionEmbeddings: 512,
    });
  });

  it('seed is the course model: 6 layers, H 768, 12 heads, 30 positions, 2 segments, vocab from the tokenizer', () => {
    expect(bertPreset('seed', { vocabSize: 29 })).toMatchObject({
      numHiddenLayers: 6,
      hiddenSize: 768,
      numAttentionHeads: 12,
      intermediateSize: 3072,
      maxPositionEmbeddings: 30,
      typeVocabSize: 2,
      vocabSize: 29,
    });
    expect(Object.isFrozen(BERT_PRESETS)).toBe(true);
  });
});
