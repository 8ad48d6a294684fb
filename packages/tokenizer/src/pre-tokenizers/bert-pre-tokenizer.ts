import { PUNCTUATION_CLASS } from '../normalizers/char-classes';
import type { PreTokenizedString } from '../pre-tokenized-string';
import type { ComponentJson, Offsets, PreTokenizer } from '../types';
import { preTokenizeText } from './pre-tokenize-text';

/** A word: a run of characters that are neither whitespace nor punctuation, or one punctuation character. */
const BERT_WORD = new RegExp(`[^\\p{White_Space}${PUNCTUATION_CLASS}]+|${PUNCTUATION_CLASS}`, 'gv');

/**
 * BERT's pre-tokenizer (HF `BertPreTokenizer`): split on whitespace (removed), then isolate every punctuation
 * character (ASCII punctuation such as `$` and `+` included). Both steps happen in one regex pass.
 *
 * ```ts
 * new BertPreTokenizer().preTokenizeString("Hey friend!  It's $5"); // Hey friend ! It ' s $ 5
 * ```
 */
export class BertPreTokenizer implements PreTokenizer {
  preTokenize(pretokenized: PreTokenizedString): void {
    pretokenized.split((_, normalized) => normalized.split(BERT_WORD, 'Removed', true));
  }

  preTokenizeString(text: string): Array<[string, Offsets]> {
    return preTokenizeText(this, text);
  }

  toJSON(): ComponentJson {
    return { type: 'BertPreTokenizer' };
  }
}
