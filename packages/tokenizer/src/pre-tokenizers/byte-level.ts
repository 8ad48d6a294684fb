import { BYTES_TO_UNICODE } from '../byte-level-alphabet';
import type { NormalizedString } from '../normalized-string';
import { ONIG_LETTER_CLASS, ONIG_NUMBER_CLASS } from '../normalizers/char-classes';
import type { PreTokenizedString } from '../pre-tokenized-string';
import type { ComponentJson, Offsets, PreTokenizer } from '../types';
import { preTokenizeText } from './pre-tokenize-text';

export interface ByteLevelOptions {
  /** Put a space before the first word when it has none, so it is split like the others. Default true. */
  addPrefixSpace?: boolean;
  /** Used by the post-processor and decoder (offsets exclude the leading `Ġ`); kept here for serialization. Default true. */
  trimOffsets?: boolean;
  /** Split with GPT-2's regex first. Default true. */
  useRegex?: boolean;
}

const LETTER = ONIG_LETTER_CLASS;
const NUMBER = ONIG_NUMBER_CLASS;
/** GPT-2's pattern with oniguruma's Unicode classes (`\s` is White_Space). */
export const GPT2_PATTERN = new RegExp(
  `'s|'t|'re|'ve|'m|'ll|'d| ?${LETTER}+| ?${NUMBER}+| ?[^\\p{White_Space}${LETTER}${NUMBER}]+|\\p{White_Space}+(?!\\P{White_Space})|\\p{White_Space}+`,
  'gv',
);
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * GPT-2's byte-level pre-tokenizer (HF `ByteLevel`): optionally add a leading space, split with GPT-2's regex, then
 * write every character as its UTF-8 bytes, each byte as one printable character of `BYTES_TO_UNICODE`
 * (`Hello world` → `ĠHello`, `Ġworld`). Every byte character keeps the span of the character it came from.
 */
export class ByteLevel implements PreTokenizer {
  readonly addPrefixSpace: boolean;
  readonly trimOffsets: boolean;
  readonly useRegex: boolean;

  constructor(options: ByteLevelOptions = {}) {
    this.addPrefixSpace = options.addPrefixSpace ?? true;
    this.trimOffsets = options.trimOffsets ?? true;
    this.useRegex = options.useRegex ?? true;
  }

  /** The 256 characters that byte-level words are made of. */
  static alphabet(): string[] {
    return [...BYTES_TO_UNICODE];
  }

  preTokenize(pretokenized: PreTokenizedString): void {
    pretokenized.split((_, normalized) => {
      if (this.addPrefixSpace && !normalized.normalized.startsWith(' ')) normalized.prepend(' ');
      return this.useRegex ? normalized.split(GPT2_PATTERN, 'Isolated') : [normalized];
    });
    pretokenized.normalize(toByteCharacters);
  }

  preTokenizeString(text: string): Array<[string, Offsets]> {
    return preTokenizeText(this, text);
  }

  toJSON(): ComponentJson {
    return {
      type: 'ByteLevel',
      add_prefix_space: this.addPrefixSpace,
      trim_offsets: this.trimOffsets,
      use_regex: this.useRegex,
    };
  }
}

/** Rewrites each character as its UTF-8 bytes (first byte replaces it, the others are insertions). */
export function toByteCharacters(normalized: NormalizedString): void {
  const text = normalized.normalized;
  if (!NON_ASCII.test(text)) {
    // One byte per character: same shape, alignments untouched.
    let mapped = '';
    for (let index = 0; index < text.length; index++) mapped += BYTES_TO_UNICODE[text.charCodeAt(index)]!;
    normalized.replaceSameShape(mapped);
    return;
  }
  normalized.map((char) => utf8Characters(char.codePointAt(0)!));
}

function utf8Characters(codePoint: number): string {
  // A lone surrogate cannot be UTF-8; encode it as U+FFFD, as TextEncoder does.
  const value = codePoint >= 0xd800 && codePoint <= 0xdfff ? 0xfffd : codePoint;
  const table = BYTES_TO_UNICODE;
  if (value < 0x80) return table[value]!;
  if (value < 0x800) return table[0xc0 | (value >> 6)]! + table[0x80 | (value & 0x3f)]!;
  if (value < 0x10000) {
    return table[0xe0 | (value >> 12)]! + table[0x80 | ((value >> 6) & 0x3f)]! + table[0x80 | (value & 0x3f)]!;
  }
  return (
    table[0xf0 | (value >> 18)]! +
    table[0x80 | ((value >> 12) & 0x3f)]! +
    table[0x80 | ((value >> 6) & 0x3f)]! +
    table[0x80 | (value & 0x3f)]!
  );
}
