import type { NormalizedString } from '../normalized-string';
import type { ComponentJson, Normalizer } from '../types';
import { COMBINING_MARK_CLASS, isCombiningMark } from './char-classes';
import { normalizeText } from './normalize-text';

const COMBINING_MARK = new RegExp(COMBINING_MARK_CLASS, 'v');

/**
 * Removes combining marks (Mn, Mc, Me as HF's tables have them). It does not decompose: put `NFD` or `NFKD` first to
 * turn `é` into `e` + U+0301.
 */
export class StripAccents implements Normalizer {
  normalize(normalized: NormalizedString): void {
    if (COMBINING_MARK.test(normalized.normalized)) normalized.filterCodePoints((code) => !isCombiningMark(code));
  }

  normalizeString(text: string): string {
    return normalizeText(this, text);
  }

  toJSON(): ComponentJson {
    return { type: 'StripAccents' };
  }
}
