import type { NormalizedString } from '../normalized-string';
import { isPunctuation, isWhitespace, PUNCTUATION_CLASS } from '../normalizers/char-classes';
import { matchRanges } from '../normalizers/find-matches';
import type { PreTokenizedString } from '../pre-tokenized-string';
import type { ComponentJson, Offsets, PreTokenizer } from '../types';
import { preTokenizeText } from './pre-tokenize-text';

/** A word: a run of characters that are neither whitespace nor punctuation, or one punctuation character. */
const BERT_WORD = new RegExp(`[^\\p{White_Space}${PUNCTUATION_CLASS}]+|${PUNCTUATION_CLASS}`, 'gv');

const WORD = 0;
const SPACE = 1;
const PUNCTUATION = 2;
const ASCII_KIND = Uint8Array.from({ length: 128 }, (_, code) =>
  isWhitespace(code) ? SPACE : isPunctuation(code) ? PUNCTUATION : WORD,
);

/**
 * BERT's pre-tokenizer (HF `BertPreTokenizer`): split on whitespace (removed), then isolate every punctuation
 * character (ASCII punctuation such as `$` and `+` included). Both steps happen in one pass.
 *
 * ```ts
 * new BertPreTokenizer().preTokenizeString("Hey friend!  It's $5"); // Hey friend ! It ' s $ 5
 * ```
 */
export class BertPreTokenizer implements PreTokenizer {
  preTokenize(pretokenized: PreTokenizedString): void {
    pretokenized.split((_, normalized) => normalized.sliceRanges(bertWordRanges(normalized)));
  }

  preTokenizeString(text: string): Array<[string, Offsets]> {
    return preTokenizeText(this, text);
  }

  toJSON(): ComponentJson {
    return { type: 'BertPreTokenizer' };
  }
}

/** The words' `[start, end, …]`: a character-table scan for ASCII text, the regex otherwise. */
function bertWordRanges(normalized: NormalizedString): number[] {
  const text = normalized.normalized;
  const ranges: number[] = [];
  let wordStart = -1;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x80) return matchRanges(text, BERT_WORD);
    const kind = ASCII_KIND[code];
    if (kind === WORD) {
      if (wordStart < 0) wordStart = index;
      continue;
    }
    if (wordStart >= 0) {
      ranges.push(wordStart, index);
      wordStart = -1;
    }
    if (kind === PUNCTUATION) ranges.push(index, index + 1);
  }
  if (wordStart >= 0) ranges.push(wordStart, text.length);
  return ranges;
}
