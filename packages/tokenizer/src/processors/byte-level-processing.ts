import type { Encoding } from '../encoding';
import type { ComponentJson } from '../types';
import { BaseProcessor } from './base-processor';
import { trimByteLevelOffsets } from './trim-offsets';

/** GPT-2 style post-processing: no special tokens, only the byte-level offset trimming. */
export class ByteLevelProcessing extends BaseProcessor {
  readonly addPrefixSpace: boolean;
  readonly trimOffsets: boolean;
  readonly useRegex: boolean;

  constructor(options: { addPrefixSpace?: boolean; trimOffsets?: boolean; useRegex?: boolean } = {}) {
    super();
    this.addPrefixSpace = options.addPrefixSpace ?? true;
    this.trimOffsets = options.trimOffsets ?? true;
    this.useRegex = options.useRegex ?? true;
  }

  addedTokens(): number {
    return 0;
  }

  processEncodings(encodings: Encoding[]): Encoding[] {
    if (this.trimOffsets) for (const encoding of encodings) trimByteLevelOffsets(encoding, this.addPrefixSpace);
    encodings.forEach((encoding, index) => {
      encoding.setSequenceId(index);
    });
    return encodings;
  }

  toJSON(): ComponentJson {
    return {
      type: 'ByteLevel',
      add_prefix_space: this.addPrefixSpace,
      trim_offsets: this.trimOffsets,
      use_regex: this.useRegex,
    };
  }
}
