import type { ComponentJson, Decoder } from '../types';

/** Runs decoders one after the other, each on the tokens the previous one returned. */
export class SequenceDecoder implements Decoder {
  readonly decoders: readonly Decoder[];

  constructor(options: { decoders: readonly Decoder[] }) {
    this.decoders = [...options.decoders];
  }

  decodeChain(tokens: string[]): string[] {
    return this.decoders.reduce((current, decoder) => decoder.decodeChain(current), tokens);
  }

  toJSON(): ComponentJson {
    return { type: 'Sequence', decoders: this.decoders.map((decoder) => decoder.toJSON()) };
  }
}
