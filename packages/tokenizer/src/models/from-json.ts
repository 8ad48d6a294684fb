import { TokenizerError } from '../errors';
import type { Model } from '../types';
import { BPE } from './bpe';
import {
  asObject,
  describeJson,
  fieldError,
  type JsonObject,
  readNonNegativeInteger,
  readOptionalBoolean,
  readOptionalString,
  readString,
  readVocabObject,
} from './json-fields';
import { WordLevel } from './word-level';
import { WordPiece } from './word-piece';

const SUPPORTED_MODELS = ['BPE', 'WordPiece', 'WordLevel'] as const;

/**
 * Builds a model from the `model` object of an HF `tokenizer.json`. Required fields are HF's: BPE needs `vocab` and
 * `merges` (the rest may be null or absent), WordPiece needs all four of its fields, WordLevel `vocab` and
 * `unk_token`. Without `type` (files from tokenizers < 0.9), the type is inferred as HF does: BPE if there are
 * `merges`, else WordPiece if its fields are there, else WordLevel. `source` names the origin in errors.
 */
export function modelFromJSON(json: unknown, source = 'model'): Model {
  const object = asObject(json, source);
  const type = Object.hasOwn(object, 'type') ? object.type : inferType(object);
  switch (type) {
    case 'BPE':
      return bpeFromJSON(object, source);
    case 'WordPiece':
      return new WordPiece({
        unkToken: readString(object, 'unk_token', source),
        continuingSubwordPrefix: readString(object, 'continuing_subword_prefix', source),
        maxInputCharsPerWord: readNonNegativeInteger(object, 'max_input_chars_per_word', source),
        vocab: readVocabObject(object, 'vocab', source),
      });
    case 'WordLevel':
      return new WordLevel({
        vocab: readVocabObject(object, 'vocab', source),
        unkToken: readString(object, 'unk_token', source),
      });
    default:
      throw new TokenizerError(
        `${source}: unsupported model type ${typeof type === 'string' ? JSON.stringify(type) : describeJson(type)} (supported: ${SUPPORTED_MODELS.join(', ')})`,
      );
  }
}

function inferType(object: JsonObject): string {
  if (Object.hasOwn(object, 'merges')) return 'BPE';
  if (Array.isArray(object.vocab)) return 'Unigram';
  if (Object.hasOwn(object, 'continuing_subword_prefix') && Object.hasOwn(object, 'max_input_chars_per_word')) {
    return 'WordPiece';
  }
  return 'WordLevel';
}

function bpeFromJSON(object: JsonObject, source: string): BPE {
  if (!Object.hasOwn(object, 'vocab') || !Object.hasOwn(object, 'merges')) {
    throw new TokenizerError(`${source}: missing field "${Object.hasOwn(object, 'vocab') ? 'merges' : 'vocab'}"`);
  }
  const vocab = readVocabObject(object, 'vocab', source);
  const merges = readMerges(object.merges, source);
  const dropout = object.dropout;
  if (dropout !== undefined && dropout !== null && typeof dropout !== 'number') {
    throw fieldError(source, 'dropout', 'a number or null', dropout);
  }
  const options = {
    vocab,
    merges,
    unkToken: readOptionalString(object, 'unk_token', source),
    continuingSubwordPrefix: readOptionalString(object, 'continuing_subword_prefix', source),
    endOfWordSuffix: readOptionalString(object, 'end_of_word_suffix', source),
    fuseUnk: readOptionalBoolean(object, 'fuse_unk', source, false),
    byteFallback: readOptionalBoolean(object, 'byte_fallback', source, false),
    ignoreMerges: readOptionalBoolean(object, 'ignore_merges', source, false),
    dropout: dropout ?? undefined,
  };
  try {
    return new BPE(options);
  } catch (error) {
    if (error instanceof TokenizerError) throw new TokenizerError(`${source}: ${error.message}`);
    throw error;
  }
}

/** `[["a", "b"], …]`, or the legacy `["a b", …]` (lines starting "#version" are skipped, as in merges.txt). */
function readMerges(value: unknown, source: string): Array<[string, string]> {
  if (!Array.isArray(value)) throw fieldError(source, 'merges', 'an array', value);
  if (value.length === 0) return [];
  if (typeof value[0] === 'string') {
    const merges: Array<[string, string]> = [];
    for (const [index, line] of value.entries()) {
      if (typeof line !== 'string')
        throw fieldError(source, `merges[${index}]`, 'a string like all legacy merges', line);
      if (line.startsWith('#version')) continue;
      const parts = line.split(' ');
      if (parts.length !== 2) {
        throw fieldError(source, `merges[${index}]`, 'two tokens separated by one space', line);
      }
      merges.push(parts as [string, string]);
    }
    return merges;
  }
  return value.map((pair, index) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw fieldError(source, `merges[${index}]`, 'a pair of strings', pair);
    }
    return [pair[0], pair[1]];
  });
}
