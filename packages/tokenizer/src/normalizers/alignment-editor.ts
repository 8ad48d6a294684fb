import type { NormalizedString } from '../normalized-string';

/**
 * Builds a new normalized text and its alignments from pieces of the old one (`copy`: old code units keep their
 * spans) and new text (`pushText` + `pushSpan`: every new code unit takes the span of one old code unit, or `[0, 0)`
 * for -1). Spans are written to one shared scratch buffer (editors never overlap in time); `commit` copies them out.
 */
let scratch = new Int32Array(1024);

export class AlignmentEditor {
  private readonly parts: string[] = [];
  /** Code units written so far. */
  private length = 0;

  constructor(private readonly target: NormalizedString) {}

  copy(from: number, to: number): void {
    if (to <= from) return;
    this.parts.push(this.target.normalized.slice(from, to));
    this.reserve(to - from);
    const spans = scratch;
    let write = 2 * this.length;
    this.length += to - from;
    const array = this.target.alignmentArray();
    if (array === undefined) {
      // Identity: each unit spans its own character (both halves of a surrogate pair span the pair).
      const text = this.target.normalized;
      for (let unit = from; unit < to; unit++) {
        const code = text.charCodeAt(unit);
        if (code >= 0xd800 && code <= 0xdfff) {
          spans[write++] = this.target.alignStart(unit);
          spans[write++] = this.target.alignEnd(unit);
        } else {
          spans[write++] = unit;
          spans[write++] = unit + 1;
        }
      }
      return;
    }
    const { at, base } = array;
    if (base === 0) {
      spans.set(array.spans.subarray(2 * (at + from), 2 * (at + to)), write);
      return;
    }
    for (let read = 2 * (at + from); read < 2 * (at + to); read++) spans[write++] = array.spans[read]! - base;
  }

  /** New text whose spans follow through `pushSpan`. */
  pushText(text: string): void {
    if (text !== '') this.parts.push(text);
  }

  /** `units` code units spanning like old code unit `source` (`[0, 0)` for -1). */
  pushSpan(source: number, units: number): void {
    this.reserve(units);
    const start = source < 0 ? 0 : this.target.alignStart(source);
    const end = source < 0 ? 0 : this.target.alignEnd(source);
    const spans = scratch;
    let write = 2 * this.length;
    for (let unit = 0; unit < units; unit++) {
      spans[write++] = start;
      spans[write++] = end;
    }
    this.length += units;
  }

  insert(text: string, source: number): void {
    this.pushText(text);
    this.pushSpan(source, text.length);
  }

  commit(): void {
    this.target.setEdited(this.parts.join(''), scratch.slice(0, 2 * this.length));
  }

  private reserve(extra: number): void {
    const needed = 2 * (this.length + extra);
    if (needed <= scratch.length) return;
    const grown = new Int32Array(Math.max(needed, scratch.length * 2));
    grown.set(scratch.subarray(0, 2 * this.length));
    scratch = grown;
  }
}
