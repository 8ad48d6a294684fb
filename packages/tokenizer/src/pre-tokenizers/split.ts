import type { SplitDelimiterBehavior } from '../normalized-string';
import { literalAsRegex } from '../normalizers/find-matches';
import { regexFromOnig, regexToOnig } from '../normalizers/onig-pattern';
import type { PreTokenizedString } from '../pre-tokenized-string';
import type { ComponentJson, Offsets, PreTokenizer } from '../types';
import { preTokenizeText } from './pre-tokenize-text';

export interface SplitOptions {
  /** A string matched literally, or a regex. */
  pattern: string | RegExp;
  behavior: SplitDelimiterBehavior;
  /** Treat what the pattern does not match as the delimiters. Default false. */
  invert?: boolean;
}

/**
 * Splits on a pattern (HF `Split`). In `tokenizer.json` the pattern is `{"String": …}` or `{"Regex": …}` (an
 * oniguruma regex, translated when loaded). GPT-2's splitting, for instance, is
 * `new Split({ pattern: /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/u, behavior: 'Isolated' })`.
 */
export class Split implements PreTokenizer {
  readonly pattern: string | RegExp;
  readonly behavior: SplitDelimiterBehavior;
  readonly invert: boolean;

  constructor(options: SplitOptions) {
    this.pattern = options.pattern;
    this.behavior = options.behavior;
    this.invert = options.invert ?? false;
  }

  /** From the `tokenizer.json` form; `source` names the place for errors in the regex. */
  static fromPattern(
    pattern: { String: string } | { Regex: string },
    behavior: SplitDelimiterBehavior,
    invert: boolean,
    source = 'Split',
  ): Split {
    const compiled = 'String' in pattern ? pattern.String : regexFromOnig(pattern.Regex, source);
    return new Split({ pattern: compiled, behavior, invert });
  }

  preTokenize(pretokenized: PreTokenizedString): void {
    const pattern = literalAsRegex(this.pattern);
    pretokenized.split((_, normalized) => normalized.split(pattern, this.behavior, this.invert));
  }

  preTokenizeString(text: string): Array<[string, Offsets]> {
    return preTokenizeText(this, text);
  }

  toJSON(): ComponentJson {
    const pattern = typeof this.pattern === 'string' ? { String: this.pattern } : { Regex: regexToOnig(this.pattern) };
    return { type: 'Split', pattern, behavior: this.behavior, invert: this.invert };
  }
}

/** `Split` under a name that does not collide with the `Split` piece of a `PreTokenizedString`. */
export { Split as SplitPreTokenizer };
