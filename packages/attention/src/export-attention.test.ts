import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@bert/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AttentionDocument } from './attention-document.js';
import { computeAttention } from './compute-attention.js';
import { attentionSnapshotDir, exportAttention, HEATMAP_DIR, snapshotAttention } from './export-attention.js';
import { tinyModel, tinyTokenizer } from './test-support/tiny-model.js';

const tokenizer = tinyTokenizer();
const model = tinyModel(tokenizer.getVocabSize());
let outputDir = '';
beforeEach(async () => {
  outputDir = await mkdtemp(join(tmpdir(), 'attention-export-'));
  return () => rm(outputDir, { recursive: true, force: true });
});
afterAll(() => model.dispose());

describe('exportAttention', () => {
  it('writes attention.json, attention.html and a heatmap per layer and head', async () => {
    const { document, files } = await exportAttention(model, tokenizer, 'the cat sat', { outputDir });
    const heatmaps = ['0-head-0', '0-head-1', '0-head-2', '0-head-3', '1-head-0', '1-head-1', '1-head-2', '1-head-3'];
    expect(files).toEqual([
      join(outputDir, 'attention.json'),
      join(outputDir, 'attention.html'),
      ...heatmaps.map((name) => join(outputDir, HEATMAP_DIR, `layer-${name}.png`)),
    ]);
    const written = JSON.parse(await readFile(files[0]!, 'utf8')) as AttentionDocument;
    expect(written.tokens).toEqual(document.tokens);
    expect((await readdir(outputDir)).sort()).toEqual(['attention.html', 'attention.json', 'heatmaps']); // no temp files
  });

  it('writes only the formats asked for, and drops heatmaps an earlier export left for other heads', async () => {
    await writeFile(join(outputDir, 'notes.txt'), 'mine');
    await exportAttention(model, tokenizer, 'the cat', { outputDir, formats: ['png'], layers: [0] });
    const second = await exportAttention(model, tokenizer, 'the cat', { outputDir, formats: ['png'], heads: [1] });
    expect(second.files.map((file) => file.slice(outputDir.length + 1))).toEqual([
      'heatmaps/layer-0-head-1.png',
      'heatmaps/layer-1-head-1.png',
    ]);
    expect(await readdir(join(outputDir, HEATMAP_DIR))).toEqual(['layer-0-head-1.png', 'layer-1-head-1.png']);
    expect((await readdir(outputDir)).sort()).toEqual(['heatmaps', 'notes.txt']);
    await expect(exportAttention(model, tokenizer, 'a', { outputDir, formats: ['svg' as 'png'] })).rejects.toThrow(
      new ConfigError('format "svg" is not one of json, html, png'),
    );
  });
});

describe('snapshotAttention', () => {
  it('writes <runDir>/attention/step-<step>/ with the weights of the moment it was called', async () => {
    const text = 'romeo loved juliet';
    const before = computeAttention(model, tokenizer, text);
    const pending = snapshotAttention(model, tokenizer, text, { runDir: outputDir, step: 150 });
    // Training goes on while the files are written: change the weights before awaiting.
    const query = model.namedParameters().get('bert.encoder.layer.0.attention.self.query.weight')!;
    const saved = query.clone();
    query.assign(tf.mul(query, 3));
    const { document, files } = await pending;
    expect(document.attention).toEqual(before.attention);
    expect(document.model.name).toBe('step 150');
    const dir = attentionSnapshotDir(outputDir, 150);
    expect(dir).toBe(join(outputDir, 'attention', 'step-150'));
    expect(files).toEqual([join(dir, 'attention.json'), join(dir, 'attention.html')]);
    expect(computeAttention(model, tokenizer, text).attention).not.toEqual(before.attention);
    query.assign(saved);
    saved.dispose();
    expect(() => snapshotAttention(model, tokenizer, text, { runDir: outputDir, step: -1 })).toThrow(
      new ConfigError('step (-1) must be an integer ≥ 0'),
    );
  });
});
