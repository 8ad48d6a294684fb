import type { NormalizedString } from '../normalized-string';
import type { ComponentJson, Normalizer } from '../types';
import { normalizeText } from './normalize-text';

/** Puts `prepend` before any non-empty text (e.g. `▁` for SentencePiece-style vocabularies); it aligns to the first character. */
export class Prepend implements Normalizer {
  readonly prepend: string;

  constructor(options: { prepend: string }) {
    this.prepend = options.prepend;
  }

  normalize(normalized: NormalizedString): void {
    if (!normalized.isEmpty()) normalized.prepend(this.prepend);
  }

  normalizeString(text: string): string {
    return normalizeText(this, text);
  }

  toJSON(): ComponentJson {
    return { type: 'Prepend', prepend: this.prepend };
  }
}
