import type { NormalizedString } from '../normalized-string';
import type { ComponentJson, Normalizer } from '../types';
import { normalizeText } from './normalize-text';

export interface StripOptions {
  /** Remove leading whitespace. Default true. */
  left?: boolean;
  /** Remove trailing whitespace. Default true. */
  right?: boolean;
}

/** Removes whitespace (Unicode White_Space) at the start and/or end. */
export class Strip implements Normalizer {
  readonly left: boolean;
  readonly right: boolean;

  constructor(options: StripOptions = {}) {
    this.left = options.left ?? true;
    this.right = options.right ?? true;
  }

  normalize(normalized: NormalizedString): void {
    if (this.left && this.right) normalized.strip();
    else if (this.left) normalized.lstrip();
    else if (this.right) normalized.rstrip();
  }

  normalizeString(text: string): string {
    return normalizeText(this, text);
  }

  toJSON(): ComponentJson {
    return { type: 'Strip', strip_left: this.left, strip_right: this.right };
  }
}
