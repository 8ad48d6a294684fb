import { TokenizerError } from '../errors';
import type { ComponentJson, Decoder } from '../types';

/** A literal string, or `{ regex }` with a pattern in the JavaScript `u`-flag dialect (HF uses Oniguruma). */
export type ReplacePattern = string | { regex: string };

/**
 * Replaces every match of `pattern` in each token with `content`, taken literally ("$1" stays "$1", as in HF's
 * decoder). SentencePiece models use it to turn "▁" back into spaces:
 * `new ReplaceDecoder({ pattern: '▁', content: ' ' })` maps `['▁Hello', '▁world']` to `[' Hello', ' world']`.
 */
export class ReplaceDecoder implements Decoder {
  readonly pattern: ReplacePattern;
  readonly content: string;
  private readonly regex: RegExp | undefined;

  constructor(options: { pattern: ReplacePattern; content: string }) {
    this.pattern = options.pattern;
    this.content = options.content;
    if (typeof this.pattern !== 'string') {
      try {
        this.regex = new RegExp(this.pattern.regex, 'gu');
      } catch (error) {
        throw new TokenizerError(
          `ReplaceDecoder: invalid regex ${JSON.stringify(this.pattern.regex)} (${(error as Error).message})`,
        );
      }
    }
  }

  decodeChain(tokens: string[]): string[] {
    const { pattern, regex, content } = this;
    // Function replacements keep "$" patterns in `content` literal.
    if (regex !== undefined) return tokens.map((token) => token.replace(regex, () => content));
    return tokens.map((token) => token.replaceAll(pattern as string, () => content));
  }

  toJSON(): ComponentJson {
    const pattern = typeof this.pattern === 'string' ? { String: this.pattern } : { Regex: this.pattern.regex };
    return { type: 'Replace', pattern, content: this.content };
  }
}
