/**
 * Property tests over 10,000 random Unicode strings (fixed seed): round trips where the pipeline is lossless, and
 * offsets that always point inside the input, in order, at the text each token came from.
 */
import { describe, expect, it } from 'vitest';
import {
  BertNormalizer,
  bertWordPieceTokenizer,
  byteLevelBpeTokenizer,
  Tokenizer,
  WordLevel,
  WordLevelTrainer,
  WhitespaceSplit,
} from '../src';
import { seededRandom } from '../src/test-support/random';
import { bertVocab, gpt2 } from '../src/test-support/reference-data';

const COUNT = 10_000;

/** Random strings of 0–40 code points from all planes (no lone surrogates), weighted towards text. */
function randomUnicode(random: () => number): string {
  const ranges: Array<[number, number, number]> = [
    // [weight, first, last]
    [30, 0x20, 0x7e],
    [8, 0x09, 0x0d],
    [10, 0xa0, 0x24f],
    [6, 0x300, 0x36f],
    [6, 0x370, 0x52f],
    [6, 0x3040, 0x30ff],
    [6, 0x4e00, 0x9fff],
    [4, 0xac00, 0xd7a3],
    [4, 0x2000, 0x206f],
    [6, 0x1f300, 0x1faff],
    [3, 0x0, 0x1f],
    [3, 0xe000, 0xffff],
    [3, 0x10000, 0x10ffff],
  ];
  const total = ranges.reduce((sum, [weight]) => sum + weight, 0);
  const length = Math.floor(random() * 41);
  let text = '';
  for (let index = 0; index < length; index++) {
    let roll = random() * total;
    const range =
      ranges.find(([weight]) => {
        roll -= weight;
        return roll < 0;
      }) ?? ranges[0]!;
    let codePoint = range[1] + Math.floor(random() * (range[2] - range[1] + 1));
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) codePoint = 0xfffd;
    text += String.fromCodePoint(codePoint);
  }
  return text;
}

const random = seededRandom(424242);
const texts = Array.from({ length: COUNT }, () => randomUnicode(random));

/** Collects failures as strings (one `expect` per test keeps 10,000 × tokens checks fast). */
class Failures {
  readonly list: string[] = [];
  check(condition: boolean, text: string, what: string): void {
    if (!condition && this.list.length < 5) this.list.push(`${what} in ${JSON.stringify(text)}`);
  }
}

function encodeWithSaneOffsets(tokenizer: Tokenizer, text: string, failures: Failures) {
  const encoding = tokenizer.encode(text);
  let previousStart = 0;
  encoding.offsets.forEach(([start, end], index) => {
    if (encoding.specialTokensMask[index]) return;
    failures.check(start >= previousStart && start <= end && end <= text.length, text, `offsets [${start}, ${end}]`);
    previousStart = start;
  });
  return encoding;
}

describe(`over ${COUNT} random Unicode strings`, () => {
  it('byte-level BPE (GPT-2) decodes back to exactly the input, with sane offsets', () => {
    const tokenizer = byteLevelBpeTokenizer(gpt2());
    const failures = new Failures();
    for (const text of texts) {
      const encoding = encodeWithSaneOffsets(tokenizer, text, failures);
      failures.check(tokenizer.decode(encoding.ids) === text, text, 'round trip');
    }
    expect(failures.list).toEqual([]);
  });

  it('WordLevel decodes back to the normalized words, and each token is the text at its offsets', () => {
    const normalizer = new BertNormalizer({ lowercase: true });
    const preTokenizer = new WhitespaceSplit();
    const trainer = new WordLevelTrainer({ vocabSize: 1_000_000, specialTokens: ['[UNK]'] });
    const tokenizer = new Tokenizer({
      model: new WordLevel({ vocab: {}, unkToken: '[UNK]' }),
      normalizer,
      preTokenizer,
    });
    tokenizer.train(trainer, texts);
    const failures = new Failures();
    for (const text of texts) {
      const encoding = encodeWithSaneOffsets(tokenizer, text, failures);
      const normalizedWords = preTokenizer.preTokenizeString(normalizer.normalizeString(text)).map(([word]) => word);
      failures.check(tokenizer.decode(encoding.ids) === normalizedWords.join(' '), text, 'round trip');
      encoding.tokens.forEach((token, index) => {
        const [start, end] = encoding.offsets[index]!;
        // Normalizing the slice alone may differ in spacing (CJK is padded with spaces), never in the word itself.
        failures.check(normalizer.normalizeString(text.slice(start, end)).trim() === token, text, `token ${token}`);
      });
    }
    expect(failures.list).toEqual([]);
  });

  it('BERT WordPiece offsets are in bounds and ordered, and known pieces match their source text', () => {
    const tokenizer = bertWordPieceTokenizer({ vocab: bertVocab() });
    const normalizer = new BertNormalizer({ lowercase: true });
    const failures = new Failures();
    for (const text of texts) {
      const encoding = encodeWithSaneOffsets(tokenizer, text, failures);
      encoding.tokens.forEach((token, index) => {
        if (encoding.specialTokensMask[index] || token === '[UNK]') return;
        const [start, end] = encoding.offsets[index]!;
        // A piece may be part of what one source character normalizes to (a Hangul syllable → three jamo).
        const source = normalizer.normalizeString(text.slice(start, end));
        failures.check(
          source.includes(token.replace(/^##/, '')),
          text,
          `piece ${token} from ${JSON.stringify(source)}`,
        );
      });
    }
    expect(failures.list).toEqual([]);
  });
});
