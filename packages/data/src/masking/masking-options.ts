import { DataError } from '@bert/core';
import { requireInteger, requireProbability } from '../validate';

/** SpanBERT's span lengths (in words): geometric with parameter `p`, at most `maxSpan`. */
export interface SpanMaskingOptions {
  /** Default 0.2 (SpanBERT). */
  readonly p?: number;
  /** Default 10 (SpanBERT). */
  readonly maxSpan?: number;
}

export interface MaskingOptions {
  /** Fraction of tokens to predict (special tokens count in the length, as in the reference). Default 0.15. */
  readonly mlmProbability?: number;
  readonly maskTokenId: number;
  /** V: random replacements are drawn from [0, V) minus the special ids. */
  readonly vocabSize: number;
  /** Upper bound on predictions per sequence (P, the reference's `max_predictions_per_seq`). */
  readonly maxPredictions: number;
  /** [mask, random, keep]: what a selected token becomes. Default [0.8, 0.1, 0.1] (BERT). */
  readonly replaceRatios?: readonly [number, number, number];
  /** Select whole words (all their pieces) instead of single pieces. Needs word starts. */
  readonly wholeWordMask?: boolean;
  /** SpanBERT span masking (always at whole-word granularity); `true` for the defaults. Needs word starts. */
  readonly spanMasking?: SpanMaskingOptions | boolean;
  /** Never drawn as random replacements ([MASK] never is either). Pass `SpecialTokenIds.all`. */
  readonly specialTokenIds?: readonly number[];
  /** Positions holding this id are padding: never candidates, not counted in the length. */
  readonly padTokenId?: number;
}

export interface ResolvedMasking {
  readonly mlmProbability: number;
  readonly maskTokenId: number;
  readonly vocabSize: number;
  readonly maxPredictions: number;
  readonly replaceRatios: readonly [number, number, number];
  readonly wholeWordMask: boolean;
  readonly spanMasking: { readonly p: number; readonly maxSpan: number } | undefined;
  /** Sorted, unique, inside [0, V): the ids random replacement skips. */
  readonly excludedIds: Int32Array;
  readonly padTokenId: number | undefined;
}

/** Defaults → validation (quoting values) → freeze. */
export function resolveMaskingOptions(options: MaskingOptions, caller = 'masking'): ResolvedMasking {
  const mlmProbability = options.mlmProbability ?? 0.15;
  requireProbability(`${caller}: mlmProbability`, mlmProbability, { openAtZero: true });
  const vocabSize = requireInteger(`${caller}: vocabSize`, options.vocabSize, 2);
  const maskTokenId = requireInteger(`${caller}: maskTokenId`, options.maskTokenId, 0);
  if (maskTokenId >= vocabSize)
    throw new DataError(`${caller}: maskTokenId (${maskTokenId}) must be < vocabSize (${vocabSize})`);
  const maxPredictions = requireInteger(`${caller}: maxPredictions`, options.maxPredictions, 1);
  const replaceRatios = options.replaceRatios ?? ([0.8, 0.1, 0.1] as const);
  const ratiosValid =
    replaceRatios.length === 3 &&
    replaceRatios.every((ratio) => Number.isFinite(ratio) && ratio >= 0) &&
    Math.abs(replaceRatios[0] + replaceRatios[1] + replaceRatios[2] - 1) < 1e-9;
  if (!ratiosValid) {
    throw new DataError(
      `${caller}: replaceRatios (${JSON.stringify(replaceRatios)}) must be 3 non-negative numbers summing to 1 (mask, random, keep)`,
    );
  }
  let spanMasking: ResolvedMasking['spanMasking'];
  if (options.spanMasking) {
    const given = options.spanMasking === true ? {} : options.spanMasking;
    const p = requireProbability(`${caller}: spanMasking.p`, given.p ?? 0.2, { openAtZero: true });
    const maxSpan = requireInteger(`${caller}: spanMasking.maxSpan`, given.maxSpan ?? 10, 1);
    spanMasking = Object.freeze({ p, maxSpan });
  }
  const excluded = new Set<number>([maskTokenId]);
  for (const id of options.specialTokenIds ?? [])
    if (Number.isInteger(id) && id >= 0 && id < vocabSize) excluded.add(id);
  if (excluded.size >= vocabSize)
    throw new DataError(
      `${caller}: every id of the vocabulary (${vocabSize}) is special: nothing to draw random replacements from`,
    );
  if (options.padTokenId !== undefined) requireInteger(`${caller}: padTokenId`, options.padTokenId, 0);
  return Object.freeze({
    mlmProbability,
    maskTokenId,
    vocabSize,
    maxPredictions,
    replaceRatios: Object.freeze([...replaceRatios]) as unknown as readonly [number, number, number],
    wholeWordMask: options.wholeWordMask ?? false,
    spanMasking,
    excludedIds: Int32Array.from([...excluded].sort((a, b) => a - b)),
    padTokenId: options.padTokenId,
  });
}
