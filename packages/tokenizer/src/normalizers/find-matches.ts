/**
 * HF's `Pattern::find_matches` and the split behaviours, on UTF-16 indices. A match list covers the whole text with
 * contiguous pieces, flattened as `[start, end, isMatch (1/0), start, end, isMatch, …]`.
 */

/** What to do with the pieces a pattern matched ("delimiters") when splitting. For `the-final--countdown` and `-`:
 * Removed `the final countdown`; Isolated `the - final - - countdown`; MergedWithPrevious `the- final- - countdown`;
 * MergedWithNext `the -final - -countdown`; Contiguous `the - final -- countdown`. */
export type SplitDelimiterBehavior = 'Removed' | 'Isolated' | 'MergedWithPrevious' | 'MergedWithNext' | 'Contiguous';

/**
 * A string (matched literally), a regular expression (searched like oniguruma's `find_iter`: an empty match right
 * where the previous match ended is skipped), or a test of one code point (each matching code point is its own
 * match).
 */
export type Pattern = string | RegExp | ((codePoint: string) => boolean);

const globalCopies = new WeakMap<RegExp, RegExp>();

/**
 * How HF's `Replace` and `Split` match a string pattern: as the regex of the escaped literal, so an empty string
 * matches the empty string at every position (`NormalizedString` itself treats `''` as matching nothing).
 */
export function literalAsRegex(pattern: string | RegExp): Pattern {
  return pattern === '' ? /(?:)/gu : pattern;
}

/** A `g` version of `regex` (without `y`), made once per regex. */
function searching(regex: RegExp): RegExp {
  if (regex.global && !regex.sticky) return regex;
  let copy = globalCopies.get(regex);
  if (copy === undefined) {
    copy = new RegExp(regex.source, `${regex.flags.replace(/[gy]/g, '')}g`);
    globalCopies.set(regex, copy);
  }
  return copy;
}

export function findMatches(text: string, pattern: Pattern): number[] {
  if (typeof pattern === 'string') return findString(text, pattern);
  if (pattern instanceof RegExp) return findRegex(text, searching(pattern));
  return findCodePoints(text, pattern);
}

/**
 * Just the matches of `regex` as `[start, end, …]`, searched like `findMatches` (what HF's
 * `split(Invert(regex), Removed)` keeps).
 */
export function matchRanges(text: string, regex: RegExp): number[] {
  const pieces = findMatches(text, regex);
  const ranges: number[] = [];
  for (let index = 0; index < pieces.length; index += 3) {
    if (pieces[index + 2] === 1) ranges.push(pieces[index]!, pieces[index + 1]!);
  }
  return ranges;
}

function findString(text: string, literal: string): number[] {
  // HF: an empty pattern matches nothing.
  if (literal === '' || text === '') return [0, text.length, 0];
  const pieces: number[] = [];
  let previous = 0;
  for (let start = text.indexOf(literal); start !== -1; start = text.indexOf(literal, previous)) {
    if (start > previous) pieces.push(previous, start, 0);
    previous = start + literal.length;
    pieces.push(start, previous, 1);
  }
  if (previous < text.length) pieces.push(previous, text.length, 0);
  return pieces;
}

function findRegex(text: string, regex: RegExp): number[] {
  if (text === '') return [0, 0, 0];
  const pieces: number[] = [];
  let previous = 0;
  let searchFrom = 0;
  let lastMatchEnd = -1;
  while (searchFrom <= text.length) {
    regex.lastIndex = searchFrom;
    const match = regex.exec(text);
    if (match === null) break;
    const start = match.index;
    const end = start + match[0].length;
    if (start === end && end === lastMatchEnd) {
      // oniguruma's find_iter: no empty match where the previous one ended; retry one code point further.
      searchFrom += codeUnitsAt(text, searchFrom);
      continue;
    }
    if (start > previous) pieces.push(previous, start, 0);
    pieces.push(start, end, 1);
    previous = end;
    searchFrom = end;
    lastMatchEnd = end;
  }
  regex.lastIndex = 0;
  if (previous < text.length) pieces.push(previous, text.length, 0);
  return pieces;
}

function findCodePoints(text: string, test: (codePoint: string) => boolean): number[] {
  if (text === '') return [0, 0, 0];
  const pieces: number[] = [];
  let previous = 0;
  for (let index = 0; index < text.length; ) {
    const width = codeUnitsAt(text, index);
    if (test(text.slice(index, index + width))) {
      if (index > previous) pieces.push(previous, index, 0);
      pieces.push(index, index + width, 1);
      previous = index + width;
    }
    index += width;
  }
  if (previous < text.length) pieces.push(previous, text.length, 0);
  return pieces;
}

/** Flips the match flags (HF's `Invert`). */
export function invertMatches(pieces: number[]): void {
  for (let flag = 2; flag < pieces.length; flag += 3) pieces[flag] = pieces[flag] === 1 ? 0 : 1;
}

/** The `[start, end, …]` ranges to keep for `behavior`, as HF's `NormalizedString::split` computes them. */
export function splitRanges(pieces: readonly number[], behavior: SplitDelimiterBehavior): number[] {
  const ranges: number[] = [];
  const count = pieces.length / 3;
  if (behavior === 'Isolated' || behavior === 'Removed') {
    for (let piece = 0; piece < count; piece++) {
      if (behavior === 'Removed' && pieces[piece * 3 + 2] === 1) continue;
      ranges.push(pieces[piece * 3]!, pieces[piece * 3 + 1]!);
    }
    return ranges;
  }
  if (behavior === 'MergedWithNext') {
    // Walk backwards: a delimiter joins the piece after it, unless that piece is a delimiter too.
    let nextIsMatch = false;
    const reversed: number[] = [];
    for (let piece = count - 1; piece >= 0; piece--) {
      const start = pieces[piece * 3]!;
      const isMatch = pieces[piece * 3 + 2] === 1;
      if (isMatch && !nextIsMatch && reversed.length > 0) reversed[reversed.length - 2] = start;
      else reversed.push(start, pieces[piece * 3 + 1]!);
      nextIsMatch = isMatch;
    }
    for (let index = reversed.length - 2; index >= 0; index -= 2) ranges.push(reversed[index]!, reversed[index + 1]!);
    return ranges;
  }
  let previousIsMatch = false;
  for (let piece = 0; piece < count; piece++) {
    const end = pieces[piece * 3 + 1]!;
    const isMatch = pieces[piece * 3 + 2] === 1;
    const merge = behavior === 'Contiguous' ? isMatch === previousIsMatch : isMatch && !previousIsMatch;
    if (merge && ranges.length > 0) ranges[ranges.length - 1] = end;
    else ranges.push(pieces[piece * 3]!, end);
    previousIsMatch = isMatch;
  }
  return ranges;
}

/** 2 at the start of a surrogate pair, else 1. */
export function codeUnitsAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
    const next = text.charCodeAt(index + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 2;
  }
  return 1;
}
