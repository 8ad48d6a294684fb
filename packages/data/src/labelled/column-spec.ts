import { DataError } from '@bert/core';

/** A column by header name, or by 0-based index (a number, or a string of digits that is not a header name). */
export type ColumnSpec = string | number;

/**
 * The index of `spec` among `header` (or among `width` unnamed columns when the file has no header). A name is looked
 * up first, so a column literally named "1" is found by name. `flag` names the option in errors.
 *
 * @example resolveColumn('label', ['sentence', 'label'], 2, '--label-column', 'train.tsv') // 1
 */
export function resolveColumn(
  spec: ColumnSpec,
  header: readonly string[] | undefined,
  width: number,
  flag: string,
  file: string,
): number {
  if (typeof spec === 'string' && header !== undefined) {
    const byName = header.indexOf(spec);
    if (byName !== -1) return byName;
  }
  const index = typeof spec === 'number' ? spec : /^\d+$/.test(spec) ? Number(spec) : Number.NaN;
  if (Number.isNaN(index)) {
    const known =
      header === undefined ? 'the file has no header (give a 0-based index)' : `columns: ${header.join(', ')}`;
    throw new DataError(`${file}: ${flag} "${spec}" is not a column; ${known}`);
  }
  if (!(Number.isInteger(index) && index >= 0 && index < width)) {
    throw new DataError(`${file}: ${flag} ${index} is out of range; the file has ${width} columns (0…${width - 1})`);
  }
  return index;
}

/** The first of `names` in `header`, else `fallback` (an index) — for default columns (`sentence`, `label`, …). */
export function defaultColumn(
  header: readonly string[] | undefined,
  names: readonly string[],
  fallback: number,
): ColumnSpec {
  const found = header === undefined ? undefined : names.find((name) => header.includes(name));
  return found ?? fallback;
}
