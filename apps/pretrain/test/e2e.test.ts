import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BertForPreTraining, loadModel } from '@bert/model';
import { Tokenizer } from '@bert/tokenizer';
import { parseMetricsLog } from '@bert/trainer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, runCli, snapshot, temporaryDirectory, writeSmallCorpus } from './helpers.js';

// A tiny end-to-end run through the built CLI: the output directory, --resume, fill-mask, the other objectives.
let dir: string;
let first: Awaited<ReturnType<typeof runCli>>;
const TINY = ['--preset', 'tiny', '--vocab-size', '60', '--max-seq-length', '32', '--batch-size', '4'];

beforeAll(async () => {
  dir = await temporaryDirectory('e2e');
  await writeSmallCorpus(join(dir, 'small.txt'));
  const args = ['--corpus', 'small.txt', ...TINY, '--steps', '4', '--save-every', '2', '--eval-every', '2'];
  first = await runCli([...args, '--log-every', '1', '--attention-snapshot', 'the cat sat', '--output', 'run'], dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bert-pretrain end to end', () => {
  it('writes an HF model directory, tokenizer.json, checkpoints, metrics.jsonl and report.html', async () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^step 4\/4 \| loss \d+\.\d{4} \| mlm \d+\.\d{4} acc \d\.\d{3} \| nsp \d+\.\d{4} acc/m,
    );
    expect(first.stdout).toMatch(/^held out \(\d+ sequences\): mlm loss \d+\.\d{4}, accuracy \S+; nsp loss \d/m);
    expect(first.stdout).toMatch(/^backend: wasm \(\d+ threads?, .*\); matrix products: (OpenBLAS \d|off: )/m);
    const run = join(dir, 'run');

    const model = await loadModel(run);
    expect(model).toBeInstanceOf(BertForPreTraining);
    expect([model.config.vocabSize, model.config.hiddenSize, model.config.numHiddenLayers]).toEqual([60, 128, 2]);
    model.dispose();
    const tokenizer = Tokenizer.fromFile(join(run, 'tokenizer.json'));
    expect(tokenizer.getVocabSize()).toBe(60);
    expect(tokenizer.encode('the cat', { pair: 'sat' }).tokens[0]).toBe('[CLS]');

    const log = parseMetricsLog(await readFile(join(run, 'metrics.jsonl'), 'utf8'));
    expect(log.filter((entry) => 'loss' in entry).map((entry) => entry.step)).toEqual([1, 2, 3, 4]);
    for (const entry of log) {
      for (const field of ['mlm_loss', 'nsp_loss', 'mlm_accuracy', 'nsp_accuracy', 'tokens_per_second']) {
        expect(Number.isFinite(entry[field]), `${field} at step ${entry.step}`).toBe(true);
      }
    }
    expect(log.filter((entry) => 'eval_loss' in entry).map((entry) => entry.step)).toEqual([2, 4]);
    expect(await readFile(join(run, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    const state = JSON.parse(await readFile(join(run, 'checkpoint-4', 'trainer_state.json'), 'utf8'));
    expect(state.global_step).toBe(4);
    expect(existsSync(join(run, 'checkpoint-2', 'optimizer.safetensors'))).toBe(true);
    const args = JSON.parse(await readFile(join(run, 'pretrain_args.json'), 'utf8'));
    expect(args.flags).toMatchObject({ corpus: ['small.txt'], preset: 'tiny', steps: '4' });
  });

  it('--attention-snapshot writes the attention of its text at each checkpoint', async () => {
    for (const step of [2, 4]) {
      const file = join(dir, 'run', 'attention', `step-${step}`, 'attention.json');
      const document = JSON.parse(await readFile(file, 'utf8'));
      expect(document.tokens[0]).toBe('[CLS]');
      expect(document.tokens.at(-1)).toBe('[SEP]');
      expect(document.attention).toHaveLength(2); // tiny: 2 layers
      for (const row of document.attention[1][0]) {
        expect(Math.abs(row.reduce((sum: number, value: number) => sum + value, 0) - 1)).toBeLessThan(1e-5);
      }
    }
  });

  it('--resume continues from the latest checkpoint with the saved flags', async () => {
    const run = join(dir, 'run');
    const tokenizerBefore = await readFile(join(run, 'tokenizer.json'), 'utf8');
    const resumed = await runCli(['--output', 'run', '--resume', '--steps', '6'], dir);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`resuming from ${join('run', 'checkpoint-4')}`);
    expect(resumed.stdout).toMatch(/^step 6\/6 /m);
    // A longer run changes the linear schedule: the trainer says the continuation is not bit-for-bit.
    expect(lines(resumed.stderr)).toEqual([
      `bert-pretrain: resuming ${join('run', 'checkpoint-4')} with a different schedule: not bit-for-bit`,
    ]);
    const log = parseMetricsLog(await readFile(join(run, 'metrics.jsonl'), 'utf8'));
    expect(log.filter((entry) => 'loss' in entry).map((entry) => entry.step)).toEqual([1, 2, 3, 4, 5, 6]);
    const state = JSON.parse(await readFile(join(run, 'checkpoint-6', 'trainer_state.json'), 'utf8'));
    expect(state.global_step).toBe(6);
    expect(await readFile(join(run, 'tokenizer.json'), 'utf8')).toBe(tokenizerBefore);
    // --save-total-limit 2 (the default) keeps the newest two.
    expect(
      Object.keys(await snapshot(run))
        .filter((name) => name.endsWith('trainer_state.json'))
        .sort(),
    ).toEqual([join('checkpoint-4', 'trainer_state.json'), join('checkpoint-6', 'trainer_state.json')]);
  });

  it('fill-mask prints k lines of probability, token and filled-in text, best first, summing to at most 1', async () => {
    const result = await runCli(['fill-mask', '--model', 'run', '--top-k', '4', 'the [MASK] sat on the mat'], dir);
    expect(result.code).toBe(0);
    const printed = lines(result.stdout).map((line) => line.split('\t'));
    expect(printed).toHaveLength(4);
    const scores = printed.map(([score]) => Number(score));
    for (const [score, token, text] of printed) {
      expect(score).toMatch(/^0\.\d{4}$/);
      expect(token).not.toBe('');
      expect(text).toMatch(/ sat on the mat$/);
    }
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(scores.reduce((sum, score) => sum + score, 0)).toBeLessThanOrEqual(1);
    // A checkpoint directory finds the run's tokenizer.json in its parent.
    const fromCheckpoint = await runCli(
      ['fill-mask', '--model', join('run', 'checkpoint-6'), '--top-k', '2', '[MASK] dog'],
      dir,
    );
    expect(lines(fromCheckpoint.stdout)).toHaveLength(2);
  });

  it('trains the whitespace tokenizer with FULL-SENTENCES (mlm), and SOP on a single document', async () => {
    await writeFile(
      join(dir, 'one.txt'),
      `${Array.from({ length: 12 }, (_, i) => `Sentence number ${i} is here.`).join('\n')}\n`,
    );
    const mlm = await runCli(
      [
        '--corpus',
        'small.txt',
        ...TINY,
        '--tokenizer',
        'whitespace',
        '--objective',
        'mlm',
        '--steps',
        '2',
        '--output',
        'mlm',
      ],
      dir,
    );
    expect(mlm.stderr).toBe('');
    expect(mlm.stdout).toMatch(/^step 2\/2 \| loss \S+ \| mlm \S+ acc \S+ \| lr/m); // no NSP column
    expect(mlm.stdout).toMatch(/^last step: mlm loss \S+, accuracy \d\.\d{3}$/m); // nor in the summary
    const whitespace = Tokenizer.fromFile(join(dir, 'mlm', 'tokenizer.json'));
    expect(whitespace.encode('The cat, sat!').tokens).toEqual(['[CLS]', 'the', 'cat', 'sat', '[SEP]']);
    const sop = await runCli(
      ['--corpus', 'one.txt', ...TINY, '--objective', 'mlm+sop', '--steps', '2', '--output', 'sop'],
      dir,
    );
    expect(sop.stderr).toBe('');
    expect(sop.stdout).toMatch(/^step 2\/2 .* \| sop \S+ acc /m);
    expect(sop.stdout).toMatch(/^last step: mlm loss \S+, accuracy \S+; sop loss \S+, accuracy \d/m);
  });
});
