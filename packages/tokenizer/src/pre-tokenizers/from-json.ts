import { JsonReader, unknownType } from '../json-fields';
import type { SplitDelimiterBehavior } from '../normalized-string';
import type { PreTokenizer } from '../types';
import { BertPreTokenizer } from './bert-pre-tokenizer';
import { ByteLevel } from './byte-level';
import { CharDelimiterSplit } from './char-delimiter-split';
import { Digits } from './digits';
import { Metaspace, type PrependScheme } from './metaspace';
import { Punctuation } from './punctuation';
import { SequencePreTokenizer } from './sequence-pre-tokenizer';
import { Split } from './split';
import { Whitespace } from './whitespace';
import { WhitespaceSplit } from './whitespace-split';

export const SUPPORTED_PRE_TOKENIZERS = [
  'BertPreTokenizer',
  'ByteLevel',
  'CharDelimiterSplit',
  'Digits',
  'Metaspace',
  'Punctuation',
  'Sequence',
  'Split',
  'Whitespace',
  'WhitespaceSplit',
] as const;

const BEHAVIORS: readonly SplitDelimiterBehavior[] = [
  'Removed',
  'Isolated',
  'MergedWithPrevious',
  'MergedWithNext',
  'Contiguous',
];
const PREPEND_SCHEMES: readonly PrependScheme[] = ['always', 'never', 'first'];

/**
 * Builds a pre-tokenizer from its `tokenizer.json` form (`{"type": "ByteLevel", …}`), requiring the fields HF
 * requires. `source` names the place in errors.
 */
export function preTokenizerFromJSON(json: unknown, source = 'pre_tokenizer'): PreTokenizer {
  const reader = JsonReader.from(json, source);
  const type = reader.value.type;
  switch (type) {
    case 'BertPreTokenizer':
      return new BertPreTokenizer();
    case 'Whitespace':
      return new Whitespace();
    case 'WhitespaceSplit':
      return new WhitespaceSplit();
    case 'ByteLevel':
      return new ByteLevel({
        addPrefixSpace: reader.boolean('add_prefix_space'),
        trimOffsets: reader.boolean('trim_offsets'),
        useRegex: reader.boolean('use_regex', true),
      });
    case 'Punctuation':
      return new Punctuation({ behavior: readBehavior(reader, 'Isolated') });
    case 'Digits':
      return new Digits({ individualDigits: reader.boolean('individual_digits') });
    case 'Split':
      return Split.fromPattern(reader.pattern(), readBehavior(reader), reader.boolean('invert'), `${source}.pattern`);
    case 'CharDelimiterSplit':
      return new CharDelimiterSplit({ delimiter: readCharacter(reader, 'delimiter') });
    case 'Metaspace': {
      const legacy = reader.has('add_prefix_space') ? reader.boolean('add_prefix_space') : undefined;
      const scheme = reader.has('prepend_scheme') ? readOneOf(reader, 'prepend_scheme', PREPEND_SCHEMES) : undefined;
      return new Metaspace({
        replacement: readCharacter(reader, 'replacement'),
        prependScheme: scheme ?? (legacy === false ? 'never' : 'always'),
        split: reader.boolean('split', true),
      });
    }
    case 'Sequence':
      return new SequencePreTokenizer(
        reader
          .array('pretokenizers')
          .map((item, index) => preTokenizerFromJSON(item, `${source}.pretokenizers[${index}]`)),
      );
    default:
      throw unknownType(source, type, SUPPORTED_PRE_TOKENIZERS);
  }
}

function readBehavior(reader: JsonReader, fallback?: SplitDelimiterBehavior): SplitDelimiterBehavior {
  if (fallback !== undefined && !reader.has('behavior')) return fallback;
  return readOneOf(reader, 'behavior', BEHAVIORS);
}

function readOneOf<T extends string>(reader: JsonReader, field: string, allowed: readonly T[]): T {
  const value = reader.string(field);
  if (!(allowed as readonly string[]).includes(value)) reader.fail(field, `one of ${allowed.join(', ')}`);
  return value as T;
}

/** A string of exactly one character (Rust `char`). */
function readCharacter(reader: JsonReader, field: string): string {
  const value = reader.string(field);
  if (Array.from(value).length !== 1) reader.fail(field, 'a single character');
  return value;
}
