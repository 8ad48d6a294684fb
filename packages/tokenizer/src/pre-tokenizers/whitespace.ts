import { REGEX_WORD_CLASS } from '../normalizers/char-classes';
import { matchRanges } from '../normalizers/find-matches';
import type { PreTokenizedString } from '../pre-tokenized-string';
import type { ComponentJson, Offsets, PreTokenizer } from '../types';
import { preTokenizeText } from './pre-tokenize-text';

/** HF's `\w+|[^\w\s]+` with Rust's Unicode `\w` (JavaScript's `\w` is ASCII only, even with the `u` flag). */
const WORD_OR_SYMBOLS = new RegExp(`${REGEX_WORD_CLASS}+|[^${REGEX_WORD_CLASS}\\p{White_Space}]+`, 'gv');

/**
 * Splits into runs of word characters and runs of other non-space characters (HF `Whitespace`):
 * `Hey man!` → `Hey`, `man`, `!`.
 */
export class Whitespace implements PreTokenizer {
  preTokenize(pretokenized: PreTokenizedString): void {
    pretokenized.split((_, normalized) => normalized.sliceRanges(matchRanges(normalized.normalized, WORD_OR_SYMBOLS)));
  }

  preTokenizeString(text: string): Array<[string, Offsets]> {
    return preTokenizeText(this, text);
  }

  toJSON(): ComponentJson {
    return { type: 'Whitespace' };
  }
}
