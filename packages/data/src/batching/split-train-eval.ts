import { DataError } from '@bert/core';
import type { Rng } from '../random';

/**
 * A random held-out split: round(N × evalFraction) items go to `eval`, the rest to `train`, each keeping the input
 * order (datasets shuffle later). `train` is never empty; evalFraction must be in [0, 1).
 */
export function splitTrainEval<T>(items: readonly T[], evalFraction: number, rng: Rng): { train: T[]; eval: T[] } {
  if (!(evalFraction >= 0 && evalFraction < 1)) {
    throw new DataError(`splitTrainEval: evalFraction (${evalFraction}) must be in [0, 1)`);
  }
  const evalCount = Math.min(Math.round(items.length * evalFraction), Math.max(0, items.length - 1));
  const order = new Int32Array(items.length);
  for (let index = 0; index < order.length; index++) order[index] = index;
  rng.shuffle(order);
  const inEval = new Uint8Array(items.length);
  for (let k = 0; k < evalCount; k++) inEval[order[k] ?? 0] = 1;
  const train: T[] = [];
  const held: T[] = [];
  items.forEach((item, index) => {
    (inEval[index] ? held : train).push(item);
  });
  return { train, eval: held };
}
