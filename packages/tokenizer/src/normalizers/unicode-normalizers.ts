import type { NormalizedString } from '../normalized-string';
import type { ComponentJson, Normalizer } from '../types';
import { normalizeText } from './normalize-text';

/** Canonical decomposition (`é` → `e` + U+0301); the accent aligns to `é`. */
export class NFD implements Normalizer {
  normalize(normalized: NormalizedString): void {
    normalized.nfd();
  }

  normalizeString(text: string): string {
    return normalizeText(this, text);
  }

  toJSON(): ComponentJson {
    return { type: 'NFD' };
  }
}

/** Compatibility decomposition (`ﬁ` → `fi`, `①` → `1`). */
export class NFKD implements Normalizer {
  normalize(normalized: NormalizedString): void {
    normalized.nfkd();
  }

  normalizeString(text: string): string {
    return normalizeText(this, text);
  }

  toJSON(): ComponentJson {
    return { type: 'NFKD' };
  }
}

/** Canonical composition (`e` + U+0301 → `é`, aligned to the `e` alone, as in HF). */
export class NFC implements Normalizer {
  normalize(normalized: NormalizedString): void {
    normalized.nfc();
  }

  normalizeString(text: string): string {
    return normalizeText(this, text);
  }

  toJSON(): ComponentJson {
    return { type: 'NFC' };
  }
}

/** Compatibility decomposition followed by canonical composition. */
export class NFKC implements Normalizer {
  normalize(normalized: NormalizedString): void {
    normalized.nfkc();
  }

  normalizeString(text: string): string {
    return normalizeText(this, text);
  }

  toJSON(): ComponentJson {
    return { type: 'NFKC' };
  }
}
