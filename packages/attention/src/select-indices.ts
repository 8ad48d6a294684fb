import { ConfigError } from '@bert/core';

/**
 * Parses a list of 0-based indices as users type them: `all`, `3`, `0,2`, `1-3`, `0,4-5` (ranges inclusive).
 * Returns `undefined` for `all`; indices come back sorted and unique. Syntax errors quote the input; ranges are
 * checked later against the model with `checkIndices`.
 *
 * @example parseIndexList('0,4-5,2', 'layers') // [0, 2, 4, 5]
 */
export function parseIndexList(spec: string, label: string): number[] | undefined {
  const trimmed = spec.trim();
  if (trimmed === 'all') return undefined;
  const indices = new Set<number>();
  for (const part of trimmed.split(',')) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (match === null) {
      throw new ConfigError(`${label} must be "all" or indices like 0,2,4-6, got "${spec}"`);
    }
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) throw new ConfigError(`${label}: range ${part.trim()} runs backwards in "${spec}"`);
    for (let index = first; index <= last; index++) indices.add(index);
  }
  return [...indices].sort((left, right) => left - right);
}

/**
 * `indices` (or every index below `count` when undefined), checked to lie in `[0, count)`; `what` names the unit
 * (`layers`, `heads`) and `label` the option (`--heads`) in errors.
 *
 * @example checkIndices([0, 5], 4, 'heads') // ConfigError: heads: 5 is out of range, the model has 4 heads (0-3)
 */
export function checkIndices(
  indices: readonly number[] | undefined,
  count: number,
  what: string,
  label = what,
): number[] {
  if (indices === undefined) return Array.from({ length: count }, (_, index) => index);
  if (indices.length === 0) throw new ConfigError(`${label}: the list is empty`);
  for (const index of indices) {
    if (!Number.isInteger(index) || index < 0 || index >= count) {
      throw new ConfigError(`${label}: ${index} is out of range, the model has ${count} ${what} (0-${count - 1})`);
    }
  }
  return [...new Set(indices)].sort((left, right) => left - right);
}
