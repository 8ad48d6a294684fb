import { matchRanges } from '../normalizers/find-matches';
import type { PreTokenizedString } from '../pre-tokenized-string';
import type { ComponentJson, Offsets, PreTokenizer } from '../types';
import { preTokenizeText } from './pre-tokenize-text';

const NON_WHITESPACE = /\P{White_Space}+/gu;

/** Splits on whitespace (Unicode White_Space), which is removed: `Hey, man!` → `Hey,`, `man!`. */
export class WhitespaceSplit implements PreTokenizer {
  preTokenize(pretokenized: PreTokenizedString): void {
    pretokenized.split((_, normalized) => normalized.sliceRanges(matchRanges(normalized.normalized, NON_WHITESPACE)));
  }

  preTokenizeString(text: string): Array<[string, Offsets]> {
    return preTokenizeText(this, text);
  }

  toJSON(): ComponentJson {
    return { type: 'WhitespaceSplit' };
  }
}
