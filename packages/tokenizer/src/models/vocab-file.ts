import { readFileSync } from 'node:fs';
import { TokenizerError } from '../errors';

/** Trailing characters Rust's `str::trim_end` removes (Unicode White_Space; unlike JS `trimEnd`, not U+FEFF). */
const TRAILING_WHITESPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/u;

/**
 * Parses a BERT `vocab.txt`: one token per line, id = line number − 1. As HF `WordPiece::read_file`, lines end at
 * "\n" (a "\r" before it goes with the trailing whitespace, which is trimmed), a final newline adds no token, blank
 * lines are tokens (""), and a byte-order mark stays part of the first token. Unlike HF, which keeps the last id of
 * a repeated token and leaves a hole, a repeated token is an error naming both lines.
 */
export function parseVocabText(text: string, source: string): Map<string, number> {
  if (text.length === 0) throw new TokenizerError(`${source}: the vocabulary file is empty`);
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const vocab = new Map<string, number>();
  lines.forEach((line, id) => {
    const token = line.replace(TRAILING_WHITESPACE, '');
    const previous = vocab.get(token);
    if (previous !== undefined) {
      throw new TokenizerError(
        `${source}: token ${JSON.stringify(token)} on line ${id + 1} repeats line ${previous + 1}; each line must be a distinct token`,
      );
    }
    vocab.set(token, id);
  });
  return vocab;
}

/** Reads a BERT `vocab.txt` (see `parseVocabText`); the file must be UTF-8. */
export function readVocabFile(path: string): Map<string, number> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new TokenizerError(`${path}: cannot read the vocabulary file (${(error as Error).message})`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, offset).reduce((count, byte) => count + (byte === 0x0a ? 1 : 0), 1);
    throw new TokenizerError(
      `${path}: not UTF-8 (invalid byte 0x${hex(bytes[offset] ?? 0)} at offset ${offset}, line ${line})`,
    );
  }
  return parseVocabText(text, path);
}

/** Throws a one-line `TokenizerError` unless `token` is in `vocab` (e.g. a WordPiece vocabulary without "[UNK]"). */
export function assertHasToken(vocab: ReadonlyMap<string, number>, token: string, source: string): void {
  if (!vocab.has(token)) throw new TokenizerError(`${source}: the vocabulary has no ${JSON.stringify(token)} token`);
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence (only called on invalid input). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] as number;
    let length: number;
    let min: number;
    if (lead < 0x80) {
      index++;
      continue;
    } else if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      min = 0x800;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      min = 0x10000;
    } else {
      return index;
    }
    let codePoint = lead & (0x7f >> length);
    for (let continuation = 1; continuation < length; continuation++) {
      const byte = bytes[index + continuation];
      if (byte === undefined || (byte & 0xc0) !== 0x80) return index;
      codePoint = (codePoint << 6) | (byte & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return index;
    index += length;
  }
  return bytes.length;
}
