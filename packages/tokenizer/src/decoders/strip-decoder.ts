import { TokenizerError } from '../errors';
import type { ComponentJson, Decoder } from '../types';

export interface StripOptions {
  /** One character (one Unicode code point). */
  content: string;
  /** At most this many leading `content` characters are removed from each token. */
  start: number;
  /** At most this many trailing `content` characters are removed from each token. */
  stop: number;
}

/**
 * Strips up to `start` leading and `stop` trailing copies of `content` from every token (SentencePiece models use it
 * to drop the space added in front of the first word). `new StripDecoder({ content: ' ', start: 1, stop: 0 })`
 * turns `['  a', ' b']` into `[' a', 'b']`.
 */
export class StripDecoder implements Decoder {
  readonly content: string;
  readonly start: number;
  readonly stop: number;

  constructor(options: StripOptions) {
    const { content, start, stop } = options;
    if ([...content].length !== 1)
      throw new TokenizerError(`StripDecoder content (${JSON.stringify(content)}) must be one character`);
    for (const [name, value] of [
      ['start', start],
      ['stop', stop],
    ] as const) {
      if (!Number.isInteger(value) || value < 0)
        throw new TokenizerError(`StripDecoder ${name} (${value}) must be a non-negative integer`);
    }
    this.content = content;
    this.start = start;
    this.stop = stop;
  }

  decodeChain(tokens: string[]): string[] {
    return tokens.map((token) => {
      const chars = [...token];
      let startCut = 0;
      while (startCut < Math.min(this.start, chars.length) && chars[startCut] === this.content) startCut++;
      // Never cut into the part stripped at the start (HF panics on such tokens, e.g. "x" with start 1 and stop 1).
      let stopCut = chars.length;
      while (chars.length - stopCut < this.stop && stopCut > startCut && chars[stopCut - 1] === this.content) stopCut--;
      return startCut === 0 && stopCut === chars.length ? token : chars.slice(startCut, stopCut).join('');
    });
  }

  toJSON(): ComponentJson {
    return { type: 'Strip', content: this.content, start: this.start, stop: this.stop };
  }
}
