import { decoderFromJSON } from './decoders/from-json';
import { TokenizerError } from './errors';
import { JsonReader } from './json-fields';
import { modelFromJSON } from './models/from-json';
import { normalizerFromJSON } from './normalizers/from-json';
import type { PaddingParams } from './padding';
import { paddingToJSON } from './padding';
import { preTokenizerFromJSON } from './pre-tokenizers/from-json';
import { postProcessorFromJSON } from './processors/from-json';
import { Tokenizer } from './tokenizer';
import type { TruncationParams, TruncationStrategy } from './truncation';
import { truncationToJSON } from './truncation';

/** The `tokenizer.json` object HF `tokenizers` reads and writes (version "1.0"). */
export function tokenizerToJSON(tokenizer: Tokenizer): Record<string, unknown> {
  return {
    version: '1.0',
    truncation: tokenizer.truncation ? truncationToJSON(tokenizer.truncation) : null,
    padding: tokenizer.padding ? paddingToJSON(tokenizer.padding) : null,
    added_tokens: tokenizer.getAddedTokens().map(({ id, token }) => ({
      id,
      content: token.content,
      single_word: token.singleWord,
      lstrip: token.lstrip,
      rstrip: token.rstrip,
      normalized: token.normalized,
      special: token.special,
    })),
    normalizer: tokenizer.normalizer?.toJSON() ?? null,
    pre_tokenizer: tokenizer.preTokenizer?.toJSON() ?? null,
    post_processor: tokenizer.postProcessor?.toJSON() ?? null,
    decoder: tokenizer.decoder?.toJSON() ?? null,
    model: tokenizer.model.toJSON(),
  };
}

function readTruncation(json: JsonReader): TruncationParams {
  const strategies: Record<string, TruncationStrategy> = {
    LongestFirst: 'longest_first',
    OnlyFirst: 'only_first',
    OnlySecond: 'only_second',
  };
  const strategy = strategies[json.string('strategy', 'LongestFirst')];
  if (!strategy) json.fail('strategy', 'LongestFirst, OnlyFirst or OnlySecond');
  const direction = json.string('direction', 'Right');
  if (direction !== 'Right' && direction !== 'Left') json.fail('direction', 'Right or Left');
  return {
    maxLength: json.number('max_length'),
    stride: json.number('stride', 0),
    strategy,
    direction: direction === 'Left' ? 'left' : 'right',
  };
}

function readPadding(json: JsonReader): PaddingParams {
  const strategy = json.value.strategy ?? 'BatchLongest';
  let length: number | undefined;
  if (strategy !== 'BatchLongest') {
    const fixed = (strategy as { Fixed?: unknown }).Fixed;
    if (typeof fixed !== 'number') json.fail('strategy', '"BatchLongest" or {"Fixed": length}');
    length = fixed;
  }
  const direction = json.string('direction', 'Right');
  if (direction !== 'Right' && direction !== 'Left') json.fail('direction', 'Right or Left');
  return {
    length,
    padToMultipleOf: json.optionalNumber('pad_to_multiple_of'),
    direction: direction === 'Left' ? 'left' : 'right',
    padId: json.number('pad_id', 0),
    padTypeId: json.number('pad_type_id', 0),
    padToken: json.string('pad_token', '[PAD]'),
  };
}

/** Builds a tokenizer from a parsed `tokenizer.json`; `source` names the file in error messages. */
export function tokenizerFromJSON(value: unknown, source = 'tokenizer.json'): Tokenizer {
  const json = JsonReader.from(value, source);
  if (!json.has('model')) json.fail('model', 'an object');
  const optional = <T>(field: string, read: (value: unknown, where: string) => T): T | undefined =>
    json.has(field) ? read(json.value[field], `${source}: ${field}`) : undefined;
  const tokenizer = new Tokenizer({
    model: modelFromJSON(json.value.model, `${source}: model`),
    normalizer: optional('normalizer', normalizerFromJSON),
    preTokenizer: optional('pre_tokenizer', preTokenizerFromJSON),
    postProcessor: optional('post_processor', postProcessorFromJSON),
    decoder: optional('decoder', decoderFromJSON),
  });
  const added = json.has('added_tokens') ? json.array('added_tokens') : [];
  tokenizer.addTokensWithIds(
    added.map((entry, index) => {
      const token = JsonReader.from(entry, `${source}: added_tokens[${index}]`);
      return {
        id: token.number('id'),
        token: {
          content: token.string('content'),
          singleWord: token.boolean('single_word', false),
          lstrip: token.boolean('lstrip', false),
          rstrip: token.boolean('rstrip', false),
          normalized: token.boolean('normalized', true),
          special: token.boolean('special', false),
        },
      };
    }),
  );
  if (json.has('truncation')) tokenizer.setTruncation(readTruncation(json.object('truncation')));
  if (json.has('padding')) tokenizer.setPadding(readPadding(json.object('padding')));
  return tokenizer;
}

/** Parses JSON text; a syntax error names the source and the line and column. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    let where = '';
    if (position !== undefined) {
      const before = text.slice(0, Number(position));
      const line = before.split('\n').length;
      const column = Number(position) - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${column}`;
    }
    throw new TokenizerError(`${source}: invalid JSON${where} (${message.split('\n')[0]})`);
  }
}
