import { AlignmentEditor } from './normalizers/alignment-editor';
import { isWhitespace } from './normalizers/char-classes';
import {
  codeUnitsAt,
  findMatches,
  invertMatches,
  type Pattern,
  type SplitDelimiterBehavior,
  splitRanges,
} from './normalizers/find-matches';
import { type NormalizationForm, normalizationEdits } from './normalizers/unicode-forms';
import type { Offsets } from './types';

export type { Pattern, SplitDelimiterBehavior };

/**
 * A string being normalized, with the alignment of every normalized code unit to a `[start, end)` span of the
 * original (HF `tokenizers`' `NormalizedString`, on UTF-16 indices instead of UTF-8 bytes: every code unit of a
 * character carries that character's span, so the two are equivalent). Inserted characters take the span of the
 * character before them (or `[0, 0)` at the very start); replaced ones keep the span of what they replace.
 *
 * ```ts
 * const text = new NormalizedString('Héllo');
 * text.nfd();                       // 'He\u0301llo': the accent is a new character aligned to 'é'
 * text.filter((c) => c !== '\u0301');
 * text.lowercase();                 // 'hello'
 * text.convertOffsets([1, 2]);      // [1, 2]: 'e' came from 'é'
 * ```
 *
 * Alignments live in typed arrays created only when needed: as long as the text keeps the original's shape (same
 * length, each code unit where it was, e.g. after lowercasing ASCII), the alignment is the identity and none exists.
 */
export class NormalizedString {
  /** The original is `source.slice(sourceStart, sourceEnd)`, cut only when asked for (slices rarely need it). */
  private source: string;
  private sourceStart: number;
  private sourceEnd: number;
  private originalCache: string | undefined;
  private text: string;
  private shift: number;
  /**
   * Code unit `i` spans `spans[2 * (at + i)] - base` to `spans[2 * (at + i) + 1] - base` of the original: slices share
   * their parent's array, so cutting words allocates no alignment.
   */
  private spans: Int32Array | undefined;
  private at: number;
  private base: number;

  constructor(original: string) {
    this.source = original;
    this.sourceStart = 0;
    this.sourceEnd = original.length;
    this.originalCache = original;
    this.text = original;
    this.shift = 0;
    this.spans = undefined;
    this.at = 0;
    this.base = 0;
  }

  /** The text before normalization (this slice of it, for a slice). */
  get original(): string {
    if (this.originalCache === undefined) this.originalCache = this.source.slice(this.sourceStart, this.sourceEnd);
    return this.originalCache;
  }

  get normalized(): string {
    return this.text;
  }

  /** Where `original` starts in the full input. */
  get originalShift(): number {
    return this.shift;
  }

  /** Length of the normalized text in UTF-16 code units. */
  get length(): number {
    return this.text.length;
  }

  isEmpty(): boolean {
    return this.text.length === 0;
  }

  /** `[originalShift, originalShift + original.length]`: where this string sits in the full input. */
  offsetsOriginal(): Offsets {
    return [this.shift, this.shift + this.sourceEnd - this.sourceStart];
  }

  /**
   * The span of `original` that the normalized range `[start, end)` comes from (HF `convert_offsets` with
   * `Range::Normalized`): first unit's start to last unit's end. An empty range is returned as it is (HF does so);
   * `undefined` for a reversed range or one past the end.
   */
  convertOffsets(range: Offsets): Offsets | undefined {
    const [start, end] = range;
    if (start === end) return [start, end];
    if (start > end || start < 0 || end > this.text.length) return undefined;
    return [this.alignStart(start), this.alignEnd(end - 1)];
  }

  /** Per normalized code unit, its span in `original` (for tests and debugging). */
  getAlignments(): Offsets[] {
    return Array.from({ length: this.text.length }, (_, unit): Offsets => [this.alignStart(unit), this.alignEnd(unit)]);
  }

  /**
   * The part of this string whose normalized text is `range`, still aligned to the matching part of the original;
   * `undefined` if the range cuts a surrogate pair or leaves the string.
   */
  slice(range: Offsets): NormalizedString | undefined {
    const [start, end] = range;
    const length = this.text.length;
    if (start < 0 || end > length || start > end || !isBoundary(this.text, start) || !isBoundary(this.text, end)) {
      return undefined;
    }
    return this.sliceAt(start, end);
  }

  /**
   * Slices at the normalized ranges `[start, end, start, end, …]` (for pre-tokenizers that find their own word
   * boundaries); the same as calling `slice` on each, which must not return `undefined`.
   */
  sliceRanges(ranges: readonly number[]): NormalizedString[] {
    const slices: NormalizedString[] = [];
    const text = this.text;
    for (let index = 0; index < ranges.length; index += 2) {
      const start = ranges[index]!;
      const end = ranges[index + 1]!;
      if (start < 0 || end > text.length || start > end || !isBoundary(text, start) || !isBoundary(text, end)) {
        throw new RangeError(`sliceRanges: [${start}, ${end}) is not a slice of a ${text.length}-unit string`);
      }
      slices.push(this.sliceAt(start, end));
    }
    return slices;
  }

  private sliceAt(start: number, end: number): NormalizedString {
    const slice = new NormalizedString(this.source);
    slice.text = start === 0 && end === this.text.length ? this.text : this.text.slice(start, end);
    if (start === end) {
      // HF: an empty normalized range converts to itself, so the slice starts there with an empty original.
      slice.sourceStart = slice.sourceEnd = this.sourceStart;
      slice.originalCache = '';
      slice.shift = this.shift + start;
      return slice;
    }
    const spans = this.spans;
    if (spans === undefined) {
      // Identity alignment: the same range of the original.
      slice.sourceStart = this.sourceStart + start;
      slice.sourceEnd = this.sourceStart + end;
      slice.originalCache = undefined;
      slice.shift = this.shift + start;
      return slice;
    }
    const originalStart = this.alignStart(start);
    const originalEnd = Math.max(originalStart, this.alignEnd(end - 1));
    slice.sourceStart = this.sourceStart + originalStart;
    slice.sourceEnd = this.sourceStart + originalEnd;
    slice.originalCache = undefined;
    slice.shift = this.shift + originalStart;
    slice.spans = spans;
    slice.at = this.at + start;
    slice.base = this.base + originalStart;
    return slice;
  }

  /** Splits on `pattern` (HF `split`); `invert` makes the non-matching pieces the delimiters. */
  split(pattern: Pattern, behavior: SplitDelimiterBehavior, invert = false): NormalizedString[] {
    const pieces = findMatches(this.text, pattern);
    if (invert) invertMatches(pieces);
    return this.sliceRanges(splitRanges(pieces, behavior));
  }

  /**
   * Rewrites the whole normalized text (HF `transform`). `changes` yields each character of the new text with:
   * `0` if it replaces the next old character, `1` if it is inserted (it takes the span of the code unit before
   * it), `-n` if it replaces the next old character and the `n` after it are removed. `initialOffset` old characters
   * are removed before the first one. A string of several code points counts as its first with the given change
   * followed by insertions.
   */
  transform(changes: Iterable<[string, number]>, initialOffset: number): void {
    this.transformRange([0, this.text.length], changes, initialOffset);
  }

  /** `transform` restricted to the normalized range `range` (HF `transform_range` with `Range::Normalized`). */
  transformRange(range: Offsets, changes: Iterable<[string, number]>, initialOffset: number): void {
    const parts: string[] = [];
    const changeList: number[] = [];
    for (const [char, change] of changes) {
      let first = true;
      for (const codePoint of char) {
        parts.push(codePoint);
        changeList.push(first ? change : 1);
        first = false;
      }
    }
    this.applyChanges(range[0], range[1], parts.join(''), changeList, initialOffset);
  }

  lowercase(): void {
    const text = this.text;
    // Per character, as Rust's char::to_lowercase: no final-sigma rule (JS maps a word-final Σ to ς).
    const lower = text.includes('Σ') ? text.split('Σ').map(toLower).join('σ') : text.toLowerCase();
    if (lower.length === text.length)
      this.text = lower; // only İ → i̇ changes the length; nothing else grows/shrinks
    else if (lower !== text) this.mapCodePoints((char) => (char === 'Σ' ? 'σ' : char.toLowerCase()));
  }

  uppercase(): void {
    const upper = this.text.toUpperCase();
    // No uppercase mapping shortens a character, so an unchanged length means every character kept its width.
    if (upper.length === this.text.length) this.text = upper;
    else this.mapCodePoints((char) => char.toUpperCase());
  }

  nfd(): void {
    this.normalizeForm('NFD');
  }

  nfkd(): void {
    this.normalizeForm('NFKD');
  }

  nfc(): void {
    this.normalizeForm('NFC');
  }

  nfkc(): void {
    this.normalizeForm('NFKC');
  }

  /** Keeps the code points for which `keep` is true; each kept one keeps its own span. */
  filter(keep: (codePoint: string) => boolean): void {
    const text = this.text;
    this.filterCodePoints((codePoint, index) => keep(text.slice(index, index + (codePoint > 0xffff ? 2 : 1))));
  }

  /** `filter` on code point numbers (`index` is the code unit index), the form the normalizers use. */
  filterCodePoints(keep: (codePoint: number, index: number) => boolean): void {
    const text = this.text;
    let kept: number[] | undefined; // [from, to, from, to, …] runs of kept code units
    let runStart = 0;
    for (let index = 0; index < text.length; ) {
      const codePoint = text.codePointAt(index)!;
      const width = codePoint > 0xffff ? 2 : 1;
      if (!keep(codePoint, index)) {
        kept ??= [];
        kept.push(runStart, index);
        runStart = index + width;
      }
      index += width;
    }
    if (kept === undefined) return;
    kept.push(runStart, text.length);
    const editor = new AlignmentEditor(this);
    for (let run = 0; run < kept.length; run += 2) editor.copy(kept[run]!, kept[run + 1]!);
    editor.commit();
  }

  /**
   * Puts `padding` before and after every code point that passes `test`, all aligned to that code point, as HF's
   * BERT `handle_chinese_chars` does with `[(' ', 0), (c, 1), (' ', 1)]`.
   */
  surroundCodePoints(test: (codePoint: number) => boolean, padding: string): void {
    const text = this.text;
    const found: number[] = []; // code unit index of each code point to surround (`test` runs before any edit)
    for (let index = 0; index < text.length; ) {
      const codePoint = text.codePointAt(index)!;
      if (test(codePoint)) found.push(index);
      index += codePoint > 0xffff ? 2 : 1;
    }
    if (found.length === 0) return;
    const editor = new AlignmentEditor(this);
    let copied = 0;
    for (const index of found) {
      const width = codeUnitsAt(text, index);
      editor.copy(copied, index);
      editor.insert(padding + text.slice(index, index + width) + padding, index);
      copied = index + width;
    }
    editor.copy(copied, text.length);
    editor.commit();
  }

  /** Maps each code point to a string (HF `map` when one-to-one); extra code points are insertions. */
  map(mapping: (codePoint: string) => string): void {
    this.mapCodePoints(mapping);
  }

  /**
   * Replaces every match of `pattern` with `content` (HF `replace`). Following HF, the new characters take the span
   * of the last matched character: replacing `ab` with `X` in `ab` aligns `X` to `b`.
   */
  replace(pattern: Pattern, content: string): void {
    const pieces = findMatches(this.text, pattern);
    if (!pieces.some((flag, index) => index % 3 === 2 && flag === 1)) return;
    const editor = new AlignmentEditor(this);
    let growth = 0;
    for (let index = 0; index < pieces.length; index += 3) {
      const start = pieces[index]!;
      const end = pieces[index + 1]!;
      if (pieces[index + 2] === 0) {
        editor.copy(start, end);
        continue;
      }
      // HF inserts with the span of the unit before the match end in the text as rewritten so far.
      editor.insert(content, end + growth < 1 ? -1 : end - 1);
      growth += content.length - (end - start);
    }
    editor.commit();
  }

  /** Puts `prefix` before the text, aligned to the first character (HF `prepend`; nothing happens if empty). */
  prepend(prefix: string): void {
    if (this.text === '') return;
    const first = this.text.slice(0, codeUnitsAt(this.text, 0));
    const parts = Array.from(prefix);
    const changes = parts.map((_, index) => (index === 0 ? 0 : 1));
    this.applyChanges(0, first.length, parts.join('') + first, [...changes, 1], 0);
  }

  /** Puts `suffix` after the text, aligned to the last character (HF `append`; nothing happens if empty). */
  append(suffix: string): void {
    const text = this.text;
    if (text === '') return;
    const lastWidth = isBoundary(text, text.length - 1) ? 1 : 2;
    const parts = Array.from(suffix);
    this.applyChanges(
      text.length - lastWidth,
      text.length,
      text.slice(-lastWidth) + suffix,
      [0, ...parts.map(() => 1)],
      0,
    );
  }

  /** Removes leading whitespace (Unicode White_Space). */
  lstrip(): void {
    this.stripSides(true, false);
  }

  /** Removes trailing whitespace. */
  rstrip(): void {
    this.stripSides(false, true);
  }

  strip(): void {
    this.stripSides(true, true);
  }

  /** Removes the whole normalized text (HF `clear`); returns how many code units were removed. */
  clear(): number {
    const length = this.text.length;
    this.applyChanges(0, length, '', [], length);
    return length;
  }

  /**
   * Replaces the normalized text by `text` of the same shape: same length, and every code unit standing for the
   * character at the same index (e.g. an ASCII case change). Alignments are kept; for the normalizers' fast paths.
   */
  replaceSameShape(text: string): void {
    if (text.length !== this.text.length) throw new RangeError('replaceSameShape: the length changed');
    this.text = text;
  }

  /** @internal The span of normalized code unit `unit`. */
  alignStart(unit: number): number {
    const spans = this.spans;
    if (spans !== undefined) return spans[2 * (this.at + unit)]! - this.base;
    return unit > 0 && !isBoundary(this.text, unit) ? unit - 1 : unit;
  }

  /** @internal */
  alignEnd(unit: number): number {
    const spans = this.spans;
    if (spans !== undefined) return spans[2 * (this.at + unit) + 1]! - this.base;
    return unit + codeUnitsAt(this.text, unit);
  }

  /** @internal Used by `AlignmentEditor`. */
  alignmentArray(): { spans: Int32Array; at: number; base: number } | undefined {
    return this.spans !== undefined ? { spans: this.spans, at: this.at, base: this.base } : undefined;
  }

  /** @internal Used by `AlignmentEditor`. */
  setEdited(text: string, spans: Int32Array): void {
    this.text = text;
    this.spans = spans;
    this.at = 0;
    this.base = 0;
  }

  private normalizeForm(form: NormalizationForm): void {
    const edits = normalizationEdits(this.text, form);
    if (edits === undefined || edits.length === 0) return;
    // One HF transform of the whole text; unchanged characters (change 0) keep their spans, so copy them.
    const editor = new AlignmentEditor(this);
    let copied = 0;
    for (const edit of edits) {
      editor.copy(copied, edit.start);
      this.transformInto(editor, edit.start, edit.end, edit.text, edit.changes, 0);
      copied = edit.end;
    }
    editor.copy(copied, this.text.length);
    editor.commit();
  }

  private mapCodePoints(mapping: (codePoint: string) => string): void {
    const text = this.text;
    const parts: string[] = [];
    const changes: number[] = [];
    for (const char of text) {
      let first = true;
      for (const codePoint of mapping(char)) {
        parts.push(codePoint);
        changes.push(first ? 0 : 1);
        first = false;
      }
    }
    const mapped = parts.join('');
    if (mapped === text) return;
    this.applyChanges(0, text.length, mapped, changes, 0);
  }

  private stripSides(left: boolean, right: boolean): void {
    const text = this.text;
    let start = 0;
    let end = text.length;
    if (left) while (start < end && isWhitespace(text.codePointAt(start)!)) start += codeUnitsAt(text, start);
    if (right) {
      while (end > start) {
        const width = isBoundary(text, end - 1) ? 1 : 2;
        if (!isWhitespace(text.codePointAt(end - width)!)) break;
        end -= width;
      }
    }
    if (start === 0 && end === text.length) return;
    const editor = new AlignmentEditor(this);
    editor.copy(start, end);
    editor.commit();
  }

  /**
   * HF `transform_range` on `[start, end)`: `text` replaces that range, `changes` has one entry per code point of
   * `text`. `position` walks the old range like HF's byte offset; new characters take the span at `position`
   * (replacements) or just before it (insertions).
   */
  private applyChanges(
    start: number,
    end: number,
    text: string,
    changes: ArrayLike<number>,
    initialOffset: number,
  ): void {
    const editor = new AlignmentEditor(this);
    editor.copy(0, start);
    this.transformInto(editor, start, end, text, changes, initialOffset);
    editor.copy(end, this.text.length);
    editor.commit();
  }

  /** The body of `applyChanges`: writes the new text of `[start, end)` and its spans into `editor`. */
  private transformInto(
    editor: AlignmentEditor,
    start: number,
    end: number,
    text: string,
    changes: ArrayLike<number>,
    initialOffset: number,
  ): void {
    const old = this.text;
    let position = start;
    for (let removed = 0; removed < initialOffset && position < end; removed++) position += codeUnitsAt(old, position);
    editor.pushText(text);
    let unit = 0;
    for (let index = 0; index < changes.length; index++) {
      const change = changes[index]!;
      let source: number;
      if (change > 0) {
        source = position < 1 ? -1 : position - 1;
      } else {
        // HF panics past the end of the string; keep the last span instead.
        source = position < old.length ? position : old.length - 1;
        if (position < end) position += codeUnitsAt(old, position);
        for (let removed = change; removed < 0 && position < end; removed++) position += codeUnitsAt(old, position);
      }
      const width = codeUnitsAt(text, unit);
      editor.pushSpan(source, width);
      unit += width;
    }
  }
}

function toLower(text: string): string {
  return text.toLowerCase();
}

/** False inside a surrogate pair. */
function isBoundary(text: string, index: number): boolean {
  if (index <= 0 || index >= text.length) return true;
  const code = text.charCodeAt(index);
  if (code < 0xdc00 || code > 0xdfff) return true;
  const previous = text.charCodeAt(index - 1);
  return previous < 0xd800 || previous > 0xdbff;
}
