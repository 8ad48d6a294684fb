import type { ComponentJson, Decoder } from '../types';

/** Concatenates all tokens into one, so that decoders after it in a sequence see the whole text. */
export class FuseDecoder implements Decoder {
  decodeChain(tokens: string[]): string[] {
    return [tokens.join('')];
  }

  toJSON(): ComponentJson {
    return { type: 'Fuse' };
  }
}
