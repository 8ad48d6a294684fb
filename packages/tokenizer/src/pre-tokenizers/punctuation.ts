import { PUNCTUATION_CLASS } from '../normalizers/char-classes';
import type { SplitDelimiterBehavior } from '../normalized-string';
import type { PreTokenizedString } from '../pre-tokenized-string';
import type { ComponentJson, Offsets, PreTokenizer } from '../types';
import { preTokenizeText } from './pre-tokenize-text';

/** One punctuation character per match, as HF's per-character pattern gives. */
const PUNCTUATION = new RegExp(PUNCTUATION_CLASS, 'gv');

/** Splits on punctuation characters (BERT's definition), each its own delimiter; `Isolated` by default. */
export class Punctuation implements PreTokenizer {
  readonly behavior: SplitDelimiterBehavior;

  constructor(options: { behavior?: SplitDelimiterBehavior } = {}) {
    this.behavior = options.behavior ?? 'Isolated';
  }

  preTokenize(pretokenized: PreTokenizedString): void {
    pretokenized.split((_, normalized) => normalized.split(PUNCTUATION, this.behavior));
  }

  preTokenizeString(text: string): Array<[string, Offsets]> {
    return preTokenizeText(this, text);
  }

  toJSON(): ComponentJson {
    return { type: 'Punctuation', behavior: this.behavior };
  }
}
