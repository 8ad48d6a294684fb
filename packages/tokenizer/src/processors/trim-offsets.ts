import { BYTES_TO_UNICODE } from '../byte-level-alphabet';
import type { Encoding } from '../encoding';

const BYTE_LEVEL_SPACE = BYTES_TO_UNICODE[0x20];
const WHITESPACE = /^\p{White_Space}$/u;

function isSpace(char: string): boolean {
  return char === BYTE_LEVEL_SPACE || WHITESPACE.test(char);
}

/**
 * Byte-level tokens carry their leading space (`Ġhello`); HF trims it (and trailing spaces) from the offsets so they
 * cover the word only — except the single space that `addPrefixSpace` added before the first word, which was never in
 * the input. Whitespace characters are all single UTF-16 units, so counting characters counts offset units.
 */
export function trimByteLevelOffsets(encoding: Encoding, addPrefixSpace: boolean): void {
  const apply = (target: Encoding) => {
    target.tokens.forEach((token, index) => {
      const offsets = target.offsets[index]!;
      const chars = [...token];
      let leading = 0;
      while (leading < chars.length && isSpace(chars[leading]!)) leading++;
      let trailing = 0;
      while (trailing < chars.length && isSpace(chars[chars.length - 1 - trailing]!)) trailing++;
      if (leading === 0 && trailing === 0) return;
      let [start, end] = offsets;
      if (leading > 0) {
        const isFirst = index === 0 || start === 0;
        if (isFirst && addPrefixSpace && leading === 1) leading = 0;
        start = Math.min(start + leading, end);
      }
      if (trailing > 0 && end >= trailing) end = Math.max(end - trailing, start);
      target.offsets[index] = [start, end];
    });
  };
  apply(encoding);
  for (const overflow of encoding.overflowing) apply(overflow);
}
