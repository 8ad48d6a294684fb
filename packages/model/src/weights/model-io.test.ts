import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BertModel } from '../bert-model.js';
import { CheckpointError } from '../errors.js';
import { BertForMaskedLM } from '../heads/bert-for-masked-lm.js';
import { BertForPreTraining } from '../heads/bert-for-pre-training.js';
import { BertForSequenceClassification } from '../heads/bert-for-sequence-classification.js';
import type { BertPreTrainedModel } from '../pretrained-model.js';
import { disposeAll, tinyBatch, tinyConfig } from '../testing/tiny.js';
import { fromHfConfigJson, toHfConfigJson } from './config-json.js';
import { loadModel, saveModel } from './model-io.js';
import { parseSafetensors, serializeSafetensors } from './safetensors.js';
import { exportStateDict, loadStateDict } from './state-dict.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bert-model-io-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function outputsOf(model: BertPreTrainedModel<unknown>): Promise<unknown> {
  const batch = tinyBatch();
  const outputs = model.forward(batch, { training: false, outputHiddenStates: true }) as Record<
    string,
    tf.Tensor | tf.Tensor[] | undefined
  >;
  const arrays: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== undefined)
      arrays[name] = Array.isArray(value) ? await Promise.all(value.map((t) => t.array())) : await value.array();
  }
  disposeAll(batch, outputs);
  return arrays;
}

describe('saveModel / loadModel', () => {
  it('round-trips to bit-identical outputs and writes HF config.json + model.safetensors', async () => {
    const config = tinyConfig({ numLabels: 3, id2label: ['neg', 'neutral', 'pos'] });
    const model = new BertForSequenceClassification(config, { seed: 4 });
    const path = join(dir, 'classifier');
    await saveModel(model, path);
    const json = JSON.parse(await readFile(join(path, 'config.json'), 'utf8'));
    expect(json).toMatchObject({
      architectures: ['BertForSequenceClassification'],
      model_type: 'bert',
      hidden_size: 32,
      num_attention_heads: 4,
      intermediate_size: 37,
      layer_norm_eps: 1e-12,
      id2label: { 0: 'neg', 1: 'neutral', 2: 'pos' },
      label2id: { neg: 0, neutral: 1, pos: 2 },
    });
    expect(Object.keys(json)).toEqual([...Object.keys(json)].sort());
    const file = parseSafetensors(new Uint8Array(await readFile(join(path, 'model.safetensors'))));
    expect(file.metadata).toEqual({ format: 'pt' });
    expect(file.tensors.get('bert.encoder.layer.0.intermediate.dense.weight')?.shape).toEqual([37, 32]); // PyTorch [out, in]
    expect(file.tensors.get('classifier.weight')).toMatchObject({ dtype: 'F32', shape: [3, 32] });

    const loaded = await loadModel(path, { onWarning: (message) => expect.fail(message) });
    expect(loaded).toBeInstanceOf(BertForSequenceClassification);
    expect(loaded.config).toEqual(config);
    expect(await outputsOf(loaded)).toEqual(await outputsOf(model));
    model.dispose();
    loaded.dispose();
  });

  it('saves the tied decoder once (as HF safetensors does) and accepts checkpoints that store it', async () => {
    const model = new BertForPreTraining(tinyConfig(), { seed: 5 });
    const path = join(dir, 'pretraining');
    await saveModel(model, path);
    const file = parseSafetensors(new Uint8Array(await readFile(join(path, 'model.safetensors'))));
    expect(file.tensors.has('cls.predictions.decoder.weight')).toBe(false);
    expect(file.tensors.has('cls.predictions.bias')).toBe(true);

    const stateDict = await exportStateDict(model);
    const words = stateDict.get('bert.embeddings.word_embeddings.weight')!;
    const withDecoder = new Map([
      ...stateDict,
      ['cls.predictions.decoder.weight', words],
      ['cls.predictions.decoder.bias', stateDict.get('cls.predictions.bias')!],
    ]);
    const copy = new BertForPreTraining(tinyConfig(), { seed: 6 });
    expect(loadStateDict(copy, withDecoder, { onWarning: (m) => expect.fail(m) })).toEqual({
      missingKeys: [],
      unexpectedKeys: [],
    });
    // Only the decoder copy present: the embeddings come from it.
    const decoderOnly = new Map([...withDecoder].filter(([name]) => name !== 'bert.embeddings.word_embeddings.weight'));
    const other = new BertForPreTraining(tinyConfig(), { seed: 7 });
    loadStateDict(other, decoderOnly, { onWarning: (m) => expect.fail(m) });
    expect(await outputsOf(other)).toEqual(await outputsOf(model));
    for (const m of [model, copy, other]) m.dispose();
  });

  it('reads legacy LayerNorm gamma/beta names and ignores position_ids buffers', async () => {
    const model = new BertModel(tinyConfig(), { seed: 8 });
    const legacy = new Map(
      [...(await exportStateDict(model))].map(([name, tensor]) => [
        name.replace(/LayerNorm\.weight$/, 'LayerNorm.gamma').replace(/LayerNorm\.bias$/, 'LayerNorm.beta'),
        tensor,
      ]),
    );
    legacy.set('embeddings.position_ids', { shape: [1, 40], values: new Float32Array(40) });
    const copy = new BertModel(tinyConfig(), { seed: 9 });
    expect(loadStateDict(copy, legacy, { onWarning: (m) => expect.fail(m) }).unexpectedKeys).toEqual([]);
    expect(await outputsOf(copy)).toEqual(await outputsOf(model));
    model.dispose();
    copy.dispose();
  });
});

describe('checkpoint mismatches', () => {
  it('fails on the first shape mismatch, naming the tensor and both shapes, before changing any variable', async () => {
    const small = new BertForMaskedLM(tinyConfig({ vocabSize: 50 }), { seed: 1 });
    const model = new BertForMaskedLM(tinyConfig(), { seed: 2 });
    const before = await outputsOf(model);
    const stateDict = await exportStateDict(small);
    expect(() => loadStateDict(model, stateDict, { source: 'ckpt' })).toThrow(
      new CheckpointError(
        'ckpt: "bert.embeddings.word_embeddings.weight" has shape [50,32] in the checkpoint but [99,32] in the model (BertForMaskedLM)',
      ),
    );
    expect(await outputsOf(model)).toEqual(before);
    small.dispose();
    model.dispose();
  });

  it('fails when the encoder has missing or extra layers', async () => {
    const three = new BertModel(tinyConfig({ numHiddenLayers: 3 }), { seed: 1 });
    const two = new BertModel(tinyConfig(), { seed: 1 });
    expect(() => loadStateDict(two, exportStateDictSync(three), { source: 'ckpt' })).toThrow(
      'ckpt: "encoder.layer.2.attention.self.query.weight" in the checkpoint has no place in BertModel with this config',
    );
    expect(() => loadStateDict(three, exportStateDictSync(two), { source: 'ckpt' })).toThrow(
      'ckpt: "encoder.layer.2.attention.self.query.weight" is missing from the checkpoint; does config.json match it?',
    );
    three.dispose();
    two.dispose();
  });

  it('loads a pretraining checkpoint into a classifier: heads reported like HF, pooler kept', async () => {
    const pretrained = new BertForPreTraining(tinyConfig(), { seed: 3 });
    const path = join(dir, 'for-finetuning');
    await saveModel(pretrained, path);
    const warnings: string[] = [];
    const classifier = await loadModel(path, {
      kind: 'ForSequenceClassification',
      configOverrides: { numLabels: 4 },
      seed: 1,
      onWarning: (message) => warnings.push(message),
    });
    expect(warnings[0]).toBe(
      `Some weights of the model checkpoint at ${join(path, 'model.safetensors')} were not used when initializing BertForSequenceClassification: [cls.predictions.bias, cls.predictions.transform.LayerNorm.bias, cls.predictions.transform.LayerNorm.weight, cls.predictions.transform.dense.bias, cls.predictions.transform.dense.weight, cls.seq_relationship.bias, cls.seq_relationship.weight]`,
    );
    expect(warnings[1]).toMatch(
      /^Some weights of BertForSequenceClassification were not initialized .* newly initialized: \[classifier.weight, classifier.bias\]/,
    );
    const parameters = classifier.namedParameters();
    const pooler = parameters.get('bert.pooler.dense.weight')!;
    expect(await pooler.array()).toEqual(await pretrained.namedParameters().get('bert.pooler.dense.weight')!.array());
    const classifierWeights = Array.from(await parameters.get('classifier.weight')!.data());
    expect(classifierWeights.some((v) => v !== 0)).toBe(true); // freshly initialized, not left at zero
    pretrained.dispose();
    classifier.dispose();
  });

  it('adds the base-model prefix to a BertModel checkpoint and strips it from a head checkpoint', async () => {
    const base = new BertModel(tinyConfig(), { seed: 4 });
    const mlm = new BertForMaskedLM(tinyConfig(), { seed: 5 });
    const warnings: string[] = [];
    const report = loadStateDict(mlm, exportStateDictSync(base), { onWarning: (m) => warnings.push(m) });
    expect(report.missingKeys).toContain('cls.predictions.bias');
    expect(report.unexpectedKeys).toEqual(['pooler.dense.weight', 'pooler.dense.bias'].map((n) => `bert.${n}`));
    expect(await mlm.namedParameters().get('bert.encoder.layer.1.output.dense.weight')!.array()).toEqual(
      await base.namedParameters().get('encoder.layer.1.output.dense.weight')!.array(),
    );
    const back = new BertModel(tinyConfig(), { seed: 6 });
    const reverse = loadStateDict(back, exportStateDictSync(mlm), { onWarning: () => {} });
    expect(reverse.unexpectedKeys).toContain('cls.predictions.bias');
    expect(reverse.missingKeys).toEqual(['pooler.dense.weight', 'pooler.dense.bias']);
    for (const m of [base, mlm, back]) m.dispose();
  });

  it('loads F16 checkpoints (values rounded to half precision)', async () => {
    const model = new BertModel(tinyConfig(), { seed: 7 });
    const stateDict = exportStateDictSync(model);
    const rounded = new Map(
      [...stateDict].map(([name, { shape, values }]) => [name, { shape, values: values.map(toHalfAndBack) }]),
    );
    const f32 = parseSafetensors(serializeSafetensors(rounded));
    const header: Record<string, unknown> = {};
    const chunks: Uint8Array[] = [];
    let offset = 0;
    for (const [name, entry] of f32.tensors) {
      const halves = new Uint16Array(Array.from(new Float32Array(entry.data.slice().buffer), toHalfBits));
      header[name] = { dtype: 'F16', shape: entry.shape, data_offsets: [offset, offset + halves.byteLength] };
      chunks.push(new Uint8Array(halves.buffer));
      offset += halves.byteLength;
    }
    let json = JSON.stringify(header);
    json += ' '.repeat((8 - (json.length % 8)) % 8);
    const bytes = new Uint8Array(8 + json.length + offset);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
    bytes.set(new TextEncoder().encode(json), 8);
    let position = 8 + json.length;
    for (const chunk of chunks) {
      bytes.set(chunk, position);
      position += chunk.length;
    }
    const path = join(dir, 'half');
    await saveModel(model, path);
    await writeFile(join(path, 'model.safetensors'), bytes);
    const loaded = await loadModel(path, { onWarning: (m) => expect.fail(m) });
    const name = 'encoder.layer.0.attention.self.query.weight';
    const expected = Array.from(rounded.get(name)!.values);
    const actual = Array.from(await tf.transpose(loaded.namedParameters().get(name)!).data());
    expect(actual).toEqual(expected);
    model.dispose();
    loaded.dispose();
  });
});

describe('config.json for the variants', () => {
  it.each([
    ['distilbert', { dim: 32, n_layers: 2, n_heads: 4, hidden_dim: 37, activation: 'gelu' }],
    ['albert', { embedding_size: 16, num_hidden_groups: 1, inner_group_num: 1, hidden_act: 'gelu_new' }],
    ['roberta', { pad_token_id: 1, type_vocab_size: 1 }],
  ] as const)('%s round-trips through HF field names', (modelType, fields) => {
    const overrides =
      modelType === 'distilbert'
        ? { typeVocabSize: 0 }
        : modelType === 'albert'
          ? { embeddingSize: 16, hiddenAct: 'gelu_new' as const }
          : { padTokenId: 1, typeVocabSize: 1 };
    const config = tinyConfig({ modelType, ...overrides });
    const json = toHfConfigJson(config, 'X');
    expect(json).toMatchObject({ model_type: modelType, ...fields });
    expect(fromHfConfigJson(json).config).toEqual(config);
  });

  it('rejects unsupported checkpoints with the file name', () => {
    expect(() => fromHfConfigJson({ model_type: 'gpt2' }, 'dir/config.json')).toThrow(
      'dir/config.json: model_type "gpt2" is not supported; known: bert, roberta, distilbert, albert',
    );
    expect(() => fromHfConfigJson({ model_type: 'bert', hidden_size: 30 }, 'c.json')).toThrow(
      'c.json: hiddenSize (30) must be divisible by numAttentionHeads (12)',
    );
  });
});

/** exportStateDict without awaiting (dataSync), for brevity in tests. */
function exportStateDictSync(model: BertPreTrainedModel<unknown>) {
  return new Map(
    [...model.parameters()].map(([name, { variable, layout }]) => {
      const tensor = layout === 'linear-kernel' ? tf.transpose(variable) : variable;
      const values = new Float32Array(tensor.dataSync());
      const shape = tensor.shape;
      if (tensor !== variable) tensor.dispose();
      return [name, { shape, values }] as const;
    }),
  );
}

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);
/** float32 → nearest F16 bits (round half to even; normal range only, enough for weights of size ~0.02–1). */
function toHalfBits(value: number): number {
  scratch[0] = value;
  const bits = scratchBits[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  if (exponent <= 0) return sign; // flush tiny values to zero (matching toHalfAndBack)
  let mantissa = (bits >>> 13) & 0x3ff;
  const rest = bits & 0x1fff;
  let half = sign | (exponent << 10) | mantissa;
  if (rest > 0x1000 || (rest === 0x1000 && (mantissa & 1) === 1)) half += 1;
  mantissa = 0;
  return half;
}
function toHalfAndBack(value: number): number {
  const half = toHalfBits(value);
  const exponent = (half >> 10) & 0x1f;
  if (exponent === 0) return half & 0x8000 ? -0 : 0;
  return (half & 0x8000 ? -1 : 1) * (1 + (half & 0x3ff) / 1024) * 2 ** (exponent - 15);
}
