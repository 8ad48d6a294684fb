import type { Rng } from '../random';
import type { CandidateWords } from './candidate-words';
import type { ResolvedMasking } from './masking-options';
import { applyReplacement, drawReplacement } from './replacement';
import { sampleSpanLength } from './span-length';

/**
 * SpanBERT's span masking (Joshi et al. 2020, §3.1), at whole-word granularity: until the budget is met, draw a span
 * length ℓ in words (`sampleSpanLength`), a random start word, and select ℓ consecutive words from it. A span stops
 * early at an already-selected word, at a non-candidate gap (a `[SEP]`), at the end of the sequence, or before a word
 * that would overflow the budget (words are never cut). The 80/10/10 decision is drawn once per span, as in the
 * paper ("at the span level and not for each token individually").
 *
 * Spans drawn on already-selected words are retried; after 4·W + 16 draws the loop gives up, which only happens when
 * every unselected word is longer than the remaining budget.
 */
export function selectSpans(
  words: CandidateWords,
  budget: number,
  output: Int32Array,
  selected: Uint8Array,
  rng: Rng,
  config: ResolvedMasking,
  span: { readonly p: number; readonly maxSpan: number },
): void {
  const covered = new Uint8Array(words.count); // [W]
  let masked = 0;
  const maxDraws = 4 * words.count + 16;
  for (let draw = 0; draw < maxDraws && masked < budget; draw++) {
    const length = sampleSpanLength(rng, span.p, span.maxSpan);
    const anchor = rng.int(words.count);
    if (covered[anchor] === 1) continue;
    const replacement = drawReplacement(rng, config);
    for (let word = anchor; word < anchor + length && word < words.count; word++) {
      if (covered[word] === 1) break;
      const start = words.starts[word] ?? 0;
      const end = words.ends[word] ?? 0;
      if (word > anchor && start !== words.ends[word - 1]) break;
      if (masked + end - start > budget) break;
      covered[word] = 1;
      for (let position = start; position < end; position++) {
        selected[position] = 1;
        applyReplacement(output, position, replacement, rng, config);
      }
      masked += end - start;
    }
  }
}
