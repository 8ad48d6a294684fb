import { DataError } from '@bert/core';
import type { AttentionDocument } from './attention-document.js';

/**
 * The shortest decimal text that reads back as the same float32: 9 significant digits always suffice, most
 * probabilities need 7–8, so `attention.json` stays about half the size of printing the float64 widening.
 *
 * @example float32Text(Math.fround(0.1)) // '0.1' (String() would print '0.10000000149011612')
 */
export function float32Text(value: number): string {
  const single = Math.fround(value);
  if (!Number.isFinite(single)) throw new DataError(`attention value ${value} is not finite`);
  if (single === 0) return '0';
  // Round-tripping is monotone in the digit count (a p-digit decimal is also a (p+1)-digit one), so bisect.
  let low = 1;
  let high = 9;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (Math.fround(Number(single.toPrecision(middle))) === single) high = middle;
    else low = middle + 1;
  }
  return String(Number(single.toPrecision(low)));
}

/**
 * `attention.json` text: the document's fields in a fixed order, one query row of `attention` per line so the file
 * stays readable in an editor and diffable between checkpoints.
 */
export function serializeAttentionJson(document: AttentionDocument): string {
  const { attention, ...fields } = document;
  const header = JSON.stringify(fields, null, 2).slice(0, -2); // drop the closing "\n}"
  const layers = attention.map((heads) => {
    const blocks = heads.map((rows) => {
      const lines = rows.map((row) => `[${row.map(float32Text).join(',')}]`);
      return `[\n${lines.join(',\n')}\n]`;
    });
    return `[\n${blocks.join(',\n')}\n]`;
  });
  return `${header},\n  "attention": [\n${layers.join(',\n')}\n]\n}\n`;
}
