import tk from 'tokenizers';
import { describe, expect, it } from 'vitest';
import { asResult, hfEncodeWords, hfModelJson, mismatches } from '../test-support/hf-reference';
import { brownWords } from '../test-support/reference-data';
import { WordLevel } from './word-level';

describe('WordLevel', () => {
  const words = brownWords({ files: 20 });
  // Every other distinct Brown word is in the vocabulary, plus the unk token.
  const vocab: Record<string, number> = { '<unk>': 0 };
  words.forEach((word, index) => {
    if (index % 2 === 0) vocab[word] = Object.keys(vocab).length;
  });

  it('maps a word to its id, or to the unk token', () => {
    const model = new WordLevel({ vocab: { '<unk>': 0, romeo: 1 } });
    expect(model.tokenize('romeo')).toEqual([{ id: 1, value: 'romeo', offsets: [0, 5] }]);
    expect(model.tokenize('juliet')).toEqual([{ id: 0, value: '<unk>', offsets: [0, 6] }]);
    expect([model.tokenToId('romeo'), model.idToToken(1), model.idToToken(7), model.getVocabSize()]).toEqual([
      1,
      'romeo',
      undefined,
      2,
    ]);
  });

  it('matches HF on thousands of words', async () => {
    const probe = [...words, 'naïve😀', 'two words'];
    const model = new WordLevel({ vocab });
    const ours = probe.map((word) => asResult(model.tokenize(word)));
    const theirs = await hfEncodeWords(new tk.Tokenizer(tk.WordLevel.init(vocab, {})), probe);
    expect(mismatches(probe, ours, theirs)).toEqual([]);
    expect(ours.filter((result) => result.tokens[0] === '<unk>').length).toBeGreaterThan(1000);
  });

  it('raises an error naming the word when neither it nor the unk token is in the vocabulary, like HF', async () => {
    const model = new WordLevel({ vocab: { a: 0 }, unkToken: '[UNK]' });
    expect(() => model.tokenize('b')).toThrow(
      'WordLevel: "b" is not in the vocabulary, and neither is the unk token "[UNK]"',
    );
    const hf = new tk.Tokenizer(tk.WordLevel.init({ a: 0 }, { unkToken: '[UNK]' }));
    await expect(hf.encode('b', null, { addSpecialTokens: false })).rejects.toThrow('Missing [UNK] token');
  });

  it('serializes as HF does, vocabulary in id order', () => {
    const model = new WordLevel({
      vocab: new Map([
        ['x', 2],
        ['<unk>', 0],
        ['y', 5],
      ]),
    });
    const hf = hfModelJson(new tk.Tokenizer(tk.WordLevel.init({ x: 2, '<unk>': 0, y: 5 }, {})));
    expect(JSON.parse(JSON.stringify(model))).toEqual(hf);
    expect(Object.keys(model.toJSON())).toEqual(Object.keys(hf));
    expect(Object.keys(model.toJSON().vocab as object)).toEqual(['<unk>', 'x', 'y']);
  });

  it('rejects ids that are not non-negative integers', () => {
    expect(() => new WordLevel({ vocab: { a: -1 } })).toThrow(
      'WordLevel vocab: id of "a" must be a non-negative integer, got -1',
    );
    expect(() => new WordLevel({ vocab: { a: 1.5 } })).toThrow('got 1.5');
  });
});
