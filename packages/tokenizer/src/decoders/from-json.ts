import { JsonReader, unknownType } from '../json-fields';
import type { Decoder } from '../types';
import { BpeDecoder } from './bpe-decoder';
import { ByteFallbackDecoder } from './byte-fallback-decoder';
import { ByteLevelDecoder } from './byte-level-decoder';
import { FuseDecoder } from './fuse-decoder';
import { ReplaceDecoder } from './replace-decoder';
import { SequenceDecoder } from './sequence-decoder';
import { StripDecoder } from './strip-decoder';
import { WordPieceDecoder } from './word-piece-decoder';

const SUPPORTED_DECODERS = [
  'BPEDecoder',
  'ByteLevel',
  'WordPiece',
  'ByteFallback',
  'Fuse',
  'Strip',
  'Replace',
  'Sequence',
] as const;

/**
 * Builds a decoder from the `decoder` object of an HF `tokenizer.json`. Fields HF requires are required here too
 * (`ByteLevel` needs `add_prefix_space` and `trim_offsets`; `use_regex` defaults to true). `source` names the
 * origin in errors; nested decoders are named `source.decoders[i]`.
 */
export function decoderFromJSON(value: unknown, source = 'decoder'): Decoder {
  const json = JsonReader.from(value, source);
  const type = json.value.type;
  switch (type) {
    case 'WordPiece':
      return new WordPieceDecoder({ prefix: json.string('prefix'), cleanup: json.boolean('cleanup') });
    case 'ByteLevel':
      return new ByteLevelDecoder({
        addPrefixSpace: json.boolean('add_prefix_space'),
        trimOffsets: json.boolean('trim_offsets'),
        useRegex: json.boolean('use_regex', true),
      });
    case 'BPEDecoder':
      return new BpeDecoder({ suffix: json.string('suffix') });
    case 'ByteFallback':
      return new ByteFallbackDecoder();
    case 'Fuse':
      return new FuseDecoder();
    case 'Strip': {
      const content = json.string('content');
      if ([...content].length !== 1) json.fail('content', 'one character');
      return json.build(() => new StripDecoder({ content, start: json.integer('start'), stop: json.integer('stop') }));
    }
    case 'Replace': {
      const pattern = json.pattern();
      const content = json.string('content');
      return json.build(
        () => new ReplaceDecoder({ pattern: 'String' in pattern ? pattern.String : { regex: pattern.Regex }, content }),
      );
    }
    case 'Sequence':
      return new SequenceDecoder({
        decoders: json
          .array('decoders')
          .map((decoder, index) => decoderFromJSON(decoder, `${source}.decoders[${index}]`)),
      });
    default:
      throw unknownType(source, type, SUPPORTED_DECODERS);
  }
}
