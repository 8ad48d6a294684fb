import type { Rng } from '../random';

/**
 * A SpanBERT span length in words: geometric(p) on {1, 2, …}, restricted to at most `maxSpan`. SpanBERT's code
 * draws from the geometric probabilities of 1…maxSpan renormalized (here: redraw while > maxSpan, the same
 * distribution); that is the paper's "clip ℓ at ℓmax = 10" and gives its stated mean of 3.8 words for p = 0.2.
 * (Replacing every draw above maxSpan by maxSpan would give 4.46 instead.)
 */
export function sampleSpanLength(rng: Rng, p: number, maxSpan: number): number {
  let length = rng.geometric(p);
  while (length > maxSpan) length = rng.geometric(p);
  return length;
}

/**
 * Mean of `sampleSpanLength`: Σₖ k·p(1−p)^(k−1) / Σₖ p(1−p)^(k−1) over k = 1…maxSpan
 * (3.797 for p = 0.2, maxSpan = 10).
 */
export function expectedSpanLength(p: number, maxSpan: number): number {
  let weighted = 0;
  let total = 0;
  for (let k = 1; k <= maxSpan; k++) {
    const probability = p * (1 - p) ** (k - 1);
    weighted += k * probability;
    total += probability;
  }
  return weighted / total;
}
