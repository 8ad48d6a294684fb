import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveFinetuneOptions } from '../src/index.js';
import { run, sentimentRows, tempDir, tsv } from './helpers.js';

const temp = tempDir('bert-finetune-errors-');
afterAll(() => temp.cleanup());
const fast = ['--preset', 'tiny', '--vocab-size', '120', '--epochs', '1', '--batch-size', '16', '--log-every', '1000'];

describe('bert-finetune errors: one line, file and line, exit codes', () => {
  it('a malformed training row: exit 1, "file:line: problem"', async () => {
    const train = temp.file('bad.tsv', 'sentence\tlabel\ngood film\tpos\nno label here\nbad film\tneg\n');
    const result = await run([...fast, '--train', train, '--output', join(temp.dir, 'bad')]);
    expect(result.code).toBe(1);
    expect(result.err).toEqual([`bert-finetune: ${train}:3: has 1 field, expected 2 (the header's)`]);
  });

  it('--skip-bad-rows: a warning with the count, and the run goes on', async () => {
    const rows = sentimentRows(20, 4).map((row) => row.join('\t'));
    rows.splice(3, 0, 'broken row without tab', '\tneg');
    const train = temp.file('skippable.tsv', `sentence\tlabel\n${rows.join('\n')}\n`);
    const result = await run([...fast, '--train', train, '--skip-bad-rows', '--output', join(temp.dir, 'skip')]);
    expect(result.code, result.err.join('\n')).toBe(0);
    expect(result.err).toContain(`bert-finetune: warning: ${train}: skipped 2 malformed rows`);
    expect(result.err.some((line) => line.includes(`${train}:5: has 1 field`))).toBe(true);
  });

  it('an eval label unseen in training names file, line and label', async () => {
    const train = temp.file('train.tsv', tsv(sentimentRows(16, 1), ['sentence', 'label']));
    const dev = temp.file('dev.tsv', 'sentence\tlabel\ngood\tpos\nmeh\tneutral\n');
    const result = await run([...fast, '--train', train, '--eval', dev, '--output', join(temp.dir, 'unseen')]);
    expect(result.code).toBe(1);
    expect(result.err[0]).toBe(
      `bert-finetune: ${dev}:3: label "neutral" was not seen in the training data (labels: neg, pos)`,
    );
  });

  it('a bad CoNLL line and a non-numeric regression target', async () => {
    const conll = temp.file('bad.conll', 'EU NNP B-NP B-ORG\nrejects VBZ\n');
    const ner = await run([...fast, '--train', conll, '--output', join(temp.dir, 'conll')]);
    expect(ner.code).toBe(1);
    expect(ner.err[0]).toBe(`bert-finetune: ${conll}:2: has 2 columns, expected 4 (as line 1)`);
    const scores = temp.file('scores.tsv', 'sentence\tscore\nfine\t3.5\nok\thigh\n');
    const regression = await run([
      ...fast,
      '--task',
      'regression',
      '--train',
      scores,
      '--output',
      join(temp.dir, 'reg'),
    ]);
    expect(regression.err[0]).toBe(`bert-finetune: ${scores}:3: regression label "high" is not a number`);
  });

  it('usage errors exit 2 and write nothing', async () => {
    const train = temp.file('ok.tsv', tsv(sentimentRows(8, 2), ['sentence', 'label']));
    const cases: [string[], string][] = [
      [['--epochs', '0', '--train', train], '--epochs must be an integer ≥ 1, got "0"'],
      [
        ['--task', 'summarize', '--train', train],
        '--task must be one of classification, pair-classification, token-classification, regression, got "summarize"',
      ],
      [['--model', 'x', '--preset', 'tiny'], 'give --model or --preset, not both (got --model x --preset tiny)'],
      [['--eval', train], '--eval needs --train (without it the run uses the Brown corpus)'],
      [
        ['--task', 'classification', '--train', train, '--label-all-tokens'],
        '--label-all-tokens is for --task token-classification',
      ],
      [
        ['--train', train, '--text-column', 'review', '--output', join(temp.dir, 'column')],
        `${train}: text column "review" is not a column; columns: sentence, label`,
      ],
      [['--lr'], "option '--lr <x>' argument missing"],
    ];
    for (const [argv, message] of cases) {
      const result = await run(argv);
      expect(result.err[0], argv.join(' ')).toBe(`bert-finetune: ${message}`);
      expect(result.code).toBe(message.includes('not a column') ? 1 : 2);
    }
    expect(existsSync(join(temp.dir, 'column', 'config.json'))).toBe(false);
  });

  it('--attention-snapshot "": exit 2 before training, one line naming the flag, output untouched', async () => {
    const train = temp.file('snap.tsv', tsv(sentimentRows(8, 6), ['sentence', 'label']));
    const output = join(temp.dir, 'snap');
    const result = await run([...fast, '--train', train, '--attention-snapshot', '', '--output', output]);
    expect(result.code).toBe(2);
    expect(result.err).toEqual(['bert-finetune: --attention-snapshot needs a value, got ""']);
    expect(existsSync(output)).toBe(false);
  });

  it('an output directory holding a run needs --overwrite', async () => {
    const train = temp.file('twice.tsv', tsv(sentimentRows(16, 3), ['sentence', 'label']));
    const output = join(temp.dir, 'twice');
    expect((await run([...fast, '--train', train, '--output', output])).code).toBe(0);
    const again = await run([...fast, '--train', train, '--output', output]);
    expect(again.code).toBe(2);
    expect(again.err[0]).toMatch(
      /already holds a run \(config\.json, model\.safetensors, tokenizer\.json\); pass --overwrite/,
    );
    expect((await run([...fast, '--train', train, '--output', output, '--overwrite'])).code).toBe(0);
  });

  it('defaults: lr 2e-5 from a checkpoint, higher from scratch; the task follows the data format', () => {
    expect(resolveFinetuneOptions({ model: 'dir', train: 'a.tsv' }).lr).toBe(2e-5);
    expect(resolveFinetuneOptions({ train: 'a.tsv' }).lr).toBe(1e-3);
    expect(resolveFinetuneOptions({ train: 'eng.train' }).task).toBe('token-classification');
    expect(resolveFinetuneOptions({}).task).toBe('token-classification'); // Brown POS
    expect(resolveFinetuneOptions({ 'brown-task': 'genre' }).task).toBe('classification');
    expect(resolveFinetuneOptions({ train: 'a.tsv', 'no-header': true }).header).toBe(false);
  });

  it('the built bin prints one line and exits 2 on a bad flag', () => {
    const bin = new URL('../dist/cli.js', import.meta.url).pathname;
    if (!existsSync(bin)) return; // `npm test` builds first (turbo); a bare vitest run may not have
    const result = spawnSync(process.execPath, [bin, '--batch-size', 'many'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('bert-finetune: --batch-size must be an integer ≥ 1, got "many"');
  });
});
