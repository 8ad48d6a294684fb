import { Encoding } from '../encoding';
import type { ComponentJson, PostProcessor } from '../types';

/**
 * Shared shape of HF's post-processors: each input sequence gets its sequence id, the processor rewrites the list of
 * encodings (adding special tokens, fixing type ids or offsets), then the list is concatenated without shifting offsets.
 */
export abstract class BaseProcessor implements PostProcessor {
  abstract addedTokens(isPair: boolean): number;
  abstract processEncodings(encodings: Encoding[], addSpecialTokens: boolean): Encoding[];
  abstract toJSON(): ComponentJson;

  process(encoding: Encoding, pair: Encoding | undefined, addSpecialTokens: boolean): Encoding {
    const encodings = pair ? [encoding, pair] : [encoding];
    encodings.forEach((sequence, index) => sequence.setSequenceId(index));
    return Encoding.merge(this.processEncodings(encodings, addSpecialTokens), false);
  }
}

/** What the tokenizer does without a post-processor: a single sequence as is, a pair concatenated. */
export function defaultProcess(encoding: Encoding, pair: Encoding | undefined): Encoding {
  if (!pair) return encoding;
  encoding.setSequenceId(0);
  pair.setSequenceId(1);
  encoding.mergeWith(pair, false);
  return encoding;
}

/** An encoding holding only special tokens (mask 1, attended, no word, offsets [0, 0]). */
export function specialEncoding(ids: readonly number[], tokens: readonly string[], typeId: number): Encoding {
  const length = ids.length;
  return new Encoding({
    ids: [...ids],
    tokens: [...tokens],
    typeIds: new Array<number>(length).fill(typeId),
    wordIds: new Array<number | null>(length).fill(null),
    offsets: Array.from({ length }, () => [0, 0] as [number, number]),
    specialTokensMask: new Array<number>(length).fill(1),
    attentionMask: new Array<number>(length).fill(1),
  });
}

/**
 * Wraps `encoding` (and each overflowing window) between `before` and `after` special tokens; the sequence range
 * excludes them, as HF does for compatibility with template processing.
 */
export function wrapWithSpecials(
  encoding: Encoding,
  sequenceId: number,
  before: readonly [string, number][],
  after: readonly [string, number][],
  typeIds: (encoding: Encoding) => number[],
): Encoding {
  const zeroOffsets = (count: number) => Array.from({ length: count }, (): [number, number] => [0, 0]);
  const wrapOne = (inner: Encoding, overflowing: Encoding[]): Encoding => {
    const length = before.length + inner.length + after.length;
    return new Encoding({
      ids: before.map(([, id]) => id).concat(inner.ids, after.map(([, id]) => id)),
      typeIds: typeIds(inner),
      tokens: before.map(([token]) => token).concat(inner.tokens, after.map(([token]) => token)),
      wordIds: new Array<number | null>(before.length).fill(null).concat(inner.wordIds, new Array<null>(after.length).fill(null)),
      offsets: zeroOffsets(before.length).concat(inner.offsets, zeroOffsets(after.length)),
      specialTokensMask: new Array<number>(length).fill(0).fill(1, 0, before.length).fill(1, before.length + inner.length),
      attentionMask: new Array<number>(length).fill(1),
      overflowing,
      sequenceRanges: new Map([[sequenceId, [before.length, before.length + inner.length]]]),
    });
  };
  return wrapOne(
    encoding,
    encoding.overflowing.map((window) => wrapOne(window, [])),
  );
}
