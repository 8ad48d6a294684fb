import { TokenizerError } from '../errors';
import {
  asObject,
  describeJson,
  fieldError,
  type JsonObject,
  readBoolean,
  readNonNegativeInteger,
  readOptionalBoolean,
  readString,
} from '../models/json-fields';
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
export function decoderFromJSON(json: unknown, source = 'decoder'): Decoder {
  const object = asObject(json, source);
  const type = object.type;
  switch (type) {
    case 'WordPiece':
      return new WordPieceDecoder({
        prefix: readString(object, 'prefix', source),
        cleanup: readBoolean(object, 'cleanup', source),
      });
    case 'ByteLevel':
      return new ByteLevelDecoder({
        addPrefixSpace: readBoolean(object, 'add_prefix_space', source),
        trimOffsets: readBoolean(object, 'trim_offsets', source),
        useRegex: readOptionalBoolean(object, 'use_regex', source, true),
      });
    case 'BPEDecoder':
      return new BpeDecoder({ suffix: readString(object, 'suffix', source) });
    case 'ByteFallback':
      return new ByteFallbackDecoder();
    case 'Fuse':
      return new FuseDecoder();
    case 'Strip':
      return withSource(source, () => {
        const content = readString(object, 'content', source);
        if ([...content].length !== 1) throw fieldError(source, 'content', 'one character', content);
        return new StripDecoder({
          content,
          start: readNonNegativeInteger(object, 'start', source),
          stop: readNonNegativeInteger(object, 'stop', source),
        });
      });
    case 'Replace':
      return withSource(
        source,
        () =>
          new ReplaceDecoder({ pattern: readPattern(object, source), content: readString(object, 'content', source) }),
      );
    case 'Sequence': {
      const decoders = object.decoders;
      if (!Object.hasOwn(object, 'decoders')) throw new TokenizerError(`${source}: missing field "decoders"`);
      if (!Array.isArray(decoders)) throw fieldError(source, 'decoders', 'an array', decoders);
      return new SequenceDecoder({
        decoders: decoders.map((decoder, index) => decoderFromJSON(decoder, `${source}.decoders[${index}]`)),
      });
    }
    default: {
      const name =
        type === undefined ? 'missing' : typeof type === 'string' ? JSON.stringify(type) : describeJson(type);
      throw new TokenizerError(
        `${source}: unsupported decoder type ${name} (supported: ${SUPPORTED_DECODERS.join(', ')})`,
      );
    }
  }
}

function readPattern(object: JsonObject, source: string): string | { regex: string } {
  const pattern = object.pattern;
  if (typeof pattern === 'object' && pattern !== null && !Array.isArray(pattern)) {
    const keys = Object.keys(pattern);
    const value = (pattern as JsonObject)[keys[0] ?? ''];
    if (keys.length === 1 && typeof value === 'string') {
      if (keys[0] === 'String') return value;
      if (keys[0] === 'Regex') return { regex: value };
    }
  }
  if (!Object.hasOwn(object, 'pattern')) throw new TokenizerError(`${source}: missing field "pattern"`);
  throw fieldError(source, 'pattern', '{ "String": … } or { "Regex": … }', pattern);
}

/** Prefixes errors raised by a constructor with `source`. */
function withSource<T>(source: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof TokenizerError && !error.message.startsWith(`${source}:`)) {
      throw new TokenizerError(`${source}: ${error.message}`);
    }
    throw error;
  }
}
