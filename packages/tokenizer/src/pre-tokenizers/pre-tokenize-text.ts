import { PreTokenizedString } from '../pre-tokenized-string';
import type { Offsets, PreTokenizer } from '../types';

/** Runs `preTokenizer` on `text` alone: each word with its `[start, end)` in `text` (UTF-16). */
export function preTokenizeText(preTokenizer: PreTokenizer, text: string): Array<[string, Offsets]> {
  const pretokenized = new PreTokenizedString(text);
  preTokenizer.preTokenize(pretokenized);
  return pretokenized.getSplits();
}
