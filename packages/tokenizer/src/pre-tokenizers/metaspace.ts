import type { PreTokenizedString } from '../pre-tokenized-string';
import type { ComponentJson, Offsets, PreTokenizer } from '../types';
import { preTokenizeText } from './pre-tokenize-text';

/** When to put the replacement before a word: always, never, or only before the first word of the input. */
export type PrependScheme = 'always' | 'never' | 'first';

export interface MetaspaceOptions {
  /** One character standing for spaces. Default `▁` (U+2581). */
  replacement?: string;
  /** Default `'always'`. */
  prependScheme?: PrependScheme;
  /** Split before each replacement character. Default true. */
  split?: boolean;
}

/**
 * SentencePiece-style pre-tokenizer (HF `Metaspace`): spaces become `▁`, a `▁` is put in front (per
 * `prependScheme`), and words start at each `▁`: `Hey friend!` → `▁Hey`, `▁friend!`.
 */
export class Metaspace implements PreTokenizer {
  readonly replacement: string;
  readonly prependScheme: PrependScheme;
  readonly split: boolean;

  constructor(options: MetaspaceOptions = {}) {
    this.replacement = options.replacement ?? '\u2581';
    this.prependScheme = options.prependScheme ?? 'always';
    this.split = options.split ?? true;
  }

  preTokenize(pretokenized: PreTokenizedString): void {
    pretokenized.split((_, normalized) => {
      normalized.replace(' ', this.replacement);
      const prepend =
        this.prependScheme === 'always' || (this.prependScheme === 'first' && normalized.offsetsOriginal()[0] === 0);
      if (prepend && !normalized.normalized.startsWith(this.replacement)) normalized.prepend(this.replacement);
      return this.split ? normalized.split(this.replacement, 'MergedWithNext') : [normalized];
    });
  }

  preTokenizeString(text: string): Array<[string, Offsets]> {
    return preTokenizeText(this, text);
  }

  toJSON(): ComponentJson {
    return { type: 'Metaspace', replacement: this.replacement, prepend_scheme: this.prependScheme, split: this.split };
  }
}
