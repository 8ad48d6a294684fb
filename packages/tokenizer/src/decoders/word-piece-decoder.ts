import type { ComponentJson, Decoder } from '../types';

/**
 * Joins WordPiece tokens: a token with the prefix is glued to the previous one, any other token gets a leading
 * space (except the first). With `cleanup`, each token then goes through HF's `cleanup` — applied per token, so
 * "do" "not" stays "do not" while a single token " do not" would become " don't".
 *
 *   decodeChain(['hel', '##lo', ',', 'world']) // ['hel', 'lo', ',', ' world'] → "hello, world"
 */
export class WordPieceDecoder implements Decoder {
  readonly prefix: string;
  readonly cleanup: boolean;

  constructor(options: { prefix?: string; cleanup?: boolean } = {}) {
    this.prefix = options.prefix ?? '##';
    this.cleanup = options.cleanup ?? true;
  }

  decodeChain(tokens: string[]): string[] {
    return tokens.map((token, index) => {
      let piece = token;
      if (index !== 0) piece = piece.startsWith(this.prefix) ? piece.slice(this.prefix.length) : ` ${piece}`;
      return this.cleanup ? cleanupTokenization(piece) : piece;
    });
  }

  toJSON(): ComponentJson {
    return { type: 'WordPiece', prefix: this.prefix, cleanup: this.cleanup };
  }
}

/** HF `decoders::wordpiece::cleanup`: removes spaces before punctuation and inside English contractions, in this order. */
export function cleanupTokenization(text: string): string {
  return text
    .replaceAll(' .', '.')
    .replaceAll(' ?', '?')
    .replaceAll(' !', '!')
    .replaceAll(' ,', ',')
    .replaceAll(" ' ", "'")
    .replaceAll(" n't", "n't")
    .replaceAll(" 'm", "'m")
    .replaceAll(' do not', " don't")
    .replaceAll(" 's", "'s")
    .replaceAll(" 've", "'ve")
    .replaceAll(" 're", "'re");
}
