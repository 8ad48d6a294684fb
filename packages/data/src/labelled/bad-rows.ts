import { DataError } from '@bert/core';
import type { BadRowOptions } from './labelled-example';

/** Raised for a malformed row; `BadRows.guard` catches exactly these when rows may be skipped. */
export class BadRowError extends DataError {
  override name = 'DataError';
}

/** Applies the bad-row policy: throw the first `BadRowError`, or count and report each one. */
export class BadRows {
  skipped = 0;

  constructor(private readonly options: BadRowOptions) {}

  /** Runs `parse` for one row; a `BadRowError` becomes a skip (returns undefined) when skipping is on. */
  guard<T>(parse: () => T): T | undefined {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof BadRowError) || this.options.skipBadRows !== true) throw error;
      this.skipped++;
      this.options.onWarning?.(`skipped: ${error.message}`);
      return undefined;
    }
  }
}

/** `file:line: problem` as a `BadRowError`. */
export function badRow(file: string, line: number, problem: string): BadRowError {
  return new BadRowError(`${file}:${line}: ${problem}`);
}
