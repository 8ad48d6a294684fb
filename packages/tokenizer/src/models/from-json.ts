import { JsonReader, unknownType } from '../json-fields';
import type { Model } from '../types';
import { BPE } from './bpe';
import { WordLevel } from './word-level';
import { WordPiece } from './word-piece';

const SUPPORTED_MODELS = ['BPE', 'WordPiece', 'WordLevel'] as const;

/**
 * Builds a model from the `model` object of an HF `tokenizer.json`. Required fields are HF's: BPE needs `vocab` and
 * `merges` (the rest may be null or absent), WordPiece needs all four of its fields, WordLevel `vocab` and
 * `unk_token`. Without `type` (files from tokenizers < 0.9), the type is inferred as HF does: BPE if there are
 * `merges`, else WordPiece if its fields are there, else WordLevel. `source` names the origin in errors.
 */
export function modelFromJSON(value: unknown, source = 'model'): Model {
  const json = JsonReader.from(value, source);
  const type = Object.hasOwn(json.value, 'type') ? json.value.type : inferType(json.value);
  switch (type) {
    case 'BPE':
      return bpeFromJSON(json);
    case 'WordPiece':
      return new WordPiece({
        unkToken: json.string('unk_token'),
        continuingSubwordPrefix: json.string('continuing_subword_prefix'),
        maxInputCharsPerWord: json.integer('max_input_chars_per_word'),
        vocab: json.vocab('vocab'),
      });
    case 'WordLevel':
      return new WordLevel({ vocab: json.vocab('vocab'), unkToken: json.string('unk_token') });
    default:
      throw unknownType(source, type, SUPPORTED_MODELS);
  }
}

function inferType(object: Record<string, unknown>): string {
  if (Object.hasOwn(object, 'merges')) return 'BPE';
  if (Array.isArray(object.vocab)) return 'Unigram';
  if (Object.hasOwn(object, 'continuing_subword_prefix') && Object.hasOwn(object, 'max_input_chars_per_word')) {
    return 'WordPiece';
  }
  return 'WordLevel';
}

function bpeFromJSON(json: JsonReader): BPE {
  const vocab = json.vocab('vocab');
  const merges = readMerges(json);
  const dropout = json.optionalNumber('dropout');
  return json.build(
    () =>
      new BPE({
        vocab,
        merges,
        unkToken: json.optionalString('unk_token'),
        continuingSubwordPrefix: json.optionalString('continuing_subword_prefix'),
        endOfWordSuffix: json.optionalString('end_of_word_suffix'),
        fuseUnk: json.boolean('fuse_unk', false),
        byteFallback: json.boolean('byte_fallback', false),
        ignoreMerges: json.boolean('ignore_merges', false),
        dropout,
      }),
  );
}

/** `[["a", "b"], …]`, or the legacy `["a b", …]` (lines starting "#version" are skipped, as in merges.txt). */
function readMerges(json: JsonReader): Array<[string, string]> {
  const value = json.array('merges');
  if (value.length === 0) return [];
  const fail: (index: number, expected: string) => never = (index, expected) =>
    json.fail(`merges[${index}]`, expected, value[index]);
  if (typeof value[0] === 'string') {
    const merges: Array<[string, string]> = [];
    for (const [index, line] of value.entries()) {
      if (typeof line !== 'string') return fail(index, 'a string like all legacy merges');
      if (line.startsWith('#version')) continue;
      const parts = line.split(' ');
      if (parts.length !== 2) fail(index, 'two tokens separated by one space');
      merges.push(parts as [string, string]);
    }
    return merges;
  }
  return value.map((pair, index) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      return fail(index, 'a pair of strings');
    }
    return [pair[0], pair[1]];
  });
}
