import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabelSet } from '@bert/data';
import { BertForPreTraining, bertPreset, saveModel } from '@bert/model';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createFinetuneModel, trainWordPiece } from '../src/index.js';
import { run, sentimentRows, tempDir, tsv } from './helpers.js';

const temp = tempDir('bert-finetune-checkpoint-');
afterAll(() => temp.cleanup());

describe('starting from a pretraining checkpoint', () => {
  it('keeps the encoder weights and adds a classifier initialised as HF does (normal 0.02, zero bias)', async () => {
    const rows = sentimentRows(40, 8);
    const tokenizer = trainWordPiece(
      rows.map(([text]) => text),
      120,
      false,
    );
    const config = bertPreset('tiny', {
      vocabSize: tokenizer.getVocabSize(),
      hiddenSize: 64,
      numAttentionHeads: 2,
      intermediateSize: 96,
    });
    const pretrained = new BertForPreTraining(config, { seed: 5 });
    const dir = join(temp.dir, 'pretrained');
    await saveModel(pretrained, dir);
    writeFileSync(join(dir, 'tokenizer.json'), tokenizer.toString(true));
    const query = 'bert.encoder.layer.0.attention.self.query.weight';
    const original = pretrained.namedParameters().get(query)?.dataSync().slice();
    pretrained.dispose();

    const warnings: string[] = [];
    const labels = LabelSet.fromLabels(['neg', 'pos']);
    const { model, newHead } = await createFinetuneModel(
      { model: dir, task: 'classification', labels, dropout: undefined, seed: 1, maxSeqLength: 64, tokenizer },
      (line) => warnings.push(line),
    );
    expect([...newHead].sort()).toEqual(['classifier.bias', 'classifier.weight']);
    expect(warnings[0]).toMatch(/new weights \(HF init, normal 0\.02 \/ zero bias\): classifier/);
    const parameters = model.namedParameters();
    expect([...(parameters.get(query)?.dataSync() ?? [])]).toEqual([...(original ?? [])]);
    const weight = Array.from(parameters.get('classifier.weight')?.dataSync() ?? []);
    const mean = weight.reduce((sum, value) => sum + value, 0) / weight.length;
    const std = Math.sqrt(weight.reduce((sum, value) => sum + (value - mean) ** 2, 0) / weight.length);
    expect(std).toBeGreaterThan(0.015);
    expect(std).toBeLessThan(0.025);
    expect([...(parameters.get('classifier.bias')?.dataSync() ?? [])]).toEqual([0, 0]);
    expect(model.config.id2label).toEqual(['neg', 'pos']);
    model.dispose();
    expect(tf.memory().numTensors).toBeGreaterThanOrEqual(0);

    // and through the CLI: fine-tune it, then the result refuses a task with other labels
    const train = temp.file('train.tsv', tsv(rows, ['sentence', 'label']));
    const output = join(temp.dir, 'from-checkpoint');
    const result = await run([
      '--model',
      dir,
      '--train',
      train,
      '--epochs',
      '1',
      '--batch-size',
      '16',
      '--lr',
      '1e-3',
      '--output',
      output,
    ]);
    expect(result.code, result.err.join('\n')).toBe(0);
    expect(result.err.join('\n')).toMatch(/new weights .*classifier\.weight/);
    const other = temp.file('three.tsv', 'sentence\tlabel\na\tx\nb\ty\nc\tz\n');
    const mismatch = await run(['--model', output, '--train', other, '--output', join(temp.dir, 'mismatch')]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.err[0]).toMatch(/already has a 2-output BertForSequenceClassification head but the task needs 3/);
  });
});
