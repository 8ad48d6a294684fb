import { TokenizerError } from '../errors';
import type { ComponentJson, Model, Token } from '../types';
import { type MergeTable, SymbolWord } from './bpe-word';
import { PairMap } from './pair-map';
import { bytesToUtf16Offsets, isLowSurrogate, stripLeadingBytes, utf8CharLength, utf8Length } from './utf8';
import { ReverseVocab, toVocabMap, type VocabInput } from './vocab';

export interface BpeOptions {
  vocab: VocabInput;
  /** In rank order (first = applied first). A pair listed twice keeps its last rank, as in HF. */
  merges: ReadonlyArray<readonly [string, string]>;
  /** Token for characters missing from the vocabulary; without it they are dropped. */
  unkToken?: string;
  /** Prepended to every character but the first of a word before the vocabulary lookup (e.g. "##"). */
  continuingSubwordPrefix?: string;
  /** Appended to the last character of a word before the vocabulary lookup (e.g. "</w>"). */
  endOfWordSuffix?: string;
  /** Fuse consecutive unknown characters into one unk token. */
  fuseUnk?: boolean;
  /** Spell unknown characters as `<0xAB>` byte tokens when all their bytes are in the vocabulary. */
  byteFallback?: boolean;
  /** Return a word that is itself in the vocabulary as one token, without merging (ignored under dropout, as HF). */
  ignoreMerges?: boolean;
  /** BPE-dropout probability in [0, 1]: each merge is skipped with this probability; 1 applies no merge. */
  dropout?: number;
  /** Random source in [0, 1) for dropout; pass a seeded generator for reproducible runs. */
  random?: () => number;
  /** Words remembered when dropout is off (HF default 10,000); 0 disables the cache. */
  cacheCapacity?: number;
}

/** A cached word: `[id, start, end, id, start, end, …]`; tokens are rebuilt on each hit so callers own them. */
type CachedWord = number[];

function toCacheEntry(tokens: Token[]): CachedWord {
  const entry: CachedWord = [];
  for (const { id, offsets } of tokens) entry.push(id, offsets[0], offsets[1]);
  return entry;
}

const DEFAULT_CACHE_CAPACITY = 10_000;
/** Longer words are not cached (HF: 256 bytes). */
const MAX_CACHED_LENGTH = 256;
/** Ids live in int32 buffers on the hot path. */
const MAX_BPE_ID = 0x7fff_ffff;

/**
 * Byte-Pair Encoding, as HF `tokenizers`' `BPE` model: each character of a word (with the optional prefix and
 * suffix) is looked up in the vocabulary, then merges apply by rank (lowest first, leftmost first among equals).
 *
 *   const bpe = new BPE({ vocab: { a: 0, b: 1, c: 2, ab: 3, abc: 4 }, merges: [['a', 'b'], ['ab', 'c']] });
 *   bpe.tokenize('abcb'); // [abc (0, 3), b (3, 4)]
 *
 * Byte-level BPE (GPT-2, RoBERTa) is this model fed words already mapped to `BYTES_TO_UNICODE` characters
 * (`Ġhello`) by the ByteLevel pre-tokenizer.
 */
export class BPE implements Model {
  readonly unkToken: string | undefined;
  readonly continuingSubwordPrefix: string | undefined;
  readonly endOfWordSuffix: string | undefined;
  readonly fuseUnk: boolean;
  readonly byteFallback: boolean;
  readonly ignoreMerges: boolean;
  readonly dropout: number | undefined;
  private readonly vocab: Map<string, number>;
  private readonly reverse: ReverseVocab;
  private readonly table: MergeTable;
  private readonly mergeLefts: Int32Array;
  private readonly mergeRights: Int32Array;
  private readonly random: () => number;
  private readonly cache: Map<string, CachedWord> | undefined;
  private readonly cacheCapacity: number;
  /** `byteIds[b]` is the id of `<0xBB>`, or -1. */
  private readonly byteIds: Int32Array;
  private readonly word = new SymbolWord();

  constructor(options: BpeOptions) {
    const { dropout } = options;
    if (dropout !== undefined && !(dropout >= 0 && dropout <= 1)) {
      throw new TokenizerError(`BPE dropout (${dropout}) must be between 0 and 1, inclusive`);
    }
    this.vocab = toVocabMap(options.vocab, 'BPE vocab');
    for (const [token, id] of this.vocab) {
      if (id > MAX_BPE_ID) {
        throw new TokenizerError(`BPE vocab: id of ${JSON.stringify(token)} (${id}) must be below 2^31`);
      }
    }
    this.reverse = new ReverseVocab(this.vocab);
    this.unkToken = options.unkToken;
    this.continuingSubwordPrefix = options.continuingSubwordPrefix;
    this.endOfWordSuffix = options.endOfWordSuffix;
    this.fuseUnk = options.fuseUnk ?? false;
    this.byteFallback = options.byteFallback ?? false;
    this.ignoreMerges = options.ignoreMerges ?? false;
    this.dropout = dropout;
    this.random = options.random ?? Math.random;
    this.cacheCapacity = options.cacheCapacity ?? DEFAULT_CACHE_CAPACITY;
    this.cache = this.cacheCapacity > 0 ? new Map() : undefined;

    const { merges } = options;
    const ranks = new PairMap(merges.length);
    const resultIds = new Int32Array(merges.length);
    this.mergeLefts = new Int32Array(merges.length);
    this.mergeRights = new Int32Array(merges.length);
    const prefixBytes = utf8Length(this.continuingSubwordPrefix ?? '');
    merges.forEach(([left, right], rank) => {
      const leftId = this.vocab.get(left);
      const rightId = this.vocab.get(right);
      if (leftId === undefined) {
        throw mergeError(rank, left, right, `needs ${JSON.stringify(left)}, which is not in the vocabulary`);
      }
      if (rightId === undefined) {
        throw mergeError(rank, left, right, `needs ${JSON.stringify(right)}, which is not in the vocabulary`);
      }
      const tail = stripLeadingBytes(right, prefixBytes, () =>
        mergeError(
          rank,
          left,
          right,
          `cannot drop the ${prefixBytes}-byte continuing subword prefix from ${JSON.stringify(right)}`,
        ),
      );
      const merged = left + tail;
      const mergedId = this.vocab.get(merged);
      if (mergedId === undefined) {
        throw mergeError(rank, left, right, `makes ${JSON.stringify(merged)}, which is not in the vocabulary`);
      }
      ranks.set(leftId, rightId, rank);
      resultIds[rank] = mergedId;
      this.mergeLefts[rank] = leftId;
      this.mergeRights[rank] = rightId;
    });
    this.table = { ranks, resultIds };

    this.byteIds = new Int32Array(256).fill(-1);
    for (let byte = 0; byte < 256; byte++) {
      const id = this.vocab.get(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
      if (id !== undefined) this.byteIds[byte] = id;
    }
  }

  tokenize(sequence: string): Token[] {
    if (sequence.length === 0) return [];
    if (this.dropout !== undefined && this.dropout > 0) return this.mergeWord(sequence);
    if (this.ignoreMerges) {
      const id = this.vocab.get(sequence);
      if (id !== undefined) return [{ id, value: sequence, offsets: [0, sequence.length] }];
    }
    const cached = this.cache?.get(sequence);
    if (cached !== undefined) return this.fromCache(cached);
    const tokens = this.mergeWord(sequence);
    // Like HF, a full cache stops growing rather than evicting.
    if (this.cache !== undefined && sequence.length < MAX_CACHED_LENGTH && this.cache.size < this.cacheCapacity) {
      this.cache.set(sequence, toCacheEntry(tokens));
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

  /** The merges in rank order, as HF serializes them (a pair listed twice appears once, at its last rank). */
  getMerges(): Array<[string, string]> {
    const merges: Array<[string, string]> = [];
    for (let rank = 0; rank < this.mergeLefts.length; rank++) {
      const left = this.mergeLefts[rank] as number;
      const right = this.mergeRights[rank] as number;
      if (this.table.ranks.get(left, right) !== rank) continue;
      merges.push([this.reverse.get(left) as string, this.reverse.get(right) as string]);
    }
    return merges;
  }

  clearCache(): void {
    this.cache?.clear();
  }

  toJSON(): ComponentJson {
    return {
      type: 'BPE',
      dropout: this.dropout ?? null,
      unk_token: this.unkToken ?? null,
      continuing_subword_prefix: this.continuingSubwordPrefix ?? null,
      end_of_word_suffix: this.endOfWordSuffix ?? null,
      fuse_unk: this.fuseUnk,
      byte_fallback: this.byteFallback,
      ignore_merges: this.ignoreMerges,
      vocab: this.reverse.toJSON(),
      merges: this.getMerges(),
    };
  }

  private fromCache(entry: CachedWord): Token[] {
    const tokens: Token[] = new Array(entry.length / 3);
    for (let index = 0; index < tokens.length; index++) {
      const id = entry[3 * index] as number;
      tokens[index] = {
        id,
        value: this.reverse.get(id) as string,
        offsets: [entry[3 * index + 1] as number, entry[3 * index + 2] as number],
      };
    }
    return tokens;
  }

  private mergeWord(sequence: string): Token[] {
    const word = this.word;
    // Lengths count UTF-16 units, unless a byte-fallback token splits a character or a character is dropped: then
    // they count UTF-8 bytes like HF's, and are mapped back to whole characters at the end.
    const byteMode = !this.addSymbols(sequence, false);
    if (byteMode) this.addSymbols(sequence, true);
    word.mergeAll(this.table, this.dropout ?? 0, this.random);

    const tokens: Token[] = [];
    let position = 0;
    for (let index = 0; index < word.count; index++) {
      const length = word.lengths[index] as number;
      if (length === 0) continue;
      const id = word.ids[index] as number;
      tokens.push({ id, value: this.reverse.get(id) as string, offsets: [position, position + length] });
      position += length;
    }
    if (byteMode) bytesToUtf16Offsets(sequence, tokens);
    return tokens;
  }

  /**
   * Pushes the initial symbols of `sequence`, as HF `BPE::merge_word`. Returns false, having pushed an incomplete
   * word, when not in byte mode and a character needs byte fallback or is dropped.
   *
   * Quirks kept from HF: an unknown character without an unk token is dropped (later offsets shift left); a pending
   * unk token is only flushed by a known character, so byte-fallback tokens may precede it; byte fallback spells the
   * prefix and suffix bytes too.
   */
  private addSymbols(sequence: string, byteMode: boolean): boolean {
    const word = this.word;
    word.reset();
    const { vocab, continuingSubwordPrefix: prefix, endOfWordSuffix: suffix } = this;
    let unkId = -1;
    let unkLength = 0;
    for (let start = 0; start < sequence.length; ) {
      const code = sequence.charCodeAt(start);
      const units = code >= 0xd800 && code <= 0xdbff && isLowSurrogate(sequence.charCodeAt(start + 1)) ? 2 : 1;
      const end = start + units;
      let key = units === 1 ? (sequence[start] as string) : sequence.slice(start, end);
      if (start > 0 && prefix !== undefined) key = prefix + key;
      if (end === sequence.length && suffix !== undefined) key += suffix;
      const length = byteMode ? utf8CharLength(code, units) : units;
      start = end;

      const id = vocab.get(key);
      if (id !== undefined) {
        if (unkId !== -1) {
          word.push(unkId, unkLength);
          unkId = -1;
        }
        word.push(id, length);
        continue;
      }
      if (this.byteFallback) {
        const bytes = textEncoder.encode(key);
        if (bytes.every((byte) => this.byteIds[byte] !== -1)) {
          if (!byteMode) return false;
          for (const byte of bytes) word.push(this.byteIds[byte] as number, 1);
          continue;
        }
      }
      if (this.unkToken === undefined) {
        // Dropped: later tokens shift left by its length, which only HF's byte units reproduce.
        if (!byteMode) return false;
      } else {
        if (unkId !== -1 && this.fuseUnk) {
          unkLength += length;
        } else {
          if (unkId !== -1) word.push(unkId, unkLength);
          unkId = this.requireUnkId(this.unkToken);
          unkLength = length;
        }
      }
    }
    if (unkId !== -1) word.push(unkId, unkLength);
    return true;
  }

  private requireUnkId(unkToken: string): number {
    const id = this.vocab.get(unkToken);
    if (id === undefined) {
      throw new TokenizerError(`BPE: unk token ${JSON.stringify(unkToken)} is not in the vocabulary`);
    }
    return id;
  }
}

const textEncoder = new TextEncoder();

function mergeError(rank: number, left: string, right: string, problem: string): TokenizerError {
  return new TokenizerError(`BPE merges[${rank}] (${JSON.stringify(left)} ${JSON.stringify(right)}) ${problem}`);
}
