/**
 * The `bert-tokenizer` CLI, run as users run it (the built `dist/cli.js` in a child process): the happy paths and
 * every kind of bad input — each a one-line message, a non-zero exit, and nothing existing overwritten.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Tokenizer } from '../src';

const cli = resolve(import.meta.dirname, '../dist/cli.js');
const workDir = mkdtempSync(join(tmpdir(), 'bert-tokenizer-cli-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: workDir, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const corpus = join(workDir, 'corpus.txt');
writeFileSync(
  corpus,
  Array.from(
    { length: 200 },
    (_, index) => `The quick brown fox ${index % 7} jumps over the lazy dog. Hello, world!`,
  ).join('\n'),
);

describe('bert-tokenizer train / encode / decode', () => {
  it.each(['bpe', 'wordpiece', 'wordlevel'])('trains a %s tokenizer that encodes and decodes', (model) => {
    const out = join(workDir, `${model}.json`);
    const trained = run('train', '--model', model, '--vocab-size', '120', '--min-frequency', '1', '--out', out, corpus);
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(new RegExp(`trained ${model} with \\d+ tokens`));
    const tokenizer = Tokenizer.fromFile(out);
    expect(tokenizer.tokenToId('[CLS]')).toBe(2);

    const encoded = run('encode', '--tokenizer', out, '--json', '--pair', 'lazy dog', 'Hello, quick fox!');
    expect(encoded.code).toBe(0);
    const encoding = JSON.parse(encoded.stdout);
    expect(encoding.tokens[0]).toBe('[CLS]');
    expect(encoding.typeIds.at(-1)).toBe(1);
    expect(encoding).toEqual(
      JSON.parse(
        JSON.stringify(
          (({ ids, tokens, typeIds, attentionMask, specialTokensMask, offsets, wordIds }) => ({
            ids,
            tokens,
            typeIds,
            attentionMask,
            specialTokensMask,
            offsets,
            wordIds,
          }))(tokenizer.encode('Hello, quick fox!', { pair: 'lazy dog' })),
        ),
      ),
    );

    const decoded = run('decode', '--tokenizer', out, encoding.ids.join(','));
    expect(decoded.code).toBe(0);
    expect(decoded.stdout.trim()).toBe(tokenizer.decode(encoding.ids));
  });

  it('trains byte-level BPE and round-trips text exactly', () => {
    const out = join(workDir, 'byte-level.json');
    expect(run('train', '--model', 'bpe', '--byte-level', '--vocab-size', '400', '--out', out, corpus).code).toBe(0);
    const tokenizer = Tokenizer.fromFile(out);
    const text = 'Hello, wörld! 😀';
    expect(tokenizer.decode(tokenizer.encode(text).ids)).toBe(text);
  });

  it('truncates with --max-length', () => {
    const out = join(workDir, 'wordpiece.json');
    const encoded = run('encode', '--tokenizer', out, '--json', '--max-length', '5', 'the quick brown fox jumps over');
    expect(JSON.parse(encoded.stdout).ids).toHaveLength(5);
  });
});

describe('bert-tokenizer bad input', () => {
  const existing = join(workDir, 'existing.json');

  it.each([
    [['train', '--model', 'bpe', '--out', 'x.json'], /give at least one training FILE/],
    [
      ['train', '--model', 'unigram', '--out', 'x.json', 'corpus.txt'],
      /--model must be bpe, wordpiece or wordlevel, got "unigram"/,
    ],
    [
      ['train', '--model', 'bpe', '--vocab-size', 'ten', '--out', 'x.json', 'corpus.txt'],
      /--vocab-size must be an integer >= 1, got "ten"/,
    ],
    [
      ['train', '--model', 'bpe', '--vocab-size', '0', '--out', 'x.json', 'corpus.txt'],
      /--vocab-size must be an integer >= 1, got "0"/,
    ],
    [
      ['train', '--model', 'bpe', '--out', 'missing-dir/x.json', 'corpus.txt'],
      /--out: directory missing-dir does not exist/,
    ],
    [
      ['train', '--model', 'wordpiece', '--byte-level', '--out', 'x.json', 'corpus.txt'],
      /byte-level is only available for bpe/,
    ],
    [['train', '--model', 'bpe', '--frobnicate', '--out', 'x.json', 'corpus.txt'], /Unknown option '--frobnicate'/],
    [['encode', 'text'], /--tokenizer is required/],
    [
      ['encode', '--tokenizer', 'existing.json', '--max-length', '0', 'text'],
      /--max-length must be an integer >= 1, got "0"/,
    ],
    [['encode', '--tokenizer', 'existing.json', '--max-length', '-3', 'text'], /--max-length.*argument is ambiguous/],
    [['decode', '--tokenizer', 'existing.json', '1', 'two'], /ids must be non-negative integers, got "two"/],
    [['explode'], /unknown command "explode"/],
  ])('%j fails with a one-line usage error and exit 2', (args, message) => {
    writeFileSync(existing, readFileSync(join(workDir, 'wordlevel.json')));
    const result = run(...args);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(workDir, 'x.json'))).toBe(false);
  });

  it('names the file for a missing corpus, a non-UTF-8 corpus and an empty corpus, without touching --out', () => {
    const out = join(workDir, 'keep.json');
    writeFileSync(out, 'precious');
    const missing = run('train', '--model', 'bpe', '--out', out, 'nope.txt');
    expect([missing.code, missing.stderr.trim()]).toEqual([1, 'bert-tokenizer: nope.txt: no such file']);

    writeFileSync(join(workDir, 'latin1.txt'), Buffer.from([0x68, 0x69, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]));
    const latin1 = run('train', '--model', 'bpe', '--out', out, 'latin1.txt');
    expect(latin1.code).toBe(1);
    expect(latin1.stderr.trim()).toBe('bert-tokenizer: latin1.txt: not valid UTF-8 (line 2)');

    writeFileSync(join(workDir, 'blank.txt'), '\n \n\t\n');
    const empty = run('train', '--model', 'wordpiece', '--out', out, 'blank.txt');
    expect(empty.code).toBe(1);
    expect(empty.stderr.trim()).toBe(
      'bert-tokenizer: blank.txt: empty training corpus (no words after pre-tokenization)',
    );
    expect(readFileSync(out, 'utf8')).toBe('precious');
  });

  it('names the file and position of a malformed tokenizer.json', () => {
    writeFileSync(join(workDir, 'broken.json'), '{\n  "version": "1.0",\n  "model": {\n}}}');
    const broken = run('encode', '--tokenizer', 'broken.json', 'hi');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^bert-tokenizer: broken\.json: invalid JSON at line 4, column 3/);

    writeFileSync(
      join(workDir, 'unknown.json'),
      JSON.stringify({ version: '1.0', model: { type: 'Unigram', vocab: [] } }),
    );
    const unknown = run('encode', '--tokenizer', 'unknown.json', 'hi');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toMatch(
      /^bert-tokenizer: unknown\.json: model: unknown type "Unigram" \(supported: BPE, WordPiece, WordLevel\)$/,
    );
  });
});
