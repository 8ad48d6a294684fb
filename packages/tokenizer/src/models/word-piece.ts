import { TokenizerError } from '../errors';
import type { ComponentJson, Model, Token } from '../types';
import type { BPE } from './bpe';
import { ReverseVocab, toVocabMap, type VocabInput } from './vocab';

export interface WordPieceOptions {
  vocab: VocabInput;
  /** Token for words that cannot be tokenized (default "[UNK]"). */
  unkToken?: string;
  /** Marks pieces that continue a word (default "##"). */
  continuingSubwordPrefix?: string;
  /** Longer words (counted in Unicode code points, as HF's chars) become one unk token (default 100). */
  maxInputCharsPerWord?: number;
}

/**
 * WordPiece, as HF `tokenizers` and Google BERT: greedy longest-match-first from the left; every piece after the
 * first is looked up with the continuing-subword prefix. A word with any untokenizable rest is one unk token.
 *
 *   vocab: un ##aff ##able ##a [UNK]
 *   "unaffable" → un (0, 2), ##aff (2, 5), ##able (5, 9)   ("unaffable", "unaffabl", … "un" is the first match)
 *   "affable"   → [UNK] (0, 7)                             (no piece starts "affable")
 */
export class WordPiece implements Model {
  readonly unkToken: string;
  readonly continuingSubwordPrefix: string;
  readonly maxInputCharsPerWord: number;
  private readonly vocab: Map<string, number>;
  private readonly reverse: ReverseVocab;
  /** Longest vocabulary entry in UTF-16 units: no longer piece can match, so the search starts there. */
  private readonly longestToken: number;
  /** Tokens of recently seen words (HF has no cache; word frequencies are Zipfian, so most lookups hit). */
  private readonly cache = new Map<string, Token[]>();

  constructor(options: WordPieceOptions) {
    this.vocab = toVocabMap(options.vocab, 'WordPiece vocab');
    this.reverse = new ReverseVocab(this.vocab);
    this.unkToken = options.unkToken ?? '[UNK]';
    this.continuingSubwordPrefix = options.continuingSubwordPrefix ?? '##';
    this.maxInputCharsPerWord = options.maxInputCharsPerWord ?? 100;
    const max = this.maxInputCharsPerWord;
    if (!Number.isInteger(max) || max < 0) {
      throw new TokenizerError(`WordPiece maxInputCharsPerWord (${max}) must be a non-negative integer`);
    }
    let longest = 0;
    for (const token of this.vocab.keys()) if (token.length > longest) longest = token.length;
    this.longestToken = longest;
  }

  /** As HF `WordPiece::from_bpe`: the BPE's vocabulary, unk token and prefix (when it has them). */
  static fromBpe(bpe: BPE): WordPiece {
    return new WordPiece({
      vocab: bpe.getVocab(),
      ...(bpe.unkToken !== undefined && { unkToken: bpe.unkToken }),
      ...(bpe.continuingSubwordPrefix !== undefined && { continuingSubwordPrefix: bpe.continuingSubwordPrefix }),
    });
  }

  tokenize(sequence: string): Token[] {
    const cached = this.cache.get(sequence);
    if (cached) return cached;
    const tokens = this.tokenizeUncached(sequence);
    // Like HF's BPE cache, stop adding when full: the frequent words arrive early and stay.
    if (this.cache.size < CACHE_CAPACITY) this.cache.set(sequence, tokens);
    return tokens;
  }

  private tokenizeUncached(sequence: string): Token[] {
    const length = sequence.length;
    if (length > this.maxInputCharsPerWord && countCodePoints(sequence) > this.maxInputCharsPerWord) {
      return [this.unk(sequence)];
    }
    const tokens: Token[] = [];
    for (let start = 0; start < length; ) {
      let end = Math.min(length, start + this.longestToken);
      if (splitsSurrogatePair(sequence, end)) end--;
      let found = false;
      while (start < end) {
        const piece = sequence.slice(start, end);
        const value = start > 0 ? this.continuingSubwordPrefix + piece : piece;
        const id = this.vocab.get(value);
        if (id !== undefined) {
          tokens.push({ id, value, offsets: [start, end] });
          found = true;
          break;
        }
        end -= splitsSurrogatePair(sequence, end - 1) ? 2 : 1;
      }
      if (!found) return [this.unk(sequence)];
      start = end;
    }
    return tokens;
  }

  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.reverse.get(id);
  }

  getVocab(): Map<string, number> {
    return new Map(this.vocab);
  }

  getVocabSize(): number {
    return this.vocab.size;
  }

  toJSON(): ComponentJson {
    return {
      type: 'WordPiece',
      unk_token: this.unkToken,
      continuing_subword_prefix: this.continuingSubwordPrefix,
      max_input_chars_per_word: this.maxInputCharsPerWord,
      vocab: this.reverse.toJSON(),
    };
  }

  private unk(sequence: string): Token {
    const id = this.vocab.get(this.unkToken);
    if (id === undefined) {
      throw new TokenizerError(
        `WordPiece: cannot tokenize ${JSON.stringify(sequence.slice(0, 50))}, and the unk token ${JSON.stringify(this.unkToken)} is not in the vocabulary`,
      );
    }
    return { id, value: this.unkToken, offsets: [0, sequence.length] };
  }
}

/** Words remembered (bounded memory on any corpus). */
const CACHE_CAPACITY = 50_000;

/** True when `index` falls between the two halves of a surrogate pair. */
function splitsSurrogatePair(text: string, index: number): boolean {
  if (index <= 0 || index >= text.length) return false;
  const high = text.charCodeAt(index - 1);
  const low = text.charCodeAt(index);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}

function countCodePoints(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    count++;
    if (splitsSurrogatePair(text, index + 1)) index++;
  }
  return count;
}
