import { TokenizerError } from './errors';

/** A JSON object being read, with the place it came from for error messages (`tokenizer.json: post_processor`). */
export class JsonReader {
  constructor(
    readonly value: Record<string, unknown>,
    readonly where: string,
  ) {}

  static from(value: unknown, where: string): JsonReader {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new TokenizerError(`${where}: expected an object, got ${describe(value)}`);
    }
    return new JsonReader(value as Record<string, unknown>, where);
  }

  fail(field: string, expected: string): never {
    throw new TokenizerError(`${this.where}: field "${field}" must be ${expected}, got ${describe(this.value[field])}`);
  }

  has(field: string): boolean {
    return this.value[field] !== undefined && this.value[field] !== null;
  }

  string(field: string, fallback?: string): string {
    const value = this.value[field] ?? fallback;
    if (typeof value !== 'string') this.fail(field, 'a string');
    return value;
  }

  optionalString(field: string): string | undefined {
    return this.has(field) ? this.string(field) : undefined;
  }

  number(field: string, fallback?: number): number {
    const value = this.value[field] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(field, 'a number');
    return value;
  }

  optionalNumber(field: string): number | undefined {
    return this.has(field) ? this.number(field) : undefined;
  }

  boolean(field: string, fallback?: boolean): boolean {
    const value = this.value[field] ?? fallback;
    if (typeof value !== 'boolean') this.fail(field, 'true or false');
    return value;
  }

  array(field: string): unknown[] {
    const value = this.value[field];
    if (!Array.isArray(value)) this.fail(field, 'an array');
    return value;
  }

  object(field: string): JsonReader {
    const value = this.value[field];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(field, 'an object');
    return new JsonReader(value as Record<string, unknown>, `${this.where}.${field}`);
  }

  /** `[string, number]`, the form HF uses for `cls`/`sep` tokens. */
  tokenAndId(field: string): [string, number] {
    const value = this.value[field];
    if (!Array.isArray(value) || typeof value[0] !== 'string' || typeof value[1] !== 'number') {
      this.fail(field, 'a [token, id] pair');
    }
    return [value[0], value[1]];
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** The error for an unknown component `type`, listing what is supported. */
export function unknownType(where: string, type: unknown, supported: readonly string[]): TokenizerError {
  return new TokenizerError(
    `${where}: unknown type ${JSON.stringify(type)}; supported: ${supported.join(', ')}`,
  );
}
