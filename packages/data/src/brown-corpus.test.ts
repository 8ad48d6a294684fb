import { DataError } from '@bert/core';
import { describe, expect, it } from 'vitest';
import { detokenizeBrown, loadBrownCorpus, parseBrownLine } from './brown-corpus';

describe('Brown corpus', () => {
  const corpus = loadBrownCorpus();

  it('has the 500 documents and 15 genres of the published corpus', () => {
    expect(corpus).toHaveLength(500);
    expect(new Set(corpus.map((document) => document.genre)).size).toBe(15);
    expect(corpus[0]?.id).toBe('ca01');
    expect(corpus[0]?.genre).toBe('news');
  });

  it('has about 57k sentences and 1.16M tokens (NLTK reports 57,340 sentences, 1,161,192 words)', () => {
    const sentences = corpus.flatMap((document) => document.sentences);
    expect(sentences.length).toBe(57340);
    expect(sentences.reduce((sum, sentence) => sum + sentence.words.length, 0)).toBe(1161192);
  });

  it('parses the first sentence into words and tags', () => {
    const first = corpus[0]!.sentences[0]!;
    expect(first.words.slice(0, 4)).toEqual(['The', 'Fulton', 'County', 'Grand']);
    expect(first.tags.slice(0, 4)).toEqual(['at', 'np-tl', 'nn-tl', 'jj-tl']);
  });

  it('splits on the last slash and rejects tokens without a tag', () => {
    expect(parseBrownLine('\t1/2/cd ./.', 'x')).toEqual({ words: ['1/2', '.'], tags: ['cd', '.'] });
    expect(parseBrownLine('   ', 'x')).toBeUndefined();
    expect(() => parseBrownLine('word/ other', 'ca99:3')).toThrow(DataError);
    expect(() => parseBrownLine('word/ other', 'ca99:3')).toThrow('ca99:3: token "word/" has no word/TAG form');
  });

  it('detokenizes quotes and punctuation', () => {
    expect(detokenizeBrown(['He', 'said', ',', '``', 'yes', "''", '.'])).toBe('He said, "yes".');
    expect(detokenizeBrown(['Atlanta', "'s", 'jury', '(', 'new', ')', 'costs', '$', '5', '.'])).toBe(
      "Atlanta's jury (new) costs $5.",
    );
  });
});
