import { TokenizerError } from './errors';

/** Short description of a JSON value for error messages: `string "abc"`, `array`, `number 3`, `nothing`. */
export function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') {
    const text = JSON.stringify(value);
    return `string ${text.length > 40 ? `${text.slice(0, 37)}...` : text}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value;
}

/**
 * A JSON object of a `tokenizer.json` being read, with where it came from (`tokenizer.json: model`). Every failure
 * is a one-line `TokenizerError` naming the place and the field: `tokenizer.json: model: field "vocab" must be an
 * object mapping tokens to ids, got array`. Absent fields without a fallback are reported as missing.
 */
export class JsonReader {
  constructor(
    readonly value: Record<string, unknown>,
    readonly where: string,
  ) {}

  static from(value: unknown, where: string): JsonReader {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new TokenizerError(`${where}: expected a JSON object, got ${describeJson(value)}`);
    }
    return new JsonReader(value as Record<string, unknown>, where);
  }

  /** Throws `field "x" must be <expected>, got <value>`; `value` defaults to the field's (pass it for list items). */
  fail(field: string, expected: string, value: unknown = this.value[field]): never {
    throw new TokenizerError(`${this.where}: field "${field}" must be ${expected}, got ${describeJson(value)}`);
  }

  /** Present and not null. */
  has(field: string): boolean {
    return this.value[field] !== undefined && this.value[field] !== null;
  }

  private required(field: string, fallback: unknown): unknown {
    const value = this.value[field] ?? fallback;
    if (value === undefined) throw new TokenizerError(`${this.where}: missing field "${field}"`);
    return value;
  }

  string(field: string, fallback?: string): string {
    const value = this.required(field, fallback);
    if (typeof value !== 'string') this.fail(field, 'a string');
    return value;
  }

  /** A string, `null` or absent (Rust `Option<String>`). */
  optionalString(field: string): string | undefined {
    return this.has(field) ? this.string(field) : undefined;
  }

  number(field: string, fallback?: number): number {
    const value = this.required(field, fallback);
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(field, 'a number');
    return value;
  }

  optionalNumber(field: string): number | undefined {
    return this.has(field) ? this.number(field) : undefined;
  }

  integer(field: string, fallback?: number): number {
    const value = this.required(field, fallback);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) this.fail(field, 'a non-negative integer');
    return value;
  }

  boolean(field: string, fallback?: boolean): boolean {
    const value = this.required(field, fallback);
    if (typeof value !== 'boolean') this.fail(field, 'true or false');
    return value;
  }

  array(field: string): unknown[] {
    const value = this.required(field, undefined);
    if (!Array.isArray(value)) this.fail(field, 'an array');
    return value;
  }

  object(field: string): JsonReader {
    const value = this.required(field, undefined);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(field, 'an object');
    return new JsonReader(value as Record<string, unknown>, `${this.where}.${field}`);
  }

  /** `[string, number]`, the form HF uses for `cls`/`sep` tokens. */
  tokenAndId(field: string): [string, number] {
    const value = this.required(field, undefined);
    if (!Array.isArray(value) || typeof value[0] !== 'string' || typeof value[1] !== 'number') {
      this.fail(field, 'a [token, id] pair');
    }
    return [value[0], value[1]];
  }

  /** `{ token: id, … }` with non-negative integer ids. */
  vocab(field: string): Map<string, number> {
    const value = this.required(field, undefined);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(field, 'an object mapping tokens to ids');
    }
    const vocab = new Map<string, number>();
    for (const [token, id] of Object.entries(value)) {
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 0xffff_ffff) {
        throw new TokenizerError(
          `${this.where}: field "${field}": id of ${JSON.stringify(token)} must be a non-negative integer, got ${describeJson(id)}`,
        );
      }
      vocab.set(token, id);
    }
    return vocab;
  }

  /** HF's pattern object: `{"String": "…"}` or `{"Regex": "…"}`. */
  pattern(field = 'pattern'): { String: string } | { Regex: string } {
    const value = this.required(field, undefined);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const entries = Object.entries(value);
      const [key, text] = entries[0] ?? [];
      if (entries.length === 1 && typeof text === 'string') {
        if (key === 'String') return { String: text };
        if (key === 'Regex') return { Regex: text };
      }
    }
    return this.fail(field, '{ "String": … } or { "Regex": … }');
  }

  /** Runs `build`, prefixing a TokenizerError it throws (from a constructor) with this place. */
  build<T>(build: () => T): T {
    try {
      return build();
    } catch (error) {
      if (error instanceof TokenizerError && !error.message.startsWith(`${this.where}:`)) {
        throw new TokenizerError(`${this.where}: ${error.message}`);
      }
      throw error;
    }
  }
}

/** The error for an unknown component `type`, listing what is supported. */
export function unknownType(where: string, type: unknown, supported: readonly string[]): TokenizerError {
  const name = type === undefined ? 'missing' : typeof type === 'string' ? JSON.stringify(type) : describeJson(type);
  return new TokenizerError(`${where}: unknown type ${name} (supported: ${supported.join(', ')})`);
}
