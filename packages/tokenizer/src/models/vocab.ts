import { TokenizerError } from '../errors';

/** A vocabulary as models accept it: token → id, either a `Map` or a plain object (as in `tokenizer.json`). */
export type VocabInput = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

/** HF stores ids as `u32`. */
const MAX_ID = 0xffff_ffff;

/**
 * Copies `vocab` into a fresh `Map`, checking that every id is an integer in [0, 2^32). `label` names the vocabulary
 * in errors (`WordPiece vocab: id of "foo" must be a non-negative integer, got -1`).
 */
export function toVocabMap(vocab: VocabInput, label: string): Map<string, number> {
  const entries = vocab instanceof Map ? vocab.entries() : Object.entries(vocab);
  const map = new Map<string, number>();
  for (const [token, id] of entries) {
    if (!Number.isInteger(id) || id < 0 || id > MAX_ID) {
      throw new TokenizerError(
        `${label}: id of ${JSON.stringify(token)} must be a non-negative integer, got ${String(id)}`,
      );
    }
    map.set(token, id);
  }
  return map;
}

/**
 * id → token. When two tokens share an id, the first one wins (HF keeps an arbitrary one). Dense id ranges use an
 * array, sparse ones a `Map`, so a vocabulary like `{ a: 4e9 }` does not allocate 4e9 slots.
 */
export class ReverseVocab {
  private readonly dense: (string | undefined)[] | undefined;
  private readonly sparse: Map<number, string> | undefined;
  private readonly ids: number[];

  constructor(vocab: ReadonlyMap<string, number>) {
    let maxId = -1;
    for (const id of vocab.values()) if (id > maxId) maxId = id;
    if (maxId < 2 * vocab.size + 1024) {
      const dense: (string | undefined)[] = new Array(maxId + 1).fill(undefined);
      for (const [token, id] of vocab) if (dense[id] === undefined) dense[id] = token;
      this.dense = dense;
    } else {
      const sparse = new Map<number, string>();
      for (const [token, id] of vocab) if (!sparse.has(id)) sparse.set(id, token);
      this.sparse = sparse;
    }
    this.ids = [...new Set(vocab.values())].sort((a, b) => a - b);
  }

  get(id: number): string | undefined {
    return this.dense !== undefined ? this.dense[id] : this.sparse?.get(id);
  }

  /**
   * The vocabulary as HF writes it in `tokenizer.json`: one entry per id, in increasing id order. Caveat of JS
   * objects: integer-like keys (`"0"`, `"42"`) are enumerated first whatever the insertion order, so a serializer
   * that needs HF's exact byte order must write the entries itself (`orderedEntries`).
   */
  toJSON(): Record<string, number> {
    const json: Record<string, number> = {};
    for (const [token, id] of this.orderedEntries()) json[token] = id;
    return json;
  }

  /** `[token, id]` pairs in increasing id order, one per id. */
  orderedEntries(): Array<[string, number]> {
    return this.ids.map((id) => [this.get(id) as string, id]);
  }
}
