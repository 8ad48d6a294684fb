import { TokenizerError } from './errors';
import type { Offsets, Token } from './types';

/** Where truncation removes tokens from, and where padding adds them. */
export type Direction = 'right' | 'left';

/** The fields of an `Encoding`, one entry per token unless noted. */
export interface EncodingFields {
  ids: number[];
  typeIds: number[];
  tokens: string[];
  /** Index of the word each token came from in its sequence; `null` for special and pad tokens. */
  wordIds: (number | null)[];
  /** `[start, end)` into the original string of the token's sequence, in UTF-16 code units; `[0, 0]` for added specials. */
  offsets: Offsets[];
  specialTokensMask: number[];
  attentionMask: number[];
  /** Windows cut off by truncation (with `stride` tokens of overlap), each a full encoding. */
  overflowing: Encoding[];
  /** Token range `[start, end)` of each input sequence (0 = first, 1 = pair); empty means one sequence covering all. */
  sequenceRanges: Map<number, [number, number]>;
}

/**
 * The output of a tokenizer, as HF `tokenizers`' `Encoding`: parallel arrays over tokens plus the mapping helpers
 * (`wordToTokens`, `charToToken`, …). Mutating methods (`truncate`, `pad`, `mergeWith`) work in place, like HF's.
 */
export class Encoding implements EncodingFields {
  ids: number[];
  typeIds: number[];
  tokens: string[];
  wordIds: (number | null)[];
  offsets: Offsets[];
  specialTokensMask: number[];
  attentionMask: number[];
  overflowing: Encoding[];
  sequenceRanges: Map<number, [number, number]>;

  constructor(fields: Partial<EncodingFields> = {}) {
    this.ids = fields.ids ?? [];
    this.typeIds = fields.typeIds ?? [];
    this.tokens = fields.tokens ?? [];
    this.wordIds = fields.wordIds ?? [];
    this.offsets = fields.offsets ?? [];
    this.specialTokensMask = fields.specialTokensMask ?? [];
    this.attentionMask = fields.attentionMask ?? [];
    this.overflowing = fields.overflowing ?? [];
    this.sequenceRanges = fields.sequenceRanges ?? new Map();
  }

  /** An encoding of model tokens: no word ids, all attended, none special. */
  static fromTokens(tokens: readonly Token[], typeId: number): Encoding {
    const length = tokens.length;
    return new Encoding({
      ids: tokens.map((token) => token.id),
      tokens: tokens.map((token) => token.value),
      offsets: tokens.map((token) => token.offsets),
      wordIds: new Array<number | null>(length).fill(null),
      typeIds: new Array<number>(length).fill(typeId),
      attentionMask: new Array<number>(length).fill(1),
      specialTokensMask: new Array<number>(length).fill(0),
    });
  }

  /** Concatenates encodings; with `growingOffsets`, each one's offsets continue after the previous one's last end. */
  static merge(encodings: Iterable<Encoding>, growingOffsets: boolean): Encoding {
    const list = [...encodings];
    // One encoding merged into an empty one is itself (its sequence ranges and overflowing carry over unchanged).
    if (list.length === 1) return list[0]!;
    const merged = new Encoding();
    for (const encoding of list) merged.mergeWith(encoding, growingOffsets);
    return merged;
  }

  get length(): number {
    return this.ids.length;
  }

  get nSequences(): number {
    return this.sequenceRanges.size === 0 ? 1 : this.sequenceRanges.size;
  }

  /** Which input sequence (0 or 1) each token belongs to; `null` for tokens added by the post-processor. */
  get sequenceIds(): (number | null)[] {
    const sequences = new Array<number | null>(this.length).fill(null);
    for (let sequenceId = 0; sequenceId < this.nSequences; sequenceId++) {
      const [start, end] = this.sequenceRange(sequenceId);
      sequences.fill(sequenceId, start, end);
    }
    return sequences;
  }

  setSequenceId(sequenceId: number): void {
    this.sequenceRanges.set(sequenceId, [0, this.length]);
  }

  clone(): Encoding {
    return new Encoding({
      ids: [...this.ids],
      typeIds: [...this.typeIds],
      tokens: [...this.tokens],
      wordIds: [...this.wordIds],
      offsets: this.offsets.map(([start, end]) => [start, end]),
      specialTokensMask: [...this.specialTokensMask],
      attentionMask: [...this.attentionMask],
      overflowing: this.overflowing.map((encoding) => encoding.clone()),
      sequenceRanges: new Map([...this.sequenceRanges].map(([id, [start, end]]) => [id, [start, end]])),
    });
  }

  private sequenceRange(sequenceId: number): [number, number] {
    return this.sequenceRanges.get(sequenceId) ?? [0, this.length];
  }

  tokenToSequence(token: number): number | undefined {
    if (token > this.length) return undefined;
    if (this.sequenceRanges.size === 0) return 0;
    for (const [sequenceId, [start, end]] of this.sequenceRanges) {
      if (token >= start && token < end) return sequenceId;
    }
    return undefined;
  }

  /** Token range `[start, end)` of word `word` in sequence `sequenceId`. */
  wordToTokens(word: number, sequenceId = 0): [number, number] | undefined {
    const [rangeStart, rangeEnd] = this.sequenceRange(sequenceId);
    let start: number | undefined;
    let end: number | undefined;
    for (let index = rangeStart; index < rangeEnd; index++) {
      const wordId = this.wordIds[index];
      // HF stops at the first word id greater than the one searched (word ids grow within a sequence).
      if (wordId !== null && wordId !== undefined && wordId > word) break;
      if (wordId === word) {
        start ??= index;
        end = index + 1;
      }
    }
    return start !== undefined && end !== undefined ? [start, end] : undefined;
  }

  /** Offsets `[start, end)` of word `word` in sequence `sequenceId`. */
  wordToChars(word: number, sequenceId = 0): Offsets | undefined {
    const tokens = this.wordToTokens(word, sequenceId);
    if (!tokens) return undefined;
    const [first, last] = [this.offsets[tokens[0]], this.offsets[tokens[1] - 1]];
    return first && last ? [first[0], last[1]] : undefined;
  }

  tokenToChars(token: number): Offsets | undefined {
    if (this.tokenToSequence(token) === undefined) return undefined;
    return this.offsets[token];
  }

  tokenToWord(token: number): number | undefined {
    if (this.tokenToSequence(token) === undefined) return undefined;
    return this.wordIds[token] ?? undefined;
  }

  /** Index of the token whose offsets contain `position` (UTF-16) in sequence `sequenceId`. */
  charToToken(position: number, sequenceId = 0): number | undefined {
    const [start, end] = this.sequenceRange(sequenceId);
    for (let index = start; index < end; index++) {
      const offsets = this.offsets[index];
      if (offsets && position >= offsets[0] && position < offsets[1]) return index;
    }
    return undefined;
  }

  charToWord(position: number, sequenceId = 0): number | undefined {
    const token = this.charToToken(position, sequenceId);
    return token === undefined ? undefined : this.tokenToWord(token);
  }

  private part(start: number, stop: number): Encoding {
    return new Encoding({
      ids: this.ids.slice(start, stop),
      typeIds: this.typeIds.slice(start, stop),
      tokens: this.tokens.slice(start, stop),
      wordIds: this.wordIds.slice(start, stop),
      offsets: this.offsets.slice(start, stop),
      specialTokensMask: this.specialTokensMask.slice(start, stop),
      attentionMask: this.attentionMask.slice(start, stop),
    });
  }

  /**
   * Keeps `maxLength` tokens; what is cut goes to `overflowing` as windows of `maxLength` tokens that overlap the
   * previous one by `stride` tokens (HF semantics, including losing `sequenceRanges`).
   */
  truncate(maxLength: number, stride: number, direction: Direction = 'right'): void {
    const length = this.length;
    if (maxLength >= length) return;
    if (maxLength === 0) {
      const whole = this.clone();
      Object.assign(this, new Encoding({ overflowing: [whole] }));
      return;
    }
    if (stride >= maxLength) {
      throw new TokenizerError(
        `truncation stride (${stride}) must be smaller than the length kept (${maxLength} tokens, after room for special tokens)`,
      );
    }
    const step = maxLength - stride;
    const parts: [number, number][] = [];
    if (direction === 'right') {
      for (let start = 0; start < length; start += step) {
        const stop = Math.min(start + maxLength, length);
        parts.push([start, stop]);
        if (stop === length) break;
      }
    } else {
      for (let last = length - 1; last >= 0; last -= step) {
        const stop = last + 1;
        const start = Math.max(0, stop - maxLength);
        parts.push([start, stop]);
        if (start === 0) break;
      }
    }
    const [first, ...rest] = parts.map(([start, stop]) => this.part(start, stop));
    if (!first) return;
    first.overflowing = rest;
    Object.assign(this, first);
  }

  /** Appends `pair` in place; overflowing windows are combined pairwise as HF does. */
  mergeWith(pair: Encoding, growingOffsets: boolean): void {
    const overflowings: Encoding[] = [];
    for (const selfOverflow of this.overflowing) {
      const merged = selfOverflow.clone();
      merged.mergeWith(pair.clone(), growingOffsets);
      overflowings.push(merged);
      for (const otherOverflow of pair.overflowing) {
        const crossed = selfOverflow.clone();
        crossed.mergeWith(otherOverflow.clone(), growingOffsets);
        overflowings.push(crossed);
      }
    }
    for (const otherOverflow of pair.overflowing) {
      const crossed = this.clone();
      crossed.mergeWith(otherOverflow.clone(), growingOffsets);
      overflowings.push(crossed);
    }

    const originalLength = this.length;
    for (const [sequenceId, [start, end]] of pair.sequenceRanges) {
      this.sequenceRanges.set(sequenceId, [originalLength + start, originalLength + end]);
    }
    const startingOffset = growingOffsets ? (this.offsets[this.offsets.length - 1]?.[1] ?? 0) : 0;
    this.ids = this.ids.concat(pair.ids);
    this.typeIds = this.typeIds.concat(pair.typeIds);
    this.tokens = this.tokens.concat(pair.tokens);
    this.wordIds = this.wordIds.concat(pair.wordIds);
    this.offsets = this.offsets.concat(
      startingOffset === 0
        ? pair.offsets
        : pair.offsets.map(([start, end]): Offsets => [start + startingOffset, end + startingOffset]),
    );
    this.specialTokensMask = this.specialTokensMask.concat(pair.specialTokensMask);
    this.attentionMask = this.attentionMask.concat(pair.attentionMask);
    this.overflowing = overflowings;
  }

  /** Pads to `targetLength` (no-op when already as long); overflowing windows are padded too. */
  pad(targetLength: number, padId: number, padTypeId: number, padToken: string, direction: Direction = 'right'): void {
    for (const overflow of this.overflowing) overflow.pad(targetLength, padId, padTypeId, padToken, direction);
    const padLength = targetLength - this.length;
    if (padLength <= 0) return;
    const fill = <T>(value: T): T[] => new Array<T>(padLength).fill(value);
    const offsets = Array.from({ length: padLength }, (): Offsets => [0, 0]);
    if (direction === 'left') {
      this.ids = [...fill(padId), ...this.ids];
      this.typeIds = [...fill(padTypeId), ...this.typeIds];
      this.tokens = [...fill(padToken), ...this.tokens];
      this.wordIds = [...fill<number | null>(null), ...this.wordIds];
      this.attentionMask = [...fill(0), ...this.attentionMask];
      this.specialTokensMask = [...fill(1), ...this.specialTokensMask];
      this.offsets = [...offsets, ...this.offsets];
      // HF leaves sequence ranges pointing at the old positions after left padding; shift them so sequenceIds stay right.
      for (const [sequenceId, [start, end]] of this.sequenceRanges) {
        this.sequenceRanges.set(sequenceId, [start + padLength, end + padLength]);
      }
    } else {
      this.ids.push(...fill(padId));
      this.typeIds.push(...fill(padTypeId));
      this.tokens.push(...fill(padToken));
      this.wordIds.push(...fill<number | null>(null));
      this.attentionMask.push(...fill(0));
      this.specialTokensMask.push(...fill(1));
      this.offsets.push(...offsets);
    }
  }
}
