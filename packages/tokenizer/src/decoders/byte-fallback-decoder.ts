import type { ComponentJson, Decoder } from '../types';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Turns runs of byte tokens (`<0xE5>`, as BPE's byte fallback writes them) back into text. A run that is valid
 * UTF-8 becomes one string; otherwise each of its bytes becomes one U+FFFD. Other tokens pass through.
 *
 *   decodeChain(['<0xE5>', '<0x8F>', '<0xAB>', 'a']) // ['叫', 'a']
 *   decodeChain(['<0xE5>', '<0x8F>', 'a'])           // ['�', '�', 'a']
 */
export class ByteFallbackDecoder implements Decoder {
  decodeChain(tokens: string[]): string[] {
    const output: string[] = [];
    const pending: number[] = [];
    const flush = () => {
      if (pending.length === 0) return;
      try {
        output.push(strictUtf8.decode(Uint8Array.from(pending)));
      } catch {
        for (let index = 0; index < pending.length; index++) output.push('\uFFFD');
      }
      pending.length = 0;
    };
    for (const token of tokens) {
      const byte = parseByteToken(token);
      if (byte === undefined) {
        flush();
        output.push(token);
      } else {
        pending.push(byte);
      }
    }
    flush();
    return output;
  }

  toJSON(): ComponentJson {
    return { type: 'ByteFallback' };
  }
}

/** `<0xAB>` → 0xAB. Like Rust's `u8::from_str_radix`, the two characters may also be "+" and one hex digit. */
function parseByteToken(token: string): number | undefined {
  if (token.length !== 6 || !token.startsWith('<0x') || !token.endsWith('>')) return undefined;
  const digits = token.slice(3, 5);
  return /^(?:[0-9a-fA-F]{2}|\+[0-9a-fA-F])$/.test(digits) ? Number.parseInt(digits, 16) : undefined;
}
