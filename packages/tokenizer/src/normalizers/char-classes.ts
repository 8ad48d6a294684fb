/**
 * Character classes with HF `tokenizers`' exact membership, built on JavaScript's own Unicode data (`\p{…}` regexes,
 * `String.prototype.normalize`) — no Unicode tables ship with this package beyond the short difference lists below.
 *
 * HF's Rust crates carry Unicode tables of different ages, all older than Node's ICU (Unicode 17 on Node 20.19):
 * `unicode_categories` (punctuation, Mn, "other" for BERT: about Unicode 8), `unicode-normalization` (combining marks,
 * decompositions, combining classes: about Unicode 9–12), `regex`/`onig` (`\w`, `\p{L}`, `\p{N}`: Unicode 16), Rust
 * `std` (`is_whitespace`, `is_numeric`, `to_lowercase`: same as Node). Each list below is the exact difference between
 * the JavaScript property and HF's behaviour, found by running every code point through HF `tokenizers` 0.23.2 (the
 * test `char-classes.test.ts` repeats that check). Ranges are hexadecimal code points, `a-b` inclusive.
 */

/** JS `\p{Cc}\p{Cf}\p{Co}` that HF's BERT `clean_text` keeps (format characters newer than its tables). */
const OTHER_MINUS = '890-891 8e2 110cd 13430-1343f';

/** JS `\p{Mn}` that HF's BERT `strip_accents` keeps (newer marks), and two former Mn it still strips. */
const MN_MINUS =
  '7fd 897-89f 8ca-8e1 9fe afa-aff b55 c04 c3c d00 d3b-d3c d81 eba ece 180f 1885-1886 1abf-1add 1ae0-1aeb 1df6-1dfb ' +
  'a82c a8c5 a8ff a9bd 10d24-10d27 10d69-10d6d 10eab-10eac 10efa-10eff 10f46-10f50 10f82-10f85 11070 11073-11074 ' +
  '110c2 111c9 111cf 1123e 11241 1133b 113bb-113c0 113ce 113d0 113d2 113e1-113e2 11438-1143f 11442-11444 11446 1145e ' +
  '1182f-11837 11839-1183a 1193b-1193c 1193e 11943 119d4-119d7 119da-119db 119e0 11a01-11a0a 11a33-11a38 ' +
  '11a3b-11a3e 11a47 11a51-11a56 11a59-11a5b 11a8a-11a96 11a98-11a99 11b60 11b62-11b64 11b66 11c30-11c36 ' +
  '11c38-11c3d 11c3f 11c92-11ca7 11caa-11cb0 11cb2-11cb3 11cb5-11cb6 11d31-11d36 11d3a 11d3c-11d3d 11d3f-11d45 ' +
  '11d47 11d90-11d91 11d95 11d97 11ef3-11ef4 11f00-11f01 11f36-11f3a 11f40 11f42 11f5a 13440 13447-13455 ' +
  '1611e-16120 16129 1612d-1612f 16f4f 16fe4 1cf00-1cf2d 1cf30-1cf46 1e000-1e006 1e008-1e018 1e01b-1e021 ' +
  '1e023-1e024 1e026-1e02a 1e08f 1e130-1e136 1e2ae 1e2ec-1e2ef 1e4ec-1e4ef 1e5ee-1e5ef 1e6e3 1e6e6 1e6ee-1e6ef ' +
  '1e6f5 1e944-1e94a';
const MN_PLUS = '1734 1171e';

/** JS `\p{M}` that HF's `StripAccents` (`is_combining_mark`) keeps, and two former marks it still removes. */
const MARK_MINUS =
  '7fd 897-89f 8ca-8d3 9fe afa-aff b55 c04 c3c cf3 d00 d3b-d3c d81 eba ece 1715 180f 1abf-1add 1ae0-1aeb 1cf7 ' +
  '1df6-1dfa a82c a8ff 10d24-10d27 10d69-10d6d 10eab-10eac 10efa-10eff 10f46-10f50 10f82-10f85 11070 11073-11074 ' +
  '110c2 11145-11146 111c9 111ce-111cf 11241 1133b 113b8-113c0 113c2 113c5 113c7-113ca 113cc-113d0 113d2 ' +
  '113e1-113e2 1145e 1182c-1183a 11930-11935 11937-11938 1193b-1193e 11940 11942-11943 119d1-119d7 119da-119e0 ' +
  '119e4 11a01-11a0a 11a33-11a39 11a3b-11a3e 11a47 11a51-11a5b 11a8a-11a99 11b60-11b67 11d31-11d36 11d3a ' +
  '11d3c-11d3d 11d3f-11d45 11d47 11d8a-11d8e 11d90-11d91 11d93-11d97 11ef3-11ef6 11f00-11f01 11f03 11f34-11f3a ' +
  '11f3e-11f42 11f5a 13440 13447-13455 1611e-1612f 16f4f 16f7f-16f87 16fe4 16ff0-16ff1 1cf00-1cf2d 1cf30-1cf46 ' +
  '1e08f 1e130-1e136 1e2ae 1e2ec-1e2ef 1e4ec-1e4ef 1e5ee-1e5ef 1e6e3 1e6e6 1e6ee-1e6ef 1e6f5';
const MARK_PLUS = '1cf2-1cf3';

/** JS `\p{P}` that HF's punctuation test (`is_punctuation`) misses, and two former punctuation it still matches. */
const PUNCT_MINUS =
  '61d 9fd a76 c77 c84 1b4e-1b4f 1b7d-1b7f 2e43-2e4f 2e52-2e5d 10d6e 10ead 10ed0 10f55-10f59 10f86-10f89 ' +
  '113d4-113d5 113d7-113d8 1144b-1144f 1145a-1145b 1145d 11660-1166c 116b9 1183b 11944-11946 119e2 11a3f-11a46 ' +
  '11a9a-11a9c 11a9e-11aa2 11b00-11b09 11be1 11c41-11c45 11c70-11c71 11ef7-11ef8 11f43-11f4f 11fff 12ff1-12ff2 ' +
  '16d6d-16d6f 16e97-16e9a 16fe2 1e5ff 1e95e-1e95f';
const PUNCT_PLUS = '166d 111c9';

/** Characters assigned in Unicode 17: unassigned for HF's `regex` and `onig` (Unicode 16), so in no class there. */
const UNICODE_17_NEW =
  '88f c5c cdc 1acf-1add 1ae0-1aeb 20c1 2b96 a7ce-a7cf a7d2 a7d4 a7f1 fbc3-fbd2 fd90-fd91 fdc8-fdce 10940-10959 ' +
  '10ec5-10ec7 10ed0-10ed8 10efa-10efb 11b60-11b67 11db0-11ddb 11de0-11de9 16ea0-16eb8 16ebb-16ed3 16ff2-16ff6 ' +
  '187f8-187ff 18d09-18d1e 18d80-18df2 1ccfa-1ccfc 1ceba-1ced0 1cee0-1cef0 1e6c0-1e6de 1e6e0-1e6f5 1e6fe-1e6ff 1f6d8 ' +
  '1f777-1f77a 1f8d0-1f8d8 1fa54-1fa57 1fa8a 1fa8e 1fac8 1facd 1faea 1faef 1fbfa 2b73a-2b73f 2cea2-2cead 323b0-33479';

/**
 * Characters HF's normalization tables do not know, although Node's do: combining marks with a non-zero combining
 * class, characters with a decomposition, and the letters those decompose into. For HF each is a starter that never
 * decomposes nor composes, so NFD/NFC must not reorder or combine across them.
 */
const NORMALIZATION_UNKNOWN =
  '32ff 7fd 897-89f 8ca-8d3 9fe c3c d3b-d3c eba 1715 1abf-1add 1ae0-1aeb 1df6-1dfa a7f1-a7f4 a82c ab69 105c9 ' +
  '105d2 105da 105e4 10781-10785 10787-107b0 107b2-107ba 10d24-10d27 10d69-10d6d 10eab-10eac 10efa-10efb ' +
  '10efd-10eff 10f46-10f50 10f82-10f85 11070 1133b 11382-11385 1138b 1138e 11390-11391 113b8 113bb 113c2 113c5 ' +
  '113c7-113c9 113ce-113d0 1145e 11839-1183a 11930 11935 11938 1193d-1193e 11943 119e0 11a34 11a47 11a99 11d42 ' +
  '11d44-11d45 11d97 11f41-11f42 1611e-16129 1612f 16d63 16d67-16d6a 16ff0-16ff1 1ccd6-1ccf9 1e030-1e06d 1e08f ' +
  '1e130-1e136 1e2ae 1e2ec-1e2ef 1e4ec-1e4ef 1e5ee-1e5ef 1e6e3 1e6e6 1e6ee-1e6ef 1e6f5 1f16c 1fbf0-1fbf9';

/** `'61d 2e43-2e4f'` → `\u{61d}\u{2e43}-\u{2e4f}`, the body of a regex character class. */
function classBody(ranges: string): string {
  return ranges
    .split(' ')
    .filter((range) => range !== '')
    .map((range) =>
      range
        .split('-')
        .map((hex) => `\\u{${hex}}`)
        .join('-'),
    )
    .join('');
}

/** `[[base]--[minus][plus]]` for the `v` flag: JS's property, minus what HF lacks, plus what HF still has. */
function adjusted(base: string, minus: string, plus = ''): string {
  const subtracted = minus === '' ? `[${base}]` : `[[${base}]--[${classBody(minus)}]]`;
  return plus === '' ? subtracted : `[${subtracted}${classBody(plus)}]`;
}

// The `v` flag (set subtraction) is built with `new RegExp` because TypeScript's ES2022 target rejects it in literals.
/**
 * BERT's "other" (`clean_text` removes them): control, format, private use, surrogate — plus NUL and U+FFFD, minus
 * tab/LF/CR. A lone surrogate cannot reach HF (its binding turns it into U+FFFD, which is removed); here it is removed.
 */
export const BERT_CONTROL_CLASS = `[[${adjusted('\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}', OTHER_MINUS)}\\u{fffd}]--[\\t\\n\\r]]`;
/** Whitespace for BERT: Unicode White_Space plus tab, LF, CR. U+000B, U+000C and U+0085 are controls, removed first. */
export const BERT_WHITESPACE_CLASS = '[\\t\\n\\r\\p{White_Space}]';
/** Nonspacing marks as HF's BERT `strip_accents` sees them (never a character its NFD does not know). */
export const BERT_MN_CLASS = adjusted('\\p{Mn}', `${MN_MINUS} ${NORMALIZATION_UNKNOWN}`, MN_PLUS);
/** Combining marks (Mn, Mc, Me) as HF's `StripAccents` sees them. */
export const COMBINING_MARK_CLASS = adjusted('\\p{M}', MARK_MINUS, MARK_PLUS);
/** BERT punctuation: any ASCII punctuation (including `$+<=>^\`|~`) or Unicode P* as HF's tables have it. */
export const PUNCTUATION_CLASS = `[${adjusted('\\p{P}', PUNCT_MINUS, PUNCT_PLUS)}\\x21-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e]`;
/** `\w` of Rust's `regex` crate (UTS #18: Alphabetic, M, Nd, Pc, Join_Control) at Unicode 16. */
export const REGEX_WORD_CLASS = adjusted('\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}', UNICODE_17_NEW);
/** `\p{L}` and `\p{N}` of oniguruma as HF builds it (Unicode 16). */
export const ONIG_LETTER_CLASS = adjusted('\\p{L}', UNICODE_17_NEW);
export const ONIG_NUMBER_CLASS = adjusted('\\p{N}', UNICODE_17_NEW);
/** The CJK blocks BERT surrounds with spaces (`is_chinese_char`), exactly as in HF and Google's BERT. */
export const CHINESE_CLASS =
  '[\\u{4e00}-\\u{9fff}\\u{3400}-\\u{4dbf}\\u{20000}-\\u{2a6df}\\u{2a700}-\\u{2b73f}\\u{2b740}-\\u{2b81f}' +
  '\\u{2b920}-\\u{2ceaf}\\u{f900}-\\u{faff}\\u{2f800}-\\u{2fa1f}]';
export const NORMALIZATION_UNKNOWN_CLASS = `[${classBody(NORMALIZATION_UNKNOWN)}]`;
/** The Unicode 17 additions, to subtract from property classes of translated oniguruma patterns. */
export const UNICODE_17_NEW_CLASS = `[${classBody(UNICODE_17_NEW)}]`;

/**
 * A one-character test built from a class body, remembered per code point: a byte per BMP code point (filled as
 * characters are met), a map for the others. Regex tests are exact but cost ~100 ns; hot loops need ~1 ns.
 */
function tester(characterClass: string): (codePoint: number) => boolean {
  const regex = new RegExp(`^${characterClass}$`, 'v');
  let bmp: Uint8Array | undefined; // 0 unknown, 1 member, 2 not a member
  const astral = new Map<number, boolean>();
  return (codePoint) => {
    if (codePoint < 0x10000) {
      bmp ??= new Uint8Array(0x10000);
      const known = bmp[codePoint]!;
      if (known !== 0) return known === 1;
      const member = regex.test(String.fromCharCode(codePoint));
      bmp[codePoint] = member ? 1 : 2;
      return member;
    }
    let member = astral.get(codePoint);
    if (member === undefined) {
      member = regex.test(String.fromCodePoint(codePoint));
      astral.set(codePoint, member);
    }
    return member;
  };
}

/** Rust's `char::is_whitespace`: Unicode White_Space (identical in Node and Rust). */
export function isWhitespace(codePoint: number): boolean {
  if (codePoint < 0x80) return codePoint === 0x20 || (codePoint >= 0x09 && codePoint <= 0x0d);
  return (
    codePoint === 0x85 ||
    codePoint === 0xa0 ||
    codePoint === 0x1680 ||
    (codePoint >= 0x2000 && codePoint <= 0x200a) ||
    codePoint === 0x2028 ||
    codePoint === 0x2029 ||
    codePoint === 0x202f ||
    codePoint === 0x205f ||
    codePoint === 0x3000
  );
}

const isBertControlSlow = tester(BERT_CONTROL_CLASS);
/** BERT's `clean_text` removal test: NUL, U+FFFD and "other" characters except tab, LF and CR. */
export function isBertControl(codePoint: number): boolean {
  if (codePoint < 0x80)
    return (codePoint < 0x20 && codePoint !== 0x09 && codePoint !== 0x0a && codePoint !== 0x0d) || codePoint === 0x7f;
  return isBertControlSlow(codePoint);
}

/** BERT's whitespace: tab, LF, CR and Unicode White_Space (after controls are gone, all map to a space). */
export function isBertWhitespace(codePoint: number): boolean {
  return isWhitespace(codePoint);
}

/** BERT's `is_chinese_char`. */
export function isChineseChar(codePoint: number): boolean {
  return (
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) ||
    (codePoint >= 0x3400 && codePoint <= 0x4dbf) ||
    (codePoint >= 0x20000 && codePoint <= 0x2a6df) ||
    (codePoint >= 0x2a700 && codePoint <= 0x2b73f) ||
    (codePoint >= 0x2b740 && codePoint <= 0x2b81f) ||
    (codePoint >= 0x2b920 && codePoint <= 0x2ceaf) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0x2f800 && codePoint <= 0x2fa1f)
  );
}

const isBertMnSlow = tester(BERT_MN_CLASS);
/** Nonspacing mark for BERT's `strip_accents`. */
export function isBertNonspacingMark(codePoint: number): boolean {
  return codePoint >= 0x300 && isBertMnSlow(codePoint);
}

const isCombiningMarkSlow = tester(COMBINING_MARK_CLASS);
/** Combining mark for `StripAccents`. */
export function isCombiningMark(codePoint: number): boolean {
  return codePoint >= 0x300 && isCombiningMarkSlow(codePoint);
}

const ASCII_PUNCTUATION = new Uint8Array(128);
for (let code = 0x21; code < 0x7f; code++) {
  const isAlphanumeric =
    (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
  ASCII_PUNCTUATION[code] = isAlphanumeric ? 0 : 1;
}
const isPunctuationSlow = tester(PUNCTUATION_CLASS);
/** BERT / `Punctuation` pre-tokenizer test: ASCII punctuation or Unicode punctuation (HF's tables). */
export function isPunctuation(codePoint: number): boolean {
  if (codePoint < 0x80) return ASCII_PUNCTUATION[codePoint] === 1;
  return isPunctuationSlow(codePoint);
}

const NUMERIC = /^\p{N}$/u;
/** Rust's `char::is_numeric` (Nd, Nl, No; identical in Node and Rust). */
export function isNumeric(codePoint: number): boolean {
  if (codePoint < 0x80) return codePoint >= 0x30 && codePoint <= 0x39;
  return NUMERIC.test(String.fromCodePoint(codePoint));
}

const isNormalizationUnknownSlow = tester(NORMALIZATION_UNKNOWN_CLASS);
/** True for the characters HF's normalization tables do not know (see `NORMALIZATION_UNKNOWN`). */
export function isNormalizationUnknown(codePoint: number): boolean {
  return codePoint >= 0x7fd && isNormalizationUnknownSlow(codePoint);
}
