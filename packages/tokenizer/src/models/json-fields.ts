import { TokenizerError } from '../errors';

/**
 * Field readers for HF `tokenizer.json` components. Every failure is a one-line `TokenizerError` that names the
 * source and the field: `tokenizer.json model: field "vocab" must be an object, got array`.
 */
export type JsonObject = Record<string, unknown>;

export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return `string ${truncate(JSON.stringify(value))}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export function fieldError(source: string, field: string, expected: string, value: unknown): TokenizerError {
  return new TokenizerError(`${source}: field "${field}" must be ${expected}, got ${describeJson(value)}`);
}

export function asObject(json: unknown, source: string): JsonObject {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TokenizerError(`${source}: expected a JSON object, got ${describeJson(json)}`);
  }
  return json as JsonObject;
}

function present(object: JsonObject, field: string, source: string): unknown {
  if (!Object.hasOwn(object, field)) throw new TokenizerError(`${source}: missing field "${field}"`);
  return object[field];
}

export function readString(object: JsonObject, field: string, source: string): string {
  const value = present(object, field, source);
  if (typeof value !== 'string') throw fieldError(source, field, 'a string', value);
  return value;
}

/** A string, `null` or absent (Rust `Option<String>`); `null` and absent give `undefined`. */
export function readOptionalString(object: JsonObject, field: string, source: string): string | undefined {
  const value = object[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw fieldError(source, field, 'a string or null', value);
  return value;
}

export function readBoolean(object: JsonObject, field: string, source: string): boolean {
  const value = present(object, field, source);
  if (typeof value !== 'boolean') throw fieldError(source, field, 'true or false', value);
  return value;
}

/** A boolean, `null` or absent; `null` and absent give `fallback`. */
export function readOptionalBoolean(object: JsonObject, field: string, source: string, fallback: boolean): boolean {
  const value = object[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw fieldError(source, field, 'true, false or null', value);
  return value;
}

export function readNonNegativeInteger(object: JsonObject, field: string, source: string): number {
  const value = present(object, field, source);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw fieldError(source, field, 'a non-negative integer', value);
  }
  return value;
}

/** `{ token: id, … }` with non-negative integer ids. */
export function readVocabObject(object: JsonObject, field: string, source: string): Map<string, number> {
  const value = present(object, field, source);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fieldError(source, field, 'an object mapping tokens to ids', value);
  }
  const vocab = new Map<string, number>();
  for (const [token, id] of Object.entries(value)) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 0xffff_ffff) {
      throw new TokenizerError(
        `${source}: field "${field}": id of ${JSON.stringify(token)} must be a non-negative integer, got ${describeJson(id)}`,
      );
    }
    vocab.set(token, id);
  }
  return vocab;
}
