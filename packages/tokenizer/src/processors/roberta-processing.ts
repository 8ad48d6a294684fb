import type { Encoding } from '../encoding';
import type { ComponentJson } from '../types';
import { BaseProcessor, wrapWithSpecials } from './base-processor';
import { trimByteLevelOffsets } from './trim-offsets';

/** RoBERTa's `<s> A </s>` / `<s> A </s></s> B </s>`; every type id is 0; byte-level offsets trimmed of spaces. */
export class RobertaProcessing extends BaseProcessor {
  readonly sep: [string, number];
  readonly cls: [string, number];
  readonly trimOffsets: boolean;
  readonly addPrefixSpace: boolean;

  constructor(
    options: { sep?: [string, number]; cls?: [string, number]; trimOffsets?: boolean; addPrefixSpace?: boolean } = {},
  ) {
    super();
    this.sep = options.sep ?? ['</s>', 2];
    this.cls = options.cls ?? ['<s>', 0];
    this.trimOffsets = options.trimOffsets ?? true;
    this.addPrefixSpace = options.addPrefixSpace ?? true;
  }

  addedTokens(isPair: boolean): number {
    return isPair ? 4 : 2;
  }

  processEncodings(encodings: Encoding[], addSpecialTokens: boolean): Encoding[] {
    if (this.trimOffsets) for (const encoding of encodings) trimByteLevelOffsets(encoding, this.addPrefixSpace);
    for (const encoding of encodings) encoding.typeIds = new Array<number>(encoding.length).fill(0);
    if (!addSpecialTokens) return encodings;
    const zeros = (inner: Encoding, extra: number) => new Array<number>(inner.length + extra).fill(0);
    return encodings.map((encoding, index) =>
      index === 0
        ? wrapWithSpecials(encoding, 0, [this.cls], [this.sep], (inner) => zeros(inner, 2))
        : wrapWithSpecials(encoding, 1, [this.sep], [this.sep], (inner) => zeros(inner, 2)),
    );
  }

  toJSON(): ComponentJson {
    return {
      type: 'RobertaProcessing',
      sep: [...this.sep],
      cls: [...this.cls],
      trim_offsets: this.trimOffsets,
      add_prefix_space: this.addPrefixSpace,
    };
  }
}
