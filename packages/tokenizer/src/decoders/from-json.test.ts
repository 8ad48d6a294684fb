import tk from 'tokenizers';
import { describe, expect, it } from 'vitest';
import { hfDecoderJson, hfJson, hfModelOnly } from '../test-support/hf-reference';
import { decoderFromJSON } from './from-json';

describe('decoderFromJSON', () => {
  it('reads what HF writes and writes it back unchanged', () => {
    const written = [
      hfDecoderJson(tk.wordPieceDecoder('@@', false)),
      hfDecoderJson(tk.bpeDecoder('</s>')),
      hfDecoderJson(tk.byteFallbackDecoder()),
      hfDecoderJson(tk.fuseDecoder()),
      hfDecoderJson(tk.stripDecoder('▁', 1, 2)),
      hfDecoderJson(tk.replaceDecoder('▁', ' ')),
      hfDecoderJson(tk.sequenceDecoder([tk.replaceDecoder('▁', ' '), tk.byteFallbackDecoder(), tk.fuseDecoder()])),
      { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: false },
      { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' },
    ];
    for (const json of written) expect(decoderFromJSON(json).toJSON()).toEqual(json);
    // ByteLevel without use_regex (older files) defaults it to true, as HF.
    const legacy = { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true };
    expect(decoderFromJSON(legacy).toJSON()).toEqual({ ...legacy, use_regex: true });
    expect(
      hfJson(hfModelOnly({ type: 'WordLevel', vocab: { a: 0 }, unk_token: 'a' }, legacy)).decoder as object,
    ).toEqual({ ...legacy, use_regex: true });
  });

  it('decodes like the decoder it was read from', () => {
    const decoder = decoderFromJSON(hfDecoderJson(tk.wordPieceDecoder()));
    expect(decoder.decodeChain(['hel', '##lo', ',', 'world']).join('')).toBe(
      tk.wordPieceDecoder().decode(['hel', '##lo', ',', 'world']),
    );
  });

  it('raises one-line errors naming the source and the field', () => {
    const source = 'tokenizer.json decoder';
    const bad: Array<[unknown, string]> = [
      [
        { type: 'Nope' },
        `${source}: unknown type "Nope" (supported: BPEDecoder, ByteLevel, WordPiece, ByteFallback, Fuse, Strip, Replace, Sequence)`,
      ],
      [{}, `${source}: unknown type missing (supported: BPEDecoder,`],
      [{ type: 'Metaspace', replacement: '▁' }, 'unknown type "Metaspace"'],
      [{ type: 'WordPiece', prefix: '##' }, `${source}: missing field "cleanup"`],
      [{ type: 'BPEDecoder' }, `${source}: missing field "suffix"`],
      [{ type: 'ByteLevel', add_prefix_space: true }, `${source}: missing field "trim_offsets"`],
      [
        { type: 'Strip', content: 'ab', start: 1, stop: 0 },
        `${source}: field "content" must be one character, got string "ab"`,
      ],
      [
        { type: 'Strip', content: ' ', start: -1, stop: 0 },
        `${source}: field "start" must be a non-negative integer, got number -1`,
      ],
      [
        { type: 'Replace', pattern: '▁', content: ' ' },
        `${source}: field "pattern" must be { "String": … } or { "Regex": … }, got string "▁"`,
      ],
      [{ type: 'Replace', pattern: { Regex: '(' }, content: ' ' }, `${source}: ReplaceDecoder: invalid regex "("`],
      [
        { type: 'Sequence', decoders: [{ type: 'Fuse' }, { type: 'Strip' }] },
        `${source}.decoders[1]: missing field "content"`,
      ],
      [{ type: 'Sequence' }, `${source}: missing field "decoders"`],
      ['ByteLevel', `${source}: expected a JSON object, got string "ByteLevel"`],
    ];
    for (const [json, message] of bad) {
      let error: unknown;
      try {
        decoderFromJSON(json, source);
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
