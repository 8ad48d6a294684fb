import type { NormalizedString } from '../normalized-string';
import type { ComponentJson, Normalizer } from '../types';
import { normalizeText } from './normalize-text';

/** Runs normalizers one after the other on the same string. */
export class SequenceNormalizer implements Normalizer {
  readonly normalizers: readonly Normalizer[];

  constructor(normalizers: readonly Normalizer[]) {
    this.normalizers = [...normalizers];
  }

  normalize(normalized: NormalizedString): void {
    for (const normalizer of this.normalizers) normalizer.normalize(normalized);
  }

  normalizeString(text: string): string {
    return normalizeText(this, text);
  }

  toJSON(): ComponentJson {
    return { type: 'Sequence', normalizers: this.normalizers.map((normalizer) => normalizer.toJSON()) };
  }
}
