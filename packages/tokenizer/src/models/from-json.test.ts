import tk from 'tokenizers';
import { describe, expect, it } from 'vitest';
import { BYTES_TO_UNICODE } from '../byte-level-alphabet';
import { asResult, hfEncodeWords, hfModelJson, hfModelOnly, mismatches } from '../test-support/hf-reference';
import { bertVocab, brownWords, gpt2 } from '../test-support/reference-data';
import { BPE } from './bpe';
import { modelFromJSON } from './from-json';
import { WordLevel } from './word-level';
import { WordPiece } from './word-piece';

const byteLevel = (text: string) => [...new TextEncoder().encode(text)].map((byte) => BYTES_TO_UNICODE[byte]).join('');

describe('model toJSON equals HF', () => {
  it('BPE with every option set', () => {
    const vocab = { '<unk>': 0, a: 1, '##b': 2, ab: 3, '##c': 4, abc: 5, '##c</w>': 6, 'abc</w>': 7 };
    const merges: Array<[string, string]> = [
      ['a', '##b'],
      ['ab', '##c'],
      ['ab', '##c</w>'],
    ];
    const options = {
      unkToken: '<unk>',
      dropout: 0.25,
      fuseUnk: true,
      byteFallback: true,
      continuingSubwordPrefix: '##',
      endOfWordSuffix: '</w>',
    };
    const hf = hfModelJson(new tk.Tokenizer(tk.BPE.init(vocab, merges, options)));
    const ours = new BPE({ vocab, merges, ...options }).toJSON();
    expect(JSON.parse(JSON.stringify(ours))).toEqual(hf);
    expect(Object.keys(ours)).toEqual(Object.keys(hf));
  });

  it('BPE with defaults, and GPT-2', () => {
    const { vocab, merges } = gpt2();
    const hf = hfModelJson(new tk.Tokenizer(tk.BPE.init(vocab, merges, {})));
    const ours = JSON.parse(JSON.stringify(new BPE({ vocab, merges })));
    expect(ours).toEqual(hf);
    expect(hf.dropout).toBeNull();
  });
});

describe('modelFromJSON', () => {
  it('reads HF GPT-2 and bert-base-uncased JSON and tokenizes identically', async () => {
    const { vocab, merges } = gpt2();
    const words = brownWords({ files: 5 });
    const hfBpe = new tk.Tokenizer(tk.BPE.init(vocab, merges, {}));
    const bpe = modelFromJSON(hfModelJson(hfBpe), 'gpt2 tokenizer.json');
    expect(bpe).toBeInstanceOf(BPE);
    const spaced = words.map((word) => byteLevel(` ${word}`));
    expect(
      mismatches(
        spaced,
        spaced.map((w) => asResult(bpe.tokenize(w))),
        await hfEncodeWords(hfBpe, spaced),
      ),
    ).toEqual([]);

    const hfWordPiece = new tk.Tokenizer(tk.WordPiece.init(bertVocab(), {}));
    const wordPiece = modelFromJSON(hfModelJson(hfWordPiece));
    expect(wordPiece).toBeInstanceOf(WordPiece);
    const lower = words.map((word) => word.toLowerCase());
    expect(
      mismatches(
        lower,
        lower.map((w) => asResult(wordPiece.tokenize(w))),
        await hfEncodeWords(hfWordPiece, lower),
      ),
    ).toEqual([]);
  });

  it('round-trips every model through toJSON', () => {
    const models = [
      new BPE({ vocab: { a: 0, b: 1, ab: 2 }, merges: [['a', 'b']], dropout: 0.1, ignoreMerges: true }),
      new WordPiece({ vocab: { '[UNK]': 0, a: 1 }, maxInputCharsPerWord: 5 }),
      new WordLevel({ vocab: { '<unk>': 0, a: 1 }, unkToken: '<unk>' }),
    ];
    for (const model of models)
      expect(modelFromJSON(JSON.parse(JSON.stringify(model))).toJSON()).toEqual(model.toJSON());
  });

  it('reads legacy string merges and skips "#version" lines, as HF', () => {
    const json = { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges: ['#version: 0.2', 'a b'] };
    const model = modelFromJSON(json) as BPE;
    expect(model.getMerges()).toEqual([['a', 'b']]);
    expect(hfModelJson(hfModelOnly(json)).merges).toEqual([['a', 'b']]);
  });

  it('infers a missing type as HF does', () => {
    const cases: Array<[object, string]> = [
      [{ vocab: { a: 0, b: 1, ab: 2 }, merges: ['a b'] }, 'BPE'],
      [{ vocab: { a: 0 }, unk_token: 'a', continuing_subword_prefix: '##', max_input_chars_per_word: 5 }, 'WordPiece'],
      [{ vocab: { a: 0 }, unk_token: 'a' }, 'WordLevel'],
    ];
    for (const [json, type] of cases) {
      expect(modelFromJSON(json).toJSON().type).toBe(type);
      expect(hfModelJson(hfModelOnly(json)).type).toBe(type);
    }
  });

  it('raises one-line errors naming the source and the field', () => {
    const source = 'tokenizer.json model';
    const bad: Array<[unknown, string]> = [
      [{ type: 'Nope', vocab: {} }, `${source}: unknown type "Nope" (supported: BPE, WordPiece, WordLevel)`],
      [{ type: 'Unigram', vocab: [['a', 0]] }, 'unknown type "Unigram" (supported: BPE, WordPiece, WordLevel)'],
      [{ vocab: [['a', 0]], unk_id: 0 }, 'unknown type "Unigram"'],
      [{ type: 'BPE', merges: [] }, `${source}: missing field "vocab"`],
      [{ type: 'BPE', vocab: { a: 0 } }, `${source}: missing field "merges"`],
      [
        { type: 'BPE', vocab: { a: 0, b: 1 }, merges: [['a', 'b']] },
        `${source}: BPE merges[0] ("a" "b") makes "ab", which is not in the vocabulary`,
      ],
      [
        { type: 'BPE', vocab: { a: 0 }, merges: ['a b c'] },
        `${source}: field "merges[0]" must be two tokens separated by one space, got string "a b c"`,
      ],
      [
        { type: 'BPE', vocab: { a: 0 }, merges: [['a']] },
        `${source}: field "merges[0]" must be a pair of strings, got array`,
      ],
      [
        { type: 'BPE', vocab: { a: 0 }, merges: [], dropout: 2 },
        `${source}: BPE dropout (2) must be between 0 and 1, inclusive`,
      ],
      [
        { type: 'BPE', vocab: { a: 0 }, merges: [], fuse_unk: 'yes' },
        `${source}: field "fuse_unk" must be true or false, got string "yes"`,
      ],
      [{ type: 'WordLevel', vocab: { a: 0 } }, `${source}: missing field "unk_token"`],
      [
        { type: 'WordLevel', vocab: { a: -1 }, unk_token: 'a' },
        `${source}: field "vocab": id of "a" must be a non-negative integer, got number -1`,
      ],
      [
        { type: 'WordLevel', vocab: [], unk_token: 'a' },
        `${source}: field "vocab" must be an object mapping tokens to ids, got array`,
      ],
      [
        { type: 'WordPiece', vocab: {}, unk_token: '[UNK]', continuing_subword_prefix: '##' },
        `${source}: missing field "max_input_chars_per_word"`,
      ],
      [[], `${source}: expected a JSON object, got array`],
    ];
    for (const [json, message] of bad) {
      let error: unknown;
      try {
        modelFromJSON(json, source);
      } catch (caught) {
        error = caught;
      }
      expect(error, JSON.stringify(json)).toBeInstanceOf(Error);
      expect((error as Error).name).toBe('TokenizerError');
      expect((error as Error).message).toContain(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
