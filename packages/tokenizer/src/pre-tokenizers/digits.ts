import type { PreTokenizedString } from '../pre-tokenized-string';
import type { ComponentJson, Offsets, PreTokenizer } from '../types';
import { preTokenizeText } from './pre-tokenize-text';

/** One numeric character (Rust's `is_numeric`: Nd, Nl, No) per match. */
const NUMERIC = /\p{N}/gu;

/**
 * Splits numbers from the rest: `Hey 123 friend!` → `Hey `, `123`, ` friend!`; with `individualDigits`, every
 * digit alone: `1`, `2`, `3`.
 */
export class Digits implements PreTokenizer {
  readonly individualDigits: boolean;

  constructor(options: { individualDigits?: boolean } = {}) {
    this.individualDigits = options.individualDigits ?? false;
  }

  preTokenize(pretokenized: PreTokenizedString): void {
    const behavior = this.individualDigits ? 'Isolated' : 'Contiguous';
    pretokenized.split((_, normalized) => normalized.split(NUMERIC, behavior));
  }

  preTokenizeString(text: string): Array<[string, Offsets]> {
    return preTokenizeText(this, text);
  }

  toJSON(): ComponentJson {
    return { type: 'Digits', individual_digits: this.individualDigits };
  }
}
