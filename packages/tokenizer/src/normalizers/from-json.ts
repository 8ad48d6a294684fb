import { JsonReader, unknownType } from '../json-fields';
import type { Normalizer } from '../types';
import { BertNormalizer } from './bert-normalizer';
import { Lowercase } from './lowercase';
import { Prepend } from './prepend';
import { Replace } from './replace';
import { SequenceNormalizer } from './sequence-normalizer';
import { Strip } from './strip';
import { StripAccents } from './strip-accents';
import { NFC, NFD, NFKC, NFKD } from './unicode-normalizers';

export const SUPPORTED_NORMALIZERS = [
  'BertNormalizer',
  'Lowercase',
  'NFC',
  'NFD',
  'NFKC',
  'NFKD',
  'Prepend',
  'Replace',
  'Sequence',
  'Strip',
  'StripAccents',
] as const;

/**
 * Builds a normalizer from its `tokenizer.json` form (`{"type": "BertNormalizer", …}`), requiring the fields HF
 * requires. `source` names the place in errors: `tokenizer.json: normalizer: field "lowercase" must be true or false,
 * got nothing`.
 */
export function normalizerFromJSON(json: unknown, source = 'normalizer'): Normalizer {
  const reader = JsonReader.from(json, source);
  const type = reader.value.type;
  switch (type) {
    case 'BertNormalizer':
      return new BertNormalizer({
        cleanText: reader.boolean('clean_text'),
        handleChineseChars: reader.boolean('handle_chinese_chars'),
        stripAccents: reader.has('strip_accents') ? reader.boolean('strip_accents') : undefined,
        lowercase: reader.boolean('lowercase'),
      });
    case 'Lowercase':
      return new Lowercase();
    case 'NFC':
      return new NFC();
    case 'NFD':
      return new NFD();
    case 'NFKC':
      return new NFKC();
    case 'NFKD':
      return new NFKD();
    case 'StripAccents':
      return new StripAccents();
    case 'Strip':
      return new Strip({ left: reader.boolean('strip_left'), right: reader.boolean('strip_right') });
    case 'Prepend':
      return new Prepend({ prepend: reader.string('prepend') });
    case 'Replace':
      return Replace.fromPattern(reader.pattern(), reader.string('content'), `${source}.pattern`);
    case 'Sequence':
      return new SequenceNormalizer(
        reader.array('normalizers').map((item, index) => normalizerFromJSON(item, `${source}.normalizers[${index}]`)),
      );
    default:
      throw unknownType(source, type, SUPPORTED_NORMALIZERS);
  }
}
