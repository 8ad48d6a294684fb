import { DataError } from '@bert/core';

/** Maskable units as position ranges `[starts[k], ends[k])`: single tokens, or whole words. */
export interface CandidateWords {
  readonly starts: Int32Array; //  [W]
  readonly ends: Int32Array; //    [W]
  readonly count: number; //       W (the arrays may be longer)
  /** Positions that are not padding: the length the prediction budget is computed from. */
  readonly length: number;
}

/**
 * Groups the maskable positions (not special, not padding) into units. With `byWord`, a unit starts at a word
 * start or after a non-candidate position, so a word is never glued to the one across a `[SEP]`; without it each
 * position is its own unit (plain BERT masking).
 */
export function candidateWords(
  inputIds: Int32Array, //           [T]
  specialMask: Uint8Array, //        [T] 1 = special, never masked
  wordStarts: Uint8Array | undefined, // [T] 1 = a word starts here
  padTokenId: number | undefined,
  byWord: boolean,
): CandidateWords {
  const length = inputIds.length;
  if (specialMask.length !== length) {
    throw new DataError(`specialMask: expected length ${length} (inputIds), got ${specialMask.length}`);
  }
  if (byWord && wordStarts?.length !== length) {
    throw new DataError(
      `wordStarts: whole-word and span masking need one flag per token, expected length ${length}, got ${wordStarts === undefined ? 'none' : wordStarts.length}`,
    );
  }
  const starts = new Int32Array(length);
  const ends = new Int32Array(length);
  let count = 0;
  let realLength = 0;
  let previousWasCandidate = false;
  for (let position = 0; position < length; position++) {
    const id = inputIds[position];
    const isPad = padTokenId !== undefined && id === padTokenId;
    if (!isPad) realLength++;
    const candidate = !isPad && specialMask[position] === 0;
    if (candidate) {
      const joins = byWord && previousWasCandidate && wordStarts?.[position] === 0;
      if (joins) ends[count - 1] = position + 1;
      else {
        starts[count] = position;
        ends[count] = position + 1;
        count++;
      }
    }
    previousWasCandidate = candidate;
  }
  return { starts, ends, count, length: realLength };
}
