import type { Encoding } from '../encoding';
import type { ComponentJson } from '../types';
import { BaseProcessor } from './base-processor';

/** Runs several post-processors one after the other (e.g. ByteLevel offset trimming, then a template). */
export class SequenceProcessing extends BaseProcessor {
  constructor(readonly processors: readonly BaseProcessor[]) {
    super();
  }

  addedTokens(isPair: boolean): number {
    return this.processors.reduce((sum, processor) => sum + processor.addedTokens(isPair), 0);
  }

  processEncodings(encodings: Encoding[], addSpecialTokens: boolean): Encoding[] {
    return this.processors.reduce(
      (current, processor) => processor.processEncodings(current, addSpecialTokens),
      encodings,
    );
  }

  toJSON(): ComponentJson {
    return { type: 'Sequence', processors: this.processors.map((processor) => processor.toJSON()) };
  }
}
