import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '@bert/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { CorpusDocument } from './corpus-document';
import { readDocumentsFile } from './documents-file';
import { listCorpusFiles, readCorpus, readCorpusShards, shardDocuments } from './read-corpus';
import { readLines } from './read-lines';
import { splitSentences } from './sentence-splitter';
import { readTextFile } from './text-file';

const directory = mkdtempSync(join(tmpdir(), 'bert-data-corpus-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(directory, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

describe('readDocumentsFile (google-research/bert format)', () => {
  it('reads one sentence per line, blank lines between documents, with BOM, CRLF and stray blank lines', async () => {
    const path = file(
      'docs.txt',
      '\uFEFFThe cat sat.\r\n  It was happy.  \r\n\r\n\r\n\r\nStocks fell.\r\n\r\nLast one.',
    );
    expect(await collect(readDocumentsFile(path))).toEqual([
      { source: `${path}:1`, sentences: ['The cat sat.', 'It was happy.'] },
      { source: `${path}:6`, sentences: ['Stocks fell.'] },
      { source: `${path}:8`, sentences: ['Last one.'] },
    ]);
  });

  it('streams a multi-buffer file, keeping multi-byte characters split across reads intact', async () => {
    const sentence = 'Ça coûte 5 € — naïve café 🙂 señor';
    const lines: string[] = [];
    for (let document = 0; document < 300; document++) {
      for (let k = 0; k < 20; k++) lines.push(`${document}.${k} ${sentence}`);
      lines.push('');
    }
    const path = file('large.txt', lines.join('\n')); // ≈ 300 KB: five 64 KiB reads
    const documents = await collect(readDocumentsFile(path));
    expect(documents).toHaveLength(300);
    expect(documents.every((document) => document.sentences.length === 20)).toBe(true);
    expect(documents[299]?.sentences[19]).toBe(`299.19 ${sentence}`);
    expect(documents.flatMap((document) => document.sentences).every((line) => line.endsWith(sentence))).toBe(true);
  });

  it('names the file and line of invalid UTF-8, also past the first read buffer', async () => {
    const bad = file(
      'bad.txt',
      Buffer.concat([Buffer.from('fine\nalso fine\nbad '), Buffer.from([0xff, 0xfe]), Buffer.from(' here\n')]),
    );
    await expect(collect(readDocumentsFile(bad))).rejects.toThrow(new DataError(`${bad}:3: not valid UTF-8`));
    const later = file(
      'bad-later.txt',
      Buffer.concat([Buffer.from(`${'x'.repeat(99)}\n`.repeat(5000)), Buffer.from([0xc3, 0x28, 0x0a])]),
    );
    await expect(collect(readLines(later))).rejects.toThrow(`${later}:5001: not valid UTF-8`);
  });

  it('names a missing file', async () => {
    await expect(collect(readDocumentsFile(join(directory, 'nope.txt')))).rejects.toThrow(
      `${join(directory, 'nope.txt')}: no such file or directory`,
    );
  });
});

describe('splitSentences and readTextFile', () => {
  it('splits prose into sentences (abbreviations, decimals, quotes, line breaks)', () => {
    expect(
      splitSentences('The U.S. economy grew 3.5% in 2023. Dr. Jones\ndisagreed.  "Is it over?" she asked.'),
    ).toEqual(['The U.S. economy grew 3.5% in 2023.', 'Dr. Jones disagreed.', '"Is it over?" she asked.']);
    expect(splitSentences('  \n ')).toEqual([]);
  });

  it('makes a document per paragraph, or per file', async () => {
    const path = file('prose.txt', 'First para. Two sentences.\nStill first.\n\n\nSecond para here.\n');
    expect(await collect(readTextFile(path))).toEqual([
      { source: `${path}:1`, sentences: ['First para.', 'Two sentences.', 'Still first.'] },
      { source: `${path}:5`, sentences: ['Second para here.'] },
    ]);
    expect(await collect(readTextFile(path, { unit: 'file' }))).toEqual([
      { source: `${path}:1`, sentences: ['First para.', 'Two sentences.', 'Still first.', 'Second para here.'] },
    ]);
  });
});

describe('readCorpus', () => {
  it('reads files and directories (recursively, .txt only, in name order)', async () => {
    file('tree/b.txt', 'B one.\n\nB two.\n');
    file('tree/a/nested.txt', 'Nested.\n');
    file('tree/notes.md', 'ignored\n');
    const single = file('single.txt', 'Single.\n');
    expect(await listCorpusFiles(join(directory, 'tree'))).toEqual([
      join(directory, 'tree/a/nested.txt'),
      join(directory, 'tree/b.txt'),
    ]);
    const documents = await collect(readCorpus([join(directory, 'tree'), single]));
    expect(documents.map((document) => document.sentences[0])).toEqual(['Nested.', 'B one.', 'B two.', 'Single.']);
    const prose = await collect(readCorpus([single], { format: 'text' }));
    expect(prose).toEqual([{ source: `${single}:1`, sentences: ['Single.'] }]);
  });

  it('names a missing path before reading anything, and rejects an empty corpus', async () => {
    const missing = join(directory, 'missing-corpus');
    await expect(collect(readCorpus([file('ok.txt', 'x\n'), missing]))).rejects.toThrow(
      `corpus path ${missing}: no such file or directory`,
    );
    const empty = file('empty-dir/empty.txt', '\n\n  \n');
    await expect(collect(readCorpus([join(directory, 'empty-dir')]))).rejects.toThrow(
      `corpus ${join(directory, 'empty-dir')}: no documents (1 file(s), all empty)`,
    );
    mkdirSync(join(directory, 'no-txt'));
    await expect(collect(readCorpus([join(directory, 'no-txt')]))).rejects.toThrow(DataError);
    expect(empty).toBeTruthy();
  });

  it('defaults to the Brown corpus, detokenized', async () => {
    const documents = await collect(readCorpus(undefined));
    expect(documents).toHaveLength(500);
    expect(documents[0]?.source).toBe('brown:ca01');
    expect(documents[0]?.sentences[0]).toMatch(
      /^The Fulton County Grand Jury said Friday an investigation of Atlanta's recent/,
    );
    expect(documents.reduce((sum, document) => sum + document.sentences.length, 0)).toBe(57340);
  });
});

describe('shards', () => {
  it('groups whole documents into shards of about N MB', async () => {
    const documents: CorpusDocument[] = Array.from({ length: 10 }, (_, k) => ({
      source: `d${k}`,
      sentences: ['x'.repeat(100 * 1024 - 2)], // 100 KiB each with its newlines
    }));
    const shards = await collect(shardDocuments(documents, 0.25));
    expect(shards.map((shard) => shard.length)).toEqual([3, 3, 3, 1]);
    expect(shards.flat().map((document) => document.source)).toEqual(documents.map((document) => document.source));
    await expect(collect(shardDocuments(documents, 0))).rejects.toThrow('shardMegabytes (0) must be > 0');
    const fromFiles = await collect(readCorpusShards([join(directory, 'tree')], 1));
    expect(fromFiles).toHaveLength(1);
  });
});
