import tk from 'tokenizers';
import { describe, expect, it } from 'vitest';
import { itAcceptsLikeHf } from '../test-support/accepts-like-hf';
import { hfPipeline, hfSavedJson } from '../test-support/hf-reference';
import type { PreTokenizer } from '../types';
import { BertPreTokenizer } from './bert-pre-tokenizer';
import { ByteLevel } from './byte-level';
import { CharDelimiterSplit } from './char-delimiter-split';
import { Digits } from './digits';
import { preTokenizerFromJSON } from './from-json';
import { Metaspace } from './metaspace';
import { Punctuation } from './punctuation';
import { SequencePreTokenizer } from './sequence-pre-tokenizer';
import { Split } from './split';
import { Whitespace } from './whitespace';
import { WhitespaceSplit } from './whitespace-split';

describe('pre-tokenizers', () => {
  it('split words as HF documents them', () => {
    expect(new Whitespace().preTokenizeString('How are you doing?')).toEqual([
      ['How', [0, 3]],
      ['are', [4, 7]],
      ['you', [8, 11]],
      ['doing', [12, 17]],
      ['?', [17, 18]],
    ]);
    expect(new WhitespaceSplit().preTokenizeString('Hey, man, Good?')).toEqual([
      ['Hey,', [0, 4]],
      ['man,', [5, 9]],
      ['Good?', [10, 15]],
    ]);
    expect(new BertPreTokenizer().preTokenizeString('Hey friend!     How are you?!?').map(([word]) => word)).toEqual([
      'Hey',
      'friend',
      '!',
      'How',
      'are',
      'you',
      '?',
      '!',
      '?',
    ]);
    expect(new Punctuation().preTokenizeString('Hey friend!     How are you?!?').map(([word]) => word)).toEqual([
      'Hey friend',
      '!',
      '     How are you',
      '?',
      '!',
      '?',
    ]);
    expect(new Digits().preTokenizeString('Hey 123 friend!').map(([word]) => word)).toEqual([
      'Hey ',
      '123',
      ' friend!',
    ]);
    expect(new Digits({ individualDigits: true }).preTokenizeString('a12').map(([word]) => word)).toEqual([
      'a',
      '1',
      '2',
    ]);
    expect(new CharDelimiterSplit({ delimiter: '-' }).preTokenizeString('a-b--c').map(([word]) => word)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('Whitespace and BertPreTokenizer use Unicode word characters and punctuation', () => {
    expect(new Whitespace().preTokenizeString('naïve café—ok').map(([word]) => word)).toEqual([
      'naïve',
      'café',
      '—',
      'ok',
    ]);
    expect(new BertPreTokenizer().preTokenizeString('«Ça va?» $5+5').map(([word]) => word)).toEqual([
      '«',
      'Ça',
      'va',
      '?',
      '»',
      '$',
      '5',
      '+',
      '5',
    ]);
  });

  it('ByteLevel writes bytes as characters and keeps offsets on the source characters', () => {
    expect(new ByteLevel({ addPrefixSpace: false }).preTokenizeString('Hello my friend, i⭢j\n')).toEqual([
      ['Hello', [0, 5]],
      ['Ġmy', [5, 8]],
      ['Ġfriend', [8, 15]],
      [',', [15, 16]],
      ['Ġi', [16, 18]],
      ['âŃ¢', [18, 19]],
      ['j', [19, 20]],
      ['Ċ', [20, 21]],
    ]);
    expect(new ByteLevel().preTokenizeString('Hello 😀')).toEqual([
      ['ĠHello', [0, 5]],
      ['ĠðŁĺĢ', [5, 8]],
    ]);
    expect(new ByteLevel({ useRegex: false }).preTokenizeString('a b')).toEqual([['ĠaĠb', [0, 3]]]);
    expect(ByteLevel.alphabet()).toHaveLength(256);
  });

  it('Metaspace replaces spaces and starts words at them', () => {
    expect(new Metaspace().preTokenizeString('Hey   friend!')).toEqual([
      ['▁Hey', [0, 3]],
      ['▁', [3, 4]],
      ['▁', [4, 5]],
      ['▁friend!', [5, 13]],
    ]);
    expect(new Metaspace({ prependScheme: 'never', split: false }).preTokenizeString('a b')).toEqual([['a▁b', [0, 3]]]);
  });

  it('Split splits on strings and regexes, with every behavior and inverted', () => {
    const words = (preTokenizer: PreTokenizer) =>
      (preTokenizer as Split).preTokenizeString('How are you doing?').map(([word]) => word);
    const regex = /\w+|[^\w\s]+/u;
    expect(words(new Split({ pattern: regex, behavior: 'Removed', invert: true }))).toEqual([
      'How',
      'are',
      'you',
      'doing',
      '?',
    ]);
    expect(words(new Split({ pattern: regex, behavior: 'MergedWithPrevious', invert: true }))).toEqual([
      'How ',
      'are ',
      'you ',
      'doing',
      '?',
    ]);
    expect(words(new Split({ pattern: regex, behavior: 'MergedWithNext', invert: true }))).toEqual([
      'How',
      ' are',
      ' you',
      ' doing',
      '?',
    ]);
    expect(words(new Split({ pattern: regex, behavior: 'Contiguous', invert: true }))).toEqual([
      'How',
      ' ',
      'are',
      ' ',
      'you',
      ' ',
      'doing?',
    ]);
    expect(words(new Split({ pattern: ' ', behavior: 'Removed' }))).toEqual(['How', 'are', 'you', 'doing?']);
    // HF compiles a string pattern to a regex, so '' matches between all characters.
    expect(new Split({ pattern: '', behavior: 'Isolated' }).preTokenizeString('abc').map(([word]) => word)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(new CharDelimiterSplit({ delimiter: 'é' }).preTokenizeString('aébé')).toEqual([
      ['a', [0, 1]],
      ['b', [2, 3]],
    ]);
  });

  it('Sequence runs each pre-tokenizer on the words of the previous one', () => {
    const sequence = new SequencePreTokenizer([new WhitespaceSplit(), new Digits({ individualDigits: true })]);
    expect(sequence.preTokenizeString('ab12 c3').map(([word]) => word)).toEqual(['ab', '1', '2', 'c', '3']);
  });
});

describe('pre-tokenizer JSON', () => {
  const ours: PreTokenizer[] = [
    new Whitespace(),
    new WhitespaceSplit(),
    new BertPreTokenizer(),
    new ByteLevel(),
    new ByteLevel({ addPrefixSpace: false, useRegex: false }),
    new Punctuation(),
    new Punctuation({ behavior: 'Removed' }),
    new Split({ pattern: ' ', behavior: 'MergedWithNext', invert: true }),
    new Digits({ individualDigits: true }),
    new SequencePreTokenizer([new Whitespace(), new Digits()]),
    new Metaspace(),
    new Metaspace({ replacement: '_', prependScheme: 'first', split: false }),
    new CharDelimiterSplit({ delimiter: 'x' }),
  ];
  const theirs = [
    tk.whitespacePreTokenizer(),
    tk.whitespaceSplitPreTokenizer(),
    tk.bertPreTokenizer(),
    tk.byteLevelPreTokenizer(),
    tk.byteLevelPreTokenizer(false, false),
    tk.punctuationPreTokenizer(),
    tk.punctuationPreTokenizer('removed'),
    tk.splitPreTokenizer(' ', 'mergedWithNext', true),
    tk.digitsPreTokenizer(true),
    tk.sequencePreTokenizer([tk.whitespacePreTokenizer(), tk.digitsPreTokenizer()]),
    tk.metaspacePreTokenizer(),
    tk.metaspacePreTokenizer('_', 'first', false),
    tk.charDelimiterSplit('x'),
  ];

  it('is what HF saves, field for field and in the same order', () => {
    ours.forEach((preTokenizer, index) => {
      const saved = hfSavedJson(
        { preTokenizer: theirs[index]! },
        '/tmp/bert-pre-tokenizer-json-test.json',
      ).pre_tokenizer;
      expect(JSON.stringify(preTokenizer.toJSON())).toBe(JSON.stringify(saved));
    });
  });

  it('round-trips through preTokenizerFromJSON', () => {
    const regexSplit = Split.fromPattern({ Regex: "(?i:'s)|\\p{L}+" }, 'Isolated', false);
    for (const preTokenizer of [...ours, regexSplit]) {
      expect(preTokenizerFromJSON(preTokenizer.toJSON()).toJSON()).toEqual(preTokenizer.toJSON());
    }
    expect(regexSplit.toJSON()).toEqual({
      type: 'Split',
      pattern: { Regex: "(?i:'s)|\\p{L}+" },
      behavior: 'Isolated',
      invert: false,
    });
  });

  // Each case is accepted or rejected by HF and by us alike.
  const cases: unknown[] = [
    { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true },
    { type: 'ByteLevel', add_prefix_space: true },
    { type: 'ByteLevel', trim_offsets: true, use_regex: true },
    { type: 'Punctuation' },
    { type: 'Punctuation', behavior: 'Sideways' },
    { type: 'Split', pattern: { Regex: '\\s+' }, behavior: 'Removed' },
    { type: 'Split', pattern: { String: ' ' }, behavior: 'Removed', invert: false },
    { type: 'Split', pattern: { Glob: '*' }, behavior: 'Removed', invert: false },
    { type: 'Digits' },
    { type: 'Digits', individual_digits: 1 },
    { type: 'Metaspace', replacement: '▁', add_prefix_space: true },
    { type: 'Metaspace', replacement: '▁' },
    { type: 'Metaspace', add_prefix_space: true },
    { type: 'Metaspace', replacement: '▁▁', prepend_scheme: 'always', split: true },
    { type: 'Metaspace', replacement: '▁', prepend_scheme: 'sometimes', split: true },
    { type: 'CharDelimiterSplit', delimiter: 'ab' },
    { type: 'Sequence', pretokenizers: [{ type: 'Whitespace' }, { type: 'Digits', individual_digits: false }] },
    { type: 'Sequence', pretokenizers: [{ type: 'Whitespace' }, { type: 'UnicodeScripts2' }] },
    { type: 'Sequence' },
    { type: 'WordPiece' },
  ];
  itAcceptsLikeHf(cases, (json) => hfPipeline(null, json), preTokenizerFromJSON, 'tokenizer.json: pre_tokenizer');

  it('names the source, the field, and the supported types in errors', () => {
    expect(() => preTokenizerFromJSON({ type: 'ByteLevel', add_prefix_space: true }, 'p')).toThrow(
      /^p: .*"trim_offsets"/,
    );
    expect(() => preTokenizerFromJSON({ type: 'Punctuation', behavior: 'Sideways' }, 'p')).toThrow(
      /^p: field "behavior" must be one of Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous/,
    );
    expect(() => preTokenizerFromJSON({ type: 'Sequence', pretokenizers: [{ type: 'Nope' }] }, 'p')).toThrow(
      /^p\.pretokenizers\[0\]: unknown type "Nope".*BertPreTokenizer, ByteLevel, .*WhitespaceSplit/,
    );
  });
});
