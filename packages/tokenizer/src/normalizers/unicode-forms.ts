import { NORMALIZATION_UNKNOWN_CLASS } from './char-classes';

export type NormalizationForm = 'NFD' | 'NFKD' | 'NFC' | 'NFKC';

/** A range of the text, `[start, end)` in UTF-16 units, rewritten: `changes` has HF's change per code point of `text`. */
export interface NormalizationEdit {
  start: number;
  end: number;
  text: string;
  changes: number[];
}

const UNKNOWN = new RegExp(NORMALIZATION_UNKNOWN_CLASS, 'gv');
const NON_ASCII_RUN = /[^\x00-\x7f]+/g;
const decompositionCache = { NFD: new Map<number, string>(), NFKD: new Map<number, string>() };
const canonicalPartsCache = new Map<number, number[]>();

/**
 * Normalizes `text` to `form` with the `(char, change)` pairs of HF's `unicode-normalization-alignments` crate, as
 * edits of the ranges that change (none: `undefined`); characters outside them keep change 0.
 *
 * The crate decomposes each character (its first code point gets change 0, the others +1), sorts combining marks by
 * class (changes travel with their code points), and, for NFC/NFKC, composes: a composite carries the sum of its
 * parts' changes minus the number of parts absorbed. We let `String.prototype.normalize` choose the output and only
 * recover which input each output code point came from: code points equal to each other keep their relative order
 * in a stable sort, so the earliest unused candidate is always the right one. E.g. NFC of `e\u0301` (elements `e`:0,
 * `\u0301`:0) is `é` with change 0 + 0 − 1 = −1 (`é` replaces `e`, the accent is removed, so `é` maps to `e` alone),
 * and NFC of a precomposed `é` (elements `e`:0, `\u0301`:+1) is `é` with change 0.
 *
 * Only non-ASCII runs are looked at, each with the ASCII character before it (`e` + U+0301 composes): ASCII never
 * changes and nothing reorders or combines across an ASCII character. Characters HF's tables do not know
 * (`NORMALIZATION_UNKNOWN`) pass through unchanged, and the text between them is normalized on its own, as HF
 * treats them as starters that never decompose or combine.
 */
export function normalizationEdits(text: string, form: NormalizationForm): NormalizationEdit[] | undefined {
  // If Node's newer tables leave the text alone, HF's older ones do too: unknown characters only ever block.
  if (text.normalize(form) === text) return undefined;
  const edits: NormalizationEdit[] = [];
  let done = 0;
  NON_ASCII_RUN.lastIndex = 0;
  for (let run = NON_ASCII_RUN.exec(text); run !== null; run = NON_ASCII_RUN.exec(text)) {
    const start = run.index > done ? run.index - 1 : run.index;
    const end = run.index + run[0].length;
    const segment = text.slice(start, end);
    if (segment.normalize(form) !== segment) edits.push(normalizeSegment(segment, start, form));
    done = end;
  }
  return edits;
}

function normalizeSegment(segment: string, start: number, form: NormalizationForm): NormalizationEdit {
  const output: string[] = [];
  const changes: number[] = [];
  let chunkStart = 0;
  UNKNOWN.lastIndex = 0;
  for (let match = UNKNOWN.exec(segment); match !== null; match = UNKNOWN.exec(segment)) {
    normalizeChunk(segment.slice(chunkStart, match.index), form, output, changes);
    output.push(match[0]);
    changes.push(0);
    chunkStart = match.index + match[0].length;
  }
  normalizeChunk(segment.slice(chunkStart), form, output, changes);
  return { start, end: start + segment.length, text: output.join(''), changes };
}

function normalizeChunk(chunk: string, form: NormalizationForm, output: string[], changes: number[]): void {
  if (chunk === '') return;
  const decomposeForm = form === 'NFKC' || form === 'NFKD' ? 'NFKD' : 'NFD';
  // 1. Every code point's own decomposition, in input order: the elements the crate sorts.
  const elements: number[] = [];
  const elementChanges: number[] = [];
  for (const char of chunk) {
    const parts = decomposition(char, decomposeForm);
    for (let index = 0; index < parts.length; ) {
      const codePoint = parts.codePointAt(index)!;
      elements.push(codePoint);
      elementChanges.push(index === 0 ? 0 : 1);
      index += codePoint > 0xffff ? 2 : 1;
    }
  }
  // 2. The decomposed text, matched back to the elements.
  const decomposed = chunk.normalize(decomposeForm);
  const decomposedCodePoints: number[] = [];
  const decomposedChanges: number[] = [];
  const used = new Uint8Array(elements.length);
  let first = 0;
  for (const char of decomposed) {
    const codePoint = char.codePointAt(0)!;
    const found = findUnused(elements, used, first, codePoint);
    decomposedCodePoints.push(codePoint);
    decomposedChanges.push(elementChanges[found]!);
    while (first < elements.length && used[first] === 1) first++;
  }
  if (form === 'NFD' || form === 'NFKD') {
    output.push(decomposed);
    for (const change of decomposedChanges) changes.push(change);
    return;
  }
  // 3. Composition: each output code point absorbs its canonical parts.
  const composed = chunk.normalize(form);
  const absorbed = new Uint8Array(decomposedCodePoints.length);
  first = 0;
  for (const char of composed) {
    const parts = canonicalParts(char);
    let change = 0;
    for (const part of parts) {
      const found = findUnused(decomposedCodePoints, absorbed, first, part);
      change += decomposedChanges[found]!;
      while (first < decomposedCodePoints.length && absorbed[first] === 1) first++;
    }
    output.push(char);
    changes.push(change - (parts.length - 1));
  }
}

function findUnused(codePoints: readonly number[], used: Uint8Array, from: number, codePoint: number): number {
  let index = from;
  while (index < codePoints.length && (used[index] === 1 || codePoints[index] !== codePoint)) index++;
  if (index === codePoints.length) {
    throw new Error(`normalization: U+${codePoint.toString(16).toUpperCase()} has no source (internal error)`);
  }
  used[index] = 1;
  return index;
}

function decomposition(char: string, form: 'NFD' | 'NFKD'): string {
  if (char.charCodeAt(0) < 0xa0) return char;
  const cache = decompositionCache[form];
  const codePoint = char.codePointAt(0)!;
  let parts = cache.get(codePoint);
  if (parts === undefined) {
    parts = char.normalize(form);
    cache.set(codePoint, parts);
  }
  return parts;
}

function canonicalParts(char: string): number[] {
  const codePoint = char.codePointAt(0)!;
  let parts = canonicalPartsCache.get(codePoint);
  if (parts === undefined) {
    parts = Array.from(char.normalize('NFD'), (part) => part.codePointAt(0)!);
    canonicalPartsCache.set(codePoint, parts);
  }
  return parts;
}
