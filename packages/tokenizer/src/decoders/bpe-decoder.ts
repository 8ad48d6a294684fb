import type { ComponentJson, Decoder } from '../types';

/**
 * For BPE trained with an end-of-word suffix: the suffix becomes a space, except in the last token where it is
 * dropped. `decodeChain(['hel', 'lo</w>', 'world</w>'])` gives `['hel', 'lo ', 'world']`.
 */
export class BpeDecoder implements Decoder {
  readonly suffix: string;

  constructor(options: { suffix?: string } = {}) {
    this.suffix = options.suffix ?? '</w>';
  }

  decodeChain(tokens: string[]): string[] {
    const last = tokens.length - 1;
    // A function replacement keeps "$" in the text literal.
    return tokens.map((token, index) => {
      const replacement = index === last ? '' : ' ';
      return token.replaceAll(this.suffix, () => replacement);
    });
  }

  toJSON(): ComponentJson {
    return { type: 'BPEDecoder', suffix: this.suffix };
  }
}
