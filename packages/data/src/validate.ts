import { DataError } from '@bert/core';

/**
 * Option checks shared by the builders. They throw `DataError` (the brief of this package: bad pipeline input is a
 * data error) with the field name and the offending value quoted, e.g. `maxSeqLength (3) must be an integer ≥ 5`.
 */
export function requireInteger(field: string, value: number, min: number, why = ''): number {
  if (!Number.isInteger(value) || value < min) {
    throw new DataError(`${field} (${value}) must be an integer ≥ ${min}${why ? `: ${why}` : ''}`);
  }
  return value;
}

/** A probability in [0, 1] (or (0, 1] with `openAtZero: true`). */
export function requireProbability(field: string, value: number, { openAtZero = false } = {}): number {
  const ok = Number.isFinite(value) && value <= 1 && (openAtZero ? value > 0 : value >= 0);
  if (!ok) throw new DataError(`${field} (${value}) must be in ${openAtZero ? '(0, 1]' : '[0, 1]'}`);
  return value;
}

/** Python 3's `round()` (half to even), which the reference's `int(round(len * p))` uses: round(4.5) = 4. */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
