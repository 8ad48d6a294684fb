import type { Rng } from '../random';
import { roundHalfEven } from '../validate';
import { type CandidateWords, candidateWords } from './candidate-words';
import { type MaskingOptions, type ResolvedMasking, resolveMaskingOptions } from './masking-options';
import { applyReplacement, drawReplacement } from './replacement';
import { selectSpans } from './span-masking';

/** A masked copy of a sequence and what the model must predict. */
export interface MaskedInstance {
  readonly inputIds: Int32Array; //         [T] with [MASK] / random / kept tokens at the masked positions
  readonly maskedPositions: Int32Array; //  [M] ascending, M ≤ maxPredictions
  readonly maskedIds: Int32Array; //        [M] the original ids there (the labels)
}

/** Masks one sequence; `wordStarts` is needed for whole-word and span masking. */
export type Masker = (
  inputIds: Int32Array, //      [T]
  specialMask: Uint8Array, //   [T]
  wordStarts: Uint8Array | undefined, // [T]
  rng: Rng,
) => MaskedInstance;

/**
 * Number of tokens to predict, as the reference: min(maxPredictions, max(1, round(length × p))), with Python's
 * half-to-even `round` and the special tokens counted in the length.
 */
export function predictionBudget(length: number, config: ResolvedMasking): number {
  return Math.min(config.maxPredictions, Math.max(1, roundHalfEven(length * config.mlmProbability)));
}

/**
 * google-research/bert's `create_masked_lm_predictions`: shuffle the candidate units (tokens, or whole words with
 * `wholeWordMask`), take them in that order while they fit the budget (a word that would overflow it is skipped,
 * so whole-word masking can predict fewer), and replace each selected token by [MASK] / a random token / itself
 * with `replaceRatios`.
 */
function selectUnits(
  units: CandidateWords,
  budget: number,
  output: Int32Array,
  selected: Uint8Array,
  rng: Rng,
  config: ResolvedMasking,
): void {
  const order = new Int32Array(units.count);
  for (let index = 0; index < units.count; index++) order[index] = index;
  rng.shuffle(order);
  let masked = 0;
  for (let k = 0; k < order.length && masked < budget; k++) {
    const unit = order[k] ?? 0;
    const start = units.starts[unit] ?? 0;
    const end = units.ends[unit] ?? 0;
    if (masked + end - start > budget) continue;
    for (let position = start; position < end; position++) {
      selected[position] = 1;
      applyReplacement(output, position, drawReplacement(rng, config), rng, config);
    }
    masked += end - start;
  }
}

/** Resolves `options` once and returns a function that masks sequences with them (what datasets call per instance). */
export function createMasker(options: MaskingOptions): Masker {
  const config = resolveMaskingOptions(options);
  const byWord = config.wholeWordMask || config.spanMasking !== undefined;
  return (inputIds, specialMask, wordStarts, rng) => {
    const units = candidateWords(inputIds, specialMask, wordStarts, config.padTokenId, byWord);
    const output = Int32Array.from(inputIds); //              [T]
    const selected = new Uint8Array(inputIds.length); //      [T] 1 = to predict
    if (units.count > 0) {
      const budget = predictionBudget(units.length, config);
      if (config.spanMasking) selectSpans(units, budget, output, selected, rng, config, config.spanMasking);
      else selectUnits(units, budget, output, selected, rng, config);
    }
    let count = 0;
    for (let position = 0; position < selected.length; position++) count += selected[position] ?? 0;
    const maskedPositions = new Int32Array(count); //       [M]
    const maskedIds = new Int32Array(count); //             [M]
    let out = 0;
    for (let position = 0; position < selected.length; position++) {
      if (selected[position] === 0) continue;
      maskedPositions[out] = position;
      maskedIds[out] = inputIds[position] ?? 0;
      out++;
    }
    return { inputIds: output, maskedPositions, maskedIds };
  };
}

/**
 * Masks one sequence for masked-LM: BERT's 80/10/10 by default, whole words with `wholeWordMask`, SpanBERT spans
 * with `spanMasking`. Special positions (`specialMask` = 1) and padding (`padTokenId`) are never selected.
 *
 * ```ts
 * maskInstance(ids, special, { maskTokenId: 4, vocabSize: 8000, maxPredictions: 20, rng });
 * // { inputIds: masked copy [T], maskedPositions: [M] ascending, maskedIds: originals [M] }
 * ```
 */
export function maskInstance(
  inputIds: Int32Array, //     [T]
  specialMask: Uint8Array, //  [T]
  options: MaskingOptions & { readonly rng: Rng; readonly wordStarts?: Uint8Array },
): MaskedInstance {
  return createMasker(options)(inputIds, specialMask, options.wordStarts, options.rng);
}
