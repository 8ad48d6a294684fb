import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointError } from '@bert/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeAttention } from './compute-attention.js';
import { checkAttentionConfig, loadAttentionModel } from './load-attention-model.js';
import { savedTinyModel, tinyModel, tinyTokenizer } from './test-support/tiny-model.js';

let saved: Awaited<ReturnType<typeof savedTinyModel>>;
beforeAll(async () => {
  saved = await savedTinyModel();
});
afterAll(() => saved.cleanup());

/** A copy of the saved model directory with `config.json` changed by `edit`. */
async function withConfig(name: string, edit: (config: Record<string, unknown>) => void): Promise<string> {
  const dir = join(saved.dir, '..', name);
  await mkdir(dir, { recursive: true });
  const config = JSON.parse(await readFile(join(saved.dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  edit(config);
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

describe('loadAttentionModel', () => {
  it('loads the base model and tokenizer of a saved pretraining model, with the same attention', async () => {
    const tokenizer = tinyTokenizer();
    const original = tinyModel(tokenizer.getVocabSize());
    const loaded = await loadAttentionModel(saved.dir);
    expect(loaded.model.architecture).toBe('BertModel');
    expect(loaded.name).toBe('tiny-bert');
    expect(loaded.tokenizerFile).toBe(join(saved.dir, 'tokenizer.json'));
    const text = 'the cat sat on the mat';
    expect(computeAttention(loaded.model, loaded.tokenizer, text).attention).toEqual(
      computeAttention(original, tokenizer, text).attention,
    );
    loaded.model.dispose();
    original.dispose();
  });

  it('finds the tokenizer of a checkpoint in its run directory', async () => {
    const checkpoint = join(saved.dir, 'checkpoint-50');
    await mkdir(checkpoint, { recursive: true });
    for (const file of ['config.json', 'model.safetensors']) {
      await writeFile(join(checkpoint, file), await readFile(join(saved.dir, file)));
    }
    const loaded = await loadAttentionModel(checkpoint);
    expect(loaded.name).toBe('tiny-bert/checkpoint-50');
    expect(loaded.tokenizerFile).toBe(join(saved.dir, 'tokenizer.json'));
    loaded.model.dispose();
  });

  it('fails in one line for a directory that is not a model', async () => {
    await expect(loadAttentionModel(join(saved.dir, 'missing'))).rejects.toThrow(
      new CheckpointError(`${join(saved.dir, 'missing')}: no such directory`),
    );
    await expect(loadAttentionModel(join(saved.dir, 'config.json'))).rejects.toThrow(
      `${join(saved.dir, 'config.json')} is a file, not a model directory`,
    );
    const run = join(saved.dir, '..', 'run');
    await mkdir(join(run, 'checkpoint-100'), { recursive: true });
    await mkdir(join(run, 'checkpoint-20'), { recursive: true });
    await expect(loadAttentionModel(run)).rejects.toThrow(
      `${run}: no config.json; it holds checkpoints, the newest is ${join(run, 'checkpoint-100')}`,
    );
  });

  it('rejects a config without BERT-style multi-head attention', async () => {
    const gpt2 = await withConfig('gpt2', (config) => {
      config['model_type'] = 'gpt2';
    });
    await expect(loadAttentionModel(gpt2)).rejects.toThrow(
      new CheckpointError(
        `${join(gpt2, 'config.json')}: model_type "gpt2" has no BERT-style self-attention to export; supported: bert, roberta, distilbert, albert`,
      ),
    );
    const headless = await withConfig('headless', (config) => {
      delete config['num_attention_heads'];
    });
    await expect(loadAttentionModel(headless)).rejects.toThrow(
      `${join(headless, 'config.json')}: no num_attention_heads, so there is no multi-head attention to export`,
    );
    expect(() => checkAttentionConfig({ model_type: 'distilbert', n_heads: 0, n_layers: 2 }, 'c.json')).toThrow(
      'c.json: n_heads must be a positive integer, got 0',
    );
    const broken = join(saved.dir, '..', 'broken');
    await mkdir(broken, { recursive: true });
    await writeFile(join(broken, 'config.json'), '{ "model_type": ');
    await expect(loadAttentionModel(broken)).rejects.toThrow(/broken\/config.json: not valid JSON/);
  });

  it('rejects a missing tokenizer, or one with more tokens than the model’s vocabulary', async () => {
    const small = await withConfig('small-vocab', (config) => {
      config['vocab_size'] = 50;
    });
    await expect(loadAttentionModel(small, { tokenizerFile: join(saved.dir, 'tokenizer.json') })).rejects.toThrow(
      /tokenizer.json has \d+ tokens but .*small-vocab\/config.json has vocab_size 50; the tokenizer does not belong/,
    );
    const lonely = join(saved.dir, '..', 'elsewhere', 'model');
    await mkdir(lonely, { recursive: true });
    await writeFile(join(lonely, 'config.json'), await readFile(join(saved.dir, 'config.json')));
    await expect(loadAttentionModel(lonely)).rejects.toThrow(
      `${lonely}: no tokenizer.json here or in its parent directory; give the tokenizer file`,
    );
  });
});
