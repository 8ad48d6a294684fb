/**
 * The Hugging Face `tokenizers` reference (the npm binding, Rust) for parity tests: tokenizers built from JSON (ours,
 * so loading our JSON is tested too), HF's own saved JSON, and offsets converted to ours. Test-only: nothing in
 * `src/index.ts` imports this folder, so it never reaches the build.
 */
import { readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import tk from 'tokenizers';
import type { Normalizer as HfNormalizer, PreTokenizer as HfPreTokenizer, Tokenizer as HfTokenizer } from 'tokenizers';
import type { ComponentJson, Offsets } from '../types';
import { gpt2 } from './reference-data';

export interface HfResult {
  ids: number[];
  tokens: string[];
  /** UTF-16 offsets (converted from the binding's code-point offsets). */
  offsets: Array<[number, number]>;
}

/** An HF tokenizer with only `model` (no normalizer, pre-tokenizer or post-processor) and `decoder`. */
export function hfModelOnly(model: unknown, decoder: unknown = null): HfTokenizer {
  return fromJson({ decoder, model });
}

/** An HF tokenizer with our components (through their JSON) and a WordLevel model that knows only `[UNK]`. */
export function hfPipeline(normalizer: ComponentJson | null, preTokenizer: ComponentJson | null): HfTokenizer {
  const model = { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' };
  return fromJson({ normalizer, pre_tokenizer: preTokenizer, model });
}

/**
 * HF's GPT-2 pipeline: byte-level pre-tokenizer, post-processor and decoder around GPT-2's BPE. The binding has no
 * byte-level decoder factory, so it is assembled from tokenizer.json.
 */
export function hfGpt2(): HfTokenizer {
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  return fromJson({
    pre_tokenizer: byteLevel,
    post_processor: byteLevel,
    decoder: byteLevel,
    model: { type: 'BPE', dropout: null, unk_token: null, ...gpt2() },
  });
}

/** A tokenizer.json with `stages` (tokenizer.json keys) set and every other stage `null`. */
function fromJson(stages: { model: unknown } & Record<string, unknown>): HfTokenizer {
  const empty = { normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null };
  const json = { version: '1.0', truncation: null, padding: null, added_tokens: [], ...empty, ...stages };
  return tk.Tokenizer.fromString(JSON.stringify(json));
}

/** Encodes each word as one sequence; with no pre-tokenizer the model sees the whole word. */
export async function hfEncodeWords(tokenizer: HfTokenizer, words: string[]): Promise<HfResult[]> {
  const encodings = await tokenizer.encodeBatch(words, { addSpecialTokens: false });
  return encodings.map((encoding, index) => ({
    ids: encoding.getIds(),
    tokens: encoding.getTokens(),
    offsets: encoding.getOffsets().map(codePointOffsetsToUtf16(words[index]!)),
  }));
}

/** The `model` object HF writes for `tokenizer`. */
export function hfModelJson(tokenizer: HfTokenizer): Record<string, unknown> {
  return hfJson(tokenizer).model as Record<string, unknown>;
}

/** The tokenizer.json HF writes for `tokenizer`. */
export function hfJson(tokenizer: HfTokenizer): Record<string, unknown> {
  const path = join(process.env.TMPDIR ?? '/tmp', `hf-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  tokenizer.save(path);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } finally {
    unlinkSync(path);
  }
}

/** The `decoder` object HF writes for one of its decoders (its own serialization, as in tokenizer.json). */
export function hfDecoderJson(decoder: tk.Decoder): Record<string, unknown> {
  const tokenizer = new tk.Tokenizer(tk.WordLevel.init({ a: 0 }, {}));
  tokenizer.setDecoder(decoder);
  return hfJson(tokenizer).decoder as Record<string, unknown>;
}

/** HF's own JSON for a component built with the binding's factory functions (to compare field names and order). */
export function hfSavedJson(
  component: { normalizer?: HfNormalizer; preTokenizer?: HfPreTokenizer },
  path: string,
): {
  normalizer: unknown;
  pre_tokenizer: unknown;
} {
  const tokenizer = new tk.Tokenizer(tk.WordLevel.init({ '[UNK]': 0 }, { unkToken: '[UNK]' }));
  if (component.normalizer) tokenizer.setNormalizer(component.normalizer);
  if (component.preTokenizer) tokenizer.setPreTokenizer(component.preTokenizer);
  tokenizer.save(path);
  return JSON.parse(readFileSync(path, 'utf8')) as { normalizer: unknown; pre_tokenizer: unknown };
}

/**
 * HF offsets count code points; ours count UTF-16 code units. Returns a converter of HF's `[start, end]` for `text`;
 * a position past the end keeps one unit per code point, so it can never equal an offset inside `text`.
 * `codePointOffsetsToUtf16('😀a')([1, 2])` → `[2, 3]`.
 */
export function codePointOffsetsToUtf16(text: string): (offsets: readonly number[]) => Offsets {
  const units: number[] = [0];
  for (const char of text) units.push(units[units.length - 1]! + char.length);
  const last = units.length - 1;
  const toUnits = (point: number) => (point <= last ? (units[point] ?? Number.NaN) : text.length + point - last);
  return ([start, end]) => [toUnits(start!), toUnits(end!)];
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
