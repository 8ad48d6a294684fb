import { JsonReader, unknownType } from '../json-fields';
import type { PostProcessor } from '../types';
import type { BaseProcessor } from './base-processor';
import { BertProcessing } from './bert-processing';
import { ByteLevelProcessing } from './byte-level-processing';
import { RobertaProcessing } from './roberta-processing';
import { SequenceProcessing } from './sequence-processing';
import { type Piece, TemplateProcessing, type TemplateSpecialToken } from './template-processing';

export const POST_PROCESSOR_TYPES = [
  'BertProcessing',
  'RobertaProcessing',
  'TemplateProcessing',
  'ByteLevel',
  'Sequence',
] as const;

function readPiece(value: unknown, where: string): Piece {
  const json = JsonReader.from(value, where);
  if (json.has('Sequence')) {
    const sequence = json.object('Sequence');
    const id = sequence.string('id');
    if (id === 'A' || id === 'B') return { kind: 'sequence', id, typeId: sequence.number('type_id') };
    return sequence.fail('id', '"A" or "B"');
  }
  if (json.has('SpecialToken')) {
    const special = json.object('SpecialToken');
    return { kind: 'special', id: special.string('id'), typeId: special.number('type_id') };
  }
  return json.fail('Sequence', 'a Sequence or SpecialToken piece');
}

function readTemplate(json: JsonReader): TemplateProcessing {
  const pieces = (field: string) =>
    json.array(field).map((piece, index) => readPiece(piece, `${json.where}.${field}[${index}]`));
  const tokens = json.object('special_tokens');
  const specialTokens: TemplateSpecialToken[] = Object.keys(tokens.value).map((key) => {
    const token = tokens.object(key);
    const ids = token.array('ids');
    const strings = token.array('tokens');
    if (!ids.every((id) => typeof id === 'number')) token.fail('ids', 'an array of numbers');
    if (!strings.every((text) => typeof text === 'string')) token.fail('tokens', 'an array of strings');
    return { id: token.string('id'), ids: ids as number[], tokens: strings as string[] };
  });
  return new TemplateProcessing({ single: pieces('single'), pair: pieces('pair'), specialTokens });
}

/** Reads the `post_processor` object of a `tokenizer.json`. */
export function postProcessorFromJSON(value: unknown, source = 'post_processor'): PostProcessor {
  const json = JsonReader.from(value, source);
  const type = json.value.type;
  switch (type) {
    case 'BertProcessing':
      return new BertProcessing({ sep: json.tokenAndId('sep'), cls: json.tokenAndId('cls') });
    case 'RobertaProcessing':
      return new RobertaProcessing({
        sep: json.tokenAndId('sep'),
        cls: json.tokenAndId('cls'),
        trimOffsets: json.boolean('trim_offsets', true),
        addPrefixSpace: json.boolean('add_prefix_space', true),
      });
    case 'TemplateProcessing':
      return readTemplate(json);
    case 'ByteLevel':
      return new ByteLevelProcessing({
        addPrefixSpace: json.boolean('add_prefix_space', true),
        trimOffsets: json.boolean('trim_offsets', true),
        useRegex: json.boolean('use_regex', true),
      });
    case 'Sequence':
      return new SequenceProcessing(
        json
          .array('processors')
          .map(
            (processor, index) => postProcessorFromJSON(processor, `${source}.processors[${index}]`) as BaseProcessor,
          ),
      );
    default:
      throw unknownType(source, type, POST_PROCESSOR_TYPES);
  }
}
