import { TokenizerError } from '../errors';

/** Options of BPE training, with HF `BpeTrainer`'s names (camelCased) and defaults. */
export interface BpeTrainerOptions {
  /** Target vocabulary size, special tokens and alphabet included. Training stops once it is reached. */
  readonly vocabSize: number;
  /** A pair seen fewer times than this is never merged. */
  readonly minFrequency: number;
  /** Tokens given ids 0..k-1, in this order, before anything else. */
  readonly specialTokens: readonly string[];
  /** Keep at most this many characters in the alphabet (the most frequent; `initialAlphabet` counts as infinitely frequent). */
  readonly limitAlphabet?: number;
  /** Characters always in the alphabet, seen or not; only the first character of each string is used. */
  readonly initialAlphabet: readonly string[];
  /** Prefix of every symbol that does not start a word (`##` for WordPiece). */
  readonly continuingSubwordPrefix?: string;
  /** Suffix of every symbol that ends a word (`</w>` in the original BPE paper). */
  readonly endOfWordSuffix?: string;
  /**
   * Bounds the length in characters of merged tokens. As in HF, a pair formed by a merge is queued only when its
   * length is strictly below this, and the two-character pairs counted before the first merge are never filtered:
   * so learned tokens have at most max(2, maxTokenLength - 1) characters.
   */
  readonly maxTokenLength?: number;
}

export const BPE_TRAINER_DEFAULTS: BpeTrainerOptions = Object.freeze({
  vocabSize: 30000,
  minFrequency: 0,
  specialTokens: Object.freeze([]) as readonly string[],
  initialAlphabet: Object.freeze([]) as readonly string[],
});

/** Defaults + overrides → validated, frozen options. */
export function resolveBpeTrainerOptions(overrides: Partial<BpeTrainerOptions> = {}): BpeTrainerOptions {
  const options = { ...BPE_TRAINER_DEFAULTS, ...withoutUndefined(overrides) };
  assertCount('vocabSize', options.vocabSize);
  assertCount('minFrequency', options.minFrequency);
  if (options.limitAlphabet !== undefined) assertCount('limitAlphabet', options.limitAlphabet);
  if (options.maxTokenLength !== undefined) assertCount('maxTokenLength', options.maxTokenLength);
  return Object.freeze({
    ...options,
    specialTokens: Object.freeze([...options.specialTokens]),
    initialAlphabet: Object.freeze([...options.initialAlphabet]),
  });
}

function assertCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0)
    throw new TokenizerError(`${name} (${value}) must be a non-negative integer`);
}

/** `object` without its `undefined` fields, so that `{ limitAlphabet: undefined }` does not override a default. */
export function withoutUndefined<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}
