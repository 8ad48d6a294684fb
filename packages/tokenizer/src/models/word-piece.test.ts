import tk from 'tokenizers';
import { describe, expect, it } from 'vitest';
import { asResult, hfEncodeWords, hfModelJson, hfModelOnly, mismatches } from '../test-support/hf-reference';
import { randomWords, seededRandom } from '../test-support/random';
import { bertVocab, brownWords } from '../test-support/reference-data';
import { BPE } from './bpe';
import { WordPiece } from './word-piece';

const tiny = { '[UNK]': 0, un: 1, '##aff': 2, '##able': 3, '##a': 4, a: 5, '😀': 6, '##😀': 7 };

describe('WordPiece', () => {
  it('matches greedily, longest first, and falls back to one unk for the whole word', () => {
    const model = new WordPiece({ vocab: tiny });
    expect(model.tokenize('unaffable')).toEqual([
      { id: 1, value: 'un', offsets: [0, 2] },
      { id: 2, value: '##aff', offsets: [2, 5] },
      { id: 3, value: '##able', offsets: [5, 9] },
    ]);
    expect(model.tokenize('affable')).toEqual([{ id: 0, value: '[UNK]', offsets: [0, 7] }]);
    expect(model.tokenize('')).toEqual([]);
  });

  it('counts offsets in UTF-16 units and maxInputCharsPerWord in code points', () => {
    const model = new WordPiece({ vocab: tiny, maxInputCharsPerWord: 3 });
    expect(model.tokenize('a😀😀').map((token) => token.offsets)).toEqual([
      [0, 1],
      [1, 3],
      [3, 5],
    ]);
    expect(model.tokenize('😀😀😀')).toHaveLength(3); // 3 code points, 6 units
    expect(model.tokenize('😀😀😀😀')).toEqual([{ id: 0, value: '[UNK]', offsets: [0, 8] }]);
  });

  it('raises an error naming the word and the unk token when the unk token is missing', () => {
    const model = new WordPiece({ vocab: { a: 0 }, unkToken: '[X]' });
    expect(() => model.tokenize('b')).toThrow(
      'WordPiece: cannot tokenize "b", and the unk token "[X]" is not in the vocabulary',
    );
  });

  it('builds from a BPE as HF WordPiece::from_bpe', () => {
    const bpe = new BPE({
      vocab: { a: 0, '##b': 1, ab: 2, '<unk>': 3 },
      merges: [['a', '##b']],
      unkToken: '<unk>',
      continuingSubwordPrefix: '##',
    });
    const model = WordPiece.fromBpe(bpe);
    expect([model.unkToken, model.continuingSubwordPrefix, model.maxInputCharsPerWord]).toEqual(['<unk>', '##', 100]);
    expect(model.getVocab()).toEqual(bpe.getVocab());
    const plain = WordPiece.fromBpe(new BPE({ vocab: { a: 0 }, merges: [] }));
    expect([plain.unkToken, plain.continuingSubwordPrefix]).toEqual(['[UNK]', '##']);
  });

  it('matches HF on thousands of words with the bert-base-uncased vocabulary', async () => {
    const vocab = bertVocab();
    const random = seededRandom(42);
    const brown = brownWords({ files: 60, lowercase: true });
    const words = [
      ...brown,
      ...brownWords({ files: 3 }).filter((word) => /[A-Z]/.test(word)), // uppercase: not in the uncased vocab
      ...randomWords(random, 3000),
      ...brown.slice(0, 200).map((word) => word.repeat(Math.ceil(101 / word.length))), // > 100 chars
      'a'.repeat(100),
      '😀'.repeat(100), // 100 code points, 200 UTF-16 units: still tokenized
      '😀'.repeat(101),
      '##ing',
      'x##y',
    ];
    expect(words.length).toBeGreaterThan(15_000);
    const model = new WordPiece({ vocab, unkToken: '[UNK]' });
    const ours = words.map((word) => asResult(model.tokenize(word)));
    const theirs = await hfEncodeWords(new tk.Tokenizer(tk.WordPiece.init(vocab, { unkToken: '[UNK]' })), words);
    expect(mismatches(words, ours, theirs)).toEqual([]);
    // The data exercises every path: pieces, unk for untokenizable words, unk for long words.
    const unkCount = ours.filter((result) => result.tokens[0] === '[UNK]').length;
    expect(unkCount).toBeGreaterThan(500);
    expect(ours.filter((result) => result.tokens.length > 2).length).toBeGreaterThan(1000);
  });

  it('serializes as HF does', () => {
    const model = new WordPiece({
      vocab: { b: 2, '[UNK]': 0, a: 1 },
      continuingSubwordPrefix: '@@',
      maxInputCharsPerWord: 7,
    });
    const hf = hfModelJson(
      new tk.Tokenizer(
        tk.WordPiece.init({ b: 2, '[UNK]': 0, a: 1 }, { continuingSubwordPrefix: '@@', maxInputCharsPerWord: 7 }),
      ),
    );
    expect(JSON.parse(JSON.stringify(model))).toEqual(hf);
    expect(hfModelJson(hfModelOnly(model.toJSON()))).toEqual(hf); // and HF reads ours back unchanged
    expect(Object.keys(model.toJSON())).toEqual(Object.keys(hf));
    expect(Object.keys(model.toJSON().vocab as object)).toEqual(['[UNK]', 'a', 'b']);
  });
});
