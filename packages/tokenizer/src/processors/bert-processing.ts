import type { Encoding } from '../encoding';
import type { ComponentJson } from '../types';
import { BaseProcessor, wrapWithSpecials } from './base-processor';

/** BERT's `[CLS] A [SEP]` / `[CLS] A [SEP] B [SEP]`, type ids 0 for A (with [CLS] and the first [SEP]) and 1 for B. */
export class BertProcessing extends BaseProcessor {
  readonly sep: [string, number];
  readonly cls: [string, number];

  constructor(options: { sep?: [string, number]; cls?: [string, number] } = {}) {
    super();
    this.sep = options.sep ?? ['[SEP]', 102];
    this.cls = options.cls ?? ['[CLS]', 101];
  }

  addedTokens(isPair: boolean): number {
    return isPair ? 3 : 2;
  }

  processEncodings(encodings: Encoding[], addSpecialTokens: boolean): Encoding[] {
    if (!addSpecialTokens) return encodings;
    return encodings.map((encoding, index) =>
      index === 0
        ? wrapWithSpecials(encoding, 0, [this.cls], [this.sep], (inner) => [0, ...inner.typeIds, 0])
        : wrapWithSpecials(encoding, 1, [], [this.sep], (inner) => [...inner.typeIds, 1]),
    );
  }

  toJSON(): ComponentJson {
    return { type: 'BertProcessing', sep: [...this.sep], cls: [...this.cls] };
  }
}
