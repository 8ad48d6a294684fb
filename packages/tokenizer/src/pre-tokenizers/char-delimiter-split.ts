import type { PreTokenizedString } from '../pre-tokenized-string';
import type { ComponentJson, Offsets, PreTokenizer } from '../types';
import { preTokenizeText } from './pre-tokenize-text';

/** Splits on one character, which is removed (HF `CharDelimiterSplit`). */
export class CharDelimiterSplit implements PreTokenizer {
  readonly delimiter: string;

  constructor(options: { delimiter: string }) {
    this.delimiter = options.delimiter;
  }

  preTokenize(pretokenized: PreTokenizedString): void {
    pretokenized.split((_, normalized) => normalized.split(this.delimiter, 'Removed'));
  }

  preTokenizeString(text: string): Array<[string, Offsets]> {
    return preTokenizeText(this, text);
  }

  toJSON(): ComponentJson {
    return { type: 'CharDelimiterSplit', delimiter: this.delimiter };
  }
}
