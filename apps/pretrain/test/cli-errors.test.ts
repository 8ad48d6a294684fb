import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, runCli, snapshot, temporaryDirectory, writeSmallCorpus } from './helpers.js';

// Every bad input ends in one line on stderr and a non-zero exit (2 for flags, 1 for data and checkpoints), and a run
// already in --output is left exactly as it was, even with --overwrite.
let dir: string;
let before: Record<string, string>;
const TINY = ['--preset', 'tiny', '--vocab-size', '60', '--max-seq-length', '32', '--batch-size', '4'];

beforeAll(async () => {
  dir = await temporaryDirectory('errors');
  await writeSmallCorpus(join(dir, 'small.txt'));
  await writeFile(join(dir, 'one.txt'), 'A single document.\nIts second sentence.\nAnd a third one.\n');
  await writeFile(join(dir, 'empty.txt'), '');
  await mkdir(join(dir, 'empty-dir'));
  const run = await runCli(
    ['--corpus', 'small.txt', ...TINY, '--steps', '2', '--save-every', '2', '--output', 'run'],
    dir,
  );
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  before = await snapshot(join(dir, 'run'));
  expect(Object.keys(before)).toEqual(
    expect.arrayContaining(['config.json', 'model.safetensors', 'tokenizer.json', 'checkpoint-2/trainer_state.json']),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bert-pretrain on bad input', () => {
  it.each([
    {
      name: 'a missing corpus path',
      args: ['--corpus', 'nope.txt', ...TINY],
      code: 1,
      message: /^bert-pretrain: corpus path nope\.txt: no such file or directory$/,
    },
    {
      name: 'an empty corpus file',
      args: ['--corpus', 'empty.txt', ...TINY],
      code: 1,
      message: /^bert-pretrain: corpus empty\.txt: no documents \(1 file\(s\), all empty\)$/,
    },
    {
      name: 'a corpus directory without .txt files',
      args: ['--corpus', 'empty-dir', ...TINY],
      code: 1,
      message: /^bert-pretrain: corpus empty-dir: no documents \(no \.txt files\)$/,
    },
    {
      name: 'a one-document corpus with NSP',
      args: ['--corpus', 'one.txt', ...TINY],
      code: 1,
      message:
        /^bert-pretrain: --objective mlm\+nsp needs at least 2 documents .* one\.txt has 1 \(one\.txt:1\); .* use --objective mlm\+sop or mlm$/,
    },
    {
      name: '--max-seq-length over the position embeddings',
      args: ['--corpus', 'small.txt', '--preset', 'tiny', '--max-seq-length', '1000'],
      code: 2,
      message: /^bert-pretrain: --max-seq-length 1000 exceeds the 512 position embeddings of --preset tiny$/,
    },
    {
      name: 'an unknown preset',
      args: ['--corpus', 'small.txt', '--preset', 'huge'],
      code: 2,
      message: /^bert-pretrain: --preset must be one of seed, tiny, mini, small, medium, base, got "huge"$/,
    },
    {
      name: 'an unknown flag',
      args: ['--corpus', 'small.txt', '--learning-rate', '1'],
      code: 2,
      message: /^bert-pretrain: unknown option '--learning-rate'/,
    },
    {
      name: 'an empty --attention-snapshot text',
      args: ['--corpus', 'small.txt', ...TINY, '--attention-snapshot', '  '],
      code: 2,
      message: /^bert-pretrain: --attention-snapshot needs a value, got " {2}"$/,
    },
    {
      name: 'an --attention-snapshot text that encodes to no tokens',
      args: ['--corpus', 'small.txt', ...TINY, '--attention-snapshot', '\u0001'],
      code: 2,
      message: /^bert-pretrain: --attention-snapshot "\\u0001": text "\\u0001" encodes to no tokens$/,
    },
    {
      name: 'a flag without its value',
      args: ['--corpus', 'small.txt', '--steps'],
      code: 2,
      message: /^bert-pretrain: option '--steps <n>' argument missing$/,
    },
  ])('$name: one line, exit $code, the existing run untouched', async ({ args, code, message }) => {
    const result = await runCli(['--output', 'run', '--overwrite', ...args], dir);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(message);
    expect(result.code).toBe(code);
    expect(await snapshot(join(dir, 'run'))).toEqual(before);
  });

  it('a checkpoint from another config: one line naming the field, exit 1, nothing written', async () => {
    const result = await runCli(['--output', 'run', '--resume', '--preset', 'small'], dir);
    expect(lines(result.stderr)).toEqual([
      `bert-pretrain: ${join('run', 'checkpoint-2', 'config.json')}: hidden_size is 128 in the checkpoint but 512 in the model`,
    ]);
    expect(result.code).toBe(1);
    expect(await snapshot(join(dir, 'run'))).toEqual(before);
  });

  it('an existing run without --resume or --overwrite: exit 2, nothing written', async () => {
    const result = await runCli(['--corpus', 'small.txt', ...TINY, '--output', 'run'], dir);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(
      /--output run already holds a run \(config\.json, .*\); pass --resume to continue it or --overwrite to replace it/,
    );
    expect(result.code).toBe(2);
    expect(await snapshot(join(dir, 'run'))).toEqual(before);
  });

  it('--resume with no checkpoint: exit 2', async () => {
    const result = await runCli(['--corpus', 'small.txt', ...TINY, '--output', 'nothing-here', '--resume'], dir);
    expect(lines(result.stderr)).toEqual(['bert-pretrain: --resume: no checkpoint-<step>/ in --output nothing-here']);
    expect(result.code).toBe(2);
  });

  it('prints the stack only with --verbose', async () => {
    const quiet = await runCli(['--corpus', 'nope.txt', ...TINY, '--output', 'x'], dir);
    const verbose = await runCli(['--corpus', 'nope.txt', ...TINY, '--output', 'x', '--verbose'], dir);
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    expect(verbose.stderr).toMatch(/\n\s+at /);
    expect(verbose.code).toBe(1);
  });

  it('fill-mask on a directory that is not a model, and without [MASK]: one line, exit ≠ 0', async () => {
    const notModel = await runCli(['fill-mask', '--model', 'empty-dir', 'the [MASK] sat'], dir);
    expect(lines(notModel.stderr)).toEqual([
      'bert-pretrain: --model empty-dir: no config.json (not a model directory)',
    ]);
    expect(notModel.code).toBe(1);
    const noMask = await runCli(['fill-mask', '--model', 'run', 'the cat sat'], dir);
    expect(lines(noMask.stderr)).toEqual(['bert-pretrain: no [MASK] token in "the cat sat"']);
    expect(noMask.code).toBe(1);
    const missing = await runCli(['fill-mask', 'the [MASK] sat'], dir);
    expect(lines(missing.stderr)).toEqual(["bert-pretrain: required option '--model <dir>' not specified"]);
    expect(missing.code).toBe(2);
  });
});
