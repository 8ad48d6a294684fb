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
    encodings.forEach((sequence, index) => {
      sequence.setSequenceId(index);
    });
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
 * Wraps `encoding` (and each overflowing window) between `before` and `after` special tokens, in place; the sequence
 * range excludes them, as HF does for compatibility with template processing.
 */
export function wrapWithSpecials(
  encoding: Encoding,
  sequenceId: number,
  before: readonly [string, number][],
  after: readonly [string, number][],
  typeIds: (encoding: Encoding) => number[],
): Encoding {
  // The encodings given to a post-processor are consumed, so they are extended in place (no copies per token).
  const beforeIds = before.map(([, id]) => id);
  const afterIds = after.map(([, id]) => id);
  const beforeTokens = before.map(([token]) => token);
  const afterTokens = after.map(([token]) => token);
  const zeroOffsets = (count: number) => Array.from({ length: count }, (): [number, number] => [0, 0]);
  const wrapOne = (inner: Encoding, overflowing: Encoding[]): Encoding => {
    const length = inner.length;
    const total = before.length + length + after.length;
    inner.typeIds = typeIds(inner);
    inner.ids.unshift(...beforeIds);
    inner.ids.push(...afterIds);
    inner.tokens.unshift(...beforeTokens);
    inner.tokens.push(...afterTokens);
    inner.wordIds.unshift(...before.map(() => null));
    inner.wordIds.push(...after.map(() => null));
    inner.offsets.unshift(...zeroOffsets(before.length));
    inner.offsets.push(...zeroOffsets(after.length));
    inner.specialTokensMask = new Array<number>(total).fill(1).fill(0, before.length, before.length + length);
    inner.attentionMask = new Array<number>(total).fill(1);
    inner.overflowing = overflowing;
    inner.sequenceRanges = new Map([[sequenceId, [before.length, before.length + length]]]);
    return inner;
  };
  return wrapOne(
    encoding,
    encoding.overflowing.map((window) => wrapOne(window, [])),
  );
}
