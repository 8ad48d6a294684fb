import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tk from 'tokenizers';
import { afterAll, describe, expect, it } from 'vitest';
import { bertVocabLines } from '../test-support/reference-data';
import { assertHasToken, parseVocabText, readVocabFile } from './vocab-file';

const dir = mkdtempSync(join(tmpdir(), 'vocab-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const errorOf = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
};

describe('BERT vocab.txt', () => {
  it('reads bert-base-uncased: line number − 1 is the id, as HF WordPiece.fromFile', async () => {
    const lines = bertVocabLines();
    const path = write('vocab.txt', `${lines.join('\n')}\n`);
    const vocab = readVocabFile(path);
    expect(vocab.size).toBe(30_522);
    expect([
      vocab.get('[PAD]'),
      vocab.get('[UNK]'),
      vocab.get('[CLS]'),
      vocab.get('[SEP]'),
      vocab.get('[MASK]'),
    ]).toEqual([0, 100, 101, 102, 103]);
    const hf = new tk.Tokenizer(await tk.WordPiece.fromFile(path));
    expect(new Map(Object.entries(hf.getVocab(false)))).toEqual(vocab);
  });

  it('trims trailing whitespace and CR like Rust trim_end, keeps blank lines and a BOM, ignores a final newline', async () => {
    // U+0085 is whitespace to Rust but not to JS trimEnd; U+FEFF the other way round.
    const text = '\uFEFF[PAD]\r\nhello \t\nworld\u3000\n\nnel\u0085\nzwnbsp\uFEFF\nlast';
    const vocab = parseVocabText(text, 'inline');
    expect([...vocab]).toEqual([
      ['\uFEFF[PAD]', 0],
      ['hello', 1],
      ['world', 2],
      ['', 3],
      ['nel', 4],
      ['zwnbsp\uFEFF', 5],
      ['last', 6],
    ]);
    const hf = new tk.Tokenizer(await tk.WordPiece.fromFile(write('odd.txt', text)));
    expect(new Map(Object.entries(hf.getVocab(false)))).toEqual(vocab);
    expect(parseVocabText('a\nb\n', 'x')).toEqual(
      new Map([
        ['a', 0],
        ['b', 1],
      ]),
    );
  });

  it('rejects a repeated token, naming the file, both lines and the token', () => {
    const path = write('dup.txt', 'a\nb\nc\nb\n');
    const error = errorOf(() => readVocabFile(path));
    expect(error.name).toBe('TokenizerError');
    expect(error.message).toBe(`${path}: token "b" on line 4 repeats line 2; each line must be a distinct token`);
  });

  it('rejects a file that is not UTF-8, naming the file and the offset', () => {
    const path = write('latin1.txt', new Uint8Array([0x61, 0x0a, 0x62, 0xff, 0xfe, 0x0a]));
    expect(errorOf(() => readVocabFile(path)).message).toBe(
      `${path}: not UTF-8 (invalid byte 0xFF at offset 3, line 2)`,
    );
  });

  it('rejects an empty or missing file', () => {
    const path = write('empty.txt', '');
    expect(errorOf(() => readVocabFile(path)).message).toBe(`${path}: the vocabulary file is empty`);
    const missing = join(dir, 'missing.txt');
    expect(errorOf(() => readVocabFile(missing)).message).toMatch(
      new RegExp(`^${missing}: cannot read the vocabulary file \\(ENOENT`),
    );
  });

  it('assertHasToken raises a one-line error naming the source and the token', () => {
    const vocab = parseVocabText('[PAD]\na\n', 'vocab.txt');
    expect(() => assertHasToken(vocab, '[PAD]', 'vocab.txt')).not.toThrow();
    expect(() => assertHasToken(vocab, '[UNK]', 'vocab.txt')).toThrow('vocab.txt: the vocabulary has no "[UNK]" token');
  });
});
