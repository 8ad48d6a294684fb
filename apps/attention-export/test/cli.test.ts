import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AttentionDocument } from '@bert/attention';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { saveTinyModel } from './tiny-model.js';

const CLI = new URL('../dist/cli.js', import.meta.url).pathname;

let tiny: Awaited<ReturnType<typeof saveTinyModel>>;
beforeAll(async () => {
  tiny = await saveTinyModel();
});
afterAll(() => tiny.cleanup());

/** Runs `main` in-process with `cwd` = the temp root; returns the exit code and what was printed. */
async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (line) => out.push(line), err: (line) => err.push(line), cwd: tiny.root });
  return { code, out, err };
}

async function readDocument(dir: string): Promise<AttentionDocument> {
  return JSON.parse(await readFile(join(tiny.root, dir, 'attention.json'), 'utf8')) as AttentionDocument;
}

describe('bert-attention', () => {
  it('exports json, html and png for a sentence pair by default', async () => {
    const result = await run(
      '--model',
      'tiny-bert',
      '--text',
      'the cat sat on the mat',
      '--text-pair',
      'a dog',
      '--output',
      'all',
    );
    expect(result).toMatchObject({ code: 0, err: [] });
    expect(result.out[0]).toBe(
      'bert-attention: tiny-bert (BertModel, 2 layers × 4 heads), 11 tokens, 2 × 4 heads exported → all',
    );
    expect(result.out.slice(1).map((line) => line.trim().split(/\s+/)[0])).toEqual([
      'attention.json',
      'attention.html',
      'heatmaps/',
    ]);
    const document = await readDocument('all');
    expect(document.tokens).toEqual(['[CLS]', 'the', 'cat', 'sat', 'on', 'the', 'mat', '[SEP]', 'a', 'dog', '[SEP]']);
    expect(document.sentence_b_start).toBe(8);
    expect(document.model).toMatchObject({ name: 'tiny-bert', num_hidden_layers: 2, num_attention_heads: 4 });
    expect((await readdir(join(tiny.root, 'all'))).sort()).toEqual(['attention.html', 'attention.json', 'heatmaps']);
    expect(await readdir(join(tiny.root, 'all', 'heatmaps'))).toHaveLength(8);
  });

  it('exports only the formats, layers and heads asked for', async () => {
    const result = await run(
      '--model',
      'tiny-bert',
      '--text',
      'romeo loved juliet',
      '--format',
      'json',
      '--layers',
      '1',
      '--heads',
      '0,2-3',
      '--output',
      'subset',
    );
    expect(result.code).toBe(0);
    const document = await readDocument('subset');
    expect([document.layers, document.heads]).toEqual([[1], [0, 2, 3]]);
    expect(document.attention).toHaveLength(1);
    expect(document.attention[0]).toHaveLength(3);
    expect(await readdir(join(tiny.root, 'subset'))).toEqual(['attention.json']);
  });

  it('truncates a text longer than the model’s positions with a warning, or fails with --truncation error', async () => {
    const long = Array(20).fill('the cat sat').join(' ');
    const warned = await run('--model', 'tiny-bert', '--text', long, '--format', 'json', '--output', 'long');
    expect(warned.code).toBe(0);
    expect(warned.err).toEqual([
      "bert-attention: warning: the input has 62 tokens, more than the model's 24 positions (max_position_embeddings): kept the first 24 (truncated)",
    ]);
    expect((await readDocument('long')).truncated).toBe(true);
    const failed = await run('--model', 'tiny-bert', '--text', long, '--truncation', 'error', '--output', 'long2');
    expect(failed).toEqual({
      code: 1,
      out: [],
      err: [
        "bert-attention: the input has 62 tokens, more than the model's 24 positions (max_position_embeddings); shorten the text",
      ],
    });
  });

  it.each([
    [[], '--text is required: the sentence whose attention to export'],
    [['--text', ''], '--text is empty: give the sentence whose attention to export'],
    [['--text', 'a', '--text-pair', ' '], '--text-pair is empty: drop it, or give the second sentence'],
    [['--text', 'a', '--format', 'json,svg'], '--format: "svg" is not one of json, html, png (got "json,svg")'],
    [['--text', 'a', '--layers', 'first'], '--layers must be "all" or indices like 0,2,4-6, got "first"'],
    [['--text', 'a', '--heads', '3-1'], '--heads: range 3-1 runs backwards in "3-1"'],
    [['--text', 'a', '--truncation', 'drop'], '--truncation must be one of warn, error, got "drop"'],
    [['--text', 'a', '--heatmap-scale', 'log'], '--heatmap-scale must be one of head, absolute, got "log"'],
    [['--text', 'a', '--backend', 'gpu'], '--backend must be one of tensorflow-gpu, tensorflow, wasm, cpu, got "gpu"'],
    [['--text', 'a', '--colour'], 'unknown flag --colour'],
    [['--text'], '--text needs a value'],
    [['the cat'], 'unexpected argument "the cat"; pass the sentence as --text "the cat"'],
    [['--text', 'a', '--model', 'nowhere'], '--model nowhere: no such directory'],
    [['--text', 'a', '--model', 'tiny-bert', '--tokenizer', 'nope.json'], '--tokenizer nope.json: no such file'],
    [
      ['--text', 'a', '--model', 'tiny-bert', '--layers', '2'],
      '--layers: 2 is out of range, the model has 2 layers (0-1)',
    ],
    [
      ['--text', 'a', '--model', 'tiny-bert', '--heads', '0,4'],
      '--heads: 4 is out of range, the model has 4 heads (0-3)',
    ],
    [
      ['--text', 'a', '--model', 'tiny-bert', '--output', 'tiny-bert/config.json'],
      '--output tiny-bert/config.json is a file, not a directory',
    ],
  ])('exits 2 with one line for bad flags: %j', async (argv, message) => {
    const result = await run(...argv);
    expect(result).toEqual({
      code: 2,
      out: [],
      err: [`bert-attention: ${message}`, 'Run bert-attention --help for usage.'],
    });
  });

  it('exits 1 with one line for a model directory without BERT-style attention', async () => {
    const gpt2 = join(tiny.root, 'gpt2');
    await cp(tiny.dir, gpt2, { recursive: true });
    const config = JSON.parse(await readFile(join(gpt2, 'config.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(gpt2, 'config.json'), JSON.stringify({ ...config, model_type: 'gpt2' }));
    const result = await run('--model', 'gpt2', '--text', 'the cat');
    expect(result).toEqual({
      code: 1,
      out: [],
      err: [
        `bert-attention: ${join(gpt2, 'config.json')}: model_type "gpt2" has no BERT-style self-attention to export; supported: bert, roberta, distilbert, albert`,
      ],
    });
    const verbose = await run('--model', 'gpt2', '--text', 'the cat', '--verbose');
    expect(verbose.code).toBe(1);
    expect(verbose.err[1]).toMatch(/^CheckpointError: .*\n\s+at /);
  });

  it('uses the default pretraining run without --model, or names the command that makes it', async () => {
    const missing = await run('--text', 'the cat');
    expect(missing).toEqual({
      code: 2,
      out: [],
      err: [
        'bert-attention: no --model given and no model in out/pretrain-mini/ (the default pretraining run); run `npm run pretrain` first, or pass --model DIR',
        'Run bert-attention --help for usage.',
      ],
    });
    // A run stopped before its final save: the newest checkpoint, with the run's tokenizer.
    const run150 = join(tiny.root, 'out', 'pretrain-mini');
    await mkdir(run150, { recursive: true });
    await cp(join(tiny.dir, 'tokenizer.json'), join(run150, 'tokenizer.json'));
    for (const step of [50, 150]) await cp(tiny.dir, join(run150, `checkpoint-${step}`), { recursive: true });
    const found = await run('--text', 'the cat', '--format', 'json', '--output', 'default');
    expect(found.code).toBe(0);
    expect(found.err).toEqual([
      "bert-attention: no --model given, using the default pretraining run's out/pretrain-mini/checkpoint-150",
    ]);
    expect((await readDocument('default')).model.name).toBe('pretrain-mini/checkpoint-150');
  });

  it('prints usage with --help', async () => {
    const result = await run('--help');
    expect(result.code).toBe(0);
    expect(result.out[0]).toMatch(/^Usage: bert-attention --text TEXT \[options\]/);
  });

  it('runs as the built bin with the same exit codes', async () => {
    const exec = promisify(execFile);
    const ok = await exec('node', [
      CLI,
      '--model',
      tiny.dir,
      '--text',
      'the cat',
      '--format',
      'json',
      '--output',
      join(tiny.root, 'bin'),
    ]);
    expect(ok.stdout).toContain('attention.json');
    const bad = await exec('node', [CLI, '--text', 'a', '--format', 'gif']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(bad).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--format: "gif" is not one of json, html, png'),
    });
  });
});
