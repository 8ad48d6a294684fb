import { TokenizerError } from './errors';
import { NormalizedString } from './normalized-string';
import { PreTokenizedString, type Split } from './pre-tokenized-string';
import type { Model, Normalizer, Offsets } from './types';

/** A token added on top of the model's vocabulary (special tokens such as `[CLS]`, or user words). */
export interface AddedToken {
  content: string;
  /** Match only when not inside a word. */
  singleWord?: boolean;
  /** Absorb the whitespace before / after the token. */
  lstrip?: boolean;
  rstrip?: boolean;
  /** Match against the normalized text (default: true for normal tokens, false for special ones). */
  normalized?: boolean;
  special?: boolean;
}

type ResolvedAddedToken = Required<AddedToken>;

export function resolveAddedToken(token: AddedToken | string, special = false): ResolvedAddedToken {
  const base = typeof token === 'string' ? { content: token } : token;
  const isSpecial = base.special ?? special;
  return {
    content: base.content,
    singleWord: base.singleWord ?? false,
    lstrip: base.lstrip ?? false,
    rstrip: base.rstrip ?? false,
    normalized: base.normalized ?? !isSpecial,
    special: isSpecial,
  };
}

// Rust regex's Unicode \w (JS's \w is ASCII-only).
const WORD_CHAR = /[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]/u;
const WHITESPACE = /\p{White_Space}/u;

interface Matcher {
  regex: RegExp | undefined;
  byPattern: Map<string, { id: number; token: ResolvedAddedToken }>;
}

/**
 * HF's `AddedVocabulary`: finds added tokens in the input before the model sees it. Non-normalized tokens (special
 * tokens) are matched in the raw text, the others in the normalized text; matching is leftmost-longest.
 */
export class AddedVocabulary {
  private readonly tokenToIdMap = new Map<string, number>();
  private readonly idToTokenMap = new Map<number, ResolvedAddedToken>();
  private readonly ordered: ResolvedAddedToken[] = [];
  private readonly specialSet = new Set<string>();
  /** What `idToToken` returns: HF gives normalized added tokens back in their normalized form (`Covid` → `covid`). */
  private readonly idToText = new Map<number, string>();
  private rawMatcher: Matcher = { regex: undefined, byPattern: new Map() };
  private normalizedMatcher: Matcher = { regex: undefined, byPattern: new Map() };

  get size(): number {
    return this.tokenToIdMap.size;
  }

  getVocab(): Map<string, number> {
    return new Map(this.tokenToIdMap);
  }

  tokenToId(token: string): number | undefined {
    return this.tokenToIdMap.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.idToText.get(id) ?? this.idToTokenMap.get(id)?.content;
  }

  isSpecialToken(token: string): boolean {
    return this.specialSet.has(token);
  }

  /** Added tokens with their ids, in id order (the `added_tokens` of tokenizer.json). */
  entries(): Array<{ id: number; token: ResolvedAddedToken }> {
    return [...this.idToTokenMap].sort(([a], [b]) => a - b).map(([id, token]) => ({ id, token }));
  }

  /**
   * Adds tokens; a token already in the model keeps the model's id, a new one gets the next free id after the model's
   * vocabulary, unless `ids` gives it one (as when reading a tokenizer.json). Returns how many were new.
   */
  add(
    tokens: readonly ResolvedAddedToken[],
    model: Model,
    normalizer: Normalizer | undefined,
    ids?: readonly number[],
  ): number {
    let added = 0;
    tokens.forEach((token, index) => {
      if (token.content === '') return;
      if (token.special) this.specialSet.add(token.content);
      const existing = this.tokenToIdMap.get(token.content) ?? model.tokenToId(token.content);
      let id = ids?.[index] ?? existing;
      if (id === undefined) {
        const largest = Math.max(-1, ...this.idToTokenMap.keys());
        id = Math.max(model.getVocabSize(), largest + 1);
      }
      const modelToken = model.idToToken(id);
      if (modelToken !== undefined && modelToken !== token.content) {
        throw new TokenizerError(
          `added token "${token.content}" has id ${id}, which the model's vocabulary gives to "${modelToken}"`,
        );
      }
      if (existing === undefined && !this.tokenToIdMap.has(token.content)) added++;
      this.tokenToIdMap.set(token.content, id);
      this.idToTokenMap.set(id, token);
      const position = this.ordered.findIndex((known) => known.content === token.content);
      if (position >= 0) this.ordered[position] = token;
      else this.ordered.push(token);
    });
    this.refresh(normalizer);
    return added;
  }

  /** Rebuilds the matchers (call when the normalizer changes). */
  refresh(normalizer: Normalizer | undefined): void {
    const normalize = (content: string) => {
      if (!normalizer) return content;
      const normalized = new NormalizedString(content);
      normalizer.normalize(normalized);
      return normalized.normalized;
    };
    const ordered = [
      ...this.ordered.filter((token) => token.special),
      ...this.ordered.filter((token) => !token.special),
    ];
    this.rawMatcher = this.buildMatcher(
      ordered.filter((token) => !token.normalized),
      () => undefined,
    );
    this.normalizedMatcher = this.buildMatcher(
      ordered.filter((token) => token.normalized),
      normalize,
    );
    this.idToText.clear();
    for (const [id, token] of this.idToTokenMap) if (token.normalized) this.idToText.set(id, normalize(token.content));
  }

  private buildMatcher(tokens: ResolvedAddedToken[], normalize: (content: string) => string | undefined): Matcher {
    const byPattern = new Map<string, { id: number; token: ResolvedAddedToken }>();
    for (const token of tokens) {
      const pattern = normalize(token.content) ?? token.content;
      if (pattern !== '' && !byPattern.has(pattern))
        byPattern.set(pattern, { id: this.tokenToIdMap.get(token.content)!, token });
    }
    if (byPattern.size === 0) return { regex: undefined, byPattern };
    // Longest alternatives first: JS alternation is leftmost-first, so this yields leftmost-longest matches.
    const alternatives = [...byPattern.keys()]
      .sort((a, b) => b.length - a.length)
      .map((pattern) => pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return { regex: new RegExp(alternatives.join('|'), 'gu'), byPattern };
  }

  /** Splits `text` into `[id | undefined, [start, end)]` pieces covering it, ids where added tokens matched. */
  private findMatches(text: string, matcher: Matcher): Array<[number | undefined, Offsets]> {
    if (!matcher.regex || text === '') return [[undefined, [0, text.length]]];
    const pieces: Array<[number | undefined, Offsets]> = [];
    let cursor = 0;
    for (const match of text.matchAll(matcher.regex)) {
      let start = match.index;
      let stop = start + match[0].length;
      const { id, token } = matcher.byPattern.get(match[0])!;
      if (token.singleWord) {
        const before = start === 0 ? undefined : lastCodePoint(text, start);
        const after = stop === text.length ? undefined : String.fromCodePoint(text.codePointAt(stop)!);
        if ((before && WORD_CHAR.test(before)) || (after && WORD_CHAR.test(after))) continue;
      }
      if (token.lstrip) {
        let newStart = start;
        while (newStart > 0 && WHITESPACE.test(text[newStart - 1]!)) newStart--;
        start = Math.max(newStart, cursor);
      }
      if (token.rstrip) {
        while (stop < text.length && WHITESPACE.test(text[stop]!)) stop++;
      }
      if (cursor < start) pieces.push([undefined, [cursor, start]]);
      pieces.push([id, [start, stop]]);
      cursor = stop;
    }
    if (cursor !== text.length || pieces.length === 0) pieces.push([undefined, [cursor, text.length]]);
    return pieces;
  }

  private splitWithIndices(normalized: NormalizedString, matcher: Matcher): Split[] {
    const pieces = this.findMatches(normalized.normalized, matcher);
    if (pieces.length === 1 && pieces[0]![0] === undefined) return [{ normalized, tokens: undefined }];
    return pieces.map(([id, range]) => {
      const slice = normalized.slice(range)!;
      if (id === undefined) return { normalized: slice, tokens: undefined };
      const value = slice.normalized;
      return { normalized: slice, tokens: [{ id, value, offsets: [0, value.length] }] };
    });
  }

  /** Finds the added tokens, normalizing the text between them: the first step of every encode. */
  extractAndNormalize(normalizer: Normalizer | undefined, sequence: string): PreTokenizedString {
    const splits: Split[] = [];
    for (const split of this.splitWithIndices(new NormalizedString(sequence), this.rawMatcher)) {
      if (split.tokens) {
        splits.push(split);
        continue;
      }
      normalizer?.normalize(split.normalized);
      for (const inner of this.splitWithIndices(split.normalized, this.normalizedMatcher)) {
        if (!inner.normalized.isEmpty()) splits.push(inner);
      }
    }
    return new PreTokenizedString(splits);
  }
}

function lastCodePoint(text: string, end: number): string {
  const code = text.charCodeAt(end - 1);
  const isLowSurrogate = code >= 0xdc00 && code <= 0xdfff && end >= 2;
  return isLowSurrogate ? text.slice(end - 2, end) : text[end - 1]!;
}
