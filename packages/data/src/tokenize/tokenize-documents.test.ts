import { describe, expect, it } from 'vitest';
import { TINY_TEXT, tinyTokenizer } from '../test-support/tiny-tokenizer';
import { specialTokenIds } from './special-token-ids';
import { tokenizeDocuments, tokenizeSentence } from './tokenize-documents';

describe('tokenizeDocuments', () => {
  const tokenizer = tinyTokenizer();

  it('gives ids without special tokens and word starts from the word ids', () => {
    const text = 'Unbelievable cats sat.';
    const encoding = tokenizer.encode(text, { addSpecialTokens: false });
    const sentence = tokenizeSentence(text, tokenizer);
    expect([...sentence.ids]).toEqual(encoding.ids);
    expect(encoding.tokens.length).toBeGreaterThan(4); // 'unbelievable' is several pieces
    // a word starts exactly where the token does not begin with ##
    expect([...sentence.wordStarts]).toEqual(encoding.tokens.map((token) => (token.startsWith('##') ? 0 : 1)));
    expect(sentence.wordStarts.filter((flag) => flag === 1).length).toBe(4); // unbelievable cats sat .
  });

  it('keeps documents and sentences in order, dropping empty ones', () => {
    const documents = tokenizeDocuments(
      [
        { source: 'a', sentences: TINY_TEXT.slice(0, 2) },
        { source: 'b', sentences: ['', '   '] },
        { source: 'c', sentences: ['', TINY_TEXT[2]!] },
      ],
      tokenizer,
    );
    expect(documents.map((document) => [document.source, document.sentences.length])).toEqual([
      ['a', 2],
      ['c', 1],
    ]);
    expect(tokenizer.decode([...documents[0]!.sentences[1]!.ids])).toBe('the dog sat on the log.');
    expect(documents[0]!.sentences[0]!.ids).toBeInstanceOf(Int32Array);
  });

  it('reads the special token ids, and names a missing one', () => {
    const special = specialTokenIds(tokenizer);
    expect(special).toMatchObject({ pad: 0, cls: 2, sep: 3, mask: 4, vocabSize: tokenizer.getVocabSize() });
    expect(special.all).toEqual([0, 1, 2, 3, 4]);
    expect(() => specialTokenIds(tokenizer, { mask: '<mask>' })).toThrow(
      'specialTokens.mask: the tokenizer has no <mask> token',
    );
  });
});
