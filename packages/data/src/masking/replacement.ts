import type { Rng } from '../random';
import type { ResolvedMasking } from './masking-options';

/** What a selected token becomes: 0 = [MASK], 1 = a random token, 2 = itself. */
export type Replacement = 0 | 1 | 2;

/** One uniform draw against the cumulative `replaceRatios` (the reference's two draws give the same odds). */
export function drawReplacement(rng: Rng, config: ResolvedMasking): Replacement {
  const u = rng.next();
  const [mask, random] = config.replaceRatios;
  if (u < mask) return 0;
  if (u < mask + random) return 1;
  return 2;
}

/** A uniform id of [0, V) that is not special: draw among V − k ids, then step over the k sorted excluded ids. */
export function randomTokenId(rng: Rng, config: ResolvedMasking): number {
  const excluded = config.excludedIds;
  let id = rng.int(config.vocabSize - excluded.length);
  for (let index = 0; index < excluded.length; index++) {
    if (id >= (excluded[index] ?? 0)) id++;
    else break;
  }
  return id;
}

/** Writes the replacement of `position` into `output` (a token drawn at random gets its own draw). */
export function applyReplacement(
  output: Int32Array,
  position: number,
  replacement: Replacement,
  rng: Rng,
  config: ResolvedMasking,
): void {
  if (replacement === 0) output[position] = config.maskTokenId;
  else if (replacement === 1) output[position] = randomTokenId(rng, config);
}
