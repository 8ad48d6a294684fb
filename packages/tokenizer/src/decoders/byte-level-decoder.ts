import { UNICODE_TO_BYTES } from '../byte-level-alphabet';
import type { ComponentJson, Decoder } from '../types';

const utf8 = new TextEncoder();
// Rust's `String::from_utf8_lossy` and the WHATWG decoder both replace each maximal invalid subsequence with one
// U+FFFD; `ignoreBOM` keeps a leading U+FEFF, which Rust keeps too.
const lossyUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

export interface ByteLevelOptions {
  /** Kept for the shared HF `ByteLevel` JSON (pre-tokenizer, post-processor and decoder); unused when decoding. */
  addPrefixSpace?: boolean;
  trimOffsets?: boolean;
  useRegex?: boolean;
}

/**
 * Turns GPT-2 byte-level tokens back into text: every character maps to its byte (`Ġ` → 0x20), a token with any
 * character outside the byte alphabet contributes its own UTF-8 bytes instead, and all bytes are decoded at once, so
 * a character split across tokens is rebuilt and invalid sequences become U+FFFD. Returns a single string.
 *
 *   decodeChain(['Hello', 'Ġw', 'Ã', '©']) // ['Hello wé']
 */
export class ByteLevelDecoder implements Decoder {
  readonly addPrefixSpace: boolean;
  readonly trimOffsets: boolean;
  readonly useRegex: boolean;

  constructor(options: ByteLevelOptions = {}) {
    this.addPrefixSpace = options.addPrefixSpace ?? true;
    this.trimOffsets = options.trimOffsets ?? true;
    this.useRegex = options.useRegex ?? true;
  }

  decodeChain(tokens: string[]): string[] {
    const bytes: number[] = [];
    for (const token of tokens) {
      const start = bytes.length;
      let mapped = true;
      for (const char of token) {
        const byte = UNICODE_TO_BYTES.get(char);
        if (byte === undefined) {
          mapped = false;
          break;
        }
        bytes.push(byte);
      }
      if (!mapped) {
        bytes.length = start;
        for (const byte of utf8.encode(token)) bytes.push(byte);
      }
    }
    return [lossyUtf8.decode(Uint8Array.from(bytes))];
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
