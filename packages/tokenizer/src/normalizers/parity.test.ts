import { describe, expect, it } from 'vitest';
import { NormalizedString } from '../normalized-string';
import { codePointOffsetsToUtf16, hfPipeline } from '../test-support/hf-reference';
import { randomText, seededRandom } from '../test-support/random';
import type { Normalizer, Offsets } from '../types';
import { BertNormalizer } from './bert-normalizer';
import { courseNormalizer } from './course-normalizer';
import { Lowercase } from './lowercase';
import { Prepend } from './prepend';
import { Replace } from './replace';
import { SequenceNormalizer } from './sequence-normalizer';
import { Strip } from './strip';
import { StripAccents } from './strip-accents';
import { NFC, NFD, NFKC, NFKD } from './unicode-normalizers';

// Parity with HF `tokenizers` 0.23.2 on 10,000 seeded random strings (see test-support/random.ts for what they contain).
const random = seededRandom(20261128);
const TEXTS = Array.from({ length: 10_000 }, () => randomText(random));

const NORMALIZERS: Array<[string, Normalizer]> = [
  ['BertNormalizer', new BertNormalizer()],
  ['BertNormalizer cased', new BertNormalizer({ lowercase: false })],
  ['BertNormalizer lowercase, keep accents', new BertNormalizer({ stripAccents: false })],
  [
    'BertNormalizer accents only',
    new BertNormalizer({ cleanText: false, handleChineseChars: false, lowercase: false, stripAccents: true }),
  ],
  ['Lowercase', new Lowercase()],
  ['NFD', new NFD()],
  ['NFKD', new NFKD()],
  ['NFC', new NFC()],
  ['NFKC', new NFKC()],
  ['StripAccents', new StripAccents()],
  ['Sequence NFKD, StripAccents, Lowercase', new SequenceNormalizer([new NFKD(), new StripAccents(), new Lowercase()])],
  ['Sequence NFD, NFC', new SequenceNormalizer([new NFD(), new NFC()])],
  ['Strip', new Strip()],
  ['Strip left', new Strip({ right: false })],
  ['Strip right', new Strip({ left: false })],
  ['Replace string', new Replace({ pattern: 'e', content: '[E]' })],
  // Regexes as loaded from tokenizer.json (oniguruma syntax, translated).
  ['Replace regex', Replace.fromPattern({ Regex: '\\s+' }, '_')],
  ['Replace regex that can match empty', Replace.fromPattern({ Regex: 'x*' }, '-')],
  ['Prepend', new Prepend({ prepend: '▁' })],
  ['course normalizer', courseNormalizer()],
];

function ours(normalizer: Normalizer, text: string): NormalizedString {
  const normalized = new NormalizedString(text);
  normalizer.normalize(normalized);
  return normalized;
}

/** Our span in the original of every normalized code point. */
function codePointSpans(normalized: NormalizedString): Offsets[] {
  const spans: Offsets[] = [];
  const text = normalized.normalized;
  for (let index = 0; index < text.length; ) {
    const width = text.codePointAt(index)! > 0xffff ? 2 : 1;
    spans.push(normalized.convertOffsets([index, index + width])!);
    index += width;
  }
  return spans;
}

describe.each(NORMALIZERS)('%s matches HF tokenizers', (_name, normalizer) => {
  const reference = hfPipeline(normalizer.toJSON(), null).getNormalizer()!;

  it('normalizes 10,000 random strings to the same text', () => {
    const mismatches = TEXTS.filter((text) => ours(normalizer, text).normalized !== reference.normalizeString(text));
    expect(mismatches.slice(0, 5).map((text) => JSON.stringify(text))).toEqual([]);
  });

  it('aligns every normalized character to the same span of the original', async () => {
    // One word per code point, so HF's token offsets expose its whole alignment.
    const perCharacter = hfPipeline(normalizer.toJSON(), {
      type: 'Split',
      pattern: { Regex: '[\\s\\S]' },
      behavior: 'Isolated',
      invert: false,
    });
    const encodings = await perCharacter.encodeBatch(TEXTS, { addSpecialTokens: false });
    const mismatches: string[] = [];
    TEXTS.forEach((text, index) => {
      const toUtf16 = codePointOffsetsToUtf16(text);
      const expected = encodings[index]!.getOffsets().map(toUtf16);
      const actual = codePointSpans(ours(normalizer, text));
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        mismatches.push(`${JSON.stringify(text)}: ${JSON.stringify(actual)} vs HF ${JSON.stringify(expected)}`);
      }
    });
    expect(mismatches.slice(0, 3)).toEqual([]);
  });

  it('keeps alignments in bounds and monotonic', () => {
    const broken = TEXTS.filter((text) => {
      let [previousStart, previousEnd] = [0, 0];
      return ours(normalizer, text)
        .getAlignments()
        .some(([start, end]) => {
          const bad = start < 0 || start > end || end > text.length || start < previousStart || end < previousEnd;
          [previousStart, previousEnd] = [start, end];
          return bad;
        });
    });
    expect(broken.slice(0, 3).map((text) => JSON.stringify(text))).toEqual([]);
  });
});
