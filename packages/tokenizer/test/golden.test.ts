/**
 * Golden tables `{text, tokens, ids, decoded}` produced by HF `tokenizers` (see test/golden/make-golden.ts): our
 * bert-base-uncased and GPT-2 pipelines must reproduce them exactly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bertWordPieceTokenizer, byteLevelBpeTokenizer, type Tokenizer } from '../src';
import { bertVocab, gpt2 } from '../src/test-support/reference-data';

interface GoldenRow {
  text: string;
  tokens: string[];
  ids: number[];
  decoded: string;
}

const load = (name: string): GoldenRow[] => JSON.parse(readFileSync(join(import.meta.dirname, 'golden', name), 'utf8'));

describe.each([
  ['bert-base-uncased.json', () => bertWordPieceTokenizer({ vocab: bertVocab() })],
  ['gpt2.json', () => byteLevelBpeTokenizer(gpt2())],
] as Array<[string, () => Tokenizer]>)('golden table %s', (file, build) => {
  const tokenizer = build();
  const rows = load(file);

  it('has the rows HF produced', () => expect(rows.length).toBeGreaterThanOrEqual(20));

  it.each(rows.map((row) => [JSON.stringify(row.text).slice(0, 50), row] as const))('%s', (_label, row) => {
    const encoding = tokenizer.encode(row.text);
    expect({ tokens: encoding.tokens, ids: encoding.ids, decoded: tokenizer.decode(encoding.ids) }).toEqual({
      tokens: row.tokens,
      ids: row.ids,
      decoded: row.decoded,
    });
  });
});
