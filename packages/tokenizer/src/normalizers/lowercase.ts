import type { NormalizedString } from '../normalized-string';
import type { ComponentJson, Normalizer } from '../types';
import { normalizeText } from './normalize-text';

/** Lowercases every character on its own (Rust's `char::to_lowercase`: `Σ` is always `σ`, `İ` becomes `i̇`). */
export class Lowercase implements Normalizer {
  normalize(normalized: NormalizedString): void {
    normalized.lowercase();
  }

  normalizeString(text: string): string {
    return normalizeText(this, text);
  }

  toJSON(): ComponentJson {
    return { type: 'Lowercase' };
  }
}
