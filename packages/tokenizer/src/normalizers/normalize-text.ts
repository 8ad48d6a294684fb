import { NormalizedString } from '../normalized-string';
import type { Normalizer } from '../types';

/** Runs `normalizer` on `text` alone and returns the normalized text (the `normalizeString` of every normalizer). */
export function normalizeText(normalizer: Normalizer, text: string): string {
  const normalized = new NormalizedString(text);
  normalizer.normalize(normalized);
  return normalized.normalized;
}
