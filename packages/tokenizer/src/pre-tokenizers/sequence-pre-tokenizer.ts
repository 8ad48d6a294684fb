import type { PreTokenizedString } from '../pre-tokenized-string';
import type { ComponentJson, Offsets, PreTokenizer } from '../types';
import { preTokenizeText } from './pre-tokenize-text';

/** Runs pre-tokenizers one after the other; each splits the words the previous one made. */
export class SequencePreTokenizer implements PreTokenizer {
  readonly preTokenizers: readonly PreTokenizer[];

  constructor(preTokenizers: readonly PreTokenizer[]) {
    this.preTokenizers = [...preTokenizers];
  }

  preTokenize(pretokenized: PreTokenizedString): void {
    for (const preTokenizer of this.preTokenizers) preTokenizer.preTokenize(pretokenized);
  }

  preTokenizeString(text: string): Array<[string, Offsets]> {
    return preTokenizeText(this, text);
  }

  toJSON(): ComponentJson {
    return { type: 'Sequence', pretokenizers: this.preTokenizers.map((preTokenizer) => preTokenizer.toJSON()) };
  }
}
