import type { NormalizedString } from '../normalized-string';
import type { ComponentJson, Normalizer } from '../types';
import { literalAsRegex } from './find-matches';
import { normalizeText } from './normalize-text';
import { regexFromOnig, regexToOnig } from './onig-pattern';

export interface ReplaceOptions {
  /** A string matched literally, or a regex. */
  pattern: string | RegExp;
  /** The replacement, inserted literally (`$1` is not expanded, as in HF 0.23 tokenizers). */
  content: string;
}

/**
 * Replaces every match of `pattern` with `content`. In `tokenizer.json` the pattern is `{"String": …}` or
 * `{"Regex": …}` (an oniguruma regex, translated to a JavaScript one when loaded).
 *
 * ```ts
 * new Replace({ pattern: /[.,!?\-]/, content: '' }).normalizeString('Hi, there!'); // 'Hi there'
 * ```
 */
export class Replace implements Normalizer {
  readonly pattern: string | RegExp;
  readonly content: string;

  constructor(options: ReplaceOptions) {
    this.pattern = options.pattern;
    this.content = options.content;
  }

  /** From the `tokenizer.json` form; `source` names the place for errors in the regex. */
  static fromPattern(pattern: { String: string } | { Regex: string }, content: string, source = 'Replace'): Replace {
    if ('String' in pattern) return new Replace({ pattern: pattern.String, content });
    return new Replace({ pattern: regexFromOnig(pattern.Regex, source), content });
  }

  normalize(normalized: NormalizedString): void {
    normalized.replace(literalAsRegex(this.pattern), this.content);
  }

  normalizeString(text: string): string {
    return normalizeText(this, text);
  }

  toJSON(): ComponentJson {
    const pattern = typeof this.pattern === 'string' ? { String: this.pattern } : { Regex: regexToOnig(this.pattern) };
    return { type: 'Replace', pattern, content: this.content };
  }
}
