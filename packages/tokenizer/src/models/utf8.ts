import type { Token } from '../types';

/** UTF-16 ↔ UTF-8 helpers for BPE, whose HF original measures words in UTF-8 bytes. */

export function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** UTF-8 length of the character starting with UTF-16 unit `code` (`units` long); lone surrogates encode as U+FFFD. */
export function utf8CharLength(code: number, units: number): number {
  if (units === 2) return 4;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  return 3;
}

export function utf8Length(text: string): number {
  let length = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const units = code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1)) ? 2 : 1;
    length += utf8CharLength(code, units);
    index += units - 1;
  }
  return length;
}

/** `text` without its first `bytes` UTF-8 bytes, as Rust's `&text[bytes..]` (HF strips the prefix length blindly). */
export function stripLeadingBytes(text: string, bytes: number, error: () => Error): string {
  let index = 0;
  let consumed = 0;
  while (consumed < bytes) {
    if (index >= text.length) throw error();
    const code = text.charCodeAt(index);
    const units = code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1)) ? 2 : 1;
    consumed += utf8CharLength(code, units);
    index += units;
  }
  if (consumed !== bytes) throw error();
  return text.slice(index);
}

/**
 * Rewrites byte offsets into UTF-16 offsets of `sequence`, widening each span to whole characters the way HF's
 * pipeline does (a byte token of "€" spans all of "€"). Positions past the end (prefix or suffix bytes spelled by
 * byte fallback) keep counting one unit per byte.
 */
export function bytesToUtf16Offsets(sequence: string, tokens: Token[]): void {
  const charStart: number[] = [];
  const charEnd: number[] = [];
  for (let start = 0; start < sequence.length; ) {
    const code = sequence.charCodeAt(start);
    const units = code >= 0xd800 && code <= 0xdbff && isLowSurrogate(sequence.charCodeAt(start + 1)) ? 2 : 1;
    for (let byte = utf8CharLength(code, units); byte > 0; byte--) {
      charStart.push(start);
      charEnd.push(start + units);
    }
    start += units;
  }
  const byteLength = charStart.length;
  for (const { offsets } of tokens) {
    const [start, end] = offsets;
    offsets[0] = start < byteLength ? (charStart[start] as number) : sequence.length + start - byteLength;
    offsets[1] = end - 1 < byteLength ? (charEnd[end - 1] as number) : sequence.length + end - byteLength;
  }
}
