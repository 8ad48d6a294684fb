import { describe, expect, it } from 'vitest';
import { BertPreTokenizer } from '../pre-tokenizers/bert-pre-tokenizer';
import { ByteLevel } from '../pre-tokenizers/byte-level';
import { Digits } from '../pre-tokenizers/digits';
import { Punctuation } from '../pre-tokenizers/punctuation';
import { Split } from '../pre-tokenizers/split';
import { Whitespace } from '../pre-tokenizers/whitespace';
import { WhitespaceSplit } from '../pre-tokenizers/whitespace-split';
import { codePointOffsetsToUtf16, hfPipeline } from '../test-support/hf-reference';
import type { Normalizer, PreTokenizer } from '../types';
import { BertNormalizer } from './bert-normalizer';
import { Lowercase } from './lowercase';
import { StripAccents } from './strip-accents';
import { NFC, NFD, NFKC, NFKD } from './unicode-normalizers';

// Every code point of the planes where Unicode assigns characters (0–3, 14) and the edges of the private-use planes,
// run through each component next to HF `tokenizers`, between separators. This is where the difference tables of
// char-classes.ts come from, and what keeps them honest when Node's Unicode version moves.
const CODE_POINTS: number[] = [];
for (let codePoint = 0; codePoint < 0x40000; codePoint++) {
  if (codePoint < 0xd800 || codePoint > 0xdfff) CODE_POINTS.push(codePoint);
}
for (let codePoint = 0xe0000; codePoint < 0xe1000; codePoint++) CODE_POINTS.push(codePoint);
for (let codePoint = 0xf0000; codePoint < 0xf0100; codePoint++) CODE_POINTS.push(codePoint);
for (let codePoint = 0x10ff00; codePoint <= 0x10ffff; codePoint++) CODE_POINTS.push(codePoint);

/** The code points in chunks, each code point between two `separator`s. */
function chunks(separator: string, size = 4000): string[] {
  const texts: string[] = [];
  for (let start = 0; start < CODE_POINTS.length; start += size) {
    const chars = CODE_POINTS.slice(start, start + size).map((codePoint) => String.fromCodePoint(codePoint));
    texts.push(separator + chars.join(separator) + separator);
  }
  return texts;
}

/** The first differing code point between two strings, for a readable failure. */
function firstDifference(actual: string, expected: string): string {
  const a = Array.from(actual);
  const b = Array.from(expected);
  let index = 0;
  while (index < a.length && a[index] === b[index]) index++;
  const show = (chars: string[]) =>
    chars.slice(Math.max(0, index - 3), index + 3).map((c) => c.codePointAt(0)!.toString(16));
  return `at ${index}: ${show(a).join(' ')} vs HF ${show(b).join(' ')}`;
}

const NORMALIZERS: Array<[string, Normalizer, string]> = [
  [
    'BertNormalizer clean_text',
    new BertNormalizer({ handleChineseChars: false, stripAccents: false, lowercase: false }),
    'a',
  ],
  [
    'BertNormalizer handle_chinese_chars',
    new BertNormalizer({ cleanText: false, stripAccents: false, lowercase: false }),
    'a',
  ],
  [
    'BertNormalizer strip_accents',
    new BertNormalizer({ cleanText: false, handleChineseChars: false, lowercase: false, stripAccents: true }),
    '\u0000',
  ],
  ['StripAccents', new StripAccents(), 'a'],
  ['Lowercase', new Lowercase(), 'a'],
  ['NFD', new NFD(), '\u0000'],
  ['NFKD', new NFKD(), '\u0000'],
  ['NFC', new NFC(), 'a'],
  ['NFKC', new NFKC(), 'a'],
];

describe.each(NORMALIZERS)('%s treats every code point as HF does', (_name, normalizer, separator) => {
  it('alone between separators', () => {
    const reference = hfPipeline(normalizer.toJSON(), null).getNormalizer()!;
    const failures: string[] = [];
    for (const text of chunks(separator)) {
      const actual = normalizeString(normalizer, text);
      const expected = reference.normalizeString(text);
      if (actual !== expected) failures.push(firstDifference(actual, expected));
    }
    expect(failures.slice(0, 3)).toEqual([]);
  }, 60_000);
});

// Combining marks next to marks of other classes: the canonical ordering HF's older tables give.
describe.each([
  ['NFD', new NFD()],
  ['NFC', new NFC()],
] as const)('%s orders and composes every combining mark as HF does', (_name, normalizer) => {
  it('between marks of classes 1, 7, 9, 220, 230 and 240', () => {
    const marks = CODE_POINTS.filter((codePoint) => /[\p{M}\p{Lo}]/u.test(String.fromCodePoint(codePoint)));
    const reference = hfPipeline(normalizer.toJSON(), null).getNormalizer()!;
    const contexts = ['\u0334', '\u093c', '\u094d', '\u0316', '\u0301', '\u0345'];
    const failures: string[] = [];
    for (const context of contexts) {
      const text = marks.map((codePoint) => `a${context}${String.fromCodePoint(codePoint)}${context}`).join('\u0000');
      const actual = normalizeString(normalizer, text);
      const expected = reference.normalizeString(text);
      if (actual !== expected) failures.push(firstDifference(actual, expected));
    }
    expect(failures).toEqual([]);
  }, 60_000);
});

const PRE_TOKENIZERS: Array<[string, PreTokenizer, string]> = [
  ['WhitespaceSplit', new WhitespaceSplit(), 'a'],
  ['Whitespace (\\w)', new Whitespace(), 'a'],
  ['Whitespace ([^\\w\\s])', new Whitespace(), '!'],
  ['BertPreTokenizer', new BertPreTokenizer(), 'a'],
  ['Punctuation', new Punctuation(), 'a'],
  ['Digits', new Digits({ individualDigits: true }), 'a'],
  ['ByteLevel (\\p{L})', new ByteLevel({ addPrefixSpace: false }), 'a'],
  ['ByteLevel (\\p{N})', new ByteLevel({ addPrefixSpace: false }), '1'],
  ['ByteLevel (other)', new ByteLevel({ addPrefixSpace: false }), '!'],
  ['Split oniguruma \\w+|[^\\w\\s]+', Split.fromPattern({ Regex: '\\w+|[^\\w\\s]+' }, 'Isolated', false), 'a'],
  ['Split oniguruma \\W', Split.fromPattern({ Regex: '\\W' }, 'Isolated', false), 'a'],
  ['Split oniguruma \\d|\\p{P}|\\p{Han}', Split.fromPattern({ Regex: '\\d|\\p{P}|\\p{Han}' }, 'Isolated', false), 'a'],
];

describe.each(PRE_TOKENIZERS)('%s treats every code point as HF does', (_name, preTokenizer, separator) => {
  it('alone between separators', () => {
    const reference = hfPipeline(null, preTokenizer.toJSON()).getPreTokenizer()!;
    const failures: string[] = [];
    for (const text of chunks(separator, 2000)) {
      const actual = JSON.stringify(preTokenizeString(preTokenizer, text));
      const convert = codePointOffsetsToUtf16(text);
      const expected = JSON.stringify(
        reference.preTokenizeString(text).map(([word, offsets]) => [word, convert(offsets)]),
      );
      if (actual !== expected) failures.push(firstDifference(actual, expected));
    }
    expect(failures.slice(0, 3)).toEqual([]);
  }, 60_000);
});

function normalizeString(normalizer: Normalizer, text: string): string {
  return (normalizer as Normalizer & { normalizeString(text: string): string }).normalizeString(text);
}

function preTokenizeString(preTokenizer: PreTokenizer, text: string): unknown {
  return (preTokenizer as PreTokenizer & { preTokenizeString(text: string): unknown }).preTokenizeString(text);
}
