import tk from 'tokenizers';
import { describe, expect, it } from 'vitest';
import { BYTES_TO_UNICODE } from '../byte-level-alphabet';
import { hfDecoderJson, hfModelOnly } from '../test-support/hf-reference';
import { seededRandom } from '../test-support/random';
import type { Decoder } from '../types';
import { BpeDecoder } from './bpe-decoder';
import { ByteFallbackDecoder } from './byte-fallback-decoder';
import { ByteLevelDecoder } from './byte-level-decoder';
import { FuseDecoder } from './fuse-decoder';
import { ReplaceDecoder } from './replace-decoder';
import { SequenceDecoder } from './sequence-decoder';
import { StripDecoder } from './strip-decoder';
import { WordPieceDecoder } from './word-piece-decoder';

const random = seededRandom(11);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
/** `count` random token lists of 0–9 tokens drawn from `pool`. */
const tokenLists = (pool: readonly string[], count = 300) =>
  Array.from({ length: count }, () => Array.from({ length: Math.floor(random() * 10) }, () => pick(pool)));

const decode = (decoder: Decoder, tokens: string[]) => decoder.decodeChain(tokens).join('');

/** HF decodes through a whole tokenizer: a WordLevel model whose vocabulary holds the tokens, and `decoder` JSON. */
async function hfDecodeWithJson(decoderJson: unknown, lists: string[][]): Promise<string[]> {
  const vocab: Record<string, number> = { '<unk>': 0 };
  for (const token of lists.flat()) vocab[token] ??= Object.keys(vocab).length;
  const tokenizer = hfModelOnly({ type: 'WordLevel', vocab, unk_token: '<unk>' }, decoderJson);
  return tokenizer.decodeBatch(
    lists.map((tokens) => tokens.map((token) => vocab[token] as number)),
    false,
  );
}

describe('decoders match HF on random token lists', () => {
  // Multi-word tokens reach the cleanup rules that only match inside one token (" do not", " ' ").
  const wordPiecePool = ['hel', '##lo', ',', 'world', "'", 's', 'do', 'not', "n't", "'m", "'re", "'ve", "'s", '.', '?'];
  wordPiecePool.push('!', '##', '#', '##.', 'x ,', '@@ab', 'ab', '$1', 'do not', "it ' s", "i 'm", 'we ,re');
  const cases: Array<[string, Decoder, tk.Decoder, readonly string[]]> = [
    ['WordPiece', new WordPieceDecoder(), tk.wordPieceDecoder(), wordPiecePool],
    [
      'WordPiece @@ no cleanup',
      new WordPieceDecoder({ prefix: '@@', cleanup: false }),
      tk.wordPieceDecoder('@@', false),
      wordPiecePool,
    ],
    ['BPEDecoder', new BpeDecoder(), tk.bpeDecoder(), ['hel', 'lo</w>', '</w>', 'a</w>b</w>', '$1</w>', ' x', '']],
    ['BPEDecoder "$"', new BpeDecoder({ suffix: '$' }), tk.bpeDecoder('$'), ['a$', '$$', 'b', '$&']],
    [
      'ByteFallback',
      new ByteFallbackDecoder(),
      tk.byteFallbackDecoder(),
      [
        '<0xE5>',
        '<0x8F>',
        '<0xAB>',
        '<0x61>',
        '<0xC3>',
        '<0xA9>',
        '<0xzz>',
        '<0x+1>',
        '<0x+F>',
        '<0x-1>',
        'a',
        '<0x',
        '<0xE5>x',
      ],
    ],
    ['Fuse', new FuseDecoder(), tk.fuseDecoder(), ['a', ' b', '']],
    [
      'Strip " " 1 0',
      new StripDecoder({ content: ' ', start: 1, stop: 0 }),
      tk.stripDecoder(' ', 1, 0),
      ['  a', ' b', 'c ', ' ', '', '   '],
    ],
    // HF panics when a token is all `content` within `stop`, so those stay out of this pool.
    [
      'Strip "x" 2 1',
      new StripDecoder({ content: 'x', start: 2, stop: 1 }),
      tk.stripDecoder('x', 2, 1),
      ['xax', 'xxxa', 'axx', 'a', 'xxaxx', 'ba', '😀x', 'x😀'],
    ],
    [
      'Replace "▁"',
      new ReplaceDecoder({ pattern: '▁', content: ' ' }),
      tk.replaceDecoder('▁', ' '),
      ['▁Hello', '▁', 'a▁▁b', 'c'],
    ],
    [
      'Replace "$" literal',
      new ReplaceDecoder({ pattern: '.', content: '$&$1' }),
      tk.replaceDecoder('.', '$&$1'),
      ['a.b', '..', 'x'],
    ],
    [
      'Sequence (Llama)',
      new SequenceDecoder({
        decoders: [
          new ReplaceDecoder({ pattern: '▁', content: ' ' }),
          new ByteFallbackDecoder(),
          new FuseDecoder(),
          new StripDecoder({ content: ' ', start: 1, stop: 0 }),
        ],
      }),
      tk.sequenceDecoder([
        tk.replaceDecoder('▁', ' '),
        tk.byteFallbackDecoder(),
        tk.fuseDecoder(),
        tk.stripDecoder(' ', 1, 0),
      ]),
      ['▁Hello', '<0xE5>', '<0x8F>', '<0xAB>', '▁world', '▁', 'x', '<0xFF>'],
    ],
  ];

  for (const [name, ours, theirs, pool] of cases) {
    it(name, () => {
      for (const tokens of tokenLists(pool))
        expect(decode(ours, tokens), JSON.stringify(tokens)).toBe(theirs.decode(tokens));
      expect(JSON.parse(JSON.stringify(ours))).toEqual(hfDecoderJson(theirs));
    });
  }

  it('ByteLevel: characters split across tokens, invalid bytes and tokens outside the byte alphabet', async () => {
    const texts = [
      'Hello world',
      'naïve café',
      '日本語',
      '😀 emoji 🎉',
      'tab\tnew\nline',
      '\uFEFFbom',
      'mixed 中 text',
    ];
    const lists: string[][] = [];
    for (let index = 0; index < 300; index++) {
      const bytes = [...new TextEncoder().encode(pick(texts))];
      if (index % 3 === 0) bytes.splice(Math.floor(random() * bytes.length), 1); // cut a character: invalid UTF-8
      const chars = bytes.map((byte) => BYTES_TO_UNICODE[byte] as string);
      const tokens: string[] = [];
      while (chars.length > 0) tokens.push(chars.splice(0, 1 + Math.floor(random() * 4)).join('')); // split anywhere
      if (index % 5 === 0) tokens.push(pick(['中', '😀', 'Ġ中', 'Ā', '<unk>'])); // not (only) byte characters
      lists.push(tokens);
    }
    const ours = new ByteLevelDecoder({ addPrefixSpace: false, trimOffsets: false });
    const json = ours.toJSON();
    expect(lists.map((tokens) => decode(ours, tokens))).toEqual(await hfDecodeWithJson(json, lists));
    expect(ours.decodeChain(['Hello', 'Ġw', 'Ã', '©'])).toEqual(['Hello wé']);
    expect(ours.decodeChain(['Ã', 'x'])).toEqual(['\uFFFDx']);
    expect(json).toEqual({ type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: true });
  });

  it('Replace with a regex pattern, content literal', async () => {
    const lists = tokenLists(['a  b', 'le', 'test', ' ', 'x\ty'], 100);
    for (const [regex, content] of [
      ['\\s+', ' '],
      ['(l)(e)', '$1 $2'],
    ] as const) {
      const ours = new ReplaceDecoder({ pattern: { regex }, content });
      expect(lists.map((tokens) => decode(ours, tokens))).toEqual(await hfDecodeWithJson(ours.toJSON(), lists));
    }
  });
});

describe('decoder semantics (hand-checked)', () => {
  it('WordPiece cleans up per token', () => {
    expect(new WordPieceDecoder().decodeChain(['hel', '##lo', ',', 'world', "'", 's', 'do', 'not'])).toEqual([
      'hel',
      'lo',
      ',',
      ' world',
      " '",
      ' s',
      ' do',
      ' not',
    ]);
  });

  it('BPEDecoder drops the suffix of the last token only', () => {
    expect(new BpeDecoder().decodeChain(['hel', 'lo</w>', 'world</w>'])).toEqual(['hel', 'lo ', 'world']);
    expect(new BpeDecoder().decodeChain([])).toEqual([]);
  });

  it('ByteFallback replaces each byte of an invalid run', () => {
    expect(new ByteFallbackDecoder().decodeChain(['<0xE5>', '<0x8F>', '<0xAB>', 'a', '<0xE5>', '<0x8F>', 'a'])).toEqual(
      ['叫', 'a', '�', '�', 'a'],
    );
  });

  it('Strip never cuts into what it stripped at the start, where HF panics', () => {
    expect(new StripDecoder({ content: 'x', start: 5, stop: 5 }).decodeChain(['xxxx', 'xax', 'x', ''])).toEqual([
      '',
      'a',
      '',
      '',
    ]);
    expect(() => new StripDecoder({ content: 'ab', start: 1, stop: 0 })).toThrow(
      'StripDecoder content ("ab") must be one character',
    );
  });
});
