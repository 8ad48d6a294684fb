import tk from 'tokenizers';
import { describe, expect, it } from 'vitest';
import { TokenizerError } from '../errors';
import { WhitespaceSplit } from '../pre-tokenizers/whitespace-split';
import { itAcceptsLikeHf } from '../test-support/accepts-like-hf';
import { hfPipeline, hfSavedJson } from '../test-support/hf-reference';
import { BertNormalizer } from './bert-normalizer';
import { courseNormalizer } from './course-normalizer';
import { normalizerFromJSON } from './from-json';
import { Lowercase } from './lowercase';
import { regexFromOnig } from './onig-pattern';
import { Prepend } from './prepend';
import { Replace } from './replace';
import { SequenceNormalizer } from './sequence-normalizer';
import { Strip } from './strip';
import { StripAccents } from './strip-accents';
import { NFC, NFD, NFKC, NFKD } from './unicode-normalizers';

describe('normalizers', () => {
  it('BertNormalizer cleans, pads CJK, strips accents and lowercases', () => {
    expect(new BertNormalizer().normalizeString('Héllo\tWORLD\u0000 你好\u200b')).toBe('hello world  你  好 ');
    expect(new BertNormalizer({ lowercase: false }).normalizeString('Héllo')).toBe('Héllo'); // accents follow lowercase
    expect(new BertNormalizer({ stripAccents: true, lowercase: false }).normalizeString('Héllo')).toBe('Hello');
    // A lone surrogate would reach HF as U+FFFD, which clean_text removes.
    expect(new BertNormalizer().normalizeString('a\ud800b\udc00')).toBe('ab');
  });

  it('the course normalizer lowercases and deletes .,!?- (then WhitespaceSplit splits on spaces)', () => {
    const normalized = courseNormalizer().normalizeString('Romeo, Juliet! Well-met?');
    expect(normalized).toBe('romeo juliet wellmet');
    expect(new WhitespaceSplit().preTokenizeString(normalized).map(([word]) => word)).toEqual([
      'romeo',
      'juliet',
      'wellmet',
    ]);
  });

  it('strips, prepends, replaces and chains', () => {
    expect(new Strip({ right: false }).normalizeString('  a  ')).toBe('a  ');
    expect(new Prepend({ prepend: '▁' }).normalizeString('hey')).toBe('▁hey');
    expect(new Prepend({ prepend: '▁' }).normalizeString('')).toBe('');
    expect(new Replace({ pattern: "''", content: '"' }).normalizeString("a ''test''")).toBe('a "test"');
    expect(new Replace({ pattern: '', content: '-' }).normalizeString('abc')).toBe('-a-b-c-'); // as HF's regex of ''
    expect(new SequenceNormalizer([new NFKD(), new StripAccents(), new Lowercase()]).normalizeString('Ｃụ ﬁ')).toBe(
      'cu fi',
    );
  });
});

describe('normalizer JSON', () => {
  const ours = [
    new BertNormalizer(),
    new BertNormalizer({ cleanText: false, handleChineseChars: false, stripAccents: false, lowercase: false }),
    new NFD(),
    new NFKD(),
    new NFC(),
    new NFKC(),
    new Lowercase(),
    new StripAccents(),
    new Strip({ left: true, right: false }),
    new Replace({ pattern: 'a', content: 'b' }),
    new Prepend({ prepend: '▁' }),
    new SequenceNormalizer([new Lowercase(), new NFD()]),
  ];
  const theirs = [
    tk.bertNormalizer(),
    tk.bertNormalizer({ cleanText: false, handleChineseChars: false, stripAccents: false, lowercase: false }),
    tk.nfdNormalizer(),
    tk.nfkdNormalizer(),
    tk.nfcNormalizer(),
    tk.nfkcNormalizer(),
    tk.lowercase(),
    tk.stripAccentsNormalizer(),
    tk.stripNormalizer(true, false),
    tk.replace('a', 'b'),
    tk.prependNormalizer('▁'),
    tk.sequenceNormalizer([tk.lowercase(), tk.nfdNormalizer()]),
  ];

  it('is what HF saves, field for field and in the same order', () => {
    ours.forEach((normalizer, index) => {
      const saved = hfSavedJson({ normalizer: theirs[index]! }, '/tmp/bert-normalizer-json-test.json').normalizer;
      expect(JSON.stringify(normalizer.toJSON())).toBe(JSON.stringify(saved));
    });
    expect(new BertNormalizer({ stripAccents: undefined }).toJSON().strip_accents).toBeNull(); // HF's None
  });

  it('round-trips through normalizerFromJSON', () => {
    for (const normalizer of [...ours, courseNormalizer(), Replace.fromPattern({ Regex: '\\s+' }, ' ')]) {
      expect(normalizerFromJSON(normalizer.toJSON()).toJSON()).toEqual(normalizer.toJSON());
    }
    expect(courseNormalizer().toJSON()).toEqual({
      type: 'Sequence',
      normalizers: [{ type: 'Lowercase' }, { type: 'Replace', pattern: { Regex: '[.,!?\\-]' }, content: '' }],
    });
  });

  // Each case is accepted or rejected by HF and by us alike.
  const cases: unknown[] = [
    { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, lowercase: true },
    { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: false },
    { type: 'BertNormalizer', clean_text: 'yes', handle_chinese_chars: true, lowercase: true },
    { type: 'Strip', strip_left: true },
    { type: 'Strip', strip_left: true, strip_right: false },
    { type: 'Replace', pattern: { String: 'a' } },
    { type: 'Replace', pattern: 'a', content: 'b' },
    { type: 'Replace', pattern: { Regex: '\\d+' }, content: '#' },
    { type: 'Prepend' },
    { type: 'Sequence' },
    { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Lowercase' }] },
    { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Nope' }] },
    { type: 'Unknown' },
    { clean_text: true },
  ];
  itAcceptsLikeHf(cases, (json) => hfPipeline(json, null), normalizerFromJSON, 'tokenizer.json: normalizer');

  it('names the source and the field in one-line errors', () => {
    expect(() => normalizerFromJSON({ type: 'Strip', strip_left: true }, 'tokenizer.json: normalizer')).toThrow(
      /^tokenizer\.json: normalizer: .*"strip_right"/,
    );
    expect(() => normalizerFromJSON({ type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: 3 }] }, 'n')).toThrow(
      /^n\.normalizers\[0\]: field "prepend" must be a string/,
    );
    expect(() => normalizerFromJSON({ type: 'Precompiled' }, 'n')).toThrow(
      /^n: unknown type "Precompiled".*BertNormalizer, Lowercase, NFC, .*, StripAccents/,
    );
    expect(() => normalizerFromJSON([], 'n')).toThrow(TokenizerError);
    expect(() => normalizerFromJSON({ type: 'Replace', pattern: { Regex: '(?>a)' }, content: '' }, 'n')).toThrow(
      /^n\.pattern: regex "\(\?>a\)" uses an atomic group/,
    );
  });
});

describe('regexFromOnig', () => {
  it('translates oniguruma classes and groups to JavaScript', () => {
    const gpt2 = regexFromOnig(
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
      'p',
    );
    expect("I'll  go!".match(new RegExp(gpt2.source, `${gpt2.flags}g`))).toEqual(['I', "'ll", ' ', ' go', '!']);
    const caseless = regexFromOnig("(?i:'s|'t)|\\p{Han}+|\\x{3000}|[^\\W\\d]+", 'p');
    expect("IT'S 漢字\u3000ab1".match(new RegExp(caseless.source, `${caseless.flags}g`))).toEqual([
      'IT',
      "'S",
      '漢字',
      '\u3000',
      'ab',
    ]);
    expect(regexFromOnig('[.,!?\\-]', 'p').test('-')).toBe(true);
    expect(regexFromOnig('a{,2}', 'p').exec('aaa')?.[0]).toBe('aa');
  });

  it('refuses what JavaScript cannot express', () => {
    for (const pattern of ['a++', '(?>a)', '[a-z&&[^aeiou]]', '[[:alpha:]]', '\\G', '[a', '(?m:a)']) {
      expect(() => regexFromOnig(pattern, 'pattern')).toThrow(TokenizerError);
    }
  });
});
