/**
 * GPT-2's reversible byte ↔ printable-character table, as in `bytes_to_unicode` of openai/gpt-2 and HF `tokenizers`.
 * Printable bytes map to themselves; the 68 others (controls, space, 0x7F–0xA0, 0xAD) map to U+0100 onward, in byte
 * order. So the byte 0x20 (space) is `Ġ` (U+0120) and 0x0A (newline) is `Ċ` (U+010A).
 */
function buildBytesToUnicode(): string[] {
  const table: string[] = new Array(256);
  let next = 256;
  for (let byte = 0; byte < 256; byte++) {
    const printable =
      (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
    table[byte] = String.fromCharCode(printable ? byte : next++);
  }
  return table;
}

/** `BYTES_TO_UNICODE[byte]` is the one-character string standing for that byte. */
export const BYTES_TO_UNICODE: readonly string[] = Object.freeze(buildBytesToUnicode());

/** Inverse of `BYTES_TO_UNICODE`. */
export const UNICODE_TO_BYTES: ReadonlyMap<string, number> = new Map(
  BYTES_TO_UNICODE.map((char, byte) => [char, byte]),
);
