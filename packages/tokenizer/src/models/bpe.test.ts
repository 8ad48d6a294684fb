import { encode as gpt2Encode } from 'gpt-3-encoder';
import tk from 'tokenizers';
import { describe, expect, it } from 'vitest';
import { BYTES_TO_UNICODE } from '../byte-level-alphabet';
import { asResult, hfEncodeWords, hfModelJson, hfModelOnly, mismatches } from '../test-support/hf-reference';
import { randomWords, seededRandom } from '../test-support/random';
import { brownWords, gpt2 } from '../test-support/reference-data';
import { BPE, type BpeOptions } from './bpe';

const values = (model: BPE, word: string) => model.tokenize(word).map((token) => token.value);
const offsets = (model: BPE, word: string) => model.tokenize(word).map((token) => token.offsets);

/** What the ByteLevel pre-tokenizer hands the model: UTF-8 bytes spelled with GPT-2's printable alphabet. */
const byteLevel = (text: string) => [...new TextEncoder().encode(text)].map((byte) => BYTES_TO_UNICODE[byte]).join('');

/** HF's own unit test (bpe/model.rs, "unrelated"); the steps are spelled out in bpe-word.ts. */
const unrelatedTokens = [
  'u',
  'n',
  'r',
  'e',
  'l',
  'a',
  't',
  'd',
  're',
  'at',
  'ed',
  'un',
  'ated',
  'rel',
  'related',
  'unrelated',
];
const unrelated: BpeOptions = {
  vocab: Object.fromEntries(unrelatedTokens.map((token, id) => [token, id])),
  merges: [
    ['r', 'e'],
    ['a', 't'],
    ['e', 'd'],
    ['u', 'n'],
    ['at', 'ed'],
    ['re', 'l'],
    ['rel', 'ated'],
    ['un', 'related'],
  ],
};

describe('BPE merges', () => {
  it('merges by rank until one token is left (HF "unrelated" example)', () => {
    const model = new BPE(unrelated);
    expect(model.tokenize('unrelated')).toEqual([{ id: 15, value: 'unrelated', offsets: [0, 9] }]);
    expect(values(model, 'related')).toEqual(['related']);
    expect(values(model, 'rate')).toEqual(['r', 'at', 'e']); // only (a t) is a known pair
  });

  it('merges the leftmost pair first among equal ranks', () => {
    const model = new BPE({ vocab: { a: 0, aa: 1 }, merges: [['a', 'a']] });
    expect(values(model, 'aaa')).toEqual(['aa', 'a']);
    expect(values(model, 'aaaaa')).toEqual(['aa', 'aa', 'a']);
  });

  it('handles a continuing-subword prefix (hand-derived)', () => {
    // h ##e ##l ##l ##o → he ##l ##l ##o (rank 0) → he ##ll ##o (1) → hell ##o (2) → hello (3)
    const model = new BPE({
      vocab: { '[UNK]': 0, h: 1, '##e': 2, '##l': 3, '##o': 4, he: 5, '##ll': 6, hell: 7, hello: 8 },
      merges: [
        ['h', '##e'],
        ['##l', '##l'],
        ['he', '##ll'],
        ['hell', '##o'],
      ],
      continuingSubwordPrefix: '##',
      unkToken: '[UNK]',
    });
    expect(model.tokenize('hello')).toEqual([{ id: 8, value: 'hello', offsets: [0, 5] }]);
    expect(model.tokenize('hellol').map((t) => [t.value, t.offsets])).toEqual([
      ['hello', [0, 5]],
      ['##l', [5, 6]],
    ]);
    // "e" starts the word, so it is looked up without prefix and is unknown; "##h" is unknown too.
    expect(model.tokenize('ehll').map((t) => [t.value, t.offsets])).toEqual([
      ['[UNK]', [0, 1]],
      ['[UNK]', [1, 2]],
      ['##ll', [2, 4]],
    ]);
  });

  it('handles an end-of-word suffix (hand-derived, Sennrich et al.)', () => {
    const tokens = [
      'l',
      'o',
      'w',
      'e',
      'r',
      's',
      't',
      'n',
      'w</w>',
      'r</w>',
      't</w>',
      'lo',
      'low',
      'low</w>',
      'er</w>',
      'lower</w>',
      'es',
      'est</w>',
    ];
    const model = new BPE({
      vocab: Object.fromEntries(tokens.map((token, id) => [token, id])),
      merges: [
        ['l', 'o'],
        ['lo', 'w'],
        ['e', 'r</w>'],
        ['low', 'er</w>'],
        ['e', 's'],
        ['es', 't</w>'],
        ['lo', 'w</w>'],
      ],
      endOfWordSuffix: '</w>',
    });
    // l o w</w> → lo w</w> → low</w>
    expect(values(model, 'low')).toEqual(['low</w>']);
    // l o w e r</w> → lo w e r</w> → low e r</w> → low er</w> → lower</w>
    expect(values(model, 'lower')).toEqual(['lower</w>']);
    // l o w e s t</w> → lo … → low es t</w> → low est</w>: no merge joins them
    expect(model.tokenize('lowest').map((t) => [t.value, t.offsets])).toEqual([
      ['low', [0, 3]],
      ['est</w>', [3, 6]],
    ]);
  });

  it('keeps the last rank of a pair listed twice and serializes it once, as HF', async () => {
    const vocab = { a: 0, b: 1, c: 2, ab: 3, bc: 4, abc: 5 };
    const merges: Array<[string, string]> = [
      ['a', 'b'],
      ['b', 'c'],
      ['a', 'b'],
    ];
    const model = new BPE({ vocab, merges });
    expect(values(model, 'abc')).toEqual(['a', 'bc']);
    expect(model.getMerges()).toEqual([
      ['b', 'c'],
      ['a', 'b'],
    ]);
    const hf = new tk.Tokenizer(tk.BPE.init(vocab, merges, {}));
    expect((await hfEncodeWords(hf, ['abc']))[0]?.tokens).toEqual(['a', 'bc']);
    expect(hfModelJson(hf).merges).toEqual(model.getMerges());
  });

  it('rejects merges whose parts or result are not in the vocabulary, naming the merge', () => {
    const vocab = { a: 0, b: 1, ab: 2 };
    expect(
      () =>
        new BPE({
          vocab,
          merges: [
            ['a', 'b'],
            ['a', 'c'],
          ],
        }),
    ).toThrow('BPE merges[1] ("a" "c") needs "c", which is not in the vocabulary');
    expect(() => new BPE({ vocab, merges: [['b', 'a']] })).toThrow(
      'BPE merges[0] ("b" "a") makes "ba", which is not in the vocabulary',
    );
    // HF panics here (it drops the prefix's length from "b" blindly); we raise an error instead.
    expect(() => new BPE({ vocab, merges: [['a', 'b']], continuingSubwordPrefix: '##' })).toThrow(
      'BPE merges[0] ("a" "b") cannot drop the 2-byte continuing subword prefix from "b"',
    );
    expect(() => new BPE({ vocab, merges: [], dropout: 1.5 })).toThrow(
      'BPE dropout (1.5) must be between 0 and 1, inclusive',
    );
  });

  it('returns fresh tokens from the cache', () => {
    const model = new BPE(unrelated);
    const first = model.tokenize('unrelated');
    (first[0] as { offsets: [number, number] }).offsets[0] = 99;
    expect(model.tokenize('unrelated')[0]?.offsets).toEqual([0, 9]);
    expect(model.tokenize('')).toEqual([]);
  });
});

describe('BPE parity with HF on GPT-2 (byte-level)', () => {
  const { vocab, merges } = gpt2();
  const model = new BPE({ vocab, merges });

  it('tokenizes thousands of byte-level words exactly as HF BPE', async () => {
    const brown = brownWords({ files: 60 });
    const random = randomWords(seededRandom(7), 3000);
    const words = [
      ...brown.map((word) => byteLevel(` ${word}`)),
      ...brown.slice(0, 3000).map((word) => byteLevel(word)),
      ...random.map((word) => byteLevel(` ${word}`)),
      // Words over 48 symbols take the priority-queue path (bpe-word.ts), shorter ones the scan.
      ...Array.from({ length: 1500 }, (_, index) => byteLevel(brown.slice(index * 10, index * 10 + 10).join(''))),
      byteLevel('\n\n'),
      byteLevel('   '),
    ];
    expect(words.length).toBeGreaterThan(20_000);
    const ours = words.map((word) => asResult(model.tokenize(word)));
    const theirs = await hfEncodeWords(new tk.Tokenizer(tk.BPE.init(vocab, merges, {})), words);
    expect(mismatches(words, ours, theirs)).toEqual([]);
    // A second, independent reference: gpt-3-encoder's own BPE gives the same ids for single words.
    for (const word of brown.slice(0, 500)) {
      expect(model.tokenize(byteLevel(` ${word}`)).map((token) => token.id)).toEqual(gpt2Encode(` ${word}`));
    }
  });

  it('never merges with dropout 1, and is deterministic and in-vocabulary with a seeded dropout', () => {
    const word = byteLevel(' tokenization');
    const noMerges = new BPE({ vocab, merges, dropout: 1 });
    expect(values(noMerges, word)).toEqual([...word]);
    const run = () => new BPE({ vocab, merges, dropout: 0.3, random: seededRandom(3) });
    const first = run();
    const second = run();
    const samples = Array.from({ length: 50 }, () => values(first, word));
    expect(Array.from({ length: 50 }, () => values(second, word))).toEqual(samples);
    expect(new Set(samples.map((sample) => sample.join(' '))).size).toBeGreaterThan(2); // dropout did act
    expect(samples.some((sample) => sample.length > values(model, word).length)).toBe(true);
    for (const sample of samples) {
      expect(sample.join('')).toBe(word);
      for (const token of sample) expect(vocab[token]).toBeTypeOf('number');
    }
    expect(values(new BPE({ vocab, merges, dropout: 0 }), word)).toEqual(values(model, word));
  });
});

describe('BPE unknown characters vs HF', () => {
  const vocab = {
    '<unk>': 0,
    a: 1,
    b: 2,
    ab: 3,
    '<0xE2>': 4,
    '<0x82>': 5,
    '<0xAC>': 6,
    '<0x63>': 7,
    '<0xF0>': 8,
    '<0x9F>': 9,
    '<0x98>': 10,
    '<0x80>': 11,
  };
  const words = ['ab', 'abc', 'a€b', '€€', 'xyab', 'x€y', '😀a', 'a😀x😀', 'dd€d', 'd😀', 'c😀c'];
  const variants = [
    { unk_token: null, fuse_unk: false, byte_fallback: false },
    { unk_token: '<unk>', fuse_unk: false, byte_fallback: false },
    { unk_token: '<unk>', fuse_unk: true, byte_fallback: false },
    { unk_token: '<unk>', fuse_unk: false, byte_fallback: true },
    { unk_token: '<unk>', fuse_unk: true, byte_fallback: true },
    { unk_token: null, fuse_unk: false, byte_fallback: true },
  ];
  for (const variant of variants) {
    it(`matches HF with ${JSON.stringify(variant)}`, async () => {
      const json = {
        type: 'BPE',
        dropout: null,
        continuing_subword_prefix: null,
        end_of_word_suffix: null,
        ignore_merges: false,
        ...variant,
        vocab,
        merges: [['a', 'b']],
      };
      const model = new BPE({
        vocab,
        merges: [['a', 'b']],
        ...(variant.unk_token !== null && { unkToken: variant.unk_token }),
        fuseUnk: variant.fuse_unk,
        byteFallback: variant.byte_fallback,
      });
      const ours = words.map((word) => asResult(model.tokenize(word)));
      expect(mismatches(words, ours, await hfEncodeWords(hfModelOnly(json), words))).toEqual([]);
    });
  }

  it('spells the prefix and suffix bytes too under byte fallback, as HF', async () => {
    const bytes = Object.fromEntries(
      [...'#b</w>a'].map((char, index) => [`<0x${char.charCodeAt(0).toString(16).toUpperCase()}>`, 10 + index]),
    );
    const vocab2 = { '<unk>': 0, a: 1, '##b</w>': 2, ...bytes };
    const json = {
      type: 'BPE',
      unk_token: '<unk>',
      byte_fallback: true,
      continuing_subword_prefix: '##',
      end_of_word_suffix: '</w>',
      vocab: vocab2,
      merges: [],
    };
    const model = new BPE({
      vocab: vocab2,
      merges: [],
      unkToken: '<unk>',
      byteFallback: true,
      continuingSubwordPrefix: '##',
      endOfWordSuffix: '</w>',
    });
    const probe = ['ab', 'ac', 'ba'];
    expect(values(model, 'ba')).toEqual([
      '<0x62>',
      '<0x23>',
      '<0x23>',
      '<0x61>',
      '<0x3C>',
      '<0x2F>',
      '<0x77>',
      '<0x3E>',
    ]);
    expect(
      mismatches(
        probe,
        probe.map((word) => asResult(model.tokenize(word))),
        await hfEncodeWords(hfModelOnly(json), probe),
      ),
    ).toEqual([]);
  });

  it('raises an error when the unk token is needed but missing', () => {
    const model = new BPE({ vocab: { a: 0 }, merges: [], unkToken: '<unk>' });
    expect(values(model, 'aa')).toEqual(['a', 'a']);
    expect(() => model.tokenize('ab')).toThrow('BPE: unk token "<unk>" is not in the vocabulary');
  });

  it('drops unknown characters without an unk token, shifting later offsets like HF', () => {
    const model = new BPE({ vocab: { a: 0, b: 1, ab: 2 }, merges: [['a', 'b']] });
    expect(offsets(model, 'xyab')).toEqual([[0, 2]]);
  });
});

describe('BPE ignoreMerges vs HF', () => {
  it('returns in-vocabulary words whole, but not under dropout', async () => {
    const vocab = { a: 0, b: 1, c: 2, abc: 3, ab: 4 };
    const json = { type: 'BPE', ignore_merges: true, vocab, merges: [['a', 'b']] };
    const model = new BPE({ vocab, merges: [['a', 'b']], ignoreMerges: true });
    const words = ['abc', 'abcc', 'ab', 'cab'];
    expect(
      mismatches(
        words,
        words.map((w) => asResult(model.tokenize(w))),
        await hfEncodeWords(hfModelOnly(json), words),
      ),
    ).toEqual([]);
    const dropped = new BPE({ vocab, merges: [['a', 'b']], ignoreMerges: true, dropout: 1 });
    expect(values(dropped, 'abc')).toEqual(['a', 'b', 'c']);
  });
});
