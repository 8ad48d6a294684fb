import { describe, expect, it } from 'vitest';
import { NormalizedString } from '../normalized-string';
import { BertNormalizer } from '../normalizers/bert-normalizer';
import { courseNormalizer } from '../normalizers/course-normalizer';
import { PreTokenizedString } from '../pre-tokenized-string';
import { codePointOffsetsToUtf16, hfPipeline } from '../test-support/hf-reference';
import { randomText, seededRandom } from '../test-support/random';
import type { Normalizer, Offsets, PreTokenizer } from '../types';
import { BertPreTokenizer } from './bert-pre-tokenizer';
import { ByteLevel } from './byte-level';
import { CharDelimiterSplit } from './char-delimiter-split';
import { Digits } from './digits';
import { Metaspace } from './metaspace';
import { Punctuation } from './punctuation';
import { SequencePreTokenizer } from './sequence-pre-tokenizer';
import { Split } from './split';
import { Whitespace } from './whitespace';
import { WhitespaceSplit } from './whitespace-split';

// Parity with HF `tokenizers` 0.23.2 on 10,000 seeded random strings (see test-support/random.ts).
const random = seededRandom(19);
const TEXTS = Array.from({ length: 10_000 }, () => randomText(random));
const GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

const PRE_TOKENIZERS: Array<[string, PreTokenizer]> = [
  ['Whitespace', new Whitespace()],
  ['WhitespaceSplit', new WhitespaceSplit()],
  ['BertPreTokenizer', new BertPreTokenizer()],
  ['ByteLevel', new ByteLevel()],
  ['ByteLevel without prefix space', new ByteLevel({ addPrefixSpace: false })],
  ['ByteLevel without regex', new ByteLevel({ useRegex: false })],
  ...(['Removed', 'Isolated', 'MergedWithPrevious', 'MergedWithNext', 'Contiguous'] as const).map(
    (behavior): [string, PreTokenizer] => [`Punctuation ${behavior}`, new Punctuation({ behavior })],
  ),
  ...(['Removed', 'Isolated', 'MergedWithPrevious', 'MergedWithNext', 'Contiguous'] as const).map(
    (behavior): [string, PreTokenizer] => [`Split " " ${behavior}`, new Split({ pattern: ' ', behavior })],
  ),
  ['Split regex \\s+ Removed', Split.fromPattern({ Regex: '\\s+' }, 'Removed', false)],
  ['Split regex \\w+|[^\\w\\s]+ inverted', Split.fromPattern({ Regex: '\\w+|[^\\w\\s]+' }, 'Removed', true)],
  ['Split GPT-2 regex Isolated', Split.fromPattern({ Regex: GPT2 }, 'Isolated', false)],
  [
    'Split (?i:the)|\\d{1,2} MergedWithNext',
    Split.fromPattern({ Regex: '(?i:the)|\\d{1,2}' }, 'MergedWithNext', false),
  ],
  ['Digits', new Digits()],
  ['Digits individual', new Digits({ individualDigits: true })],
  ['Metaspace', new Metaspace()],
  ['Metaspace first', new Metaspace({ prependScheme: 'first' })],
  ['Metaspace never, no split', new Metaspace({ prependScheme: 'never', split: false })],
  ['CharDelimiterSplit', new CharDelimiterSplit({ delimiter: 'e' })],
  [
    'Sequence',
    new SequencePreTokenizer([new WhitespaceSplit(), new Punctuation(), new Digits({ individualDigits: true })]),
  ],
];

function toUtf16(text: string, words: Array<[string, number[]]>): Array<[string, Offsets]> {
  const convert = codePointOffsetsToUtf16(text);
  return words.map(([word, offsets]) => [word, convert(offsets)]);
}

describe.each(PRE_TOKENIZERS)('%s matches HF tokenizers', (_name, preTokenizer) => {
  const reference = hfPipeline(null, preTokenizer.toJSON()).getPreTokenizer()!;

  it('gives the same words and offsets on 10,000 random strings', () => {
    const mismatches: string[] = [];
    for (const text of TEXTS) {
      const pretokenized = new PreTokenizedString(text);
      preTokenizer.preTokenize(pretokenized);
      const actual = JSON.stringify(pretokenized.getSplits());
      const expected = JSON.stringify(toUtf16(text, reference.preTokenizeString(text)));
      if (actual !== expected) mismatches.push(`${JSON.stringify(text)}: ${actual} vs HF ${expected}`);
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
  });
});

const PIPELINES: Array<[string, Normalizer, PreTokenizer]> = [
  ['BertNormalizer + BertPreTokenizer (every BERT encode)', new BertNormalizer(), new BertPreTokenizer()],
  ['cased BertNormalizer + BertPreTokenizer', new BertNormalizer({ lowercase: false }), new BertPreTokenizer()],
  ['course normalizer + WhitespaceSplit', courseNormalizer(), new WhitespaceSplit()],
];

describe.each(PIPELINES)('%s matches HF tokenizers', (_name, normalizer, preTokenizer) => {
  it('gives the same words, with the same offsets in the original, on 10,000 random strings', async () => {
    const reference = hfPipeline(normalizer.toJSON(), preTokenizer.toJSON());
    const encodings = await reference.encodeBatch(TEXTS, { addSpecialTokens: false });
    const mismatches: string[] = [];
    TEXTS.forEach((text, index) => {
      const normalized = new NormalizedString(text);
      normalizer.normalize(normalized);
      const pretokenized = new PreTokenizedString(normalized);
      preTokenizer.preTokenize(pretokenized);
      const actual = JSON.stringify(pretokenized.getSplits());
      // HF's words: its pre-tokenizer on its normalized text; their offsets: one [UNK] token per word.
      const words = reference.getPreTokenizer()!.preTokenizeString(reference.getNormalizer()!.normalizeString(text));
      const offsets = encodings[index]!.getOffsets().map(codePointOffsetsToUtf16(text));
      const expected = JSON.stringify(words.map(([word], wordIndex) => [word, offsets[wordIndex]]));
      if (actual !== expected) mismatches.push(`${JSON.stringify(text)}: ${actual} vs HF ${expected}`);
    });
    expect(mismatches.slice(0, 3)).toEqual([]);
  });
});

describe('offsets of every pre-tokenizer after the BERT normalizer', () => {
  it('stay in bounds and never go backwards (property over 10,000 random strings)', () => {
    const normalizer = new BertNormalizer();
    const broken: string[] = [];
    for (const [name, preTokenizer] of PRE_TOKENIZERS) {
      for (const text of TEXTS) {
        const normalized = new NormalizedString(text);
        normalizer.normalize(normalized);
        const pretokenized = new PreTokenizedString(normalized);
        preTokenizer.preTokenize(pretokenized);
        let previousStart = 0;
        for (const [, [start, end]] of pretokenized.getSplits()) {
          if (start < previousStart || start > end || end > text.length) {
            broken.push(`${name}: ${JSON.stringify(text)} ${JSON.stringify(pretokenized.getSplits())}`);
          }
          previousStart = start;
        }
      }
    }
    expect(broken.slice(0, 3)).toEqual([]);
  }, 60_000);
});
